//! Type spelling and normalization tests: one helper, many cases.

use crate::{Backend, Column, ColumnType, Schema, Table};

#[track_caller]
fn check_parse(backend: Backend, sql: &str, expect: ColumnType) {
    assert_eq!(ColumnType::parse(backend, sql), expect, "parsing {sql:?} on {backend}");
}

#[track_caller]
fn check_canonical(backend: Backend, ty: ColumnType, expect: ColumnType) {
    assert_eq!(ty.canonical(backend), expect, "canonical form of {ty:?} on {backend}");
}

fn every_type() -> Vec<ColumnType> {
    use ColumnType::*;
    vec![
        Char(Some(3)),
        Char(None),
        String(Some(50)),
        String(None),
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
        Decimal(Some((10, 2))),
        Decimal(None),
        DateTime,
        Timestamp,
        TimestampWithTimeZone,
        Time,
        Date,
        Binary(16),
        VarBinary(Some(8)),
        VarBinary(None),
        Boolean,
        Json,
        JsonBinary,
        Uuid,
        Enum {
            name: "mood".into(),
            variants: vec!["happy".into(), "sad".into()],
        },
        Custom("geometry".into()),
    ]
}

#[test]
fn canonical_is_idempotent_on_every_backend() {
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
        for ty in every_type() {
            let once = ty.canonical(backend);
            assert_eq!(once.canonical(backend), once, "{ty:?} on {backend}");
            // A PostgreSQL enum reads back by name only; the introspector finds its values in `pg_enum`.
            if backend == Backend::Postgres && matches!(ty, ColumnType::Enum { .. }) {
                continue;
            }
            // What the catalog reports for the rendered type folds to the same canonical form.
            assert_eq!(
                ColumnType::parse(backend, &ty.render(backend)).canonical(backend),
                once,
                "{ty:?} on {backend}"
            );
        }
    }
}

#[test]
fn sqlite_spellings() {
    use ColumnType::*;
    let b = Backend::Sqlite;
    check_parse(b, "varchar(50)", String(Some(50)));
    check_parse(b, "VARCHAR", String(None));
    check_parse(b, "integer", Integer);
    check_parse(b, "INTEGER", Integer);
    check_parse(b, "bigint", BigInteger);
    check_parse(b, "real(10, 2)", Decimal(Some((10, 2))));
    check_parse(b, "datetime_text", DateTime);
    check_parse(b, "uuid_text", Uuid);
    check_parse(b, "blob(16)", Binary(16));
    check_parse(b, "NVARCHAR(120)", Custom("NVARCHAR(120)".into()));
    check_parse(b, "", Custom(std::string::String::new()));
}

#[test]
fn sqlite_folds_integer_widths() {
    use ColumnType::*;
    check_canonical(Backend::Sqlite, BigInteger, Integer);
    check_canonical(Backend::Sqlite, Unsigned, Integer);
    check_canonical(Backend::Sqlite, TinyUnsigned, TinyInteger);
    check_canonical(Backend::Sqlite, String(Some(50)), String(Some(50)));
    check_canonical(Backend::Sqlite, Custom("VARCHAR(50)".into()), String(Some(50)));
}

