//! The vocabulary of a plan: each [`Change`], its inverse, its risks and how people read it.

use sea_autogen_schema::{
    Backend, Check, Column, ColumnType, ForeignKey, Index, PrimaryKey, Table, TableName, Unique, normalize_default,
    quote_string,
};
use serde::Serialize;

/// One step of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    CreateTable(Table),
    /// Carries the table as introspected, so the inverse recreates it exactly.
    DropTable(Table),
    AddColumn {
        table: TableName,
        column: Column,
    },
    /// Carries the column as introspected, so the inverse re-adds it exactly.
    DropColumn {
        table: TableName,
        column: Column,
    },
    /// Changes a column's type, nullability, default or comment in place (PostgreSQL and MySQL).
    AlterColumn {
        table: TableName,
        /// The column as introspected, so the inverse restores it.
        from: Column,
        to: Column,
    },
    CreateIndex {
        table: TableName,
        index: Index,
        /// What the inverse sets aside: see [`Change::DropIndex`].
        foreign_keys: Vec<ForeignKey>,
    },
    /// Carries the index as introspected, so the inverse recreates it exactly.
    DropIndex {
        table: TableName,
        index: Index,
        /// The foreign keys this index is the only one to serve. MySQL refuses to drop the last index a foreign
        /// key can use (and dropped the key's own index when this one was created), so on MySQL they are dropped
        /// before the index and added back after it, which gives each its own index again.
        foreign_keys: Vec<ForeignKey>,
    },
    AddForeignKey {
        table: TableName,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: TableName,
        foreign_key: ForeignKey,
    },
    AddUnique {
        table: TableName,
        unique: Unique,
        /// What the inverse sets aside: see [`Change::DropIndex`].
        foreign_keys: Vec<ForeignKey>,
    },
    DropUnique {
        table: TableName,
        unique: Unique,
        /// The foreign keys only this constraint's index serves, set aside on MySQL: see [`Change::DropIndex`].
        foreign_keys: Vec<ForeignKey>,
    },
    AddCheck {
        table: TableName,
        check: Check,
    },
    DropCheck {
        table: TableName,
        check: Check,
    },
    /// The primary key changes columns (or appears, or goes).
    AlterPrimaryKey {
        table: TableName,
        from: Option<PrimaryKey>,
        to: Option<PrimaryKey>,
    },
    SetTableComment {
        table: TableName,
        from: Option<String>,
        to: Option<String>,
    },
    /// SQLite: the table rebuilt as `to`, keeping every row, for what `ALTER TABLE` cannot do.
    RebuildTable {
        /// The table as introspected, so the inverse rebuilds it back.
        from: Box<Table>,
        to: Box<Table>,
        /// What makes the rebuild necessary, for people: `column age (type)`, `foreign keys`, ...
        reasons: Vec<String>,
        /// Tables whose `ON DELETE` actions dropping this one would fire: their rows are kept aside meanwhile.
        dependents: Vec<String>,
    },
    /// A table renamed (SeaORM entity `#[autogen(renamed_from = "...")]`); its rows stay.
    RenameTable {
        from: TableName,
        to: TableName,
    },
    /// A column renamed (`#[sea_orm(renamed_from = "...")]`); its values stay.
    RenameColumn {
        table: TableName,
        from: String,
        to: String,
    },
    /// A PostgreSQL enum type, created before the tables that use it.
    CreateEnum {
        name: String,
        values: Vec<String>,
    },
    /// The values of a PostgreSQL enum type change. New values only: `ALTER TYPE .. ADD VALUE`, each in its place.
    /// Anything else (a value removed, the order changed): the type is rebuilt and `columns` converted to it.
    AlterEnum {
        name: String,
        from: Vec<String>,
        to: Vec<String>,
        /// The columns of the type, converted when it is rebuilt.
        columns: Vec<EnumColumn>,
    },
    /// A PostgreSQL enum type no table uses any more, dropped after them; carries the values to recreate it.
    DropEnum {
        name: String,
        values: Vec<String>,
    },
    /// The change in its lock-safe form (PostgreSQL, `lock_safe`, see [`crate::lock_safe`]): outside the
    /// migration's transaction, an index built or dropped `CONCURRENTLY`, a constraint added `NOT VALID` and
    /// validated apart, NOT NULL set through a validated check; every statement can run again after a failure.
    Online(Box<Change>),
}

