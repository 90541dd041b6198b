//! The neutral schema model shared by every stage of sea-autogen.
//!
//! A [`Schema`] is plain data: what the entities want, or what a live database has. It knows nothing of SeaORM,
//! of databases or of async; the only backend knowledge here is how each backend spells and normalizes types
//! ([`ColumnType::canonical`], [`ColumnType::parse`]), so that two schemas can be compared without false diffs.

mod backend;
mod types;

pub use backend::{
    Backend, cast_number, default_literal, normalize_default, normalize_expr, quote_ident, quote_string,
    rename_in_expr, strip_parens,
};
pub use types::ColumnType;

use std::collections::BTreeMap;

/// A whole database schema, tables keyed (and so ordered) by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Schema {
    /// Tables keyed by [`Table::key`]: the bare name, or `schema.name` outside the default PostgreSQL schema.
    pub tables: BTreeMap<String, Table>,
    /// PostgreSQL enum types, keyed by name, with their values in declared order. Other backends have none:
    /// MySQL spells enums inline in the column type, SQLite stores text.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "BTreeMap::is_empty"))]
    pub enums: BTreeMap<String, Vec<String>>,
    /// Objects of the database sea-autogen does not manage (views, triggers, functions, sequences, extensions),
    /// described for people: never changed or dropped, named once in a warning.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub unmanaged: Vec<String>,
}

impl Schema {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a schema from tables; a later table with the same name replaces an earlier one.
    pub fn from_tables(tables: impl IntoIterator<Item = Table>) -> Self {
        Self {
            tables: tables.into_iter().map(|t| (t.key(), t)).collect(),
            enums: BTreeMap::new(),
            unmanaged: Vec::new(),
        }
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The form in which two schemas are compared on `backend`: types as the backend's catalog reports them,
    /// and every list in a deterministic order.
    pub fn normalized(&self, backend: Backend) -> Schema {
        let tables: BTreeMap<String, Table> = self
            .tables
            .iter()
            .map(|(name, table)| (name.clone(), table.normalized(backend)))
            .collect();
        let mut enums = BTreeMap::new();
        if backend == Backend::Postgres {
            enums.clone_from(&self.enums);
            // An enum column needs its type: the types the columns use are part of the schema.
            for column in tables.values().flat_map(|t| &t.columns) {
                if let ColumnType::Enum { name, variants } = &column.ty {
                    enums.entry(name.clone()).or_insert_with(|| variants.clone());
                }
            }
        }
        Schema {
            tables,
            enums,
            unmanaged: Vec::new(),
        }
    }

    /// Marks tables of `schema` as living in the default schema: entities may name the schema explicitly
    /// (`schema_name = "public"`) while the catalog reports the default one as no schema at all.
    pub fn with_default_schema(self, schema: &str) -> Schema {
        let unqualify = |s: Option<String>| s.filter(|s| s != schema);
        let tables = self.tables.into_values().map(|mut table| {
            table.schema = unqualify(table.schema.take());
            for fk in &mut table.foreign_keys {
                fk.ref_schema = unqualify(fk.ref_schema.take());
            }
            table
        });
        Schema {
            enums: self.enums,
            unmanaged: self.unmanaged,
            ..Schema::from_tables(tables)
        }
    }

    /// The non-default schemas the tables live in.
    pub fn schema_names(&self) -> std::collections::BTreeSet<String> {
        self.tables.values().filter_map(|t| t.schema.clone()).collect()
    }
}

/// One table. Columns keep their declared order; constraint lists are compared as sets after normalization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Table {
    pub name: String,
    /// The PostgreSQL schema (SeaORM's `schema_name`) when it is not the connection's default one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub schema: Option<String>,
    pub columns: Vec<Column>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub primary_key: Option<PrimaryKey>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub uniques: Vec<Unique>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub indexes: Vec<Index>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub foreign_keys: Vec<ForeignKey>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub checks: Vec<Check>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub comment: Option<String>,
    /// The table's previous name, from `#[autogen(renamed_from = "...")]`: a hint for the diff, not part of the
    /// schema.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub renamed_from: Option<String>,
    /// Objects of the table sea-autogen does not model (expression or partial indexes, ...), described for people.
    /// They are never changed or dropped; the plan names them in a warning.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub unmanaged: Vec<String>,
}

impl Table {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn table_name(&self) -> TableName {
        TableName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }

