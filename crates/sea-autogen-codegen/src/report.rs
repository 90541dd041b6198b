//! Plan → JSON (the stable contract of SPEC §2) and plain text for people.

use crate::mermaid::{ErDiagram, render_er_diagram};
use sea_autogen_diff::{Change, Plan, Risk, lint};
use sea_autogen_schema::{Backend, Column, Schema, Table};
use serde_json::{Value, json};

/// The `diff --format json` document: `{"backend", "changes": [...], "warnings": [...]}`.
pub fn render_json(plan: &Plan) -> Value {
    json!({
        "backend": plan.backend.as_str(),
        "changes": plan.changes.iter().map(|c| change_json(c, plan.backend)).collect::<Vec<_>>(),
        "warnings": plan.warnings,
        // The safety lint: each risk of each change (by its position in `changes`), with what to do instead.
        "findings": lint(plan),
    })
}

fn change_json(change: &Change, backend: Backend) -> Value {
    let mut object = json!({ "op": change.op() });
    let fields = object.as_object_mut().expect("an object");
    if let Some(table) = change.table() {
        fields.insert("table".into(), json!(table));
    }
    if let Some(form) = change.form(backend) {
        // The lock-safe form the change takes (PostgreSQL): it runs outside the migration's transaction.
        fields.insert("form".into(), json!(form));
        fields.insert("transactional".into(), json!(false));
    }
    match change.plain() {
        Change::CreateTable(table) | Change::DropTable(table) => {
            fields.extend(table_fields(table));
        }
        Change::AddColumn { column, .. } | Change::DropColumn { column, .. } => {
            fields.insert("column".into(), json!(column.name));
            fields.insert("definition".into(), column_json(column));
        }
        Change::AlterColumn { from, to, .. } => {
            fields.insert("column".into(), json!(to.name));
            let changed: Vec<&str> = change.column_changes();
            fields.insert("changes".into(), json!(changed));
            fields.insert("from".into(), column_json(from));
            fields.insert("to".into(), column_json(to));
        }
        Change::RebuildTable { from, to, reasons, .. } => {
            fields.insert("changes".into(), json!(reasons));
            fields.insert("from".into(), json!(table_fields(from)));
            fields.insert("to".into(), json!(table_fields(to)));
        }
        Change::CreateIndex { index, .. } | Change::DropIndex { index, .. } => {
            fields.insert("name".into(), json!(index.name));
            fields.insert("columns".into(), json!(index.columns));
            fields.insert("definition".into(), json!(index));
        }
        Change::AddForeignKey { foreign_key, .. } | Change::DropForeignKey { foreign_key, .. } => {
            fields.insert("name".into(), json!(foreign_key.name));
            fields.insert("columns".into(), json!(foreign_key.columns));
            fields.insert("definition".into(), json!(foreign_key));
        }
        Change::AddUnique { unique, .. } | Change::DropUnique { unique, .. } => {
            fields.insert("name".into(), json!(unique.name));
            fields.insert("columns".into(), json!(unique.columns));
        }
        Change::AddCheck { check, .. } | Change::DropCheck { check, .. } => {
            fields.insert("name".into(), json!(check.name));
            fields.insert("expr".into(), json!(check.expr));
        }
        Change::AlterPrimaryKey { from, to, .. } => {
            let columns = |pk: &Option<sea_autogen_schema::PrimaryKey>| pk.as_ref().map(|pk| pk.columns.clone());
            fields.insert("from".into(), json!(columns(from)));
            fields.insert("to".into(), json!(columns(to)));
        }
        Change::SetTableComment { from, to, .. } => {
            fields.insert("from".into(), json!(from));
            fields.insert("to".into(), json!(to));
        }
        Change::RenameTable { from, to } => {
            fields.insert("from".into(), json!(from.to_string()));
            fields.insert("to".into(), json!(to.to_string()));
        }
        Change::RenameColumn { from, to, .. } => {
            fields.insert("from".into(), json!(from));
            fields.insert("to".into(), json!(to));
        }
        Change::AlterEnum { name, from, to, .. } => {
            fields.insert("enum".into(), json!(name));
            let added: Vec<&String> = to.iter().filter(|v| !from.contains(v)).collect();
            let removed: Vec<&String> = from.iter().filter(|v| !to.contains(v)).collect();
            fields.insert("added".into(), json!(added));
            fields.insert("removed".into(), json!(removed));
            fields.insert("values".into(), json!(to));
        }
        Change::CreateEnum { name, values } | Change::DropEnum { name, values } => {
            fields.insert("enum".into(), json!(name));
            fields.insert("values".into(), json!(values));
        }
        Change::Online(_) => unreachable!("`plain` takes the form off"),
    }
    let risks: Vec<&str> = change.risks(backend).iter().map(|r| r.as_str()).collect();
    fields.insert("risks".into(), json!(risks));
    fields.insert("destructive".into(), json!(change.is_destructive(backend)));
    object
}

