//! Golden tests: the exact text of findings for typical mistakes. Each finding is shown as
//! `place: severity: message [code]` with its `help:` line; the wording is what users read at
//! `terraform validate`, so changes here should be deliberate.

use crate::analysis::{validate, validate_json, PolicyType, ValidateOptions};
use crate::policy::{Effect, PolicyDocument, SizeQuota, Statement, StringList};

fn render(findings: &[crate::analysis::Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{f}\n  help: {}", f.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_with(input: &str, options: &ValidateOptions, expected: &str) {
    let report = validate_json(input, options);
    assert_eq!(render(&report.findings), expected, "input: {input}");
}

fn check(input: &str, expected: &str) {
    check_with(input, &ValidateOptions::default(), expected);
}

#[test]
fn misspelt_action_and_service() {
    check(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["rekognition:DetectLabel", "recognition:DetectFaces", "s3:HeadObject"],
    "Resource": "*"
  }]
}"#,
        r#"5:16: error: Unknown action "rekognition:DetectLabel" [action.unknown]
  help: Did you mean "rekognition:DetectLabels"? rekognition has no action "DetectLabel"; IAM ignores the entry.
5:43: error: Unknown service "recognition" in action "recognition:DetectFaces" [action.unknown_service]
  help: Did you mean "rekognition:DetectFaces"? "recognition" is not an IAM service prefix; IAM ignores the entry.
5:70: error: Unknown action "s3:HeadObject" [action.unknown]
  help: HeadObject is an API operation name, not an IAM action: IAM authorizes it with "s3:GetObject"."#,
    );
}

#[test]
fn action_and_resource_that_do_not_fit() {
    check(
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "rekognition:DeleteCollection",
     "Resource": "arn:aws:rekognition:us-east-1:123456789012:streamprocessor/cam"},
    {"Effect": "Allow", "Action": ["rekognition:DetectLabels", "rekognition:SearchFaces"],
     "Resource": "arn:aws:rekognition:us-east-1a:123456789012:collection/faces"},
    {"Effect": "Allow", "Action": "rekognition:DescribeProjectVersions",
     "Resource": "arn:aws:rekognition:us-east-1:123456789012:project/labels"}
  ]
}"#,
        r#"4:35: warning: Action "rekognition:DeleteCollection" matches none of the statement's resources [action.no_matching_resource]
  help: It applies to collection resources (arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}), so the statement grants nothing for it. Add a matching ARN or move the action to another statement.
7:18: error: Invalid region "us-east-1a" in ARN "arn:aws:rekognition:us-east-1a:123456789012:collection/faces" [resource.invalid_region]
  help: "us-east-1a" looks like an availability zone; the region is "us-east-1". Regions are written like us-east-1; * matches any.
8:35: warning: Action "rekognition:DescribeProjectVersions" matches none of the statement's resources [action.no_matching_resource]
  help: It applies to project resources (arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}), so the statement grants nothing for it. Add a matching ARN or move the action to another statement."#,
    );
}

#[test]
fn conditions() {
    check(
        r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "rekognition:CreateCollection",
    "Resource": "*",
    "Condition": {
      "StringEqual": {"aws:RequestedRegion": "us-east-1"},
      "StringEquals": {"aws:SecureTransport": "true", "aws:SourceIP": "203.0.113.7", "rekognition:Collection": "x", "aws:TagKeys": "team"},
      "NumericLessThan": {"aws:CurrentTime": "2026-01-01"},
      "NullIfExists": {"aws:TokenIssueTime": "yes"},
      "ForAllValues:StringEquals": {"aws:RequestedRegion": ["us-east-1"]}
    }
  }]
}"#,
        r#"8:7: error: Unknown condition operator "StringEqual" [condition.unknown_operator]
  help: Did you mean "StringEquals"? IAM rejects the policy: operator names are case-sensitive, e.g. StringEquals, ArnLike, ForAnyValue:StringLike, BoolIfExists.
9:24: warning: StringEquals does not fit "aws:SecureTransport" of type Bool [condition.type_mismatch]
  help: Use Bool for this key; StringEquals compares text and may never match.
9:55: warning: StringEquals does not fit "aws:SourceIP" of type IPAddress [condition.type_mismatch]
  help: Use IpAddress or NotIpAddress for this key; StringEquals compares text and may never match.
9:86: error: Unknown condition key "rekognition:Collection" [condition.unknown_service_key]
  help: rekognition defines no such condition key; an unknown key is absent from every request.
9:117: error: "aws:TagKeys" has several values but StringEquals has no ForAllValues/ForAnyValue [condition.missing_qualifier]
  help: Write ForAnyValue:StringEquals (some value matches) or ForAllValues:StringEquals (every value matches).