    /// The table's key in [`Schema::tables`]: `name`, or `schema.name` outside the default schema.
    pub fn key(&self) -> String {
        qualified(self.schema.as_deref(), &self.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The keys of the tables this one references through its foreign keys, itself excluded.
    pub fn referenced_tables(&self) -> impl Iterator<Item = String> + '_ {
        let own = self.key();
        self.foreign_keys
            .iter()
            .map(ForeignKey::ref_key)
            .filter(move |t| *t != own)
    }

    pub fn normalized(&self, backend: Backend) -> Table {
        let mut table = self.clone();
        table.renamed_from = None;
        for column in &mut table.columns {
            *column = column.normalized(backend);
        }
        if let Some(pk) = &mut table.primary_key {
            // Constraint names of primary keys are not kept by SQLite and MySQL; only the columns matter.
            pk.name = None;
        }
        if backend == Backend::Sqlite {
            // SQLite lets a key column it does not alias to the rowid hold NULL unless it says NOT NULL, a quirk
            // kept for compatibility; no entity wants a NULL key, so a key column is compared as NOT NULL.
            if let Some(pk) = &table.primary_key {
                for column in table.columns.iter_mut().filter(|c| pk.columns.contains(&c.name)) {
                    column.nullable = false;
                }
            }
            // SQLite has no table comments, and does not record foreign-key or unique-constraint names.
            table.comment = None;
            for fk in &mut table.foreign_keys {
                fk.name = None;
            }
            for unique in &mut table.uniques {
                unique.name = None;
            }
        }
        if backend != Backend::Postgres {
            // Only PostgreSQL has schemas inside a database.
            table.schema = None;
            for fk in &mut table.foreign_keys {
                fk.ref_schema = None;
            }
        }
        if backend == Backend::Mysql {
            // MySQL and MariaDB have no partial indexes.
            for index in &mut table.indexes {
                index.predicate = None;
            }
        }
        for index in &mut table.indexes {
            index.predicate = index.predicate.as_deref().map(normalize_expr);
            index.descending.sort();
        }
        for check in &mut table.checks {
            check.expr = normalize_expr(&check.expr);
        }
        // NO ACTION is the unstated default everywhere; MySQL also treats RESTRICT as NO ACTION.
        let is_default = |a: &ForeignKeyAction| {
            *a == ForeignKeyAction::NoAction || (backend == Backend::Mysql && *a == ForeignKeyAction::Restrict)
        };
        for fk in &mut table.foreign_keys {
            fk.on_delete = fk.on_delete.filter(|a| !is_default(a));
            fk.on_update = fk.on_update.filter(|a| !is_default(a));
            fk.backing_index = None;
        }
        table.uniques.sort();
        table.indexes.sort();
        table.foreign_keys.sort();
        table.checks.sort();
        table
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Column {
    pub name: String,
    #[cfg_attr(feature = "serde", serde(rename = "type", serialize_with = "types::serialize_type"))]
    pub ty: ColumnType,
    pub nullable: bool,
    /// The default as an SQL expression, spelled as the backend reports it (`'x'`, `0`, `CURRENT_TIMESTAMP`).
    pub default: Option<String>,
    pub auto_increment: bool,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub comment: Option<String>,
    /// The column's previous name, from SeaORM's `#[sea_orm(renamed_from = "...")]`: a hint for the diff, not part
    /// of the schema.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub renamed_from: Option<String>,
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
            renamed_from: None,
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
        column.renamed_from = None;
        column.ty = self.ty.canonical(backend);
        column.default = self.default.as_deref().map(|d| backend::normalize_default(backend, d));
        if backend == Backend::Sqlite {
            // SQLite has no column comments.
            column.comment = None;
        }
        column
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PrimaryKey {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// A unique constraint (as opposed to a unique index, which is an [`Index`] with `unique` set).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Unique {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    /// The key columns sorted in descending order; the others sort ascending.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub descending: Vec<String>,
    /// The `WHERE` of a partial index (PostgreSQL and SQLite), as SQL.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub predicate: Option<String>,
}

impl Index {
    pub fn new(name: impl Into<String>, columns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            name: name.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    pub fn is_descending(&self, column: &str) -> bool {
        self.descending.iter().any(|c| c == column)
    }
}

/// A check constraint: a boolean SQL expression every row must satisfy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Check {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub expr: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ForeignKey {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    /// The referenced table's PostgreSQL schema when it is not the default one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ref_schema: Option<String>,
    pub ref_columns: Vec<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub on_delete: Option<ForeignKeyAction>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub on_update: Option<ForeignKeyAction>,
    /// MySQL: the index MySQL created for this key, named after it. It is part of the key, not an index of its
    /// own: dropped with the key, never compared.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub backing_index: Option<String>,
}

impl ForeignKey {
    /// The referenced table's key in [`Schema::tables`].
    pub fn ref_key(&self) -> String {
        qualified(self.ref_schema.as_deref(), &self.ref_table)
    }
}

/// A table's name with its PostgreSQL schema (`None` in the default schema): how changes name the table they touch.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TableName {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            schema: None,
            name: name.into(),
        }
    }
}

impl std::fmt::Display for TableName {
    /// `schema.name`, or the bare name: the table's key in [`Schema::tables`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&qualified(self.schema.as_deref(), &self.name))
    }
}

/// `schema.name`, or the bare name in the default schema.
pub fn qualified(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
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
