//! Changes → sea-query statements, run in-process: the same builders the generated files call, for tools and
//! tests that apply a plan without compiling a migration crate (the benchmark's loader, property tests).

use sea_autogen_diff::{
    Change, DefaultValue, Plan, Statement, column_default_value, default_value, foreign_key_check_sql,
    invalid_index_sql, lower, parts,
};
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKeyAction, Index, Table, TableName};
use sea_orm::sea_query::extension::postgres::{Type, TypeAlterStatement, TypeCreateStatement, TypeDropStatement};
use sea_orm::sea_query::{
    self, Alias, ColumnDef, ConditionalStatement, Expr, ForeignKey, ForeignKeyCreateStatement, ForeignKeyDropStatement,
    IndexCreateStatement, IndexDropStatement, IndexOrder, InsertStatement, IntoIden, Query, StringLen,
    TableAlterStatement, TableCreateStatement, TableDropStatement, TableRef, TableRenameStatement,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};

/// One statement of a change, ready to build for any backend.
#[derive(Debug, Clone)]
pub enum Step {
    CreateTable(Box<TableCreateStatement>),
    CreateIndex(IndexCreateStatement),
    DropTable(TableDropStatement),
    AlterTable(TableAlterStatement),
    CreateType(TypeCreateStatement),
    AlterType(TypeAlterStatement),
    DropType(TypeDropStatement),
    DropIndex(IndexDropStatement),
    CreateForeignKey(ForeignKeyCreateStatement),
    RenameTable(TableRenameStatement),
    DropForeignKey(ForeignKeyDropStatement),
    Insert(Box<InsertStatement>),
    /// SQLite: fails when a row's foreign key has no referent in `table`'s references.
    ForeignKeyCheck(String),
    /// PostgreSQL: the index dropped when the query finds it INVALID (a concurrent build that failed).
    DropIfInvalid {
        query: String,
        drop: IndexDropStatement,
    },
    /// SQL no builder expresses (dropping a PostgreSQL column default, a column comment); names quoted.
    Raw(String),
}

/// `name`, or `schema.name` outside the default schema.
fn table_ref(table: &TableName) -> TableRef {
    match &table.schema {
        Some(schema) => (Alias::new(schema), Alias::new(&table.name)).into(),
        None => Alias::new(&table.name).into(),
    }
}

/// The statements of `change` as the lowering decides them (`sea_autogen_diff::lower`, the very list the generated
/// files print), for running on `backend`: its backend guards resolved, its notes left out.
pub fn steps(change: &Change, backend: Backend) -> Vec<Step> {
    let mut steps = Vec::new();
    push_steps(&lower(change, backend), backend, &mut steps);
    steps
}

fn push_steps(statements: &[Statement], backend: Backend, steps: &mut Vec<Step>) {
    for statement in statements {
        match statement {
            Statement::Note(_) => {}
            Statement::OnlyOn {
                backend: only,
                statements,
            } => {
                if *only == backend {
                    push_steps(statements, backend, steps);
                }
            }
            other => steps.push(step(other, backend)),
        }
    }
}

