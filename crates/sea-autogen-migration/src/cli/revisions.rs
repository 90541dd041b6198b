//! Commands that report on revisions, as Alembic's do: `current`, `history` (`--verbose`, `--graph`), `heads`,
//! `show`; each with `--format json` for scripts.

use super::*;
use serde::Serialize;

/// How a report on revisions is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// One revision (one migration file) as the reports show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RevisionInfo {
    pub(super) revision: String,
    /// The revision it follows: what its header records, else (a file written by hand) the one before it in the
    /// Migrator's list; `null` for the first.
    pub(super) parent: Option<String>,
    /// Whether the parent comes from the file's header (`false`: from the Migrator's order).
    pub(super) parent_recorded: bool,
    pub(super) applied: bool,
    /// No other revision follows it.
    pub(super) head: bool,
    pub(super) message: Option<String>,
    pub(super) created: Option<String>,
    /// The file, relative to the current directory.
    pub(super) path: Option<String>,
    /// Its changes, as its header lists them (with their risks).
    pub(super) changes: Vec<String>,
    pub(super) warnings: Vec<String>,
}

/// Every revision in the Migrator's order, with what its file records and whether it is applied.
pub(super) async fn revisions<M: MigratorTrait>(ctx: &Session) -> Result<Vec<RevisionInfo>> {
    let statuses = migration_statuses::<M>(ctx, true).await?;
    let applied: Vec<&str> = statuses
        .iter()
        .filter(|m| m.status() == MigrationStatus::Applied)
        .map(|m| m.name())
        .collect();
    let files = lineage_of::<M>(ctx);
    let mut infos: Vec<RevisionInfo> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let source = file.path.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
        let recorded = source
            .as_deref()
            .map(sea_autogen_codegen::header::read)
            .unwrap_or_default();
        let previous = i.checked_sub(1).map(|p| files[p].name.clone());
        let strip = |lines: Vec<String>| -> Vec<String> {
            lines
                .into_iter()
                .map(|l| l.strip_prefix("- ").map(str::to_owned).unwrap_or(l))
                .collect()
        };
        infos.push(RevisionInfo {
            revision: file.name.clone(),
            parent_recorded: file.parent.is_some(),
            parent: file.parent.clone().unwrap_or(previous),
            applied: applied.contains(&file.name.as_str()),
            head: false,
            message: recorded.message,
            created: recorded.created,
            path: file.path.as_deref().map(display_path),
            changes: strip(recorded.changes),
            warnings: strip(recorded.warnings),
        });
    }
    let parents: Vec<Option<String>> = infos.iter().map(|r| r.parent.clone()).collect();
    for info in &mut infos {
        info.head = !parents.iter().any(|p| p.as_deref() == Some(info.revision.as_str()));
    }
    Ok(infos)
}

fn print_json(value: &impl Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// The details `--verbose` and `show` print under a revision's name, each line indented by `indent`.
fn details(info: &RevisionInfo, indent: &str) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(indent);
        out.push_str(&text);
        out.push('\n');
    };
    line(format!("Parent: {}", info.parent.as_deref().unwrap_or("base")));
    if let Some(created) = &info.created {
        line(format!("Created: {created}"));
    }
    line(format!("Applied: {}", if info.applied { "yes" } else { "no" }));
    if let Some(path) = &info.path {
        line(format!("Path: {path}"));
    }
    if let Some(message) = &info.message {
        line(format!("Message: {message}"));
    }
    if !info.changes.is_empty() {
        line("Changes:".to_owned());
        for change in &info.changes {
            line(format!("  - {change}"));
        }
    }
    if !info.warnings.is_empty() {
        line("Warnings:".to_owned());
        for warning in &info.warnings {
            line(format!("  - {warning}"));
        }
    }
    out
}