/// A column whose type is an enum being rebuilt, with its default (dropped during the conversion, then restored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumColumn {
    pub table: TableName,
    pub column: String,
    pub default: Option<String>,
}

/// What can go wrong when a change runs against a database that holds rows (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Rows or values are lost.
    DataLoss,
    /// Fails on existing rows (NOT NULL without a default, a new unique, ...).
    MayFail,
    /// Holds a long lock (table rewrite, blocking index build).
    LongLock,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::DataLoss => "data_loss",
            Risk::MayFail => "may_fail",
            Risk::LongLock => "long_lock",
        }
    }
}

impl Change {
    /// The operation name of the JSON contract (`create_table`, `add_column`, ...).
    pub fn op(&self) -> &'static str {
        match self {
            Change::CreateTable(_) => "create_table",
            Change::DropTable(_) => "drop_table",
            Change::AddColumn { .. } => "add_column",
            Change::DropColumn { .. } => "drop_column",
            Change::AlterColumn { .. } => "alter_column",
            Change::CreateIndex { .. } => "create_index",
            Change::DropIndex { .. } => "drop_index",
            Change::AddForeignKey { .. } => "add_foreign_key",
            Change::DropForeignKey { .. } => "drop_foreign_key",
            Change::AddUnique { .. } => "add_unique",
            Change::DropUnique { .. } => "drop_unique",
            Change::AddCheck { .. } => "add_check",
            Change::DropCheck { .. } => "drop_check",
            Change::SetTableComment { .. } => "set_table_comment",
            Change::AlterPrimaryKey { .. } => "alter_primary_key",
            Change::RebuildTable { .. } => "rebuild_table",
            Change::RenameTable { .. } => "rename_table",
            Change::RenameColumn { .. } => "rename_column",
            Change::CreateEnum { .. } => "create_enum",
            Change::AlterEnum { .. } => "alter_enum",
            Change::DropEnum { .. } => "drop_enum",
            Change::Online(inner) => inner.op(),
        }
    }

    /// Whether the change builds a unique index: a unique constraint, or an index marked unique.
    fn builds_unique(&self) -> bool {
        match self {
            Change::CreateIndex { index, .. } => index.unique,
            Change::AddUnique { .. } => true,
            _ => false,
        }
    }

    /// The change itself, its lock-safe form taken off.
    pub fn plain(&self) -> &Change {
        match self {
            Change::Online(inner) => inner.plain(),
            other => other,
        }
    }

    /// Whether the change runs in its lock-safe form, outside the migration's transaction.
    pub fn is_online(&self) -> bool {
        matches!(self, Change::Online(_))
    }

    /// How the lock-safe form carries the change out on `backend`, for people and the JSON (`form`); `None` for a
    /// plain change.
    pub fn form(&self, backend: Backend) -> Option<&'static str> {
        let Change::Online(inner) = self else {
            return None;
        };
        if backend == Backend::Mysql {
            return Some(match inner.as_ref() {
                Change::AddColumn { .. } | Change::DropColumn { .. } | Change::AlterColumn { .. } => {
                    "ALGORITHM=INSTANT"
                }
                _ => "ALGORITHM=INPLACE, LOCK=NONE",
            });
        }
        Some(match inner.as_ref() {
            Change::CreateIndex { .. } => "built concurrently",
            Change::DropIndex { .. } => "dropped concurrently",
            Change::AddUnique { .. } => "unique index built concurrently, then attached",
            Change::AddForeignKey { .. } | Change::AddCheck { .. } => "added NOT VALID, then validated",
            Change::AlterColumn { from, to, .. } if from.nullable && !to.nullable => {
                "NOT NULL set through a validated check"
            }
            _ => "outside the transaction",
        })
    }

    /// The table the change touches; `None` for changes to types.
    pub fn table_name(&self) -> Option<TableName> {
        match self {
            Change::CreateTable(t) | Change::DropTable(t) => Some(t.table_name()),
            Change::RebuildTable { to, .. } => Some(to.table_name()),
            Change::RenameTable { to, .. } => Some(to.clone()),
            Change::RenameColumn { table, .. } => Some(table.clone()),
            Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::AlterColumn { table, .. }
            | Change::CreateIndex { table, .. }
            | Change::DropIndex { table, .. }
            | Change::AddForeignKey { table, .. }
            | Change::DropForeignKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::DropUnique { table, .. }
            | Change::AddCheck { table, .. }
            | Change::DropCheck { table, .. }
            | Change::SetTableComment { table, .. }
            | Change::AlterPrimaryKey { table, .. } => Some(table.clone()),
            Change::CreateEnum { .. } | Change::DropEnum { .. } | Change::AlterEnum { .. } => None,
            Change::Online(inner) => inner.table_name(),
        }
    }

    /// The key of the table the change touches (`schema.name` outside the default schema).
    pub fn table(&self) -> Option<String> {
        self.table_name().map(|t| t.to_string())
    }

    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        use Change::*;
        match self.clone() {
            CreateTable(t) => DropTable(t),
            DropTable(t) => CreateTable(t),
            AddColumn { table, column } => DropColumn { table, column },
            DropColumn { table, column } => AddColumn { table, column },
            AlterColumn { table, from, to } => AlterColumn {
                table,
                from: to,
                to: from,
            },
            CreateIndex {
                table,
                index,
                foreign_keys,
            } => DropIndex {
                table,
                index,
                foreign_keys,
            },
            DropIndex {
                table,
                index,
                foreign_keys,
            } => CreateIndex {
                table,
                index,
                foreign_keys,
            },
            AddForeignKey { table, foreign_key } => DropForeignKey { table, foreign_key },
            DropForeignKey { table, foreign_key } => AddForeignKey { table, foreign_key },
            AddUnique {
                table,
                unique,
                foreign_keys,
            } => DropUnique {
                table,
                unique,
                foreign_keys,
            },
            DropUnique {
                table,
                unique,
                foreign_keys,
            } => AddUnique {
                table,
                unique,
                foreign_keys,
            },
            AddCheck { table, check } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck { table, check },
            SetTableComment { table, from, to } => SetTableComment {
                table,
                from: to,
                to: from,
            },
            AlterPrimaryKey { table, from, to } => AlterPrimaryKey {
                table,
                from: to,
                to: from,
            },
            RebuildTable {
                from,
                to,
                reasons,
                dependents,
            } => RebuildTable {
                from: to,
                to: from,
                reasons: reasons.iter().map(|r| invert_reason(r)).collect(),
                dependents,
            },
            RenameTable { from, to } => RenameTable { from: to, to: from },
            RenameColumn { table, from, to } => RenameColumn {
                table,
                from: to,
                to: from,
            },
            AlterEnum {
                name,
                from,
                to,
                columns,
            } => AlterEnum {
                name,
                from: to,
                to: from,
                columns,
            },
            CreateEnum { name, values } => DropEnum { name, values },
            DropEnum { name, values } => CreateEnum { name, values },
            Online(inner) => Online(Box::new(inner.inverse())),
        }
    }

    /// What can go wrong when the change runs on `backend` against a table that holds rows (SPEC §2), as that
    /// server really behaves: a widening PostgreSQL makes in place is no risk at all there.
    pub fn risks(&self, backend: Backend) -> Vec<Risk> {
        use Change::*;
        match self {
            CreateTable(_) | CreateEnum { .. } | DropEnum { .. } | DropIndex { .. } => vec![],
            DropForeignKey { .. } | DropUnique { .. } | DropCheck { .. } | SetTableComment { .. } => vec![],
            RenameTable { .. } | RenameColumn { .. } => vec![],
            // Adding values is cheap; a rebuild converts every row, and fails on rows holding a removed value.
            AlterEnum { from, to, .. } if enum_only_adds(from, to) => vec![],
            AlterEnum { .. } => vec![Risk::MayFail, Risk::LongLock],
            DropTable(_) | DropColumn { .. } => vec![Risk::DataLoss],
            AddColumn { column, .. } => {
                if !column.nullable && column.default.is_none() && !column.auto_increment {
                    vec![Risk::MayFail]
                } else {
                    vec![]
                }
            }
            // A unique index fails over duplicates. An index build blocks writes on PostgreSQL unless built
            // concurrently, and on SQLite; InnoDB builds it with writes going on.
            CreateIndex { .. } | AddUnique { .. } if backend == Backend::Mysql && self.builds_unique() => {
                vec![Risk::MayFail]
            }
            CreateIndex { .. } if backend == Backend::Mysql => vec![],
            CreateIndex { index, .. } if index.unique => vec![Risk::MayFail, Risk::LongLock],
            CreateIndex { .. } => vec![Risk::LongLock],
            // Validating a new constraint reads every row under a lock, and fails on rows that break it.
            AddForeignKey { .. } | AddUnique { .. } | AddCheck { .. } => vec![Risk::MayFail, Risk::LongLock],
            AlterPrimaryKey { to: Some(_), .. } => vec![Risk::MayFail, Risk::LongLock],
            AlterPrimaryKey { to: None, .. } => vec![],
            AlterColumn { from, to, .. } => alter_risks(from, to, backend),
            RebuildTable { from, to, reasons, .. } => rebuild_risks(from, to, reasons),
            // Concurrent builds and validations let writes go on: what remains is failing on rows that break the
            // new rule (and a failure leaves nothing a rerun trips over).
            Online(inner) => inner
                .risks(backend)
                .into_iter()
                .filter(|risk| *risk != Risk::LongLock)
                .collect(),
        }
    }

    /// Whether the statements of this change, lowered for `backend`, mean the same on every backend: plain sea-query
    /// builders with nothing backend-specific (no SQL text, no rebuild, no enum type, no restated MySQL column).
    pub fn is_portable(&self, backend: Backend) -> bool {
        use Change::*;
        match self {
            CreateTable(t) => t.checks.is_empty() && !has_enum(t) && !has_comment(t),
            DropTable(t) => t.checks.is_empty() && !has_enum(t),
            AddColumn { column, .. } => !matches!(column.ty, ColumnType::Enum { .. }) && column.comment.is_none(),
            DropColumn { column, .. } => !matches!(column.ty, ColumnType::Enum { .. }),
            CreateIndex { .. } | DropIndex { .. } | RenameTable { .. } | RenameColumn { .. } => true,
            AddForeignKey { .. } => true,
            DropForeignKey { foreign_key, .. } => foreign_key.backing_index.is_none(),
            // Concurrent index builds are the builders' own; the check for a failed build's leftover is guarded
            // to PostgreSQL.
            Online(inner) => {
                backend == Backend::Postgres && matches!(inner.as_ref(), CreateIndex { .. } | DropIndex { .. })
            }
            _ => false,
        }
    }

    /// True exactly when the change loses data (`risks` contains `data_loss`).
    pub fn is_destructive(&self, backend: Backend) -> bool {
        self.risks(backend).contains(&Risk::DataLoss)
    }

    /// For `alter_column`, what changes: `type`, `nullable`, `default`, `comment`, `auto_increment`.
    pub fn column_changes(&self) -> Vec<&'static str> {
        match self {
            Change::AlterColumn { from, to, .. } => column_changes(from, to),
            Change::Online(inner) => inner.column_changes(),
            _ => vec![],
        }
    }

    /// The description with the lock-safe form on `backend` when there is one: `create index idx_post_title on
    /// post, built concurrently`. An altered column says what it was and what it becomes, types and defaults
    /// spelled for `backend`: `alter column note.title: varchar(50) → varchar(80), NULL → NOT NULL`.
    pub fn headline(&self, backend: Backend) -> String {
        let inner = match self {
            Change::Online(inner) => inner.as_ref(),
            change => change,
        };
        let what = match inner {
            Change::AlterColumn { table, from, to } => {
                format!(
                    "alter column {table}.{}: {}",
                    to.name,
                    column_alterations(from, to, backend).join(", ")
                )
            }
            _ => self.describe(),
        };
        match self.form(backend) {
            Some(form) => format!("{what}, {form}"),
            None => what,
        }
    }

    /// A one-line description for people: `create table user_account`, `add column address.note`.
    pub fn describe(&self) -> String {
        use Change::*;
        match self {
            CreateTable(t) => format!("create table {}", t.key()),
            DropTable(t) => format!("drop table {}", t.key()),
            AddColumn { table, column } => format!("add column {table}.{}", column.name),
            DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            AlterColumn { table, from, to } => format!(
                "alter column {table}.{} ({})",
                to.name,
                column_changes(from, to).join(", ")
            ),
            CreateIndex { table, index, .. } => format!("create index {} on {table}", index.name),
            DropIndex { table, index, .. } => format!("drop index {} on {table}", index.name),
            AddForeignKey { table, foreign_key: fk } => format!(
                "add foreign key {table}({}) -> {}({})",
                fk.columns.join(", "),
                fk.ref_key(),
                fk.ref_columns.join(", ")
            ),
            DropForeignKey { table, foreign_key: fk } => format!(
                "drop foreign key {table}({}) -> {}({})",
                fk.columns.join(", "),
                fk.ref_key(),
                fk.ref_columns.join(", ")
            ),
            AddUnique { table, unique, .. } => format!("add unique {table}({})", unique.columns.join(", ")),
            DropUnique { table, unique, .. } => format!("drop unique {table}({})", unique.columns.join(", ")),
            AddCheck { table, check } => format!("add check {} on {table}", check_label(check)),
            DropCheck { table, check } => format!("drop check {} on {table}", check_label(check)),
            AlterPrimaryKey { table, to, .. } => match to {
                Some(pk) => format!("set primary key of {table} to ({})", pk.columns.join(", ")),
                None => format!("drop primary key of {table}"),
            },
            SetTableComment { table, to, .. } => match to {
                Some(_) => format!("set comment of table {table}"),
                None => format!("remove comment of table {table}"),
            },
            RebuildTable { to, reasons, .. } => format!("rebuild table {} ({})", to.key(), reasons.join(", ")),
            RenameTable { from, to } => format!("rename table {from} to {}", to.name),
            RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            CreateEnum { name, values } => format!("create enum {name} ({})", values.join(", ")),
            AlterEnum { name, from, to, .. } => {
                format!("alter enum {name} ({}) -> ({})", from.join(", "), to.join(", "))
            }
            DropEnum { name, .. } => format!("drop enum {name}"),
            Online(inner) => inner.describe(),
        }
    }
}