/// One statement as sea-query's builder for it (plain SQL where the lowering gives SQL).
fn step(statement: &Statement, backend: Backend) -> Step {
    let alter = |table: &TableName| sea_query::Table::alter().table(table_ref(table)).to_owned();
    let modify = |table: &TableName, def: ColumnDef| Step::AlterTable(alter(table).modify_column(def).to_owned());
    match statement {
        Statement::CreateTable(table) => Step::CreateTable(Box::new(create_table(table, backend))),
        Statement::DropTable(table) => Step::DropTable(sea_query::Table::drop().table(table_ref(table)).to_owned()),
        Statement::RenameTable { from, to } => Step::RenameTable(
            sea_query::Table::rename()
                .table(table_ref(from), Alias::new(to))
                .to_owned(),
        ),
        Statement::AddColumn { table, column } => {
            Step::AlterTable(alter(table).add_column(column_def(column, false, backend)).to_owned())
        }
        Statement::DropColumn { table, column } => {
            Step::AlterTable(alter(table).drop_column(Alias::new(column)).to_owned())
        }
        Statement::RenameColumn { table, from, to } => {
            Step::AlterTable(alter(table).rename_column(Alias::new(from), Alias::new(to)).to_owned())
        }
        Statement::ModifyColumn { table, column } => modify(table, column_def(column, false, backend)),
        Statement::SetColumnType {
            table,
            column,
            ty,
            using,
        } => {
            let mut def = ColumnDef::new_with_type(Alias::new(column), sea_query_type(ty));
            if let Some(using) = using {
                def.using(Expr::cust(using.clone()));
            }
            modify(table, def)
        }
        Statement::SetNullDefault {
            table,
            column,
            nullable,
            default,
        } => {
            let mut def = ColumnDef::new(Alias::new(column));
            match nullable {
                Some(true) => _ = def.null(),
                Some(false) => _ = def.not_null(),
                None => {}
            }
            if let Some(default) = default {
                def.default(default_expr(default_value(backend, default)));
            }
            modify(table, def)
        }
        Statement::CreateIndex {
            table,
            index,
            concurrently,
        } => {
            let mut create = create_index(table_ref(table), index);
            if *concurrently {
                create.concurrently().if_not_exists();
            }
            Step::CreateIndex(create)
        }
        Statement::DropIndex {
            table,
            name,
            concurrently,
        } => {
            let mut drop = sea_query::Index::drop().name(name).table(table_ref(table)).to_owned();
            if *concurrently {
                drop.concurrently().if_exists();
            }
            Step::DropIndex(drop)
        }
        Statement::DropIndexIfInvalid { table, name } => Step::DropIfInvalid {
            query: invalid_index_sql(table, name),
            drop: sea_query::Index::drop()
                .name(name)
                .table(table_ref(table))
                .concurrently()
                .if_exists()
                .to_owned(),
        },
        Statement::AddForeignKey { table, foreign_key } => {
            Step::CreateForeignKey(foreign_key_create(table, foreign_key))
        }
        Statement::DropForeignKey { table, name } => {
            Step::DropForeignKey(ForeignKey::drop().name(name).table(table_ref(table)).to_owned())
        }
        Statement::CreateEnum { name, values } => Step::CreateType(
            Type::create()
                .as_enum(Alias::new(name))
                .values(values.iter().map(Alias::new))
                .to_owned(),
        ),
        Statement::AddEnumValue {
            name,
            value,
            before,
            after,
        } => {
            let mut alter = Type::alter().name(Alias::new(name)).add_value(Alias::new(value));
            if let Some(before) = before {
                alter = alter.before(Alias::new(before));
            }
            if let Some(after) = after {
                alter = alter.after(Alias::new(after));
            }
            Step::AlterType(alter)
        }
        Statement::DropEnum { name } => Step::DropType(Type::drop().name(Alias::new(name)).to_owned()),
        Statement::CopyRows { into, from, columns } => {
            let columns: Vec<Alias> = columns.iter().map(Alias::new).collect();
            let select = Query::select()
                .columns(columns.clone())
                .from(Alias::new(from))
                .to_owned();
            Step::Insert(Box::new(
                Query::insert()
                    .into_table(Alias::new(into))
                    .columns(columns)
                    .select_from(select)
                    .expect("as many columns selected as inserted")
                    .to_owned(),
            ))
        }
        Statement::ForeignKeyCheck { table } => Step::ForeignKeyCheck(table.clone()),
        Statement::Sql(sql) => Step::Raw(sql.clone()),
        // Resolved by `push_steps`; never a statement of their own.
        Statement::Note(_) | Statement::OnlyOn { .. } => Step::Raw(String::new()),
    }
}

/// Runs the changes on `db`, statement by statement.
pub async fn apply(db: &impl ConnectionTrait, changes: &[Change]) -> Result<(), DbErr> {
    let backend = sea_autogen::backend::from_sea_orm(db.get_database_backend())
        .ok_or_else(|| DbErr::Custom(format!("sea-autogen does not support {:?}", db.get_database_backend())))?;
    for change in changes {
        for step in steps(change, backend) {
            run_step(db, &step).await?;
        }
    }
    Ok(())
}

