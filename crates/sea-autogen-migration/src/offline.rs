//! `upgrade --sql` and `downgrade --sql`: the SQL the migrations would run, printed instead of run.
//!
//! Each migration's own `up` or `down` runs against SeaORM's recording connection (`MockDatabase`) for the
//! backend, so the SQL is exactly what its builders produce, hand-written statements included. Transactions are
//! written as sea-orm-migration would open them, with the bookkeeping row it writes.

use anyhow::{Result, bail};
use sea_autogen_schema::{Backend, quote_ident, quote_string};
use sea_orm::{MockDatabase, MockExecResult};
use sea_orm_migration::{MigrationTrait, SchemaManager};
use std::collections::BTreeMap;

/// The SQL of each named migration in order, `up` or `down`, as one script with a comment per migration.
pub async fn script(
    migrations: &[&dyn MigrationTrait],
    backend: Backend,
    up: bool,
    bookkeeping_table: &str,
) -> Result<String> {
    let db_backend = sea_autogen::backend::to_sea_orm(backend);
    let mut out = format!(
        "-- {} SQL for {backend}, written by `cargo autogen {} --sql`; nothing was run.\n",
        if up { "Upgrade" } else { "Downgrade" },
        if up { "upgrade" } else { "downgrade" }
    );
    for migration in migrations {
        let name = migration.name();
        let recorder = MockDatabase::new(db_backend)
            .append_exec_results((0..10_000).map(|_| MockExecResult {
                last_insert_id: 0,
                rows_affected: 0,
            }))
            // Reads (a SQLite rebuild's foreign-key check) see no rows.
            .append_query_results((0..1_000).map(|_| Vec::<BTreeMap<String, sea_orm::Value>>::new()))
            .into_connection();
        let manager = SchemaManager::new(&recorder);
        let run = if up {
            migration.up(&manager).await
        } else {
            migration.down(&manager).await
        };
        if let Err(err) = run {
            bail!("cannot print the SQL of {name}: {err}");
        }
        let statements: Vec<String> = recorder
            .into_transaction_log()
            .iter()
            .flat_map(|t| t.statements().to_vec())
            .map(|s| s.to_string())
            .collect();
        let transaction = migration.use_transaction().unwrap_or(backend == Backend::Postgres);
        out.push_str(&format!("\n-- {name}\n"));
        if transaction {
            out.push_str("BEGIN;\n");
        }
        for sql in statements {
            out.push_str(sql.trim_end_matches(';'));
            out.push_str(";\n");
        }
        let table = quote_ident(backend, bookkeeping_table);
        let version = quote_string(backend, name);
        if up {
            out.push_str(&format!(
                "INSERT INTO {table} ({}, {}) VALUES ({version}, {});\n",
                quote_ident(backend, "version"),
                quote_ident(backend, "applied_at"),
                crate::bookkeeping::now()
            ));
        } else {
            out.push_str(&format!(
                "DELETE FROM {table} WHERE {} = {version};\n",
                quote_ident(backend, "version")
            ));
        }
        if transaction {
            out.push_str("COMMIT;\n");
        }
    }
    Ok(out)
}
