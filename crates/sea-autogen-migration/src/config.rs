//! Where settings come from: flags, the environment, `.env`, `autogen.toml`, and the embedded SQLite default.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The URL used when nothing else names a database: a SQLite file in the current directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://db.sqlite3?mode=rwc";

/// How long a statement waits for a lock on PostgreSQL during `upgrade` and `downgrade` when `autogen.toml` does not
/// say.
pub const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How many more times a migration stopped by the lock timeout is tried, when `autogen.toml` does not say.
pub const LOCK_RETRIES: u32 = 3;

/// The name of the optional settings file, found by walking up from the current directory.
pub const CONFIG_FILE: &str = "autogen.toml";

/// What the migration crate's `main.rs` tells the runner about itself.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) migration_dir: PathBuf,
    pub(crate) entities: Option<String>,
}

impl Config {
    /// `migration_dir` is the migration crate's directory; pass `env!("CARGO_MANIFEST_DIR")`.
    pub fn new(migration_dir: impl Into<PathBuf>) -> Self {
        Self {
            migration_dir: migration_dir.into(),
            entities: None,
        }
    }

    /// Only entities declared under this module path belong to the schema (like one `Base.metadata`), e.g.
    /// `"my_app::entity"`. Without it, every registered entity does.
    pub fn entities(mut self, module_prefix: impl Into<String>) -> Self {
        self.entities = Some(module_prefix.into());
        self
    }
}

/// The contents of `autogen.toml`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    pub migration_dir: Option<PathBuf>,
    pub entities: Option<String>,
    pub database_url: Option<String>,
    /// Table-name globs to manage; all tables when empty.
    #[serde(default)]
    pub include: Vec<String>,
    /// Table-name globs never to touch.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The backends the project runs on; working on another one is refused.
    #[serde(default)]
    pub backends: Vec<String>,
    /// Whether `revision` writes the lock-safe forms (PostgreSQL: concurrent index builds, constraints added
    /// `NOT VALID` then validated, ...; MySQL: `ALGORITHM`/`LOCK` clauses); on when unset. `false` writes the plain
    /// forms.
    pub lock_safe: Option<bool>,
    /// How long a statement of `upgrade`/`downgrade` waits for a table lock on PostgreSQL before it gives up and is
    /// tried again (`"5s"`, `"500ms"`); 5 s when unset.
    pub lock_timeout: Option<String>,
    /// How many more times a migration stopped by `lock_timeout` is tried before `upgrade` gives up and names the
    /// session in the way; 3 when unset.
    pub lock_retries: Option<u32>,
}

impl FileConfig {
    /// Reads the nearest `autogen.toml` from `start` upwards; the default when there is none.
    pub fn find(start: &Path) -> Result<(FileConfig, Option<PathBuf>)> {
        for dir in start.ancestors() {
            let path = dir.join(CONFIG_FILE);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                let config: FileConfig =
                    toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
                return Ok((config, Some(path)));
            }
        }
        Ok((FileConfig::default(), None))
    }

    /// `lock_timeout` as a duration: `5s`, `500ms`, `2m` (a bare number is seconds); [`LOCK_TIMEOUT`] when unset.
    pub fn lock_timeout(&self) -> Result<std::time::Duration> {
        let Some(text) = self.lock_timeout.as_deref() else {
            return Ok(LOCK_TIMEOUT);
        };
        let text = text.trim();
        let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
        let n: u64 = number.parse().ok().filter(|_| !number.is_empty()).with_context(|| {
            format!("lock_timeout = {text:?} in {CONFIG_FILE}: write a duration such as \"5s\", \"500ms\" or \"1m\"")
        })?;
        Ok(match unit.trim() {
            "" | "s" => std::time::Duration::from_secs(n),
            "ms" => std::time::Duration::from_millis(n),
            "m" | "min" => std::time::Duration::from_secs(n * 60),
            other => bail!(
                "lock_timeout = {text:?} in {CONFIG_FILE}: unknown unit `{other}`; write a duration such as \"5s\", \
                 \"500ms\" or \"1m\""
            ),
        })
    }

    /// Whether the table is managed according to `include`/`exclude`.
    pub fn manages(&self, table: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| glob_match(g, table)))
            && !self.exclude.iter().any(|g| glob_match(g, table))
    }
}

/// The command line parsed with clap's `try_parse_from`: help and version are printed and succeed; a usage error is
/// printed and exits 1, not clap's 2, which means "changes pending".
pub(crate) fn parse_args<T: clap::Parser>(
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
) -> Result<T, std::process::ExitCode> {
    T::try_parse_from(args).map_err(|err| {
        let _ = err.print();
        if err.use_stderr() {
            std::process::ExitCode::from(1)
        } else {
            std::process::ExitCode::SUCCESS
        }
    })
}

