//! Acceptance tests for `rekognitioniam_policy_attachment` through the real terraform binary.

use crate::support;

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
    ws.configure(&config(r#"["rekognition:DetectLabels"]"#));
    ws.assert_no_changes();
    ws.configure(&config(
        r#"["rekognition:DetectLabels", "rekognition:DeleteCollection"]"#,
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Update grants new access"), "{text}");
    assert!(text.contains("rekognition:DeleteCollection"), "{text}");
}

/// A condition value created in the same run may turn out to be the condition the current
/// attachments already have: "no new access" is decided at apply instead of failing the plan,
/// and fails there only when the value grants something new.
#[test]
fn new_access_under_a_condition_known_after_apply_is_decided_at_apply() {
    if !available() {
        return;
    }
    let config = |account: &str| {
        format!(
            r#"
resource "terraform_data" "account" {{
  input = "{account}"
}}
data "rekognitioniam_policy_document" "d" {{
  statement {{
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {{
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [terraform_data.account.output]
    }}
  }}
}}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn     = "{ROLE}"
  allow_new_access = false
  inline_policies  = {{ app = data.rekognitioniam_policy_document.d }}
}}
"#
        )
    };
    let ws = Workspace::new(&config("111122223333"));
    ws.apply();
    // The account is replaced, so its value is unknown at plan: the same value is no new access.
    let plan = ws.ok(&["plan", "-no-color", "-replace=terraform_data.account"]);
    assert!(!plan.contains("Error:"), "{plan}");
    ws.ok(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-replace=terraform_data.account",
    ]);
    ws.assert_no_changes();
    // Another account, known only at apply, relaxes the condition the grant had.
    ws.configure(&config("444455556666"));
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(!plan.contains("Error:"), "{plan}");
    assert!(
        plan.contains("allow_new_access"),
        "the plan says what waits: {plan}"
    );
    let text = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(text.contains("Error: Update grants new access"), "{text}");
    assert!(text.contains("condition relaxed"), "{text}");
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
    ws.configure(&config(spaced));
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

/// A `terraform_data` output stands for any value created in the same run (a bucket or key ARN):
/// unknown at plan, known at apply.
const LATER: &str = r#"
resource "terraform_data" "bucket" {
  input = "images"
}
"#;

/// A data source whose only resource is known after apply.
fn document(name: &str, actions: &str) -> String {
    format!(
        r#"
data "rekognitioniam_policy_document" "{name}" {{
  statement {{
    actions   = {actions}
    resources = ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"]
  }}
}}
"#
    )
}

#[test]
fn forbid_is_decided_at_plan_from_statements_with_unknown_resources() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{LATER}{doc}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "{ROLE}"
  inline_policies = {{ images = data.rekognitioniam_policy_document.images }}
  forbid {{
    actions = ["s3:DeleteObject"]
  }}
}}
"#,
        doc = document("images", r#"["s3:GetObject", "s3:DeleteObject"]"#)
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Forbidden access is granted"),
        "{text}"
    );
    assert!(
        text.contains("s3:DeleteObject must not be allowed on any resource"),
        "{text}"
    );
    assert!(text.contains("(a resource known after apply)"), "{text}");
    assert!(text.contains("inline:images"), "{text}");
    // The diagnostic points at the forbid entry.
    assert!(text.contains(r#"actions = ["s3:DeleteObject"]"#), "{text}");
}

#[test]
fn max_access_level_and_inline_size_are_decided_at_plan_from_known_parts() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{LATER}{doc}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn     = "{ROLE}"
  inline_policies  = {{ images = data.rekognitioniam_policy_document.images }}
  max_access_level = "Read"
}}
"#,
        doc = document("images", r#"["s3:GetObject", "s3:PutObject"]"#)
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Access above the allowed level"),
        "{text}"
    );
    assert!(text.contains("s3:PutObject (Write)"), "{text}");
    assert!(text.contains("max_access_level"), "{text}");

    // A user's inline quota is 2,048 characters: the known resources already exceed it.
    let ws = Workspace::new(&format!(
        r#"{LATER}
data "rekognitioniam_policy_document" "big" {{
  statement {{
    actions   = ["s3:GetObject"]
    resources = concat(
      [for i in range(60) : "arn:aws:s3:::rekognition-input-bucket-number-${{i}}/*"],
      ["arn:aws:s3:::${{terraform_data.bucket.output}}/*"],
    )
  }}
}}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "arn:aws:iam::111122223333:user/alice"
  inline_policies = {{ big = data.rekognitioniam_policy_document.big }}
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Inline policies too large"), "{text}");
    assert!(text.contains("have at least"), "{text}");
    assert!(text.contains("over the quota of 2048"), "{text}");
}

#[test]
fn managed_policy_quota_is_decided_from_the_length_of_a_list_of_unknown_arns() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"{LATER}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = [for i in range(11) : "arn:aws:iam::111122223333:policy/${{terraform_data.bucket.output}}-${{i}}"]
}}
"#
    ));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("Error: Too many managed policies"), "{text}");
    assert!(
        text.contains("11 managed policies are listed (some known only after apply)"),
        "{text}"
    );
    assert!(text.contains("managed_policy_arns"), "{text}");
}

