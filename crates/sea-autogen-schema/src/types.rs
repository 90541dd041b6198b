//! Column types: the neutral vocabulary (SeaORM's), and how each backend spells and folds them.

use crate::Backend;
use std::fmt;

/// A column type in SeaORM's vocabulary. Each variant maps to exactly one sea-query `ColumnDef` builder call, so a
/// type read from a catalog can be written back into a migration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnType {
    Char(Option<u32>),
    /// `varchar(n)`; `None` is an unsized string (`varchar` on SQLite and PostgreSQL).
    String(Option<u32>),
    Text,
    Blob,
    TinyInteger,
    SmallInteger,
    Integer,
    BigInteger,
    TinyUnsigned,
    SmallUnsigned,
    Unsigned,
    BigUnsigned,
    Float,
    Double,
    Decimal(Option<(u32, u32)>),
    DateTime,
    Timestamp,
    TimestampWithTimeZone,
    Time,
    Date,
    Binary(u32),
    VarBinary(Option<u32>),
    Boolean,
    Json,
    JsonBinary,
    Uuid,
    /// An enum type; PostgreSQL names it, MySQL inlines the variants, SQLite stores text.
    Enum {
        name: String,
        variants: Vec<String>,
    },
    /// A PostgreSQL array of the element type, of any number of dimensions (the catalog keeps none).
    Array(Box<ColumnType>),
    /// Any other type, spelled exactly as the backend spells it.
    Custom(String),
}

impl ColumnType {
    /// The type as it would be written in `CREATE TABLE` on `backend` (what sea-query renders).
    pub fn render(&self, backend: Backend) -> String {
        use ColumnType::*;
        let sized = |base: &str, n: Option<u32>| match n {
            Some(n) => format!("{base}({n})"),
            None => base.to_owned(),
        };
        match backend {
            Backend::Sqlite => match self {
                Char(n) => sized("char", *n),
                String(n) => sized("varchar", *n),
                Text => "text".into(),
                Blob => "blob".into(),
                TinyInteger | TinyUnsigned => "tinyint".into(),
                SmallInteger | SmallUnsigned => "smallint".into(),
                Integer | Unsigned | BigInteger | BigUnsigned => "integer".into(),
                Float => "float".into(),
                Double => "double".into(),
                Decimal(Some((p, s))) => format!("real({p}, {s})"),
                Decimal(None) => "real_decimal".into(),
                DateTime => "datetime_text".into(),
                Timestamp => "timestamp_text".into(),
                TimestampWithTimeZone => "timestamp_with_timezone_text".into(),
                Time => "time_text".into(),
                Date => "date_text".into(),
                Binary(n) => format!("blob({n})"),
                VarBinary(n) => sized("varbinary_blob", *n),
                Boolean => "boolean".into(),
                Json => "json_text".into(),
                JsonBinary => "jsonb_text".into(),
                Uuid => "uuid_text".into(),
                Enum { .. } => "enum_text".into(),
                Array(inner) => format!("{}[]", inner.render(backend)),
                Custom(s) => s.clone(),
            },
            Backend::Postgres => match self {
                Char(n) => sized("char", *n),
                String(n) => sized("varchar", *n),
                Text => "text".into(),
                Blob | Binary(_) | VarBinary(_) => "bytea".into(),
                TinyInteger | TinyUnsigned | SmallInteger => "smallint".into(),
                SmallUnsigned | Integer => "integer".into(),
                Unsigned | BigInteger | BigUnsigned => "bigint".into(),
                Float => "real".into(),
                Double => "double precision".into(),
                Decimal(Some((p, s))) => format!("decimal({p}, {s})"),
                Decimal(None) => "decimal".into(),
                DateTime => "timestamp without time zone".into(),
                Timestamp => "timestamp".into(),
                TimestampWithTimeZone => "timestamp with time zone".into(),
                Time => "time".into(),
                Date => "date".into(),
                Boolean => "bool".into(),
                Json => "json".into(),
                JsonBinary => "jsonb".into(),
                Uuid => "uuid".into(),
                Enum { name, .. } => name.clone(),
                Array(inner) => format!("{}[]", inner.render(backend)),
                Custom(s) => s.clone(),
            },
            Backend::Mysql => match self {
                Char(n) => sized("char", *n),
                String(n) => sized("varchar", Some(n.unwrap_or(255))),
                Text => "text".into(),
                Blob => "blob".into(),
                TinyInteger => "tinyint".into(),
                SmallInteger => "smallint".into(),
                Integer => "int".into(),
                BigInteger => "bigint".into(),
                TinyUnsigned => "tinyint unsigned".into(),
                SmallUnsigned => "smallint unsigned".into(),
                Unsigned => "int unsigned".into(),
                BigUnsigned => "bigint unsigned".into(),
                Float => "float".into(),
                Double => "double".into(),
                Decimal(Some((p, s))) => format!("decimal({p}, {s})"),
                Decimal(None) => "decimal".into(),
                DateTime => "datetime".into(),
                Timestamp | TimestampWithTimeZone => "timestamp".into(),
                Time => "time".into(),
                Date => "date".into(),
                Binary(n) => format!("binary({n})"),
                VarBinary(n) => sized("varbinary", Some(n.unwrap_or(255))),
                Boolean => "bool".into(),
                Json | JsonBinary => "json".into(),
                Uuid => "binary(16)".into(),
                Enum { variants, .. } => {
                    let quoted: Vec<_> = variants
                        .iter()
                        .map(|v| format!("'{}'", v.replace('\'', "''").replace('\\', "\\\\")))
                        .collect();
                    format!("enum({})", quoted.join(", "))
                }
                Array(inner) => format!("{}[]", inner.render(backend)),
                Custom(s) => s.clone(),
            },
        }
    }

