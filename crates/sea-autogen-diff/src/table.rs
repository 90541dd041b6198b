//! The changes between two versions of one table.

use crate::change::column_changes;
use crate::{Change, Phases, UNMANAGED_OBJECT, Warning};
use sea_autogen_schema::{Backend, Check, ForeignKey, Index, Table, Unique};
use std::collections::{BTreeMap, BTreeSet};

/// Plans what turns `have` into `want` on `backend`, into `phases`; what it cannot plan becomes a warning.
pub(crate) fn changes(have: &Table, want: &Table, backend: Backend, phases: &mut Phases, warnings: &mut Vec<Warning>) {
    let key = want.key();
    let name = want.table_name();
    for object in &have.unmanaged {
        warnings.push(Warning {
            code: UNMANAGED_OBJECT,
            message: format!("{key}: {object} is not modelled by sea-autogen; it is left as it is"),
            table: Some(key.clone()),
            rename: None,
        });
    }
    let have_n = have.normalized(backend);
    let want_n = want.normalized(backend);

    if backend == Backend::Sqlite {
        let reasons = rebuild_reasons(&have_n, &want_n);
        if !reasons.is_empty() {
            if have.unmanaged.is_empty() {
                phases.tables.push(Change::RebuildTable {
                    from: Box::new(have.clone()),
                    to: Box::new(want.clone()),
                    reasons,
                    dependents: Vec::new(),
                });
            } else {
                let what = format!(
                    "needs a table rebuild ({}), which would lose what sea-autogen does not model ({})",
                    reasons.join(", "),
                    have.unmanaged.join(", ")
                );
                warnings.push(Warning::unsupported(Some(&key), &what));
            }
            return;
        }
    }

    // Columns change after the indexes and constraints that go are dropped (MySQL cannot keep an index on a column
    // that becomes TEXT) and before the new ones are made.
    let mut column_steps = Vec::new();
    for column in &want.columns {
        if have.column(&column.name).is_none() {
            column_steps.push(Change::AddColumn {
                table: name.clone(),
                column: column.clone(),
            });
        }
    }
    for want_col in &want.columns {
        let (Some(have_col), Some(want_norm)) = (have.column(&want_col.name), want_n.column(&want_col.name)) else {
            continue;
        };
        let have_norm = have_n.column(&want_col.name).expect("normalizing keeps every column");
        let changed = column_changes(have_norm, want_norm);
        if changed.is_empty() {
            continue;
        }
        // What only differs in spelling keeps the database's spelling, so `from` and `to` differ exactly in
        // `changed`.
        let mut to = want_col.clone();
        if !changed.contains(&"type") {
            to.ty = have_col.ty.clone();
        }
        if !changed.contains(&"default") {
            to.default = have_col.default.clone();
        }
        column_steps.push(Change::AlterColumn {
            table: name.clone(),
            from: have_col.clone(),
            to,
        });
    }

    let pk = |t: &Table| t.primary_key.as_ref().map(|pk| pk.columns.clone());
    if pk(&have_n) != pk(&want_n) {
        // Named, so that the inverse can drop it (PostgreSQL names it `<table>_pkey` when nothing is said).
        let to = want.primary_key.clone().map(|mut pk| {
            pk.name.get_or_insert_with(|| format!("{}_pkey", want.name));
            pk
        });
        column_steps.push(Change::AlterPrimaryKey {
            table: name.clone(),
            from: have.primary_key.clone(),
            to,
        });
    }

    let (drop_checks, add_checks) = check_changes(have, want);
    let (drop_uniques, add_uniques) = unique_changes(have, want, &have_n, &want_n);
    let (mut drop_indexes, create_indexes) = index_changes(have, want, &have_n, &want_n);
    // The foreign keys that stay: on MySQL each needs an index while it exists (see `Change::DropIndex`).
    let dropped = foreign_key_changes(have, want, backend).0;
    // SQLite does not name keys: the entity's name is the one the key has on other backends.
    let kept: Vec<ForeignKey> =
        have.foreign_keys
            .iter()
            .filter(|fk| !dropped.contains(fk))
            .map(|fk| {
                let named = want.foreign_keys.iter().find(|w| {
                    w.columns == fk.columns && w.ref_table == fk.ref_table && w.ref_columns == fk.ref_columns
                });
                ForeignKey {
                    name: fk.name.clone().or_else(|| named.and_then(|w| w.name.clone())),
                    ..fk.clone()
                }
            })
            .collect();
    if backend == Backend::Mysql {
        // The only index a key that stays can use is the key's own, whether MySQL or someone else made it.
        // An index made again under its name (its definition changed), or one that loses a column (MySQL would
        // quietly narrow it), is dropped with its keys set aside.
        // Nor is one kept when the entities give the key another index (it is set aside while this one goes).
        let leads_elsewhere = |fk: &ForeignKey, name: &str| {
            let leads = |columns: &[String]| columns.starts_with(&fk.columns);
            want.primary_key.as_ref().is_some_and(|pk| leads(&pk.columns))
                || want.uniques.iter().any(|u| leads(&u.columns))
                || want.indexes.iter().any(|i| i.name != name && leads(&i.columns))
        };
        drop_indexes.retain(|index| {
            let key = SoleKey::Index(index.name.clone());
            let needed = kept
                .iter()
                .any(|fk| sole_key_of(have, fk).as_ref() == Some(&key) && !leads_elsewhere(fk, &index.name));
            !needed
                || create_indexes.iter().any(|c| c.name == index.name)
                || index.columns.iter().any(|c| want.column(c).is_none())
        });
    }
    // Which keys each index change leaves without another index, judged in the state the table is in when the
    // change runs: drops one after another from `have`, creates one after another once the drops are done (the
    // inverse of a create runs in that same state, in `down`).
    let served = |table: &Table, key: &SoleKey| -> Vec<ForeignKey> {
        kept.iter()
            .filter(|fk| sole_key_of(table, fk).as_ref() == Some(key))
            .cloned()
            .collect()
    };
    let mut state = have.clone();
    // Drops first: an index or constraint whose definition changed is dropped and made again under its name.
    for check in drop_checks {
        phases.tables.push(Change::DropCheck {
            table: name.clone(),
            check,
        });
    }
    // For the file to run on MySQL too. A key that has an index of its own in the database (`backing_index`) does
    // not need the one dropped.
    let without_own_index =
        |fks: Vec<ForeignKey>| -> Vec<ForeignKey> { fks.into_iter().filter(|fk| fk.backing_index.is_none()).collect() };
    for unique in drop_uniques {
        let foreign_keys = without_own_index(served(&state, &SoleKey::Unique(unique.columns.clone())));
        state.uniques.retain(|u| u.columns != unique.columns);
        phases.tables.push(Change::DropUnique {
            table: name.clone(),
            foreign_keys,
            unique,
        });
    }
    for index in drop_indexes {
        let foreign_keys = without_own_index(served(&state, &SoleKey::Index(index.name.clone())));
        state.indexes.retain(|i| i.name != index.name);
        phases.tables.push(Change::DropIndex {
            table: name.clone(),
            foreign_keys,
            index,
        });
    }
    phases.tables.extend(column_steps);
    state.primary_key.clone_from(&want.primary_key);
    for index in create_indexes {
        state.indexes.push(index.clone());
        phases.tables.push(Change::CreateIndex {
            table: name.clone(),
            foreign_keys: served(&state, &SoleKey::Index(index.name.clone())),
            index,
        });
    }
    for unique in add_uniques {
        state.uniques.push(unique.clone());
        phases.tables.push(Change::AddUnique {
            table: name.clone(),
            foreign_keys: served(&state, &SoleKey::Unique(unique.columns.clone())),
            unique,
        });
    }
    for check in add_checks {
        phases.tables.push(Change::AddCheck {
            table: name.clone(),
            check,
        });
    }
    if have_n.comment != want_n.comment {
        phases.tables.push(Change::SetTableComment {
            table: name.clone(),
            from: have.comment.clone(),
            to: want.comment.clone(),
        });
    }

    let (drop_fks, add_fks) = foreign_key_changes(have, want, backend);
    phases
        .drop_foreign_keys
        .extend(drop_fks.into_iter().map(|foreign_key| Change::DropForeignKey {
            table: name.clone(),
            foreign_key,
        }));
    phases
        .add_foreign_keys
        .extend(add_fks.into_iter().map(|foreign_key| Change::AddForeignKey {
            table: name.clone(),
            foreign_key,
        }));

    for column in &have.columns {
        if want.column(&column.name).is_none() {
            phases.drop_columns.push(Change::DropColumn {
                table: name.clone(),
                column: column.clone(),
            });
        }
    }
}