#[test]
fn postgres_arrays_and_spellings() {
    use ColumnType::*;
    let b = Backend::Postgres;
    check_parse(b, "character varying[]", Array(Box::new(String(None))));
    check_parse(b, "character varying(20)[]", Array(Box::new(String(Some(20)))));
    check_parse(b, "numeric(10,2)[]", Array(Box::new(Decimal(Some((10, 2))))));
    check_parse(b, "integer[]", Array(Box::new(Integer)));
    // What sea-query writes for a `Vec<String>` reads back as what the catalog reports.
    check_canonical(b, Custom("varchar[]".into()), Array(Box::new(String(None))));
    check_canonical(b, Array(Box::new(Boolean)), Array(Box::new(Boolean)));
    assert_eq!(Array(Box::new(String(Some(20)))).render(b), "varchar(20)[]");
    check_parse(b, "varbit(8)", Custom("bit varying(8)".into()));
    check_parse(b, "bit varying(8)", Custom("bit varying(8)".into()));
    check_parse(b, "timetz", Custom("time with time zone".into()));
    check_parse(b, "TIME(3)", Custom("time(3) without time zone".into()));
    check_parse(
        b,
        "timestamp(6) with time zone",
        Custom("timestamp(6) with time zone".into()),
    );
    check_parse(b, "XML", Custom("xml".into()));
    // Found by the fuzzer: a modifier that is not `(n)` is kept, so that reading again changes nothing.
    check_parse(b, "timestamp(wath time", Custom("timestamp(wath time".into()));
    check_canonical(
        b,
        Custom("timestamp(wath time".into()),
        Custom("timestamp(wath time".into()),
    );
    check_parse(b, "\"MyType\"", Custom("\"MyType\"".into()));
}

#[test]
fn postgres_and_mysql_aliases() {
    use ColumnType::*;
    check_parse(Backend::Postgres, "int4", Integer);
    check_parse(Backend::Postgres, "character varying(20)", String(Some(20)));
    check_parse(Backend::Postgres, "timestamp with time zone", TimestampWithTimeZone);
    check_parse(Backend::Mysql, "int(11)", Integer);
    check_parse(Backend::Mysql, "int(10) unsigned", Unsigned);
    check_parse(Backend::Mysql, "tinyint(1)", Boolean);
    // A genuine LONGTEXT is no JSON (the MySQL introspector reads MariaDB's JSON from its check).
    check_parse(Backend::Mysql, "longtext", Custom("longtext".into()));
    check_parse(Backend::Mysql, "LONGTEXT", Custom("longtext".into()));
    check_parse(Backend::Mysql, "mediumtext", Custom("mediumtext".into()));
    check_parse(Backend::Mysql, "tinytext", Custom("tinytext".into()));
    check_parse(Backend::Mysql, "json", Json);
    check_canonical(Backend::Mysql, Custom("LongText".into()), Custom("longtext".into()));
    check_canonical(Backend::Mysql, Json, Json);
    check_canonical(Backend::Mysql, String(None), String(Some(255)));
    check_canonical(Backend::Mysql, Uuid, Binary(16));
}

#[test]
fn default_spellings_fold() {
    let col = |d: &str| {
        Column::new("c", ColumnType::Integer)
            .default_sql(d)
            .normalized(Backend::Sqlite)
            .default
    };
    assert_eq!(col("(0)"), Some("0".into()));
    assert_eq!(col("((0))"), Some("0".into()));
    assert_eq!(col("current_timestamp"), Some("CURRENT_TIMESTAMP".into()));
    assert_eq!(col("(1) + (2)"), Some("(1) + (2)".into()));
    assert_eq!(col("'('"), Some("'('".into()));
}

#[test]
fn postgres_default_casts_fold() {
    let col = |d: &str| {
        Column::new("c", ColumnType::Text)
            .default_sql(d)
            .normalized(Backend::Postgres)
            .default
    };
    assert_eq!(col("'x'::character varying"), Some("'x'".into()));
    assert_eq!(col("'a::b'::text"), Some("'a::b'".into()));
    assert_eq!(col("'{}'::jsonb"), Some("'{}'".into()));
    assert_eq!(col("TRUE"), Some("true".into()));
    assert_eq!(col("now()"), Some("now()".into()));
    assert_eq!(col("(0)::numeric(10,2)"), Some("0".into()));
    // The catalog quotes a negative or large number; the entities write it bare.
    assert_eq!(col("'-3'::integer"), Some("-3".into()));
    assert_eq!(col("'5000000000'::bigint"), Some("5000000000".into()));
    assert_eq!(col("'-0.25'::numeric"), Some("-0.25".into()));
    assert_eq!(col("'-3'::text"), Some("'-3'".into()));
    assert_eq!(col("'1e3'::integer"), Some("'1e3'".into()));
}

