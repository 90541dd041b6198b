//! The few statements sea-query has no builder for (constraints added to or dropped from an existing table, table
//! comments), written once for the executor and the generated code. Every name and text is quoted.

use sea_autogen_schema::{Backend, Check, PrimaryKey, TableName, Unique, quote_ident, quote_string};

/// A table's name quoted for `backend`, with its schema when it has one.
pub(crate) fn table_sql(backend: Backend, table: &TableName) -> String {
    match &table.schema {
        Some(schema) => format!("{}.{}", quote_ident(backend, schema), quote_ident(backend, &table.name)),
        None => quote_ident(backend, &table.name),
    }
}

pub(crate) fn columns_sql(backend: Backend, columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| quote_ident(backend, c)).collect();
    quoted.join(", ")
}

/// `ALTER TABLE t ADD CONSTRAINT name CHECK (expr)`.
pub fn add_check_sql(backend: Backend, table: &TableName, check: &Check) -> String {
    let name = match &check.name {
        Some(name) => format!("CONSTRAINT {} ", quote_ident(backend, name)),
        None => String::new(),
    };
    format!(
        "ALTER TABLE {} ADD {name}CHECK ({})",
        table_sql(backend, table),
        check.expr
    )
}

/// `ALTER TABLE t DROP CONSTRAINT name` (PostgreSQL; MariaDB 10.2 and MySQL 8.0.19 on).
pub fn drop_constraint_sql(backend: Backend, table: &TableName, name: &str) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {}",
        table_sql(backend, table),
        quote_ident(backend, name)
    )
}

/// `ALTER TABLE t ADD CONSTRAINT name UNIQUE (columns)`.
pub fn add_unique_sql(backend: Backend, table: &TableName, unique: &Unique) -> String {
    let name = match &unique.name {
        Some(name) => format!("CONSTRAINT {} ", quote_ident(backend, name)),
        None => String::new(),
    };
    format!(
        "ALTER TABLE {} ADD {name}UNIQUE ({})",
        table_sql(backend, table),
        columns_sql(backend, &unique.columns)
    )
}

/// Drops a unique constraint: MySQL keeps it as an index of the same name.
pub fn drop_unique_sql(backend: Backend, table: &TableName, name: &str) -> String {
    match backend {
        Backend::Mysql => format!(
            "ALTER TABLE {} DROP INDEX {}",
            table_sql(backend, table),
            quote_ident(backend, name)
        ),
        _ => drop_constraint_sql(backend, table, name),
    }
}

/// Changes a table's primary key: the old one dropped, the new one added (one statement on MySQL).
pub fn primary_key_sql(
    backend: Backend,
    table: &TableName,
    from: Option<&PrimaryKey>,
    to: Option<&PrimaryKey>,
) -> Vec<String> {
    let t = table_sql(backend, table);
    let default_name = format!("{}_pkey", table.name);
    if backend == Backend::Mysql {
        let mut parts = Vec::new();
        if from.is_some() {
            parts.push("DROP PRIMARY KEY".to_owned());
        }
        if let Some(pk) = to {
            parts.push(format!("ADD PRIMARY KEY ({})", columns_sql(backend, &pk.columns)));
        }
        return vec![format!("ALTER TABLE {t} {}", parts.join(", "))];
    }
    let mut statements = Vec::new();
    if let Some(pk) = from {
        let name = pk.name.as_deref().unwrap_or(&default_name);
        statements.push(format!(
            "ALTER TABLE {t} DROP CONSTRAINT {}",
            quote_ident(backend, name)
        ));
    }
    if let Some(pk) = to {
        let name = pk.name.as_deref().unwrap_or(&default_name);
        statements.push(format!(
            "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY ({})",
            quote_ident(backend, name),
            columns_sql(backend, &pk.columns)
        ));
    }
    statements
}

/// PostgreSQL's `COMMENT ON COLUMN`: the only way it keeps a column comment (its `CREATE TABLE` and `ADD COLUMN`
/// have no comment clause). Nothing elsewhere: MySQL writes comments inline, SQLite has none.
pub fn column_comment_sql(backend: Backend, table: &TableName, column: &str, comment: Option<&str>) -> Option<String> {
    (backend == Backend::Postgres).then(|| {
        format!(
            "COMMENT ON COLUMN {}.{} IS {}",
            table_sql(backend, table),
            quote_ident(backend, column),
            comment.map_or("NULL".to_owned(), |c| quote_string(backend, c))
        )
    })
}

/// The comments of a table just created that its `CREATE TABLE` could not carry (PostgreSQL).
pub fn created_comments_sql(backend: Backend, table: &sea_autogen_schema::Table) -> Vec<String> {
    if backend != Backend::Postgres {
        return Vec::new();
    }
    let name = table.table_name();
    let mut statements: Vec<String> = table
        .comment
        .as_deref()
        .map(|c| table_comment_sql(backend, &name, Some(c)))
        .into_iter()
        .collect();
    statements.extend(
        table
            .columns
            .iter()
            .filter_map(|c| column_comment_sql(backend, &name, &c.name, Some(c.comment.as_deref()?))),
    );
    statements
}

/// Sets or removes a table's comment.
pub fn table_comment_sql(backend: Backend, table: &TableName, comment: Option<&str>) -> String {
    match backend {
        Backend::Mysql => format!(
            "ALTER TABLE {} COMMENT = {}",
            table_sql(backend, table),
            quote_string(backend, comment.unwrap_or(""))
        ),
        _ => format!(
            "COMMENT ON TABLE {} IS {}",
            table_sql(backend, table),
            comment.map_or("NULL".to_owned(), |c| quote_string(backend, c))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_quote_every_name_and_text() {
        let table = TableName {
            schema: Some("app".into()),
            name: "or\"der".into(),
        };
        let check = Check {
            name: Some("ck".into()),
            expr: "qty > 0".into(),
        };
        assert_eq!(
            add_check_sql(Backend::Postgres, &table, &check),
            r#"ALTER TABLE "app"."or""der" ADD CONSTRAINT "ck" CHECK (qty > 0)"#
        );
        let mysql_table = TableName::new("order");
        assert_eq!(
            drop_unique_sql(Backend::Mysql, &mysql_table, "uq"),
            "ALTER TABLE `order` DROP INDEX `uq`"
        );
        let unique = Unique {
            name: Some("uq".into()),
            columns: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            add_unique_sql(Backend::Mysql, &mysql_table, &unique),
            "ALTER TABLE `order` ADD CONSTRAINT `uq` UNIQUE (`a`, `b`)"
        );
        assert_eq!(
            table_comment_sql(Backend::Mysql, &mysql_table, Some("it's")),
            "ALTER TABLE `order` COMMENT = 'it''s'"
        );
        assert_eq!(
            table_comment_sql(Backend::Postgres, &table, None),
            r#"COMMENT ON TABLE "app"."or""der" IS NULL"#
        );
    }
}
