//! `check` on real `terraform show -json` output: a plan made by terraform from a configuration
//! with policy documents written like aws_iam_policy_document, a child module, and a value
//! unknown until apply (a terraform_data output) feeding a policy; then the state after apply.

use crate::support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::terraform::{self, Workspace, PROVIDER_BLOCK};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

const CONFIG: &str = r#"
resource "terraform_data" "account" {
  input = "111122223333"
}

# aws_iam_policy_document-style statements; DetectLabels cannot be scoped to a collection
data "rekognitioniam_policy_document" "detect" {
  statement {
    sid       = "Detect"
    actions   = ["rekognition:DetectFaces", "rekognition:DetectLabels"]
    resources = ["*"]
  }
  statement {
    sid       = "Search"
    actions   = ["rekognition:SearchFacesByImage", "rekognition:DetectLabels"]
    resources = ["arn:aws:rekognition:us-east-1:111122223333:collection/faces"]
  }
}

# the configuration's own ignore_findings is honoured by check
data "rekognitioniam_policy_document" "quiet" {
  ignore_findings = ["action.redundant"]
  statement {
    actions   = ["rekognition:ListCollections", "rekognition:ListCollections"]
    resources = ["*"]
  }
}

# unknown until apply: the account comes from a resource
data "rekognitioniam_policy_document" "later" {
  statement {
    sid       = "Search"
    actions   = ["rekognition:SearchFaces"]
    resources = ["arn:aws:rekognition:us-east-1:${terraform_data.account.output}:collection/faces"]
  }
}

resource "rekognitioniam_policy_attachment" "app" {
  identity_arn = "arn:aws:iam::111122223333:role/app"
  inline_policies = {
    detect = data.rekognitioniam_policy_document.detect.json
    quiet  = data.rekognitioniam_policy_document.quiet.json
    later  = data.rekognitioniam_policy_document.later.json
  }
}

module "service_role" {
  source = "./service_role"
}
"#;

const MODULE: &str = r#"
data "rekognitioniam_policy_template" "trust" {
  name           = "service_role_trust"
  source_account = "111122223333"
}
"#;

fn workspace() -> Workspace {
    let ws = Workspace::empty();
    ws.write("main.tf", &format!("{PROVIDER_BLOCK}\n{CONFIG}"));
    std::fs::create_dir(ws.path().join("service_role")).unwrap();
    ws.write(
        "service_role/main.tf",
        &format!("{PROVIDER_BLOCK}\n{MODULE}"),
    );
    ws.init();
    ws
}

fn check(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(BINARY)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert!(
        out.status.code() != Some(2),
        "usage error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json_report(dir: &Path, file: &str) -> Value {
    let (_, text) = check(dir, &["--format", "json", file]);
    serde_json::from_str(&text).unwrap()
}

fn places(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}.{}",
                p["address"].as_str().unwrap(),
                p["attribute"].as_str().unwrap()
            )
        })
        .collect()
}

fn codes(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for policy in report["policies"].as_array().unwrap() {
        for finding in policy["findings"].as_array().unwrap() {
            out.push((
                format!(
                    "{}.{}",
                    policy["address"].as_str().unwrap(),
                    policy["attribute"].as_str().unwrap()
                ),
                finding["code"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn checks_a_real_plan_then_the_state_after_apply() {
    if !terraform::available() {
        return;
    }
    let ws = workspace();
    ws.ok(&["plan", "-no-color", "-input=false", "-out=tfplan"]);
    let plan = ws.ok(&["show", "-json", "tfplan"]);
    ws.write("plan.json", &plan);

    let report = json_report(ws.path(), "plan.json");
    assert_eq!(
        places(&report, "policies"),
        [
            "module.service_role.data.rekognitioniam_policy_template.trust.json",
            "rekognitioniam_policy_attachment.app.inline_policies[\"detect\"]",
            "rekognitioniam_policy_attachment.app.inline_policies[\"quiet\"]",
            // its read is deferred: the known statement parts are checked
            "data.rekognitioniam_policy_document.later.json",
        ]
    );
    assert_eq!(report["policies"][3]["partially_checked"], true);
    assert_eq!(
        report["policies"][3]["unknown"],
        serde_json::json!(["statement[0].resources[0]"])
    );
    assert_eq!(report["policies"][0]["policy_type"], "trust");
    assert_eq!(
        report["policies"][1]["also"][0],
        "data.rekognitioniam_policy_document.detect.json"
    );
    assert_eq!(
        places(&report, "skipped"),
        ["rekognitioniam_policy_attachment.app.inline_policies[\"later\"]"]
    );
    assert_eq!(
        codes(&report),
        [(
            "rekognitioniam_policy_attachment.app.inline_policies[\"detect\"]".to_string(),
            "action.no_matching_resource".to_string()
        )]
    );

    let (code, text) = check(ws.path(), &["plan.json"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("Partially checked (the known parts; the rest is unknown until apply):\n  plan.json  data.rekognitioniam_policy_document.later.json  (unknown: statement[0].resources[0])\n"),
        "{text}"
    );
    assert!(
        text.contains("Skipped (values unknown until apply, not checked):\n  plan.json  rekognitioniam_policy_attachment.app.inline_policies[\"later\"]  (unknown until apply)\n"),
        "{text}"
    );
    assert_eq!(
        check(ws.path(), &["--fail-on", "warning", "plan.json"]).0,
        Some(1)
    );
    assert_eq!(check(ws.path(), &["--strict", "plan.json"]).0, Some(1));

    // the SARIF points at the plan file and names the resource
    let (_, sarif) = check(ws.path(), &["--format", "sarif", "plan.json"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "plan.json"
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "rekognitioniam_policy_attachment.app.inline_policies[\"detect\"]"
    );

    // after apply every value is known: the state has nothing to skip
    ws.apply();
    let state = ws.ok(&["show", "-json"]);
    ws.write("state.json", &state);
    let report = json_report(ws.path(), "state.json");
    assert_eq!(report["skipped"].as_array().unwrap().len(), 0, "{report}");
    assert_eq!(report["inputs"][0]["kind"], "plan");
    assert!(
        places(&report, "policies").contains(
            &"rekognitioniam_policy_attachment.app.inline_policies[\"later\"]".to_string()
        ),
        "{report}"
    );
}
