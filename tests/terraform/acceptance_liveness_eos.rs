//! Acceptance tests through the real terraform binary: the Face Liveness templates of
//! `rekognitioniam_policy_template`, and the warnings on actions of Rekognition features AWS
//! has ended or closed to new customers, at plan and in `check`.

use crate::support;

use std::process::Command;

use serde_json::json;
use support::terraform::{available, Workspace};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const POOL: &str = "us-east-1:12345678-abcd-1234-abcd-123456789012";

/// Each Face Liveness template, the bucket, key and identity pool known only after apply.
const LIVENESS: &str = r#"
resource "terraform_data" "bucket" {
  input = "arn:aws:s3:::liveness-images"
}

resource "terraform_data" "key" {
  input = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "terraform_data" "pool" {
  input = "us-east-1:12345678-abcd-1234-abcd-123456789012"
}

data "rekognitioniam_policy_template" "backend" {
  name              = "face_liveness_backend"
  output_bucket_arn = terraform_data.bucket.output
  output_key_prefix = "audit/"
  kms_key_arn       = terraform_data.key.output
}

# module-style inputs that default to "": the same as leaving them out
variable "output_bucket_arn" {
  default = ""
}

variable "kms_key_arn" {
  default = ""
}

data "rekognitioniam_policy_template" "backend_bare" {
  name              = "face_liveness_backend"
  output_bucket_arn = var.output_bucket_arn
  kms_key_arn       = var.kms_key_arn
}

data "rekognitioniam_policy_template" "frontend" {
  name = "face_liveness_frontend"
}

data "rekognitioniam_policy_template" "frontend_trust" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = terraform_data.pool.output
}

data "rekognitioniam_policy_template" "guest_trust" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = terraform_data.pool.output
  identity_type    = "unauthenticated"
}

locals {
  all = {
    backend        = data.rekognitioniam_policy_template.backend
    backend_bare   = data.rekognitioniam_policy_template.backend_bare
    frontend       = data.rekognitioniam_policy_template.frontend
    frontend_trust = data.rekognitioniam_policy_template.frontend_trust
    guest_trust    = data.rekognitioniam_policy_template.guest_trust
  }
}

output "types" {
  value = { for k, t in local.all : k => t.policy_type }
}

output "documents" {
  value = { for k, t in local.all : k => jsondecode(t.json) }
}

output "findings" {
  value = { for k, t in local.all : k => [for f in t.findings : f.code] }
}
"#;

#[test]
fn face_liveness_templates_apply_with_values_known_only_after_apply() {
    if !available() {
        return;
    }
    let ws = Workspace::new(LIVENESS);
    // The reads wait for the values of the first apply; the plan itself is clean.
    ws.ok(&["validate", "-no-color"]);
    let plan = ws.ok(&["plan", "-no-color", "-input=false"]);
    assert!(!plan.contains("Warning"), "{plan}");
    ws.apply();
    let out = ws.outputs();
    assert_eq!(
        out["types"],
        json!({
            "backend": "identity", "backend_bare": "identity", "frontend": "identity",
            "frontend_trust": "trust", "guest_trust": "trust"
        })
    );
    let docs = &out["documents"];
    assert_eq!(
        docs["backend"]["Statement"],
        json!([
            {
                "Sid": "FaceLivenessSessions",
                "Effect": "Allow",
                "Action": [
                    "rekognition:CreateFaceLivenessSession",
                    "rekognition:GetFaceLivenessSessionResults"
                ],
                "Resource": ["*"]
            },
            {
                "Sid": "WriteSessionImages",
                "Effect": "Allow",
                "Action": ["s3:PutObject"],
                "Resource": ["arn:aws:s3:::liveness-images/audit/*"]
            },
            {
                "Sid": "EncryptSessionImages",
                "Effect": "Allow",
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": [KEY]
            }
        ])
    );
    assert_eq!(
        docs["backend_bare"]["Statement"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        docs["frontend"]["Statement"][0]["Action"],
        json!(["rekognition:StartFaceLivenessSession"])
    );
    assert_eq!(
        docs["frontend_trust"]["Statement"][0],
        json!({
            "Sid": "CognitoIdentityAssumeRole",
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {"cognito-identity.amazonaws.com:aud": POOL},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
            }
        })
    );
    assert_eq!(
        docs["guest_trust"]["Statement"][0]["Condition"]["ForAnyValue:StringLike"],
        json!({"cognito-identity.amazonaws.com:amr": "unauthenticated"})
    );
    // Least privilege with nothing to report, the web-identity trust included.
    for (name, codes) in out["findings"].as_object().unwrap() {
        assert_eq!(codes, &json!([]), "{name} has findings");
    }
    ws.assert_no_changes();
}

#[test]
fn face_liveness_parameter_errors_point_at_their_argument() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
resource "terraform_data" "bucket" {
  input = "arn:aws:s3:::liveness-images"
}

data "rekognitioniam_policy_template" "pool" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = "12345678-abcd-1234-abcd-123456789012"
}

data "rekognitioniam_policy_template" "alias" {
  name        = "face_liveness_backend"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:alias/liveness"
}

