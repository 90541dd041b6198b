//! The Mermaid `erDiagram` of the markdown summary (`diff --format markdown`), checked by Mermaid's own parser run
//! by node (`tests/mermaid`, see `sea_autogen_tests::mermaid`): plans made in-process for the blog, hostile names
//! (quotes, spaces, dots, dashes, unicode, Mermaid's own keywords), every column type kind on every backend,
//! foreign keys to untouched tables, drops, renames, schema-qualified PostgreSQL tables, and plans too large for
//! one diagram. What the parser read is compared with the plan: every table an entity of its own, every column an
//! attribute, every foreign key a relationship. A broken diagram must be refused.

use sea_autogen_codegen::mermaid::{ErDiagram, quoted, render_er_diagram};
use sea_autogen_codegen::render_markdown;
use sea_autogen_diff::diff;
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, Unique};
use sea_autogen_tests::mermaid::{INSTALL, check_diagrams, checker, mermaid_blocks};
use serde_json::Value;

const BACKENDS: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

fn col(name: &str, ty: ColumnType) -> Column {
    Column::new(name, ty)
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec![columns[0].name.clone()],
        }),
        columns,
        ..Table::new(name)
    }
}

fn fk(columns: &[&str], ref_table: &str, ref_columns: &[&str]) -> ForeignKey {
    ForeignKey {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        ref_table: ref_table.into(),
        ref_columns: ref_columns.iter().map(|c| c.to_string()).collect(),
        ..ForeignKey::default()
    }
}

fn id() -> Column {
    col("id", ColumnType::Integer)
}

/// A plan to draw: what the database has, what the entities want.
struct Case {
    name: String,
    backend: Backend,
    before: Schema,
    after: Schema,
}

impl Case {
    fn new(name: &str, backend: Backend, before: Schema, after: Schema) -> Case {
        Case {
            name: format!("{name} ({})", backend.as_str()),
            backend,
            before,
            after,
        }
    }

    fn markdown(&self) -> String {
        let plan = diff(&self.before, &self.after, self.backend);
        render_markdown(&plan, &self.after)
    }
}

/// users, posts, tags: a column dropped, one added, one widened, a join table created (foreign keys to a touched
/// and an untouched table), a table dropped.
fn blog(backend: Backend) -> Case {
    let user = Table {
        uniques: vec![Unique {
            name: None,
            columns: vec!["email".into()],
        }],
        ..table(
            "user",
            vec![
                id(),
                col("name", ColumnType::String(Some(50))),
                col("email", ColumnType::String(Some(120))),
            ],
        )
    };
    let mut post = table(
        "post",
        vec![
            id(),
            col("title", ColumnType::String(Some(50))),
            col("body", ColumnType::Text),
            col("author_id", ColumnType::Integer),
            col("created_at", ColumnType::TimestampWithTimeZone).default_sql("CURRENT_TIMESTAMP"),
        ],
    );
    post.foreign_keys = vec![fk(&["author_id"], "user", &["id"])];
    post.indexes = vec![Index::new("idx_post_author_created", ["author_id", "created_at"])];
    let tag = table("tag", vec![id(), col("name", ColumnType::String(Some(40)))]);
    let legacy = table("legacy_note", vec![id(), col("note", ColumnType::Text).nullable()]);
    let before = Schema::from_tables([user.clone(), post.clone(), tag.clone(), legacy]);

    post.columns.retain(|c| c.name != "body");
    post.columns[1].ty = ColumnType::String(Some(80));
    post.columns.push(col("summary", ColumnType::String(None)).nullable());
    let mut post_tag = table(
        "post_tag",
        vec![col("post_id", ColumnType::Integer), col("tag_id", ColumnType::Integer)],
    );
    post_tag.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec!["post_id".into(), "tag_id".into()],
    });
    post_tag.foreign_keys = vec![fk(&["post_id"], "post", &["id"]), fk(&["tag_id"], "tag", &["id"])];
    let after = Schema::from_tables([user, post, tag, post_tag]);
    Case::new("blog", backend, before, after)
}