10:46: warning: NumericLessThan value "2026-01-01" is not a number [condition.invalid_number]
  help: Write an integer or decimal number, e.g. 3600.
11:7: error: "NullIfExists" cannot take the IfExists suffix [condition.null_if_exists]
  help: Null already tests whether the key exists: write "Null".
11:46: warning: NullIfExists value "yes" is not true or false [condition.invalid_bool]
  help: Write true or false; with any other value the NullIfExists condition never matches.
12:37: security_warning: ForAllValues on single-valued key "aws:RequestedRegion" [condition.for_all_values_single_valued]
  help: ForAllValues is also true when aws:RequestedRegion is absent from the request, which grants more than intended. Write StringEquals."#,
    );
}

#[test]
fn statement_structure() {
    check(
        r#"{"Version": "2012-10-18", "Statement": [
  {"Sid": "read images", "Effect": "allow", "Principal": "*", "Action": "rekognition:DetectLabels", "Resource": "*"},
  {"Sid": "Dup", "Effect": "Allow", "Action": "rekognition:DetectFaces", "NotAction": "s3:*"},
  {"Sid": "Dup", "Effect": "Deny", "Action": "rekognition:DeleteCollection", "Resource": "*"}
]}"#,
        r#"1:13: error: Invalid Version "2012-10-18" [version.invalid]
  help: Did you mean "2012-10-17"? IAM accepts only "2012-10-17" (current) and "2008-10-17".
2:11: error: Sid "read images" has characters other than letters and digits [sid.invalid]
  help: IAM policies accept only A-Z, a-z and 0-9 in Sid, e.g. "ReadImages".
2:36: error: Invalid Effect "allow" [effect.invalid]
  help: Did you mean "Allow"? Effect is exactly "Allow" or "Deny" (case-sensitive).
2:58: error: Principal is not allowed in an identity policy [principal.not_allowed]
  help: The policy applies to whoever it is attached to; remove Principal. To grant access to other principals, use a resource policy or a role trust policy.
3:3: error: Statement has no Resource or NotResource [resource.missing]
  help: Add "Resource": "*" for actions without resource-level permissions, or the ARNs of the resources, e.g. "arn:aws:rekognition:us-east-1:123456789012:collection/my-faces".
3:87: error: Statement has both Action and NotAction [statement.conflicting_elements]
  help: IAM rejects the combination; keep Action or NotAction, not both.
3:87: security_warning: Allow with NotAction [security.allow_not_action]
  help: This allows every action not listed, in every service, including actions AWS adds later. List the allowed actions in Action instead.
4:11: error: Sid "Dup" is used twice [sid.duplicate]
  help: Statement 1 has the same Sid; give each statement its own, e.g. "Dup2"."#,
    );
}

#[test]
fn resource_arns() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [
  "arn:aws:s3:us-east-1::images/*",
  "s3://images/*",
  "arn:aws:s3:::images/*",
  "arn:aws:s3:::images/cats/*",
  "arn:aws:S3:::images/*"
]}]}"#,
        r#"2:3: error: ARN "arn:aws:s3:us-east-1::images/*" has a region, but s3 ARNs have none [resource.region_not_allowed]
  help: Leave the region field empty, as in arn:aws:s3:::${BucketName}; the entry matches nothing otherwise.
3:3: error: Resource "s3://images/*" is not an ARN [resource.invalid_prefix]
  help: Write "*" or an ARN such as arn:aws:s3:::my-bucket.
5:3: suggestion: Resource "arn:aws:s3:::images/cats/*" is covered by "arn:aws:s3:::images/*" [resource.redundant]
  help: Remove "arn:aws:s3:::images/cats/*" from Resource: "arn:aws:s3:::images/*" already matches it (a * also matches / and :).
6:3: error: Service "S3" in ARN "arn:aws:S3:::images/*" is not lower case [resource.service_case]
  help: ARNs are case-sensitive: write "s3"."#,
    );
}

