//! How an in-place column change is carried out on each backend, decided once for both the in-process executor and
//! the generated code.

use sea_autogen_schema::{Backend, Column, ColumnType, TableName, quote_ident, quote_string};

/// One statement of an `alter_column` change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterStep {
    /// MySQL: restate the whole column (`MODIFY COLUMN`).
    Modify(Column),
    /// PostgreSQL: `ALTER COLUMN c TYPE t USING <using>`, alone in its statement (`USING` must follow the type).
    SetType { ty: ColumnType, using: String },
    /// PostgreSQL: `SET NOT NULL` / `DROP NOT NULL` and `SET DEFAULT`, in one statement.
    SetNullDefault {
        nullable: Option<bool>,
        default: Option<String>,
    },
    /// SQL no builder expresses, names and text quoted: dropping a PostgreSQL default, a column comment.
    Raw(String),
}

/// The statements that turn column `from` into `to` of table `schema.table` on `backend` (PostgreSQL or MySQL;
/// SQLite rebuilds the table instead).
pub fn alter_steps(table: &TableName, from: &Column, to: &Column, backend: Backend) -> Vec<AlterStep> {
    if backend != Backend::Postgres {
        return vec![AlterStep::Modify(to.clone())];
    }
    let mut steps = Vec::new();
    if from.ty != to.ty {
        steps.push(AlterStep::SetType {
            ty: to.ty.clone(),
            using: pg_cast(&to.name, &to.ty),
        });
    }
    let nullable = (from.nullable != to.nullable).then_some(to.nullable);
    let default = to.default.clone().filter(|_| from.default != to.default);
    if nullable.is_some() || default.is_some() {
        steps.push(AlterStep::SetNullDefault { nullable, default });
    }
    let qualified_table = match &table.schema {
        Some(schema) => format!("{}.{}", pg_ident(schema), pg_ident(&table.name)),
        None => pg_ident(&table.name),
    };
    if from.default.is_some() && to.default.is_none() {
        steps.push(AlterStep::Raw(format!(
            "ALTER TABLE {qualified_table} ALTER COLUMN {} DROP DEFAULT",
            pg_ident(&to.name)
        )));
    }
    if from.comment != to.comment {
        let comment = to.comment.as_deref().map_or("NULL".to_owned(), pg_string);
        steps.push(AlterStep::Raw(format!(
            "COMMENT ON COLUMN {qualified_table}.{} IS {comment}",
            pg_ident(&to.name)
        )));
    }
    steps
}

/// `CAST("column" AS type)`: how PostgreSQL converts the values when a column changes type. An enum goes through
/// text, the one cast every enum has.
fn pg_cast(column: &str, ty: &ColumnType) -> String {
    let via_text = if matches!(ty, ColumnType::Enum { .. }) {
        "::text"
    } else {
        ""
    };
    format!(
        "CAST({}{via_text} AS {})",
        pg_ident(column),
        ty.render(Backend::Postgres)
    )
}

fn pg_ident(name: &str) -> String {
    quote_ident(Backend::Postgres, name)
}

fn pg_string(text: &str) -> String {
    quote_string(Backend::Postgres, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_splits_type_from_the_rest_and_quotes_every_name() {
        let from = Column::new("a\"ge", ColumnType::String(Some(10))).default_sql("'1'");
        let mut to = Column::new("a\"ge", ColumnType::Integer).nullable();
        to.comment = Some("it's".into());
        assert_eq!(
            alter_steps(
                &TableName {
                    schema: Some("app".into()),
                    name: "pe ople".into()
                },
                &from,
                &to,
                Backend::Postgres
            ),
            [
                AlterStep::SetType {
                    ty: ColumnType::Integer,
                    using: r#"CAST("a""ge" AS integer)"#.into()
                },
                AlterStep::SetNullDefault {
                    nullable: Some(true),
                    default: None
                },
                AlterStep::Raw(r#"ALTER TABLE "app"."pe ople" ALTER COLUMN "a""ge" DROP DEFAULT"#.into()),
                AlterStep::Raw(r#"COMMENT ON COLUMN "app"."pe ople"."a""ge" IS 'it''s'"#.into()),
            ]
        );
    }

    #[test]
    fn mysql_restates_the_column() {
        let from = Column::new("age", ColumnType::Integer);
        let to = Column::new("age", ColumnType::BigInteger);
        assert_eq!(
            alter_steps(&TableName::new("people"), &from, &to, Backend::Mysql),
            [AlterStep::Modify(to.clone())]
        );
    }
}
