//! The command line: `terraform-provider-rekognitioniam check`, an offline IAM policy checker
//! for CI pipelines, and `--help`/`--version`.
//!
//! `check` reads `terraform show -json` output (a plan or a state) and validates every IAM
//! policy in it, or validates plain policy files, with the validator of [`engine::analysis`] and
//! the same finding codes as the `rekognitioniam_policy_document` data source. Reports are text,
//! JSON or SARIF 2.1.0. Exit codes: [`EXIT_CLEAN`], [`EXIT_FINDINGS`], [`EXIT_USAGE`].
//!
//! Layers: [`args`] (the command line) -> [`check`] (inputs to an outcome, with [`plan`] finding
//! the policies of a plan) -> [`report`] (text, JSON, SARIF).

pub mod args;
pub mod check;
pub mod input;
pub mod plan;
pub mod report;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use args::{CheckArgs, Cli, ColorChoice, Command, Format, BINARY};
use check::Settings;
use engine::analysis::CODES;
use engine::policy::ParseErrorCode;

/// No finding at or above `--fail-on`.
pub const EXIT_CLEAN: u8 = 0;
/// Findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// A usage or input error.
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line (`args` includes the program name) and returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // help is asked for and goes to stdout with 0; anything else is a usage error
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_CLEAN
            });
        }
    };
    if cli.version {
        println!("{}", version_line());
        return ExitCode::from(EXIT_CLEAN);
    }
    match cli.command {
        Some(Command::Check(args)) => ExitCode::from(run_check(&args)),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().write_help(&mut std::io::stderr());
            eprintln!();
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `terraform-provider-rekognitioniam 0.1.0 (IAM catalogue 2026-09-26)`, with the service
/// reference files laid over the catalogue when there are any.
pub fn version_line() -> String {
    format!(
        "{BINARY} {} (IAM catalogue {})",
        env!("CARGO_PKG_VERSION"),
        engine::catalog::overlay::describe()
    )
}

fn usage_error(message: &str) -> u8 {
    // file names and --ignore patterns come from the command line: no control characters
    eprintln!("error: {}", report::visible(message));
    EXIT_USAGE
}

/// Runs `check` and returns the exit code.
pub fn run_check(args: &CheckArgs) -> u8 {
    if let Some(directory) = &args.service_reference_dir {
        match engine::catalog::overlay::load_directory(directory) {
            Ok(files) => engine::catalog::overlay::install(Some(files)),
            Err(message) => return usage_error(&format!("--service-reference-dir: {message}")),
        }
    }
    if args.version {
        println!("{}", version_line());
        return EXIT_CLEAN;
    }
    if let Err(message) = check_ignores(&args.ignore) {
        return usage_error(&message);
    }
    let inputs = match input::read_inputs(&args.inputs, args.max_input_size) {
        Ok(inputs) => inputs,
        Err(message) => return usage_error(&message),
    };
    let settings = Settings {
        fail_on: args.fail_on.severity(),
        strict: args.strict,
        ignore: args.ignore.clone(),
        file_policy_type: args.policy_type.resolve(),
    };
    let outcome = match check::check(inputs, &settings) {
        Ok(outcome) => outcome,
        Err(message) => return usage_error(&message),
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|file| write_report(file, args, &outcome, &settings, to_terminal))
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => write_report(
            std::io::stdout().lock(),
            args,
            &outcome,
            &settings,
            to_terminal,
        )
        .map_err(|e| format!("cannot write the report: {e}")),
    };
    if let Err(message) = written {
        return usage_error(&message);
    }
    if outcome.failing(&settings) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Writes the report in the chosen format; JSON and SARIF are written as they are made.
fn write_report(
    mut out: impl Write,
    args: &CheckArgs,
    outcome: &check::Outcome,
    settings: &Settings,
    to_terminal: bool,
) -> std::io::Result<()> {
    match args.format {
        Format::Text => {
            let view = report::text::View {
                color: use_color(args.color, to_terminal, std::env::var_os("NO_COLOR")),
                show_all: args.show_all,
            };
            out.write_all(report::text::render(outcome, settings, view).as_bytes())?;
            out.flush()
        }
        Format::Json => report::json::write(out, outcome, settings),
        Format::Sarif => report::sarif::write(out, outcome, settings),
    }
}

/// Colour for `--color auto` only on a terminal and when NO_COLOR is unset or empty.
pub fn use_color(choice: ColorChoice, terminal: bool, no_color: Option<OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// Every `--ignore` must name a code or a family of codes, so a typo does not silently ignore
/// nothing.
fn check_ignores(patterns: &[String]) -> Result<(), String> {
    let codes: Vec<&str> = CODES
        .iter()
        .map(|c| c.code)
        .chain(ParseErrorCode::ALL.iter().map(|c| c.as_str()))
        .collect();
    for pattern in patterns {
        let known = match pattern.strip_suffix(".*") {
            Some(family) => codes
                .iter()
                .any(|c| c.strip_prefix(family).is_some_and(|r| r.starts_with('.'))),
            None => codes.contains(&pattern.as_str()),
        };
        if !known {
            return Err(format!(
                "--ignore {pattern}: no finding has this code. {}Codes look like \
                 action.unknown, or a family such as condition.*; see \
                 `{BINARY} check --help` and the findings table in the documentation.",
                engine::suggest::did_you_mean(pattern, codes.iter().copied())
            ));
        }
    }
    Ok(())
}

/// A SARIF artifact URI for a path: relative paths stay relative (to the directory the check
/// runs in, normally the repository root), absolute ones become `file://` URIs.
pub fn artifact_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text).to_string();
    let encoded = percent_encode(&text, path.is_absolute());
    if path.is_absolute() {
        format!(
            "file://{}",
            if encoded.starts_with('/') {
                encoded
            } else {
                format!("/{encoded}")
            }
        )
    } else {
        encoded
    }
}

/// Percent-encodes a path for a URI. A colon stays in an absolute path (a drive letter, as in
/// file:///C:/...) and is encoded in a relative one, where `a:b` would read as a scheme.
fn percent_encode(text: &str, absolute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            b':' if absolute => out.push(':'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(use_color(ColorChoice::Auto, true, Some(OsString::new())));
        assert!(!use_color(ColorChoice::Auto, true, Some("1".into())));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(use_color(ColorChoice::Always, false, Some("1".into())));
        assert!(!use_color(ColorChoice::Never, true, None));
    }

    #[test]
    fn ignores_must_name_codes() {
        assert!(check_ignores(&["action.unknown".into(), "condition.*".into()]).is_ok());
        assert!(check_ignores(&["json.trailing_comma".into()]).is_ok());
        let error = check_ignores(&["action.unknwn".into()]).unwrap_err();
        assert!(
            error.contains("Did you mean \"action.unknown\"?"),
            "{error}"
        );
        assert!(check_ignores(&["nope.*".into()]).is_err());
    }

    #[test]
    fn artifact_uris() {
        assert_eq!(
            artifact_uri(Path::new("./plans/plan 1.json")),
            "plans/plan%201.json"
        );
        assert_eq!(
            artifact_uri(Path::new("/tmp/x/plan.json")),
            "file:///tmp/x/plan.json"
        );
        assert_eq!(
            artifact_uri(Path::new("plan\n::error::x.json")),
            "plan%0A%3A%3Aerror%3A%3Ax.json"
        );
    }

    #[test]
    fn version_names_the_catalogue() {
        let catalogue = engine::catalog::CATALOG_VERSION;
        assert!(version_line().ends_with(&format!("(IAM catalogue {catalogue})")));
    }
}
