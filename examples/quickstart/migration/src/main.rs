//! Runs sea-autogen's command line (`cargo autogen ...`) for the quickstart's migration crate.

// Linking the entity crate keeps its `#[derive(Autogen)]` registrations.
use quickstart as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = sea_autogen_migration::Config::new(env!("CARGO_MANIFEST_DIR")).entities("quickstart::entity");
    sea_autogen_migration::cli::run::<migration::Migrator>(config).await
}