/// Why SQLite must rebuild table `have` into `want` (both normalized); empty when `ALTER TABLE`, `CREATE INDEX` and
/// `DROP INDEX` are enough.
fn rebuild_reasons(have: &Table, want: &Table) -> Vec<String> {
    let mut reasons = Vec::new();
    for want_col in &want.columns {
        match have.column(&want_col.name) {
            Some(have_col) => {
                let changed = column_changes(have_col, want_col);
                if !changed.is_empty() {
                    reasons.push(format!("column {} ({})", want_col.name, changed.join(", ")));
                }
            }
            None if !sqlite_can_add(want, want_col) => reasons.push(format!("column {} added", want_col.name)),
            None => {}
        }
    }
    if have.primary_key.as_ref().map(|pk| &pk.columns) != want.primary_key.as_ref().map(|pk| &pk.columns) {
        reasons.push("primary key".to_owned());
    }
    if have.foreign_keys != want.foreign_keys {
        reasons.push("foreign keys".to_owned());
    }
    // A unique constraint only comes or goes by a rebuild, unless a unique index on the same columns stands for it
    // on the other side (SQLite implements one as the other; as in `unique_changes`). Unique indexes alone are
    // created and dropped in place.
    let constraints = |t: &Table| -> BTreeSet<Vec<String>> { t.uniques.iter().map(|u| u.columns.clone()).collect() };
    let unique_indexes = |t: &Table| -> BTreeSet<Vec<String>> {
        let indexes = t.indexes.iter().filter(|i| i.unique && i.predicate.is_none());
        indexes.map(|i| i.columns.clone()).collect()
    };
    let unmatched = |from: &Table, to: &Table| {
        constraints(from)
            .into_iter()
            .any(|c| !constraints(to).contains(&c) && !unique_indexes(to).contains(&c))
    };
    if unmatched(have, want) || unmatched(want, have) {
        reasons.push("unique constraints".to_owned());
    }
    if have.checks != want.checks {
        reasons.push("check constraints".to_owned());
    }
    if have.comment != want.comment {
        // SQLite has no table comments; normalized tables never differ here, but stay explicit.
        reasons.push("table comment".to_owned());
    }
    if !reasons.is_empty() {
        // The rebuild recreates `want`'s indexes only: say which go and which come.
        for index in &have.indexes {
            if !want.indexes.contains(index) {
                reasons.push(format!("index {} dropped", index.name));
            }
        }
        for index in &want.indexes {
            if !have.indexes.contains(index) {
                reasons.push(format!("index {} added", index.name));
            }
        }
        for have_col in &have.columns {
            if want.column(&have_col.name).is_none() {
                reasons.push(format!("column {} dropped", have_col.name));
            }
        }
    }
    reasons
}

