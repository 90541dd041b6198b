//! `revision`: autogenerate a migration file and register it in `lib.rs`.

use super::*;

pub(super) async fn revision<M: MigratorTrait>(ctx: &Session, message: &str, empty: bool) -> Result<ExitCode> {
    check_lineage::<M>(ctx).await?;
    ensure_at_head::<M>(ctx).await?;
    let (plan, fingerprint) = if empty {
        (None, None)
    } else {
        let (plan, desired) = plan_asking::<M>(ctx).await?;
        let fingerprint = lineage::fingerprint(&desired, ctx.backend);
        (Some(plan), Some(fingerprint))
    };
    if let Some(plan) = &plan {
        for warning in &plan.warnings {
            anstream::eprintln!("{}", crate::term::warning(&warning.message));
        }
        if plan.is_empty() && plan.has_differences() {
            ctx.say(
                "no changes sea-autogen can write yet: the differences above need a hand-written migration \
                 (`cargo autogen revision --empty -m \"...\"`)",
            );
            return Ok(ExitCode::SUCCESS);
        }
        if plan.is_empty() {
            ctx.say("no changes detected");
            return Ok(ExitCode::SUCCESS);
        }
    }

    let now = time::OffsetDateTime::now_utc();
    let stem = revision_stem(now, message);
    let src = ctx.migration_dir.join("src");
    let lib_path = src.join("lib.rs");
    let lib = std::fs::read_to_string(&lib_path).with_context(|| {
        format!(
            "reading {}: is {} a migration crate?",
            lib_path.display(),
            ctx.migration_dir.display()
        )
    })?;

    let meta = MigrationMeta {
        message: message.to_owned(),
        revision: stem.clone(),
        parent: M::migrations().last().map(|m| m.name().to_owned()),
        created: now
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .context("formatting the creation time")?,
        backend: ctx.backend,
        fingerprint,
    };
    // One file, or (PostgreSQL, lock-safe forms) one file for each migration the revision needs.
    let files = match &plan {
        Some(plan) => render_revision(plan, &meta),
        None => vec![(stem.clone(), render_empty_migration(&meta))],
    };
    // Registering is worked out before anything is written: when lib.rs cannot be edited safely, nothing is. The
    // reason is given without register's "add ... by hand", since there is no file to add yet.
    let mut registered = lib;
    for (stem, _) in &files {
        let file = src.join(format!("{stem}.rs"));
        if file.exists() {
            bail!(
                "{} already exists: wait a second and run `revision` again",
                file.display()
            );
        }
        registered = register::register_migration(&registered, stem).map_err(|err| {
            let why = err.reason();
            anyhow::anyhow!(
                "cannot register the migration in {}: {why}\nnothing was written. sea-autogen registers a migration \
                 by adding `mod m..;` and `Box::new(m..::Migration),` to the one `vec![...]` that `fn migrations()` \
                 returns: make `fn migrations()` return a `vec![...]` of the migrations, then run `cargo autogen \
                 revision` again",
                display_path(&lib_path)
            )
        })?;
    }
    let mut written = Vec::new();
    let outcome = (|| {
        for (stem, code) in &files {
            let file = src.join(format!("{stem}.rs"));
            let code = sea_autogen_codegen::rustfmt(code, &ctx.migration_dir).unwrap_or_else(|| code.clone());
            std::fs::write(&file, code).with_context(|| format!("writing {}", file.display()))?;
            written.push(file);
        }
        std::fs::write(&lib_path, &registered).with_context(|| format!("writing {}", lib_path.display()))
    })();
    if let Err(err) = outcome {
        for file in &written {
            let _ = std::fs::remove_file(file);
        }
        return Err(err);
    }

    for file in &written {
        ctx.say(crate::term::added(&format!("wrote {}", display_path(file))));
    }
    if written.len() > 1 {
        ctx.say(format!(
            "  {} migrations: the lock-safe forms run outside a transaction, in a migration of their own",
            written.len()
        ));
    }
    if let Some(plan) = &plan {
        for line in crate::term::plan_text(plan).lines() {
            ctx.say(if line.is_empty() {
                String::new()
            } else {
                format!("  {line}")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `m20261126_101500_add_users`: sea-orm-migration's naming, the message reduced to a Rust identifier.
pub(super) fn revision_stem(now: time::OffsetDateTime, message: &str) -> String {
    let mut slug = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    let slug = if slug.is_empty() { "migration" } else { slug };
    format!(
        "m{:04}{:02}{:02}_{:02}{:02}{:02}_{slug}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

pub(super) fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}