    /// The type to hand the statement builders on `backend`: itself, except a MySQL enum whose values hold a quote
    /// or a backslash, which sea-query would write into `ENUM('...')` unescaped; that one goes spelled, escaped.
    pub fn for_builder(&self, backend: Backend) -> ColumnType {
        match self {
            ColumnType::Enum { variants, .. }
                if backend == Backend::Mysql && variants.iter().any(|v| v.contains(['\'', '\\'])) =>
            {
                ColumnType::Custom(self.render(backend))
            }
            other => other.clone(),
        }
    }

    /// Reads a type as the backend's catalog reports it. Never fails: an unknown spelling is kept verbatim as
    /// [`ColumnType::Custom`], so it can still be compared and written back.
    pub fn parse(backend: Backend, sql: &str) -> ColumnType {
        use ColumnType::*;
        let spelled = sql.trim();
        if backend == Backend::Mysql
            && let Some(variants) = mysql_enum_values(spelled)
        {
            return Enum {
                name: std::string::String::new(),
                variants,
            };
        }
        if let Some(element) = spelled.strip_suffix("[]") {
            return Array(Box::new(ColumnType::parse(backend, element)));
        }
        let lower = spelled.to_ascii_lowercase();
        let (base, args) = split_args(&lower);
        let one = args.first().copied();
        let two = match args.as_slice() {
            [p, s] => Some((*p, *s)),
            _ => None,
        };
        let parsed = match (backend, base.as_str()) {
            (_, "char" | "character") if args.len() <= 1 => Some(Char(one)),
            (_, "varchar" | "character varying") if args.len() <= 1 => Some(String(one)),
            (_, "text") if args.is_empty() => Some(Text),
            (_, "blob") if args.is_empty() => Some(Blob),
            (Backend::Sqlite, "blob") => one.map(Binary),
            (_, "tinyint") if args.is_empty() => Some(TinyInteger),
            (_, "smallint" | "int2") if args.is_empty() => Some(SmallInteger),
            (Backend::Sqlite | Backend::Postgres, "integer" | "int4") if args.is_empty() => Some(Integer),
            (Backend::Mysql | Backend::Postgres, "int") if args.is_empty() => Some(Integer),
            (_, "bigint" | "int8") if args.is_empty() => Some(BigInteger),
            (Backend::Mysql, "tinyint unsigned") if args.len() <= 1 => Some(TinyUnsigned),
            (Backend::Mysql, "smallint unsigned") if args.len() <= 1 => Some(SmallUnsigned),
            (Backend::Mysql, "int unsigned") if args.len() <= 1 => Some(Unsigned),
            (Backend::Mysql, "bigint unsigned") if args.len() <= 1 => Some(BigUnsigned),
            (Backend::Sqlite | Backend::Mysql, "float") if args.is_empty() => Some(Float),
            (Backend::Postgres, "real" | "float4") if args.is_empty() => Some(Float),
            (Backend::Sqlite | Backend::Mysql, "double") if args.is_empty() => Some(Double),
            (Backend::Postgres, "double precision" | "float8") if args.is_empty() => Some(Double),
            (Backend::Sqlite, "real") => two.map(|ps| Decimal(Some(ps))),
            (Backend::Sqlite, "real_decimal") if args.is_empty() => Some(Decimal(None)),
            (Backend::Postgres | Backend::Mysql, "decimal" | "numeric") => match args.len() {
                0 => Some(Decimal(None)),
                _ => two.map(|ps| Decimal(Some(ps))),
            },
            (Backend::Sqlite, "datetime_text") if args.is_empty() => Some(DateTime),
            (Backend::Sqlite, "timestamp_text") if args.is_empty() => Some(Timestamp),
            (Backend::Sqlite, "timestamp_with_timezone_text") if args.is_empty() => Some(TimestampWithTimeZone),
            (Backend::Sqlite, "time_text") if args.is_empty() => Some(Time),
            (Backend::Sqlite, "date_text") if args.is_empty() => Some(Date),
            (Backend::Postgres, "timestamp" | "timestamp without time zone") if args.is_empty() => Some(DateTime),
            (Backend::Postgres, "timestamptz" | "timestamp with time zone") if args.is_empty() => {
                Some(TimestampWithTimeZone)
            }
            (Backend::Mysql, "datetime") if args.is_empty() => Some(DateTime),
            (Backend::Mysql, "timestamp") if args.is_empty() => Some(Timestamp),
            (Backend::Postgres | Backend::Mysql, "time" | "time without time zone") if args.is_empty() => Some(Time),
            (Backend::Postgres | Backend::Mysql, "date") if args.is_empty() => Some(Date),
            (Backend::Mysql, "binary") => one.map(Binary),
            (Backend::Mysql, "varbinary") => one.map(|n| VarBinary(Some(n))),
            (Backend::Sqlite, "varbinary_blob") if args.len() <= 1 => Some(VarBinary(one)),
            (Backend::Postgres, "bytea") if args.is_empty() => Some(Blob),
            (Backend::Sqlite, "boolean") if args.is_empty() => Some(Boolean),
            (Backend::Postgres, "bool" | "boolean") if args.is_empty() => Some(Boolean),
            (Backend::Mysql, "bool" | "boolean") if args.is_empty() => Some(Boolean),
            (Backend::Mysql, "tinyint") if one == Some(1) => Some(Boolean),
            (Backend::Sqlite, "json_text") if args.is_empty() => Some(Json),
            (Backend::Sqlite, "jsonb_text") if args.is_empty() => Some(JsonBinary),
            (Backend::Postgres | Backend::Mysql, "json") if args.is_empty() => Some(Json),
            // What they are, in one spelling. MariaDB's JSON is an alias that its catalog also reports as `longtext`:
            // the introspector tells the two apart by MariaDB's `json_valid(column)` check.
            (Backend::Mysql, "tinytext" | "mediumtext" | "longtext") if args.is_empty() => Some(Custom(base.clone())),
            (Backend::Postgres, "jsonb") if args.is_empty() => Some(JsonBinary),
            (Backend::Sqlite, "uuid_text") if args.is_empty() => Some(Uuid),
            (Backend::Postgres, "uuid") if args.is_empty() => Some(Uuid),
            // MySQL integer display widths (`int(11)`) carry no meaning.
            (Backend::Mysql, "int") if args.len() == 1 => Some(Integer),
            (Backend::Mysql, "bigint") if args.len() == 1 => Some(BigInteger),
            (Backend::Mysql, "smallint") if args.len() == 1 => Some(SmallInteger),
            (Backend::Mysql, "tinyint") if args.len() == 1 => Some(TinyInteger),
            _ => None,
        };
        parsed.unwrap_or_else(|| match backend {
            // PostgreSQL folds unquoted type names to lower case and reports them as `format_type` spells them.
            Backend::Postgres if !spelled.contains('"') => Custom(postgres_spelling(&collapse_spaces(&lower))),
            _ => Custom(spelled.to_owned()),
        })
    }