/// Whether `to` is `from` with values added and none moved or removed: `ALTER TYPE .. ADD VALUE` is enough.
pub fn enum_only_adds(from: &[String], to: &[String]) -> bool {
    let kept: Vec<&String> = to.iter().filter(|v| from.contains(v)).collect();
    kept.len() == from.len() && kept.iter().zip(from).all(|(a, b)| *a == b)
}

/// A check as people name it: its name, or its expression when it has none.
fn check_label(check: &sea_autogen_schema::Check) -> String {
    match &check.name {
        Some(name) => name.clone(),
        None => format!("({})", check.expr),
    }
}

/// What differs between two versions of a column, in the JSON contract's words.
pub(crate) fn column_changes(have: &Column, want: &Column) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if !same_type(&have.ty, &want.ty) {
        changed.push("type");
    }
    if have.nullable != want.nullable {
        changed.push("nullable");
    }
    if have.default != want.default {
        changed.push("default");
    }
    if have.comment != want.comment {
        changed.push("comment");
    }
    if have.auto_increment != want.auto_increment {
        changed.push("auto_increment");
    }
    changed
}

/// Each difference between two versions of a column as `before → after` ([`column_changes`]' order), for people:
/// types as `backend` spells them, defaults in the form they compare in.
fn column_alterations(have: &Column, want: &Column, backend: Backend) -> Vec<String> {
    let null = |nullable: bool| if nullable { "NULL" } else { "NOT NULL" };
    let default = |column: &Column| {
        column
            .default
            .as_deref()
            .map_or("none".to_owned(), |sql| short(&normalize_default(backend, sql)))
    };
    let comment = |column: &Column| {
        column
            .comment
            .as_deref()
            .map_or("none".to_owned(), |text| short(&quote_string(backend, text)))
    };
    column_changes(have, want)
        .into_iter()
        .map(|changed| match changed {
            "type" => type_alteration(&have.ty, &want.ty, backend),
            "nullable" => format!("{} → {}", null(have.nullable), null(want.nullable)),
            "default" => format!("default {} → {}", default(have), default(want)),
            "comment" => format!("comment {} → {}", comment(have), comment(want)),
            _ if want.auto_increment => "auto_increment added".to_owned(),
            _ => "auto_increment dropped".to_owned(),
        })
        .collect()
}

