//! A catalogue of bad inputs and what each one gets from the real terraform: the diagnostic's
//! summary and where it points.
//!
//! Each row is an HCL configuration (with `NAME` where its label goes) or a JSON policy (given
//! to `rekognitioniam_policy_document` as a source document). Rows of one phase share one
//! configuration, so one `terraform validate -json` (or `plan -json`) answers them all; every
//! diagnostic is matched to its row by the line it points at. Phases run in parallel.
//!
//! Columns: the input, a regex for the summary, and where: `Source` is a regex for the text
//! Terraform highlights (the attribute, element or function argument the provider named),
//! `Detail` a regex for the detail (where the provider reports a place inside JSON, or the
//! attribute path of a validator finding), `Anywhere` when Terraform attaches no range.

use crate::support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::thread;

use regex::Regex;
use serde_json::Value as J;
use support::terraform::{available, Workspace};

/// When the error shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// At `terraform validate`: every value is known.
    Validate,
    /// At `terraform plan`: the value comes from a variable, unknown while validating.
    Plan,
    /// At the second `terraform plan`, after a first configuration was applied: the row's
    /// input is `before<TAB>after`.
    Update,
}

enum Input {
    Hcl(&'static str),
    Json(&'static str),
}

enum At {
    Source(&'static str),
    Detail(&'static str),
}

struct Row {
    phase: Phase,
    input: Input,
    summary: &'static str,
    at: At,
    warning: bool,
}

const fn hcl(input: &'static str, summary: &'static str, at: At) -> Row {
    Row {
        phase: Phase::Validate,
        input: Input::Hcl(input),
        summary,
        at,
        warning: false,
    }
}

const fn json(input: &'static str, summary: &'static str, at: At) -> Row {
    Row {
        phase: Phase::Validate,
        input: Input::Json(input),
        summary,
        at,
        warning: false,
    }
}

const fn plan(input: &'static str, summary: &'static str, at: At) -> Row {
    Row {
        phase: Phase::Plan,
        input: Input::Hcl(input),
        summary,
        at,
        warning: false,
    }
}

const fn update(input: &'static str, summary: &'static str, at: At) -> Row {
    Row {
        phase: Phase::Update,
        input: Input::Hcl(input),
        summary,
        at,
        warning: false,
    }
}

const fn warning(row: Row) -> Row {
    Row {
        warning: true,
        ..row
    }
}

use At::{Detail, Source};

const ROWS: &[Row] = &[
    // ---- rekognitioniam_managed_policy
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" { name = "AmazonRekognitionFulAccess" }"#,
        "^Unknown managed policy$",
        Source(r#"^"AmazonRekognitionFulAccess"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" { name = "amazonrekognitionreadonlyaccess" }"#,
        "^Unknown managed policy$",
        Source(r#"^"amazonrekognitionreadonlyaccess"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" { name = "" }"#,
        "managed policy",
        Source(r#"^""$"#),
    ),
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" {
  name    = "AmazonRekognitionFullAccess"
  version = "v99"
}"#,
        "^Unknown managed policy version$",
        Source(r#"^"v99"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" {}"#,
        "^Missing required argument$",
        Detail(r#"^The argument "name" is required"#),
    ),
    hcl(
        r#"data "rekognitioniam_managed_policy" "NAME" {
  name   = "AmazonRekognitionFullAccess"
  region = "us-east-1"
}"#,
        "^Unsupported argument$",
        Source("^region$"),
    ),
    // ---- rekognitioniam_policy_document: statement blocks
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectFaces", "rekognition:DetectLabel"]
    resources = ["*"]
  }
}"#,
        r#"^Unknown action "rekognition:DetectLabel"$"#,
        Source(r#"^"rekognition:DetectLabel"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognitoin:DetectLabels"]
    resources = ["*"]
  }
}"#,
        "rekognitoin",
        Detail(r"^statement\[0\]\.actions\[0\]: .*\[action\.unknown_service\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["DetectLabels"]
    resources = ["*"]
  }
}"#,
        "DetectLabels",
        Detail(r"\[action\.invalid_format\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:Detekt*"]
    resources = ["*"]
  }
}"#,
        "Detekt",
        Detail(r"\[action\.no_match\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["images-bucket/*"]
  }
}"#,
        "images-bucket",
        Detail(r"^statement\[0\]\.resources\[0\]: .*\[resource\.invalid_prefix\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3"]
  }
}"#,
        "arn:aws:s3",
        Detail(r"\[resource\.missing_arn_field\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws-moon:s3:::images/*"]
  }
}"#,
        "aws-moon",
        Detail(r"\[resource\.invalid_partition\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:SearchFaces"]
    resources = ["arn:aws:rekognition:us-east1:111122223333:collection/faces"]
  }
}"#,
        "us-east1",
        Detail(r"\[resource\.invalid_region\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:SearchFaces"]
    resources = ["arn:aws:rekognition:us-east-1:1111:collection/faces"]
  }
}"#,
        "1111",
        Detail(r"\[resource\.invalid_account\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    effect    = "allow"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
}"#,
        "allow",
        Detail(r"^statement\[0\]\.effect: .*\[effect\.invalid\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    sid       = "detect-labels"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
}"#,
        "detect-labels",
        Detail(r"\[sid\.invalid\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    sid       = "Detect"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
  statement {
    sid       = "Detect"
    actions   = ["rekognition:DetectFaces"]
    resources = ["*"]
  }
}"#,
        "^Duplicate Sid in statement blocks$",
        Detail(r"^statement\[1\] has Sid .Detect. like statement\[0\]"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions     = ["rekognition:DetectLabels"]
    not_actions = ["rekognition:DetectFaces"]
    resources   = ["*"]
  }
}"#,
        ".",
        Detail(r"\[statement\.conflicting_elements\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    resources = ["*"]
  }
}"#,
        ".",
        Detail(r"\[action\.missing\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions = ["rekognition:DetectLabels"]
  }
}"#,
        ".",
        Detail(r"\[resource\.missing\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "StringEqual"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}"#,
        "StringEqual",
        Detail(r"\[condition\.unknown_operator\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAcount"
      values   = ["111122223333"]
    }
  }
}"#,
        "aws:SourceAcount",
        Detail(r"\[condition\.unknown_global_key\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "SourceAccount"
      values   = ["111122223333"]
    }
  }
}"#,
        "SourceAccount",
        Detail(r"\[condition\.invalid_key_format\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "NullIfExists"
      variable = "aws:SourceAccount"
      values   = ["true"]
    }
  }
}"#,
        ".",
        Detail(r"\[condition\.null_if_exists\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true", "false"]
    }
  }
}"#,
        ".",
        Detail(r"\[condition\.multiple_bool\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:TagKeys"
      values   = ["team"]
    }
  }
}"#,
        ".",
        Detail(r"\[condition\.missing_qualifier\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["10.0.0.0/8"]
    }
  }
}"#,
        ".",
        Detail(r"\[condition\.private_ip\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpc"
      values   = ["vpc-xyz"]
    }
  }
}"#,
        ".",
        Detail(r"\[condition\.invalid_vpc\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "identity"
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["111122223333"]
    }
  }
}"#,
        ".",
        Detail(r"\[principal\.not_allowed\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "project"
  statement {
    actions   = ["rekognition:CopyProjectVersion"]
    resources = ["arn:aws:rekognition:us-east-1:111122223333:project/p/version/*/*"]
    principals {
      type        = "Service"
      identifiers = ["rekognition.amazonaws.com"]
    }
  }
}"#,
        "^Service principals are not allowed in a project policy$",
        Detail(r"^statement\[0\]\.principals.*\[project\.unsupported_principal\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "bucket"
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
}"#,
        "^Invalid policy type$",
        Source(r#"^"bucket"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "trust"
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["rekognition.amazonaws.com"]
    }
  }
}"#,
        ".",
        Detail(r"\[trust\.resource_not_allowed\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "trust"
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}"#,
        ".",
        Detail(r"\[trust\.wildcard_principal\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "trust"
  statement {
    actions = ["rekognition:DetectLabels"]
    principals {
      type        = "Service"
      identifiers = ["rekognition.amazonaws.com"]
    }
  }
}"#,
        ".",
        Detail(r"\[trust\.unsupported_action\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "trust"
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["rekognition"]
    }
  }
}"#,
        ".",
        Detail(r"\[principal\.invalid_service\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  policy_type = "resource"
  statement {
    actions   = ["rekognition:CopyProjectVersion"]
    resources = ["*"]
    principals {
      type        = "Aws"
      identifiers = ["111122223333"]
    }
  }
}"#,
        ".",
        Detail(r"\[principal\.unknown_type\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  version = "2012-10-18"
  statement {
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }
}"#,
        "2012-10-18",
        Detail(r"\[version\.invalid\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::images/$${aws:username"]
  }
}"#,
        ".",
        Detail(r"\[variable\.missing_brace\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  version = "2008-10-17"
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::images/$${aws:username}/*"]
  }
}"#,
        ".",
        Detail(r"\[variable\.requires_version\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  strict = true
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}"#,
        ".",
        Detail(r"\[security\.full_access\] \(an error because strict = true\)$"),
    ),
    // warnings are shown once per command, by plan (terraform validate shows errors only)
    warning(plan(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = ["rekognition:*"]
    resources = ["*"]
  }
}"#,
        ".",
        Detail(r"\[security\.service_full_access\]$"),
    )),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = [for i in range(400) : "rekognition:DetectLabels"]
    resources = [for i in range(400) : "arn:aws:s3:::bucket-${i}/*"]
  }
}"#,
        ".",
        Detail(r"\[size\.exceeded\]$"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  source_policy_documents = [
    jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "A", Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] }),
    jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "A", Effect = "Allow", Action = "s3:PutObject", Resource = "*" }] }),
  ]
}"#,
        "^Duplicate Sid across source documents$",
        Source("jsonencode"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  source_policy_documents = [jsonencode({
    Version   = "2012-10-17"
    Statement = flatten([for i in range(50) : [for j in range(50) : { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::bucket-with-a-long-name/${i}/${j}/*" }]])
  })]
}"#,
        "^Invalid policy JSON$",
        Detail(r"131,?072"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions    = ["rekognition:DetectLabels"]
    resources  = ["*"]
    conditions = []
  }
}"#,
        "^Unsupported argument$",
        Source("^conditions$"),
    ),
    // ---- JSON documents (line and column inside the document)
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}
  ]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 4, column \d+.*\[json\.trailing_comma\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  // read images
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 3, column 3.*\[json\.comment\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{'Effect': "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 3, column \d+.*\[json\.single_quoted_string\]"),
    ),
    json(
        r#"{
  Version: "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 2, column 3.*\[json\.unquoted_key\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 3, column \d+.*\[json\.duplicate_key\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17"
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 2, column \d+.*\[json\.missing_comma\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"
}"#,
        "^Invalid policy JSON$",
        Detail(r"line \d+, column \d+.*\[json\.syntax\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": "Allow everything"
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 3, column 16.*\[policy\.wrong_type\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}]
}"#,
        ".",
        Detail(r"line 3, column \d+.*\[policy\.unknown_element\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]
}"#,
        ".",
        Detail(r"line 3, column \d+.*\[effect\.missing\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
    "Condition": {"NumericLessThan": {"s3:max-keys": 0x10}}}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 4, column \d+.*\[json\.invalid_number\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a\qb"}]
}"#,
        "^Invalid policy JSON$",
        Detail(r"line 3, column \d+.*\[json\.invalid_escape\]"),
    ),
    json(
        "{\n  \"Version\": \"2012-10-17\",\u{a0}\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}",
        "^Invalid policy JSON$",
        Detail(r"line 2, column \d+.*\[json\.invalid_whitespace\]"),
    ),
    json(
        r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"#,
        "^Invalid policy JSON$",
        Detail(r"line 1, column 33.*\[json\.too_deep\]"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "rekognition:DetectLabel", "Resource": "*"}]
}"#,
        r#"^Unknown action "rekognition:DetectLabel"$"#,
        Detail(r"^source_policy_documents\[0\], line 3, column 47: .*\[action\.unknown\]$"),
    ),
    json(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
    "Condition": {"StringEquals": {"aws:SourceAccount": ["111122223333", null]}}}]
}"#,
        ".",
        Detail(r"line 4, column \d+.*\[policy\.wrong_type\]"),
    ),
    // ---- rekognitioniam_policy_template
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" { name = "detect_custom_label" }"#,
        "^Unknown policy template$",
        Source(r#"^"detect_custom_label"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" { name = "detect_custom_labels" }"#,
        "^Missing template parameter$",
        Detail("needs project_version_arn"),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" {
  name                = "s3_image_read"
  bucket_arns         = ["arn:aws:s3:::images"]
  project_version_arn = "arn:aws:rekognition:us-east-1:111122223333:project/p/version/v/1700000000000"
}"#,
        "^Parameter not used by this template$",
        Source(r#"^"arn:aws:rekognition:.*/1700000000000"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" {
  name                = "detect_custom_labels"
  project_version_arn = "arn:aws:rekognition:us-east-1:111122223333:collection/faces"
}"#,
        ".",
        Source(r#"collection/faces"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" {
  name        = "s3_image_read"
  bucket_arns = ["arn:aws:s3:::Images_Bucket"]
}"#,
        ".",
        Source(r#"Images_Bucket"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" {
  name           = "service_role_trust"
  source_account = "12345"
}"#,
        ".",
        Source(r#"^"12345"$"#),
    ),
    hcl(
        r#"data "rekognitioniam_policy_template" "NAME" {
  name        = "project_policy"
  project_arn = "arn:aws:rekognition:us-east-1:111122223333:project/p/1700000000000"
  account_ids = ["111122223333", "not-an-account"]
}"#,
        ".",
        Source(r#""not-an-account""#),
    ),
    // ---- rekognitioniam_policy_attachment
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" { identity_arn = "arn:aws:iam::111122223333:policy/app" }"#,
        "^Invalid identity ARN$",
        Source(r#"^"arn:aws:iam::111122223333:policy/app"$"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = ["arn:aws:iam::111122223333:role/other"]
}"#,
        "^Invalid managed policy ARN$",
        Source(r#"^"arn:aws:iam::111122223333:role/other"$"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = [for i in range(11) : "arn:aws:iam::111122223333:policy/p${i}"]
}"#,
        "^Too many managed policies$",
        Source("^\\[for i in range\\(11\\)"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess",
  ]
}"#,
        "^Duplicate managed policy$",
        Source(r#"AmazonRekognitionReadOnlyAccess"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn    = "arn:aws:iam::111122223333:role/app"
  inline_policies = { big = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = [for i in range(400) : "arn:aws:s3:::bucket-${i}/*"] }] }) }
}"#,
        "^Inline policies too large$",
        Source("inline_policies|jsonencode"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"]
  forbid { actions = ["rekognition:DeleteCollection"] }
}"#,
        "^Forbidden access is granted$",
        Source("forbid|DeleteCollection"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess"]
  require { actions = ["rekognition:IndexFaces"] }
}"#,
        "^Required access is missing$",
        Source("require|IndexFaces"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn     = "arn:aws:iam::111122223333:role/app"
  max_access_level = "Admin"
}"#,
        "^Invalid access level$",
        Source(r#"^"Admin"$"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonRekognitionFullAccess"]
  max_access_level    = "Read"
}"#,
        "^Access above the allowed level$",
        Source("max_access_level|Read"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn     = "arn:aws:iam::111122223333:role/app"
  policy_documents = { "arn:aws:iam::111122223333:policy/other" = "{}" }
}"#,
        "^Document for a policy that is not attached$",
        Source(r#"^"?\{\}"?$"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn    = "arn:aws:iam::111122223333:role/app"
  inline_policies = { app = "{\"Version\": \"2012-10-17\", \"Statement\": [}" }
}"#,
        r"^Unexpected `\}`$",
        Detail(r#"^inline_policies\["app"\], line 1, column 41: .*\[json\.syntax\]$"#),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn    = "arn:aws:iam::111122223333:role/app"
  inline_policies = { app = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "rekognition:DetectLabel", Resource = "*" }] }) }
}"#,
        r#"^Unknown action "rekognition:DetectLabel"$"#,
        Source("jsonencode"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn         = "arn:aws:iam::111122223333:role/app"
  max_managed_policies = 100
}"#,
        "^Managed policy quota out of range$",
        Source("^100$"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn         = "arn:aws:iam::111122223333:group/devs"
  max_managed_policies = 20
}"#,
        "^Managed policy quota of a group is fixed$",
        Source("^20$"),
    ),
    hcl(
        r#"resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn = "arn:aws:iam::111122223333:role/app"
  forbid { actions = ["rekognition:DeleteColection"] }
}"#,
        "^Unknown action$",
        Source(r#"^"rekognition:DeleteColection"$"#),
    ),
    // ---- functions
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::collection_arn("us-east1", "111122223333", "faces") }"#,
        "^Invalid function argument$",
        Source(r#"^"?us-east1"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::collection_arn("us-east-1", "1111", "faces") }"#,
        "^Invalid function argument$",
        Source(r#"^"?1111"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::project_version_arn("us-east-1", "111122223333", "shoes", "v1", "yesterday") }"#,
        "^Invalid function argument$",
        Source(r#"^"?yesterday"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::stream_processor_arn("us-east-1", "111122223333", "my processor") }"#,
        "^Invalid function argument$",
        Source(r#"^"?my processor"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::dataset_arn("us-east-1", "111122223333", "shoes", "validation", "1700000000000") }"#,
        "^Invalid function argument$",
        Source(r#"^"?validation"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::parse_arn("arn:aws:rekognition") }"#,
        "^Invalid function argument$",
        Source(r#"^"?arn:aws:rekognition"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::expand_actions("rekognition:Detekt*") }"#,
        "^Invalid function argument$",
        Source(r#"^"?rekognition:Detekt\*"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::expand_actions("rekognitoin:*") }"#,
        "^Invalid function argument$",
        Source(r#"^"?rekognitoin:\*"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::access_level("rekognition:DetectLabel") }"#,
        "^Invalid function argument$",
        Source(r#"^"?rekognition:DetectLabel"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::policies_equivalent("{", jsonencode({ Statement = [] })) }"#,
        "^Invalid function argument$",
        Source(r#"^"?\{"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::validate_policy(jsonencode({ Statement = [] }), "bucket") }"#,
        "^Invalid function argument$",
        Source(r#"^"?bucket"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::split_policy(jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] }), 0) }"#,
        "^Invalid function argument$",
        Source("^0$"),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::managed_policy("AmazonRekognitionFulAccess") }"#,
        "^Invalid function argument$",
        Source(r#"^"?AmazonRekognitionFulAccess"?$"#),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::access_level(null) }"#,
        "^Invalid function argument$",
        Source("^null$"),
    ),
    hcl(
        r#"output "NAME" { value = provider::rekognitioniam::collection_arn("us-east-1", "111122223333") }"#,
        "^Not enough function arguments$",
        Source(r#"\)$"#),
    ),
    // ---- values known only at plan
    plan(
        r#"variable "NAME" { default = "AmazonRekognitionFulAccess" }
data "rekognitioniam_managed_policy" "NAME" { name = var.NAME }"#,
        "^Unknown managed policy$",
        Source("^var\\."),
    ),
    plan(
        r#"variable "NAME" { default = "rekognition:DetectLabel" }
data "rekognitioniam_policy_document" "NAME" {
  statement {
    actions   = [var.NAME]
    resources = ["*"]
  }
}"#,
        r#"^Unknown action "rekognition:DetectLabel"$"#,
        Source("^var\\."),
    ),
    plan(
        r#"variable "NAME" { default = "{\"Version\": \"2012-10-17\", \"Statement\": [}" }
data "rekognitioniam_policy_document" "NAME" { source_policy_documents = [var.NAME] }"#,
        "^Invalid policy JSON$",
        Detail(r"source_policy_documents\[0\] at line 1, column \d+"),
    ),
    plan(
        r#"variable "NAME" { default = "collection/faces" }
data "rekognitioniam_policy_template" "NAME" {
  name                = "detect_custom_labels"
  project_version_arn = "arn:aws:rekognition:us-east-1:111122223333:${var.NAME}"
}"#,
        ".",
        Source("var\\."),
    ),
    plan(
        r#"variable "NAME" { default = "rekognition:*" }
resource "rekognitioniam_policy_attachment" "NAME" {
  identity_arn    = "arn:aws:iam::111122223333:role/app"
  inline_policies = { app = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.NAME, Resource = "*" }] }) }
  forbid { actions = ["rekognition:DeleteCollection"] }
}"#,
        "^Forbidden access is granted$",
        Source("forbid|DeleteCollection"),
    ),
    // ---- changes to applied state
    update(
        "resource \"rekognitioniam_policy_attachment\" \"NAME\" {\n  identity_arn     = \"arn:aws:iam::111122223333:role/app\"\n  allow_new_access = false\n  inline_policies  = { app = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"ACTION\", Resource = \"*\" }] }) }\n}",
        "^Update grants new access$",
        Source("allow_new_access|false|inline_policies"),
    ),
];

/// The label of row `i` in configurations.
fn label(i: usize) -> String {
    format!("row_{i:03}")
}

/// The HCL of a row, with its label in place.
fn hcl_of(i: usize, row: &Row) -> String {
    match row.input {
        Input::Hcl(text) => text.replace("NAME", &label(i)),
        // `${` and `%{` start templates in a heredoc: escape them.
        Input::Json(text) => format!(
            "data \"rekognitioniam_policy_document\" \"{}\" {{\n  source_policy_documents = [<<EOT\n{}\nEOT\n  ]\n}}",
            label(i),
            text.replace("${", "$${").replace("%{", "%%{")
        ),
    }
}

/// A diagnostic as Terraform reports it in JSON.
#[derive(Debug)]
struct Diag {
    error: bool,
    summary: String,
    detail: String,
    line: Option<u64>,
    highlight: String,
}

fn diag_of(d: &J, source: &str) -> Diag {
    let range = &d["range"];
    let (start, end) = (
        range["start"]["byte"].as_u64().unwrap_or(0) as usize,
        range["end"]["byte"].as_u64().unwrap_or(0) as usize,
    );
    Diag {
        error: d["severity"] == "error",
        summary: d["summary"].as_str().unwrap_or_default().to_string(),
        detail: d["detail"].as_str().unwrap_or_default().to_string(),
        line: range["start"]["line"].as_u64(),
        highlight: source.get(start..end).unwrap_or_default().to_string(),
    }
}

/// Runs one configuration and returns its diagnostics: `validate -json` for the validate
/// phase, `plan -json` otherwise.
fn diagnostics(ws: &Workspace, source: &str, phase: Phase) -> Vec<Diag> {
    if phase == Phase::Validate {
        let out = ws.run(&["validate", "-json", "-no-color"]);
        let report: J = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "validate -json: {e}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| diag_of(d, source))
            .collect()
    } else {
        let out = ws.run(&["plan", "-json", "-no-color", "-input=false"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<J>(l).ok())
            .filter(|l| l["type"] == "diagnostic")
            .map(|l| diag_of(&l["diagnostic"], source))
            .collect()
    }
}

/// Checks the rows `rows` (index, row) against `diags` of `source`, where row `i` spans the
/// lines `spans[i]`. Returns one message per failure.
fn check(
    rows: &[(usize, &Row)],
    spans: &BTreeMap<usize, (u64, u64)>,
    diags: &[Diag],
) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, row) in rows {
        let (first, last) = spans[i];
        let mine: Vec<&Diag> = diags
            .iter()
            .filter(|d| d.line.is_some_and(|l| (first..=last).contains(&l)))
            .collect();
        let summary = Regex::new(row.summary).unwrap();
        let found = mine.iter().any(|d| {
            d.error != row.warning
                && summary.is_match(&d.summary)
                && match row.at {
                    At::Source(re) => Regex::new(re).unwrap().is_match(&d.highlight),
                    At::Detail(re) => Regex::new(re).unwrap().is_match(&d.detail),
                }
        });
        if !found {
            failures.push(format!(
                "{} (lines {first}-{last}): expected {} /{}/ at {}, got {mine:#?}",
                label(*i),
                if row.warning { "a warning" } else { "an error" },
                row.summary,
                match row.at {
                    At::Source(re) => format!("source /{re}/"),
                    At::Detail(re) => format!("detail /{re}/"),
                }
            ));
        }
    }
    // No error may land outside the rows: each row fails on its own.
    for d in diags.iter().filter(|d| d.error) {
        let owned = d.line.is_some_and(|l| {
            rows.iter()
                .any(|(i, _)| (spans[i].0..=spans[i].1).contains(&l))
        });
        if !owned {
            failures.push(format!("an error outside every row: {d:#?}"));
        }
    }
    failures
}

/// All rows of one phase in one configuration; returns the failures.
fn run_batch(phase: Phase, rows: Vec<(usize, &'static Row)>) -> Vec<String> {
    let mut config = String::from(support::terraform::PROVIDER_BLOCK);
    let mut spans = BTreeMap::new();
    for (i, row) in &rows {
        config.push('\n');
        let first = config.lines().count() as u64 + 1;
        let _ = writeln!(config, "{}", hcl_of(*i, row));
        spans.insert(*i, (first, config.lines().count() as u64));
    }
    let ws = Workspace::empty();
    ws.write("main.tf", &config);
    ws.init();
    let diags = diagnostics(&ws, &config, phase);
    check(&rows, &spans, &diags)
}

/// An update row: apply the configuration with a harmless action, then plan the row's.
fn run_update(i: usize, row: &'static Row) -> Vec<String> {
    let after = hcl_of(i, row);
    let before = after.replace("ACTION", "rekognition:DetectLabels");
    let after = after.replace("ACTION", "rekognition:DeleteCollection");
    let ws = Workspace::new(&before);
    ws.apply();
    let config = format!("{}\n{after}\n", support::terraform::PROVIDER_BLOCK);
    ws.write("main.tf", &config);
    let first = support::terraform::PROVIDER_BLOCK.lines().count() as u64 + 1;
    let spans = BTreeMap::from([(i, (first, config.lines().count() as u64))]);
    let diags = diagnostics(&ws, &config, Phase::Update);
    check(&[(i, row)], &spans, &diags)
}

#[test]
fn every_bad_input_gets_its_diagnostic_at_its_place() {
    if !available() {
        return;
    }
    assert!(ROWS.len() >= 60, "the catalogue has {} rows", ROWS.len());
    let mut by_phase: BTreeMap<Phase, Vec<(usize, &'static Row)>> = BTreeMap::new();
    for (i, row) in ROWS.iter().enumerate() {
        by_phase.entry(row.phase).or_default().push((i, row));
    }
    let mut jobs = Vec::new();
    for (phase, rows) in by_phase {
        if phase == Phase::Update {
            for (i, row) in rows {
                jobs.push(thread::spawn(move || run_update(i, row)));
            }
        } else {
            jobs.push(thread::spawn(move || run_batch(phase, rows)));
        }
    }
    let failures: Vec<String> = jobs
        .into_iter()
        .flat_map(|j| j.join().expect("catalogue thread"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n\n")
    );
}
