//! Plan → JSON (the stable contract of SPEC §2) and plain text for people.

use sea_autogen_diff::{Change, Plan};
use sea_autogen_schema::{Column, Table};
use serde_json::{Value, json};

/// The `diff --format json` document: `{"backend", "changes": [...], "warnings": [...]}`.
pub fn render_json(plan: &Plan) -> Value {
    json!({
        "backend": plan.backend.as_str(),
        "changes": plan.changes.iter().map(change_json).collect::<Vec<_>>(),
        "warnings": plan.warnings,
    })
}

fn change_json(change: &Change) -> Value {
    let mut object = json!({ "op": change.op() });
    let fields = object.as_object_mut().expect("an object");
    if let Some(table) = change.table() {
        fields.insert("table".into(), json!(table));
    }
    match change {
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
    }
    let risks: Vec<&str> = change.risks().iter().map(|r| r.as_str()).collect();
    fields.insert("risks".into(), json!(risks));
    fields.insert("destructive".into(), json!(change.is_destructive()));
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

/// The `diff --format text` lines: one per change with its risks, then the warnings.
pub fn render_text(plan: &Plan) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let risks: Vec<&str> = change.risks().iter().map(|r| r.as_str()).collect();
        out.push_str(&change.describe());
        if !risks.is_empty() {
            out.push_str(&format!("  [{}]", risks.join(", ")));
        }
        out.push('\n');
    }
    for warning in &plan.warnings {
        out.push_str(&format!("warning: {}\n", warning.message));
    }
    out
}
