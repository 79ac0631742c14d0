//! Acceptance tests for `rekognitioniam_managed_policy` through the real terraform binary.

use crate::support;

use serde_json::json;
use support::terraform::{available, Workspace};

#[test]
fn renders_all_four_policies_and_plans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_managed_policy" "p" {
  for_each = toset([
    "AmazonRekognitionFullAccess",
    "AmazonRekognitionReadOnlyAccess",
    "AmazonRekognitionServiceRole",
    "AmazonRekognitionCustomLabelsFullAccess",
  ])
  name = each.value
}

data "rekognitioniam_managed_policy" "pinned" {
  name    = "AmazonRekognitionCustomLabelsFullAccess"
  version = "v4"
}

output "summary" {
  value = { for k, p in data.rekognitioniam_managed_policy.p : k => {
    arn = p.arn, path = p.path, version = p.version, updated = p.updated,
    first_action = p.actions[0], versions = p.versions
  } }
}

output "full_access_json" {
  value = data.rekognitioniam_managed_policy.p["AmazonRekognitionFullAccess"].json
}

output "custom_labels_parses" {
  value = jsondecode(data.rekognitioniam_managed_policy.pinned.minified_json).Version
}
"#,
    );
    ws.apply();
    let out = ws.outputs();
    assert_eq!(
        out["summary"]["AmazonRekognitionServiceRole"],
        json!({
            "arn": "arn:aws:iam::aws:policy/service-role/AmazonRekognitionServiceRole",
            "path": "/service-role/",
            "version": "v1",
            "updated": "2017-11-29",
            "first_action": "sns:Publish",
            "versions": [{"version": "v1", "date": "2017-11-29"}]
        })
    );
    assert_eq!(
        out["summary"]["AmazonRekognitionReadOnlyAccess"]["version"],
        "v10"
    );
    assert_eq!(
        out["summary"]["AmazonRekognitionCustomLabelsFullAccess"]["version"],
        "v4"
    );
    assert_eq!(
        out["summary"]["AmazonRekognitionFullAccess"]["arn"],
        "arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"
    );
    let full: serde_json::Value =
        serde_json::from_str(out["full_access_json"].as_str().unwrap()).unwrap();
    assert_eq!(full["Statement"][0]["Action"], json!(["rekognition:*"]));
    assert_eq!(out["custom_labels_parses"], "2012-10-17");
    ws.assert_no_changes();
}

#[test]
fn unknown_name_fails_validate_with_suggestion_on_its_line() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_managed_policy" "typo" {
  name = "AmazonRekognitionReadOnlyAcess"
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("Error: Unknown managed policy"), "{text}");
    assert!(
        text.contains("Did you mean \"AmazonRekognitionReadOnlyAccess\"?"),
        "{text}"
    );
    // The diagnostic points at the attribute's line in main.tf.
    assert!(text.contains("on main.tf line 13"), "{text}");
    assert!(
        text.contains("name = \"AmazonRekognitionReadOnlyAcess\""),
        "{text}"
    );
}

#[test]
fn unknown_version_lists_the_known_ones() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_managed_policy" "old" {
  name    = "AmazonRekognitionFullAccess"
  version = "v7"
}
"#,
    );
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Unknown managed policy version"),
        "{text}"
    );
    assert!(text.contains("Known versions: \"v1\""), "{text}");
    assert!(text.contains("version = \"v7\""), "{text}");
}
