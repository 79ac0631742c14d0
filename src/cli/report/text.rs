//! The report for people: one block per finding (severity and code, message, where, the fix),
//! the skipped policies, and a summary.

use std::collections::BTreeMap;
use std::fmt::Write;

use engine::analysis::{PolicyType, Severity};

use super::super::check::{Checked, InputKind, Located, Outcome, Settings, Subject};
use super::{counts_phrase, element_path, plural, policy_position, visible};

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
struct Style {
    on: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::SecurityWarning => "1;35",
            Severity::Warning => "1;33",
            Severity::Suggestion => "1;36",
        };
        self.paint(code, text)
    }

    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn fix(self, text: &str) -> String {
        self.paint("32", text)
    }
}

/// How the text report looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// ANSI colours.
    pub color: bool,
    /// Every finding in full, suggestions included (`--show-all`).
    pub show_all: bool,
}

/// The least serious severity shown in full without `--show-all`; less serious findings that
/// do not fail the check are counted by code, so a plan with thousands of suggestions still
/// reads on one screen.
pub const SHOWN_FROM: Severity = Severity::Warning;

/// Renders the text report.
pub fn render(outcome: &Outcome, settings: &Settings, view: View) -> String {
    let mut out = String::new();
    write(&mut out, outcome, settings, view);
    out
}

/// Appends the text report to `out`.
pub fn write(out: &mut String, outcome: &Outcome, settings: &Settings, view: View) {
    let style = Style { on: view.color };
    let mut hidden: BTreeMap<&str, usize> = BTreeMap::new();
    for (checked, located) in outcome.findings() {
        let f = &located.finding;
        if view.show_all || f.severity <= SHOWN_FROM || settings.fails(f) {
            finding(out, outcome, checked, located, style);
        } else {
            *hidden.entry(f.code).or_default() += 1;
        }
    }
    if !hidden.is_empty() {
        not_shown(out, &hidden, style);
    }
    partially_checked(out, outcome, style);
    if !outcome.skipped.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.bold("Skipped (values unknown until apply, not checked):")
        );
        for skipped in &outcome.skipped {
            let input = outcome
                .inputs
                .get(skipped.input)
                .map_or("", |i| i.name.as_str());
            let _ = writeln!(
                out,
                "  {}  {}  ({})",
                visible(input),
                visible(&skipped.place),
                visible(&skipped.reason)
            );
        }
        out.push('\n');
    }
    summary(out, outcome, settings, style);
}

/// The findings left out, counted by code, most frequent first.
fn not_shown(out: &mut String, hidden: &BTreeMap<&str, usize>, style: Style) {
    let total: usize = hidden.values().sum();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Not shown: {} below {SHOWN_FROM} (--show-all lists them):",
            plural(total, "finding")
        ))
    );
    let mut by_count: Vec<(&str, usize)> = hidden.iter().map(|(c, n)| (*c, *n)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = by_count.first().map_or(1, |(_, n)| n.to_string().len());
    for (code, n) in by_count {
        let _ = writeln!(out, "  {n:>width$}  {code}");
    }
    out.push('\n');
}

/// The policies checked on their known parts, with what is still unknown.
fn partially_checked(out: &mut String, outcome: &Outcome, style: Style) {
    let partial: Vec<&Checked> = outcome
        .checked
        .iter()
        .filter(|c| !c.unknown.is_empty())
        .collect();
    if partial.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        style.bold("Partially checked (the known parts; the rest is unknown until apply):")
    );
    for checked in partial {
        let input = outcome
            .inputs
            .get(checked.input)
            .map_or("", |i| i.name.as_str());
        let _ = writeln!(
            out,
            "  {}  {}  (unknown: {})",
            visible(input),
            visible(&checked.place().unwrap_or_default()),
            visible(&checked.unknown.join(", "))
        );
    }
    out.push('\n');
}

/// How many `same document as` places are named before `and N more`.
const ALSO_SHOWN: usize = 5;

