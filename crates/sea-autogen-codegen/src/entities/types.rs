//! A column's type as an entity field: the Rust type, and the `column_type` attribute when SeaORM's reading of
//! that Rust type is not exactly what the database has.
//!
//! The rule that makes `check` clean: SeaORM takes a column's type from `column_type` when given, else from the
//! Rust type (`String` is an unsized string, `i32` an integer...). The attribute is written exactly when the Rust
//! type's own reading differs from the database's type once both are folded the way the backend reports them
//! ([`ColumnType::canonical`]).

use sea_autogen_schema::{Backend, ColumnType};

/// How one column is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldType {
    /// The Rust type, without `Option`.
    pub(crate) rust: String,
    /// The `column_type = "..."` attribute's value, when needed.
    pub(crate) column_type: Option<String>,
    /// SeaORM casts for a type no Rust type reads (`select_as = "text"`, `save_as = "xml"`).
    pub(crate) select_as: Option<String>,
    pub(crate) save_as: Option<String>,
    /// The sea-orm feature the Rust type needs (`postgres-array`, `with-ipnetwork`...).
    pub(crate) features: Vec<&'static str>,
    /// Whether the Rust type has `Eq` (floats do not).
    pub(crate) eq: bool,
}

/// The field for a column of type `ty` on `backend`; `enum_type` names the Rust enum of an enum column.
pub(crate) fn field_type(ty: &ColumnType, backend: Backend, enum_type: Option<&str>) -> FieldType {
    let (rust, features) = rust_type(ty, backend, enum_type);
    let default = rust_default(&rust);
    let eq = !(rust.contains("f32") || rust.contains("f64") || rust.contains("PgVector"));
    let matches = default.is_some_and(|d| d.canonical(backend) == ty.canonical(backend));
    let column_type = match ty {
        // The enum's own `DeriveActiveEnum` says the type (of an array of it too).
        ColumnType::Enum { .. } => None,
        ColumnType::Array(element) if matches!(**element, ColumnType::Enum { .. }) && enum_type.is_some() => None,
        _ if matches => None,
        _ => Some(sea_orm_column_type(ty)),
    };
    // Types without a Rust type of their own are read and written as text.
    let (select_as, save_as) = match ty {
        ColumnType::Custom(spelled) if rust == "String" && backend == Backend::Postgres && needs_cast(spelled) => {
            (Some("text".to_owned()), Some(spelled.clone()))
        }
        _ => (None, None),
    };
    FieldType {
        rust,
        column_type,
        select_as,
        save_as,
        features,
        eq,
    }
}

/// PostgreSQL types sqlx reads as text without a cast (`character varying` and the like need none).
fn needs_cast(spelled: &str) -> bool {
    !matches!(spelled, "name" | "citext" | "\"char\"" | "bpchar")
}

/// The Rust type sea-orm-cli would choose, as close as SeaORM's value types allow.
fn rust_type(ty: &ColumnType, backend: Backend, enum_type: Option<&str>) -> (String, Vec<&'static str>) {
    use ColumnType::*;
    let plain = |s: &str| (s.to_owned(), Vec::new());
    match ty {
        Char(_) | String(_) | Text => plain("String"),
        TinyInteger => plain("i8"),
        SmallInteger => plain("i16"),
        // SQLite's integers are 64-bit whatever the declared width.
        Integer if backend == Backend::Sqlite => plain("i64"),
        Integer => plain("i32"),
        BigInteger => plain("i64"),
        TinyUnsigned => plain("u8"),
        SmallUnsigned => plain("u16"),
        Unsigned => plain("u32"),
        BigUnsigned => plain("u64"),
        Float => plain("f32"),
        Double => plain("f64"),
        Decimal(_) => plain("Decimal"),
        DateTime => plain("DateTime"),
        Timestamp if backend == Backend::Mysql => plain("DateTimeUtc"),
        Timestamp => plain("DateTime"),
        TimestampWithTimeZone => plain("DateTimeWithTimeZone"),
        Time => plain("Time"),
        Date => plain("Date"),
        Binary(_) | VarBinary(_) | Blob => plain("Vec<u8>"),
        Boolean => plain("bool"),
        Json | JsonBinary => plain("Json"),
        Uuid => plain("Uuid"),
        Enum { .. } => plain(enum_type.unwrap_or("String")),
        Array(element) => {
            let (inner, mut features) = rust_type(element, backend, enum_type);
            features.push("postgres-array");
            (format!("Vec<{inner}>"), features)
        }
        Custom(spelled) => custom_rust_type(spelled, backend),
    }
}