/// Index drops and creations that turn `have`'s indexes into `want`'s. An index whose definition changed is
/// dropped and created again. A unique index standing for a unique constraint of the other side (MySQL reports
/// unique constraints as unique indexes) is left to the constraint comparison.
fn index_changes(have: &Table, want: &Table, have_n: &Table, want_n: &Table) -> (Vec<Index>, Vec<Index>) {
    // A unique index that a unique constraint on either side stands for is compared as that constraint
    // (`unique_changes`): MySQL reports a constraint and an index on the same columns as one index.
    let comparable = |t: &Table, other: &Table| -> BTreeMap<String, Index> {
        let constrained = |i: &Index| t.uniques.iter().chain(&other.uniques).any(|u| u.columns == i.columns);
        t.indexes
            .iter()
            .filter(|i| !(i.unique && constrained(i)))
            .map(|i| (i.name.clone(), i.clone()))
            .collect()
    };
    let (have_idx, want_idx) = (comparable(have_n, want_n), comparable(want_n, have_n));
    let original = |t: &Table, name: &str| {
        t.indexes
            .iter()
            .find(|i| i.name == name)
            .cloned()
            .expect("normalizing keeps index names")
    };
    let drops: Vec<Index> = have_idx
        .iter()
        .filter(|(name, index)| want_idx.get(*name) != Some(*index))
        .map(|(name, _)| original(have, name))
        .collect();
    let creates: Vec<Index> = want_idx
        .iter()
        .filter(|(name, index)| have_idx.get(*name) != Some(*index))
        .map(|(name, _)| original(want, name))
        .collect();
    // An index left out of the comparison (a unique one a constraint stands for) still has to make way for one
    // of its name, and goes with a column it covers (explicitly, so that `down` makes it again).
    let mut drops = drops;
    for existing in &have.indexes {
        let replaced = creates.iter().any(|c| c.name == existing.name);
        let loses_column = existing.columns.iter().any(|c| want.column(c).is_none());
        if (replaced || loses_column) && !drops.iter().any(|d| d.name == existing.name) {
            drops.push(existing.clone());
        }
    }
    (drops, creates)
}

/// Unique constraints to drop and add. A unique index on the same columns satisfies a constraint and the other way
/// round: MySQL reports constraints as indexes, and an entity cannot say which of the two it means.
fn unique_changes(have: &Table, want: &Table, have_n: &Table, want_n: &Table) -> (Vec<Unique>, Vec<Unique>) {
    let any_unique = |t: &Table| -> BTreeSet<Vec<String>> {
        let constraints = t.uniques.iter().map(|u| u.columns.clone());
        constraints
            .chain(t.indexes.iter().filter(|i| i.unique).map(|i| i.columns.clone()))
            .collect()
    };
    let (have_any, want_any) = (any_unique(have_n), any_unique(want_n));
    let drops = have
        .uniques
        .iter()
        .filter(|u| !want_any.contains(&u.columns))
        .cloned()
        .collect();
    let adds = want
        .uniques
        .iter()
        .filter(|u| !have_any.contains(&u.columns))
        .map(|u| Unique {
            // Named, so that the inverse can drop it.
            name: Some(
                u.name
                    .clone()
                    .unwrap_or_else(|| format!("{}_{}_key", want.name, u.columns.join("_"))),
            ),
            columns: u.columns.clone(),
        })
        .collect();
    (drops, adds)
}

