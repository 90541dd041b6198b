//! Shadow databases: a scratch database the migrations are replayed into, so `--shadow` compares the entities
//! with what the migration files produce, not with a long-lived database. In-memory on SQLite; on PostgreSQL and
//! MySQL a uniquely named database on the same server, dropped afterwards whatever happened.

use crate::config::{self, connect};
use anyhow::{Context, Result};
use sea_autogen_schema::{Backend, quote_ident};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct Shadow {
    pub db: DatabaseConnection,
    /// On a server: the connection the shadow database was created from, and its name, to drop it.
    server: Option<(DatabaseConnection, String)>,
    backend: Backend,
}

impl Shadow {
    /// An empty scratch database beside `live_url`'s (nothing is read from or written to the live database). On
    /// PostgreSQL, `schema` (`-s`) is created in it and becomes its `search_path`, as in the live database.
    pub async fn create(live_url: &str, backend: Backend, schema: Option<&str>) -> Result<Shadow> {
        if backend == Backend::Sqlite {
            let db = connect("sqlite::memory:", None, "the shadow database", "").await?;
            return Ok(Shadow {
                db,
                server: None,
                backend,
            });
        }
        let server = connect(live_url, None, "the server", "").await?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("autogen_shadow_{}_{nanos}", std::process::id());
        let quoted = quote_ident(backend, &name);
        server
            .execute_unprepared(&format!("CREATE DATABASE {quoted}"))
            .await
            .map_err(|err| {
                anyhow::anyhow!(
                    "--shadow creates a scratch database on the server of {}, and that failed: {}\ngrant the user \
                     CREATE DATABASE (PostgreSQL: `ALTER ROLE .. CREATEDB`; MySQL: `GRANT ALL ON \
                     \\`autogen_shadow_%\\`.* TO ..`), or run without --shadow",
                    config::redact(live_url),
                    config::scrub(&err.to_string(), live_url)
                )
            })?;
        let mut url = url::Url::parse(live_url).context("reading the database URL")?;
        url.set_path(&format!("/{name}"));
        let schema = schema.filter(|_| backend == Backend::Postgres);
        if let Some(schema) = schema {
            let db = connect(url.as_str(), None, "the shadow database", "").await?;
            let created = db
                .execute_unprepared(&format!("CREATE SCHEMA {}", quote_ident(backend, schema)))
                .await;
            let _ = db.close().await;
            if let Err(err) = created {
                let _ = server.execute_unprepared(&format!("DROP DATABASE {quoted}")).await;
                anyhow::bail!("creating schema {schema} in the shadow database failed: {err}");
            }
        }
        match connect(url.as_str(), schema, "the shadow database", "").await {
            Ok(db) => Ok(Shadow {
                db,
                server: Some((server, name)),
                backend,
            }),
            Err(err) => {
                let _ = server.execute_unprepared(&format!("DROP DATABASE {quoted}")).await;
                Err(err)
            }
        }
    }

    /// Drops the scratch database (a no-op in memory).
    pub async fn drop(self) -> Result<()> {
        let _ = self.db.close().await;
        if let Some((server, name)) = self.server {
            let quoted = quote_ident(self.backend, &name);
            let sql = match self.backend {
                Backend::Postgres => format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"),
                _ => format!("DROP DATABASE IF EXISTS {quoted}"),
            };
            server
                .execute_unprepared(&sql)
                .await
                .with_context(|| format!("dropping the shadow database {name}: drop it by hand"))?;
            let _ = server.close().await;
        }
        Ok(())
    }
}