/// Runs one statement of a change on `db`.
pub async fn run_step(db: &impl ConnectionTrait, step: &Step) -> Result<(), DbErr> {
    match step {
        Step::CreateTable(s) => db.execute(s.as_ref()).await?,
        Step::CreateIndex(s) => db.execute(s).await?,
        Step::DropTable(s) => db.execute(s).await?,
        Step::AlterTable(s) => db.execute(s).await?,
        Step::CreateType(s) => db.execute(s).await?,
        Step::AlterType(s) => db.execute(s).await?,
        Step::DropType(s) => db.execute(s).await?,
        Step::DropIndex(s) => db.execute(s).await?,
        Step::CreateForeignKey(s) => db.execute(s).await?,
        Step::RenameTable(s) => db.execute(s).await?,
        Step::DropForeignKey(s) => db.execute(s).await?,
        Step::Raw(sql) => db.execute_unprepared(sql).await?,
        Step::Insert(s) => db.execute(s.as_ref()).await?,
        Step::DropIfInvalid { query, drop } => {
            let found = db
                .query_one_raw(sea_orm::Statement::from_string(
                    db.get_database_backend(),
                    query.clone(),
                ))
                .await?;
            if found.is_some() {
                db.execute(drop).await?;
            }
            return Ok(());
        }
        Step::ForeignKeyCheck(table) => {
            let sql = foreign_key_check_sql(table);
            let orphans = db
                .query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
                .await?;
            if !orphans.is_empty() {
                return Err(DbErr::Migration(format!(
                    "rebuilding {table} left {} rows whose foreign key has no referent",
                    orphans.len()
                )));
            }
            return Ok(());
        }
    };
    Ok(())
}

/// Runs a plan as the files `revision` writes for it would: each part of it ([`sea_autogen_diff::parts`]) in
/// order, a transactional part in one transaction on PostgreSQL and SQLite (MySQL commits each schema change
/// anyway), a lock-safe part outside any, statement by statement.
pub async fn apply_plan(db: &DatabaseConnection, plan: &Plan) -> Result<(), DbErr> {
    for part in parts(plan) {
        run_part(db, plan.backend, part.transactional, &part.changes).await?;
    }
    Ok(())
}

/// Undoes what [`apply_plan`] did: the parts in reverse order, each part's `down`.
pub async fn revert_plan(db: &DatabaseConnection, plan: &Plan) -> Result<(), DbErr> {
    for part in parts(plan).iter().rev() {
        run_part(db, plan.backend, part.transactional, &part.down()).await?;
    }
    Ok(())
}

async fn run_part(
    db: &DatabaseConnection,
    backend: Backend,
    transactional: bool,
    changes: &[Change],
) -> Result<(), DbErr> {
    if !transactional || backend == Backend::Mysql {
        return apply(db, changes).await;
    }
    let txn = db.begin().await?;
    apply(&txn, changes).await?;
    txn.commit().await
}

/// `diff --format sql`: the statements of every change, as `upgrade` would run them on the plan's backend, each
/// change under a comment naming it.
pub fn sql_script(plan: &Plan) -> String {
    let db_backend = sea_autogen::backend::to_sea_orm(plan.backend);
    let mut out = format!("-- The pending changes as SQL for {}; nothing was run.\n", plan.backend);
    if plan.changes.is_empty() {
        out.push_str("-- no changes\n");
    }
    let parts = parts(plan);
    let changes = parts.iter().enumerate().flat_map(|(i, part)| {
        part.changes
            .iter()
            .enumerate()
            .map(move |(j, change)| (i, part, j, change))
    });
    for (i, part, j, change) in changes {
        if parts.len() > 1 && j == 0 {
            let how = if part.transactional {
                "in a transaction"
            } else {
                "outside a transaction: each statement commits on its own"
            };
            out.push_str(&format!("\n-- Migration {} of {}, {how}\n", i + 1, parts.len()));
        }
        out.push_str(&format!("\n-- {}\n", change.headline(plan.backend)));
        for step in steps(change, plan.backend) {
            let sql = match &step {
                Step::CreateTable(s) => db_backend.build(s.as_ref()).to_string(),
                Step::CreateIndex(s) => db_backend.build(s).to_string(),
                Step::DropTable(s) => db_backend.build(s).to_string(),
                Step::AlterTable(s) => db_backend.build(s).to_string(),
                Step::CreateType(s) => db_backend.build(s).to_string(),
                Step::AlterType(s) => db_backend.build(s).to_string(),
                Step::DropType(s) => db_backend.build(s).to_string(),
                Step::DropIndex(s) => db_backend.build(s).to_string(),
                Step::CreateForeignKey(s) => db_backend.build(s).to_string(),
                Step::RenameTable(s) => db_backend.build(s).to_string(),
                Step::DropForeignKey(s) => db_backend.build(s).to_string(),
                Step::Insert(s) => db_backend.build(s.as_ref()).to_string(),
                Step::ForeignKeyCheck(table) => format!(
                    "-- must return no rows, or the rebuild left orphans:\n{}",
                    foreign_key_check_sql(table)
                ),
                Step::DropIfInvalid { query, drop } => format!(
                    "-- when this returns a row, a failed concurrent build left the index INVALID:\n{query};\n{}",
                    db_backend.build(drop)
                ),
                Step::Raw(sql) => sql.clone(),
            };
            out.push_str(sql.trim_end().trim_end_matches(';'));
            out.push_str(";\n");
        }
    }
    out
}