data "rekognitioniam_policy_template" "prefix_alone" {
  name              = "face_liveness_backend"
  output_key_prefix = "audit/"
}

# the bucket is unknown until apply: the known prefix waits for it, no error
data "rekognitioniam_policy_template" "prefix_later" {
  name              = "face_liveness_backend"
  output_bucket_arn = terraform_data.bucket.output
  output_key_prefix = "audit/"
}

# known bad values next to ones unknown until apply fail all the same
data "rekognitioniam_policy_template" "key_bad_later" {
  name              = "face_liveness_backend"
  output_bucket_arn = terraform_data.bucket.output
  kms_key_arn       = "arn:aws:kms:us-east-1:111122223333:key/*"
}

data "rekognitioniam_policy_template" "type_bad_later" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = terraform_data.bucket.output
  identity_type    = "Authenticated"
}

data "rekognitioniam_policy_template" "guest" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = "us-east-1:12345678-abcd-1234-abcd-123456789012"
  identity_type    = "guest"
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Error: Invalid template parameter"), "{text}");
    assert!(
        text.contains("on main.tf line 18, in data \"rekognitioniam_policy_template\" \"pool\""),
        "{text}"
    );
    assert!(
        text.contains("an identity pool ID is <region>:<UUID>"),
        "{text}"
    );
    assert!(text.contains("is an alias ARN"), "{text}");
    assert!(text.contains("Error: Missing template parameter"), "{text}");
    assert!(
        text.contains("output_key_prefix is set, so output_bucket_arn is needed"),
        "{text}"
    );
    assert!(!text.contains("prefix_later"), "{text}");
    assert!(
        text.contains("with data.rekognitioniam_policy_template.key_bad_later"),
        "{text}"
    );
    assert!(text.contains("is not the ARN of one KMS key"), "{text}");
    assert!(
        text.contains("with data.rekognitioniam_policy_template.type_bad_later"),
        "{text}"
    );
    assert!(text.contains("\"guest\" is not an identity type"), "{text}");
}

/// A policy with an action of an ended feature, one of a feature closed to new customers, and
/// a service wildcard that matches both (not reported).
const END_OF_SUPPORT: &str = r#"
data "rekognitioniam_policy_document" "video" {
  statement {
    sid       = "PeoplePathing"
    actions   = ["rekognition:StartPersonTracking", "rekognition:DetectLabels"]
    resources = ["*"]
  }
  statement {
    sid       = "Streaming"
    actions   = ["rekognition:ListStreamProcessors"]
    resources = ["*"]
  }
  statement {
    sid       = "Everything"
    actions   = ["rekognition:*"]
    resources = ["*"]
  }
  statement {
    sid       = "NoPathing"
    effect    = "Deny"
    actions   = ["rekognition:GetPersonTracking"]
    resources = ["*"]
  }
}

output "findings" {
  value = [for f in data.rekognitioniam_policy_document.video.findings : "${f.location} ${f.code}"]
}
"#;

#[test]
fn actions_of_ended_features_warn_at_plan_and_in_check() {
    if !available() {
        return;
    }
    let ws = Workspace::new(END_OF_SUPPORT);
    let plan = ws.ok(&["plan", "-no-color", "-input=false", "-out=tfplan"]);
    let flat = plan.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Warning: Action \"rekognition:StartPersonTracking\" belongs to Amazon Rekognition \
             People Pathing, which AWS stopped supporting on 2025-10-31"
        ),
        "{plan}"
    );
    assert!(
        flat.contains("https://docs.aws.amazon.com/rekognition/latest/dg/persons.html"),
        "{plan}"
    );
    assert!(
        flat.contains(
            "Warning: Action \"rekognition:ListStreamProcessors\" belongs to Amazon Rekognition \
             Streaming Video Analysis, closed to new customers since 2026-04-30"
        ),
        "{plan}"
    );
    // Neither the wildcard nor the Deny is reported.
    assert!(!flat.contains("GetPersonTracking"), "{plan}");

    // check reports the same on the plan, as warnings that do not fail it by default.
    let shown = ws.ok(&["show", "-json", "tfplan"]);
    ws.write("plan.json", &shown);
    let out = Command::new(BINARY)
        .args(["check", "plan.json"])
        .current_dir(ws.path())
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning[lifecycle.end_of_support]"), "{text}");
    assert!(
        text.contains("warning[lifecycle.closed_to_new_customers]"),
        "{text}"
    );
    let failing = Command::new(BINARY)
        .args(["check", "--fail-on", "warning", "plan.json"])
        .current_dir(ws.path())
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(failing.status.code(), Some(1));

    ws.apply();
    let findings = ws.outputs()["findings"].clone();
    let lifecycle: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .filter(|f| f.contains("lifecycle."))
        .collect();
    assert_eq!(
        lifecycle,
        [
            "statement[0].actions[0] lifecycle.end_of_support",
            "statement[1].actions[0] lifecycle.closed_to_new_customers"
        ],
        "{findings}"
    );
    ws.assert_no_changes();
}
