//! The findings page of docs/: every check of the validator (code, severity, meaning, the
//! IAM Access Analyzer check it corresponds to) and worked examples, whose findings are those
//! the validator gives today, so the page cannot drift from the code.

use std::fmt::Write;

use super::docs::Page;
use engine::analysis::{validate_json, PolicyType, ValidateOptions, CODES};

/// Example policies for the checks whose meaning is easiest to see on a policy: (code, policy
/// type, policy JSON).
const EXAMPLES: &[(&str, PolicyType, &str)] = &[
    (
        "security.public_principal",
        PolicyType::Resource,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableIAMUserPermissions",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "kms:Decrypt",
      "Resource": "*"
    }
  ]
}"#,
    ),
    (
        "security.oidc_subject_unrestricted",
        PolicyType::Trust,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}
      }
    }
  ]
}"#,
    ),
    (
        "security.confused_deputy",
        PolicyType::Trust,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "rekognition.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}"#,
    ),
    (
        "resource.short_wildcard_arn",
        PolicyType::Identity,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:aws:logs:*"
    }
  ]
}"#,
    ),
    (
        "action.retired_service",
        PolicyType::Identity,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "gamesparks:*", "Resource": "*"}
  ]
}"#,
    ),
    (
        "lifecycle.end_of_support",
        PolicyType::Identity,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["rekognition:StartPersonTracking", "rekognition:GetPersonTracking"],
      "Resource": "*"
    }
  ]
}"#,
    ),
];

/// The page `findings.md`.
pub fn page() -> Page {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\npage_title: \"Findings\"\ndescription: |-\n  Every finding code of the policy \
         validator, its severity and meaning, with examples.\n---\n\n# Findings\n\n\
         The `rekognitioniam_policy_document` and `rekognitioniam_policy_template` data sources, \
         the `rekognitioniam_policy_attachment` resource and the `check` command report the same \
         findings. The code of a finding is stable: use it in `ignore_findings` and \
         `--ignore`. Errors stop a plan; security warnings and warnings are warning \
         diagnostics; suggestions appear only in `findings`.\n\n\
         | code | severity | title | meaning | Access Analyzer |\n|---|---|---|---|---|"
    );
    for check in CODES {
        let aa = check
            .access_analyzer
            .map_or("—".to_string(), |c| format!("`{c}`"));
        let example = if EXAMPLES.iter().any(|(code, _, _)| *code == check.code) {
            format!(" ([example](#{}))", anchor(check.code))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {}{example} | {} | {aa} |",
            check.code,
            check.severity,
            check.title,
            check.description.replace('|', "\\|")
        );
    }
    let _ = writeln!(out, "\n## Examples");
    for (code, policy_type, policy) in EXAMPLES {
        let report = validate_json(policy, &ValidateOptions::new(*policy_type));
        let _ = writeln!(
            out,
            "\n### {code}\n\nA {} policy:\n\n```json\n{policy}\n```\n",
            policy_type.label()
        );
        for finding in report.findings.iter().filter(|f| f.code == *code) {
            let _ = writeln!(
                out,
                "{} `{}`: {}\n\n> {}\n",
                finding.severity, finding.code, finding.message, finding.detail
            );
        }
    }
    Page {
        path: "findings.md".to_string(),
        markdown: out,
    }
}

/// The GitHub-style anchor of an example's heading.
fn anchor(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_shows_its_finding() {
        for (code, policy_type, policy) in EXAMPLES {
            let report = validate_json(policy, &ValidateOptions::new(*policy_type));
            assert!(
                report.findings.iter().any(|f| f.code == *code),
                "{code}: {:?}",
                report.findings
            );
            assert!(!report.has_errors(), "{code}: {:?}", report.findings);
            assert!(CODES.iter().any(|c| c.code == *code), "{code}");
        }
        let page = page();
        assert!(page
            .markdown
            .contains("| `security.confused_deputy` | security_warning |"));
    }
}