/// `CREATE TABLE` for `table`, whose defaults are spelled for `backend`.
pub fn create_table(table: &Table, backend: Backend) -> TableCreateStatement {
    let mut stmt = sea_query::Table::create();
    let own = table_ref(&table.table_name());
    stmt.table(own.clone());
    let single_pk = table
        .primary_key
        .as_ref()
        .filter(|pk| pk.columns.len() == 1)
        .map(|pk| pk.columns[0].as_str());
    for column in &table.columns {
        let mut def = column_def(column, single_pk == Some(column.name.as_str()), backend);
        if table
            .uniques
            .iter()
            .any(|u| u.columns.len() == 1 && u.columns[0] == column.name)
        {
            def.unique_key();
        }
        stmt.col(def);
    }
    if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.columns.len() > 1) {
        let mut index = sea_query::Index::create();
        for c in &pk.columns {
            index.col(Alias::new(c));
        }
        stmt.primary_key(&mut index);
    }
    for unique in table.uniques.iter().filter(|u| u.columns.len() > 1) {
        let mut index = sea_query::Index::create();
        index.unique();
        if let Some(name) = &unique.name {
            index.name(name);
        }
        for c in &unique.columns {
            index.col(Alias::new(c));
        }
        stmt.index(&mut index);
    }
    for fk in &table.foreign_keys {
        stmt.foreign_key(&mut foreign_key_create(&table.table_name(), fk));
    }
    for check in &table.checks {
        let expr = Expr::cust(check.expr.clone());
        match &check.name {
            Some(name) => stmt.check((Alias::new(name), expr)),
            None => stmt.check(expr),
        };
    }
    // MySQL says a table's comment in `CREATE TABLE`; sea-query leaves it out elsewhere (PostgreSQL gets
    // `COMMENT ON`, SQLite has none).
    if let Some(comment) = &table.comment {
        stmt.comment(comment);
    }
    stmt
}

/// A foreign key of `table`, for a new table or an existing one.
fn foreign_key_create(table: &TableName, fk: &sea_autogen_schema::ForeignKey) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    if let Some(name) = &fk.name {
        key.name(name);
    }
    let target = TableName {
        schema: fk.ref_schema.clone(),
        name: fk.ref_table.clone(),
    };
    key.from_tbl(table_ref(table)).to_tbl(table_ref(&target));
    for c in &fk.columns {
        key.from_col(Alias::new(c));
    }
    for c in &fk.ref_columns {
        key.to_col(Alias::new(c));
    }
    if let Some(action) = fk.on_delete {
        key.on_delete(fk_action(action));
    }
    if let Some(action) = fk.on_update {
        key.on_update(fk_action(action));
    }
    key
}

pub fn create_index(table: TableRef, index: &Index) -> IndexCreateStatement {
    let mut stmt = sea_query::Index::create();
    stmt.name(&index.name).table(table);
    for c in &index.columns {
        match index.is_descending(c) {
            true => stmt.col((Alias::new(c), IndexOrder::Desc)),
            false => stmt.col(Alias::new(c)),
        };
    }
    if index.unique {
        stmt.unique();
    }
    if let Some(predicate) = &index.predicate {
        stmt.and_where(Expr::cust(predicate.clone()));
    }
    stmt
}

fn column_def(column: &Column, primary_key: bool, backend: Backend) -> ColumnDef {
    let mut def = ColumnDef::new_with_type(
        Alias::new(&column.name),
        sea_query_type(&column.ty.for_builder(backend)),
    );
    if column.nullable {
        def.null();
    } else {
        def.not_null();
    }
    if column.auto_increment {
        def.auto_increment();
    }
    if primary_key {
        def.primary_key();
    }
    if let Some(default) = column_default_value(backend, column) {
        def.default(default_expr(default));
    }
    if let Some(comment) = &column.comment {
        def.comment(comment);
    }
    def
}

