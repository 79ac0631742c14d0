//! Acceptance tests for least privilege from intent (`rekognitioniam_policy_from_intent`,
//! `actions_for_operation` and the attachment's `intent` block) through the real terraform.

use crate::support;

use serde_json::json;
use support::terraform::{available, Workspace};

#[test]
fn a_typo_in_an_operation_fails_validate_with_a_did_you_mean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_policy_from_intent" "typo" {
  operations = [
    "DetectLabels",
    "SearchFacesByImages",
  ]
  collection_arns = ["arn:aws:rekognition:us-east-1:111122223333:collection/faces"]
}

data "rekognitioniam_policy_from_intent" "missing" {
  operations = ["DetectCustomLabels"]
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains("Error: Unknown Rekognition operation"),
        "{text}"
    );
    assert!(text.contains("on main.tf line 15"), "{text}");
    assert!(
        text.contains("Did you mean \"SearchFacesByImage\"?"),
        "{text}"
    );
    assert!(
        text.contains("Error: Resource missing for an operation"),
        "{text}"
    );
    assert!(text.contains("set project_version_arns"), "{text}");
}

#[test]
fn a_bucket_known_only_after_apply_renders_at_apply_and_replans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
resource "terraform_data" "bucket" {
  input = "label-images"
}

data "rekognitioniam_policy_from_intent" "app" {
  operations = ["DetectLabels", "IndexFaces", "SearchFacesByImage", "CreateCollection"]
  collection_arns = [
    provider::rekognitioniam::collection_arn("us-east-1", "111122223333", "faces"),
  ]
  s3_inputs     = ["s3://${terraform_data.bucket.output}/incoming/"]
  tag_on_create = true
}

output "policy" {
  value = jsondecode(data.rekognitioniam_policy_from_intent.app.json)
}

output "actions" {
  value = data.rekognitioniam_policy_from_intent.app.actions
}

output "error_findings" {
  value = [for f in data.rekognitioniam_policy_from_intent.app.findings : f.code if f.severity == "error"]
}

