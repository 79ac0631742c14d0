//! No perpetual diffs: JSON inputs that differ only in whitespace or key order plan no change,
//! and every acceptance test that applies also checks that the next plan is empty.

use crate::support;

use std::path::Path;

use support::terraform::{available, Workspace};

const ROLE: &str = "arn:aws:iam::111122223333:role/app";
const POLICY_ARN: &str = "arn:aws:iam::111122223333:policy/detector";

/// One policy in two spellings: compact with IAM's key order, and spread over lines with every
/// object's keys reversed (Condition operators and keys included).
const COMPACT: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Detect","Effect":"Allow","Action":["rekognition:DetectLabels","rekognition:DetectFaces"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1","aws:PrincipalAccount":"111122223333"},"Bool":{"aws:SecureTransport":"true"}}}]}"#;
const SPREAD: &str = r#"{
    "Statement": [
        {
            "Condition": {
                "Bool":         { "aws:SecureTransport": "true" },
                "StringEquals": {
                    "aws:PrincipalAccount": "111122223333",
                    "aws:RequestedRegion":  "eu-west-1"
                }
            },
            "Resource": "*",
            "Action":   [ "rekognition:DetectLabels", "rekognition:DetectFaces" ],
            "Effect":   "Allow",
            "Sid":      "Detect"
        }
    ],
    "Version": "2012-10-17"
}"#;

/// Applies `config(COMPACT)`, then checks that `config(SPREAD)` plans no change.
fn assert_respelling_plans_no_change(config: impl Fn(&str) -> String) {
    let ws = Workspace::new(&config(COMPACT));
    ws.apply();
    ws.assert_no_changes();
    ws.configure(&config(SPREAD));
    ws.assert_no_changes();
}

#[test]
fn policy_document_sources_in_another_spelling_render_the_same() {
    if !available() {
        return;
    }
    // The rendered document feeds a resource, so any change in it would show in the plan.
    assert_respelling_plans_no_change(|doc| {
        format!(
            r#"
data "rekognitioniam_policy_document" "source" {{
  source_policy_documents = [{doc:?}]
}}

data "rekognitioniam_policy_document" "override" {{
  statement {{
    sid       = "Faces"
    actions   = ["rekognition:SearchFaces"]
    resources = ["arn:aws:rekognition:eu-west-1:111122223333:collection/faces"]
  }}
  override_policy_documents = [{doc:?}]
}}

resource "terraform_data" "rendered" {{
  input = [
    data.rekognitioniam_policy_document.source.json,
    data.rekognitioniam_policy_document.source.minified_json,
    data.rekognitioniam_policy_document.override.json,
  ]
}}
"#
        )
    });
}

#[test]
fn attachment_documents_in_another_spelling_plan_no_change() {
    if !available() {
        return;
    }
    assert_respelling_plans_no_change(|doc| {
        format!(
            r#"
resource "rekognitioniam_policy_attachment" "app" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["{POLICY_ARN}"]
  policy_documents    = {{ "{POLICY_ARN}" = {doc:?} }}
  inline_policies     = {{ app = {doc:?} }}
  max_access_level    = "Read"
  allow_new_access    = false
}}

resource "terraform_data" "effective" {{
  input = rekognitioniam_policy_attachment.app.effective_actions
}}
"#
        )
    });
}

#[test]
fn jsonencode_and_heredoc_spellings_plan_no_change() {
    if !available() {
        return;
    }
    let with = |inline: &str| {
        format!(
            r#"
resource "rekognitioniam_policy_attachment" "app" {{
  identity_arn = "{ROLE}"
  inline_policies = {{
    app = {inline}
  }}
}}
"#
        )
    };
    let encoded = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["rekognition:DetectLabels"], Resource = "*" }] })"#;
    let heredoc = "<<EOT\n{\n  \"Statement\": [{\"Resource\": \"*\", \"Action\": [\"rekognition:DetectLabels\"], \"Effect\": \"Allow\"}],\n  \"Version\": \"2012-10-17\"\n}\nEOT";
    let ws = Workspace::new(&with(encoded));
    ws.apply();
    ws.configure(&with(heredoc));
    ws.assert_no_changes();
}

/// The test functions of `source` (name and body), split at each `#[test]`.
fn test_functions(source: &str) -> Vec<(String, String)> {
    source
        .split("#[test]")
        .skip(1)
        .map(|chunk| {
            let name = chunk
                .split("fn ")
                .nth(1)
                .and_then(|rest| rest.split('(').next())
                .unwrap_or("?")
                .trim()
                .to_string();
            (name, chunk.to_string())
        })
        .collect()
}

#[test]
fn every_acceptance_test_that_applies_checks_the_next_plan() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/terraform");
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("acceptance_") || !name.ends_with(".rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for (function, body) in test_functions(&source) {
            let Some(applied) = body.find(".apply()") else {
                continue;
            };
            checked += 1;
            // the check must come after the (last) apply
            let last_apply = body.rfind(".apply()").unwrap_or(applied);
            if !body[last_apply..].contains("assert_no_changes()") {
                missing.push(format!("{name}: {function}"));
            }
        }
    }
    assert!(checked >= 10, "only {checked} applying tests found");
    assert!(
        missing.is_empty(),
        "tests that apply but never check that the next plan is empty: {missing:?}"
    );
}