/// The comparison form of a default on `backend`.
fn normal(backend: Backend, sql: &str) -> Option<String> {
    Column::new("c", ColumnType::Text)
        .default_sql(sql)
        .normalized(backend)
        .default
}

/// One text with every character that needs care in a literal: quotes of both kinds, a backslash, a newline, a tab
/// and non-ASCII letters. Each spelling below is what a builder or a catalog really writes for it (sea-query's
/// `Expr::val`; `pg_get_expr`, MariaDB's `COLUMN_DEFAULT`, SQLite's `dflt_value`, read on the servers).
#[test]
fn string_defaults_compare_by_their_text_in_every_spelling() {
    use crate::quote_string;
    let text = "it's \"a\"\\ \n\t é";
    let spellings = [
        // SQLite: sea-query and the catalog alike.
        (Backend::Sqlite, "'it''s \"a\"\\ \n\t é'"),
        (Backend::Sqlite, "('it''s \"a\"\\ \n\t é')"),
        // PostgreSQL: sea-query writes an escape string, the catalog a plain literal with its cast.
        (Backend::Postgres, "E'it\\'s \"a\"\\\\ \\n\\t é'"),
        (Backend::Postgres, "'it''s \"a\"\\ \n\t é'::character varying"),
        (Backend::Postgres, "('it''s \"a\"\\ \n\t é'::character varying)::text"),
        (Backend::Postgres, "(e'it''s \\\"a\\\"\\\\ \\012\\x09 \\u00e9')"),
        // MySQL: sea-query escapes quotes with backslashes; MariaDB doubles them, keeps the tab, escapes the newline.
        (Backend::Mysql, "'it\\'s \\\"a\\\"\\\\ \\n\\t é'"),
        (Backend::Mysql, "'it''s \"a\"\\\\ \\n\t é'"),
    ];
    for (backend, sql) in spellings {
        let canonical = quote_string(backend, text);
        assert_eq!(normal(backend, sql), Some(canonical.clone()), "{sql:?} on {backend}");
        assert_eq!(
            normal(backend, &canonical),
            Some(canonical),
            "the comparison form is its own on {backend}"
        );
    }
    // The same spelling is another text on another backend, and different texts differ.
    assert_eq!(normal(Backend::Sqlite, r"'a\b'").as_deref(), Some(r"'a\b'"));
    assert_eq!(normal(Backend::Postgres, r"'a\b'::text").as_deref(), Some(r"'a\b'"));
    assert_eq!(normal(Backend::Postgres, r"E'a\\b'").as_deref(), Some(r"'a\b'"));
    assert_eq!(normal(Backend::Postgres, r"E'a\b'").as_deref(), Some("'a\u{8}'"));
    assert_eq!(normal(Backend::Mysql, r"'a\b'").as_deref(), Some("'a\u{8}'"));
    assert_eq!(normal(Backend::Mysql, r"'a\\b'").as_deref(), Some(r"'a\\b'"));
    assert_ne!(normal(Backend::Postgres, "'it''s'"), normal(Backend::Postgres, "'its'"));
    assert_ne!(normal(Backend::Mysql, r"'a\'b'"), normal(Backend::Mysql, r"'a\\b'"));
    // MySQL's own escapes: `\%` and `\_` keep their backslash, `\Z` and `\0` are control characters.
    assert_eq!(
        normal(Backend::Mysql, r"'\%\_\Z\0\q'").as_deref(),
        Some("'\\\\%\\\\_\u{1a}\0q'")
    );
    // MariaDB reports an emoji in a default as `?` (its catalog is 3-byte UTF-8): both read alike there only.
    assert_eq!(normal(Backend::Mysql, "'a 😀 é'"), normal(Backend::Mysql, "'a ? é'"));
    assert_ne!(
        normal(Backend::Postgres, "'a 😀 é'"),
        normal(Backend::Postgres, "'a ? é'")
    );
    // PostgreSQL octal, hex and unicode escapes are bytes or characters; bytes that are no UTF-8 make no text.
    assert_eq!(
        normal(Backend::Postgres, r"E'\101\x42\u00e9\U0001F600'").as_deref(),
        Some("'ABé😀'")
    );
    assert_eq!(normal(Backend::Postgres, r"E'\303\251'").as_deref(), Some("'é'"));
    assert_eq!(normal(Backend::Postgres, r"E'\377'").as_deref(), Some(r"E'\377'"));
    // Not one literal: kept as it is (or folded as before).
    assert_eq!(normal(Backend::Sqlite, "'a' || 'b'").as_deref(), Some("'a' || 'b'"));
    assert_eq!(normal(Backend::Mysql, "'a' 'b'").as_deref(), Some("'a' 'b'"));
    assert_eq!(
        normal(Backend::Sqlite, "'unterminated").as_deref(),
        Some("'unterminated")
    );
    assert_eq!(normal(Backend::Mysql, r"'ends in \'").as_deref(), Some(r"'ends in \'"));
    assert_eq!(
        normal(Backend::Postgres, "('a'::text || 'b'::text)").as_deref(),
        Some("'a'::text || 'b'")
    );
    assert_eq!(normal(Backend::Postgres, "name_e'x'").as_deref(), Some("name_e'x'"));
    assert_eq!(
        normal(Backend::Mysql, "CURRENT_TIMESTAMP()").as_deref(),
        Some("CURRENT_TIMESTAMP")
    );
    assert_eq!(normal(Backend::Postgres, "(0)::numeric(10,2)").as_deref(), Some("0"));
}

