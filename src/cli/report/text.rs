//! The report for people: one block per finding (severity and code, message, where, the fix),
//! the skipped policies, and a summary.

use std::fmt::Write;

use crate::analysis::{PolicyType, Severity};

use super::super::check::{Checked, InputKind, Located, Outcome, Settings, Subject};
use super::{counts_phrase, element_path, plural, policy_position, policy_type_name};

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

/// Renders the text report; `color` adds ANSI colours.
pub fn render(outcome: &Outcome, settings: &Settings, color: bool) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for (checked, located) in outcome.findings() {
        finding(&mut out, outcome, checked, located, style);
    }
    partially_checked(&mut out, outcome, style);
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
            let _ = writeln!(out, "  {input}  {}  ({})", skipped.place, skipped.reason);
        }
        out.push('\n');
    }
    summary(&mut out, outcome, settings, style);
    out
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
            "  {input}  {}  (unknown: {})",
            checked.place().unwrap_or_default(),
            checked.unknown.join(", ")
        );
    }
    out.push('\n');
}

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
        style.bold(&f.message)
    );
    let input = outcome
        .inputs
        .get(checked.input)
        .map_or("", |i| i.name.as_str());
    let path = element_path(checked, located);
    let kind = kind_note(checked);
    let at = match (&checked.subject, policy_position(located)) {
        (Subject::File, Some((line, column))) => format!("{input}:{line}:{column}{kind}  {path}"),
        (Subject::File, None) => format!("{input}{kind}  {path}"),
        (Subject::Resource { .. }, position) => {
            let place = checked.place().unwrap_or_default();
            let inside = position
                .map(|(line, column)| format!(", policy line {line}:{column}"))
                .unwrap_or_default();
            format!("{input}  {place}{kind}  {path}{inside}")
        }
    };
    let _ = writeln!(out, "  {} {at}", style.dim("-->"));
    if let Subject::Resource { also, .. } = &checked.subject {
        if !also.is_empty() {
            let _ = writeln!(
                out,
                "      {}",
                style.dim(&format!("same document as {}", also.join(", ")))
            );
        }
    }
    if !f.detail.is_empty() {
        let _ = writeln!(out, "  {} {}", style.fix("fix:"), f.detail);
    }
    out.push('\n');
}

/// ` (trust policy)` for anything but an identity policy, with `inferred` when guessed.
fn kind_note(checked: &Checked) -> String {
    match (checked.policy_type, checked.inferred) {
        (PolicyType::Identity, false) => String::new(),
        (policy_type, inferred) => format!(
            " ({} policy{})",
            policy_type_name(policy_type).replace('_', " "),
            if inferred { ", inferred" } else { "" }
        ),
    }
}

fn summary(out: &mut String, outcome: &Outcome, settings: &Settings, style: Style) {
    let inputs = match outcome.inputs.as_slice() {
        [only] => only.name.clone(),
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
    use crate::policy::SizeQuota;

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
        check(&[input], &settings()).unwrap()
    }

    #[test]
    fn a_finding_in_a_file_reads_like_a_compiler_message() {
        let outcome = outcome_of(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Detect\", \"Effect\": \"Allow\",\n  \"Action\": \"rekognition:DetectLabel\", \"Resource\": \"*\"}]}",
        );
        let text = render(&outcome, &settings(), false);
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
        let text = render(&outcome, &settings(), false);
        assert_eq!(
            text,
            "Checked 1 policy in policy.json: no findings.\nPASSED: no finding at or above --fail-on error.\n"
        );
        assert!(render(&outcome, &settings(), true).contains("\x1b[32mPASSED:\x1b[0m"));
    }
}