/// A Rust type for a type the neutral model keeps as spelled, by what the spelling says.
fn custom_rust_type(spelled: &str, backend: Backend) -> (String, Vec<&'static str>) {
    let lower = spelled.to_ascii_lowercase();
    let plain = |s: &str| (s.to_owned(), Vec::new());
    let head = lower.split('(').next().unwrap_or_default().trim().to_owned();
    let bit_width = || {
        lower
            .split_once('(')
            .and_then(|(_, rest)| rest.trim_end_matches(')').trim().parse::<u32>().ok())
    };
    match (backend, head.as_str()) {
        (Backend::Postgres, "money") => plain("Decimal"),
        (Backend::Postgres, "inet" | "cidr") => ("IpNetwork".to_owned(), vec!["with-ipnetwork"]),
        (Backend::Postgres, "vector") => ("PgVector".to_owned(), vec!["postgres-vector"]),
        (_, "bit") if bit_width().is_none_or(|n| n == 1) => plain("bool"),
        (_, "bit" | "bit varying" | "varbit") => plain("Vec<u8>"),
        (Backend::Mysql, "year") => plain("i32"),
        (_, "timestamp" | "datetime") if lower.contains("with time zone") => plain("DateTimeWithTimeZone"),
        (Backend::Mysql, "timestamp") => plain("DateTimeUtc"),
        (_, "timestamp" | "datetime") => plain("DateTime"),
        (_, "time") if !lower.contains("with time zone") => plain("Time"),
        (_, "date") => plain("Date"),
        _ => by_affinity(&lower),
    }
}

/// SQLite's type affinity rules, which also name MySQL's and PostgreSQL's other types well enough: `INT` anywhere
/// is an integer, `CHAR`/`CLOB`/`TEXT` text, `BLOB` bytes, `REAL`/`FLOA`/`DOUB` a float.
fn by_affinity(lower: &str) -> (String, Vec<&'static str>) {
    let has = |s: &str| lower.contains(s);
    let rust = if has("unsigned") && has("int") {
        if has("big") { "u64" } else { "u32" }
    } else if has("int") {
        if has("big") { "i64" } else { "i32" }
    } else if has("char") || has("clob") || has("text") {
        "String"
    } else if has("blob") || has("binary") || has("bytea") {
        "Vec<u8>"
    } else if has("real") || has("floa") || has("doub") {
        "f64"
    } else if has("numeric") || has("decimal") {
        "Decimal"
    } else if has("bool") {
        "bool"
    } else if has("uuid") {
        "Uuid"
    } else if has("json") {
        "Json"
    } else {
        "String"
    };
    (rust.to_owned(), Vec::new())
}

/// What SeaORM reads a Rust type as when no `column_type` is given (`ValueType::column_type`), in the neutral
/// model; `None` for a type whose reading cannot be told here (an enum's comes from its own derive).
pub(super) fn rust_default(rust: &str) -> Option<ColumnType> {
    use ColumnType::*;
    if let Some(inner) = rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>'))
        && inner != "u8"
    {
        return rust_default(inner).map(|t| Array(Box::new(t)));
    }
    Some(match rust {
        "bool" => Boolean,
        "i8" => TinyInteger,
        "i16" => SmallInteger,
        "i32" => Integer,
        "i64" => BigInteger,
        "u8" => TinyUnsigned,
        "u16" => SmallUnsigned,
        "u32" => Unsigned,
        "u64" => BigUnsigned,
        "f32" => Float,
        "f64" => Double,
        "String" => String(None),
        "Vec<u8>" => VarBinary(None),
        "Decimal" => Decimal(None),
        "DateTime" => DateTime,
        "DateTimeUtc" | "DateTimeWithTimeZone" => TimestampWithTimeZone,
        "Time" => Time,
        "Date" => Date,
        "Uuid" => Uuid,
        "Json" => Json,
        "IpNetwork" => Custom("inet".to_owned()),
        "PgVector" => Custom("vector".to_owned()),
        _ => return None,
    })
}

