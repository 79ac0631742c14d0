//! Acceptance tests for the provider-defined functions through the real terraform binary.

use crate::support;

use serde_json::json;
use support::terraform::{available, Workspace};

#[test]
fn functions_return_the_expected_values() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
locals {
  f = {
    collection     = provider::rekognitioniam::collection_arn("us-east-1", "123456789012", "faces")
    any_collection = provider::rekognitioniam::collection_arn("*", "*", "*")
    processor      = provider::rekognitioniam::stream_processor_arn("cn-north-1", "123456789012", "door-cam")
    project        = provider::rekognitioniam::project_arn("eu-west-1", "123456789012", "shoes", 1690000000000)
    model          = provider::rekognitioniam::project_version_arn("us-gov-west-1", "123456789012", "shoes", "v1", "1690000000001")
    dataset        = provider::rekognitioniam::dataset_arn("us-east-1", "123456789012", "shoes", "TEST", "*")
    level          = provider::rekognitioniam::access_level("rekognition:CreateCollection")
    expanded       = provider::rekognitioniam::expand_actions("rekognition:StartProject*")
    same           = provider::rekognitioniam::policies_equivalent(
      jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["rekognition:*"], Resource = "*" }] }),
      provider::rekognitioniam::managed_policy("AmazonRekognitionFullAccess"),
    )
    different = provider::rekognitioniam::policies_equivalent(
      provider::rekognitioniam::managed_policy("AmazonRekognitionFullAccess"),
      provider::rekognitioniam::managed_policy("AmazonRekognitionReadOnlyAccess"),
    )
  }
}

output "f" {
  value = local.f
}

output "parsed" {
  value = provider::rekognitioniam::parse_arn(local.f.model)
}
"#,
    );
    ws.apply();
    let out = ws.outputs();
    assert_eq!(
        out["f"],
        json!({
            "collection": "arn:aws:rekognition:us-east-1:123456789012:collection/faces",
            "any_collection": "arn:aws:rekognition:*:*:collection/*",
            "processor": "arn:aws-cn:rekognition:cn-north-1:123456789012:streamprocessor/door-cam",
            "project": "arn:aws:rekognition:eu-west-1:123456789012:project/shoes/1690000000000",
            "model": "arn:aws-us-gov:rekognition:us-gov-west-1:123456789012:project/shoes/version/v1/1690000000001",
            "dataset": "arn:aws:rekognition:us-east-1:123456789012:project/shoes/dataset/test/*",
            "level": "Write",
            "expanded": ["rekognition:StartProjectVersion"],
            "same": true,
            "different": false
        })
    );
    assert_eq!(
        out["parsed"],
        json!({
            "partition": "aws-us-gov",
            "service": "rekognition",
            "region": "us-gov-west-1",
            "account_id": "123456789012",
            "resource": "project/shoes/version/v1/1690000000001",
            "resource_type": "projectversion",
            "ids": {
                "ProjectName": "shoes",
                "VersionName": "v1",
                "CreationTimestamp": "1690000000001"
            }
        })
    );
    ws.assert_no_changes();
}

#[test]
fn a_bad_argument_is_reported_at_that_argument() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
output "region" {
  value = provider::rekognitioniam::collection_arn("us-east1", "123456789012", "faces")
}

output "version" {
  value = provider::rekognitioniam::project_version_arn("*", "*", "shoes", "v 1", "*")
}

output "level" {
  value = provider::rekognitioniam::access_level("rekognition:DetectLabel")
}
"#,
    );
    // Terraform wraps long messages: compare with line breaks as spaces.
    let text = ws.fails(&["validate", "-no-color"]).replace('\n', " ");
    assert!(text.contains("Error: Invalid function argument"), "{text}");
    assert!(
        text.contains(
            "Invalid value for \"region\" parameter: \"us-east1\" is not a region code such as \"us-east-1\". Did you mean \"us-east-1\"? Use \"*\" to match any region. "
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Invalid value for \"version_name\" parameter: \"v 1\" is not a valid version name"
        ),
        "{text}"
    );
    assert!(
        text.contains("Invalid value for \"action\" parameter"),
        "{text}"
    );
    assert!(
        text.contains("Did you mean \"rekognition:DetectLabels\"?"),
        "{text}"
    );
    // Each error points at its call.
    assert!(
        text.contains("while calling provider::rekognitioniam::collection_arn(region, account_id, collection_id)"),
        "{text}"
    );
    assert!(!text.contains(".."), "one final period only:\n{text}");
}

#[test]
fn unknown_arguments_wait_until_they_are_known() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
resource "terraform_data" "region" {
  input = "eu-central-1"
}

output "later" {
  value = provider::rekognitioniam::collection_arn(terraform_data.region.output, "123456789012", "faces")
}
"#,
    );
    let plan = ws.ok(&["plan", "-no-color", "-input=false"]);
    assert!(plan.contains("later = (known after apply)"), "{plan}");
    ws.apply();
    assert_eq!(
        ws.outputs()["later"],
        "arn:aws:rekognition:eu-central-1:123456789012:collection/faces"
    );
    ws.assert_no_changes();
}
