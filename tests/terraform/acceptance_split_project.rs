//! Acceptance tests through the real terraform binary for splitting a policy that is too large
//! (`split_policy`) and for Rekognition project policies (`policy_type = "project"`, and
//! `check --policy-type project`).

use crate::support;

use std::process::Command;

use serde_json::{json, Value};
use support::terraform::{available, Workspace};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

/// 40 statements of about 330 characters each: some 13,000 characters, over the 6,144 of a
/// managed policy; each part is checked again by a policy document data source.
const SPLIT: &str = r#"
locals {
  big = jsonencode({
    Version = "2012-10-17"
    Statement = [for i in range(40) : {
      Sid      = "ReadImages${i}"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:GetObjectVersion"]
      Resource = "arn:aws:s3:::images-${i}/${join("/", [for j in range(25) : "prefix${j}"])}/*"
    }]
  })
  parts      = provider::rekognitioniam::split_policy(local.big)
  role_parts = provider::rekognitioniam::split_policy(local.big, 10240)
}

data "rekognitioniam_policy_document" "part" {
  count                   = length(local.parts)
  policy_type             = "identity"
  source_policy_documents = [local.parts[count.index]]
}

resource "terraform_data" "parts" {
  input = local.parts
}

output "result" {
  value = {
    count      = length(local.parts)
    role_count = length(local.role_parts)
    sids       = [for p in local.parts : [for s in jsondecode(p).Statement : s.Sid]]
    sizes      = data.rekognitioniam_policy_document.part[*].size
    limits     = data.rekognitioniam_policy_document.part[*].size_limit
    findings   = [for d in data.rekognitioniam_policy_document.part : [for f in d.findings : f.code]]
  }
}

output "stored" {
  value = terraform_data.parts.output
}
"#;

#[test]
fn split_policy_packs_a_big_document_into_parts_that_pass_the_size_check() {
    if !available() {
        return;
    }
    let ws = Workspace::new(SPLIT);
    ws.apply();
    let out = ws.outputs();
    let result = &out["result"];
    assert_eq!(result["count"], 3, "{result}");
    assert_eq!(result["role_count"], 2, "{result}");
    // Every statement once, in order inside each part.
    let mut sids: Vec<String> = Vec::new();
    for part in result["sids"].as_array().unwrap() {
        let part: Vec<String> = part
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let numbers: Vec<usize> = part
            .iter()
            .map(|s| s.trim_start_matches("ReadImages").parse().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        sids.extend(part);
    }
    sids.sort();
    let mut expected: Vec<String> = (0..40).map(|i| format!("ReadImages{i}")).collect();
    expected.sort();
    assert_eq!(sids, expected);
    for (size, limit) in result["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(result["limits"].as_array().unwrap())
    {
        assert_eq!(limit, 6144);
        assert!(size.as_u64().unwrap() <= 6144, "{size}");
    }
    assert_eq!(result["findings"], json!([[], [], []]));
    assert_eq!(out["stored"].as_array().unwrap().len(), 3);
    ws.assert_no_changes();
}

#[test]
fn a_statement_too_large_for_the_limit_fails_validate_at_the_argument() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
locals {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Small", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::a/*" },
      {
        Sid      = "Huge"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = [for i in range(80) : "arn:aws:s3:::bucket-number-${i}/*"]
      },
    ]
  })
}

output "parts" {
  value = provider::rekognitioniam::split_policy(local.policy, 2048)
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Error: Invalid function argument"), "{text}");
    assert!(
        text.contains("Invalid value for \"json\" parameter: Statement 1 (Sid \"Huge\") alone makes a document of"),
        "{text}"
    );
    assert!(text.contains("over the limit of 2048"), "{text}");
    assert!(
        text.contains("while calling provider::rekognitioniam::split_policy(json, limit...)"),
        "{text}"
    );
}

const VERSION_ARN: &str =
    "arn:aws:rekognition:us-east-1:111122223333:project/shoes/version/v1/1690000000000";

