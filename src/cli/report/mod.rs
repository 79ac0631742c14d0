//! Reports of an [`Outcome`]: text for people, JSON, and SARIF for code-scanning tools.

pub mod json;
pub mod sarif;
pub mod text;

use crate::analysis::{PolicyType, Severity};

use super::check::{Checked, Located, Outcome};

/// The spelling users write: `identity`, `resource`, `trust`, `service_control`.
pub fn policy_type_name(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Identity => "identity",
        PolicyType::Resource => "resource",
        PolicyType::Trust => "trust",
        PolicyType::ServiceControl => "service_control",
    }
}

/// Where a finding is inside its policy, for people: the element path with the statement's
/// Sid, e.g. `Statement[0].Action[1] (Sid "Detect")`.
pub fn element_path(checked: &Checked, located: &Located) -> String {
    let location = &located.finding.location;
    match checked.sid(location.statement) {
        Some(sid) if !sid.is_empty() => format!("{location} (Sid \"{sid}\")"),
        _ => location.to_string(),
    }
}

/// `line:column` inside the policy, when known.
pub fn policy_position(located: &Located) -> Option<(usize, usize)> {
    located.finding.span().map(|s| (s.line, s.column))
}

/// The counts of [`Outcome::counts`] as `1 error, 2 warnings`, leaving out zeros.
pub fn counts_phrase(outcome: &Outcome) -> String {
    let counts = outcome.counts();
    let parts: Vec<String> = Severity::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(severity, n)| plural(n, &severity.as_str().replace('_', " ")))
        .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

/// `1 policy`, `2 policies`, `3 errors`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "policy"), "1 policy");
        assert_eq!(plural(2, "policy"), "2 policies");
        assert_eq!(plural(0, "security warning"), "0 security warnings");
    }

    #[test]
    fn policy_type_names_match_the_flag() {
        assert_eq!(policy_type_name(PolicyType::Trust), "trust");
        assert_eq!(policy_type_name(PolicyType::default()), "identity");
    }
}
