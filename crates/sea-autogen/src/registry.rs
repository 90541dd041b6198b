//! The entity registry, sea-autogen's `Base.metadata`: every `#[derive(Autogen)]` adds one entry at link time.

use crate::entity;
use sea_autogen_schema::{Backend, Check, Index, Schema, Table};
use sea_orm::EntityTrait;

/// One registered entity: where it is declared and how to build its table.
#[derive(Debug)]
pub struct EntityRegistration {
    module_path: &'static str,
    table: fn(Backend) -> Result<Table, RegistryError>,
    indexes: &'static [IndexSpec],
    checks: &'static [CheckSpec],
    renamed_from: Option<&'static str>,
}

/// An index declared with `#[autogen(index(name = "...", columns("a", "b desc"), unique, r#where = "..."))]`, for
/// what SeaORM's own attributes cannot say (named, composite, descending and partial indexes).
#[derive(Debug)]
pub struct IndexSpec {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub unique: bool,
    /// The columns among `columns` that sort descending.
    pub descending: &'static [&'static str],
    /// The `WHERE` of a partial index (PostgreSQL and SQLite; MySQL has none and ignores it).
    pub predicate: Option<&'static str>,
}

/// A check constraint declared with `#[autogen(check(name = "...", expr = "..."))]`; unnamed where the database
/// keeps no name (SQLite).
#[derive(Debug)]
pub struct CheckSpec {
    pub name: Option<&'static str>,
    pub expr: &'static str,
}

impl EntityRegistration {
    /// Called by the derive's expansion with `module_path!()` and `table_of::<Entity>`.
    pub const fn new(module_path: &'static str, table: fn(Backend) -> Result<Table, RegistryError>) -> Self {
        Self {
            module_path,
            table,
            indexes: &[],
            checks: &[],
            renamed_from: None,
        }
    }

    /// The table's previous name, from `#[autogen(renamed_from = "...")]`.
    pub const fn with_renamed_from(mut self, name: &'static str) -> Self {
        self.renamed_from = Some(name);
        self
    }

    /// The check constraints the entity declares through `#[autogen(check(...))]`.
    pub const fn with_checks(mut self, checks: &'static [CheckSpec]) -> Self {
        self.checks = checks;
        self
    }

    /// The indexes the entity declares through `#[autogen(index(...))]`.
    pub const fn with_indexes(mut self, indexes: &'static [IndexSpec]) -> Self {
        self.indexes = indexes;
        self
    }

    /// The module that declares the entity, such as `quickstart::entity::user_account`.
    pub fn module_path(&self) -> &'static str {
        self.module_path
    }

    /// The entity's table on `backend`; an error when a column's type does not exist there.
    pub fn table(&self, backend: Backend) -> Result<Table, RegistryError> {
        let mut table = (self.table)(backend)?;
        let owned = |list: &[&str]| list.iter().map(|c| (*c).to_owned()).collect();
        table.indexes.extend(self.indexes.iter().map(|spec| Index {
            name: spec.name.to_owned(),
            columns: owned(spec.columns),
            unique: spec.unique,
            descending: owned(spec.descending),
            predicate: spec.predicate.filter(|_| backend != Backend::Mysql).map(str::to_owned),
        }));
        table.renamed_from = self.renamed_from.map(str::to_owned);
        table.checks.extend(self.checks.iter().map(|spec| Check {
            name: spec.name.map(str::to_owned),
            expr: spec.expr.to_owned(),
        }));
        Ok(table)
    }
}

inventory::collect!(EntityRegistration);

/// Builds the table of entity `E` from SeaORM's own metadata, exactly as SeaORM would create it on `backend`.
pub fn table_of<E: EntityTrait + Default>(backend: Backend) -> Result<Table, RegistryError> {
    entity::table_of(E::default(), backend)
}

/// The registered entities whose module path starts with `prefix` (all of them when `prefix` is empty), ordered by
/// module path.
pub fn entities(prefix: &str) -> Vec<&'static EntityRegistration> {
    let mut found: Vec<_> = inventory::iter::<EntityRegistration>
        .into_iter()
        .filter(|e| in_module(e.module_path, prefix))
        .collect();
    found.sort_by_key(|e| e.module_path);
    found
}

/// Whether `path` is `prefix` or lies inside it (`a::b` is inside `a`, `ab` is not).
fn in_module(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches("::");
    prefix.is_empty() || path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with("::"))
}

/// Why the registered entities do not make one schema.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error(
        "no entities are registered{}: add `#[derive(Autogen)]` to your entities' `Model`s and make the migration \
         crate's main.rs use the entity crate (`use my_entities as _;`) so the linker keeps them",
        in_prefix(.0)
    )]
    Empty(String),
    #[error("table `{table}` is declared by two entities, in `{first}` and `{second}`")]
    DuplicateTable {
        table: String,
        first: &'static str,
        second: &'static str,
    },
    #[error(
        "table `{table}`, column `{column}`: {backend} has no column type {ty}: give the field a type {backend} \
         has (`#[sea_orm(column_type = \"...\")]`)"
    )]
    UnsupportedType {
        table: String,
        column: String,
        ty: String,
        backend: Backend,
    },
}

fn in_prefix(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!(" under `{prefix}`")
    }
}

/// The schema the registered entities under `prefix` describe, on `backend`.
pub fn desired_schema(backend: Backend, prefix: &str) -> Result<Schema, RegistryError> {
    let registered = entities(prefix);
    if registered.is_empty() {
        return Err(RegistryError::Empty(prefix.to_owned()));
    }
    let mut schema = Schema::new();
    let mut declared_in = std::collections::BTreeMap::new();
    for registration in registered {
        let table = registration.table(backend)?;
        if let Some(first) = declared_in.insert(table.name.clone(), registration.module_path) {
            return Err(RegistryError::DuplicateTable {
                table: table.name,
                first,
                second: registration.module_path,
            });
        }
        schema.tables.insert(table.name.clone(), table);
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::in_module;

    #[test]
    fn module_prefixes() {
        assert!(in_module("app::entity::user", ""));
        assert!(in_module("app::entity::user", "app"));
        assert!(in_module("app::entity::user", "app::entity"));
        assert!(in_module("app::entity::user", "app::entity::"));
        assert!(in_module("app::entity::user", "app::entity::user"));
        assert!(!in_module("app::entity::user", "app::ent"));
        assert!(!in_module("application::user", "app"));
    }
}
