//! Acceptance tests for `rekognitioniam_policy_template` through the real terraform binary.

use crate::support;

use serde_json::json;
use support::terraform::{available, Workspace};

const ALL_TEMPLATES: &str = r#"
locals {
  project = provider::rekognitioniam::project_arn("us-east-1", "111122223333", "shoes", "1690000000000")
  model   = provider::rekognitioniam::project_version_arn("us-east-1", "111122223333", "shoes", "v1", "1690000000001")
}

data "rekognitioniam_policy_template" "detect" {
  name                = "detect_custom_labels"
  project_version_arn = local.model
}

data "rekognitioniam_policy_template" "lifecycle" {
  name        = "custom_labels_model_lifecycle"
  project_arn = local.project
}

data "rekognitioniam_policy_template" "console" {
  name        = "custom_labels_console"
  bucket_arns = ["arn:aws:s3:::custom-labels-console-us-east-1-abc"]
}

data "rekognitioniam_policy_template" "images" {
  name        = "s3_image_read"
  bucket_arns = ["arn:aws:s3:::shoe-images"]
  versioned   = true
}

data "rekognitioniam_policy_template" "own" {
  name = "view_own_permissions"
}

data "rekognitioniam_policy_template" "trust" {
  name           = "service_role_trust"
  source_account = "111122223333"
}

data "rekognitioniam_policy_template" "project" {
  name        = "project_policy"
  project_arn = local.project
  account_ids = ["444455556666"]
}

locals {
  all = {
    detect    = data.rekognitioniam_policy_template.detect
    lifecycle = data.rekognitioniam_policy_template.lifecycle
    console   = data.rekognitioniam_policy_template.console
    images    = data.rekognitioniam_policy_template.images
    own       = data.rekognitioniam_policy_template.own
    trust     = data.rekognitioniam_policy_template.trust
    project   = data.rekognitioniam_policy_template.project
  }
}

output "types" {
  value = { for k, t in local.all : k => t.policy_type }
}

output "documents" {
  value = { for k, t in local.all : k => jsondecode(t.json) }
}

output "finding_counts" {
  value = { for k, t in local.all : k => length(t.findings) }
}

# A template as a source document of rekognitioniam_policy_document, extended by Sid.
data "rekognitioniam_policy_document" "merged" {
  source_policy_documents = [data.rekognitioniam_policy_template.detect.json]
  statement {
    sid       = "ReadImages"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::shoe-images/*"]
  }
}

output "merged" {
  value = {
    statements = length(jsondecode(data.rekognitioniam_policy_document.merged.json).Statement)
    findings   = length(data.rekognitioniam_policy_document.merged.findings)
  }
}

# Through Terraform's own JSON and back: the same policy.
output "round_trips" {
  value = { for k, t in local.all : k => provider::rekognitioniam::policies_equivalent(
    jsonencode(jsondecode(t.minified_json)), t.json
  ) }
}
"#;

#[test]
fn every_template_renders_and_plans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(ALL_TEMPLATES);
    ws.apply();
    let out = ws.outputs();
    assert_eq!(
        out["types"],
        json!({
            "detect": "identity", "lifecycle": "identity", "console": "identity",
            "images": "identity", "own": "identity", "trust": "trust", "project": "project"
        })
    );
    let docs = &out["documents"];
    assert_eq!(
        docs["detect"],
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "DetectCustomLabels",
                "Effect": "Allow",
                "Action": ["rekognition:DetectCustomLabels"],
                "Resource": ["arn:aws:rekognition:us-east-1:111122223333:project/shoes/version/v1/1690000000001"]
            }]
        })
    );
    assert_eq!(
        docs["images"]["Statement"][0]["Action"],
        json!(["s3:GetObject", "s3:GetObjectVersion"])
    );
    assert_eq!(
        docs["trust"]["Statement"][0]["Condition"],
        json!({
            "StringEquals": {"aws:SourceAccount": "111122223333"},
            "ArnLike": {"aws:SourceArn": "arn:aws:rekognition:*:111122223333:*"}
        })
    );
    assert_eq!(
        docs["project"]["Statement"][0]["Principal"],
        json!({"AWS": ["arn:aws:iam::444455556666:root"]})
    );
    for (name, same) in out["round_trips"].as_object().unwrap() {
        assert_eq!(same, &json!(true), "{name}");
    }
    for (name, count) in out["finding_counts"].as_object().unwrap() {
        assert_eq!(count, &json!(0), "{name} has findings");
    }
    assert_eq!(out["merged"], json!({"statements": 2, "findings": 0}));
    ws.assert_no_changes();
}

#[test]
fn parameter_errors_point_at_their_argument() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_policy_template" "wrong" {
  name        = "detect_custom_labels"
  bucket_arns = ["arn:aws:s3:::shoe-images"]
}

data "rekognitioniam_policy_template" "bad_bucket" {
  name        = "s3_image_read"
  bucket_arns = ["arn:aws:s3:::shoe-images", "shoe-thumbnails"]
}

data "rekognitioniam_policy_template" "typo" {
  name = "detect_custom_label"
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    let flat = text.replace('\n', " ");
    // A foreign parameter: on its own line, saying what the template takes.
    assert!(
        text.contains("Error: Parameter not used by this template"),
        "{text}"
    );
    assert!(
        text.contains("on main.tf line 14, in data \"rekognitioniam_policy_template\" \"wrong\""),
        "{text}"
    );
    assert!(
        flat.contains("It takes project_version_arn (required)."),
        "{text}"
    );
    // The missing one is named too.
    assert!(text.contains("Error: Missing template parameter"), "{text}");
    assert!(
        flat.contains("Template \"detect_custom_labels\" needs project_version_arn."),
        "{text}"
    );
    // A bad list element: its line, and the fix.
    assert!(text.contains("Error: Invalid template parameter"), "{text}");
    assert!(text.contains("on main.tf line 19"), "{text}");
    assert!(
        flat.contains("Did you mean \"arn:aws:s3:::shoe-thumbnails\"?"),
        "{text}"
    );
    // An unknown template name.
    assert!(
        flat.contains("Did you mean \"detect_custom_labels\"?"),
        "{text}"
    );
}

#[test]
fn a_known_bad_parameter_fails_validate_next_to_values_known_only_after_apply() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
resource "terraform_data" "bucket" {
  input = "arn:aws:s3:::images"
}

data "rekognitioniam_policy_template" "read" {
  name        = "s3_image_read"
  bucket_arns = [terraform_data.bucket.output, "arn:aws:s3:::images/photos"]
}

data "rekognitioniam_policy_template" "fine" {
  name        = "s3_image_read"
  bucket_arns = [terraform_data.bucket.output]
}

output "fine" {
  value = data.rekognitioniam_policy_template.fine.minified_json
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Invalid template parameter"), "{text}");
    assert!(
        text.contains("with data.rekognitioniam_policy_template.read"),
        "{text}"
    );
    assert!(!text.contains("template.fine"), "{text}");
    assert!(
        text.contains("\"arn:aws:s3:::images/photos\" names objects, not a bucket"),
        "{text}"
    );
}
