//! The synthetic schema: N tables of a dozen mixed columns, a unique constraint, a composite index and foreign
//! keys to earlier tables; and the SeaORM entity crate that describes exactly it.

use sea_autogen_schema::{Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, Unique};
use std::fmt::Write;

pub fn table_name(i: usize) -> String {
    format!("t{i:05}")
}

/// The tables `t00000` .. `t{n-1}`; table `i` references `i - 1` and `i / 2`.
pub fn schema(n: usize) -> Schema {
    Schema::from_tables((0..n).map(table))
}

fn table(i: usize) -> Table {
    let name = table_name(i);
    let mut columns = vec![
        Column::new("id", ColumnType::Integer).auto_increment(),
        Column::new("code", ColumnType::String(Some(32))),
        Column::new("name", ColumnType::String(Some(100))),
        Column::new("description", ColumnType::Text).nullable(),
        Column::new("qty", ColumnType::Integer).default_sql("0"),
        Column::new("price", ColumnType::Decimal(Some((10, 2)))).nullable(),
        Column::new("ratio", ColumnType::Double).nullable(),
        Column::new("active", ColumnType::Boolean).default_sql("TRUE"),
        Column::new("created_at", ColumnType::DateTime),
        Column::new("day", ColumnType::Date).nullable(),
        Column::new("big", ColumnType::BigInteger).nullable(),
    ];
    let mut foreign_keys = Vec::new();
    for (column, target) in references(i) {
        columns.push(Column::new(column, ColumnType::Integer).nullable());
        foreign_keys.push(ForeignKey {
            name: Some(format!("fk_{name}_{column}")),
            columns: vec![column.to_owned()],
            ref_table: table_name(target),
            ref_schema: None,
            ref_columns: vec!["id".into()],
            on_delete: None,
            on_update: None,
            backing_index: None,
        });
    }
    Table {
        columns,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        uniques: vec![Unique {
            name: Some(format!("uq_{name}_code")),
            columns: vec!["code".into()],
        }],
        indexes: vec![Index {
            name: format!("idx_{name}_name_created"),
            columns: vec!["name".into(), "created_at".into()],
            ..Index::default()
        }],
        foreign_keys,
        ..Table::new(name)
    }
}

/// (column, referenced table) pairs of table `i`.
fn references(i: usize) -> Vec<(&'static str, usize)> {
    let mut refs = Vec::new();
    if i > 0 {
        refs.push(("parent_id", i - 1));
    }
    if i > 1 {
        refs.push(("other_id", i / 2));
    }
    refs
}

/// The entity module of table `i`, in SeaORM's compact format with `#[derive(Autogen)]`.
pub fn entity_module(i: usize) -> String {
    let name = table_name(i);
    let mut relations = String::new();
    for (column, target) in references(i) {
        let variant = if column == "parent_id" { "Parent" } else { "Other" };
        let field = if column == "parent_id" { "ParentId" } else { "OtherId" };
        let target = table_name(target);
        writeln!(
            relations,
            "    #[sea_orm(belongs_to = \"super::{target}::Entity\", from = \"Column::{field}\", \
             to = \"super::{target}::Column::Id\", fk_name = \"fk_{name}_{column}\")]\n    {variant},"
        )
        .unwrap();
    }
    let references_fields: String = references(i)
        .iter()
        .map(|(c, _)| format!("    pub {c}: Option<i32>,\n"))
        .collect();
    format!(
        r#"//! Table {name} of the synthetic benchmark schema.

use sea_autogen::Autogen;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
#[sea_orm(table_name = "{name}")]
#[autogen(index(name = "idx_{name}_name_created", columns("name", "created_at")))]
pub struct Model {{
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(column_type = "String(StringLen::N(32))", unique)]
    pub code: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    #[sea_orm(default_value = 0)]
    pub qty: i32,
    #[sea_orm(column_type = "Decimal(Some((10, 2)))", nullable)]
    pub price: Option<Decimal>,
    pub ratio: Option<f64>,
    #[sea_orm(default_value = true)]
    pub active: bool,
    pub created_at: DateTime,
    pub day: Option<Date>,
    pub big: Option<i64>,
{references_fields}}}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {{
{relations}}}

impl ActiveModelBehavior for ActiveModel {{}}
"#
    )
}