/// A command's outcome as its exit code: an error is printed for people (`error: ...`, causes included) with the
/// password of the URL in use (`--database-url`, else `DATABASE_URL`) scrubbed, and exits 1.
pub(crate) fn exit_code(result: Result<std::process::ExitCode>, flag_url: Option<String>) -> std::process::ExitCode {
    match result {
        Ok(code) => code,
        Err(err) => {
            let url = flag_url
                .or_else(|| std::env::var("DATABASE_URL").ok())
                .unwrap_or_default();
            anstream::eprintln!("{} {}", crate::term::error_label(), scrub(&format!("{err:#}"), &url));
            std::process::ExitCode::from(1)
        }
    }
}

/// The migration crate `cargo autogen` runs: `--migration-dir` > `migration_dir` in the nearest autogen.toml (relative
/// to that file) > `./migration`. Fails, naming the fix, when no crate is there.
pub fn migration_crate_dir(flag: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let dir = match flag {
        Some(dir) => cwd.join(dir),
        None => match FileConfig::find(&cwd)? {
            (
                FileConfig {
                    migration_dir: Some(dir),
                    ..
                },
                Some(file),
            ) => file.parent().map_or_else(|| dir.clone(), |at| at.join(&dir)),
            _ => cwd.join("migration"),
        },
    };
    if !dir.join("Cargo.toml").is_file() {
        bail!(
            "no migration crate at {}: run `cargo autogen init --entities <ENTITY_CRATE_DIR>`, or pass --migration-dir",
            dir.display()
        );
    }
    Ok(dir)
}

/// Where the database URL came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlSource {
    Flag,
    Environment,
    DotEnv,
    ConfigFile,
    Default,
}

impl UrlSource {
    pub fn describe(self) -> &'static str {
        match self {
            UrlSource::Flag => "--database-url",
            UrlSource::Environment => "DATABASE_URL",
            UrlSource::DotEnv => "DATABASE_URL from .env",
            UrlSource::ConfigFile => "database_url in autogen.toml",
            UrlSource::Default => "the embedded SQLite default",
        }
    }
}

/// `--database-url` > `DATABASE_URL` > `.env` > `autogen.toml` > the embedded SQLite default.
pub(crate) fn resolve_database_url(flag: Option<&str>, file: &FileConfig) -> (String, UrlSource) {
    if let Some(url) = flag {
        return (url.to_owned(), UrlSource::Flag);
    }
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return (url, UrlSource::Environment);
    }
    // dotenvy searches from the current directory up, and never overrides what the environment already says.
    if let Ok(iter) = dotenvy::dotenv_iter() {
        for (key, value) in iter.flatten() {
            if key == "DATABASE_URL" {
                return (value, UrlSource::DotEnv);
            }
        }
    }
    if let Some(url) = &file.database_url {
        return (url.clone(), UrlSource::ConfigFile);
    }
    (DEFAULT_DATABASE_URL.to_owned(), UrlSource::Default)
}

/// The URL with its password replaced by `***`, safe to print.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // Unparsable: keep the scheme, hide everything that could be a credential.
        Err(_) => match url.split_once("://") {
            Some((scheme, rest)) if rest.contains('@') => {
                format!(
                    "{scheme}://***@{}",
                    rest.rsplit_once('@').map(|(_, h)| h).unwrap_or_default()
                )
            }
            _ => url.to_owned(),
        },
    }
}

