//! `cargo autogen entities`: SeaORM entities that describe a database exactly (`--output DIR`), or the attributes
//! existing entities lack to describe it (`--annotate DIR`). It reads the database only, and needs no migration
//! crate: it is how adopting sea-autogen starts.

use crate::cli::Globals;
use crate::config::{self, FileConfig, UrlSource};
use anyhow::{Context, Result, bail};
use clap::Args;
use sea_autogen_codegen::entities::{Entities, annotate, named_schemas, write_entities};
use sea_autogen_introspect::{Options, backend_of, introspect};
use sea_autogen_schema::{Backend, Schema};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Standard output that a closed pipe (`| head`) ends quietly instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `cargo autogen entities`'s own options (the global ones, such as `--database-url`, are [`Globals`]).
#[derive(Debug, Clone, Args)]
pub struct EntitiesArgs {
    /// Write one entity module per table into DIR (with mod.rs and prelude.rs), as sea-orm-cli does
    #[arg(
        short = 'o',
        long,
        value_name = "DIR",
        required_unless_present = "annotate",
        conflicts_with = "annotate"
    )]
    pub output: Option<PathBuf>,
    /// Edit the entity files in DIR in place, adding only the attributes and items they lack
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    /// PostgreSQL: also read the tables of this schema (their entities get `schema_name`); repeatable
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Only tables whose names match this glob (`*`, `?`); repeatable; added to autogen.toml's `include`
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out tables whose names match this glob; repeatable; added to autogen.toml's `exclude`
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Print what would be written (with --annotate: as a diff) and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --output: overwrite entity files that exist and differ
    #[arg(long)]
    pub force: bool,
}