/// A type's change for people: both types as `backend` spells them, or for an inline enum (MySQL) the values added
/// and removed, which say it in fewer words.
fn type_alteration(have: &ColumnType, want: &ColumnType, backend: Backend) -> String {
    if let (ColumnType::Enum { variants: old, .. }, ColumnType::Enum { variants: new, .. }) = (have, want) {
        let listed = |values: Vec<&String>, what: &str| {
            let quoted: Vec<String> = values.iter().map(|v| quote_string(backend, v)).collect();
            let noun = if quoted.len() == 1 { "value" } else { "values" };
            (!quoted.is_empty()).then(|| short(&format!("enum {noun} {} {what}", quoted.join(", "))))
        };
        let added = listed(new.iter().filter(|v| !old.contains(v)).collect(), "added");
        let removed = listed(old.iter().filter(|v| !new.contains(v)).collect(), "removed");
        let said: Vec<String> = added.into_iter().chain(removed).collect();
        if !said.is_empty() {
            return said.join(", ");
        }
    }
    format!("{} → {}", short(&have.render(backend)), short(&want.render(backend)))
}

/// `text` on one short line: control characters escaped (`\n`), and cut after 40 characters.
fn short(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Column types compare equal; two PostgreSQL enums of the same name are the same type even when their values
/// differ, since the values belong to the type (planned as an enum change), not to the column.
pub(crate) fn same_type(have: &ColumnType, want: &ColumnType) -> bool {
    match (have, want) {
        (ColumnType::Enum { name: a, .. }, ColumnType::Enum { name: b, .. }) if !a.is_empty() => a == b,
        _ => have == want,
    }
}

fn alter_risks(from: &Column, to: &Column, backend: Backend) -> Vec<Risk> {
    let mut risks = Vec::new();
    if from.ty != to.ty {
        if !widens(&from.ty, &to.ty) {
            if narrows(&from.ty, &to.ty) {
                risks.push(Risk::DataLoss);
            }
            // A conversion can fail on values the new type cannot hold, and rewrites the table.
            risks.push(Risk::MayFail);
            risks.push(Risk::LongLock);
        } else if !in_place(&from.ty, &to.ty, backend) {
            // Every value fits, but the server writes the table again (or copies it) to get there.
            risks.push(Risk::LongLock);
        }
    }
    if from.nullable && !to.nullable {
        if !risks.contains(&Risk::MayFail) {
            risks.push(Risk::MayFail);
        }
        // PostgreSQL reads every row for NULLs under an exclusive lock (its lock-safe form validates a check
        // instead); MySQL rebuilds the table online.
        if backend == Backend::Postgres && !risks.contains(&Risk::LongLock) {
            risks.push(Risk::LongLock);
        }
    }
    if !from.auto_increment && to.auto_increment && !risks.contains(&Risk::MayFail) {
        // MySQL requires the column to be a key, and fails on duplicate or zero values.
        risks.push(Risk::MayFail);
    }
    risks.sort();
    risks
}

/// Whether every value of `from` is a value of `to`, unchanged: a longer or unbounded string, a larger integer or
/// float, more digits before the point, a longer binary string, a MySQL `ENUM` that keeps every value.
pub fn widens(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType::*;
    let longer = |a: &Option<u32>, b: &Option<u32>| match (a, b) {
        (Some(a), Some(b)) => b >= a,
        (_, None) => true,
        (None, Some(_)) => false,
    };
    let signed = |t: &ColumnType| match t {
        TinyInteger => Some(1),
        SmallInteger => Some(2),
        Integer => Some(3),
        BigInteger => Some(4),
        _ => None,
    };
    let unsigned = |t: &ColumnType| match t {
        TinyUnsigned => Some(1),
        SmallUnsigned => Some(2),
        Unsigned => Some(3),
        BigUnsigned => Some(4),
        _ => None,
    };
    match (from, to) {
        (String(a), String(b)) | (VarBinary(a), VarBinary(b)) => longer(a, b),
        (Char(Some(a)), Char(Some(b))) => b >= a,
        (String(_), Text) => true,
        (Decimal(Some((p1, s1))), Decimal(Some((p2, s2)))) => s2 == s1 && p2 >= p1,
        (Decimal(_), Decimal(None)) => true,
        (Float, Double) => true,
        (Enum { name: a, variants: old }, Enum { name: b, variants: new }) => {
            a == b && old.iter().all(|v| new.contains(v))
        }
        _ => match (signed(from), signed(to), unsigned(from), unsigned(to)) {
            (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => b >= a,
            _ => false,
        },
    }
}

/// Whether the server makes the widening `from` → `to` without writing the table again: PostgreSQL for a longer or
/// unbounded `varchar` (or `text`) and more digits of a `numeric`; MySQL and MariaDB for a `varchar` whose length
/// prefix keeps its size (both at most 255 bytes, or both over, counting 4 bytes a character as utf8mb4 does) and
/// for values appended to an `ENUM` (still under 256 of them).
pub fn in_place(from: &ColumnType, to: &ColumnType, backend: Backend) -> bool {
    use ColumnType::*;
    const BYTES_PER_CHAR: u32 = 4;
    let prefix_bytes = |n: &Option<u32>| n.map(|n| if n * BYTES_PER_CHAR > 255 { 2 } else { 1 });
    match backend {
        Backend::Postgres => match (from, to) {
            (String(_), String(_) | Text) => widens(from, to),
            (Decimal(_), Decimal(_)) => widens(from, to),
            _ => false,
        },
        Backend::Mysql => match (from, to) {
            (String(a), String(b)) => {
                widens(from, to) && prefix_bytes(a).is_some() && prefix_bytes(a) == prefix_bytes(b)
            }
            (Enum { variants: old, .. }, Enum { variants: new, .. }) => {
                widens(from, to) && new.starts_with(old) && (old.len() < 256) == (new.len() < 256)
            }
            _ => false,
        },
        Backend::Sqlite => false,
    }
}

/// Whether some value of `from` may not fit `to`: a shorter string, a smaller integer or decimal, text to a
/// sized string, or any change of kind.
fn narrows(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType::*;
    let int_rank = |t: &ColumnType| match t {
        TinyInteger | TinyUnsigned => Some(1),
        SmallInteger | SmallUnsigned => Some(2),
        Integer | Unsigned => Some(3),
        BigInteger | BigUnsigned => Some(4),
        _ => None,
    };
    match (from, to) {
        (String(a) | Char(a), String(b) | Char(b)) => match (a, b) {
            (Some(a), Some(b)) => b < a,
            (None, Some(_)) => true,
            _ => false,
        },
        (String(_) | Char(_), Text) => false,
        (Text, String(Some(_)) | Char(_)) => true,
        (Decimal(Some((p1, s1))), Decimal(Some((p2, s2)))) => p2 < p1 || s2 < s1,
        (Float, Double) => false,
        (Double, Float) => true,
        (Enum { variants: old, .. }, Enum { variants: new, .. }) => old.iter().any(|v| !new.contains(v)),
        _ => match (int_rank(from), int_rank(to)) {
            (Some(a), Some(b)) => b < a,
            // Any other change of kind (text to number, number to boolean, ...) may not keep every value.
            _ => from != to,
        },
    }
}

/// The reason of the inverse rebuild: what was added is dropped, and the other way round.
fn invert_reason(reason: &str) -> String {
    if let Some(column) = reason.strip_suffix(" added") {
        format!("{column} dropped")
    } else if let Some(column) = reason.strip_suffix(" dropped") {
        format!("{column} added")
    } else {
        reason.to_owned()
    }
}

fn rebuild_risks(from: &Table, to: &Table, reasons: &[String]) -> Vec<Risk> {
    let mut risks = vec![Risk::LongLock];
    if from.columns.iter().any(|c| to.column(&c.name).is_none()) {
        risks.push(Risk::DataLoss);
    }
    // Copying fails on rows the new definition refuses: a new NOT NULL, key, unique, check or foreign key.
    let stricter = to.columns.iter().any(|c| {
        from.column(&c.name)
            .map_or(!c.nullable && c.default.is_none() && !c.auto_increment, |old| {
                old.nullable && !c.nullable
            })
    }) || reasons.iter().any(|r| r.contains("(type") || !r.starts_with("column "));
    if stricter {
        risks.push(Risk::MayFail);
    }
    risks.sort();
    risks
}

fn has_enum(table: &Table) -> bool {
    table.columns.iter().any(|c| matches!(c.ty, ColumnType::Enum { .. }))
}

fn has_comment(table: &Table) -> bool {
    table.comment.is_some() || table.columns.iter().any(|c| c.comment.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An altered column's headline says what it was and what it becomes, spelled for the backend.
    #[test]
    fn an_altered_column_says_from_what_to_what() {
        let from = Column::new("title", ColumnType::String(Some(50)))
            .nullable()
            .default_sql("'a'::character varying");
        let to = Column::new("title", ColumnType::String(Some(80)));
        let change = Change::AlterColumn {
            table: TableName::new("note"),
            from,
            to: to.clone(),
        };
        assert_eq!(
            change.headline(Backend::Postgres),
            "alter column note.title: varchar(50) → varchar(80), NULL → NOT NULL, default 'a' → none"
        );
        assert_eq!(change.describe(), "alter column note.title (type, nullable, default)");
        let mut commented = to.clone().default_sql("'line\none'");
        commented.comment = Some("the title".into());
        commented.auto_increment = true;
        let change = Change::Online(Box::new(Change::AlterColumn {
            table: TableName::new("note"),
            from: to,
            to: commented,
        }));
        assert_eq!(
            change.headline(Backend::Mysql),
            "alter column note.title: default none → 'line\\none', comment none → 'the title', auto_increment added, \
             ALGORITHM=INSTANT"
        );
        let status = |values: &[&str]| {
            // An inline MySQL enum has no name of its own.
            let ty = ColumnType::Enum {
                name: String::new(),
                variants: values.iter().map(|v| v.to_string()).collect(),
            };
            Column::new("status", ty)
        };
        let change = Change::AlterColumn {
            table: TableName::new("ticket"),
            from: status(&["open", "pending", "closed"]),
            to: status(&["open", "closed", "archived"]),
        };
        assert_eq!(
            change.headline(Backend::Mysql),
            "alter column ticket.status: enum value 'archived' added, enum value 'pending' removed"
        );
    }
}