#[test]
fn gates_that_cannot_be_decided_yet_warn_at_plan_and_are_decided_at_apply() {
    if !available() {
        return;
    }
    let config = |require_on: &str| {
        format!(
            r#"{LATER}{doc}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "{ROLE}"
  inline_policies = {{
    images = data.rekognitioniam_policy_document.images
    whole  = data.rekognitioniam_policy_document.whole.json
  }}
  require {{
    actions   = ["s3:GetObject"]
    resources = ["{require_on}"]
  }}
  forbid {{
    actions = ["rekognition:DeleteCollection"]
  }}
}}
"#,
            doc = document("images", r#"["s3:GetObject"]"#)
                + &document("whole", r#"["s3:ListBucket"]"#)
        )
    };
    // The only grant of s3:GetObject is on a bucket known after apply: maybe the required one.
    let ws = Workspace::new(&config("arn:aws:s3:::images/cat.jpg"));
    let plan = ws.ok(&["plan", "-no-color"]);
    let plan = plan.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        plan.contains("Warning: Gate decided at apply: require"),
        "{plan}"
    );
    assert!(
        plan.contains(r#"inline_policies["images"] (statement 0: resources)"#),
        "{plan}"
    );
    // A document given as one unknown string hides even its Denies: forbid waits, with the hint.
    assert!(
        plan.contains("Warning: Gate decided at apply: forbid"),
        "{plan}"
    );
    assert!(
        plan.contains(
            r#"inline_policies["whole"] (the whole document is one value known only after apply)"#
        ),
        "{plan}"
    );
    assert!(
        plan.contains("pass the data source object itself instead"),
        "{plan}"
    );
    ws.apply();
    ws.assert_no_changes();

    // Decided at apply: the bucket turns out not to be the required one.
    let ws = Workspace::new(&config("arn:aws:s3:::other/cat.jpg"));
    ws.ok(&["plan", "-no-color"]);
    let text = ws.fails(&["apply", "-no-color", "-auto-approve"]);
    assert!(text.contains("Error: Required access is missing"), "{text}");
    assert!(
        text.contains("s3:GetObject on arn:aws:s3:::other/cat.jpg"),
        "{text}"
    );
}

#[test]
fn partially_known_documents_in_both_maps_plan_clean_apply_and_replan_empty() {
    if !available() {
        return;
    }
    let customer = "arn:aws:iam::111122223333:policy/app-images";
    let ws = Workspace::new(&format!(
        r#"{LATER}{images}{managed}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["{customer}"]
  policy_documents    = {{ "{customer}" = data.rekognitioniam_policy_document.managed }}
  inline_policies = {{
    images = data.rekognitioniam_policy_document.images
    detect = {detect}
  }}
  max_access_level = "Read"
  require {{
    actions = ["rekognition:DetectLabels"]
  }}
  forbid {{
    actions = ["rekognition:Delete*", "s3:Delete*"]
  }}
}}
output "effective" {{ value = rekognitioniam_policy_attachment.r.effective_actions }}
"#,
        images = document("images", r#"["s3:GetObject"]"#),
        managed = document("managed", r#"["s3:ListBucket"]"#),
        detect =
            policy(r#"{ Effect = "Allow", Action = "rekognition:DetectLabels", Resource = "*" }"#),
    ));
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(!plan.contains("Warning"), "{plan}");
    assert!(plan.contains("effective_actions"), "{plan}");
    ws.apply();
    assert_eq!(
        ws.outputs()["effective"],
        json!(["rekognition:DetectLabels", "s3:GetObject", "s3:ListBucket"])
    );
    ws.assert_no_changes();
}

#[test]
fn state_written_before_documents_became_dynamic_is_upgraded() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "{ROLE}"
  inline_policies = {{ app = {app} }}
}}
"#,
        app =
            policy(r#"{ Effect = "Allow", Action = "rekognition:DetectLabels", Resource = "*" }"#)
    ));
    ws.apply();
    // Rewrite the state as schema version 0 stored it: a plain map of strings.
    let path = ws.path().join("terraform.tfstate");
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    state["serial"] = json!(state["serial"].as_u64().unwrap() + 1);
    let instance = &mut state["resources"][0]["instances"][0];
    instance["schema_version"] = json!(0);
    let value = instance["attributes"]["inline_policies"]["value"].clone();
    assert!(value["app"].is_string(), "{value}");
    instance["attributes"]["inline_policies"] = value;
    std::fs::write(&path, serde_json::to_string(&state).unwrap()).unwrap();
    ws.assert_no_changes();
}