#[test]
fn broad_grants() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "rekognition:*", "Resource": "*"},
  {"Effect": "Allow", "Action": ["iam:PassRole", "iam:GetRole"], "Resource": "*"},
  {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::audit/*"}
]}"#,
        r#"2:33: security_warning: Allow "rekognition:*" on "*" grants all of rekognition [security.service_full_access]
  help: Every rekognition action on every resource is allowed, including actions AWS adds later. List the actions needed (e.g. rekognition:Describe*, rekognition:List*) and scope Resource.
3:34: security_warning: The statement allows iam:PassRole on every resource [pass_role.star_resource]
  help: This lets the principal hand any role, including administrator roles, to a service. To limit it, name the roles in Resource (arn:aws:iam::123456789012:role/name) or add "Condition": {"StringEquals": {"iam:PassedToService": "<service>.amazonaws.com"}}.
3:78: suggestion: Resource "*" allows "iam:PassRole", "iam:GetRole" on every resource [resource.star_could_be_scoped]
  help: These actions support resource-level permissions: list the resources they need, e.g. arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}, to grant less (actions that support only "*" can stay in a statement of their own).
4:36: security_warning: Allow with NotAction [security.allow_not_action]
  help: This allows every action not listed, in every service, including actions AWS adds later. List the allowed actions in Action instead.
4:60: security_warning: Allow with NotResource [security.allow_not_resource]
  help: This allows the actions on every resource not listed, including resources created later. List the allowed resources in Resource instead."#,
    );
}

#[test]
fn policy_variables() {
    check(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::images",
  "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "${aws:user name}", "${aws:userid"]}}}}"#,
        r#"1:1: warning: Policy has no Version [version.missing]
  help: Add "Version": "2012-10-17"; without it IAM uses 2008-10-17, which takes policy variables literally.
2:46: error: Policy variable in "home/${aws:username}/*" needs Version 2012-10-17 [variable.requires_version]
  help: Without "Version": "2012-10-17" IAM takes ${...} literally, so no element with a policy variable matches. Add "Version": "2012-10-17" at the top of the document.
2:72: error: Space in policy variable ${aws:user name} [variable.space]
  help: Write the variable name without spaces: ${aws:username}.
2:92: error: Policy variable not closed in "${aws:userid" [variable.missing_brace]
  help: Add } after the variable name, e.g. ${aws:username}."#,
    );
}

#[test]
fn parse_errors_and_size() {
    let options = ValidateOptions {
        size_quota: Some(SizeQuota::InlineUser),
        ..ValidateOptions::default()
    };
    let actions: Vec<String> = (0..120)
        .map(|i| format!("\"rekognition:DetectLabels{i:03}\""))
        .collect();
    let big = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*",}}]}}"#,
        actions.join(", ")
    );
    let report = validate_json(&big, &options);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "action.unknown").count(),
        120,
        "{codes:?}"
    );
    let rest: Vec<_> = report
        .findings
        .into_iter()
        .filter(|f| f.code != "action.unknown")
        .collect();
    assert_eq!(
        render(&rest),
        r#"1:1: error: Policy has 3684 characters (white space not counted); the limit for inline policies of a user is 2048 [size.exceeded]
  help: Remove 1636 characters: merge statements with the same Effect, Resource and Condition, use wildcards such as rekognition:Describe* for families of actions, or split the permissions into several policies.
1:3808: error: Trailing comma before '}' [json.trailing_comma]
  help: Remove the comma after the last element: JSON does not allow trailing commas."#
    );
}

#[test]
fn trust_policy() {
    check_with(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"Service": "Rekognition.amazonaws.com", "AWS": "arn:aws:iam::*:root"},
  "Action": ["sts:AssumeRole", "rekognition:DetectLabels"], "Resource": "*"}]}"#,
        &ValidateOptions::new(PolicyType::Trust),
        r#"2:28: error: Invalid service principal "Rekognition.amazonaws.com" [principal.invalid_service]
  help: Service principals are lower case, e.g. rekognition.amazonaws.com (write "rekognition.amazonaws.com").
2:64: error: Wildcard in AWS principal "arn:aws:iam::*:root" [principal.unsupported_wildcard]
  help: Principals take no wildcards except "*" alone for AWS; to match many principals use "*" with a condition such as aws:PrincipalOrgID or aws:PrincipalArn.
3:32: error: Action "rekognition:DetectLabels" is not allowed in a role trust policy [trust.unsupported_action]
  help: A trust policy says who may assume the role: use sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity or sts:SetContext. Grant other actions in the role's permission policies.
3:73: error: Resource is not allowed in a role trust policy [trust.resource_not_allowed]
  help: A trust policy applies to its role; remove Resource."#,
    );
}

#[test]
fn built_document_without_spans() {
    let doc = PolicyDocument::new([Statement::new(Effect::Allow)
        .with_sid("Faces")
        .with_action(StringList::array([
            "rekognition:SearchFaces",
            "rekognition:SearchFaces",
        ]))
        .with_resource(StringList::scalar(
            "arn:aws:rekognition:us-east-1:123456789012:collection/*",
        ))]);
    assert_eq!(
        render(&validate(&doc, &ValidateOptions::default())),
        r#"Statement[0].Action[1]: suggestion: Action "rekognition:SearchFaces" is listed twice [action.redundant]
  help: Remove this second "rekognition:SearchFaces" from Action."#
    );
}
