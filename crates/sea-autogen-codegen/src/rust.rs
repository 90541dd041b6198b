//! Plan → a sea-orm-migration file: sea-query builder statements in `up`, their inverses in `down`.
//!
//! The code is built with `quote` and formatted in-process with `prettyplease`, so identical plans give identical
//! bytes. Line comments cannot travel through a token stream; they are written as short `autogen_comment!(N);`
//! marker statements (short, so the formatter never wraps them) and turned into `// ...` lines afterwards.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use sea_autogen_diff::{
    Change, DefaultValue, Part, Plan, Statement, column_default_value, default_value, foreign_key_check_sql,
    invalid_index_sql, lint_change, lower, parts, wrap,
};
use sea_autogen_schema::{Backend, Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, Table, TableName};

/// What the header of a migration file records besides its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationMeta {
    /// The `-m` message.
    pub message: String,
    /// The revision id: the file stem, such as `m20261126_101500_add_users`.
    pub revision: String,
    /// The revision this one follows; `None` for the first migration.
    pub parent: Option<String>,
    /// Creation time, already formatted (`2026-11-26 10:15:00 UTC`).
    pub created: String,
    /// The backend the plan was diffed against.
    pub backend: Backend,
    /// The fingerprint of the schema the migration produces (the entities it was generated from).
    pub fingerprint: Option<String>,
}

/// Renders `plan` as one migration file, in a transaction unless every change takes its lock-safe form (then
/// outside one, as PostgreSQL requires). `revision` writes [`render_revision`]'s files instead, which split a plan
/// into the migrations it needs.
pub fn render_migration(plan: &Plan, meta: &MigrationMeta) -> String {
    let online = !plan.changes.is_empty() && plan.changes.iter().all(Change::is_online);
    render_part(
        &Part {
            changes: plan.changes.clone(),
            transactional: !online,
            why: None,
        },
        plan,
        meta,
    )
}

/// The files of a revision, in the order they apply, each with its stem: one migration for each part of the plan
/// ([`sea_autogen_diff::parts`]). A revision of more than one part names its parts after the first `<stem>_2`,
/// ... and `<stem>_online` (the part outside a transaction); each part's parent is the one before, and only the last
/// records the schema fingerprint, since it alone produces the entities' schema.
pub fn render_revision(plan: &Plan, meta: &MigrationMeta) -> Vec<(String, String)> {
    let parts = parts(plan);
    let mut files = Vec::with_capacity(parts.len());
    let mut parent = meta.parent.clone();
    for (i, part) in parts.iter().enumerate() {
        let revision = crate::header::part_stem(&meta.revision, i, part.transactional);
        let last = i + 1 == parts.len();
        let part_meta = MigrationMeta {
            revision: revision.clone(),
            parent: parent.clone(),
            fingerprint: meta.fingerprint.clone().filter(|_| last),
            ..meta.clone()
        };
        files.push((revision.clone(), render_part(part, plan, &part_meta)));
        parent = Some(revision);
    }
    files
}

fn render_part(part: &Part, plan: &Plan, meta: &MigrationMeta) -> String {
    let mut comments = Comments::default();
    let portable = part.changes.iter().all(|c| c.is_portable(plan.backend));
    let mut up: Vec<TokenStream> = Vec::new();
    let mut down: Vec<TokenStream> = Vec::new();
    if !portable {
        up.push(backend_guard(meta, &mut comments));
        down.push(backend_guard(meta, &mut comments));
    }
    up.extend(
        part.changes
            .iter()
            .map(|c| change_tokens(c, plan.backend, &mut comments, true)),
    );
    down.extend(
        part.down()
            .iter()
            .map(|c| change_tokens(c, plan.backend, &mut comments, false)),
    );
    let summary: Vec<String> = part
        .changes
        .iter()
        .map(|change| {
            let risks: Vec<&str> = change.risks(plan.backend).iter().map(|r| r.as_str()).collect();
            if risks.is_empty() {
                format!("- {}", change.headline(plan.backend))
            } else {
                format!("- {} ({})", change.headline(plan.backend), risks.join(", "))
            }
        })
        .collect();
    let transaction = match (part.transactional, meta.backend) {
        (false, _) => Transaction::Outside(part.why.clone().unwrap_or_else(|| {
            "Lock-safe forms cannot run in a transaction: this migration runs outside one, and every statement \
             can run again after a failure."
                .to_owned()
        })),
        (true, Backend::Sqlite) => Transaction::Sqlite,
        (true, _) => Transaction::Default,
    };
    let why = part.why.as_deref().filter(|_| part.transactional);
    render_file(
        meta,
        &summary,
        &plan_warnings(plan),
        why,
        transaction,
        up,
        down,
        comments,
    )
}

