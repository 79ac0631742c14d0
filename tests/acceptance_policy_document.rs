//! Acceptance tests for `rekognitioniam_policy_document` through the real terraform binary.

mod support;

use rekognitioniam::catalog::CATALOG_VERSION;
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
    assert_eq!(out["meta"]["catalog"], CATALOG_VERSION);
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
    condition {{
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
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

/// The customer-written policies of tests/data/customer-policies.json through the data source:
/// each as its only source document, with its policy type; apply succeeds (none has an error
/// unless expected) and the findings are exactly the expected codes.
#[test]
fn customer_written_policies_get_exactly_the_expected_findings() {
    if !available() {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("customer-policies.json")).unwrap(),
    )
    .unwrap();
    let policies = manifest["policies"].as_array().unwrap();
    let mut config = String::new();
    for (i, policy) in policies.iter().enumerate() {
        let file = policy["file"].as_str().unwrap();
        let policy_type = policy["policy_type"].as_str().unwrap();
        config.push_str(&format!(
            r#"
data "rekognitioniam_policy_document" "p{i}" {{
  policy_type             = "{policy_type}"
  source_policy_documents = [file("${{path.module}}/{file}")]
}}
output "p{i}" {{ value = [for f in data.rekognitioniam_policy_document.p{i}.findings : f.code] }}
"#
        ));
    }
    let ws = Workspace::new(&config);
    for policy in policies {
        let file = policy["file"].as_str().unwrap();
        ws.write(
            file,
            &std::fs::read_to_string(root.join("policies").join(file)).unwrap(),
        );
    }
    ws.apply();
    let out = ws.outputs();
    for (i, policy) in policies.iter().enumerate() {
        assert_eq!(
            out[format!("p{i}")],
            policy["codes"],
            "{} ({})",
            policy["file"],
            policy["why"]
        );
    }
    ws.assert_no_changes();
}

/// A service reference file with an action newer than the built-in catalogue, laid over it by
/// the provider block: without it the action is an error at validate, with it the document
/// applies clean and catalog_version names the files.
#[test]
fn service_reference_files_in_the_provider_block_make_newer_actions_known() {
    if !available() {
        return;
    }
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/service-reference/rekognition.json"),
    )
    .unwrap();
    let config = |provider: &str| {
        format!(
            r#"
{provider}
data "rekognitioniam_policy_document" "new" {{
  statement {{
    actions   = ["rekognition:DetectHolograms", "rekognition:DetectLabels"]
    resources = ["*"]
  }}
}}
output "findings" {{ value = data.rekognitioniam_policy_document.new.findings }}
output "catalog" {{ value = data.rekognitioniam_policy_document.new.catalog_version }}
"#
        )
    };
    let ws = Workspace::new(&config(""));
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains("Unknown action \"rekognition:DetectHolograms\""),
        "{text}"
    );
    assert!(text.contains("service_reference_directory"), "{text}");

    let ws = Workspace::new(&config(
        r#"provider "rekognitioniam" {
  service_reference_directory = "${path.module}/service-reference"
}"#,
    ));
    std::fs::create_dir(ws.path().join("service-reference")).unwrap();
    ws.write("service-reference/rekognition.json", &file);
    ws.ok(&["validate", "-no-color"]);
    ws.apply();
    let out = ws.outputs();
    assert_eq!(out["findings"], json!([]));
    let catalog = out["catalog"].as_str().unwrap();
    assert!(
        catalog.starts_with(&format!(
            "{CATALOG_VERSION} + service reference files (rekognition v1.0) from "
        )),
        "{catalog}"
    );
    ws.assert_no_changes();

    // A directory that is not there is an error on the provider block's argument.
    let ws = Workspace::new(&config(
        r#"provider "rekognitioniam" {
  service_reference_directory = "${path.module}/nowhere"
}"#,
    ));
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains("Cannot read the service reference files"),
        "{text}"
    );
}