#[test]
fn documents_of_the_wrong_shape_fail_validate() {
    if !available() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "{ROLE}"
  inline_policies = {app}
  policy_documents = {{ "arn:aws:iam::111122223333:policy/p" = 42 }}
  managed_policy_arns = ["arn:aws:iam::111122223333:policy/p"]
}}
"#,
        app =
            policy(r#"{ Effect = "Allow", Action = "rekognition:DetectLabels", Resource = "*" }"#)
    ));
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(
        text.contains("Error: Documents must be given as a map"),
        "{text}"
    );
    assert!(text.contains("Error: Invalid policy document"), "{text}");
    assert!(
        text.contains("neither a JSON string nor a rekognitioniam_policy_document"),
        "{text}"
    );
}

#[test]
fn enforce_false_records_failed_gates_in_the_verdict_instead_of_failing() {
    if !available() {
        return;
    }
    let config = |enforce: &str| {
        format!(
            r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"]
  max_access_level    = "Read"
  {enforce}
  forbid {{
    actions = ["rekognition:DeleteCollection"]
  }}
}}
output "verdict" {{ value = rekognitioniam_policy_attachment.r.verdict }}
output "violations" {{ value = rekognitioniam_policy_attachment.r.violations }}
"#
        )
    };
    // Enforced (the default): the plan fails on both gates.
    let ws = Workspace::new(&config(""));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(
        text.contains("Error: Forbidden access is granted"),
        "{text}"
    );
    assert!(
        text.contains("Error: Access above the allowed level"),
        "{text}"
    );

    // Report only: warnings at plan, the failures recorded in state.
    let ws = Workspace::new(&config("enforce = false"));
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("Warning: Forbidden access is granted (enforce = false)"),
        "{plan}"
    );
    assert!(!plan.contains("Error"), "{plan}");
    ws.apply();
    let out = ws.outputs();
    assert_eq!(out["verdict"], "fail");
    let violations = out["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations[0]
        .as_str()
        .unwrap()
        .starts_with("Forbidden access is granted: rekognition:DeleteCollection"));
    assert!(violations[1]
        .as_str()
        .unwrap()
        .starts_with("Access above the allowed level:"));
    ws.assert_no_changes();

    // A passing gate: verdict pass, no violations.
    let ws = Workspace::new(&format!(
        r#"
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess"]
  max_access_level    = "Read"
  enforce             = false
}}
output "verdict" {{ value = rekognitioniam_policy_attachment.r.verdict }}
output "violations" {{ value = rekognitioniam_policy_attachment.r.violations }}
"#
    ));
    ws.apply();
    let out = ws.outputs();
    assert_eq!(out["verdict"], "pass");
    assert_eq!(out["violations"], json!([]));
    ws.assert_no_changes();
}

#[test]
fn provider_block_defaults_apply_to_the_attachments_documents() {
    if !available() {
        return;
    }
    let config = |provider: &str| {
        format!(
            r#"
provider "rekognitioniam" {{
  {provider}
}}
resource "rekognitioniam_policy_attachment" "r" {{
  identity_arn    = "{ROLE}"
  inline_policies = {{
    pass = {}
  }}
}}
output "codes" {{ value = [for f in rekognitioniam_policy_attachment.r.findings : f.code] }}
"#,
            policy(r#"{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }"#)
        )
    };
    // strict in the provider block: the security warning is an error for the attachment too.
    let ws = Workspace::new(&config("strict = true"));
    let text = ws.fails(&["plan", "-no-color"]);
    assert!(text.contains("[pass_role.star_resource]"), "{text}");
    assert!(text.contains("Error:"), "{text}");

    // ignore_findings in the provider block: the codes are left out of diagnostics and findings.
    let ws = Workspace::new(&config(
        r#"ignore_findings = ["pass_role.star_resource", "resource.star_could_be_scoped"]"#,
    ));
    let applied = ws.apply();
    assert!(!applied.contains("pass_role.star_resource"), "{applied}");
    assert_eq!(ws.outputs()["codes"], json!([]));
    ws.assert_no_changes();
}
