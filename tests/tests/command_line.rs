//! The command line has one definition (`sea_autogen_migration::cli::Cli`): `cargo autogen --help`, `help COMMAND`
//! and the shell completions list every command and flag of it, without a migration crate to build.

use clap::CommandFactory;
use sea_autogen_migration::cli::Cli;
use sea_autogen_tests::{Run, cargo_autogen};
use std::process::Command;

/// `cargo autogen <args>` in an empty directory: there is no migration crate to build or run.
fn autogen(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(cargo_autogen())
        .arg("autogen")
        .args(args)
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("running cargo-autogen");
    Run::from_output(&format!("cargo autogen {}", args.join(" ")), output)
}

#[test]
fn help_lists_every_command_and_every_global_flag() {
    let help = autogen(&["--help"]);
    help.expect_code(0);
    let definition = Cli::command();
    let commands: Vec<String> = definition.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    assert!(commands.len() >= 18, "{commands:?}");
    for name in &commands {
        assert!(
            help.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "`cargo autogen --help` does not list {name}:\n{}",
            help.stdout
        );
    }
    for arg in definition.get_arguments().filter_map(|a| a.get_long()) {
        help.expect_stdout(&format!("--{arg}"));
    }
}

#[test]
fn help_of_each_command_lists_its_flags() {
    let definition = Cli::command();
    for command in definition.get_subcommands() {
        let name = command.get_name();
        if name == "help" {
            continue;
        }
        let help = autogen(&["help", name]);
        help.expect_code(0)
            .expect_stdout(&format!("Usage: cargo autogen {name}"));
        for arg in command.get_arguments().filter_map(|a| a.get_long()) {
            help.expect_stdout(&format!("--{arg}"));
        }
    }
}

#[test]
fn completions_come_from_the_same_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let script = autogen(&["completions", shell]);
        script.expect_code(0);
        for command in ["revision", "upgrade", "entities", "completions", "database-url"] {
            script.expect_stdout(command);
        }
    }
    autogen(&["completions", "tcsh"])
        .expect_code(1)
        .expect_stderr("invalid value");
}

#[test]
fn usage_errors_exit_1_and_no_command_prints_help() {
    autogen(&["--bogus"])
        .expect_code(1)
        .expect_stderr("unexpected argument");
    autogen(&[]).expect_code(1).expect_stderr("Usage: cargo autogen");
    autogen(&["--version"]).expect_code(0).expect_stdout("cargo autogen");
}