/// What is written back as a value: one literal with at most one cast; two casts are an expression PostgreSQL
/// evaluates on every insert.
#[test]
fn default_literals_are_the_constant_texts() {
    use crate::default_literal;
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(default_literal(Backend::Postgres, "E'it\\'s\\n'"), some("it's\n"));
    assert_eq!(
        default_literal(Backend::Postgres, "'it''s'::character varying"),
        some("it's")
    );
    assert_eq!(default_literal(Backend::Postgres, "('now'::text)::date"), None);
    assert_eq!(default_literal(Backend::Postgres, "now()"), None);
    assert_eq!(default_literal(Backend::Mysql, "'C:\\\\x'"), some("C:\\x"));
    assert_eq!(default_literal(Backend::Sqlite, "'C:\\x'"), some("C:\\x"));
    assert_eq!(default_literal(Backend::Sqlite, "('')"), some(""));
    assert_eq!(default_literal(Backend::Mysql, "0"), None);
    assert_eq!(default_literal(Backend::Sqlite, "CURRENT_TIMESTAMP"), None);
}

#[test]
fn normalized_schema_ignores_sqlite_comments_and_names() {
    let mut with_comment = Column::new("id", ColumnType::BigInteger);
    with_comment.comment = Some("the key".into());
    let a = Schema::from_tables([Table {
        columns: vec![with_comment],
        ..Table::new("t")
    }]);
    let b = Schema::from_tables([Table {
        columns: vec![Column::new("id", ColumnType::Integer)],
        ..Table::new("t")
    }]);
    assert_eq!(a.normalized(Backend::Sqlite), b.normalized(Backend::Sqlite));
    assert_ne!(a.normalized(Backend::Postgres), b.normalized(Backend::Postgres));
}

#[cfg(feature = "serde")]
#[test]
fn json_shape_of_a_column() {
    let json = serde_json::to_value(Column::new("name", ColumnType::String(Some(50)))).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "name": "name",
            "type": "varchar(50)",
            "nullable": false,
            "default": null,
            "auto_increment": false
        })
    );
}

