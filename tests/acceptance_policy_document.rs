//! Acceptance tests for `rekognitioniam_policy_document` through the real terraform binary.

mod support;

use serde_json::json;
use support::terraform::{available, Workspace};

/// The Custom Labels example of the Rekognition security pages: DetectCustomLabels on one model
/// version only.
const DETECT_ONE_MODEL: &str = r#"
data "rekognitioniam_policy_document" "detect" {
  statement {
    sid     = "DetectWithOneModel"
    actions = ["rekognition:DetectCustomLabels"]
    resources = [
      "arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/my-model.2024-01-01T00.00.00/1700000000000",
    ]
  }
}

output "json" {
  value = data.rekognitioniam_policy_document.detect.json
}

output "minified" {
  value = data.rekognitioniam_policy_document.detect.minified_json
}

output "meta" {
  value = {
    size       = data.rekognitioniam_policy_document.detect.size
    size_limit = data.rekognitioniam_policy_document.detect.size_limit
    findings   = length(data.rekognitioniam_policy_document.detect.findings)
    read       = data.rekognitioniam_policy_document.detect.access_levels["Read"]
    catalog    = data.rekognitioniam_policy_document.detect.catalog_version
  }
}
"#;

#[test]
fn renders_a_least_privilege_document_and_replans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(DETECT_ONE_MODEL);
    ws.apply();
    let out = ws.outputs();
    let expected = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DetectWithOneModel\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"rekognition:DetectCustomLabels\",\n      \"Resource\": \"arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/my-model.2024-01-01T00.00.00/1700000000000\"\n    }\n  ]\n}";
    assert_eq!(out["json"], expected);
    let minified = out["minified"].as_str().unwrap();
    assert!(!minified.contains(' ') && !minified.contains('\n'));
    assert_eq!(out["meta"]["size"], json!(minified.len()));
    assert_eq!(out["meta"]["size_limit"], 6144);
    assert_eq!(out["meta"]["findings"], 0);
    assert_eq!(
        out["meta"]["read"],
        json!(["rekognition:DetectCustomLabels"])
    );
    assert_eq!(out["meta"]["catalog"], "2026-09-26");
    ws.assert_no_changes();
}

#[test]
fn typo_in_an_action_fails_validate_with_did_you_mean_on_its_element() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_policy_document" "bad" {
  statement {
    actions = [
      "rekognition:DetectFaces",
      "rekognition:DetectLabel",
    ]
    resources = ["*"]
  }
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains("Error: Unknown action \"rekognition:DetectLabel\""),
        "{text}"
    );
    assert!(text.contains("rekognition:DetectLabels"), "{text}");
    assert!(text.contains("statement[0].actions[1]"), "{text}");
    assert!(text.contains("on main.tf line 16"), "{text}");
}

#[test]
fn json_error_in_a_source_document_names_index_and_line() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_policy_document" "merged" {
  source_policy_documents = [
    jsonencode({ Version = "2012-10-17", Statement = [] }),
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\",}\n  ]\n}",
  ]
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Error: Invalid policy JSON"), "{text}");
    assert!(
        text.contains("source_policy_documents[1] at line 4, column"),
        "{text}"
    );
}

#[test]
fn principal_in_an_identity_policy_is_an_error_but_fine_in_a_trust_policy() {
    if !available() {
        return;
    }
    let config = |policy_type: &str| {
        format!(
            r#"
data "rekognitioniam_policy_document" "p" {{
  policy_type = "{policy_type}"
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["rekognition.amazonaws.com"]
    }}
  }}
}}
output "findings" {{ value = data.rekognitioniam_policy_document.p.findings }}
"#
        )
    };
    let ws = Workspace::new(&config("identity"));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("statement[0].principals"), "{text}");
    let ws = Workspace::new(&config("trust"));
    ws.apply();
    assert_eq!(ws.outputs()["findings"], json!([]));
    ws.assert_no_changes();
}

