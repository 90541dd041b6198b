//! Failures the property tests (`properties.rs`) and other suites found, each kept as a named case that runs the
//! same round trip (`sea_autogen_tests::round_trip`) on every backend: build `before` with rows, plan and apply
//! `up`, a fresh diff is empty and rows survive, apply `down`, the schema is `before` again.

use sea_autogen_schema::{
    Backend as SchemaBackend, Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema,
    Table, Unique, quote_ident,
};
use sea_autogen_tests::round_trip::{Case, Rows, Survivor, Value, connect_one, round_trip};
use sea_autogen_tests::{Backend, FreshDb, Project};

const BACKENDS: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

fn table(name: &str, columns: Vec<Column>) -> Table {
    let mut all = vec![Column::new("id", ColumnType::Integer)];
    all.extend(columns);
    Table {
        columns: all,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new(name)
    }
}

fn key(name: &str, column: &str, to: &str) -> ForeignKey {
    ForeignKey {
        name: Some(name.into()),
        columns: vec![column.into()],
        ref_table: to.into(),
        ref_columns: vec!["id".into()],
        on_delete: Some(ForeignKeyAction::Cascade),
        ..ForeignKey::default()
    }
}

/// `author` (ids 1 and 2) and `post`, whose `author_id` refers to it.
fn authors_and_posts(post: impl FnOnce(&mut Table)) -> Schema {
    let author = table("author", vec![Column::new("name", ColumnType::String(Some(40)))]);
    let mut p = table(
        "post",
        vec![
            Column::new("author_id", ColumnType::Integer),
            Column::new("title", ColumnType::String(Some(40))),
        ],
    );
    p.foreign_keys = vec![key("fk_post_author", "author_id", "author")];
    post(&mut p);
    Schema::from_tables([author, p])
}

fn rows_of_authors_and_posts() -> Vec<Rows> {
    let text = |s: &str| Value::Text(s.to_owned());
    vec![
        Rows {
            table: "author".into(),
            rows: (1..=2)
                .map(|i| vec![("id".into(), Value::Int(i)), ("name".into(), text(&format!("a{i}")))])
                .collect(),
        },
        Rows {
            table: "post".into(),
            rows: (1..=3)
                .map(|i| {
                    vec![
                        ("id".into(), Value::Int(i)),
                        ("author_id".into(), Value::Int(1 + i % 2)),
                        ("title".into(), text(&format!("t{i}"))),
                    ]
                })
                .collect(),
        },
    ]
}

fn survivor(table: &str, column: &str) -> Survivor {
    Survivor {
        before: (table.into(), column.into()),
        after: (table.into(), column.into()),
    }
}

async fn run(backend: Backend, case: impl Fn(SchemaBackend) -> Case) {
    let Some(fresh) = FreshDb::create(backend).await else {
        return;
    };
    let db = connect_one(&fresh.url).await;
    let b = backend.schema_backend();
    if let Err(failure) = round_trip(&db, b, &case(b)).await {
        panic!("{}: {failure}", backend.name());
    }
}

