//! What sea-autogen records beside sea-orm-migration's `seaql_migrations`: the checksum of each migration file as it
//! was applied (`autogen_migrations`), and `stamp`, which sets the applied list without running anything.

use anyhow::{Context, Result};
use sea_orm::sea_query::{Alias, ColumnDef, Expr, ExprTrait, Query, Table};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::BTreeMap;

/// The checksum table (reserved; never part of the schema).
pub const TABLE: &str = "autogen_migrations";

/// sea-orm-migration's bookkeeping table when no Migrator says otherwise (`entities` runs without one); commands
/// that have a Migrator ask it (`MigratorTrait::migration_table_name`).
pub const SEA_ORM_TABLE: &str = "seaql_migrations";

/// The recorded checksums by migration name; empty when the table does not exist yet.
pub async fn checksums(db: &DatabaseConnection) -> BTreeMap<String, String> {
    let select = Query::select()
        .columns([Alias::new("version"), Alias::new("checksum")])
        .from(Alias::new(TABLE))
        .to_owned();
    let Ok(rows) = db.query_all(&select).await else {
        return BTreeMap::new();
    };
    rows.iter()
        .filter_map(|row| {
            Some((
                row.try_get::<String>("", "version").ok()?,
                row.try_get::<String>("", "checksum").ok()?,
            ))
        })
        .collect()
}

async fn install(db: &DatabaseConnection) -> Result<()> {
    let create = Table::create()
        .table(Alias::new(TABLE))
        .if_not_exists()
        .col(
            ColumnDef::new(Alias::new("version"))
                .string_len(255)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Alias::new("checksum")).string_len(64).not_null())
        .col(ColumnDef::new(Alias::new("applied_at")).big_integer().not_null())
        .to_owned();
    db.execute(&create).await.with_context(|| format!("creating {TABLE}"))?;
    Ok(())
}

/// Records the checksums of migrations just applied (replacing what was recorded for them).
pub async fn record(db: &DatabaseConnection, applied: &[(String, String)]) -> Result<()> {
    if applied.is_empty() {
        return Ok(());
    }
    install(db).await?;
    let now = now();
    for (name, checksum) in applied {
        delete_rows(db, std::slice::from_ref(name)).await?;
        let insert = Query::insert()
            .into_table(Alias::new(TABLE))
            .columns([Alias::new("version"), Alias::new("checksum"), Alias::new("applied_at")])
            .values_panic([name.clone().into(), checksum.clone().into(), now.into()])
            .to_owned();
        db.execute(&insert)
            .await
            .with_context(|| format!("recording the checksum of {name}"))?;
    }
    Ok(())
}

/// Forgets the checksums of migrations just reverted; the table goes once it would be empty.
pub async fn forget(db: &DatabaseConnection, names: &[String]) -> Result<()> {
    let recorded = checksums(db).await;
    if names.is_empty() || recorded.is_empty() {
        return Ok(());
    }
    // Once nothing is recorded, only sea-orm-migration's own table is left, as before the first upgrade.
    if recorded.keys().all(|name| names.contains(name)) {
        let drop = Table::drop().table(Alias::new(TABLE)).if_exists().to_owned();
        db.execute(&drop)
            .await
            .with_context(|| format!("dropping the emptied {TABLE}"))?;
        return Ok(());
    }
    delete_rows(db, names).await
}

async fn delete_rows(db: &DatabaseConnection, names: &[String]) -> Result<()> {
    let delete = Query::delete()
        .from_table(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("version")).is_in(names.iter().cloned()))
        .to_owned();
    db.execute(&delete).await.with_context(|| format!("updating {TABLE}"))?;
    Ok(())
}

/// The names in `seaql_migrations` (or the table the Migrator names), in the order they were applied.
pub async fn applied(db: &DatabaseConnection, table: &str) -> Result<Vec<String>> {
    let select = Query::select()
        .column(Alias::new("version"))
        .from(Alias::new(table))
        .order_by(Alias::new("version"), sea_orm::sea_query::Order::Asc)
        .to_owned();
    let rows = db
        .query_all(&select)
        .await
        .with_context(|| format!("reading {table}"))?;
    Ok(rows
        .iter()
        .filter_map(|row| row.try_get::<String>("", "version").ok())
        .collect())
}

/// Makes `table` list exactly `wanted` as applied, without running any migration: rows for the others (unknown
/// ones included) are deleted, missing ones inserted.
pub async fn set_applied(
    db: &DatabaseConnection,
    table: &str,
    wanted: &[String],
) -> Result<(Vec<String>, Vec<String>)> {
    let have = applied(db, table).await?;
    let removed: Vec<String> = have.iter().filter(|n| !wanted.contains(n)).cloned().collect();
    let added: Vec<String> = wanted.iter().filter(|n| !have.contains(n)).cloned().collect();
    if !removed.is_empty() {
        let delete = Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new("version")).is_in(removed.iter().cloned()))
            .to_owned();
        db.execute(&delete).await.with_context(|| format!("updating {table}"))?;
    }
    let now = now();
    for name in &added {
        let insert = Query::insert()
            .into_table(Alias::new(table))
            .columns([Alias::new("version"), Alias::new("applied_at")])
            .values_panic([name.clone().into(), now.into()])
            .to_owned();
        db.execute(&insert).await.with_context(|| format!("updating {table}"))?;
    }
    forget(db, &removed).await?;
    Ok((added, removed))
}

/// Seconds since the Unix epoch, as sea-orm-migration records `applied_at`.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
