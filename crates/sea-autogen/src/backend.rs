//! The one conversion between sea-autogen's backends and SeaORM's: every crate that meets a SeaORM connection or
//! statement converts here.

use sea_autogen_schema::Backend;
use sea_orm::DbBackend;

/// SeaORM's backend for `backend`.
pub fn to_sea_orm(backend: Backend) -> DbBackend {
    match backend {
        Backend::Sqlite => DbBackend::Sqlite,
        Backend::Postgres => DbBackend::Postgres,
        Backend::Mysql => DbBackend::MySql,
    }
}

/// sea-autogen's backend for SeaORM's; `None` for one it does not support.
pub fn from_sea_orm(backend: DbBackend) -> Option<Backend> {
    match backend {
        DbBackend::Sqlite => Some(Backend::Sqlite),
        DbBackend::Postgres => Some(Backend::Postgres),
        DbBackend::MySql => Some(Backend::Mysql),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_backend_converts_both_ways() {
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            assert_eq!(from_sea_orm(to_sea_orm(backend)), Some(backend));
        }
    }
}