/// How a migration file says whether it runs in a transaction.
enum Transaction {
    /// sea-orm-migration's default (a transaction on PostgreSQL, none on MySQL, where DDL commits anyway).
    Default,
    /// SQLite runs DDL in transactions too: asked for.
    Sqlite,
    /// Outside a transaction, for the reason given.
    Outside(String),
}

/// Refuses to run on another backend than the one the file was written for, with the fix in the message: the file
/// holds statements only that backend understands (SQL, rebuilds, enum types).
fn backend_guard(meta: &MigrationMeta, comments: &mut Comments) -> TokenStream {
    let note = comments.mark(format!(
        "Written for {}: some statements below are that backend's own.",
        meta.backend
    ));
    let backend = db_backend(meta.backend);
    let message = format!("generated for {}: generate it again on this database", meta.backend);
    quote! {
        #note
        if manager.get_database_backend() != #backend {
            return Err(DbErr::Migration(#message.to_owned()));
        }
    }
}

/// Renders a migration with empty `up` and `down`, for `revision --empty`.
pub fn render_empty_migration(meta: &MigrationMeta) -> String {
    let mut comments = Comments::default();
    let todo = comments.mark("Write the schema changes of this migration here.");
    let undo = comments.mark("Undo what `up` does, in reverse order.");
    let transaction = match meta.backend {
        Backend::Sqlite => Transaction::Sqlite,
        _ => Transaction::Default,
    };
    render_file(
        meta,
        &["- none: written by hand".to_owned()],
        &[],
        None,
        transaction,
        vec![todo],
        vec![undo],
        comments,
    )
}

fn plan_warnings(plan: &Plan) -> Vec<String> {
    plan.warnings.iter().map(|w| format!("- {}", w.message)).collect()
}

#[allow(clippy::too_many_arguments)]
fn render_file(
    meta: &MigrationMeta,
    summary: &[String],
    warnings: &[String],
    why: Option<&str>,
    transaction: Transaction,
    up: Vec<TokenStream>,
    down: Vec<TokenStream>,
    mut comments: Comments,
) -> String {
    let outside = match &transaction {
        Transaction::Outside(why) => Some(why.as_str()),
        _ => why,
    };
    let header = crate::header::lines(meta, summary, warnings, outside);
    let header = header.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #line] }
    });

    // sea-orm-migration wraps each migration in a transaction on PostgreSQL only; SQLite can do the same, so a
    // failing step leaves nothing half-applied.
    let transaction = match transaction {
        Transaction::Default => None,
        Transaction::Sqlite => {
            let note = comments.mark("SQLite runs DDL in transactions: the migration applies whole or not at all.");
            Some(quote! {
                #note
                fn use_transaction(&self) -> Option<bool> {
                    Some(true)
                }
            })
        }
        Transaction::Outside(_) => {
            let note = comments.mark(
                "Outside a transaction, as the header says: each statement commits on its own, and can run again.",
            );
            Some(quote! {
                #note
                fn use_transaction(&self) -> Option<bool> {
                    Some(false)
                }
            })
        }
    };
    let (up, up_parts) = split_body("up", up);
    let (down, down_parts) = split_body("down", down);
    let file = quote! {
        #(#header)*

        use sea_orm_migration::prelude::*;

        #[derive(DeriveMigrationName)]
        pub struct Migration;

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            #transaction

            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                #(#up)*
                Ok(())
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                #(#down)*
                Ok(())
            }
        }

        #(#up_parts)*
        #(#down_parts)*
    };
    let syntax: syn::File = syn::parse2(file).expect("generated migration is valid Rust");
    let formatted = prettyplease::unparse(&syntax);
    let formatted = comments.place(&formatted);
    // prettyplease packs everything together; space items and statements out as a person would.
    blank_lines(&formatted)
}

/// How many changes one `async fn` holds at most. A single function awaiting a thousand statements (the first
/// migration of a large existing schema) takes rustc more memory than a machine has in release mode; functions of
/// this size compile in bounded memory.
const CHANGES_PER_FN: usize = 50;

