//! Renames: a table or column the entities say was renamed (`renamed_from`) is renamed, never dropped and added,
//! so its rows stay. Without a hint, a likely rename is only suggested, with the hint that would make it one.

use crate::{Change, POSSIBLE_RENAME, RenameSuggestion, Warning};
use sea_autogen_schema::{Backend, Schema, Table, TableName, qualified, rename_in_expr};

/// Applies the renames `to` asks for to a copy of `from`, so the rest of the diff compares like with like, and
/// returns that copy with the rename changes, tables first.
pub(crate) fn apply_hints(from: &Schema, to: &Schema, backend: Backend) -> (Schema, Vec<Change>) {
    let mut schema = from.clone();
    let mut changes = Vec::new();
    for want in to.tables.values() {
        let Some(old) = &want.renamed_from else { continue };
        let old_key = qualified(want.schema.as_deref(), old);
        if schema.tables.contains_key(&want.key()) || to.tables.contains_key(&old_key) {
            continue;
        }
        let Some(mut table) = schema.tables.remove(&old_key) else {
            continue;
        };
        table.name = want.name.clone();
        for other in schema.tables.values_mut().chain(std::iter::once(&mut table)) {
            for fk in &mut other.foreign_keys {
                if fk.ref_key() == old_key {
                    fk.ref_table = want.name.clone();
                }
            }
        }
        changes.push(Change::RenameTable {
            from: TableName {
                schema: want.schema.clone(),
                name: old.clone(),
            },
            to: want.table_name(),
        });
        schema.tables.insert(want.key(), table);
    }
    for (key, want) in &to.tables {
        for column in &want.columns {
            let Some(old) = &column.renamed_from else { continue };
            let Some(have) = schema.tables.get(key) else { continue };
            if have.column(&column.name).is_some() || have.column(old).is_none() || want.column(old).is_some() {
                continue;
            }
            rename_column(&mut schema, key, old, &column.name, backend);
            changes.push(Change::RenameColumn {
                table: want.table_name(),
                from: old.clone(),
                to: column.name.clone(),
            });
        }
    }
    (schema, changes)
}

/// Renames column `old` of table `key` to `new`, and every reference to it (keys, indexes, and names in check
/// expressions and index predicates), as the database does.
fn rename_column(schema: &mut Schema, key: &str, old: &str, new: &str, backend: Backend) {
    let swap = |c: &mut String| {
        if c == old {
            *c = new.to_owned();
        }
    };
    for (other_key, table) in &mut schema.tables {
        for fk in &mut table.foreign_keys {
            if fk.ref_key() == key {
                fk.ref_columns.iter_mut().for_each(swap);
            }
        }
        if other_key != key {
            continue;
        }
        table
            .columns
            .iter_mut()
            .filter(|c| c.name == old)
            .for_each(|c| c.name = new.to_owned());
        if let Some(pk) = &mut table.primary_key {
            pk.columns.iter_mut().for_each(swap);
        }
        for unique in &mut table.uniques {
            unique.columns.iter_mut().for_each(swap);
        }
        for index in &mut table.indexes {
            index.columns.iter_mut().for_each(swap);
            index.descending.iter_mut().for_each(swap);
            if let Some(predicate) = &mut index.predicate {
                *predicate = rename_in_expr(backend, predicate, old, new);
            }
        }
        for check in &mut table.checks {
            check.expr = rename_in_expr(backend, &check.expr, old, new);
        }
        for fk in &mut table.foreign_keys {
            fk.columns.iter_mut().for_each(swap);
        }
    }
}

/// Likely renames among what the plan drops and adds: in one table, each dropped column with each added one of the
/// same type; among tables, each dropped one with each created one that has the same columns. A dropped column
/// with two candidates gives two suggestions: the person asked picks one, or none.
pub(crate) fn suggestions(from: &Schema, to: &Schema, backend: Backend) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (key, want) in &to.tables {
        let Some(have) = from.tables.get(key) else { continue };
        let (have_n, want_n) = (have.normalized(backend), want.normalized(backend));
        let dropped: Vec<_> = have_n
            .columns
            .iter()
            .filter(|c| want_n.column(&c.name).is_none())
            .collect();
        let added: Vec<_> = want_n
            .columns
            .iter()
            .filter(|c| have_n.column(&c.name).is_none())
            .collect();
        for (old, new) in dropped
            .iter()
            .flat_map(|old| added.iter().filter(|new| new.ty == old.ty).map(move |new| (old, new)))
        {
            warnings.push(Warning {
                code: POSSIBLE_RENAME,
                message: format!(
                    "{key}.{} is dropped and {key}.{} added: if it was renamed, add \
                     #[sea_orm(renamed_from = \"{}\")] to the field, or its values are lost",
                    old.name, new.name, old.name
                ),
                table: Some(key.clone()),
                rename: Some(RenameSuggestion {
                    kind: "column",
                    table: key.clone(),
                    from: old.name.clone(),
                    to: new.name.clone(),
                }),
            });
        }
    }
    let same_columns = |a: &Table, b: &Table| {
        let (a, b) = (a.normalized(backend), b.normalized(backend));
        let shape = |t: &Table| {
            t.columns
                .iter()
                .map(|c| (c.name.clone(), c.ty.clone()))
                .collect::<Vec<_>>()
        };
        shape(&a) == shape(&b)
    };
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.key()))
        .collect();
    let created: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.key()))
        .collect();
    for new in &created {
        for old in dropped.iter().filter(|old| same_columns(old, new)) {
            warnings.push(Warning {
                code: POSSIBLE_RENAME,
                message: format!(
                    "table {} is dropped and {} created with the same columns: if it was renamed, add \
                     #[autogen(renamed_from = \"{}\")] to its Model, or its rows are lost",
                    old.key(),
                    new.key(),
                    old.name
                ),
                table: Some(new.key()),
                rename: Some(RenameSuggestion {
                    kind: "table",
                    table: new.key(),
                    from: old.name.clone(),
                    to: new.name.clone(),
                }),
            });
        }
    }
    warnings
}