/// Mermaid's keywords (`class`, `style`, `end`, `direction TB`, `erDiagram`, `1`, `PK`), its comment and
/// directive marker `%%`, HTML, quotes of every dialect, spaces, dots, dashes, tabs and line breaks, unicode, a
/// 63-byte name, and two names that differ only by their quotes; as table, column and enum type names.
fn hostile(backend: Backend) -> Case {
    const NAMES: &[&str] = &[
        "select",
        "Order \"Line\" `x` it's ü",
        "class",
        "style",
        "end",
        "one",
        "1",
        "erDiagram",
        "sort direction TB",
        "a-b",
        "a.b",
        "%%{init: {\"theme\": \"dark\"}}%%",
        "<script>alert(1)</script>",
        "back\\slash",
        "tab\tand\nnewline",
        "~tilde~",
        "名前",
        "😀",
        "pk",
        "\"",
        "a\"b",
        "a'b",
        "}o--||",
        "a_table_name_exactly_sixty_three_bytes_long_for_postgres_000063",
    ];
    let direction = ColumnType::Enum {
        name: "direction".into(),
        variants: vec!["TB".into(), "it's".into(), "a,b".into()],
    };
    let columns = || {
        vec![
            id(),
            col("pk", ColumnType::Integer),
            col("FK", ColumnType::Integer),
            col("uk-x", ColumnType::Integer),
            col("1st", ColumnType::String(Some(10))),
            col("tb", direction.clone()),
            col("a b", ColumnType::Decimal(Some((10, 2)))),
            col("名前", ColumnType::Text),
            col("\"", ColumnType::Boolean),
            col("%%", ColumnType::Custom("timestamp(3) with time zone".into())),
            col("x~y~z", ColumnType::Integer),
            col("}", ColumnType::Integer),
            col("direction", ColumnType::Custom("\"direction\"".into())),
            col("sort direction LR", ColumnType::Integer).nullable(),
        ]
    };
    let parent = table("select", columns());
    let before = Schema::from_tables([parent.clone()]);
    let mut tables = vec![parent];
    for (i, name) in NAMES.iter().enumerate().skip(1) {
        let mut t = table(name, columns());
        // Each references the one before it, and the first the untouched `select`.
        t.foreign_keys = vec![fk(&["FK"], NAMES[i - 1], &["id"])];
        tables.push(t);
    }
    // `select` changes: a column added, one altered, one dropped.
    tables[0]
        .columns
        .push(col("new column", ColumnType::Integer).nullable());
    tables[0].columns[3].ty = ColumnType::BigInteger;
    tables[0].columns.retain(|c| c.name != "名前");
    let after = Schema::from_tables(tables);
    Case::new("hostile names", backend, before, after)
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
        VarBinary(Some(32)),
        VarBinary(None),
        Boolean,
        Json,
        JsonBinary,
        Uuid,
        Enum {
            name: "mood kind".into(),
            variants: vec!["happy".into(), "it's \"so\"".into(), "a, b".into()],
        },
        Array(Box::new(Integer)),
        Array(Box::new(Array(Box::new(Decimal(Some((10, 2))))))),
        Array(Box::new(String(Some(20)))),
        Custom("timestamp(3) with time zone".into()),
        Custom("double precision".into()),
        Custom("geometry(Point, 4326)".into()),
        Custom("bit varying(8)".into()),
        Custom("\"My Type\"".into()),
        Custom("numeric(10,2)[]".into()),
        Custom("set('a','b')".into()),
        Custom("~x~ {y} %z \"q\" <w>".into()),
    ]
}

