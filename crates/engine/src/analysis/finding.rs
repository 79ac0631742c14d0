//! Findings: what the validator reports, with a stable code, a severity, one-line message, a
//! concrete fix and the place in the policy.

use std::fmt;

use crate::policy::{Location, Span};

/// How serious a finding is.
///
/// Ordered from most to least serious, so sorting or `max` picks the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// IAM rejects the policy, or the element can never have the intended effect.
    Error,
    /// The policy grants more than it probably means to.
    SecurityWarning,
    /// Accepted by IAM, but part of the policy silently does nothing or not what it says.
    Warning,
    /// Harmless, but the policy can be simpler or clearer.
    Suggestion,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ];

    /// The stable spelling: `error`, `security_warning`, `warning` or `suggestion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security_warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The description of one check: the row of [`crate::analysis::CODES`] that documentation
/// pages are generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeInfo {
    /// Stable dotted code, e.g. `action.unknown`.
    pub code: &'static str,
    /// The severity of every finding with this code.
    pub severity: Severity,
    /// A short title, e.g. `Unknown action`.
    pub title: &'static str,
    /// What the check looks for and why it matters.
    pub description: &'static str,
    /// The IAM Access Analyzer `ValidatePolicy` issue code that reports the same problem.
    pub access_analyzer: Option<&'static str>,
    /// The Parliament finding that reports the same problem.
    pub parliament: Option<&'static str>,
}

/// One problem found in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code (see [`crate::analysis::CODES`]).
    pub code: &'static str,
    /// How serious it is; fixed per code.
    pub severity: Severity,
    /// What is wrong, one line, e.g. `Unknown action "rekognition:DetectLabel"`.
    pub message: String,
    /// How to fix it, concretely.
    pub detail: String,
    /// Where: statement, element and index, with the source span when parsed from JSON.
    pub location: Location,
}

impl Finding {
    /// A finding of `check` at `location`.
    pub fn new(
        check: &CodeInfo,
        location: Location,
        message: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding {
            code: check.code,
            severity: check.severity,
            message: message.into(),
            detail: detail.into(),
            location,
        }
    }

    /// The source span, when the policy was parsed from JSON.
    pub fn span(&self) -> Option<Span> {
        self.location.span
    }

    /// Where the finding is, for people: `line:column` when the span is known, else the path
    /// in the policy such as `Statement[0].Action[2]`.
    pub fn place(&self) -> String {
        match self.location.span {
            Some(span) => line_column(span),
            None => self.location.to_string(),
        }
    }
}

impl fmt::Display for Finding {
    /// `place: severity: message [code]`, e.g.
    /// `4:17: error: Unknown action "rekognition:DetectLabel" [action.unknown]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.place(),
            self.severity,
            self.message,
            self.code
        )
    }
}

/// `line:column` of the start of a span (both 1-based, column in characters).
pub fn line_column(span: Span) -> String {
    format!("{}:{}", span.line, span.column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Field;

    const CHECK: CodeInfo = CodeInfo {
        code: "test.check",
        severity: Severity::Warning,
        title: "Test",
        description: "A check for tests.",
        access_analyzer: None,
        parliament: None,
    };

    #[test]
    fn severities_are_ordered_and_spelled() {
        assert!(Severity::Error < Severity::SecurityWarning);
        assert!(Severity::Warning < Severity::Suggestion);
        let spelled: Vec<_> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            spelled,
            ["error", "security_warning", "warning", "suggestion"]
        );
    }

    #[test]
    fn display_with_and_without_span() {
        let location = Location::statement(0, Field::Action).element(2);
        let finding = Finding::new(&CHECK, location.clone(), "Something", "Fix it.");
        assert_eq!(
            finding.to_string(),
            "Statement[0].Action[2]: warning: Something [test.check]"
        );
        let span = Span {
            offset: 10,
            len: 3,
            line: 4,
            column: 17,
        };
        let finding = Finding::new(&CHECK, location.with_span(Some(span)), "Something", "");
        assert_eq!(finding.to_string(), "4:17: warning: Something [test.check]");
        assert_eq!(finding.span(), Some(span));
    }
}