    /// The type `backend` will actually report once a column of this type is created: the form in which
    /// types are compared. On SQLite, for instance, every integer width is `integer`.
    pub fn canonical(&self, backend: Backend) -> ColumnType {
        match (backend, self) {
            // A MySQL `binary(16)` reads back as `Binary(16)`, which is also what a uuid becomes.
            (Backend::Mysql, ColumnType::Uuid) => ColumnType::Binary(16),
            // MySQL enums are inline and nameless: only the values matter.
            (Backend::Mysql, ColumnType::Enum { variants, .. }) => ColumnType::Enum {
                name: String::new(),
                variants: variants.clone(),
            },
            (Backend::Postgres, ColumnType::Enum { .. }) => self.clone(),
            (_, ColumnType::Array(element)) => ColumnType::Array(Box::new(element.canonical(backend))),
            (_, ColumnType::Custom(s)) => ColumnType::parse(backend, s),
            _ => ColumnType::parse(backend, &self.render(backend)),
        }
    }
}

impl fmt::Display for ColumnType {
    /// The backend-neutral spelling used in plans and JSON (`varchar(50)`, `integer`, `text`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ColumnType::*;
        match self {
            Char(Some(n)) => write!(f, "char({n})"),
            Char(None) => f.write_str("char"),
            String(Some(n)) => write!(f, "varchar({n})"),
            String(None) => f.write_str("varchar"),
            Text => f.write_str("text"),
            Blob => f.write_str("blob"),
            TinyInteger => f.write_str("tinyint"),
            SmallInteger => f.write_str("smallint"),
            Integer => f.write_str("integer"),
            BigInteger => f.write_str("bigint"),
            TinyUnsigned => f.write_str("tinyint unsigned"),
            SmallUnsigned => f.write_str("smallint unsigned"),
            Unsigned => f.write_str("integer unsigned"),
            BigUnsigned => f.write_str("bigint unsigned"),
            Float => f.write_str("float"),
            Double => f.write_str("double"),
            Decimal(Some((p, s))) => write!(f, "decimal({p}, {s})"),
            Decimal(None) => f.write_str("decimal"),
            DateTime => f.write_str("datetime"),
            Timestamp => f.write_str("timestamp"),
            TimestampWithTimeZone => f.write_str("timestamp with time zone"),
            Time => f.write_str("time"),
            Date => f.write_str("date"),
            Binary(n) => write!(f, "binary({n})"),
            VarBinary(Some(n)) => write!(f, "varbinary({n})"),
            VarBinary(None) => f.write_str("varbinary"),
            Boolean => f.write_str("boolean"),
            Json => f.write_str("json"),
            JsonBinary => f.write_str("jsonb"),
            Uuid => f.write_str("uuid"),
            Enum { name, variants } if name.is_empty() => {
                let quoted: Vec<_> = variants
                    .iter()
                    .map(|v| format!("'{}'", v.replace('\'', "''")))
                    .collect();
                write!(f, "enum({})", quoted.join(", "))
            }
            Enum { name, .. } => write!(f, "enum {name}"),
            Array(element) => write!(f, "{element}[]"),
            Custom(s) => f.write_str(s),
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) fn serialize_type<S: serde::Serializer>(ty: &ColumnType, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(ty)
}

/// Splits `varchar(50)` into `("varchar", [50])` and `real(10, 2)` into `("real", [10, 2])`. Words after the
/// arguments (`int(10) unsigned`) are kept in the base name; a non-numeric argument list leaves the text whole.
fn split_args(lower: &str) -> (String, Vec<u32>) {
    let Some(open) = lower.find('(') else {
        return (collapse_spaces(lower), Vec::new());
    };
    let Some(close) = lower[open..].find(')').map(|i| open + i) else {
        return (collapse_spaces(lower), Vec::new());
    };
    let args: Option<Vec<u32>> = lower[open + 1..close]
        .split(',')
        .map(|a| a.trim().parse().ok())
        .collect();
    match args {
        Some(args) => {
            let base = format!("{} {}", lower[..open].trim(), lower[close + 1..].trim());
            (collapse_spaces(&base), args)
        }
        None => (collapse_spaces(lower), Vec::new()),
    }
}

/// The spelling PostgreSQL's `format_type` reports for a type written another way (`varbit(8)` is
/// `bit varying(8)`, `timetz` is `time with time zone`), for the types the neutral model keeps as spelled.
fn postgres_spelling(lower: &str) -> String {
    let (head, rest) = match lower.find('(') {
        Some(at) => lower.split_at(at),
        None => (lower, ""),
    };
    let (args, tail) = match rest.find(')') {
        Some(at) => (&rest[..=at], rest[at + 1..].trim()),
        None => (rest, ""),
    };
    // Only a well-formed `(n)` is a type modifier; anything else is kept as written.
    let well_formed = args.is_empty()
        || args
            .strip_prefix('(')
            .and_then(|a| a.strip_suffix(')'))
            .is_some_and(|n| n.trim().parse::<u32>().is_ok());
    if !well_formed {
        return lower.to_owned();
    }
    let zone = if tail.is_empty() { "without time zone" } else { tail };
    match head.trim() {
        "varbit" | "bit varying" => format!("bit varying{args}"),
        "timetz" => format!("time{args} with time zone"),
        "timestamptz" => format!("timestamp{args} with time zone"),
        "time" | "timestamp" if !args.is_empty() => format!("{}{args} {zone}", head.trim()),
        "bpchar" if tail.is_empty() => format!("character{args}"),
        _ => lower.to_owned(),
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The values of a MySQL inline enum, `enum('a','b''c')` -> `["a", "b'c"]`; `None` for anything else.
fn mysql_enum_values(spelled: &str) -> Option<Vec<String>> {
    let head = spelled.get(..5)?;
    if !head.eq_ignore_ascii_case("enum(") || !spelled.ends_with(')') {
        return None;
    }
    let inner = &spelled[5..spelled.len() - 1];
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                c => value.push(c),
            }
        }
        values.push(value);
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Some(values),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}