/// A column default as the statement builders take it, as the lowering's [`default_value`] decided: a typed value,
/// which sea-query spells, quotes and escapes for the backend the statement is built for (the generated files write
/// the same value, so they stay portable); anything else as it is.
fn default_expr(value: DefaultValue) -> Expr {
    match value {
        DefaultValue::Text(text) => Expr::val(text),
        DefaultValue::Bool(b) => Expr::val(b),
        DefaultValue::Int(n) => Expr::val(n),
        DefaultValue::Unsigned(n) => Expr::val(n),
        DefaultValue::Float(x) => Expr::val(x),
        DefaultValue::CurrentTimestamp => Expr::current_timestamp(),
        DefaultValue::CurrentDate => Expr::current_date(),
        DefaultValue::CurrentTime => Expr::current_time(),
        DefaultValue::Sql(sql) => Expr::cust(sql),
    }
}

fn fk_action(action: ForeignKeyAction) -> sea_query::ForeignKeyAction {
    match action {
        ForeignKeyAction::NoAction => sea_query::ForeignKeyAction::NoAction,
        ForeignKeyAction::Restrict => sea_query::ForeignKeyAction::Restrict,
        ForeignKeyAction::Cascade => sea_query::ForeignKeyAction::Cascade,
        ForeignKeyAction::SetNull => sea_query::ForeignKeyAction::SetNull,
        ForeignKeyAction::SetDefault => sea_query::ForeignKeyAction::SetDefault,
    }
}

/// The neutral type as sea-query's, the inverse of `entity::column_type`.
pub fn sea_query_type(ty: &ColumnType) -> sea_query::ColumnType {
    use sea_query::ColumnType as Sq;
    let len = |n: Option<u32>| n.map_or(StringLen::None, StringLen::N);
    match ty {
        ColumnType::Char(n) => Sq::Char(*n),
        ColumnType::String(n) => Sq::String(len(*n)),
        ColumnType::Text => Sq::Text,
        ColumnType::Blob => Sq::Blob,
        ColumnType::TinyInteger => Sq::TinyInteger,
        ColumnType::SmallInteger => Sq::SmallInteger,
        ColumnType::Integer => Sq::Integer,
        ColumnType::BigInteger => Sq::BigInteger,
        ColumnType::TinyUnsigned => Sq::TinyUnsigned,
        ColumnType::SmallUnsigned => Sq::SmallUnsigned,
        ColumnType::Unsigned => Sq::Unsigned,
        ColumnType::BigUnsigned => Sq::BigUnsigned,
        ColumnType::Float => Sq::Float,
        ColumnType::Double => Sq::Double,
        ColumnType::Decimal(ps) => Sq::Decimal(*ps),
        ColumnType::DateTime => Sq::DateTime,
        ColumnType::Timestamp => Sq::Timestamp,
        ColumnType::TimestampWithTimeZone => Sq::TimestampWithTimeZone,
        ColumnType::Time => Sq::Time,
        ColumnType::Date => Sq::Date,
        ColumnType::Binary(n) => Sq::Binary(*n),
        ColumnType::VarBinary(n) => Sq::VarBinary(len(*n)),
        ColumnType::Boolean => Sq::Boolean,
        ColumnType::Json => Sq::Json,
        ColumnType::JsonBinary => Sq::JsonBinary,
        ColumnType::Uuid => Sq::Uuid,
        ColumnType::Enum { name, variants } => Sq::Enum {
            name: Alias::new(name).into_iden(),
            variants: variants.iter().map(|v| Alias::new(v).into_iden()).collect(),
        },
        // Arrays exist on PostgreSQL only: spelled as it spells them, as the generated files do.
        ColumnType::Array(_) => Sq::custom(Alias::new(ty.render(Backend::Postgres))),
        ColumnType::Custom(spelled) => Sq::custom(Alias::new(spelled)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_autogen::entity::{column_type, render_type};
    use sea_autogen_schema::Backend;

    /// Neutral → sea-query → neutral is the identity for every type the entity side produces.
    #[test]
    fn types_survive_the_round_trip() {
        use ColumnType::*;
        let types = [
            Char(Some(3)),
            String(Some(50)),
            String(None),
            Text,
            Integer,
            BigUnsigned,
            Decimal(Some((10, 2))),
            DateTime,
            TimestampWithTimeZone,
            VarBinary(None),
            Boolean,
            JsonBinary,
            Uuid,
        ];
        for ty in types {
            assert_eq!(column_type(&sea_query_type(&ty), Backend::Postgres), ty);
        }
        assert_eq!(
            render_type(&sea_query_type(&Custom("citext".into())), Backend::Postgres),
            "citext"
        );
    }
}
