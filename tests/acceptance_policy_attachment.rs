//! Acceptance tests for `rekognitioniam_policy_attachment` through the real terraform binary.

mod support;

use serde_json::json;
use support::terraform::{available, Workspace};

const ROLE: &str = "arn:aws:iam::111122223333:role/app/detector";

fn policy(statements: &str) -> String {
    format!(r#"jsonencode({{ Version = "2012-10-17", Statement = [{statements}] }})"#)
}

#[test]
fn happy_path_from_the_seed_examples_applies_and_replans_clean() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
data "rekognitioniam_managed_policy" "read_only" {{
  name = "AmazonRekognitionReadOnlyAccess"
}}

resource "rekognitioniam_policy_attachment" "detector" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = [data.rekognitioniam_managed_policy.read_only.arn]
  inline_policies = {{
    detect = {detect}
    images = {images}
  }}
  max_access_level = "Read"

  require {{
    actions   = ["rekognition:DetectCustomLabels"]
    resources = ["arn:aws:rekognition:us-east-1:111122223333:project/p/version/v1/1700000000000"]
  }}
  require {{
    actions = ["rekognition:DetectLabels"]
  }}
  forbid {{
    actions = ["rekognition:Delete*", "iam:PassRole"]
  }}
}}

output "summary" {{
  value = {{
    id          = rekognitioniam_policy_attachment.detector.id
    count       = rekognitioniam_policy_attachment.detector.managed_policy_count
    chars       = rekognitioniam_policy_attachment.detector.inline_policy_chars
    limit       = rekognitioniam_policy_attachment.detector.inline_policy_limit
    has_detect  = contains(rekognitioniam_policy_attachment.detector.effective_actions, "rekognition:DetectCustomLabels")
    has_s3      = contains(rekognitioniam_policy_attachment.detector.effective_actions, "s3:GetObject")
    added       = rekognitioniam_policy_attachment.detector.added_actions
    write_count = rekognitioniam_policy_attachment.detector.access_summary["Write"]
  }}
}}
"#,
        detect = policy(
            r#"{ Sid = "DetectCustomLabels", Effect = "Allow", Action = "rekognition:DetectCustomLabels",
                 Resource = "arn:aws:rekognition:us-east-1:111122223333:project/p/version/v1/1700000000000" }"#
        ),
        images = policy(
            r#"{ Effect = "Allow", Action = ["s3:GetObject", "s3:GetObjectVersion"], Resource = "arn:aws:s3:::images/*" }"#
        ),
    ));
    ws.apply();
    let out = ws.outputs();
    assert_eq!(out["summary"]["id"], ROLE);
    assert_eq!(out["summary"]["count"], 1);
    assert_eq!(out["summary"]["limit"], 10240);
    assert_eq!(out["summary"]["has_detect"], true);
    assert_eq!(out["summary"]["has_s3"], true);
    assert_eq!(out["summary"]["added"], json!([]));
    assert_eq!(out["summary"]["write_count"], 0);
    assert!(out["summary"]["chars"].as_u64().unwrap() > 100);
    ws.assert_no_changes();
}

#[test]
fn eleven_managed_policies_exceed_the_default_quota() {
    if !available() {
        return;
    }
    let arns: Vec<String> = (0..11)
        .map(|i| format!("\"arn:aws:iam::111122223333:policy/p{i}\""))
        .collect();
    let documents: Vec<String> = (0..11)
        .map(|i| {
            format!(
                "\"arn:aws:iam::111122223333:policy/p{i}\" = {}",
                policy(
                    r#"{ Effect = "Allow", Action = "rekognition:DetectLabels", Resource = "*" }"#
                )
            )
        })
        .collect();
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = [{}]
  policy_documents    = {{ {} }}
}}
"#,
        arns.join(", "),
        documents.join("\n    ")
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Too many managed policies"), "{text}");
    assert!(text.contains("11 managed policies are listed"), "{text}");
    assert!(text.contains("at most 10"), "{text}");
    assert!(text.contains("managed_policy_arns"), "{text}");
}

#[test]
fn inline_policies_of_a_role_over_10240_characters() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
locals {{
  buckets = [for i in range(250) : "arn:aws:s3:::rekognition-input-bucket-number-${{i}}/*"]
}}

resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn = "{ROLE}"
  inline_policies = {{
    images = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = local.buckets }}] }})
  }}
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Inline policies too large"), "{text}");
    assert!(text.contains("over the quota of 10240"), "{text}");
}