/// The `column_type` attribute's value for `ty`: a variant of SeaORM's `ColumnType` (the derive puts
/// `ColumnType::` in front), or `custom("...")` with the database's exact spelling.
pub(crate) fn sea_orm_column_type(ty: &ColumnType) -> String {
    use ColumnType::*;
    let len = |n: &Option<u32>| match n {
        Some(n) => format!("StringLen::N({n})"),
        None => "StringLen::None".to_owned(),
    };
    match ty {
        Char(n) => format!("Char({n:?})"),
        String(n) => format!("String({})", len(n)),
        Text => "Text".into(),
        Blob => "Blob".into(),
        TinyInteger => "TinyInteger".into(),
        SmallInteger => "SmallInteger".into(),
        Integer => "Integer".into(),
        BigInteger => "BigInteger".into(),
        TinyUnsigned => "TinyUnsigned".into(),
        SmallUnsigned => "SmallUnsigned".into(),
        Unsigned => "Unsigned".into(),
        BigUnsigned => "BigUnsigned".into(),
        Float => "Float".into(),
        Double => "Double".into(),
        Decimal(Some((p, s))) => format!("Decimal(Some(({p}, {s})))"),
        Decimal(None) => "Decimal(None)".into(),
        DateTime => "DateTime".into(),
        Timestamp => "Timestamp".into(),
        TimestampWithTimeZone => "TimestampWithTimeZone".into(),
        Time => "Time".into(),
        Date => "Date".into(),
        Binary(n) => format!("Binary({n})"),
        VarBinary(n) => format!("VarBinary({})", len(n)),
        Boolean => "Boolean".into(),
        Json => "Json".into(),
        JsonBinary => "JsonBinary".into(),
        Uuid => "Uuid".into(),
        // Written by the enum's derive; never reached for a column, kept total for arrays of enums.
        Enum { name, .. } => format!("custom({name:?})"),
        Array(element) => format!("Array(RcOrArc::new(ColumnType::{}))", sea_orm_column_type(element)),
        Custom(spelled) => known_custom(spelled).unwrap_or_else(|| format!("custom({spelled:?})")),
    }
}

/// SeaORM's own variants for types the neutral model keeps as spelled, when they write exactly that spelling.
fn known_custom(spelled: &str) -> Option<String> {
    let lower = spelled.to_ascii_lowercase();
    let arg = || {
        lower
            .split_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .and_then(|a| a.trim().parse::<u32>().ok())
    };
    let head = lower.split('(').next().unwrap_or_default().trim();
    Some(match head {
        "money" if arg().is_none() && !lower.contains('(') => "Money(None)".into(),
        "interval" if lower == "interval" => "Interval(None, None)".into(),
        "inet" if lower == "inet" => "Inet".into(),
        "cidr" if lower == "cidr" => "Cidr".into(),
        "macaddr" if lower == "macaddr" => "MacAddr".into(),
        "ltree" if lower == "ltree" => "LTree".into(),
        "year" if lower == "year" => "Year".into(),
        "bit" => format!("Bit(Some({}))", arg()?),
        "bit varying" => format!("VarBit({})", arg()?),
        "vector" => match arg() {
            Some(n) => format!("Vector(Some({n}))"),
            None if lower == "vector" => "Vector(None)".into(),
            None => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType::*;

    #[track_caller]
    fn check(backend: Backend, ty: ColumnType, rust: &str, column_type: Option<&str>) {
        let field = field_type(&ty, backend, None);
        assert_eq!(
            (field.rust.as_str(), field.column_type.as_deref()),
            (rust, column_type),
            "{ty:?} on {backend}"
        );
    }

    #[test]
    fn the_attribute_is_written_exactly_when_the_rust_type_says_something_else() {
        let pg = Backend::Postgres;
        check(pg, Integer, "i32", None);
        check(pg, String(None), "String", None);
        check(pg, String(Some(160)), "String", Some("String(StringLen::N(160))"));
        check(pg, Text, "String", Some("Text"));
        check(pg, Blob, "Vec<u8>", None);
        check(pg, Decimal(Some((10, 2))), "Decimal", Some("Decimal(Some((10, 2)))"));
        check(pg, JsonBinary, "Json", Some("JsonBinary"));
        check(pg, Array(Box::new(String(None))), "Vec<String>", None);
        check(
            pg,
            Array(Box::new(String(Some(20)))),
            "Vec<String>",
            Some("Array(RcOrArc::new(ColumnType::String(StringLen::N(20))))"),
        );
        check(pg, Custom("money".into()), "Decimal", Some("Money(None)"));
        check(pg, Custom("bit varying(8)".into()), "Vec<u8>", Some("VarBit(8)"));
        check(pg, Custom("xml".into()), "String", Some("custom(\"xml\")"));
        check(pg, Custom("inet".into()), "IpNetwork", None);
        check(pg, TimestampWithTimeZone, "DateTimeWithTimeZone", None);
        let my = Backend::Mysql;
        check(my, String(Some(255)), "String", None);
        check(my, String(Some(80)), "String", Some("String(StringLen::N(80))"));
        check(my, Boolean, "bool", None);
        check(my, Custom("mediumint".into()), "i32", Some("custom(\"mediumint\")"));
        check(
            my,
            Custom("datetime(6)".into()),
            "DateTime",
            Some("custom(\"datetime(6)\")"),
        );
        check(my, Binary(16), "Vec<u8>", Some("Binary(16)"));
        let lite = Backend::Sqlite;
        check(lite, Integer, "i64", None);
        check(
            lite,
            Custom("NVARCHAR(160)".into()),
            "String",
            Some("custom(\"NVARCHAR(160)\")"),
        );
        check(
            lite,
            Custom("DATETIME".into()),
            "DateTime",
            Some("custom(\"DATETIME\")"),
        );
    }
}
