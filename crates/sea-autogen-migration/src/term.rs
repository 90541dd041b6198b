//! The terminal: colour (anstream and anstyle), progress bars (indicatif), the log of statements as they run
//! (tracing, `-v`), and confirmations (dialoguer). Everything here only adds to what a terminal shows: piped output
//! is the plain text, byte for byte, and nothing is drawn or asked when no person is there.

use crate::cli::ColorChoice;
use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sea_autogen_codegen::TextPart;
use sea_autogen_diff::{Change, Plan, Risk};
use std::io::IsTerminal;
use std::time::Duration;

/// The target of the statement log `-v` shows.
pub(crate) const SQL_TARGET: &str = "sea_autogen::sql";

/// Sets the colour choice for everything printed through anstream (and dialoguer's prompts), and the statement
/// log: with `-v`, each statement with its time on stderr; otherwise nothing (sea-orm's and sqlx's own logs stay
/// off either way). Called once per process; a second call keeps the first subscriber.
pub fn init(color: ColorChoice, verbose: bool) {
    let choice = match color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let stderr_colored = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    dialoguer::console::set_colors_enabled_stderr(stderr_colored);
    dialoguer::console::set_colors_enabled(
        anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
    );
    if verbose {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        let filter = tracing_subscriber::filter::Targets::new().with_target(SQL_TARGET, tracing::Level::INFO);
        let format = tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(stderr_colored)
            .without_time()
            .with_target(false)
            .with_level(false);
        let _ = tracing_subscriber::registry().with(format).with(filter).try_init();
    }
}

/// Logs one statement that ran (`-v`): its time, then its SQL on one line.
pub(crate) fn log_statement(sql: &str, elapsed: Duration, failed: bool) {
    let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let time = format_duration(elapsed);
    if failed {
        tracing::info!(target: SQL_TARGET, "{time:>9}  {sql}  (failed)");
    } else {
        tracing::info!(target: SQL_TARGET, "{time:>9}  {sql}");
    }
}

/// `0.4 ms`, `12 ms`, `1.52 s`.
pub(crate) fn format_duration(elapsed: Duration) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const CHANGED: Style = AnsiColor::Yellow.on_default();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