fn finding(
    out: &mut String,
    outcome: &Outcome,
    checked: &Checked,
    located: &Located,
    style: Style,
) {
    let f = &located.finding;
    let _ = writeln!(
        out,
        "{}: {}",
        style.severity(f.severity, &format!("{}[{}]", f.severity, f.code)),
        style.bold(&visible(&f.message))
    );
    let input = outcome
        .inputs
        .get(checked.input)
        .map_or("", |i| i.name.as_str());
    let input = visible(input);
    let path = element_path(checked, located);
    let path = visible(&path);
    let kind = kind_note(checked);
    let at = match (&checked.subject, policy_position(located)) {
        (Subject::File, Some((line, column))) => format!("{input}:{line}:{column}{kind}  {path}"),
        (Subject::File, None) => format!("{input}{kind}  {path}"),
        (Subject::Resource { .. }, position) => {
            let place = checked.place().unwrap_or_default();
            let inside = position
                .map(|(line, column)| format!(", policy line {line}:{column}"))
                .unwrap_or_default();
            format!("{input}  {}{kind}  {path}{inside}", visible(&place))
        }
    };
    let _ = writeln!(out, "  {} {at}", style.dim("-->"));
    if let Subject::Resource {
        also, also_more, ..
    } = &checked.subject
    {
        if !also.is_empty() {
            let mut names: Vec<String> = also
                .iter()
                .take(ALSO_SHOWN)
                .map(|a| visible(a).into_owned())
                .collect();
            let more = also.len().saturating_sub(ALSO_SHOWN) + also_more;
            if more > 0 {
                names.push(format!("and {more} more"));
            }
            let _ = writeln!(
                out,
                "      {}",
                style.dim(&format!("same document as {}", names.join(", ")))
            );
        }
    }
    if !f.detail.is_empty() {
        let _ = writeln!(out, "  {} {}", style.fix("fix:"), visible(&f.detail));
    }
    out.push('\n');
}

/// ` (trust policy)` for anything but an identity policy, with `inferred` when guessed.
fn kind_note(checked: &Checked) -> String {
    match (checked.policy_type, checked.inferred) {
        (PolicyType::Identity, false) => String::new(),
        (policy_type, inferred) => format!(
            " ({} policy{})",
            policy_type.name().replace('_', " "),
            if inferred { ", inferred" } else { "" }
        ),
    }
}