#[test]
fn security_warnings_warn_and_strict_makes_them_errors() {
    if !available() {
        return;
    }
    let config = |strict: bool| {
        format!(
            r#"
data "rekognitioniam_policy_document" "wide" {{
  strict = {strict}
  statement {{
    actions   = ["rekognition:*"]
    resources = ["*"]
  }}
}}
output "codes" {{ value = [for f in data.rekognitioniam_policy_document.wide.findings : f.code] }}
"#
        )
    };
    let ws = Workspace::new(&config(false));
    let out = ws.apply();
    assert!(out.contains("Warning:"), "{out}");
    let codes = ws.outputs()["codes"].clone();
    assert!(
        codes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c.as_str().unwrap().starts_with("security.")),
        "{codes}"
    );
    ws.assert_no_changes();
    let ws = Workspace::new(&config(true));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("strict = true"), "{text}");
}

#[test]
fn statement_blocks_override_source_statements_by_sid() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_managed_policy" "ro" {
  name = "AmazonRekognitionReadOnlyAccess"
}

data "rekognitioniam_policy_document" "merged" {
  source_policy_documents = [data.rekognitioniam_managed_policy.ro.json]
  statement {
    sid       = "AmazonRekognitionReadOnlyAccess"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
  statement {
    sid       = "DenyProjectCreation"
    effect    = "Deny"
    actions   = ["rekognition:CreateProject"]
    resources = ["*"]
  }
}

output "doc" { value = jsondecode(data.rekognitioniam_policy_document.merged.json) }
"#,
    );
    ws.apply();
    let doc = &ws.outputs()["doc"];
    let statements = doc["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0]["Action"], "rekognition:DetectLabels");
    assert_eq!(statements[1]["Effect"], "Deny");
    ws.assert_no_changes();
}

/// The first example of aws_iam_policy_document's documentation, with only the type renamed.
#[test]
fn aws_iam_policy_document_example_ports_by_renaming() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
variable "s3_bucket_name" {
  default = "example-bucket"
}

data "rekognitioniam_policy_document" "example" {
  statement {
    sid = "1"

    actions = [
      "s3:ListAllMyBuckets",
      "s3:GetBucketLocation",
    ]

    resources = [
      "arn:aws:s3:::*",
    ]
  }

  statement {
    actions = [
      "s3:ListBucket",
    ]

    resources = [
      "arn:aws:s3:::${var.s3_bucket_name}",
    ]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"

      values = [
        "",
        "home/",
        "home/&{aws:username}/",
      ]
    }
  }

  statement {
    actions = [
      "s3:*",
    ]

    resources = [
      "arn:aws:s3:::${var.s3_bucket_name}/home/&{aws:username}",
      "arn:aws:s3:::${var.s3_bucket_name}/home/&{aws:username}/*",
    ]
  }
}

output "policy" { value = jsondecode(data.rekognitioniam_policy_document.example.json) }
"#,
    );
    ws.apply();
    let policy = &ws.outputs()["policy"];
    assert_eq!(policy["Statement"][0]["Sid"], "1");
    assert_eq!(
        policy["Statement"][1]["Condition"]["StringLike"]["s3:prefix"],
        json!(["", "home/", "home/${aws:username}/"])
    );
    assert_eq!(
        policy["Statement"][2]["Resource"][0],
        "arn:aws:s3:::example-bucket/home/${aws:username}"
    );
    ws.assert_no_changes();
}

/// A value created in the same run, known only after apply: `terraform_data` stands for any
/// resource (a bucket, a key, a role).
const CREATED_IN_THE_SAME_RUN: &str = r#"
resource "terraform_data" "bucket" {
  input = "images"
}
"#;

#[test]
fn known_elements_fail_validate_next_to_values_known_only_after_apply() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{CREATED_IN_THE_SAME_RUN}
data "rekognitioniam_policy_document" "typo" {{
  statement {{
    actions   = ["rekognition:DetectLabel", "s3:GetObject"]
    resources = ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"]
  }}
}}

