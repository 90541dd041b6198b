//! Commands that compare entities and database: `check`, `diff`.

use super::*;

pub(super) async fn check<M: MigratorTrait>(ctx: &Session, deny: &[String], since: Option<&str>) -> Result<ExitCode> {
    let mut denied_risks = Vec::new();
    for name in deny {
        match name.trim() {
            "all" => denied_risks.extend(Risk::ALL),
            "" => {}
            other => denied_risks.push(Risk::parse(other).with_context(|| {
                format!("--deny: unknown risk `{other}`: use data_loss (or destructive), may_fail, long_lock or all")
            })?),
        }
    }
    let files = check_lineage::<M>(ctx).await?;
    ensure_at_head::<M>(ctx).await?;
    let (plan, _, desired) = plan_and_schemas::<M>(ctx).await?;
    let mut refused: Vec<String> = Vec::new();
    if !denied_risks.is_empty() {
        refused.extend(
            lint(&plan)
                .iter()
                .filter(|f| denied_risks.contains(&f.risk))
                .map(|f| format!("pending: {}: {}\n  instead: {}", f.risk.as_str(), f.message, f.instead)),
        );
        refused.extend(lint_migrations::<M>(ctx, &files, since, &denied_risks).await?);
    }
    let code = if plan.has_differences() {
        anstream::print!("{}", crate::term::plan_text(&plan));
        // The entities the newest migration was generated from: unchanged means the database moved, not them.
        let head = files.last();
        let unchanged = head
            .and_then(|h| h.fingerprint.as_deref())
            .is_some_and(|f| f == lineage::fingerprint(&desired, ctx.backend));
        match head {
            Some(head) if unchanged && !ctx.shadow => eprintln!(
                "the database differs from what the migrations produce, though the entities have not changed since \
                 {} was generated: the database was changed by hand, or an applied migration was edited. Undo that \
                 change, or record it with `cargo autogen revision -m \"...\"`",
                head.name
            ),
            Some(head) if unchanged => eprintln!(
                "the migrations do not produce the entities, though the entities have not changed since {} was \
                 generated: a migration was edited. Undo the edit, or add what is missing with `cargo autogen \
                 revision -m \"...\"`",
                head.name
            ),
            _ if ctx.shadow => eprintln!(
                "the migrations do not produce the entities: run `cargo autogen revision -m \"...\"` and commit \
                 the new file"
            ),
            _ => eprintln!("entities and database differ: run `cargo autogen revision -m \"...\"`"),
        }
        ExitCode::from(EXIT_PENDING)
    } else {
        for warning in &plan.warnings {
            anstream::eprintln!("{}", crate::term::warning(&warning.message));
        }
        if ctx.shadow {
            ctx.say("no changes: the migrations produce the entities");
        } else {
            ctx.say("no changes: entities and database agree");
        }
        ExitCode::SUCCESS
    };
    if !refused.is_empty() {
        for line in &refused {
            eprintln!("{line}");
        }
        bail!(
            "{} risk(s) refused by --deny {}: change the migration as suggested, or drop the risk from --deny for \
             this change",
            refused.len(),
            deny.join(",")
        );
    }
    Ok(code)
}

/// The findings with a denied risk in each migration after `since` (default: the newest revision only, all of its
/// migrations when `revision` split it in parts). Each
/// migration's changes are read from a shadow database, as the schema before and after it, so hand-written and
/// edited migrations are judged by what they do.
pub(super) async fn lint_migrations<M: MigratorTrait>(
    ctx: &Session,
    files: &[FileLineage],
    since: Option<&str>,
    denied: &[Risk],
) -> Result<Vec<String>> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let start = match since {
        None => newest_revision(&names),
        Some("base" | "none") => 0,
        Some(target) => find_revision(&names, target)? + 1,
    };
    if start >= names.len() {
        return Ok(Vec::new());
    }
    let shadow = Shadow::create(&ctx.url, ctx.backend, ctx.schema.as_deref()).await?;
    let outcome = async {
        let desired = desired_schema(ctx).await?;
        if start > 0 {
            replay::<M>(&shadow.db, Some(start), ctx.quiet, ctx.verbose)
                .await
                .map_err(|err| anyhow::anyhow!("replaying the migrations into a shadow database failed: {err}"))?;
        }
        let mut before = read_schema::<M>(ctx, &shadow.db, &desired).await?;
        let mut refused = Vec::new();
        for name in &names[start..] {
            M::up(&shadow.db, Some(1))
                .await
                .map_err(|err| anyhow::anyhow!("replaying {name} into a shadow database failed: {err}"))?;
            let after = read_schema::<M>(ctx, &shadow.db, &desired).await?;
            // A migration outside a transaction holds the lock-safe forms of what it changes.
            let outside = M::migrations()
                .iter()
                .find(|m| m.name() == name)
                .is_some_and(|m| m.use_transaction() == Some(false));
            let plan = diff(&before, &after, ctx.backend);
            let plan = if outside { lock_safe(plan) } else { plan };
            refused.extend(
                lint(&plan)
                    .iter()
                    .filter(|f| denied.contains(&f.risk))
                    .map(|f| format!("{name}: {}: {}\n  instead: {}", f.risk.as_str(), f.message, f.instead)),
            );
            before = after;
        }
        Ok::<_, anyhow::Error>(refused)
    }
    .await;
    shadow.drop().await?;
    outcome
}

/// Where the newest revision starts: its first migration, which the parts after it are named after
/// (`header::part_stem`).
fn newest_revision(names: &[String]) -> usize {
    let Some(last) = names.last() else {
        return 0;
    };
    let first =
        sea_autogen_codegen::header::revision_of_part(last).and_then(|stem| names.iter().position(|n| n == stem));
    first.unwrap_or(names.len() - 1)
}

pub(super) async fn diff_command<M: MigratorTrait>(ctx: &Session, format: Format, exit_code: bool) -> Result<ExitCode> {
    let (plan, _, desired) = plan_and_schemas::<M>(ctx).await?;
    match format {
        Format::Text => {
            if plan.changes.is_empty() && plan.warnings.is_empty() {
                ctx.say("no changes");
            } else {
                anstream::print!("{}", crate::term::plan_text(&plan));
            }
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(&render_json(&plan))?),
        Format::Markdown => print!("{}", render_markdown(&plan, &desired)),
        Format::Sql => print!("{}", crate::execute::sql_script(&plan)),
    }
    Ok(if exit_code && plan.has_differences() {
        ExitCode::from(EXIT_PENDING)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::newest_revision;

    #[test]
    fn the_newest_revision_holds_all_its_parts() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let split = names(&["m1_init", "m2_index", "m2_index_2", "m2_index_online"]);
        assert_eq!(newest_revision(&split), 1);
        assert_eq!(newest_revision(&names(&["m1_init", "m2_index", "m2_index_online"])), 1);
        assert_eq!(newest_revision(&names(&["m1_init", "m2_add_v2"])), 1);
        assert_eq!(newest_revision(&names(&["m1_init"])), 0);
        assert_eq!(newest_revision(&[]), 0);
    }
}