fn summary(out: &mut String, outcome: &Outcome, settings: &Settings, style: Style) {
    let inputs = match outcome.inputs.as_slice() {
        [only] => visible(&only.name).into_owned(),
        all => {
            let plans = all.iter().filter(|i| i.kind == InputKind::Plan).count();
            let files = all.len() - plans;
            match (plans, files) {
                (0, n) => plural(n, "policy file"),
                (n, 0) => plural(n, "plan"),
                (p, f) => format!("{} and {}", plural(p, "plan"), plural(f, "policy file")),
            }
        }
    };
    let mut line = format!(
        "Checked {} in {inputs}: {}.",
        plural(outcome.checked.len(), "policy"),
        counts_phrase(outcome)
    );
    let partial = outcome
        .checked
        .iter()
        .filter(|c| !c.unknown.is_empty())
        .count();
    if partial > 0 {
        let _ = write!(
            line,
            " {} partially checked (parts unknown until apply).",
            plural(partial, "policy")
        );
    }
    if !outcome.skipped.is_empty() {
        let _ = write!(
            line,
            " {} skipped (unknown until apply).",
            plural(outcome.skipped.len(), "policy")
        );
    }
    let _ = writeln!(out, "{line}");
    let failing = outcome.failing(settings);
    let threshold = format!(
        "--fail-on {}{}",
        settings.fail_on,
        if settings.strict { " --strict" } else { "" }
    );
    if failing > 0 {
        let _ = writeln!(
            out,
            "{} {} at or above {threshold}.",
            style.severity(Severity::Error, "FAILED:"),
            plural(failing, "finding")
        );
    } else {
        let _ = writeln!(
            out,
            "{} no finding at or above {threshold}.",
            style.fix("PASSED:")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::check::{check, Input};
    use engine::policy::SizeQuota;

    fn settings() -> Settings {
        Settings {
            fail_on: Severity::Error,
            strict: false,
            ignore: Vec::new(),
            file_policy_type: (PolicyType::Identity, SizeQuota::ManagedPolicy),
        }
    }

    fn outcome_of(text: &str) -> Outcome {
        let input = Input {
            name: "policy.json".into(),
            uri: "policy.json".into(),
            text: text.into(),
        };
        check(vec![input], &settings()).unwrap()
    }

    #[test]
    fn a_finding_in_a_file_reads_like_a_compiler_message() {
        let outcome = outcome_of(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Detect\", \"Effect\": \"Allow\",\n  \"Action\": \"rekognition:DetectLabel\", \"Resource\": \"*\"}]}",
        );
        let text = render(&outcome, &settings(), View::default());
        assert!(
            text.starts_with("error[action.unknown]: Unknown action \"rekognition:DetectLabel\"\n  --> policy.json:2:13  Statement[0].Action[0] (Sid \"Detect\")\n  fix: Did you mean \"rekognition:DetectLabels\"?"),
            "{text}"
        );
        assert!(
            text.contains("Checked 1 policy in policy.json: 1 error."),
            "{text}"
        );
        assert!(
            text.contains("FAILED: 1 finding at or above --fail-on error."),
            "{text}"
        );
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn clean_input_passes_and_colour_is_optional() {
        let outcome = outcome_of(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}]}"#,
        );
        let text = render(&outcome, &settings(), View::default());
        assert_eq!(
            text,
            "Checked 1 policy in policy.json: no findings.\nPASSED: no finding at or above --fail-on error.\n"
        );
        assert!(render(
            &outcome,
            &settings(),
            View {
                color: true,
                show_all: false
            }
        )
        .contains("\x1b[32mPASSED:\x1b[0m"));
    }

    #[test]
    fn strings_from_the_input_cannot_start_lines_or_drive_the_terminal() {
        let outcome = outcome_of(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"x\\n::error file=x::forged\\u001b[2J\", \"Effect\": \"Allow\", \"Action\": \"rekognition:Detect\\nLabel\\u001b]0;t\\u0007\", \"Resource\": \"*\"}]}",
        );
        let text = render(&outcome, &settings(), View::default());
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("::")),
            "a line starts a workflow command:\n{text}"
        );
        assert!(
            text.contains("(Sid \"x\\n::error file=x::forged\\u{1b}[2J\")"),
            "{text}"
        );
        assert!(
            text.contains("rekognition:Detect\\nLabel\\u{1b}]0;t\\u{7}"),
            "{text}"
        );
        // every finding is its header, its place, its fix and a blank line: nothing more
        let findings = outcome.findings().count();
        assert_eq!(text.matches("\n  --> ").count(), findings, "{text}");
    }

    #[test]
    fn suggestions_are_counted_by_code_unless_everything_is_asked_for() {
        let outcome = outcome_of(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["rekognition:DetectLabels", "rekognition:DetectLabels"], "Resource": "*"},
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "*"}]}"#,
        );
        let severities: Vec<Severity> = outcome
            .findings()
            .map(|(_, l)| l.finding.severity)
            .collect();
        let suggestions = severities
            .iter()
            .filter(|s| **s == Severity::Suggestion)
            .count();
        assert!(suggestions >= 2, "{severities:?}");
        let text = render(&outcome, &settings(), View::default());
        assert!(!text.contains("suggestion["), "{text}");
        assert!(
            text.contains(&format!(
                "Not shown: {} below warning (--show-all lists them):\n",
                plural(suggestions, "finding")
            )),
            "{text}"
        );
        let all = render(
            &outcome,
            &settings(),
            View {
                color: false,
                show_all: true,
            },
        );
        assert_eq!(all.matches("suggestion[").count(), suggestions, "{all}");
        assert!(!all.contains("Not shown"), "{all}");
        // a suggestion that fails the check is always shown
        let failing = Settings {
            fail_on: Severity::Suggestion,
            ..settings()
        };
        let shown = render(&outcome, &failing, View::default());
        assert_eq!(shown.matches("suggestion[").count(), suggestions, "{shown}");
    }
}