#[test]
fn check_expressions_fold_catalog_spellings() {
    use crate::normalize_expr;
    let cases = [
        ("price > 0", "price > 0"),
        ("((price > (0)::numeric))", "price > 0"),
        ("`price` > 0", "price > 0"),
        ("\"Price\" >   0", "price > 0"),
        ("(status)::text <> 'Done'::text", "status <> 'Done'"),
        ("status != 'It''s'", "status <> 'It''s'"),
        ("length(name) > 2", "length(name) > 2"),
        ("LENGTH( name ) > 2", "length(name) > 2"),
        ("a IN (1, 2)", "a in(1, 2)"),
        ("(a > 0) AND (b < 10)", "a > 0 and b < 10"),
        ("((a > 0) AND (b < 10))", "a > 0 and b < 10"),
        ("(a + b) * 2 > c", "(a + b) * 2 > c"),
        ("deleted_at IS NULL", "deleted_at is null"),
        ("((deleted_at IS NULL))", "deleted_at is null"),
        ("(name)::character varying(20) = 'x'::character varying", "name = 'x'"),
        ("price >= 0.5", "price >= 0.5"),
    ];
    for (sql, expect) in cases {
        assert_eq!(normalize_expr(sql), expect, "normalizing {sql:?}");
        assert_eq!(normalize_expr(expect), expect, "normalizing {expect:?} again");
    }
}

#[test]
fn mysql_inline_enums_read_back_as_their_values() {
    let values = |v: &[&str]| ColumnType::Enum {
        name: String::new(),
        variants: v.iter().map(|s| s.to_string()).collect(),
    };
    check_parse(Backend::Mysql, "enum('a','b')", values(&["a", "b"]));
    check_parse(Backend::Mysql, "ENUM('it''s', 'x,y')", values(&["it's", "x,y"]));
    check_parse(Backend::Mysql, "enum('a'", ColumnType::Custom("enum('a'".into()));
    check_canonical(
        Backend::Mysql,
        ColumnType::Enum {
            name: "mood".into(),
            variants: vec!["happy".into(), "sad".into()],
        },
        values(&["happy", "sad"]),
    );
    assert_eq!(values(&["a", "b"]).to_string(), "enum('a', 'b')");
}

#[test]
fn quoting_doubles_the_quote_and_escapes_mysql_backslashes() {
    use crate::{quote_ident, quote_string};
    assert_eq!(quote_ident(Backend::Postgres, r#"a"b"#), r#""a""b""#);
    assert_eq!(quote_ident(Backend::Sqlite, "plain"), r#""plain""#);
    assert_eq!(quote_ident(Backend::Mysql, "a`b"), "`a``b`");
    assert_eq!(quote_string(Backend::Postgres, r"it's C:\x"), r"'it''s C:\x'");
    assert_eq!(quote_string(Backend::Mysql, r"it's C:\x"), r"'it''s C:\\x'");
}

#[test]
fn renames_reach_into_expressions() {
    use crate::rename_in_expr;
    let b = Backend::Postgres;
    assert_eq!(
        rename_in_expr(b, "\"amount\" >= 0", "amount", "total"),
        "\"total\" >= 0"
    );
    assert_eq!(
        rename_in_expr(b, "AMOUNT > 0 AND amount_x < 5", "amount", "total"),
        "total > 0 AND amount_x < 5"
    );
    assert_eq!(
        rename_in_expr(b, "note <> 'amount'", "note", "amount"),
        "amount <> 'amount'"
    );
    assert_eq!(
        rename_in_expr(b, "t.amount > amount", "amount", "total"),
        "t.amount > total"
    );
    assert_eq!(
        rename_in_expr(b, "amount(x) > 1e5", "amount", "total"),
        "amount(x) > 1e5"
    );
    assert_eq!(rename_in_expr(b, "a > 0", "a", "Big One"), "\"Big One\" > 0");
    assert_eq!(
        rename_in_expr(Backend::Mysql, "`a` > 0 OR a < 9", "a", "b`c"),
        "`b``c` > 0 OR `b``c` < 9"
    );
    assert_eq!(rename_in_expr(b, "\"Amount\" > 0", "amount", "total"), "\"Amount\" > 0");
}