#[test]
fn forbidden_action_granted_through_a_wildcard() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"]
  forbid {{
    actions = ["rekognition:DetectLabels", "rekognition:DeleteCollection"]
  }}
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Forbidden access is granted"),
        "{text}"
    );
    assert!(
        text.contains("rekognition:DeleteCollection must not be allowed"),
        "{text}"
    );
    assert!(text.contains("AmazonRekognitionFullAccess"), "{text}");
    assert!(text.contains("via rekognition:*"), "{text}");
}

#[test]
fn required_action_lost_to_an_explicit_deny() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"]
  inline_policies = {{
    guard = {deny}
  }}
  require {{
    actions = ["rekognition:IndexFaces"]
  }}
}}
"#,
        deny = policy(
            r#"{ Sid = "NoIndexing", Effect = "Deny", Action = "rekognition:IndexFaces", Resource = "*" }"#
        )
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Required access is missing"), "{text}");
    assert!(text.contains("denied by policy"), "{text}");
    assert!(text.contains("NoIndexing"), "{text}");
}

#[test]
fn max_access_level_exceeded() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionCustomLabelsFullAccess"]
  max_access_level    = "Read"
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Access above the allowed level"),
        "{text}"
    );
    assert!(text.contains("max_access_level"), "{text}");
}

#[test]
fn update_that_grants_new_access_fails_when_not_allowed() {
    if !available() {
        return;
    }
    let config = |actions: &str| {
        format!(
            r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn     = "{ROLE}"
  allow_new_access = false
  inline_policies = {{
    app = {}
  }}
}}
output "added" {{ value = rekognitioniam_policy_attachment.r.added_actions }}
"#,
            policy(&format!(
                r#"{{ Effect = "Allow", Action = {actions}, Resource = "*" }}"#
            ))
        )
    };
    let ws = Workspace::new(&config(r#"["rekognition:DetectLabels"]"#));
    ws.apply();
    // Fewer permissions is fine.
    ws.write(
        "main.tf",
        &format!(
            "{}\n{}",
            support::terraform::PROVIDER_BLOCK,
            config(r#"["rekognition:DetectLabels"]"#)
        ),
    );
    ws.assert_no_changes();
    ws.write(
        "main.tf",
        &format!(
            "{}\n{}",
            support::terraform::PROVIDER_BLOCK,
            config(r#"["rekognition:DetectLabels", "rekognition:DeleteCollection"]"#)
        ),
    );
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Update grants new access"), "{text}");
    assert!(text.contains("rekognition:DeleteCollection"), "{text}");
}

#[test]
fn whitespace_only_changes_to_json_plan_no_diff_and_import_works() {
    if !available() {
        return;
    }
    let config = |doc: &str| {
        format!(
            r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn = "{ROLE}"
  inline_policies = {{
    app = {doc:?}
  }}
}}
"#
        )
    };
    let compact = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabels","Resource":"*"}]}"#;
    let spaced = "{\n  \"Statement\": [ { \"Resource\": \"*\", \"Action\": \"rekognition:DetectLabels\", \"Effect\": \"Allow\" } ],\n  \"Version\": \"2012-10-17\"\n}";
    let ws = Workspace::new(&config(compact));
    ws.apply();
    ws.write(
        "main.tf",
        &format!("{}\n{}", support::terraform::PROVIDER_BLOCK, config(spaced)),
    );
    ws.assert_no_changes();

    let imported = Workspace::new(&format!(
        "resource \"rekognitioniam_policy_attachment\" \"r\" {{\n  identity_arn = \"{ROLE}\"\n}}\n"
    ));
    imported.ok(&[
        "import",
        "-no-color",
        "rekognitioniam_policy_attachment.r",
        ROLE,
    ]);
    imported.assert_no_changes();
}

#[test]
fn unknown_inputs_are_checked_at_apply() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "terraform_data" "later" {{
  input = "rekognition:DetectFaces"
}}

resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn = "{ROLE}"
  inline_policies = {{
    app = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = terraform_data.later.output, Resource = "*" }}] }})
  }}
}}
output "effective" {{ value = rekognitioniam_policy_attachment.r.effective_actions }}
"#
    ));
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("effective_actions") && plan.contains("(known after apply)"),
        "{plan}"
    );
    ws.apply();
    assert_eq!(
        ws.outputs()["effective"],
        json!(["rekognition:DetectFaces"])
    );
    ws.assert_no_changes();
}