/// Replaces every occurrence of the URL's password in `text` with `***` (for driver errors that echo it), in both
/// its encoded and decoded forms; the password of a URL that does not parse is found as [`redact`] finds it.
pub(crate) fn scrub(text: &str, url: &str) -> String {
    match password_of(url) {
        Some(p) if !p.is_empty() => {
            let decoded = url::form_urlencoded::parse(format!("p={p}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_else(|| p.clone());
            text.replace(&p, "***").replace(&decoded, "***")
        }
        _ => text.to_owned(),
    }
}

/// The password as written in the URL (still percent-encoded).
fn password_of(url: &str) -> Option<String> {
    match url::Url::parse(url) {
        Ok(parsed) => parsed.password().map(str::to_owned),
        Err(_) => {
            let (_, rest) = url.split_once("://")?;
            let (userinfo, _) = rest.rsplit_once('@')?;
            userinfo.split_once(':').map(|(_, p)| p.to_owned())
        }
    }
}

/// Checks the URL before connecting, so a typo gets a clear message instead of a driver error (which may quote the
/// URL): a scheme sea-autogen supports and, for a server, a URL that parses. `source` is where the URL came from.
pub(crate) fn check_url(url: &str, source: UrlSource) -> Result<()> {
    let from = source.describe();
    let Some((scheme, _)) = url.split_once(':') else {
        bail!(
            "`{}` (from {from}) is not a database URL: expected sqlite://PATH, \
             postgres://USER:PASSWORD@HOST:PORT/DATABASE or mysql://USER:PASSWORD@HOST:PORT/DATABASE",
            redact(url)
        );
    };
    match scheme {
        "sqlite" => Ok(()),
        "postgres" | "postgresql" | "mysql" | "mariadb" => match url::Url::parse(url) {
            Ok(_) => Ok(()),
            Err(err) => bail!(
                "the database URL `{}` (from {from}) is not valid ({err}): expected \
                 {scheme}://USER:PASSWORD@HOST:PORT/DATABASE, special characters in the password percent-encoded \
                 (`@` as `%40`)",
                redact(url)
            ),
        },
        _ => bail!(
            "unsupported database URL `{}` (from {from}): use sqlite://, postgres:// or mysql://",
            redact(url)
        ),
    }
}

/// How long connecting may take. sqlx retries a refused connection until then (a server that is just starting gets
/// that long) and reports every connection that did not open in time alike, so a wrong host or port fails in
/// seconds and [`no_connection`] tells which it was.
pub(crate) const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Connects to `url` the way every command does: one connection, [`CONNECT_TIMEOUT`] to connect, no SQL logging. On
/// PostgreSQL, `schema` (sea-orm-migration's `-s`/`DATABASE_SCHEMA`) becomes the connection's `search_path`, and
/// must exist. A failure names `what` (`the database`, `the shadow database`) and where the URL came from (`note`,
/// may be empty), says what to check, and never shows the password.
pub(crate) async fn connect(
    url: &str,
    schema: Option<&str>,
    what: &str,
    note: &str,
) -> Result<sea_orm::DatabaseConnection> {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(CONNECT_TIMEOUT)
        .acquire_timeout(CONNECT_TIMEOUT)
        .max_connections(1)
        .sqlx_logging(false);
    let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
    if let Some(schema) = schema.filter(|_| postgres) {
        options.set_schema_search_path(schema.to_owned());
    }
    match sea_orm::Database::connect(options).await {
        Ok(db) => {
            if let Some(schema) = schema.filter(|_| postgres) {
                check_schema(&db, schema, url).await?;
            }
            Ok(db)
        }
        Err(err) => {
            let timed_out = matches!(sqlx_error(&err), Some(sea_orm::sqlx::Error::PoolTimedOut))
                || matches!(err, sea_orm::DbErr::ConnectionAcquire(_));
            let reason = if timed_out {
                no_connection(url).await
            } else {
                format!("{}{}", scrub(&err.to_string(), url), hint(&err))
            };
            bail!("could not connect to {what} at {}{note}: {reason}", redact(url))
        }
    }
}

/// The schema a `-s`/`DATABASE_SCHEMA` names must exist: PostgreSQL would otherwise create every table nowhere
/// (`current_schema()` is NULL) and read none.
async fn check_schema(db: &sea_orm::DatabaseConnection, schema: &str, url: &str) -> Result<()> {
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT current_schema()::text AS name",
        ))
        .await
        .map_err(|err| anyhow::anyhow!("reading the current schema: {}", scrub(&err.to_string(), url)))?;
    let current: Option<String> = row.and_then(|row| row.try_get("", "name").ok());
    if current.as_deref() != Some(schema) {
        bail!(
            "schema `{schema}` (from --database-schema or DATABASE_SCHEMA) does not exist in {}: create it \
             (`CREATE SCHEMA \"{schema}\"`), or name another one",
            redact(url)
        );
    }
    Ok(())
}

/// The driver's own error behind a SeaORM one, when there is one.
pub(crate) fn sqlx_error(err: &sea_orm::DbErr) -> Option<&sea_orm::sqlx::Error> {
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        DbErr::Query(RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        _ => None,
    }
}

/// What to do about a refusal, told by the driver's error kind and code (SQLSTATE, MySQL's error number, SQLite's
/// result code), never by its wording.
fn hint(err: &sea_orm::DbErr) -> &'static str {
    use sea_orm::sqlx;
    match sqlx_error(err) {
        Some(sqlx::Error::Configuration(_)) => "\ncheck the options after `?` in the URL",
        Some(sqlx::Error::Database(db)) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            let mysql = db
                .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                .map(|e| e.number());
            match (code.as_str(), mysql) {
                // PostgreSQL 28P01 (password) and 28000 (authorization), MySQL 1045 (access denied).
                ("28P01" | "28000", _) | (_, Some(1045)) => "\ncheck the user name and password in the URL",
                // PostgreSQL 3D000 (no such database), MySQL 1049 (unknown database).
                ("3D000", _) | (_, Some(1049)) => "\ncreate the database first, or correct its name in the URL",
                // SQLite's SQLITE_CANTOPEN.
                ("14", _) => {
                    "\ncheck that the SQLite file's directory exists and is writable (`?mode=rwc` creates the file)"
                }
                _ => "",
            }
        }
        _ => "",
    }
}