/// `current`: the newest applied revision (`base` when none), with its details under `--verbose`.
pub(super) async fn current<M: MigratorTrait>(ctx: &Session, format: ListFormat) -> Result<ExitCode> {
    let infos = revisions::<M>(ctx).await?;
    let current = infos.iter().rev().find(|r| r.applied);
    let at_head = current.is_some_and(|c| infos.last().is_some_and(|l| l.revision == c.revision));
    if format == ListFormat::Json {
        print_json(&serde_json::json!({
            "current": current.map(|c| &c.revision),
            "at_head": at_head || infos.is_empty(),
            "pending": infos.iter().filter(|r| !r.applied).map(|r| &r.revision).collect::<Vec<_>>(),
            "revision": current,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    match current {
        Some(c) if at_head => anstream::println!("{} {}", c.revision, crate::term::added("(head)")),
        Some(c) => println!("{}", c.revision),
        None => println!("base (no migration applied)"),
    }
    if ctx.verbose
        && let Some(c) = current
    {
        print!("{}", details(c, "  "));
        let pending = infos.iter().filter(|r| !r.applied).count();
        println!("  Pending: {pending} migration{}", if pending == 1 { "" } else { "s" });
    }
    Ok(ExitCode::SUCCESS)
}

/// `history`: every revision, applied ones marked; `--verbose` adds each one's details, `--graph` draws the chain
/// with its branches.
pub(super) async fn history<M: MigratorTrait>(ctx: &Session, format: ListFormat, graph: bool) -> Result<ExitCode> {
    let infos = revisions::<M>(ctx).await?;
    if format == ListFormat::Json {
        print_json(&infos)?;
        return Ok(ExitCode::SUCCESS);
    }
    if infos.is_empty() {
        ctx.say("no migrations yet: run `cargo autogen revision -m \"...\"`");
    }
    if graph {
        anstream::print!("{}", draw_graph(&infos, ctx.verbose));
        return Ok(ExitCode::SUCCESS);
    }
    for info in &infos {
        let mark = if info.applied { "[x]" } else { "[ ]" };
        let head = if info.head {
            crate::term::added(" (head)")
        } else {
            String::new()
        };
        anstream::println!("{mark} {}{head}", info.revision);
        if ctx.verbose {
            print!("{}", details(info, "    "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `heads`: the revisions no other follows; more than one means two branches each added migrations.
pub(super) async fn heads<M: MigratorTrait>(ctx: &Session, format: ListFormat) -> Result<ExitCode> {
    let infos = revisions::<M>(ctx).await?;
    let heads: Vec<&RevisionInfo> = infos.iter().filter(|r| r.head).collect();
    if format == ListFormat::Json {
        print_json(&heads)?;
        return Ok(ExitCode::SUCCESS);
    }
    for head in &heads {
        let applied = if head.applied { " (applied)" } else { "" };
        anstream::println!("{} {}{applied}", head.revision, crate::term::added("(head)"));
        if ctx.verbose {
            print!("{}", details(head, "  "));
        }
    }
    if heads.len() > 1 {
        anstream::eprintln!(
            "{} {} heads: branches merged with migrations of their own. Run `cargo autogen merge` to put them in \
             one line",
            crate::term::warning(""),
            heads.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `show REVISION`: one revision's header (message, parent, creation), its changes with their risks, and whether
/// it is applied. `head` is the newest; `current` the newest applied.
pub(super) async fn show<M: MigratorTrait>(ctx: &Session, target: &str, format: ListFormat) -> Result<ExitCode> {
    let infos = revisions::<M>(ctx).await?;
    let names: Vec<String> = infos.iter().map(|r| r.revision.clone()).collect();
    let index = match target {
        "head" => names
            .len()
            .checked_sub(1)
            .context("no migrations yet: there is no head to show")?,
        "current" => infos
            .iter()
            .rposition(|r| r.applied)
            .context("no migration is applied: the database is at base")?,
        _ => find_revision(&names, target)?,
    };
    let info = &infos[index];
    if format == ListFormat::Json {
        print_json(info)?;
        return Ok(ExitCode::SUCCESS);
    }
    let head = if info.head {
        crate::term::added(" (head)")
    } else {
        String::new()
    };
    anstream::println!("Revision: {}{head}", info.revision);
    print!("{}", details(info, ""));
    Ok(ExitCode::SUCCESS)
}

/// The revisions newest first as a graph in plain text, as `git log --graph` draws commits: `*` a revision, `|`
/// a branch going on, `/` two branches meeting at the revision they both follow.
pub(super) fn draw_graph(infos: &[RevisionInfo], verbose: bool) -> String {
    let mut out = String::new();
    // Each lane waits for the revision it continues to (the parent of the last one drawn in it).
    let mut lanes: Vec<Option<String>> = Vec::new();
    let row = |lanes: &[Option<String>], star: Option<usize>| -> String {
        let mut text = String::new();
        for (i, _) in lanes.iter().enumerate() {
            text.push(if Some(i) == star { '*' } else { '|' });
            text.push(' ');
        }
        text
    };
    for info in infos.iter().rev() {
        let waiting: Vec<usize> = (0..lanes.len())
            .filter(|i| lanes[*i].as_deref() == Some(info.revision.as_str()))
            .collect();
        let lane = match waiting.first() {
            Some(first) => *first,
            None => {
                lanes.push(None);
                lanes.len() - 1
            }
        };
        // Branches that meet here: each lane after the first closes, drawn `|/`.
        for closing in waiting.iter().skip(1).rev() {
            let mut text: Vec<char> = row(&lanes, None).chars().collect();
            for i in *closing..lanes.len() {
                text[2 * i] = ' ';
                text[2 * i - 1] = '/';
            }
            out.push_str(text.iter().collect::<String>().trim_end());
            out.push('\n');
            lanes.remove(*closing);
        }
        let mark = if info.applied { "[x]" } else { "[ ]" };
        let head = if info.head {
            crate::term::added(" (head)")
        } else {
            String::new()
        };
        let message = info.message.as_deref().map(|m| format!("  {m}")).unwrap_or_default();
        out.push_str(&format!(
            "{}{mark} {}{head}{message}\n",
            row(&lanes, Some(lane)),
            info.revision
        ));
        if verbose {
            // Under the revision, its lane goes on only when it has a parent.
            let mut indent: Vec<char> = row(&lanes, None).chars().collect();
            if info.parent.is_none() {
                indent[2 * lane] = ' ';
            }
            let indent: String = indent.into_iter().collect();
            out.push_str(&details(info, &format!("{indent}    ")));
        }
        match &info.parent {
            Some(parent) => lanes[lane] = Some(parent.clone()),
            None => {
                // The first revision of its branch: its lane ends; lanes after it move left.
                lanes.remove(lane);
                if lane < lanes.len() {
                    let mut text: Vec<char> = row(&lanes, None).chars().collect();
                    for i in lane..lanes.len() {
                        text[2 * i] = '/';
                    }
                    out.push_str(text.iter().collect::<String>().trim_end());
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(revision: &str, parent: Option<&str>, applied: bool) -> RevisionInfo {
        RevisionInfo {
            revision: revision.to_owned(),
            parent: parent.map(str::to_owned),
            parent_recorded: true,
            applied,
            head: false,
            message: None,
            created: None,
            path: None,
            changes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn heads(mut infos: Vec<RevisionInfo>) -> Vec<RevisionInfo> {
        let parents: Vec<Option<String>> = infos.iter().map(|r| r.parent.clone()).collect();
        for info in &mut infos {
            info.head = !parents.iter().any(|p| p.as_deref() == Some(info.revision.as_str()));
        }
        infos
    }

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn a_line_of_revisions_is_a_line() {
        let infos = heads(vec![
            info("m1_users", None, true),
            info("m2_posts", Some("m1_users"), true),
            info("m3_tags", Some("m2_posts"), false),
        ]);
        assert_eq!(
            plain(&draw_graph(&infos, false)),
            "* [ ] m3_tags (head)\n* [x] m2_posts\n* [x] m1_users\n"
        );
    }

    #[test]
    fn two_branches_after_a_merge_meet_at_their_parent() {
        // Two branches each added a migration after m2; git put both in lib.rs.
        let infos = heads(vec![
            info("m1_users", None, true),
            info("m2_posts", Some("m1_users"), true),
            info("m3_tags", Some("m2_posts"), true),
            info("m3_likes", Some("m2_posts"), false),
        ]);
        assert_eq!(
            plain(&draw_graph(&infos, false)),
            "* [ ] m3_likes (head)\n| * [x] m3_tags (head)\n|/\n* [x] m2_posts\n* [x] m1_users\n"
        );
    }

    #[test]
    fn three_branches_and_a_second_first_revision() {
        let infos = heads(vec![
            info("m1_a", None, true),
            info("m2_b", Some("m1_a"), true),
            info("m2_c", Some("m1_a"), true),
            info("m2_d", Some("m1_a"), true),
            info("m1_other", None, false),
        ]);
        let graph = plain(&draw_graph(&infos, false));
        assert_eq!(
            graph,
            "* [ ] m1_other (head)\n* [x] m2_d (head)\n| * [x] m2_c (head)\n| | * [x] m2_b (head)\n| |/\n|/\n\
             * [x] m1_a\n"
        );
    }

    #[test]
    fn verbose_rows_carry_the_details() {
        let mut first = info("m1_users", None, true);
        first.message = Some("add users".into());
        first.changes = vec!["create table users".into()];
        let graph = plain(&draw_graph(&heads(vec![first]), true));
        assert!(graph.starts_with("* [x] m1_users (head)  add users\n"), "{graph}");
        assert!(graph.contains("    Parent: base\n"), "{graph}");
        assert!(graph.contains("      - create table users\n"), "{graph}");
    }
}