/// Runs `cargo autogen entities`.
pub(crate) async fn execute(global: &Globals, args: EntitiesArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let (mut file, _) = FileConfig::find(&cwd)?;
    file.include.extend(args.include.iter().cloned());
    file.exclude.extend(args.exclude.iter().cloned());
    let (url, source) = config::resolve_database_url(global.database_url.as_deref(), &file);
    if source == UrlSource::Default {
        bail!(
            "`entities` reads an existing database: name it with --database-url URL (or DATABASE_URL, .env, \
             database_url in autogen.toml)"
        );
    }
    config::check_url(&url, source)?;
    let schema_filter = global.database_schema.as_deref().filter(|s| !s.is_empty());
    let note = format!(" (from {})", source.describe());
    let db = config::connect(&url, schema_filter, "the database", &note).await?;
    let backend = backend_of(&db)?;
    // With --annotate, the schemas the entities name (`schema_name`) are read too.
    let annotated = match &args.annotate {
        Some(dir) => Some(entity_files(&cwd.join(dir))?),
        None => None,
    };
    let mut schemas: BTreeSet<String> = args.schemas.iter().cloned().collect();
    if let Some(files) = &annotated {
        schemas.extend(named_schemas(files));
    }
    let options = Options {
        ignored_tables: [crate::bookkeeping::SEA_ORM_TABLE, crate::bookkeeping::TABLE]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        schemas,
    };
    let read = introspect(&db, &options).await?;
    let _ = db.close().await;

    let (schema, skipped) = select(read, &file);
    let say = |line: &str| {
        if !global.quiet {
            outln!("{line}");
        }
    };
    if let (Some(dir), Some(files)) = (&args.annotate, annotated) {
        return annotate_dir(
            &cwd.join(dir),
            files,
            &schema,
            backend,
            &skipped,
            args.dry_run,
            global.quiet,
        );
    }
    let dir = cwd.join(args.output.as_deref().unwrap_or(Path::new("src/entity")));
    let entities = write_entities(&schema, backend);
    write_files(&dir, &entities, backend, args.force, args.dry_run, &say)?;
    report(&entities, &skipped, global.quiet);
    if !args.dry_run {
        let shown = dir.strip_prefix(&cwd).unwrap_or(&dir).display().to_string();
        say(&format!(
            "next: declare the module (`pub mod {};` in the entity crate), add `sea-autogen` to its \
             [dependencies], then `cargo autogen init migration --entities .`",
            dir.file_name().map_or("entity".into(), |n| n.to_string_lossy())
        ));
        if global.verbose {
            say(&format!("wrote {} files into {shown}", entities.files.len()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The tables the entities are written for (autogen.toml's and the flags' globs), and what is left out with the
/// reason, one line each.
pub(crate) fn select(mut schema: Schema, file: &FileConfig) -> (Schema, Vec<String>) {
    let mut skipped = Vec::new();
    schema.tables.retain(|key, table| {
        let managed = file.manages(&table.name) || (key != &table.name && file.manages(key));
        if !managed {
            skipped.push(format!("{key}: left out by include/exclude"));
        }
        managed
    });
    for object in &schema.unmanaged {
        let table_like = [
            "partition",
            "inherited table",
            "view",
            "materialized view",
            "foreign table",
        ]
        .iter()
        .any(|kind| object.starts_with(&format!("{kind} ")));
        if table_like {
            skipped.push(format!("{object}: not a table sea-autogen manages (left as it is)"));
        }
    }
    (schema, skipped)
}

fn write_files(
    dir: &Path,
    entities: &Entities,
    backend: Backend,
    force: bool,
    dry_run: bool,
    say: &dyn Fn(&str),
) -> Result<()> {
    let formatted: Vec<(PathBuf, String)> = entities
        .files
        .iter()
        .map(|(name, text)| {
            let text = sea_autogen_codegen::rustfmt(text, dir.parent().unwrap_or(dir)).unwrap_or_else(|| text.clone());
            (dir.join(name), text)
        })
        .collect();
    let differing: Vec<String> = formatted
        .iter()
        .filter(|(path, text)| std::fs::read_to_string(path).is_ok_and(|old| old != *text))
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !differing.is_empty() && !force && !dry_run {
        bail!(
            "{} already exist and differ from what the {backend} database says; nothing was written: pass --force \
             to overwrite them, or `--annotate {}` to add only what they lack",
            differing.join(", "),
            dir.display()
        );
    }
    if !dry_run {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    for (path, text) in &formatted {
        if dry_run {
            say(&format!("would write {}", path.display()));
            continue;
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        say(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// Tables left out, what the entities cannot say, and the sea-orm features they need.
pub(crate) fn report(entities: &Entities, skipped: &[String], quiet: bool) {
    for line in skipped {
        eprintln!("skipped {line}");
    }
    for warning in &entities.warnings {
        eprintln!("warning: {warning}");
    }
    let features: BTreeSet<&str> = entities.features.iter().copied().collect();
    if !features.is_empty() && !quiet {
        let list: Vec<&str> = features.into_iter().collect();
        outln!(
            "note: these entities use sea-orm features {}: enable them in the entity crate's sea-orm dependency",
            list.join(", ")
        );
    }
}

/// The `.rs` files of an entity directory, `(name, text)` sorted by name; one that is not text is named and left out.
fn entity_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "reading {}: --annotate takes the directory of the entity files (such as src/entity)",
            dir.display()
        )
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("reading {}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "rs") && path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((name, text)),
                Err(err) => eprintln!(
                    "refused {}: cannot be read as text ({err}); left as it is",
                    path.display()
                ),
            }
        }
    }
    files.sort();
    if files.is_empty() {
        bail!(
            "{} holds no .rs files: write entities there with `cargo autogen entities --output {}`",
            dir.display(),
            dir.display()
        );
    }
    Ok(files)
}

/// `--annotate DIR`: every entity file of DIR given what it lacks to describe the database, nothing else changed.
fn annotate_dir(
    dir: &Path,
    files: Vec<(String, String)>,
    schema: &Schema,
    backend: Backend,
    skipped: &[String],
    dry_run: bool,
    quiet: bool,
) -> Result<ExitCode> {
    let outcome = annotate(&files, schema, backend);
    for file in &outcome.files {
        let path = dir.join(&file.name);
        let after = match &file.before {
            // A new file is formatted as `--output` formats; an existing one keeps its every byte.
            None => sea_autogen_codegen::rustfmt(&file.after, dir).unwrap_or_else(|| file.after.clone()),
            Some(_) => file.after.clone(),
        };
        if dry_run {
            let before = file.before.clone().unwrap_or_default();
            let cwd = std::env::current_dir().unwrap_or_default();
            let shown = path.strip_prefix(&cwd).unwrap_or(&path).display().to_string();
            let diff = similar::TextDiff::from_lines(&before, &after);
            out!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{shown}"), &format!("b/{shown}"))
            );
            continue;
        }
        std::fs::write(&path, &after).with_context(|| format!("writing {}", path.display()))?;
        if !quiet {
            for line in &file.added {
                outln!("added {line}");
            }
        }
    }
    if outcome.files.is_empty() && !quiet {
        outln!(
            "nothing to add: the entities in {} describe the database",
            dir.display()
        );
    }
    let entities = Entities {
        files: Vec::new(),
        warnings: outcome.warnings.clone(),
        features: outcome.features.clone(),
    };
    report(&entities, skipped, quiet);
    for (name, reason) in &outcome.refused {
        eprintln!("refused {}: {reason}; left as it is", dir.join(name).display());
    }
    Ok(if outcome.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