/// Why no connection opened within [`CONNECT_TIMEOUT`], told by one plain TCP connection to the server's address.
async fn no_connection(url: &str) -> String {
    let secs = CONNECT_TIMEOUT.as_secs();
    let Some(address) = server_address(url) else {
        return format!("no connection within {secs} s: check the host and port in the URL, and that the server runs");
    };
    let target = address.clone();
    let probe = tokio::task::spawn_blocking(move || {
        use std::net::ToSocketAddrs;
        let addr = target
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(2))
    })
    .await;
    match probe {
        Ok(Ok(_)) => format!(
            "{address} accepts connections but did not answer as a database server within {secs} s: check that the \
             port is this database server's, and that the server is not overloaded"
        ),
        Ok(Err(err)) if err.kind() == std::io::ErrorKind::ConnectionRefused => format!(
            "nothing is listening on {address} (connection refused for {secs} s): start the database server, or \
             correct the host and port in the URL"
        ),
        _ => format!(
            "no answer from {address} within {secs} s: check the host and port in the URL, and that this machine can \
             reach the server (firewall, VPN)"
        ),
    }
}

/// `host:port` of a PostgreSQL or MySQL URL that names a host (not a Unix socket).
fn server_address(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let default_port = match parsed.scheme() {
        "postgres" | "postgresql" => 5432,
        "mysql" | "mariadb" => 3306,
        _ => return None,
    };
    if parsed.query_pairs().any(|(key, _)| key == "host" || key == "socket") {
        return None;
    }
    let host = parsed.host_str().filter(|h| !h.is_empty())?;
    Some(format!("{host}:{}", parsed.port().unwrap_or(default_port)))
}

/// `*` matches any run of characters, `?` one character; everything else matches itself.
fn glob_match(glob: &str, text: &str) -> bool {
    fn go(g: &[char], t: &[char]) -> bool {
        match (g.first(), t.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&g[1..], t) || (!t.is_empty() && go(g, &t[1..])),
            (Some('?'), Some(_)) => go(&g[1..], &t[1..]),
            (Some(a), Some(b)) if a == b => go(&g[1..], &t[1..]),
            _ => false,
        }
    }
    let g: Vec<char> = glob.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&g, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/app"),
            "postgres://app:***@db:5432/app"
        );
        assert_eq!(redact("sqlite://db.sqlite3?mode=rwc"), "sqlite://db.sqlite3?mode=rwc");
        assert_eq!(redact("mysql://root@127.0.0.1/test"), "mysql://root@127.0.0.1/test");
        assert!(!redact("postgres://a:p%40ss@h/d").contains("p%40ss"));
        assert_eq!(
            scrub("error for p@ss and p%40ss", "postgres://a:p%40ss@h/d"),
            "error for *** and ***"
        );
    }

    #[test]
    fn globs() {
        assert!(glob_match("spatial_*", "spatial_ref_sys"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        let file = FileConfig {
            exclude: vec!["spatial_*".into()],
            ..FileConfig::default()
        };
        assert!(file.manages("user_account"));
        assert!(!file.manages("spatial_ref_sys"));
    }

    #[test]
    fn unknown_schemes_and_malformed_urls_are_refused() {
        assert!(check_url("sqlite://x", UrlSource::Flag).is_ok());
        assert!(check_url("postgres://u:pw@h:5432/d", UrlSource::Flag).is_ok());
        let err = check_url("postgress://u:pw@h/d", UrlSource::Flag)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsupported database URL"), "{err}");
        assert!(!err.contains("pw"), "{err}");
        let err = check_url("postgres://u:s3cret@:notaport/d", UrlSource::Environment)
            .unwrap_err()
            .to_string();
        assert!(err.contains("(from DATABASE_URL) is not valid"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let err = check_url("not a url", UrlSource::Flag).unwrap_err().to_string();
        assert!(err.contains("is not a database URL: expected sqlite://"), "{err}");
    }

    #[test]
    fn unparsable_urls_are_scrubbed_too() {
        let url = "postgres://u:s3cret@:notaport/d";
        assert_eq!(
            scrub(&format!("the connection string '{url}' cannot be parsed"), url),
            "the connection string 'postgres://u:***@:notaport/d' cannot be parsed"
        );
    }

    #[test]
    fn server_addresses() {
        assert_eq!(server_address("postgres://u@db/app").as_deref(), Some("db:5432"));
        assert_eq!(
            server_address("mysql://u@127.0.0.1:1/app").as_deref(),
            Some("127.0.0.1:1")
        );
        assert_eq!(server_address("postgres://u@/app?host=/run/postgresql"), None);
        assert_eq!(server_address("sqlite://db.sqlite3"), None);
    }
}
