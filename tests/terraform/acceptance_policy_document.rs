//! Acceptance tests for `rekognitioniam_policy_document` through the real terraform binary.

use crate::support;

use engine::catalog::CATALOG_VERSION;
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

/// The comparison the AWS provider uses to suppress policy diffs (awspolicyequivalence), as
/// facts: statements match as a set; Sid (absent = ""), Effect (any case), and each list
/// element compared as a set of equal length, a string being a one-element list and `true` the
/// string "true"; conditions by operator and key; principals `"*"` only equal `"*"`, principal
/// maps dropping empty lists, and a 12-digit account equal to its `:root` ARN.
mod aws_equivalence {
    use serde_json::Value;

    fn strings(v: Option<&Value>) -> Option<Vec<String>> {
        match v {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::String(s)) => Some(vec![s.clone()]),
            Some(Value::Bool(b)) => Some(vec![b.to_string()]),
            Some(Value::Number(n)) => Some(vec![n.to_string()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| strings(Some(i)).and_then(|mut v| v.pop()))
                .collect(),
            Some(Value::Object(_)) => None,
        }
    }

    fn same_set(a: Option<&Value>, b: Option<&Value>) -> bool {
        match (strings(a), strings(b)) {
            (Some(a), Some(b)) => {
                a.len() == b.len()
                    && a.iter().all(|x| b.contains(x))
                    && b.iter().all(|x| a.contains(x))
            }
            _ => false,
        }
    }

    fn same_principal_id(a: &str, b: &str) -> bool {
        let root = |account: &str, arn: &str| {
            account.len() == 12
                && account.chars().all(|c| c.is_ascii_digit())
                && arn.starts_with("arn:")
                && arn.split(':').nth(2) == Some("iam")
                && arn.split(':').nth(4) == Some(account)
                && arn.split(':').nth(5) == Some("root")
        };
        a == b || root(a, b) || root(b, a)
    }

    fn same_principals(a: Option<&Value>, b: Option<&Value>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(Value::String(x)), Some(Value::String(y))) => same_principal_id(x, y),
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let norm = |m: &serde_json::Map<String, Value>| -> Vec<(String, Vec<String>)> {
                    m.iter()
                        .filter_map(|(k, v)| {
                            strings(Some(v))
                                .filter(|s| !s.is_empty())
                                .map(|s| (k.clone(), s))
                        })
                        .collect()
                };
                let (x, y) = (norm(x), norm(y));
                let covers = |p: &[(String, Vec<String>)], q: &[(String, Vec<String>)]| {
                    p.iter().all(|(k, ids)| {
                        q.iter().any(|(k2, ids2)| {
                            k == k2
                                && ids.len() == ids2.len()
                                && ids
                                    .iter()
                                    .all(|i| ids2.iter().any(|j| same_principal_id(i, j)))
                        })
                    })
                };
                covers(&x, &y) && covers(&y, &x)
            }
            _ => false,
        }
    }

    fn same_conditions(a: Option<&Value>, b: Option<&Value>) -> bool {
        let empty = serde_json::Map::new();
        let a = a.and_then(Value::as_object).unwrap_or(&empty);
        let b = b.and_then(Value::as_object).unwrap_or(&empty);
        let covers = |p: &serde_json::Map<String, Value>, q: &serde_json::Map<String, Value>| {
            p.iter().all(|(op, keys)| {
                q.get(op).is_some_and(|keys2| {
                    let (Some(k1), Some(k2)) = (keys.as_object(), keys2.as_object()) else {
                        return false;
                    };
                    k1.len() == k2.len() && k1.iter().all(|(k, v)| same_set(Some(v), k2.get(k)))
                })
            })
        };
        a.len() == b.len() && covers(a, b) && covers(b, a)
    }

    fn same_statement(a: &Value, b: &Value) -> bool {
        let sid = |s: &Value| s["Sid"].as_str().unwrap_or_default().to_string();
        let effect = |s: &Value| s["Effect"].as_str().unwrap_or_default().to_lowercase();
        sid(a) == sid(b)
            && effect(a) == effect(b)
            && ["Action", "NotAction", "Resource", "NotResource"]
                .iter()
                .all(|k| same_set(a.get(*k), b.get(*k)))
            && same_conditions(a.get("Condition"), b.get("Condition"))
            && ["Principal", "NotPrincipal"]
                .iter()
                .all(|k| same_principals(a.get(*k), b.get(*k)))
    }

    /// Whether two policy texts are equal under the AWS provider's policy comparison.
    pub fn equivalent(a: &str, b: &str) -> bool {
        let (a, b): (Value, Value) = (
            serde_json::from_str(a).expect("policy JSON"),
            serde_json::from_str(b).expect("policy JSON"),
        );
        let statements = |d: &Value| match &d["Statement"] {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            one => vec![one.clone()],
        };
        let (sa, sb) = (statements(&a), statements(&b));
        a["Version"] == b["Version"]
            && a["Id"] == b["Id"]
            && sa.len() == sb.len()
            && sa.iter().all(|s| sb.iter().any(|t| same_statement(s, t)))
            && sb.iter().all(|s| sa.iter().any(|t| same_statement(s, t)))
    }
}

