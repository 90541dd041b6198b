//! The neutral schema model shared by every stage of sea-autogen.
//!
//! A [`Schema`] is plain data: what the entities want, or what a live database has. It knows nothing of SeaORM,
//! of databases or of async; the only backend knowledge here is how each backend spells and normalizes types
//! ([`ColumnType::canonical`], [`ColumnType::parse`]), so that two schemas can be compared without false diffs.

mod backend;
mod types;

pub use backend::Backend;
pub use types::ColumnType;

use serde::Serialize;
use std::collections::BTreeMap;

/// A whole database schema, tables keyed (and so ordered) by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
}

impl Schema {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a schema from tables; a later table with the same name replaces an earlier one.
    pub fn from_tables(tables: impl IntoIterator<Item = Table>) -> Self {
        Self {
            tables: tables.into_iter().map(|t| (t.name.clone(), t)).collect(),
        }
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The form in which two schemas are compared on `backend`: types as the backend's catalog reports them,
    /// and every list in a deterministic order.
    pub fn normalized(&self, backend: Backend) -> Schema {
        Schema {
            tables: self
                .tables
                .iter()
                .map(|(name, table)| (name.clone(), table.normalized(backend)))
                .collect(),
        }
    }
}

/// One table. Columns keep their declared order; constraint lists are compared as sets after normalization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Objects of the table sea-autogen does not model (expression or partial indexes, ...), described for people.
    /// They are never changed or dropped; the plan names them in a warning.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmanaged: Vec<String>,
}

impl Table {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The tables this one references through its foreign keys, itself excluded.
    pub fn referenced_tables(&self) -> impl Iterator<Item = &str> {
        self.foreign_keys
            .iter()
            .map(|fk| fk.ref_table.as_str())
            .filter(move |t| *t != self.name)
    }

    pub fn normalized(&self, backend: Backend) -> Table {
        let mut table = self.clone();
        for column in &mut table.columns {
            *column = column.normalized(backend);
        }
        if let Some(pk) = &mut table.primary_key {
            // Constraint names of primary keys are not kept by SQLite and MySQL; only the columns matter.
            pk.name = None;
        }
        if backend == Backend::Sqlite {
            // SQLite does not record foreign-key or unique-constraint names.
            for fk in &mut table.foreign_keys {
                fk.name = None;
            }
            for unique in &mut table.uniques {
                unique.name = None;
            }
        }
        // NO ACTION is the unstated default everywhere; MySQL also treats RESTRICT as NO ACTION.
        let is_default = |a: &ForeignKeyAction| {
            *a == ForeignKeyAction::NoAction || (backend == Backend::Mysql && *a == ForeignKeyAction::Restrict)
        };
        for fk in &mut table.foreign_keys {
            fk.on_delete = fk.on_delete.filter(|a| !is_default(a));
            fk.on_update = fk.on_update.filter(|a| !is_default(a));
        }
        table.uniques.sort();
        table.indexes.sort();
        table.foreign_keys.sort();
        table
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type", serialize_with = "types::serialize_type")]
    pub ty: ColumnType,
    pub nullable: bool,
    /// The default as an SQL expression, spelled as the backend reports it (`'x'`, `0`, `CURRENT_TIMESTAMP`).
    pub default: Option<String>,
    pub auto_increment: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Column {
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        Self {
            name: name.into(),
            ty,
            nullable: false,
            default: None,
            auto_increment: false,
            comment: None,
        }
    }

    pub fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    pub fn auto_increment(mut self) -> Self {
        self.auto_increment = true;
        self
    }

    pub fn default_sql(mut self, sql: impl Into<String>) -> Self {
        self.default = Some(sql.into());
        self
    }

    pub fn normalized(&self, backend: Backend) -> Column {
        let mut column = self.clone();
        column.ty = self.ty.canonical(backend);
        column.default = self.default.as_deref().map(|d| backend::normalize_default(backend, d));
        if backend == Backend::Sqlite {
            // SQLite has no column comments.
            column.comment = None;
        }
        column
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PrimaryKey {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// A unique constraint (as opposed to a unique index, which is an [`Index`] with `unique` set).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unique {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ForeignKey {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<ForeignKeyAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_update: Option<ForeignKeyAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForeignKeyAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ForeignKeyAction {
    /// Reads the spelling catalogs use (`NO ACTION`, `SET NULL`, ...), case-insensitively.
    pub fn parse(sql: &str) -> Option<Self> {
        match sql.trim().to_ascii_uppercase().as_str() {
            "NO ACTION" => Some(Self::NoAction),
            "RESTRICT" => Some(Self::Restrict),
            "CASCADE" => Some(Self::Cascade),
            "SET NULL" => Some(Self::SetNull),
            "SET DEFAULT" => Some(Self::SetDefault),
            _ => None,
        }
    }

    pub fn as_sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }
}

#[cfg(test)]
mod tests;
