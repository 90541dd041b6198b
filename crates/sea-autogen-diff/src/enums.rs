//! How a PostgreSQL enum type's values change: new values added in place, or the type rebuilt.

use crate::{EnumColumn, enum_only_adds};
use sea_autogen_schema::{Backend, TableName, quote_ident, quote_string};

/// One statement of an `alter_enum` change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumStep {
    /// `ALTER TYPE name ADD VALUE 'value' BEFORE|AFTER 'neighbour'`.
    AddValue {
        value: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// A statement of the rebuild, as SQL with every name and value quoted.
    Raw(String),
}

/// The statements that turn enum `name`'s values `from` into `to`. Values only added go in one by one, each next
/// to its neighbour. Anything else rebuilds the type: renamed aside, created anew, every column converted through
/// text (its default dropped for the conversion and restored), the old type dropped.
pub fn alter_enum_steps(name: &str, from: &[String], to: &[String], columns: &[EnumColumn]) -> Vec<EnumStep> {
    if enum_only_adds(from, to) {
        let mut present: Vec<&String> = from.iter().collect();
        let mut steps = Vec::new();
        for (i, value) in to.iter().enumerate() {
            if present.contains(&value) {
                continue;
            }
            let after = to[..i].iter().rev().find(|v| present.contains(v)).cloned();
            let before = match after {
                Some(_) => None,
                None => to[i + 1..].iter().find(|v| present.contains(v)).cloned(),
            };
            steps.push(EnumStep::AddValue {
                value: value.clone(),
                before,
                after,
            });
            present.push(value);
        }
        return steps;
    }
    let pg = Backend::Postgres;
    let old = format!("{name}_autogen_old");
    let values: Vec<String> = to.iter().map(|v| quote_string(pg, v)).collect();
    let table = |t: &TableName| crate::sql::table_sql(pg, t);
    let mut steps = vec![
        EnumStep::Raw(format!(
            "ALTER TYPE {} RENAME TO {}",
            quote_ident(pg, name),
            quote_ident(pg, &old)
        )),
        EnumStep::Raw(format!(
            "CREATE TYPE {} AS ENUM ({})",
            quote_ident(pg, name),
            values.join(", ")
        )),
    ];
    for c in columns {
        let (t, col) = (table(&c.table), quote_ident(pg, &c.column));
        if c.default.is_some() {
            steps.push(EnumStep::Raw(format!(
                "ALTER TABLE {t} ALTER COLUMN {col} DROP DEFAULT"
            )));
        }
        steps.push(EnumStep::Raw(format!(
            "ALTER TABLE {t} ALTER COLUMN {col} TYPE {name_q} USING {col}::text::{name_q}",
            name_q = quote_ident(pg, name)
        )));
        if let Some(default) = &c.default {
            steps.push(EnumStep::Raw(format!(
                "ALTER TABLE {t} ALTER COLUMN {col} SET DEFAULT {default}"
            )));
        }
    }
    steps.push(EnumStep::Raw(format!("DROP TYPE {}", quote_ident(pg, &old))));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn added_values_go_next_to_their_neighbours() {
        let steps = alter_enum_steps("mood", &values(&["b", "d"]), &values(&["a", "b", "c", "d", "e"]), &[]);
        let add = |value: &str, before: Option<&str>, after: Option<&str>| EnumStep::AddValue {
            value: value.into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
        };
        assert_eq!(
            steps,
            [
                add("a", Some("b"), None),
                add("c", None, Some("b")),
                add("e", None, Some("d"))
            ]
        );
    }

    #[test]
    fn a_removed_value_rebuilds_the_type_and_converts_its_columns() {
        let columns = [EnumColumn {
            table: TableName::new("diary"),
            column: "mood".into(),
            default: Some("'happy'::mood".into()),
        }];
        let steps = alter_enum_steps("mood", &values(&["happy", "sad"]), &values(&["happy"]), &columns);
        let raw: Vec<&str> = steps
            .iter()
            .map(|s| match s {
                EnumStep::Raw(sql) => sql.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            raw,
            [
                r#"ALTER TYPE "mood" RENAME TO "mood_autogen_old""#,
                r#"CREATE TYPE "mood" AS ENUM ('happy')"#,
                r#"ALTER TABLE "diary" ALTER COLUMN "mood" DROP DEFAULT"#,
                r#"ALTER TABLE "diary" ALTER COLUMN "mood" TYPE "mood" USING "mood"::text::"mood""#,
                r#"ALTER TABLE "diary" ALTER COLUMN "mood" SET DEFAULT 'happy'::mood"#,
                r#"DROP TYPE "mood_autogen_old""#,
            ]
        );
        assert!(
            !enum_only_adds(&values(&["a", "b"]), &values(&["b", "a"])),
            "a reorder rebuilds too"
        );
    }
}