data "rekognitioniam_policy_document" "operator" {{
  statement {{
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"]
    condition {{
      test     = "StringEqual"
      variable = "aws:PrincipalTag/team"
      values   = [terraform_data.bucket.output]
    }}
  }}
}}

data "rekognitioniam_policy_document" "effect" {{
  statement {{
    effect    = "allow"
    actions   = ["s3:GetObject"]
    resources = [terraform_data.bucket.output]
  }}
}}

data "rekognitioniam_policy_document" "service" {{
  statement {{
    actions = [
      "rekognition:DetectFaces",
      "rekogniton:DetectLabels",
    ]
    resources = [terraform_data.bucket.output, "*"]
  }}
}}
"#
    ));
    let text = ws.fails(&["validate", "-no-color"]);
    for expected in [
        "Error: Unknown action \"rekognition:DetectLabel\"",
        "statement[0].actions[0]: ",
        "Error: Unknown condition operator \"StringEqual\"",
        "statement[0].condition[0].test: ",
        "Error: Invalid Effect \"allow\"",
        "statement[0].effect: ",
        "statement[0].actions[1]: ",
        "[action.unknown_service]",
        "with data.rekognitioniam_policy_document.typo",
        "with data.rekognitioniam_policy_document.operator",
        "with data.rekognitioniam_policy_document.effect",
        "with data.rekognitioniam_policy_document.service",
    ] {
        assert!(text.contains(expected), "{expected} not in: {text}");
    }
    // the unknown resources are not taken for missing or unmatched ones
    assert!(!text.contains("resource.missing"), "{text}");
    assert!(!text.contains("no_matching"), "{text}");
    // the same errors stop the plan
    let text = ws.fails(&["plan", "-no-color", "-input=false"]);
    assert!(text.contains("[action.unknown_service]"), "{text}");
}

#[test]
fn known_text_over_the_size_quota_fails_plan_before_the_rest_is_known() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{CREATED_IN_THE_SAME_RUN}
data "rekognitioniam_policy_document" "big" {{
  statement {{
    actions = ["s3:GetObject"]
    resources = concat(
      [for i in range(250) : "arn:aws:s3:::images-archive-bucket-${{i}}/*"],
      ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"],
    )
  }}
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color", "-input=false"]);
    assert!(text.contains("Error: Policy has at least"), "{text}");
    assert!(text.contains("the limit for"), "{text}");
    assert!(text.contains("[size.exceeded]"), "{text}");
}

#[test]
fn a_clean_partially_known_document_plans_quietly_applies_and_replans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{CREATED_IN_THE_SAME_RUN}
data "rekognitioniam_policy_document" "images" {{
  statement {{
    sid       = "ReadImages"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"]
  }}
  statement {{
    sid       = "Detect"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {{
      test     = "StringEquals"
      variable = "aws:PrincipalTag/project"
      values   = [terraform_data.bucket.output]
    }}
  }}
}}

output "json" {{
  value = data.rekognitioniam_policy_document.images.minified_json
}}
"#
    ));
    let validate = ws.ok(&["validate", "-no-color"]);
    assert!(!validate.contains("Warning"), "{validate}");
    let plan = ws.ok(&["plan", "-no-color", "-input=false"]);
    assert!(
        !plan.contains("Warning") && !plan.contains("Error"),
        "{plan}"
    );
    assert!(plan.contains("known after apply"), "{plan}");
    let applied = ws.apply();
    assert!(!applied.contains("Warning"), "{applied}");
    let out = ws.outputs();
    let json = out["json"].as_str().unwrap_or_default();
    assert!(json.contains("arn:aws:s3:::images/*"), "{json}");
    assert!(
        json.contains("\"aws:PrincipalTag/project\":\"images\""),
        "{json}"
    );
    ws.assert_no_changes();
}
