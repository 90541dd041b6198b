//! Runs sea-autogen's command line (`cargo autogen ...`) for the blog's migration crate.

// Linking the entity crate keeps its `#[derive(Autogen)]` registrations.
use blog as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = sea_autogen_migration::Config::new(env!("CARGO_MANIFEST_DIR")).entities("blog::entity");
    sea_autogen_migration::cli::run::<migration::Migrator>(config).await
}