fn risk_style(risk: Risk) -> Style {
    match risk {
        Risk::DataLoss => AnsiColor::Red.on_default().bold(),
        Risk::MayFail => AnsiColor::Yellow.on_default().bold(),
        Risk::LongLock => AnsiColor::Magenta.on_default().bold(),
    }
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// How a change reads at a glance: green when it adds, red when it removes, yellow when it changes in place.
fn change_style(change: &Change) -> Style {
    let op = change.op();
    if op.starts_with("create") || op.starts_with("add") {
        ADDED
    } else if op.starts_with("drop") {
        REMOVED
    } else {
        CHANGED
    }
}

/// [`sea_autogen_codegen::render_text`] with colour: each change by what it does, each risk by its kind, warnings
/// in yellow. The text is `render_text`'s, only styled, so printed through anstream it reads the same piped as
/// before.
pub(crate) fn plan_text(plan: &Plan) -> String {
    sea_autogen_codegen::render_text_styled(plan, |part, text| match part {
        TextPart::Change(change) => paint(change_style(change), text),
        TextPart::Risk(risk) => paint(risk_style(risk), text),
        TextPart::Instead => paint(DIM, text),
        TextPart::Warning => paint(WARNING, text),
    })
}

/// `error:` in bold red, for the line that ends a failed command.
pub fn error_label() -> String {
    paint(AnsiColor::Red.on_default().bold(), "error:")
}

/// `warning:` in yellow, then `message`, for lines printed on stderr.
pub(crate) fn warning(message: &str) -> String {
    format!("{} {message}", paint(WARNING, "warning:"))
}

/// `text` in the style of additions (`applied ...`), removals (`reverted ...`) or emphasis.
pub(crate) fn added(text: &str) -> String {
    paint(ADDED, text)
}

pub(crate) fn removed(text: &str) -> String {
    paint(REMOVED, text)
}

/// Whether bars and spinners may be drawn: stderr is a terminal, and the user asked for neither `-q` nor `-v`
/// (whose statement log is the progress).
fn draws(quiet: bool, verbose: bool) -> bool {
    !quiet && !verbose && std::io::stderr().is_terminal()
}

/// A bar over `len` steps on stderr, `message` before it; hidden (drawing nothing) unless [`draws`].
pub(crate) fn bar(len: usize, message: &str, quiet: bool, verbose: bool) -> ProgressBar {
    if !draws(quiet, verbose) || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {wide_msg:.dim} {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A spinner on stderr for work of unknown length; hidden unless [`draws`].
pub(crate) fn spinner(message: &str, quiet: bool, verbose: bool) -> ProgressBar {
    if !draws(quiet, verbose) {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("a valid template"));
    spinner.set_message(message.to_owned());
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}

/// Asks a yes/no question on the terminal (stderr), `no` by default; `None` when it cannot be asked (no terminal,
/// or the input ended).
pub(crate) fn confirm(question: &str) -> Option<bool> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    dialoguer::Confirm::with_theme(&theme)
        .with_prompt(question)
        .default(false)
        .interact_on_opt(&dialoguer::console::Term::stderr())
        .ok()
        .flatten()
}

/// Asks to pick one of `items` on the terminal (stderr), the first by default; `None` when it cannot be asked.
pub(crate) fn select(question: &str, items: &[String]) -> Option<usize> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    dialoguer::Select::with_theme(&theme)
        .with_prompt(question)
        .items(items)
        .default(0)
        .interact_on_opt(&dialoguer::console::Term::stderr())
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_autogen_diff::diff;
    use sea_autogen_schema::{Backend, Column, ColumnType, Schema, Table};

    fn strip(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    /// Plans with every colour in them: additions, removals, changes in place, each risk, findings and warnings.
    fn plans() -> Vec<Plan> {
        let mut before = Table::new("post");
        before.columns = vec![
            Column::new("id", ColumnType::Integer),
            Column::new("title", ColumnType::String(Some(50))),
            Column::new("body", ColumnType::Text),
        ];
        let mut after = Table::new("post");
        let mut title = Column::new("title", ColumnType::String(Some(20)));
        title.nullable = false;
        after.columns = vec![
            Column::new("id", ColumnType::BigInteger),
            title,
            Column::new("summary", ColumnType::Text),
        ];
        let gone = Table::new("legacy");
        let from = Schema::from_tables([before, gone]);
        let to = Schema::from_tables([after, Table::new("tag")]);
        [Backend::Sqlite, Backend::Postgres, Backend::Mysql]
            .into_iter()
            .flat_map(|b| {
                [
                    diff(&from, &to, b),
                    sea_autogen_diff::lock_safe(diff(&from, &to, b)),
                    diff(&to, &from, b),
                ]
            })
            .collect()
    }

    #[test]
    fn the_coloured_plan_is_the_plain_text_plus_colour() {
        for plan in plans() {
            let painted = plan_text(&plan);
            assert_eq!(strip(&painted), sea_autogen_codegen::render_text(&plan));
            assert!(!plan.changes.is_empty());
            assert!(painted.contains("\u{1b}["), "no colour in {painted}");
            // Each risk named in its own colour.
            for change in &plan.changes {
                for risk in change.risks(plan.backend) {
                    assert!(painted.contains(&paint(risk_style(risk), risk.as_str())));
                }
            }
        }
    }

    #[test]
    fn additions_removals_and_changes_have_their_colours() {
        let plan = &plans()[0];
        let painted = plan_text(plan);
        for change in &plan.changes {
            let style = change_style(change);
            assert!(painted.contains(&paint(style, &change.headline(plan.backend))));
            match change.op() {
                "create_table" | "add_column" => assert_eq!(style, ADDED),
                "drop_table" | "drop_column" => assert_eq!(style, REMOVED),
                "alter_column" | "rebuild_table" => assert_eq!(style, CHANGED),
                _ => {}
            }
        }
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(format_duration(Duration::from_micros(420)), "0.4 ms");
        assert_eq!(format_duration(Duration::from_millis(12)), "12 ms");
        assert_eq!(format_duration(Duration::from_millis(1520)), "1.52 s");
    }

    #[test]
    fn nothing_is_drawn_when_quiet_or_verbose() {
        assert!(bar(10, "applying", true, false).is_hidden());
        assert!(bar(10, "applying", false, true).is_hidden());
        assert!(spinner("reading", true, false).is_hidden());
        // A bar of one step is no progress to show.
        assert!(bar(1, "applying", false, false).is_hidden());
    }
}