/// MySQL dropped the index it made for `post.author_id` once an index led by `author_id` existed, and then refused
/// to drop that index in `down` (`needed in a foreign key constraint`): `down` now sets the key aside on MySQL.
/// Found by the concurrency suite on the blog's `publishing` migration.
fn index_taking_over_a_foreign_keys_index(_: SchemaBackend) -> Case {
    let after = authors_and_posts(|post| {
        let mut by_author = Index::new("idx_post_author_title", ["author_id", "title"]);
        by_author.descending = vec!["title".into()];
        post.indexes = vec![by_author];
    });
    Case {
        before: authors_and_posts(|_| {}),
        after,
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_index_that_took_over_a_foreign_keys_index_is_dropped_again() {
    for backend in BACKENDS {
        run(backend, index_taking_over_a_foreign_keys_index).await;
    }
}

/// The same with a unique constraint led by the key's column (found by `properties.rs` on MariaDB).
fn unique_taking_over_a_foreign_keys_index(_: SchemaBackend) -> Case {
    let after = authors_and_posts(|post| {
        post.uniques = vec![Unique {
            name: Some("uq_post_author_title".into()),
            columns: vec!["author_id".into(), "title".into()],
        }];
    });
    Case {
        before: authors_and_posts(|_| {}),
        after,
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unique_that_took_over_a_foreign_keys_index_is_dropped_again() {
    for backend in BACKENDS {
        run(backend, unique_taking_over_a_foreign_keys_index).await;
    }
}

/// The only index a key can use, given another definition under the same name: MySQL kept the old one (it may
/// not drop it) and then failed to create the new one (`Duplicate key name`; found by `properties.rs` on MariaDB).
fn foreign_keys_only_index_redefined(_: SchemaBackend) -> Case {
    let with = |columns: &[&str]| {
        authors_and_posts(|post| {
            post.indexes = vec![Index::new("ix_post_author", columns.iter().copied())];
        })
    };
    Case {
        before: with(&["author_id"]),
        after: with(&["title", "author_id"]),
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_only_index_of_a_foreign_key_can_be_redefined() {
    for backend in BACKENDS {
        run(backend, foreign_keys_only_index_redefined).await;
    }
}

/// A table renamed while the enum type of one of its columns gains a value: `down` rebuilt the type (to remove the
/// value) after renaming the table back, converting the column under the table's new name (`relation does not
/// exist` on PostgreSQL; found by `just soak`).
fn renamed_table_with_a_changed_enum(_: SchemaBackend) -> Case {
    let with = |name: &str, renamed_from: Option<&str>, values: &[&str]| {
        let mood = ColumnType::Enum {
            name: "mood".into(),
            variants: values.iter().map(|v| v.to_string()).collect(),
        };
        let mut t = table(name, vec![Column::new("mood", mood)]);
        t.renamed_from = renamed_from.map(str::to_owned);
        Schema::from_tables([t])
    };
    Case {
        before: with("person", None, &["happy", "sad"]),
        after: with("member", Some("person"), &["happy", "sad", "calm"]),
        rows: vec![Rows {
            table: "person".into(),
            rows: (1..=3)
                .map(|i| vec![("id".into(), Value::Int(i)), ("mood".into(), Value::Text("sad".into()))])
                .collect(),
        }],
        survivors: vec![Survivor {
            before: ("person".into(), "mood".into()),
            after: ("member".into(), "mood".into()),
        }],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_table_keeps_its_enum_column_through_down() {
    for backend in BACKENDS {
        run(backend, renamed_table_with_a_changed_enum).await;
    }
}

/// A unique index made plain under its name, beside a unique constraint on the same column: the old index was
/// left out of the comparison (the constraint stands for it), so it was never dropped before the new one was made
/// (`index already exists` on SQLite; found by `just soak`).
fn unique_index_made_plain_beside_a_constraint(_: SchemaBackend) -> Case {
    badges((true, true), (false, true))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unique_index_made_plain_beside_a_constraint_is_dropped_first() {
    for backend in BACKENDS {
        run(backend, unique_index_made_plain_beside_a_constraint).await;
    }
}

/// A column dropped from the index a foreign key uses: MySQL narrowed the index to the key's column instead of
/// dropping it, the plan kept it (the key needs it), and `down` left it narrowed (found by `just soak` on MariaDB).
fn column_dropped_from_a_foreign_keys_index(_: SchemaBackend) -> Case {
    let before = authors_and_posts(|post| {
        post.columns.push(Column::new("rank", ColumnType::Integer).nullable());
        post.indexes = vec![Index::new("ix_post_author_rank", ["author_id", "rank"])];
    });
    Case {
        before,
        after: authors_and_posts(|_| {}),
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_column_dropped_from_a_foreign_keys_index_comes_back_in_it() {
    for backend in BACKENDS {
        run(backend, column_dropped_from_a_foreign_keys_index).await;
    }
}

/// A column dropped with both a unique constraint and a unique index on it: the index was left out of the
/// comparison (the constraint stands for it), so it went only implicitly with the column, and `down` did not make
/// it again (found by `just soak` on PostgreSQL).
fn column_with_a_constraint_and_an_index_dropped(_: SchemaBackend) -> Case {
    let mut t = table(
        "badge",
        vec![Column::new("code", ColumnType::String(Some(20))).nullable()],
    );
    t.indexes = vec![Index::new("ix_badge_code", ["code"]).unique()];
    t.uniques = vec![Unique {
        name: Some("uq_badge_code".into()),
        columns: vec!["code".into()],
    }];
    Case {
        before: Schema::from_tables([t]),
        after: Schema::from_tables([table("badge", vec![])]),
        rows: vec![Rows {
            table: "badge".into(),
            rows: (1..=3).map(|i| vec![("id".into(), Value::Int(i))]).collect(),
        }],
        survivors: vec![survivor("badge", "id")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_column_gets_its_unique_index_back_in_down() {
    for backend in BACKENDS {
        run(backend, column_with_a_constraint_and_an_index_dropped).await;
    }
}

/// A varchar column made TEXT while its index goes: the column was altered first, and MySQL cannot keep an index
/// on TEXT (`Specified key was too long`; found by `just soak` on MariaDB). Indexes that go are now dropped before
/// columns change.
fn indexed_column_made_text(_: SchemaBackend) -> Case {
    let label = |ty: ColumnType| {
        let mut t = table("note", vec![Column::new("label", ty)]);
        t.indexes = vec![Index::new("ix_note_label", ["label"])];
        t
    };
    let mut after = label(ColumnType::Text);
    after.indexes.clear();
    Case {
        before: Schema::from_tables([label(ColumnType::String(Some(20)))]),
        after: Schema::from_tables([after]),
        rows: vec![Rows {
            table: "note".into(),
            rows: (1..=3)
                .map(|i| {
                    vec![
                        ("id".into(), Value::Int(i)),
                        ("label".into(), Value::Text(format!("l{i}"))),
                    ]
                })
                .collect(),
        }],
        survivors: vec![survivor("note", "label")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_indexed_column_made_text_loses_its_index_first() {
    for backend in BACKENDS {
        run(backend, indexed_column_made_text).await;
    }
}

/// Two new indexes both led by a key's column: `down` drops them one after the other, and the second is then the
/// only one the key can use (`needed in a foreign key constraint` on MariaDB; found by `just soak`). Whether a key
/// must be set aside is now judged in the state each drop runs in.
fn two_indexes_taking_over_a_foreign_keys_index(_: SchemaBackend) -> Case {
    let after = authors_and_posts(|post| {
        post.indexes = vec![
            Index::new("ix_post_author", ["author_id"]),
            Index::new("ix_post_author_title", ["author_id", "title"]),
        ];
    });
    Case {
        before: authors_and_posts(|_| {}),
        after,
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_indexes_that_took_over_a_foreign_keys_index_are_dropped_again() {
    for backend in BACKENDS {
        run(backend, two_indexes_taking_over_a_foreign_keys_index).await;
        // And the other way round: both dropped, one after the other.
        run(backend, |b| {
            let case = two_indexes_taking_over_a_foreign_keys_index(b);
            Case {
                before: case.after,
                after: case.before,
                ..case
            }
        })
        .await;
    }
}

/// SQLite: `child`'s key to `parent` becomes `ON DELETE CASCADE` and `parent` gains a unique constraint, so both are
/// rebuilt, `child` first. Dropping `parent` then fired the cascade `child` had just been given, and every row of
/// `child` was deleted: the rows set aside during a rebuild were chosen by the keys as they were, not as they are
/// by then (found by `just soak`).
fn cascade_added_before_its_parent_is_rebuilt(_: SchemaBackend) -> Case {
    let with = |cascade: bool| {
        let mut parent = table("parent", vec![Column::new("label", ColumnType::String(Some(20)))]);
        if cascade {
            parent.uniques = vec![Unique {
                name: Some("uq_parent_label".into()),
                columns: vec!["label".into()],
            }];
        }
        let mut child = table("child", vec![Column::new("parent_id", ColumnType::Integer)]);
        let mut fk = key("fk_child_parent", "parent_id", "parent");
        fk.on_delete = cascade.then_some(ForeignKeyAction::Cascade);
        child.foreign_keys = vec![fk];
        Schema::from_tables([parent, child])
    };
    Case {
        before: with(false),
        after: with(true),
        rows: vec![
            Rows {
                table: "parent".into(),
                rows: (1..=2)
                    .map(|i| {
                        vec![
                            ("id".into(), Value::Int(i)),
                            ("label".into(), Value::Text(format!("p{i}"))),
                        ]
                    })
                    .collect(),
            },
            Rows {
                table: "child".into(),
                rows: (1..=3)
                    .map(|i| {
                        vec![
                            ("id".into(), Value::Int(i)),
                            ("parent_id".into(), Value::Int(1 + i % 2)),
                        ]
                    })
                    .collect(),
            },
        ],
        survivors: vec![
            survivor("child", "id"),
            survivor("child", "parent_id"),
            survivor("parent", "label"),
        ],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_survive_a_cascade_added_before_its_parent_is_rebuilt() {
    for backend in BACKENDS {
        run(backend, cascade_added_before_its_parent_is_rebuilt).await;
    }
}

/// MySQL: the only index of a key is replaced by a unique constraint on the key's column. The index was kept (the
/// key needed it while it was the only one), so a fresh diff after `up` wanted to drop it (found by `just soak` on
/// MariaDB). It is now dropped with the key set aside, since the entities give the key another index.
fn foreign_keys_only_index_replaced_by_a_unique(_: SchemaBackend) -> Case {
    let before = authors_and_posts(|post| {
        post.indexes = vec![Index::new("ix_post_author", ["author_id"])];
    });
    let after = authors_and_posts(|post| {
        post.uniques = vec![Unique {
            name: Some("uq_post_author_title".into()),
            columns: vec!["author_id".into(), "title".into()],
        }];
    });
    Case {
        before,
        after,
        rows: rows_of_authors_and_posts(),
        survivors: vec![survivor("post", "author_id"), survivor("post", "title")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_only_index_of_a_foreign_key_can_give_way_to_a_unique() {
    for backend in BACKENDS {
        run(backend, foreign_keys_only_index_replaced_by_a_unique).await;
    }
}

/// A renamed column that a check names: the database rewrites the check, so the plan must not see the check as
/// changed (SQLite rebuilt the table, and `down` left the check naming the new column; found by `properties.rs`).
fn renamed_column_named_by_a_check(b: SchemaBackend) -> Case {
    let with = |column: &str, renamed_from: Option<&str>| {
        let mut amount = Column::new(column, ColumnType::Integer);
        amount.renamed_from = renamed_from.map(str::to_owned);
        let mut t = table("ledger", vec![amount]);
        t.checks = vec![Check {
            name: Some("ck_ledger_amount".into()),
            expr: format!("{} >= 0", quote_ident(b, column)),
        }];
        Schema::from_tables([t])
    };
    Case {
        before: with("amount", None),
        after: with("total", Some("amount")),
        rows: vec![Rows {
            table: "ledger".into(),
            rows: (1..=3)
                .map(|i| vec![("id".into(), Value::Int(i)), ("amount".into(), Value::Int(i * 10))])
                .collect(),
        }],
        survivors: vec![Survivor {
            before: ("ledger".into(), "amount".into()),
            after: ("ledger".into(), "total".into()),
        }],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_column_keeps_the_check_that_names_it() {
    for backend in BACKENDS {
        run(backend, renamed_column_named_by_a_check).await;
    }
}

/// A unique constraint and a unique index on the same column: MySQL reports both as one index, and the plan
/// created the index a second time (`Duplicate key name`; found by `properties.rs` on MariaDB).
fn unique_constraint_beside_a_unique_index(_: SchemaBackend) -> Case {
    badges((true, false), (true, true))
}

/// `badge(code)` with an index on `code` and maybe a unique constraint, before and after: each side says whether
/// the index is unique and whether the constraint is there.
fn badges(before: (bool, bool), after: (bool, bool)) -> Case {
    let with = |(unique, constraint): (bool, bool)| {
        let mut t = table("badge", vec![Column::new("code", ColumnType::String(Some(20)))]);
        let index = Index::new("ix_badge_code", ["code"]);
        t.indexes = vec![if unique { index.unique() } else { index }];
        if constraint {
            t.uniques = vec![Unique {
                name: Some("uq_badge_code".into()),
                columns: vec!["code".into()],
            }];
        }
        Schema::from_tables([t])
    };
    Case {
        before: with(before),
        after: with(after),
        rows: vec![Rows {
            table: "badge".into(),
            rows: (1..=3)
                .map(|i| {
                    vec![
                        ("id".into(), Value::Int(i)),
                        ("code".into(), Value::Text(format!("c{i}"))),
                    ]
                })
                .collect(),
        }],
        survivors: vec![survivor("badge", "code")],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unique_constraint_beside_a_unique_index_is_not_created_twice() {
    for backend in BACKENDS {
        run(backend, unique_constraint_beside_a_unique_index).await;
    }
}

/// The blog's committed migrations, generated on SQLite, go all the way down on MariaDB too (the `publishing`
/// migration's `down` failed there before it set the author key aside).
#[tokio::test(flavor = "multi_thread")]
async fn the_blog_downgrades_to_base_on_mariadb() {
    let Some(blog) = Project::example("blog", Backend::Mysql).await else {
        return;
    };
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["downgrade", "base", "--yes"]).expect_code(0);
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["check"]).expect_code(0);
}