/// Check constraints to drop and add, matched by name and normalized expression.
fn check_changes(have: &Table, want: &Table) -> (Vec<Check>, Vec<Check>) {
    let normalized = |c: &Check| (c.name.clone(), sea_autogen_schema::normalize_expr(&c.expr));
    let have_keys: BTreeSet<_> = have.checks.iter().map(normalized).collect();
    let want_keys: BTreeSet<_> = want.checks.iter().map(normalized).collect();
    let drops = have
        .checks
        .iter()
        .filter(|c| !want_keys.contains(&normalized(c)))
        .cloned()
        .collect();
    let adds = want
        .checks
        .iter()
        .filter(|c| !have_keys.contains(&normalized(c)))
        .cloned()
        .collect();
    (drops, adds)
}

/// Foreign keys to drop and add, matched by what they do (columns, target, actions), not by name.
fn foreign_key_changes(have: &Table, want: &Table, backend: Backend) -> (Vec<ForeignKey>, Vec<ForeignKey>) {
    let what = |fk: &ForeignKey| {
        let alone = Table {
            foreign_keys: vec![fk.clone()],
            ..Table::new(&want.name)
        };
        let mut fk = alone.normalized(backend).foreign_keys.remove(0);
        fk.name = None;
        fk
    };
    let have_keys: BTreeSet<_> = have.foreign_keys.iter().map(what).collect();
    let want_keys: BTreeSet<_> = want.foreign_keys.iter().map(what).collect();
    let drops = have
        .foreign_keys
        .iter()
        .filter(|fk| !want_keys.contains(&what(fk)))
        .cloned()
        .collect();
    let adds = want
        .foreign_keys
        .iter()
        .filter(|fk| !have_keys.contains(&what(fk)))
        .map(|fk| {
            let name = fk
                .name
                .clone()
                .unwrap_or_else(|| format!("fk_{}_{}", want.name, fk.columns.join("_")));
            // MySQL creates an index named after the key when no index starts with its columns; dropping the
            // key later drops that index too.
            let leads = |columns: &[String]| columns.starts_with(&fk.columns);
            let indexed = want.indexes.iter().any(|i| leads(&i.columns))
                || want.uniques.iter().any(|u| leads(&u.columns))
                || want.primary_key.as_ref().is_some_and(|pk| leads(&pk.columns));
            let backing_index = (backend == Backend::Mysql && !indexed).then(|| name.clone());
            ForeignKey {
                name: Some(name),
                backing_index,
                ..fk.clone()
            }
        })
        .collect();
    (drops, adds)
}

/// Whether SQLite's `ALTER TABLE .. ADD COLUMN` can add `column` to `table`: not a key or unique column, not
/// NOT NULL without a default, and no default that is not a constant (`CURRENT_TIMESTAMP`, an expression).
fn sqlite_can_add(table: &Table, column: &sea_autogen_schema::Column) -> bool {
    let keyed = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name))
        || table.uniques.iter().any(|u| u.columns.contains(&column.name));
    let constant_default = column.default.as_deref().is_none_or(|d| {
        let d = d.trim().to_ascii_uppercase();
        !d.starts_with("CURRENT_") && !d.contains('(')
    });
    !keyed && constant_default && (column.nullable || column.default.is_some())
}

/// An index a foreign key can use: a plain or unique index by name, a unique constraint by columns.
#[derive(Debug, PartialEq, Eq)]
enum SoleKey {
    Index(String),
    Unique(Vec<String>),
}

/// The index or unique constraint a foreign key of `table` depends on when it is the only one whose leading
/// columns are the key's (MySQL will not drop it while the key exists).
fn sole_key_of(table: &Table, fk: &ForeignKey) -> Option<SoleKey> {
    let leads = |columns: &[String]| columns.starts_with(&fk.columns);
    if table.primary_key.as_ref().is_some_and(|pk| leads(&pk.columns)) {
        return None;
    }
    let indexes = table
        .indexes
        .iter()
        .filter(|i| leads(&i.columns))
        .map(|i| SoleKey::Index(i.name.clone()));
    let uniques = table
        .uniques
        .iter()
        .filter(|u| leads(&u.columns))
        .map(|u| SoleKey::Unique(u.columns.clone()));
    let mut all = indexes.chain(uniques);
    match (all.next(), all.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