/// Every column type kind: a table created with one column of each, and a table whose columns all change type
/// (from `text`), which shows each type as it was.
fn types(backend: Backend) -> Case {
    let types = every_type();
    let columns = |ty: &dyn Fn(&ColumnType) -> ColumnType| {
        let mut columns = vec![id()];
        columns.extend(
            types
                .iter()
                .enumerate()
                .map(|(i, t)| col(&format!("c{i}"), ty(t)).nullable()),
        );
        columns
    };
    let altered = table("altered", columns(&|_| ColumnType::Text));
    let before = Schema::from_tables([altered]);
    let after = Schema::from_tables([
        table("created", columns(&|t| t.clone())),
        table("altered", columns(&|t| t.clone())),
    ]);
    Case::new("every type", backend, before, after)
}

/// Foreign keys: to untouched tables (one not in the schema at all), composite, to itself, nullable, one to one;
/// a foreign key dropped and one added on a table that stays, a table dropped with its keys, a column dropped.
fn keys(backend: Backend) -> Case {
    let account = table(
        "account",
        vec![id(), col("region", ColumnType::Integer), col("name", ColumnType::Text)],
    );
    let region = table(
        "region",
        vec![col("code", ColumnType::Integer), col("name", ColumnType::Text)],
    );
    let mut profile = table(
        "profile",
        vec![
            id(),
            col("account_id", ColumnType::Integer),
            col("region_code", ColumnType::Integer),
        ],
    );
    profile.foreign_keys = vec![fk(&["region_code"], "region", &["code"])];
    let mut old = table("old_audit", vec![id(), col("account_id", ColumnType::Integer)]);
    old.foreign_keys = vec![fk(&["account_id"], "account", &["id"])];
    let before = Schema::from_tables([account.clone(), region.clone(), profile.clone(), old]);

    profile.foreign_keys = vec![fk(&["account_id"], "account", &["id"])];
    profile.uniques = vec![Unique {
        name: None,
        columns: vec!["account_id".into()],
    }];
    profile.columns.retain(|c| c.name != "region_code");
    let mut node = table(
        "node",
        vec![
            id(),
            col("parent_id", ColumnType::Integer).nullable(),
            col("account_id", ColumnType::Integer),
            col("region", ColumnType::Integer),
            col("outside_id", ColumnType::Integer),
        ],
    );
    node.foreign_keys = vec![
        fk(&["parent_id"], "node", &["id"]),
        fk(&["account_id", "region"], "account", &["id", "region"]),
        fk(&["outside_id"], "not_managed", &["id"]),
    ];
    let after = Schema::from_tables([account, region, profile, node]);
    Case::new("foreign keys", backend, before, after)
}

/// PostgreSQL tables outside the default schema: created, referencing the default schema and another schema that
/// the plan does not touch, one in a schema whose name needs quoting.
fn schemas() -> Case {
    let in_schema = |schema: &str, t: Table| Table {
        schema: Some(schema.into()),
        ..t
    };
    let customer = table("customer", vec![id(), col("name", ColumnType::Text)]);
    let invoice = in_schema(
        "billing",
        table("invoice", vec![id(), col("total", ColumnType::Decimal(Some((12, 2))))]),
    );
    let before = Schema::from_tables([customer.clone(), invoice.clone()]);
    let mut order = in_schema(
        "sales",
        table(
            "order",
            vec![
                id(),
                col("customer_id", ColumnType::Integer),
                col("invoice_id", ColumnType::Integer),
            ],
        ),
    );
    order.foreign_keys = vec![
        fk(&["customer_id"], "customer", &["id"]),
        ForeignKey {
            ref_schema: Some("billing".into()),
            ..fk(&["invoice_id"], "invoice", &["id"])
        },
    ];
    let mut line = in_schema(
        "My \"Schema\"",
        table("order.line", vec![id(), col("order_id", ColumnType::Integer)]),
    );
    line.foreign_keys = vec![ForeignKey {
        ref_schema: Some("sales".into()),
        ..fk(&["order_id"], "order", &["id"])
    }];
    let after = Schema::from_tables([customer, invoice, order, line]);
    Case::new("schemas", Backend::Postgres, before, after)
}

