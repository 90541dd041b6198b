//! Where settings come from: flags, the environment, `.env`, `autogen.toml`, and the embedded SQLite default.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The URL used when nothing else names a database: a SQLite file in the current directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://db.sqlite3?mode=rwc";

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

    /// Whether the table is managed according to `include`/`exclude`.
    pub fn manages(&self, table: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| glob_match(g, table)))
            && !self.exclude.iter().any(|g| glob_match(g, table))
    }
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

/// Replaces every occurrence of the URL's password in `text` with `***` (for driver errors that echo it).
pub(crate) fn scrub(text: &str, url: &str) -> String {
    let password = url::Url::parse(url).ok().and_then(|u| u.password().map(str::to_owned));
    match password {
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

/// Checks the scheme before connecting, so a typo gets a clear message instead of a driver error.
pub(crate) fn check_scheme(url: &str) -> Result<()> {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
    match scheme {
        "sqlite" | "postgres" | "postgresql" | "mysql" | "mariadb" => Ok(()),
        _ => bail!(
            "unsupported database URL `{}`: use sqlite://, postgres:// or mysql://",
            redact(url)
        ),
    }
}

/// `*` matches any run of characters, `?` one character; everything else matches itself.
/// Connects to `url` the way every command does: one connection, ten seconds to connect, no SQL logging; a
/// failure names `what` (`the database`, `the shadow database`) and where the URL came from (`note`, may be empty),
/// the password never shown.
pub(crate) async fn connect(url: &str, what: &str, note: &str) -> Result<sea_orm::DatabaseConnection> {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(std::time::Duration::from_secs(10))
        .acquire_timeout(std::time::Duration::from_secs(10))
        .max_connections(1)
        .sqlx_logging(false);
    sea_orm::Database::connect(options).await.map_err(|err| {
        anyhow::anyhow!(
            "could not connect to {what} at {}{note}: {}",
            redact(url),
            scrub(&err.to_string(), url)
        )
    })
}

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
    fn unknown_schemes_are_refused() {
        assert!(check_scheme("sqlite://x").is_ok());
        let err = check_scheme("postgress://u:pw@h/d").unwrap_err().to_string();
        assert!(err.contains("unsupported database URL"), "{err}");
        assert!(!err.contains("pw"), "{err}");
    }
}
