//! Names that break SQL pasted together without quoting: quotes of every kind, spaces, reserved words, mixed case,
//! unicode, and names of the longest length PostgreSQL keeps (63 bytes); index and constraint names with spaces,
//! apostrophes, mixed case and unicode (not double quotes or backticks, which the statement builders cannot write:
//! such a change is refused, see below). Round-tripped in-process on every backend
//! (`sea_autogen_tests::round_trip`), rows included; the corpus case `hostile_names` compiles and applies the
//! generated file for them.

use sea_autogen_schema::{
    Backend as SchemaBackend, Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema,
    Table, Unique, quote_ident,
};
use sea_autogen_tests::round_trip::{Case, Rows, Survivor, Value, connect_one, round_trip};
use sea_autogen_tests::{Backend, FreshDb};

/// A reserved word in every dialect.
const PARENT: &str = "select";
/// Quotes of all three dialects, a space, mixed case and unicode.
const CHILD: &str = "Order \"Line\" `x` it's ü";
const LABEL: &str = "Mixed Case \"label\"";
const NOTE: &str = "naïve ünïcode 名前";
/// 63 bytes, the most PostgreSQL keeps of a name.
const LONG: &str = "a_column_name_exactly_sixty_three_bytes_long_for_postgres_00063";

fn id() -> Column {
    Column::new("id", ColumnType::Integer)
}

fn keyed(name: &str, columns: Vec<Column>) -> Table {
    Table {
        columns,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new(name)
    }
}

fn before(b: SchemaBackend) -> Schema {
    let parent = keyed(
        PARENT,
        vec![id(), Column::new(LABEL, ColumnType::String(Some(40))).nullable()],
    );
    let mut child = keyed(
        CHILD,
        vec![
            id(),
            Column::new("parent id", ColumnType::Integer),
            Column::new(NOTE, ColumnType::String(Some(40))).default_sql("'it''s'"),
            Column::new(LONG, ColumnType::Integer),
        ],
    );
    child.indexes = vec![Index::new("ix child's note ü", [NOTE])];
    child.uniques = vec![Unique {
        name: Some("uq it's long".into()),
        columns: vec![LONG.into()],
    }];
    child.checks = vec![Check {
        name: Some("ck long's Positive".into()),
        expr: format!("{} >= 0", quote_ident(b, LONG)),
    }];
    child.foreign_keys = vec![ForeignKey {
        name: Some("fk Child's parent".into()),
        columns: vec!["parent id".into()],
        ref_table: PARENT.into(),
        ref_columns: vec!["id".into()],
        on_delete: Some(ForeignKeyAction::Cascade),
        ..ForeignKey::default()
    }];
    Schema::from_tables([parent, child])
}

/// Renames (with hints) of a hostile table and column to other hostile names, a column added and an index
/// changed.
fn after(b: SchemaBackend) -> Schema {
    let mut schema = before(b);
    let mut parent = schema.tables.remove(PARENT).unwrap();
    parent.name = "from \"where\"".into();
    parent.renamed_from = Some(PARENT.into());
    let label = parent.columns.iter_mut().find(|c| c.name == LABEL).unwrap();
    label.name = "Label `Renamed`".into();
    label.renamed_from = Some(LABEL.into());
    parent
        .columns
        .push(Column::new("order", ColumnType::Boolean).default_sql("true"));
    let mut child = schema.tables.remove(CHILD).unwrap();
    child.foreign_keys[0].ref_table = "from \"where\"".into();
    child.indexes = vec![Index::new("ix child's note ü", [NOTE, "parent id"])];
    Schema::from_tables([parent, child])
}

fn case(b: SchemaBackend) -> Case {
    let text = |s: &str| Value::Text(s.to_owned());
    Case {
        before: before(b),
        after: after(b),
        rows: vec![
            Rows {
                table: PARENT.into(),
                rows: (1..=2)
                    .map(|i| vec![("id".into(), Value::Int(i)), (LABEL.into(), text(&format!("l'{i}\"")))])
                    .collect(),
            },
            Rows {
                table: CHILD.into(),
                rows: (1..=3)
                    .map(|i| {
                        vec![
                            ("id".into(), Value::Int(i)),
                            ("parent id".into(), Value::Int(1 + i % 2)),
                            (NOTE.into(), text(&format!("ü{i}"))),
                            (LONG.into(), Value::Int(i * 7)),
                        ]
                    })
                    .collect(),
            },
        ],
        survivors: vec![
            Survivor {
                before: (PARENT.into(), LABEL.into()),
                after: ("from \"where\"".into(), "Label `Renamed`".into()),
            },
            Survivor {
                before: (CHILD.into(), NOTE.into()),
                after: (CHILD.into(), NOTE.into()),
            },
            Survivor {
                before: (CHILD.into(), LONG.into()),
                after: (CHILD.into(), LONG.into()),
            },
            Survivor {
                before: (CHILD.into(), "parent id".into()),
                after: (CHILD.into(), "parent id".into()),
            },
        ],
    }
}

async fn run(backend: Backend) {
    let Some(fresh) = FreshDb::create(backend).await else {
        return;
    };
    let db = connect_one(&fresh.url).await;
    let b = backend.schema_backend();
    assert_eq!(LONG.len(), 63);
    if let Err(failure) = round_trip(&db, b, &case(b)).await {
        panic!("{}: {failure}", backend.name());
    }
}

/// sea-query writes index and constraint names between quotes without doubling a quote inside them, so a plan
/// never writes such a name: the change is left out with a warning that `check` counts as a difference.
#[test]
fn names_of_indexes_and_constraints_with_quotes_are_refused() {
    for b in [SchemaBackend::Sqlite, SchemaBackend::Postgres, SchemaBackend::Mysql] {
        let mut want = before(b);
        let child = want.tables.get_mut(CHILD).unwrap();
        child.indexes.push(Index::new("ix \"quoted\" `name`", ["parent id"]));
        let plan = sea_autogen_diff::diff(&before(b), &want, b);
        assert!(plan.changes.is_empty(), "{b}: {plan:#?}");
        assert!(plan.has_differences(), "{b}: the index is still missing");
        assert!(
            plan.warnings[0].message.contains("holds a quote character"),
            "{b}: {:?}",
            plan.warnings
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_round_trip_on_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_round_trip_on_postgres() {
    run(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_round_trip_on_mariadb() {
    run(Backend::Mysql).await;
}