/// A table and a column renamed (with their hints).
fn renames(backend: Backend) -> Case {
    let person = table("person", vec![id(), col("full name", ColumnType::Text)]);
    let before = Schema::from_tables([person.clone()]);
    let mut renamed = Table {
        name: "people".into(),
        renamed_from: Some("person".into()),
        ..person
    };
    renamed.columns[1].name = "display name".into();
    renamed.columns[1].renamed_from = Some("full name".into());
    let after = Schema::from_tables([renamed]);
    Case::new("renames", backend, before, after)
}

/// `n` tables created, each referencing the one before it.
fn chain(n: usize) -> Case {
    let tables = (0..n).map(|i| {
        let mut t = table(
            &format!("table_{i:04}"),
            vec![
                id(),
                col("previous_id", ColumnType::Integer).nullable(),
                col("name", ColumnType::String(Some(100))),
                col("created_at", ColumnType::TimestampWithTimeZone),
                col("amount", ColumnType::Decimal(Some((10, 2)))),
            ],
        );
        if i > 0 {
            t.foreign_keys = vec![fk(&["previous_id"], &format!("table_{:04}", i - 1), &["id"])];
        }
        t
    });
    Case::new(
        &format!("{n} tables"),
        Backend::Postgres,
        Schema::new(),
        Schema::from_tables(tables),
    )
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for backend in BACKENDS {
        cases.extend([
            blog(backend),
            hostile(backend),
            types(backend),
            keys(backend),
            renames(backend),
        ]);
    }
    cases.push(schemas());
    cases.push(chain(300));
    cases
}

/// What the parser read of one diagram.
struct Read {
    entities: serde_json::Map<String, Value>,
    relationships: Vec<Value>,
}

fn read(line: &str) -> Read {
    let value: Value = serde_json::from_str(line).expect("the checker prints JSON");
    assert_eq!(value["type"], "er", "{line}");
    Read {
        entities: value["entities"].as_object().expect("entities").clone(),
        relationships: value["relationships"].as_array().expect("relationships").clone(),
    }
}

/// The entity name a table's key becomes (the quotes off).
fn entity(key: &str) -> String {
    let quoted = quoted(key);
    quoted[1..quoted.len() - 1].to_owned()
}

fn attributes(read: &Read, key: &str) -> Vec<Value> {
    let name = entity(key);
    let entity = read.entities.get(&name).unwrap_or_else(|| panic!("no entity {name:?}"));
    entity["attributes"].as_array().expect("attributes").clone()
}