/// The documented examples and tested behaviours of aws_iam_policy_document, renamed; each
/// rendering is compared with the AWS provider's rendering (written here as it documents or
/// its rules produce it) as the same policy for IAM. One workspace, one apply.
const AWS_EXAMPLES: &str = r#"
provider "rekognitioniam" {
  # the examples mix statements with and without principals and leave out Resource, as the
  # AWS provider's own tests do; IAM would refuse such documents, so those findings are
  # silenced for the whole port
  ignore_findings = ["principal.missing", "principal.not_allowed", "resource.missing"]
}

resource "terraform_data" "bucket" {
  input = "arn:aws:s3:::created-in-this-run"
}

data "rekognitioniam_policy_document" "basic" {
  policy_id = "policy_id"
  statement {
    sid       = "1"
    actions   = ["s3:ListAllMyBuckets", "s3:GetBucketLocation"]
    resources = ["arn:aws:s3:::*"]
  }
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::foo"]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/", "", "home/&{aws:username}/"]
    }
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/blocked"]
    }
  }
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
  statement {
    effect        = "Deny"
    not_actions   = ["s3:*"]
    not_resources = ["arn:aws:s3:::*"]
  }
  statement {
    actions = ["kinesis:*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
  statement {
    actions = ["firehose:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "rekognitioniam_policy_document" "multiple_condition_keys" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:EncryptionContext:service"
      values   = ["pi"]
    }
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:EncryptionContext:aws:pi:service"
      values   = ["rds"]
    }
  }
}

data "rekognitioniam_policy_document" "assume_role_multiple_principals" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/trusted"]
    }
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:saml-provider/example", "cognito-identity.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/trusted"]
    }
  }
}