output "function" {
  value = provider::rekognitioniam::actions_for_operation("StartFaceSearch")
}
"#,
    );
    ws.ok(&["validate", "-no-color"]);
    let plan = ws.ok(&["plan", "-no-color", "-input=false"]);
    assert!(plan.contains("(known after apply)"), "{plan}");
    ws.apply();
    let out = ws.outputs();
    let collection = "arn:aws:rekognition:us-east-1:111122223333:collection/faces";
    assert_eq!(
        out["policy"],
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["rekognition:CreateCollection", "rekognition:DetectLabels"], "Resource": ["*"]},
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::label-images/incoming/*"]},
                {"Effect": "Allow", "Action": ["rekognition:IndexFaces", "rekognition:SearchFacesByImage", "rekognition:TagResource"], "Resource": [collection]},
            ]
        })
    );
    assert_eq!(out["error_findings"], json!([]));
    assert_eq!(out["function"], json!(["rekognition:StartFaceSearch"]));
    ws.assert_no_changes();
}

#[test]
fn the_attachment_warns_at_plan_of_over_grant_and_missing_permissions() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
resource "rekognitioniam_policy_attachment" "wide" {
  identity_arn = "arn:aws:iam::111122223333:role/wide"
  inline_policies = {
    app = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["rekognition:Detect*", "s3:GetObject"], Resource = "*" }]
    })
  }
  intent {
    operations = ["DetectLabels"]
    s3_inputs  = ["s3://images/incoming/"]
  }
}

resource "rekognitioniam_policy_attachment" "narrow" {
  identity_arn = "arn:aws:iam::111122223333:role/narrow"
  inline_policies = {
    app = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "rekognition:DetectLabels", Resource = "*" }]
    })
  }
  intent {
    operations = ["DetectLabels"]
    s3_inputs  = ["s3://images/incoming/"]
  }
}

resource "terraform_data" "bucket" {
  input = "later-images"
}

data "rekognitioniam_policy_from_intent" "exact" {
  operations = ["DetectLabels"]
  s3_inputs  = ["s3://${terraform_data.bucket.output}/"]
}

resource "rekognitioniam_policy_attachment" "late_wide" {
  identity_arn = "arn:aws:iam::111122223333:role/late-wide"
  inline_policies = {
    app = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["rekognition:DetectLabels", "s3:*"], Resource = "*" }]
    })
  }
  intent {
    operations = ["DetectLabels"]
    s3_inputs  = ["s3://${terraform_data.bucket.output}/"]
  }
}

resource "rekognitioniam_policy_attachment" "exact" {
  identity_arn    = "arn:aws:iam::111122223333:role/exact"
  inline_policies = { app = data.rekognitioniam_policy_from_intent.exact.json }
  intent {
    operations = ["DetectLabels"]
    s3_inputs  = ["s3://${terraform_data.bucket.output}/"]
  }
}
"#,
    );
    let plan = ws.ok(&["plan", "-no-color", "-input=false"]);
    let flat = plan.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Warning: Permissions exceed the intent"),
        "{plan}"
    );
    assert!(
        flat.contains("with rekognitioniam_policy_attachment.wide"),
        "{plan}"
    );
    assert!(flat.contains("- rekognition:DetectFaces"), "{plan}");
    assert!(
        flat.contains("s3:GetObject on * (policy \"inline:app\""),
        "{plan}"
    );
    assert!(
        flat.contains("Warning: Permissions missing for the intent"),
        "{plan}"
    );
    assert!(
        flat.contains("with rekognitioniam_policy_attachment.narrow"),
        "{plan}"
    );
    assert!(
        flat.contains("- s3:GetObject on arn:aws:s3:::images/incoming/* (for DetectLabels)"),
        "{plan}"
    );
    // the exact one is compared at apply, where it matches its intent
    // (Terraform shows warnings with the same summary once, with a count of the others)
    assert!(
        flat.contains(
            "Warning: Intent compared at apply with rekognitioniam_policy_attachment.late_wide"
        ),
        "{plan}"
    );
    assert!(
        flat.contains("and one more similar warning elsewhere"),
        "{plan}"
    );
    assert_eq!(
        flat.matches("Permissions exceed the intent").count(),
        1,
        "{plan}"
    );
    assert_eq!(
        flat.matches("Permissions missing for the intent").count(),
        1,
        "{plan}"
    );
    // Applied with -json, every warning is one line (the text view shows a summary once):
    // at apply the intents known only then are compared, and the exact policy matches its
    // intent while the late wide one does not.
    let out = ws.run(&["apply", "-auto-approve", "-input=false", "-json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warnings: Vec<(String, String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["type"] == "diagnostic")
        .map(|d| {
            let d = &d["diagnostic"];
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("address"), text("summary"), text("detail"))
        })
        .collect();
    let about = |address: &str, summary: &str| {
        warnings
            .iter()
            .filter(|(a, s, _)| a == address && s == summary)
            .map(|(_, _, d)| d.clone())
            .collect::<Vec<_>>()
    };
    let late = about(
        "rekognitioniam_policy_attachment.late_wide",
        "Permissions exceed the intent",
    );
    assert!(
        late.iter().any(|d| d.contains("- s3:AbortMultipartUpload")
            && d.contains("the intent needs it on arn:aws:s3:::later-images/*")),
        "{warnings:?}"
    );
    for summary in [
        "Permissions exceed the intent",
        "Permissions missing for the intent",
    ] {
        assert_eq!(
            about("rekognitioniam_policy_attachment.exact", summary),
            Vec::<String>::new()
        );
    }
    ws.assert_no_changes();

    // a typo in the intent fails validate, with a did-you-mean
    ws.write(
        "typo.tf",
        r#"
resource "rekognitioniam_policy_attachment" "typo" {
  identity_arn = "arn:aws:iam::111122223333:role/typo"
  intent {
    operations = ["DetectLabel"]
  }
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Unknown Rekognition operation"), "{text}");
    assert!(text.contains("Did you mean \"DetectLabels\"?"), "{text}");
}