#[test]
fn every_diagram_passes_mermaids_parser() {
    let Some(checker) = checker() else {
        return;
    };
    let cases = cases();
    let mut diagrams = Vec::new();
    for case in &cases {
        let markdown = case.markdown();
        assert_eq!(
            markdown,
            case.markdown(),
            "{}: identical input, identical bytes",
            case.name
        );
        for line in markdown.lines() {
            assert_eq!(line, line.trim_end(), "{}: a trailing space in\n{markdown}", case.name);
        }
        let blocks = mermaid_blocks(&markdown);
        assert_eq!(blocks.len(), 1, "{}: one diagram in\n{markdown}", case.name);
        assert!(
            markdown.contains("<details") && markdown.trim_end().ends_with("</details>"),
            "{}: the diagram closes the summary, folded or not:\n{markdown}",
            case.name
        );
        diagrams.push(blocks.into_iter().next().unwrap());
    }
    let lines = check_diagrams(&checker, &diagrams).unwrap_or_else(|message| panic!("{message}"));
    let read: Vec<Read> = lines.iter().map(|line| read(line)).collect();
    for ((case, diagram), read) in cases.iter().zip(&diagrams).zip(&read) {
        let plan = diff(&case.before, &case.after, case.backend);
        let touched: std::collections::BTreeSet<String> = plan.changes.iter().filter_map(|c| c.table()).collect();
        for key in &touched {
            assert!(
                read.entities.contains_key(&entity(key)),
                "{}: table {key:?} is not an entity of\n{diagram}",
                case.name
            );
        }
        if case.name.starts_with("300") {
            // Too long with the columns: the tables and their keys only.
            assert!(
                read.entities.values().all(|e| e["attributes"] == Value::Array(vec![])),
                "{diagram}"
            );
            assert_eq!(read.relationships.len(), 299);
            continue;
        }
        // Every column after the plan (and each dropped one) is an attribute.
        for key in &touched {
            if let Some(table) = case.after.tables.get(key) {
                let was = table.renamed_from.as_deref().unwrap_or(key.as_str());
                let renamed = |name: &str| table.columns.iter().any(|c| c.renamed_from.as_deref() == Some(name));
                let dropped = case.before.tables.get(was).map_or(0, |t| {
                    let gone = t
                        .columns
                        .iter()
                        .filter(|c| table.column(&c.name).is_none() && !renamed(&c.name));
                    gone.count()
                });
                assert_eq!(
                    attributes(read, key).len(),
                    table.columns.len() + dropped,
                    "{}: the columns of {key:?} in\n{diagram}",
                    case.name
                );
            }
        }
    }

    let by_name = |name: &str| {
        let i = cases
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        (&diagrams[i], &read[i])
    };

    // The blog: the new join table points at a touched and an untouched table; `user` is drawn with its key only.
    let markdown = cases.iter().find(|c| c.name == "blog (postgres)").unwrap().markdown();
    let summary = "<details open>\n<summary>Diagram: the 3 tables changed, as they will be, and the 2 they reference";
    assert!(markdown.contains(summary), "{markdown}");
    let (diagram, blog) = by_name("blog (postgres)");
    assert_eq!(
        blog.entities.len(),
        5,
        "post, post_tag, legacy_note, and tag and user referenced:\n{diagram}"
    );
    assert_eq!(blog.relationships.len(), 3, "{diagram}");
    let user = attributes(blog, "user");
    assert_eq!(user.len(), 1, "only the key of an untouched table:\n{diagram}");
    assert_eq!(user[0]["keys"], serde_json::json!(["PK"]));
    assert_eq!(blog.entities[&entity("post_tag")]["alias"], "post_tag (new)");
    assert_eq!(blog.entities[&entity("legacy_note")]["alias"], "legacy_note (dropped)");
    let post = attributes(blog, "post");
    let comment = |attributes: &[Value], name: &str| {
        let attribute = attributes
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("no {name}"));
        attribute["comment"].as_str().unwrap().to_owned()
    };
    assert_eq!(comment(&post, "title"), "was varchar(50)", "{diagram}");
    assert_eq!(comment(&post, "summary"), "added", "{diagram}");
    assert_eq!(comment(&post, "body"), "dropped", "{diagram}");

    // Hostile names: every table an entity of its own (the two that differ by their quotes too), every name
    // readable in full in the comment when the attribute word had to change it.
    let (diagram, hostile) = by_name("hostile names (postgres)");
    assert_eq!(hostile.entities.len(), 24, "{diagram}");
    assert_eq!(hostile.relationships.len(), 23, "{diagram}");
    let select = attributes(hostile, "select");
    assert_eq!(comment(&select, "_pk"), "'pk'", "{diagram}");
    assert_eq!(
        comment(&select, "sort_direction_LR"),
        "'sort direction_LR'",
        "{diagram}"
    );
    assert_eq!(comment(&select, "_uk-x"), "'uk-x'; was integer", "{diagram}");
    assert_eq!(comment(&select, "名前"), "dropped", "{diagram}");
    assert_eq!(comment(&select, "new_column"), "'new column'; added", "{diagram}");

    // Schema-qualified PostgreSQL tables, and the untouched ones they point at in two other schemas.
    let (diagram, schemas) = by_name("schemas (postgres)");
    let mut names: Vec<&String> = schemas.entities.keys().collect();
    names.sort();
    assert_eq!(
        names,
        ["My 'Schema'.order.line", "billing.invoice", "customer", "sales.order"],
        "{diagram}"
    );
    assert_eq!(schemas.relationships.len(), 3, "{diagram}");

    // Keys: one to one, nullable (zero or one), dropped (dotted), to a table outside the schema (its name only).
    let (diagram, keys) = by_name("foreign keys (postgres)");
    let spec = |role: &str| {
        let r = keys
            .relationships
            .iter()
            .find(|r| r["role"] == role)
            .unwrap_or_else(|| panic!("no {role}"));
        let spec = &r["spec"];
        format!(
            "{} {} {}",
            spec["cardB"].as_str().unwrap(),
            spec["relType"].as_str().unwrap(),
            spec["cardA"].as_str().unwrap()
        )
    };
    assert_eq!(
        spec("account_id (added)"),
        "ZERO_OR_ONE IDENTIFYING ONLY_ONE",
        "{diagram}"
    );
    assert_eq!(spec("parent_id"), "ZERO_OR_MORE IDENTIFYING ZERO_OR_ONE", "{diagram}");
    assert_eq!(
        spec("account_id, region"),
        "ZERO_OR_MORE IDENTIFYING ONLY_ONE",
        "{diagram}"
    );
    assert_eq!(
        spec("region_code (dropped)"),
        "ZERO_OR_MORE NON_IDENTIFYING ONLY_ONE",
        "{diagram}"
    );
    assert_eq!(attributes(keys, "not_managed").len(), 0, "{diagram}");
}