fn table_fields(table: &Table) -> serde_json::Map<String, Value> {
    let Value::Object(mut fields) = json!(table) else {
        unreachable!("a table serializes to an object")
    };
    fields.remove("name");
    fields
}

fn column_json(column: &Column) -> Value {
    json!(column)
}

/// Up to this many tables the diagram is shown open; a larger one is folded, so the comment stays short to scroll
/// past and the list of changes and risks above it stays what a reviewer reads first.
const DIAGRAM_OPEN_UP_TO: usize = 12;

/// The `diff --format markdown` summary, for a pull-request comment: a headline with the counts, then per table
/// (tables with the worst risks first) a table of its changes, then the safety findings with what to do instead,
/// then the warnings, then a Mermaid `erDiagram` of the tables touched as they will be in `after`, the schema the
/// plan leads to (see [`render_er_diagram`]).
pub fn render_markdown(plan: &Plan, after: &Schema) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write;

    let mut out = String::new();
    let findings = lint(plan);
    let count = |risk: Risk| {
        plan.changes
            .iter()
            .filter(|c| c.risks(plan.backend).contains(&risk))
            .count()
    };
    let _ = writeln!(out, "### sea-autogen: pending schema changes ({})", plan.backend);
    out.push('\n');
    if plan.changes.is_empty() {
        out.push_str(if plan.has_differences() {
            "No change sea-autogen can write: see the warnings below.\n"
        } else {
            "No changes: the entities and the database agree.\n"
        });
    } else {
        let tables: std::collections::BTreeSet<String> = plan.changes.iter().filter_map(Change::table).collect();
        let mut line = format!(
            "{} change{} on {} table{}",
            plan.changes.len(),
            plural(plan.changes.len()),
            tables.len(),
            plural(tables.len())
        );
        let risky: Vec<String> = Risk::ALL
            .iter()
            .filter(|r| count(**r) > 0)
            .map(|r| format!("**{}** {}", count(*r), r.label()))
            .collect();
        if risky.is_empty() {
            line.push_str(", none risky.");
        } else {
            line.push_str(&format!(": {}.", risky.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');

        // Changes grouped by table; a table's rank is its worst risk.
        let mut by_table: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
        for change in &plan.changes {
            by_table
                .entry(change.table().unwrap_or_else(|| "(database)".to_owned()))
                .or_default()
                .push(change);
        }
        let rank = |changes: &[&Change]| {
            changes
                .iter()
                .flat_map(|c| c.risks(plan.backend))
                .min()
                .map_or(Risk::ALL.len(), |r| r as usize)
        };
        let mut groups: Vec<(String, Vec<&Change>)> = by_table.into_iter().collect();
        groups.sort_by_key(|(name, changes)| (rank(changes), name.clone()));
        for (table, mut changes) in groups {
            changes.sort_by_key(|c| {
                c.risks(plan.backend)
                    .iter()
                    .min()
                    .map_or(Risk::ALL.len(), |r| *r as usize)
            });
            let _ = writeln!(out, "\n#### `{table}`\n");
            out.push_str("| change | risks |\n|---|---|\n");
            for change in changes {
                let risks: Vec<String> = change
                    .risks(plan.backend)
                    .iter()
                    .map(|r| format!("**{}**", r.label()))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} |",
                    cell(&change.headline(plan.backend)),
                    if risks.is_empty() {
                        "—".to_owned()
                    } else {
                        risks.join(", ")
                    }
                );
            }
        }
    }
    if !findings.is_empty() {
        out.push_str("\n#### Safety\n\n");
        for finding in &findings {
            let _ = writeln!(
                out,
                "- **{}** · {}. Instead: {}.",
                finding.risk.label(),
                one_line(&finding.message),
                one_line(&finding.instead)
            );
        }
    }
    if !plan.warnings.is_empty() {
        out.push_str("\n#### Warnings\n\n");
        for warning in &plan.warnings {
            let _ = writeln!(out, "- {}", one_line(&warning.message));
        }
    }
    match render_er_diagram(plan, after) {
        ErDiagram::Drawn {
            text,
            touched,
            referenced,
        } => {
            let open = if touched + referenced <= DIAGRAM_OPEN_UP_TO {
                " open"
            } else {
                ""
            };
            let will = if touched == 1 { "it" } else { "they" };
            let mut summary = format!(
                "Diagram: the {touched} table{} changed, as {will} will be",
                plural(touched)
            );
            if referenced > 0 {
                let verb = if touched == 1 { "references" } else { "reference" };
                summary.push_str(&format!(", and the {referenced} {will} {verb}"));
            }
            let _ = write!(
                out,
                "\n<details{open}>\n<summary>{summary}</summary>\n\n```mermaid\n{text}```\n\n</details>\n"
            );
        }
        ErDiagram::TooLarge { tables } => {
            let _ = writeln!(
                out,
                "\nNo diagram: {tables} tables are too many for one Mermaid diagram (at most {} characters and {} \
                 relationships).",
                crate::mermaid::MAX_TEXT,
                crate::mermaid::MAX_EDGES
            );
        }
        ErDiagram::Empty => {}
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text for a markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a piece of the `diff` text is, for a terminal that styles it ([`render_text_styled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPart<'a> {
    /// A change's headline.
    Change(&'a Change),
    /// A risk's name, in a change's brackets or before a finding.
    Risk(Risk),
    /// A finding's `  instead: ...` line.
    Instead,
    /// The `warning:` label.
    Warning,
}

/// The `diff` text with the safety findings: each change with its risks, then what to do instead of each risky
/// one, then the warnings.
pub fn render_text(plan: &Plan) -> String {
    render_text_styled(plan, |_, text| text.to_owned())
}

/// [`render_text`], each part passed through `style` (a terminal adds colour there). With a `style` that returns
/// its text, it is `render_text`; whatever `style` adds, the rest of the text is the same.
pub fn render_text_styled(plan: &Plan, style: impl Fn(TextPart<'_>, &str) -> String) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let risks: Vec<String> = change
            .risks(plan.backend)
            .iter()
            .map(|r| style(TextPart::Risk(*r), r.as_str()))
            .collect();
        out.push_str(&style(TextPart::Change(change), &change.headline(plan.backend)));
        if !risks.is_empty() {
            out.push_str(&format!("  [{}]", risks.join(", ")));
        }
        out.push('\n');
    }
    let findings = lint(plan);
    if !findings.is_empty() {
        out.push('\n');
        for finding in &findings {
            out.push_str(&format!(
                "{}: {}\n{}\n",
                style(TextPart::Risk(finding.risk), finding.risk.as_str()),
                finding.message,
                style(TextPart::Instead, &format!("  instead: {}", finding.instead))
            ));
        }
    }
    for warning in &plan.warnings {
        out.push_str(&format!(
            "{} {}\n",
            style(TextPart::Warning, "warning:"),
            warning.message
        ));
    }
    out
}