/// `up` or `down` as written: the statements themselves when there are few, otherwise calls to `up_1`, `up_2`, ...,
/// each holding [`CHANGES_PER_FN`] changes, in order.
fn split_body(name: &str, changes: Vec<TokenStream>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    if changes.len() <= CHANGES_PER_FN {
        return (changes, Vec::new());
    }
    let mut calls = Vec::new();
    let mut parts = Vec::new();
    for (i, chunk) in changes.chunks(CHANGES_PER_FN).enumerate() {
        let part = quote::format_ident!("{name}_{}", i + 1);
        let doc = format!(
            " Changes {} to {} of `{name}` (split so that a large migration compiles in bounded memory).",
            i * CHANGES_PER_FN + 1,
            i * CHANGES_PER_FN + chunk.len()
        );
        calls.push(quote! { #part(manager).await?; });
        parts.push(quote! {
            #[doc = #doc]
            async fn #part(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
                #(#chunk)*
                Ok(())
            }
        });
    }
    (calls, parts)
}

/// Line comments waiting to replace their `autogen_comment!(N);` markers.
#[derive(Default)]
struct Comments(Vec<String>);

/// How wide a comment in `up` may be: the file's 100 columns less the statement's indentation and `// `.
const COMMENT_WIDTH: usize = 88;

impl Comments {
    fn mark(&mut self, text: impl Into<String>) -> TokenStream {
        let index = Literal::usize_unsuffixed(self.0.len());
        self.0.push(text.into());
        quote! { autogen_comment!(#index); }
    }

    /// Replaces each marker line by `// text` at the same indentation.
    fn place(&self, code: &str) -> String {
        let mut out = String::with_capacity(code.len());
        for line in code.lines() {
            let trimmed = line.trim_start();
            let index = trimmed
                .strip_prefix("autogen_comment!(")
                .and_then(|rest| rest.strip_suffix(");"))
                .and_then(|n| n.parse::<usize>().ok());
            match index.and_then(|i| self.0.get(i)) {
                Some(text) => {
                    let indent = &line[..line.len() - trimmed.len()];
                    for comment_line in text.lines() {
                        out.push_str(indent);
                        out.push_str("// ");
                        out.push_str(comment_line);
                        out.push('\n');
                    }
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Adds a blank line after the header, between top-level items, between `up` and `down`, and after each
/// statement that ends in `.await?;`.
fn blank_lines(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + 256);
    for (i, line) in lines.iter().enumerate() {
        if let Some(prev) = i.checked_sub(1).map(|p| lines[p]) {
            let starts_item = !line.starts_with(' ') && !line.starts_with('}') && !line.starts_with("//");
            let prev_is_attr_or_doc = prev.starts_with("#[") || prev.starts_with("///");
            let after_item = starts_item && !prev_is_attr_or_doc && !prev.trim().is_empty();
            let between_fns = line.starts_with("    async fn") && prev.trim() == "}";
            if after_item || between_fns {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        let ends_statement = line.trim_end().ends_with(".await?;");
        let next_is_code = lines
            .get(i + 1)
            .is_some_and(|n| !n.trim().is_empty() && n.trim() != "}");
        if ends_statement && next_is_code {
            out.push('\n');
        }
    }
    out
}

fn change_tokens(change: &Change, backend: Backend, comments: &mut Comments, explain: bool) -> TokenStream {
    let mut tokens = TokenStream::new();
    if explain {
        // Each risk of an `up` change, with what to do instead, where the reviewer reads the statement.
        for finding in lint_change(change, backend) {
            let text = format!(
                "{}: {}.\nInstead: {}.",
                finding.risk.label(),
                finding.message,
                finding.instead
            );
            tokens.extend(comments.mark(wrap(&text, COMMENT_WIDTH)));
        }
    } else if change.is_destructive(backend) {
        let loss = match change.plain() {
            Change::AlterColumn { .. } => "may lose values the new type cannot hold",
            _ => "deletes the data it holds",
        };
        tokens.extend(comments.mark(format!("destructive: {} {loss}", change.describe())));
    }
    for statement in lower(change, backend) {
        tokens.extend(statement_tokens(&statement, backend, comments));
    }
    tokens
}

/// One statement of the lowering as the sea-query builder call that makes it (plain SQL where it gives SQL).
fn statement_tokens(statement: &Statement, backend: Backend, comments: &mut Comments) -> TokenStream {
    let alter = |table: &TableName, action: TokenStream| {
        let table = table_ref(table);
        quote! {
            manager.alter_table(Table::alter().table(#table) #action .to_owned()).await?;
        }
    };
    match statement {
        Statement::Note(text) => comments.mark(text.clone()),
        Statement::CreateTable(table) => create_table(table, backend),
        Statement::DropTable(table) => {
            let name = table_ref(table);
            quote! {
                manager.drop_table(Table::drop().table(#name).to_owned()).await?;
            }
        }
        Statement::RenameTable { from, to } => {
            let from = table_ref(from);
            let to = to.as_str();
            quote! {
                manager.rename_table(Table::rename().table(#from, #to).to_owned()).await?;
            }
        }
        Statement::AddColumn { table, column } => {
            let def = column_def(column, false, backend);
            alter(table, quote! { .add_column(#def) })
        }
        Statement::DropColumn { table, column } => {
            let name = column.as_str();
            alter(table, quote! { .drop_column(#name) })
        }
        Statement::RenameColumn { table, from, to } => {
            let (from, to) = (from.as_str(), to.as_str());
            alter(table, quote! { .rename_column(#from, #to) })
        }
        Statement::ModifyColumn { table, column } => {
            let def = column_def(column, false, backend);
            alter(table, quote! { .modify_column(#def) })
        }
        Statement::SetColumnType {
            table,
            column,
            ty,
            using,
        } => {
            let (new, ty) = typed_column(column, ty);
            let using = using.as_deref().map(|using| quote! { .using(Expr::cust(#using)) });
            alter(table, quote! { .modify_column(#new #ty #using) })
        }
        Statement::SetNullDefault {
            table,
            column,
            nullable,
            default,
        } => {
            let null = nullable.map(|n| {
                if n {
                    quote! { .null() }
                } else {
                    quote! { .not_null() }
                }
            });
            let default = default.as_deref().map(|d| default_call(default_value(backend, d)));
            let column = column.as_str();
            alter(table, quote! { .modify_column(ColumnDef::new(#column) #null #default) })
        }
        Statement::CreateIndex {
            table,
            index,
            concurrently,
        } => create_index(&table_ref(table), index, *concurrently),
        Statement::DropIndex {
            table,
            name,
            concurrently,
        } => {
            let table = table_ref(table);
            let name = name.as_str();
            let concurrently = concurrently.then(|| quote! { .concurrently().if_exists() });
            quote! {
                manager.drop_index(Index::drop().name(#name).table(#table) #concurrently .to_owned()).await?;
            }
        }
        Statement::DropIndexIfInvalid { table, name } => {
            let sql = invalid_index_sql(table, name);
            let table = table_ref(table);
            let name = name.as_str();
            quote! {
                let invalid = manager
                    .get_connection()
                    .query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, #sql))
                    .await?;
                if invalid.is_some() {
                    manager
                        .drop_index(Index::drop().name(#name).table(#table).concurrently().if_exists().to_owned())
                        .await?;
                }
            }
        }
        Statement::AddForeignKey { table, foreign_key } => {
            let create = foreign_key_create(&table_ref(table), foreign_key);
            quote! {
                manager.create_foreign_key(#create .to_owned()).await?;
            }
        }
        Statement::DropForeignKey { table, name } => {
            let table = table_ref(table);
            let name = name.as_str();
            quote! {
                manager.drop_foreign_key(ForeignKey::drop().name(#name).table(#table).to_owned()).await?;
            }
        }
        Statement::CreateEnum { name, values } => {
            let values = values.iter().map(String::as_str);
            quote! {
                manager
                    .create_type(extension::postgres::Type::create().as_enum(#name).values([#(#values),*]).to_owned())
                    .await?;
            }
        }
        Statement::AddEnumValue {
            name,
            value,
            before,
            after,
        } => {
            let before = before.as_deref().map(|b| quote! { .before(#b) });
            let after = after.as_deref().map(|a| quote! { .after(#a) });
            quote! {
                manager
                    .alter_type(extension::postgres::Type::alter().name(#name).add_value(#value) #before #after)
                    .await?;
            }
        }
        Statement::DropEnum { name } => quote! {
            manager.drop_type(extension::postgres::Type::drop().name(#name).to_owned()).await?;
        },
        Statement::CopyRows { into, from, columns } => {
            let into = into.as_str();
            let from = from.as_str();
            let columns = columns.iter().map(String::as_str);
            let list = quote! { [#(#columns),*] };
            quote! {
                manager
                    .execute(
                        Query::insert()
                            .into_table(#into)
                            .columns(#list)
                            .select_from(Query::select().columns(#list).from(#from).to_owned())
                            .expect("as many columns selected as inserted")
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Statement::ForeignKeyCheck { table } => {
            let sql = foreign_key_check_sql(table);
            let message = format!("rebuilding {table} left {{}} rows whose foreign key has no referent");
            quote! {
                let orphans = manager
                    .get_connection()
                    .query_all_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, #sql))
                    .await?;
                if !orphans.is_empty() {
                    return Err(DbErr::Migration(format!(#message, orphans.len())));
                }
            }
        }
        Statement::Sql(sql) => {
            let sql = sql.as_str();
            quote! {
                manager.get_connection().execute_unprepared(#sql).await?;
            }
        }
        Statement::OnlyOn {
            backend: only,
            statements,
        } => {
            let only = db_backend(*only);
            let inner: Vec<TokenStream> = statements
                .iter()
                .map(|s| statement_tokens(s, backend, comments))
                .collect();
            quote! {
                if manager.get_database_backend() == #only {
                    #(#inner)*
                }
            }
        }
    }
}

/// `sea_orm::DbBackend::..` for a backend, as the generated code names it.
fn db_backend(backend: Backend) -> TokenStream {
    match backend {
        Backend::Sqlite => quote! { sea_orm::DbBackend::Sqlite },
        Backend::Postgres => quote! { sea_orm::DbBackend::Postgres },
        Backend::Mysql => quote! { sea_orm::DbBackend::MySql },
    }
}

/// A table reference: `"name"`, or `("schema", "name")` outside the default schema.
fn table_ref(table: &TableName) -> TokenStream {
    let name = table.name.as_str();
    match &table.schema {
        Some(schema) => quote! { (#schema, #name) },
        None => quote! { #name },
    }
}

fn create_table(table: &Table, backend: Backend) -> TokenStream {
    let name = table_ref(&table.table_name());
    let single_pk = match &table.primary_key {
        Some(pk) if pk.columns.len() == 1 => Some(pk.columns[0].as_str()),
        _ => None,
    };
    let single_unique: Vec<&str> = table
        .uniques
        .iter()
        .filter(|u| u.columns.len() == 1)
        .map(|u| u.columns[0].as_str())
        .collect();
    let columns = table.columns.iter().map(|column| {
        let mut def = column_def(column, single_pk == Some(column.name.as_str()), backend);
        if single_unique.contains(&column.name.as_str()) {
            def.extend(quote! { .unique_key() });
        }
        quote! { .col(#def) }
    });
    let composite_pk = table.primary_key.iter().filter(|pk| pk.columns.len() > 1).map(|pk| {
        let cols = pk.columns.iter().map(|c| c.as_str());
        quote! { .primary_key(Index::create() #(.col(#cols))*) }
    });
    let composite_uniques = table.uniques.iter().filter(|u| u.columns.len() > 1).map(|u| {
        let cols = u.columns.iter().map(|c| c.as_str());
        let named = u.name.as_deref().map(|n| quote! { .name(#n) });
        quote! { .index(Index::create() #named .unique() #(.col(#cols))*) }
    });
    let foreign_keys = table.foreign_keys.iter().map(|fk| foreign_key(&name, fk));
    let checks = table.checks.iter().map(check);
    // MySQL says a table's comment in `CREATE TABLE`; sea-query leaves it out elsewhere (PostgreSQL gets
    // `COMMENT ON`, SQLite has none), so the file stays portable.
    let comment = table.comment.as_deref().map(|c| quote! { .comment(#c) });
    quote! {
        manager
            .create_table(
                Table::create()
                    .table(#name)
                    #(#columns)*
                    #(#composite_pk)*
                    #(#composite_uniques)*
                    #(#foreign_keys)*
                    #(#checks)*
                    #comment
                    .to_owned(),
            )
            .await?;
    }
}

fn check(check: &Check) -> TokenStream {
    let expr = check.expr.as_str();
    match &check.name {
        Some(name) => quote! { .check((#name, Expr::cust(#expr))) },
        None => quote! { .check(Expr::cust(#expr)) },
    }
}

fn create_index(table: &TokenStream, index: &Index, concurrently: bool) -> TokenStream {
    let name = index.name.as_str();
    let cols = index.columns.iter().map(|c| match index.is_descending(c) {
        true => quote! { (#c, IndexOrder::Desc) },
        false => quote! { #c },
    });
    let unique = index.unique.then(|| quote! { .unique() });
    let predicate = index
        .predicate
        .as_deref()
        .map(|p| quote! { .and_where(Expr::cust(#p)) });
    let concurrently = concurrently.then(|| quote! { .concurrently().if_not_exists() });
    quote! {
        manager
            .create_index(
                Index::create().name(#name).table(#table) #(.col(#cols))* #unique #predicate #concurrently .to_owned(),
            )
            .await?;
    }
}

fn foreign_key(table: &TokenStream, fk: &ForeignKey) -> TokenStream {
    let create = foreign_key_create(table, fk);
    quote! { .foreign_key(#create) }
}

/// `ForeignKey::create().name(..).from(..).to(..)...`, for a new table or an existing one.
fn foreign_key_create(table: &TokenStream, fk: &ForeignKey) -> TokenStream {
    let name = fk.name.as_deref().map(|n| quote! { .name(#n) });
    let from = fk.columns.iter().map(|c| c.as_str());
    let ref_table = table_ref(&TableName {
        schema: fk.ref_schema.clone(),
        name: fk.ref_table.clone(),
    });
    let to = fk.ref_columns.iter().map(|c| c.as_str());
    let on_delete = fk.on_delete.map(|a| {
        let a = action(a);
        quote! { .on_delete(#a) }
    });
    let on_update = fk.on_update.map(|a| {
        let a = action(a);
        quote! { .on_update(#a) }
    });
    // `from`/`to` take one column or a tuple; column-by-column works for any count.
    let ends = if fk.columns.len() == 1 && fk.ref_columns.len() == 1 {
        let (from, to) = (fk.columns[0].as_str(), fk.ref_columns[0].as_str());
        quote! { .from(#table, #from).to(#ref_table, #to) }
    } else {
        quote! { .from_tbl(#table) #(.from_col(#from))* .to_tbl(#ref_table) #(.to_col(#to))* }
    };
    quote! { ForeignKey::create() #name #ends #on_delete #on_update }
}

fn action(action: ForeignKeyAction) -> TokenStream {
    match action {
        ForeignKeyAction::NoAction => quote! { ForeignKeyAction::NoAction },
        ForeignKeyAction::Restrict => quote! { ForeignKeyAction::Restrict },
        ForeignKeyAction::Cascade => quote! { ForeignKeyAction::Cascade },
        ForeignKeyAction::SetNull => quote! { ForeignKeyAction::SetNull },
        ForeignKeyAction::SetDefault => quote! { ForeignKeyAction::SetDefault },
    }
}

/// `ColumnDef::new("name").<type>()...`, the same definition sea-query will render as SQL.
fn column_def(column: &Column, primary_key: bool, backend: Backend) -> TokenStream {
    let (new, ty) = typed_column(&column.name, &column.ty.for_builder(backend));
    let null = if column.nullable {
        quote! { .null() }
    } else {
        quote! { .not_null() }
    };
    let auto_increment = column.auto_increment.then(|| quote! { .auto_increment() });
    let pk = primary_key.then(|| quote! { .primary_key() });
    let default = column_default_value(backend, column).map(default_call);
    let comment = column.comment.as_deref().map(|c| quote! { .comment(#c) });
    quote! { #new #ty #null #auto_increment #pk #default #comment }
}

/// `.default(...)` for a default, written as the lowering's [`default_value`] decides: a
/// typed value (`"draft"`, `false`, `0`, `1.5`, `Expr::current_timestamp()`), which sea-query spells, quotes and
/// escapes for whichever backend runs the file (PostgreSQL's `E'it\'s'` would be an error on the others, and a
/// backslash reads differently on MySQL); anything else (`now()`, `1.50`) as it is, with `Expr::cust`.
fn default_call(value: DefaultValue) -> TokenStream {
    let value = match value {
        DefaultValue::Text(text) => quote! { #text },
        DefaultValue::Bool(b) => quote! { #b },
        DefaultValue::Int(n) => {
            // An `i32` literal where it fits, as people write it; a suffix beyond.
            let magnitude = n.unsigned_abs();
            let suffix = if i32::try_from(n).is_ok() { "" } else { "i64" };
            let literal = syn::LitInt::new(&format!("{magnitude}{suffix}"), proc_macro2::Span::call_site());
            signed(n < 0, quote! { #literal })
        }
        DefaultValue::Unsigned(n) => {
            let literal = Literal::u64_suffixed(n);
            quote! { #literal }
        }
        DefaultValue::Float(x) => {
            let literal = Literal::f64_unsuffixed(x.abs());
            signed(x < 0.0, quote! { #literal })
        }
        DefaultValue::CurrentTimestamp => quote! { Expr::current_timestamp() },
        DefaultValue::CurrentDate => quote! { Expr::current_date() },
        DefaultValue::CurrentTime => quote! { Expr::current_time() },
        DefaultValue::Sql(sql) => quote! { Expr::cust(#sql) },
    };
    quote! { .default(#value) }
}

/// A number literal, negated when `negative`.
fn signed(negative: bool, literal: TokenStream) -> TokenStream {
    if negative {
        quote! { -#literal }
    } else {
        quote! { #literal }
    }
}

/// `ColumnDef::new("name")` and the type's builder call. An unsized varbinary has no builder method; the type
/// itself says it on every backend.
fn typed_column(name: &str, ty: &ColumnType) -> (TokenStream, TokenStream) {
    match ty {
        ColumnType::VarBinary(None) => (
            quote! { ColumnDef::new_with_type(#name, ColumnType::VarBinary(StringLen::None)) },
            TokenStream::new(),
        ),
        _ => (quote! { ColumnDef::new(#name) }, column_type(ty)),
    }
}

fn column_type(ty: &ColumnType) -> TokenStream {
    use ColumnType::*;
    let n = |v: u32| Literal::u32_unsuffixed(v);
    match ty {
        Char(Some(len)) => {
            let len = n(*len);
            quote! { .char_len(#len) }
        }
        Char(None) => quote! { .char() },
        String(Some(len)) => {
            let len = n(*len);
            quote! { .string_len(#len) }
        }
        String(None) => quote! { .string() },
        Text => quote! { .text() },
        Blob => quote! { .blob() },
        TinyInteger => quote! { .tiny_integer() },
        SmallInteger => quote! { .small_integer() },
        Integer => quote! { .integer() },
        BigInteger => quote! { .big_integer() },
        TinyUnsigned => quote! { .tiny_unsigned() },
        SmallUnsigned => quote! { .small_unsigned() },
        Unsigned => quote! { .unsigned() },
        BigUnsigned => quote! { .big_unsigned() },
        Float => quote! { .float() },
        Double => quote! { .double() },
        Decimal(Some((p, s))) => {
            let (p, s) = (n(*p), n(*s));
            quote! { .decimal_len(#p, #s) }
        }
        Decimal(None) => quote! { .decimal() },
        DateTime => quote! { .date_time() },
        Timestamp => quote! { .timestamp() },
        TimestampWithTimeZone => quote! { .timestamp_with_time_zone() },
        Time => quote! { .time() },
        Date => quote! { .date() },
        Binary(len) => {
            let len = n(*len);
            quote! { .binary_len(#len) }
        }
        VarBinary(Some(len)) => {
            let len = n(*len);
            quote! { .var_binary(#len) }
        }
        // No builder method: `column_def` passes the type to `ColumnDef::new_with_type` instead.
        VarBinary(None) => TokenStream::new(),
        Boolean => quote! { .boolean() },
        Json => quote! { .json() },
        JsonBinary => quote! { .json_binary() },
        Uuid => quote! { .uuid() },
        Enum { name, variants } => {
            let variants = variants.iter().map(|v| v.as_str());
            quote! { .enumeration(#name, [#(#variants),*]) }
        }
        // Arrays exist on PostgreSQL only: spelled as it spells them, element type included.
        Array(_) => {
            let spelled = ty.render(Backend::Postgres);
            quote! { .custom(#spelled) }
        }
        Custom(spelled) => quote! { .custom(#spelled) },
    }
}