fn project_document(body: &str) -> String {
    format!(
        r#"
data "rekognitioniam_policy_document" "project" {{
  policy_type = "project"
  statement {{
    sid       = "AllowCopy"
    resources = ["{VERSION_ARN}"]
{body}
  }}
}}

output "project" {{
  value = {{
    type       = data.rekognitioniam_policy_document.project.policy_type_effective
    size_limit = data.rekognitioniam_policy_document.project.size_limit
    findings   = length(data.rekognitioniam_policy_document.project.findings)
  }}
}}
"#
    )
}

#[test]
fn a_project_policy_with_refused_elements_fails_validate_with_their_codes() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&project_document(
        r#"
    actions   = ["rekognition:CopyProjectVersion", "rekognition:DetectLabels"]
    not_principals {
      type        = "AWS"
      identifiers = ["444455556666"]
    }
"#,
    ));
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains(
            "Error: Action \"rekognition:DetectLabels\" is not allowed in a project policy"
        ),
        "{text}"
    );
    assert!(text.contains("[project.unsupported_action]"), "{text}");
    assert!(text.contains("statement[0].actions[1]"), "{text}");
    assert!(
        text.contains("Error: NotPrincipal is not allowed in a project policy"),
        "{text}"
    );
    assert!(text.contains("[project.unsupported_element]"), "{text}");
    assert!(text.contains("statement[0].not_principals"), "{text}");
}

#[test]
fn a_clean_project_policy_plans_applies_and_replans_clean() {
    if !available() {
        return;
    }
    let inferred = format!(
        r#"
data "rekognitioniam_policy_document" "auto" {{
  statement {{
    actions   = ["rekognition:CopyProjectVersion"]
    resources = ["{VERSION_ARN}"]
    principals {{
      type        = "AWS"
      identifiers = ["444455556666"]
    }}
  }}
}}

output "inferred" {{
  value = data.rekognitioniam_policy_document.auto.policy_type_effective
}}
"#
    );
    let ws = Workspace::new(&format!(
        "{}{inferred}",
        project_document(
            r#"
    actions   = ["rekognition:CopyProjectVersion"]
    principals {
      type        = "AWS"
      identifiers = ["444455556666", "arn:aws:iam::777788889999:role/ModelCopier"]
    }
"#,
        )
    ));
    ws.apply();
    let out = ws.outputs();
    assert_eq!(
        out["project"],
        json!({"type": "project", "size_limit": 2000, "findings": 0})
    );
    // `auto` infers a project policy from the same statement.
    assert_eq!(out["inferred"], "project");
    ws.assert_no_changes();
}

#[test]
fn check_takes_policy_type_project() {
    let dir = tempfile::tempdir().unwrap();
    let policy = |principal: Value| {
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": principal,
                "Action": "rekognition:CopyProjectVersion",
                "Resource": VERSION_ARN
            }]
        })
        .to_string()
    };
    let good = policy(json!({"AWS": "arn:aws:iam::444455556666:root"}));
    std::fs::write(dir.path().join("good.json"), good).unwrap();
    std::fs::write(dir.path().join("bad.json"), policy(json!("*"))).unwrap();
    let check = |file: &str| {
        let out = Command::new(BINARY)
            .args([
                "check",
                "--policy-type",
                "project",
                "--format",
                "json",
                file,
            ])
            .current_dir(dir.path())
            .env_remove("TF_PLUGIN_MAGIC_COOKIE")
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
        });
        let codes: Vec<String> = report["policies"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect();
        (out.status.code(), codes)
    };
    // Everyone ("*") may not copy model versions: only accounts, roles and users.
    assert_eq!(check("good.json"), (Some(0), vec![]));
    let (code, codes) = check("bad.json");
    assert_eq!(code, Some(1));
    assert_eq!(codes, ["project.unsupported_principal"]);
}