data "rekognitioniam_policy_document" "canonical_user" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-bucket/*"]
    principals {
      type        = "CanonicalUser"
      identifiers = ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"]
    }
  }
}

data "rekognitioniam_policy_document" "duplicate_conditions" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::example-bucket"]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["one/"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["two/", "three/"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["one/"]
    }
  }
}

data "rekognitioniam_policy_document" "source" {
  statement {
    actions   = ["ec2:*"]
    resources = ["*"]
  }
  statement {
    sid       = "SidToOverride"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "source_document_example" {
  source_policy_documents = [data.rekognitioniam_policy_document.source.json]
  statement {
    sid       = "SidToOverride"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"]
  }
}

data "rekognitioniam_policy_document" "override" {
  statement {
    sid       = "SidToOverride"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "override_policy_document_example" {
  override_policy_documents = [data.rekognitioniam_policy_document.override.json]
  statement {
    actions   = ["ec2:*"]
    resources = ["*"]
  }
  statement {
    sid       = "SidToOverride"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"]
  }
}

data "rekognitioniam_policy_document" "placeholder_source" {
  statement {
    sid       = "OverridePlaceholder"
    actions   = ["ec2:DescribeAccountAttributes"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "placeholder_override" {
  statement {
    sid       = "OverridePlaceholder"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "politik" {
  source_policy_documents   = [data.rekognitioniam_policy_document.placeholder_source.json]
  override_policy_documents = [data.rekognitioniam_policy_document.placeholder_override.json]
}

data "rekognitioniam_policy_document" "source_one" {
  statement {
    actions   = ["ec2:*"]
    resources = ["*"]
  }
  statement {
    sid       = "UniqueSidOne"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "source_two" {
  statement {
    sid       = "UniqueSidTwo"
    actions   = ["iam:*"]
    resources = ["*"]
  }
  statement {
    actions   = ["lambda:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "combined_sources" {
  source_policy_documents = [
    data.rekognitioniam_policy_document.source_one.json,
    "",
    data.rekognitioniam_policy_document.source_two.json,
  ]
}

data "rekognitioniam_policy_document" "policy_one" {
  statement {
    sid       = "OverridePlaceHolderOne"
    effect    = "Allow"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "policy_two" {
  statement {
    effect    = "Allow"
    actions   = ["ec2:*"]
    resources = ["*"]
  }
  statement {
    sid       = "OverridePlaceHolderTwo"
    effect    = "Allow"
    actions   = ["iam:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "policy_three" {
  statement {
    sid       = "OverridePlaceHolderOne"
    effect    = "Deny"
    actions   = ["logs:*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "combined_overrides" {
  override_policy_documents = [
    data.rekognitioniam_policy_document.policy_one.json,
    data.rekognitioniam_policy_document.policy_two.json,
    data.rekognitioniam_policy_document.policy_three.json,
  ]
  statement {
    sid       = "OverridePlaceHolderTwo"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "empty_inputs" {
  source_policy_documents   = [""]
  override_policy_documents = [""]
}

data "rekognitioniam_policy_document" "normalised_json" {
  source_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecure"
      Effect    = "Deny"
      Action    = ["s3:*"]
      Resource  = "arn:aws:s3:::example-bucket/*"
      Principal = { AWS = ["*"] }
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })]
}

data "rekognitioniam_policy_document" "legacy" {
  version     = "2008-10-17"
  policy_id   = "legacy"
  source_json = ""
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
}

data "rekognitioniam_policy_document" "deferred" {
  statement {
    sid       = "CreatedInThisRun"
    actions   = ["s3:GetObject"]
    resources = ["${terraform_data.bucket.output}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    sid       = "Wide"
    actions   = ["rekognition:*"]
    resources = ["*"]
  }
}

locals {
  documents = {
    basic                            = data.rekognitioniam_policy_document.basic
    multiple_condition_keys          = data.rekognitioniam_policy_document.multiple_condition_keys
    assume_role_multiple_principals  = data.rekognitioniam_policy_document.assume_role_multiple_principals
    canonical_user                   = data.rekognitioniam_policy_document.canonical_user
    duplicate_conditions             = data.rekognitioniam_policy_document.duplicate_conditions
    source_document_example          = data.rekognitioniam_policy_document.source_document_example
    override_policy_document_example = data.rekognitioniam_policy_document.override_policy_document_example
    politik                          = data.rekognitioniam_policy_document.politik
    combined_sources                 = data.rekognitioniam_policy_document.combined_sources
    combined_overrides               = data.rekognitioniam_policy_document.combined_overrides
    empty_inputs                     = data.rekognitioniam_policy_document.empty_inputs
    normalised_json                  = data.rekognitioniam_policy_document.normalised_json
    legacy                           = data.rekognitioniam_policy_document.legacy
    deferred                         = data.rekognitioniam_policy_document.deferred
  }
}

output "json" { value = { for k, d in local.documents : k => d.json } }
output "minified" { value = { for k, d in local.documents : k => d.minified_json } }
output "kind" { value = { for k, d in local.documents : k => d.policy_type_effective } }
"#;

/// What aws_iam_policy_document renders for each document of [`AWS_EXAMPLES`].
const AWS_RENDERINGS: &[(&str, &str)] = &[
    (
        "basic",
        r#"{"Version":"2012-10-17","Id":"policy_id","Statement":[
          {"Sid":"1","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},
          {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::foo",
           "NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/blocked"},
           "Condition":{"StringLike":{"s3:prefix":["home/","","home/${aws:username}/"]}}},
          {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::foo/home/${aws:username}/*","arn:aws:s3:::foo/home/${aws:username}"],
           "Principal":{"AWS":"arn:aws:iam::111122223333:role/reader"}},
          {"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"},
          {"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},
          {"Effect":"Allow","Action":"firehose:*","Principal":"*"}]}"#,
    ),
    (
        "multiple_condition_keys",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow",
          "Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*",
          "Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContext:aws:pi:service":"rds","kms:EncryptionContext:service":"pi"}}}]}"#,
    ),
    (
        "assume_role_multiple_principals",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
          "Principal":{"Service":"firehose.amazonaws.com","AWS":"arn:aws:iam::111122223333:role/trusted",
          "Federated":["cognito-identity.amazonaws.com","arn:aws:iam::111122223333:saml-provider/example"]}}]}"#,
    ),
    (
        "canonical_user",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*",
          "Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}}]}"#,
    ),
    (
        "duplicate_conditions",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket",
          "Condition":{"StringLike":{"s3:prefix":["one/","two/","three/"]}}}]}"#,
    ),
    (
        "source_document_example",
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"","Effect":"Allow","Action":"ec2:*","Resource":"*"},
          {"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::somebucket/*","arn:aws:s3:::somebucket"]}]}"#,
    ),
    (
        "override_policy_document_example",
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"","Effect":"Allow","Action":"ec2:*","Resource":"*"},
          {"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    ),
    (
        "politik",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholder","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    ),
    (
        "combined_sources",
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"","Effect":"Allow","Action":"ec2:*","Resource":"*"},
          {"Sid":"UniqueSidOne","Effect":"Allow","Action":"s3:*","Resource":"*"},
          {"Sid":"UniqueSidTwo","Effect":"Allow","Action":"iam:*","Resource":"*"},
          {"Sid":"","Effect":"Allow","Action":"lambda:*","Resource":"*"}]}"#,
    ),
    (
        "combined_overrides",
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"OverridePlaceHolderTwo","Effect":"Allow","Action":"iam:*","Resource":"*"},
          {"Sid":"OverridePlaceHolderOne","Effect":"Deny","Action":"logs:*","Resource":"*"},
          {"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#,
    ),
    ("empty_inputs", r#"{"Version":"2012-10-17"}"#),
    (
        "normalised_json",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Action":["s3:*"],
          "Resource":"arn:aws:s3:::example-bucket/*","Principal":{"AWS":["*"]},
          "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
    ),
    (
        "legacy",
        r#"{"Version":"2008-10-17","Id":"legacy","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabels","Resource":"*"}]}"#,
    ),
    (
        "deferred",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"CreatedInThisRun","Effect":"Allow","Action":"s3:GetObject",
          "Resource":"arn:aws:s3:::created-in-this-run/*","Principal":{"AWS":"111122223333"}},
          {"Sid":"Wide","Effect":"Allow","Action":"rekognition:*","Resource":"*"}]}"#,
    ),
];

#[test]
fn aws_iam_policy_document_examples_render_the_same_policies() {
    if !available() {
        return;
    }
    let ws = Workspace::new(AWS_EXAMPLES);
    let validate = ws.ok(&["validate", "-no-color"]);
    assert!(!validate.contains("Warning"), "{validate}");
    // each diagnostic once per command (the JSON view does not group similar warnings),
    // including the warning of the document read only at apply
    let applied = ws.ok(&["apply", "-json", "-input=false", "-auto-approve"]);
    let diagnostics: Vec<String> = applied
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["type"] == "diagnostic")
        .map(|l| {
            let d = &l["diagnostic"];
            format!("{} | {} | {}", d["address"], d["summary"], d["detail"])
        })
        .collect();
    for d in &diagnostics {
        assert_eq!(
            diagnostics.iter().filter(|e| *e == d).count(),
            1,
            "shown more than once: {d}\n{diagnostics:#?}"
        );
    }
    let shown = |address: &str, summary: &str| {
        diagnostics
            .iter()
            .any(|d| d.contains(address) && d.contains(summary))
    };
    assert!(
        shown(
            "rekognitioniam_policy_document.legacy",
            "Deprecated argument"
        ),
        "{diagnostics:#?}"
    );
    assert!(
        shown(
            "rekognitioniam_policy_document.deferred",
            "grants all of rekognition"
        ),
        "{diagnostics:#?}"
    );
    let out = ws.outputs();
    for (name, aws) in AWS_RENDERINGS {
        let ours = out["json"][name].as_str().unwrap();
        assert!(
            aws_equivalence::equivalent(ours, aws),
            "{name}: not the AWS provider's policy\nours: {ours}\naws:  {aws}"
        );
        let minified = out["minified"][name].as_str().unwrap();
        assert!(
            aws_equivalence::equivalent(minified, aws),
            "{name}: {minified}"
        );
        assert!(!minified.contains('\n'), "{minified}");
    }
    assert_eq!(out["json"].as_object().unwrap().len(), AWS_RENDERINGS.len());
    assert_eq!(out["kind"]["assume_role_multiple_principals"], "trust");
    assert_eq!(out["kind"]["canonical_user"], "resource");
    assert_eq!(out["kind"]["combined_sources"], "identity");
    // the user's order is kept where the AWS provider reverse-sorts
    assert!(out["json"]["basic"]
        .as_str()
        .unwrap()
        .contains("\"s3:ListAllMyBuckets\",\n        \"s3:GetBucketLocation\""));
    ws.assert_no_changes();
}

#[test]
fn invalid_json_and_non_empty_deprecated_arguments_fail_like_the_aws_provider() {
    if !available() {
        return;
    }
    let ws = Workspace::new(
        r#"
data "rekognitioniam_policy_document" "invalid" {
  source_policy_documents   = ["", "{\"Statement\": [}"]
}
data "rekognitioniam_policy_document" "legacy" {
  source_json = "{\"Statement\": []}"
}
"#,
    );
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("source_policy_documents[1]"), "{text}");
    assert!(
        text.contains("source_json accepts only an empty string"),
        "{text}"
    );
}

#[test]
fn provider_block_defaults_apply_unless_a_document_sets_its_own() {
    if !available() {
        return;
    }
    let config = |strict: &str| {
        format!(
            r#"
provider "rekognitioniam" {{
  strict              = true
  default_policy_type = "identity"
}}
data "rekognitioniam_policy_document" "wide" {{
  {strict}
  statement {{
    actions   = ["rekognition:*"]
    resources = ["*"]
  }}
}}
output "kind" {{ value = data.rekognitioniam_policy_document.wide.policy_type_effective }}
"#
        )
    };
    let ws = Workspace::new(&config(""));
    let text = ws.fails(&["validate", "-no-color"]);
    assert!(text.contains("strict = true"), "{text}");
    let ws = Workspace::new(&config("strict = false"));
    let applied = ws.apply();
    assert_eq!(applied.matches("Warning: ").count(), 1, "{applied}");
    assert_eq!(ws.outputs()["kind"], "identity");
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