#[test]
fn a_broken_diagram_is_refused() {
    let Some(checker) = checker() else {
        return;
    };
    let markdown = blog(Backend::Postgres).markdown();
    let good = mermaid_blocks(&markdown).remove(0);
    check_diagrams(&checker, std::slice::from_ref(&good)).unwrap_or_else(|message| panic!("{message}"));
    // What the quoting prevents: a bare keyword as an entity, a `%` in a quoted name, a column named `pk`, a
    // type with a space, `direction TB` in a name.
    let broken = [
        good.replacen("\"post\"", "class", 1),
        good.replacen("\"post\"", "\"post%\"", 1),
        good.replacen(" title ", " pk ", 1),
        good.replacen("varchar(80)", "character varying", 1),
        good.replacen("\"user\"", "\"user direction TB\"", 1),
        "erDiagram\n \"a\" {\n int x PK FK\n }\n".to_owned(),
    ];
    for diagram in broken {
        assert_ne!(diagram, good, "the breakage applies");
        let refused = check_diagrams(&checker, std::slice::from_ref(&diagram));
        let message = refused.expect_err(&format!("the checker accepted a broken diagram:\n{diagram}"));
        assert!(message.contains("invalid Mermaid diagram"), "{message}");
    }
}

#[test]
fn too_large_a_plan_gets_no_diagram() {
    let case = chain(700);
    let plan = diff(&case.before, &case.after, case.backend);
    assert_eq!(
        render_er_diagram(&plan, &case.after),
        ErDiagram::TooLarge { tables: 700 }
    );
    let markdown = case.markdown();
    assert!(mermaid_blocks(&markdown).is_empty(), "{markdown}");
    assert!(markdown.contains("No diagram: 700 tables"), "{markdown}");
    // Nothing to draw: no change, or enum types only.
    let schema = blog(Backend::Postgres).after;
    let plan = diff(&schema, &schema, Backend::Postgres);
    assert_eq!(render_er_diagram(&plan, &schema), ErDiagram::Empty);
    assert!(!render_markdown(&plan, &schema).contains("mermaid"));
}

#[test]
fn the_checker_names_its_install_command() {
    assert_eq!(INSTALL, "npm ci --prefix tests/mermaid");
    let ci = std::fs::read_to_string(sea_autogen_tests::workspace_root().join(".ci/run")).expect(".ci/run");
    assert!(ci.contains(INSTALL), ".ci/run installs the checker with `{INSTALL}`");
}
