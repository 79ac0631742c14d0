//! Every check fires on a minimal policy, clean policies give nothing, and the options,
//! ordering and locations behave as documented.

use crate::analysis::validate::CODES;
use crate::analysis::{validate, validate_json, Finding, PolicyType, Severity, ValidateOptions};
use crate::policy::{Effect, Field, PolicyDocument, SizeQuota, Statement, StringList};

use PolicyType::{Identity, Project, Resource, Trust};

/// A policy with one statement.
fn one(statement: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#)
}

/// An Allow statement on `*` with the given extra members.
fn allow(members: &str) -> String {
    one(&format!(
        r#"{{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*", {members}}}"#
    ))
}

/// An Allow statement of `rekognition:CreateCollection` with a condition.
fn condition(block: &str) -> String {
    one(&format!(
        r#"{{"Effect": "Allow", "Action": "rekognition:CreateCollection", "Resource": "*",
            "Condition": {block}}}"#
    ))
}

fn codes(text: &str, policy_type: PolicyType) -> Vec<&'static str> {
    let options = ValidateOptions::new(policy_type);
    validate_json(text, &options)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

/// One sample per code: the code, the policy type and a policy that has the problem.
fn samples() -> Vec<(&'static str, PolicyType, String)> {
    let s3 = |resource: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{resource}"}}"#
        ))
    };
    let rekognition = |resource: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", "Action": "rekognition:SearchFaces", "Resource": "{resource}"}}"#
        ))
    };
    let principal = |principal: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::b/*"}}"#
        ))
    };
    let project = |members: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", {members},
                "Resource": "arn:aws:rekognition:us-east-1:123456789012:project/p/version/*/*"}}"#
        ))
    };
    let trust = |members: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}},
                "Action": "sts:AssumeRole", {members}}}"#
        ))
    };
    let role = |action: &str, resource: &str| {
        one(&format!(r#"{{"Effect": "Allow", {action}, {resource}}}"#))
    };
    let ip = |operator: &str, values: &str| {
        condition(&format!(
            r#"{{"{operator}": {{"aws:SourceIp": {values}}}}}"#
        ))
    };
    let variable = |value: &str| {
        one(&format!(
            r#"{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
                "Condition": {{"StringLike": {{"s3:prefix": "{value}"}}}}}}"#
        ))
    };
    let sid = |a: &str, b: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [
                {{"Sid": "{a}", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}},
                {{"Sid": "{b}", "Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}}]}}"#
        )
    };
    let not_role = r#""NotResource": "arn:aws:iam::123456789012:role/admin""#;
    vec![
        ("version.missing", Identity, r#"{"Statement": {"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}}"#.to_string()),
        ("version.invalid", Identity, r#"{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}}"#.to_string()),
        ("version.legacy", Identity, r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}}"#.to_string()),
        ("statement.missing", Identity, r#"{"Version": "2012-10-17"}"#.to_string()),
        ("statement.conflicting_elements", Identity, allow(r#""NotAction": "s3:*""#)),
        ("statement.redundant", Identity, format!(r#"{{"Version": "2012-10-17", "Statement": [{0}, {0}]}}"#, r#"{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}"#)),
        ("sid.invalid", Identity, allow(r#""Sid": "a b""#)),
        ("sid.empty", Identity, allow(r#""Sid": """#)),
        ("sid.duplicate", Identity, r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "rekognition:DetectFaces", "Resource": "*"}]}"#.to_string()),
        ("sid.not_unique", Resource, sid("A", "A")),
        ("effect.missing", Identity, one(r#"{"Action": "rekognition:DetectLabels", "Resource": "*"}"#)),
        ("effect.invalid", Identity, one(r#"{"Effect": "allow", "Action": "rekognition:DetectLabels", "Resource": "*"}"#)),
        ("action.missing", Identity, one(r#"{"Effect": "Allow", "Resource": "*"}"#)),
        ("resource.missing", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:DetectLabels"}"#)),
        ("principal.not_allowed", Identity, allow(r#""Principal": "*""#)),
        ("principal.missing", Resource, s3("arn:aws:s3:::b/*")),
        ("principal.invalid_format", Resource, principal(r#""me""#)),
        ("principal.unknown_type", Resource, principal(r#"{"Aws": "123456789012"}"#)),
        ("principal.empty", Resource, principal("{}")),
        ("principal.unsupported_wildcard", Resource, principal(r#"{"AWS": "arn:aws:iam::*:root"}"#)),
        ("principal.invalid_aws", Resource, principal(r#"{"AWS": "bob"}"#)),
        ("principal.invalid_service", Resource, principal(r#"{"Service": "Rekognition.amazonaws.com"}"#)),
        ("principal.invalid_federated", Resource, principal(r#"{"Federated": "nope"}"#)),
        ("principal.unique_id", Resource, principal(r#"{"AWS": "AIDAJQABLZS4A3QDU576Q"}"#)),
        ("security.allow_not_principal", Resource, one(r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#)),
        ("trust.resource_not_allowed", Trust, trust(r#""Resource": "*""#)),
        ("trust.not_principal", Trust, one(r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}"#)),
        ("trust.wildcard_principal", Trust, one(r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#)),
        ("trust.unsupported_action", Trust, one(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}"#)),
        ("project.unsupported_action", Project, project(r#""Principal": {"AWS": "111122223333"}, "Action": "rekognition:DetectLabels""#)),
        ("project.unsupported_element", Project, project(r#""NotPrincipal": {"AWS": "111122223333"}, "Action": "rekognition:CopyProjectVersion""#)),
        ("project.unsupported_principal", Project, project(r#""Principal": {"Service": "rekognition.amazonaws.com"}, "Action": "rekognition:CopyProjectVersion""#)),
        ("project.resource_not_version", Project, one(r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "rekognition:CopyProjectVersion", "Resource": "*"}"#)),
        ("project.resource_other_project", Project, one(r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "rekognition:CopyProjectVersion",
            "Resource": ["arn:aws:rekognition:us-east-1:123456789012:project/a/version/*/*", "arn:aws:rekognition:us-east-1:123456789012:project/b/version/*/*"]}"#)),
        ("action.empty", Identity, one(r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#)),
        ("action.invalid_format", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition", "Resource": "*"}"#)),
        ("action.unknown_service", Identity, one(r#"{"Effect": "Allow", "Action": "recognition:DetectLabels", "Resource": "*"}"#)),
        ("action.retired_service", Identity, one(r#"{"Effect": "Allow", "Action": "deeplens:ListDevices", "Resource": "*"}"#)),
        ("action.unknown", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:DetectLabel", "Resource": "*"}"#)),
        ("action.no_match", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:Foo*", "Resource": "*"}"#)),
        ("action.wildcard_service", Identity, one(r#"{"Effect": "Allow", "Action": "rekog*:DetectLabels", "Resource": "*"}"#)),
        ("action.redundant", Identity, one(r#"{"Effect": "Allow", "Action": ["rekognition:Detect*", "rekognition:DetectLabels"], "Resource": "*"}"#)),
        ("action.no_matching_resource", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "arn:aws:rekognition:us-east-1:123456789012:collection/x"}"#)),
        ("resource.empty", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": []}"#)),
        ("resource.invalid_prefix", Identity, rekognition("rekognition")),
        ("resource.missing_arn_field", Identity, rekognition("arn:aws:rekognition")),
        ("resource.short_wildcard_arn", Identity, rekognition("arn:aws:rekognition:*")),
        ("resource.invalid_partition", Identity, rekognition("arn:awz:rekognition:us-east-1:123456789012:collection/x")),
        ("resource.service_case", Identity, rekognition("arn:aws:Rekognition:us-east-1:123456789012:collection/x")),
        ("resource.unknown_service", Identity, rekognition("arn:aws:rekognitoin:us-east-1:123456789012:collection/x")),
        ("resource.invalid_region", Identity, rekognition("arn:aws:rekognition:us-east-1a:123456789012:collection/x")),
        ("resource.invalid_account", Identity, rekognition("arn:aws:rekognition:us-east-1:12345:collection/x")),
        ("resource.region_not_allowed", Identity, s3("arn:aws:s3:us-east-1::b/*")),
        ("resource.missing_region", Identity, rekognition("arn:aws:rekognition::123456789012:collection/x")),
        ("resource.account_not_allowed", Identity, s3("arn:aws:s3::123456789012:b/*")),
        ("resource.no_matching_action", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:SearchFaces", "Resource": ["arn:aws:rekognition:*:*:collection/x", "arn:aws:s3:::b/*"]}"#)),
        ("resource.redundant", Identity, one(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}"#)),
        ("resource.star_could_be_scoped", Identity, rekognition("*")),
        ("condition.empty", Identity, condition("{}")),
        ("condition.unknown_operator", Identity, condition(r#"{"StringEqual": {"aws:RequestedRegion": "us-east-1"}}"#)),
        ("condition.null_if_exists", Identity, condition(r#"{"NullIfExists": {"aws:RequestedRegion": "true"}}"#)),
        ("condition.null_with_qualifier", Identity, condition(r#"{"ForAnyValue:Null": {"aws:TagKeys": "true"}}"#)),
        ("condition.invalid_key_format", Identity, condition(r#"{"StringEquals": {"bad": "x"}}"#)),
        ("condition.unknown_global_key", Identity, condition(r#"{"StringEquals": {"aws:NoSuchKey": "x"}}"#)),
        ("condition.unknown_service_key", Identity, condition(r#"{"StringEquals": {"rekognition:Foo": "x"}}"#)),
        ("condition.missing_tag_key", Identity, condition(r#"{"StringEquals": {"aws:RequestTag/": "x"}}"#)),
        ("condition.deprecated_key", Identity, condition(r#"{"ArnEquals": {"aws:ARN": "arn:aws:iam::123456789012:role/x"}}"#)),
        ("condition.duplicate_key_case", Identity, condition(r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1", "AWS:requestedregion": "eu-west-1"}}"#)),
        ("condition.type_mismatch", Identity, condition(r#"{"StringEquals": {"aws:SecureTransport": "true"}}"#)),
        ("condition.string_like_on_arn", Identity, condition(r#"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}"#)),
        ("condition.missing_qualifier", Identity, condition(r#"{"StringEquals": {"aws:TagKeys": "team"}}"#)),
        ("condition.for_all_values_single_valued", Identity, condition(r#"{"ForAllValues:StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}"#)),
        ("condition.invalid_bool", Identity, condition(r#"{"Bool": {"aws:SecureTransport": "yes"}}"#)),
        ("condition.multiple_bool", Identity, condition(r#"{"Bool": {"aws:SecureTransport": ["true", "false"]}}"#)),
        ("condition.invalid_number", Identity, condition(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "soon"}}"#)),
        ("condition.invalid_date", Identity, condition(r#"{"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}"#)),
        ("condition.invalid_ip", Identity, ip("IpAddress", r#""nowhere""#)),
        ("condition.invalid_binary", Identity, condition(r#"{"BinaryEquals": {"aws:RequestedRegion": "@@@@"}}"#)),
        ("condition.mixed_value_types", Identity, condition(r#"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", 5]}}"#)),
        ("condition.improve_ip_range", Identity, ip("IpAddress", r#""203.0.113.5/24""#)),
        ("condition.private_ip", Identity, ip("IpAddress", r#""10.0.0.0/8""#)),
        ("condition.private_ip_not_ip_address", Identity, ip("NotIpAddress", r#""10.0.0.0/8""#)),
        ("condition.private_ip_subset", Identity, ip("IpAddress", r#"["10.0.0.0/8", "203.0.113.0/24"]"#)),
        ("condition.private_ip_subset_not_ip_address", Identity, ip("NotIpAddress", r#"["10.0.0.0/8", "203.0.113.0/24"]"#)),
        ("condition.invalid_vpc", Identity, condition(r#"{"StringEquals": {"aws:SourceVpc": "vpc-1"}}"#)),
        ("condition.invalid_vpce", Identity, condition(r#"{"StringEquals": {"aws:SourceVpce": "vpce-1"}}"#)),
        ("condition.invalid_service_principal", Identity, condition(r#"{"ForAnyValue:StringEquals": {"aws:CalledVia": "a.b.amazonaws.com"}}"#)),
        ("condition.wildcard_without_like", Identity, condition(r#"{"StringEquals": {"aws:PrincipalTag/team": "dev*"}}"#)),
        ("condition.empty_values", Identity, condition(r#"{"StringEquals": {"aws:RequestedRegion": []}}"#)),
        ("condition.empty_values_for_all_values", Identity, condition(r#"{"ForAllValues:StringEquals": {"aws:TagKeys": []}}"#)),
        ("condition.empty_values_for_any_value", Identity, condition(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": []}}"#)),
        ("condition.empty_values_if_exists", Identity, condition(r#"{"StringEqualsIfExists": {"aws:RequestedRegion": []}}"#)),
        ("condition.redundant_numeric_values", Identity, condition(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": ["100", "200"]}}"#)),
        ("condition.equivalent_to_null_false", Identity, condition(r#"{"StringLike": {"aws:PrincipalTag/team": "*"}}"#)),
        ("condition.duplicate_value", Identity, condition(r#"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-east-1"]}}"#)),
        ("condition.resource_tag_unsupported_allow", Identity, allow(r#""Condition": {"StringEquals": {"aws:ResourceTag/team": "x"}}"#)),
        ("condition.resource_tag_unsupported_deny", Identity, one(r#"{"Effect": "Deny", "Action": "rekognition:DetectLabels", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "x"}}}"#)),
        ("condition.key_unsupported", Identity, one(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:prefix": "x"}}}"#)),
        ("condition.mfa_bool_false", Identity, condition(r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#)),
        ("condition.variable_not_allowed", Identity, condition(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:username}"}}"#)),
        ("variable.not_allowed", Identity, one(r#"{"Effect": "Allow", "Action": "s3:${aws:username}", "Resource": "*"}"#)),
        ("variable.requires_version", Identity, r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}"#.to_string()),
        ("variable.missing_brace", Identity, variable("${aws:username/*")),
        ("variable.empty", Identity, variable("${}")),
        ("variable.space", Identity, variable("${aws:user name}")),
        ("variable.missing_quote", Identity, variable("${aws:username, none}")),
        ("variable.unknown", Identity, variable("${aws:nosuch}")),
        ("security.public_principal", Resource, one(r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}"#)),
        ("security.oidc_subject_unrestricted", Trust, one(r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}"#)),
        ("security.confused_deputy", Trust, one(r#"{"Effect": "Allow", "Principal": {"Service": "rekognition.amazonaws.com"}, "Action": "sts:AssumeRole"}"#)),
        ("security.full_access", Identity, role(r#""Action": "*""#, r#""Resource": "*""#)),
        ("security.service_full_access", Identity, role(r#""Action": "rekognition:*""#, r#""Resource": "*""#)),
        ("security.permissions_management", Identity, role(r#""Action": "iam:PutRolePolicy""#, r#""Resource": "*""#)),
        ("security.allow_not_action", Identity, role(r#""NotAction": "iam:*""#, r#""Resource": "*""#)),
        ("security.allow_not_resource", Identity, role(r#""Action": "s3:GetObject""#, r#""NotResource": "arn:aws:s3:::b/*""#)),
        ("pass_role.star_resource", Identity, role(r#""Action": "iam:PassRole""#, r#""Resource": "*""#)),
        ("pass_role.star_action_and_resource", Identity, role(r#""Action": "iam:Pass*""#, r#""Resource": "*""#)),
        ("pass_role.not_action_star_resource", Identity, role(r#""NotAction": "s3:*""#, r#""Resource": "*""#)),
        ("pass_role.not_resource", Identity, role(r#""Action": "iam:PassRole""#, not_role)),
        ("pass_role.star_action_not_resource", Identity, role(r#""Action": "iam:Pass*""#, not_role)),
        ("pass_role.not_action_not_resource", Identity, role(r#""NotAction": "s3:*""#, not_role)),
        ("create_slr.star_resource", Identity, role(r#""Action": "iam:CreateServiceLinkedRole""#, r#""Resource": "*""#)),
        ("create_slr.star_action_and_resource", Identity, role(r#""Action": "iam:Create*""#, r#""Resource": "*""#)),
        ("create_slr.not_action_star_resource", Identity, role(r#""NotAction": "s3:*""#, r#""Resource": "*""#)),
        ("create_slr.not_resource", Identity, role(r#""Action": "iam:CreateServiceLinkedRole""#, not_role)),
        ("create_slr.star_action_not_resource", Identity, role(r#""Action": "iam:Create*""#, not_role)),
        ("create_slr.not_action_not_resource", Identity, role(r#""NotAction": "s3:*""#, not_role)),
        ("lifecycle.end_of_support", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:StartPersonTracking", "Resource": "*"}"#)),
        ("lifecycle.closed_to_new_customers", Identity, one(r#"{"Effect": "Allow", "Action": "rekognition:ListStreamProcessors", "Resource": "*"}"#)),
    ]
}

#[test]
fn every_check_fires_on_its_sample() {
    let samples = samples();
    for (code, policy_type, policy) in &samples {
        let found = codes(policy, *policy_type);
        assert!(found.contains(code), "{code} not in {found:?} for {policy}");
    }
    let size = {
        let actions: Vec<String> = (0..200)
            .map(|i| format!("\"rekognition:DetectLabels{i}\""))
            .collect();
        one(&format!(
            r#"{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}"#,
            actions.join(",")
        ))
    };
    let options = ValidateOptions {
        size_quota: Some(SizeQuota::InlineUser),
        ..ValidateOptions::default()
    };
    let report = validate_json(&size, &options);
    assert!(report.findings.iter().any(|f| f.code == "size.exceeded"));
    for check in CODES {
        let covered =
            check.code == "size.exceeded" || samples.iter().any(|(code, _, _)| *code == check.code);
        assert!(covered, "no sample for {}", check.code);
    }
}

#[test]
fn clean_policies_give_no_findings() {
    let typical = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Detect", "Effect": "Allow", "Action": ["rekognition:DetectLabels", "rekognition:DetectFaces"], "Resource": "*"},
        {"Sid": "Search", "Effect": "Allow", "Action": ["rekognition:SearchFacesByImage", "rekognition:IndexFaces"],
         "Resource": "arn:aws:rekognition:us-east-1:123456789012:collection/employees",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:RequestedRegion": "us-east-1"}}},
        {"Sid": "Images", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-images/${aws:username}/*"}]}"#;
    let options = ValidateOptions {
        size_quota: Some(SizeQuota::ManagedPolicy),
        ..ValidateOptions::default()
    };
    assert_eq!(validate_json(typical, &options).findings, []);
    let trust = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"Service": "rekognition.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}}"#;
    assert_eq!(codes(trust, Trust), Vec::<&str>::new());
}

#[test]
fn managed_rekognition_policies_have_no_errors() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../../../data/managed-policies.json"))
            .unwrap_or_default();
    let policies = data.get("policies").and_then(|p| p.as_array());
    let mut checked = 0;
    for policy in policies.into_iter().flatten() {
        let versions = policy.get("versions").and_then(|v| v.as_array());
        for version in versions.into_iter().flatten() {
            let document = version
                .get("document")
                .and_then(|d| d.as_str())
                .unwrap_or("");
            let report = validate_json(document, &ValidateOptions::default());
            let errors: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(Finding::to_string)
                .collect();
            assert!(errors.is_empty(), "{policy}: {errors:?}");
            checked += 1;
        }
    }
    assert!(checked >= 4);
}

#[test]
fn findings_come_in_document_order() {
    let text = r#"{"Statement": [
        {"Resource": "arn:aws:s3:::b", "Action": "rekognition:DetectLabel", "Effect": "allow"},
        {"Effect": "Allow", "Action": "recognition:X", "Resource": "*"}]}"#;
    let report = validate_json(text, &ValidateOptions::default());
    let offsets: Vec<usize> = report
        .findings
        .iter()
        .filter_map(|f| f.span().map(|s| s.offset))
        .collect();
    let mut sorted = offsets.clone();
    sorted.sort_unstable();
    assert_eq!(offsets, sorted);
    assert_eq!(
        report.findings.first().map(|f| f.code),
        Some("version.missing")
    );
    // Running again gives the same result.
    assert_eq!(validate_json(text, &ValidateOptions::default()), report);
}

#[test]
fn built_documents_are_reported_by_path() {
    let doc = PolicyDocument::new([
        Statement::new(Effect::Allow)
            .with_action(StringList::array(["rekognition:DetectLabel"]))
            .with_resource(StringList::scalar("*")),
        Statement::new(Effect::Allow).with_action(StringList::scalar("s3:GetObject")),
    ]);
    let findings = validate(&doc, &ValidateOptions::default());
    let places: Vec<(String, &str)> = findings.iter().map(|f| (f.place(), f.code)).collect();
    assert_eq!(
        places,
        [
            ("Statement[0].Action[0]".to_string(), "action.unknown"),
            ("Statement[1].Resource".to_string(), "resource.missing"),
        ]
    );
    assert!(findings.iter().all(|f| f.location.span.is_none()));
}

#[test]
fn ignore_by_code_and_family() {
    let text =
        allow(r#""Sid": "a b", "Condition": {"StringEquals": {"aws:SecureTransport": "true"}}"#);
    let with = |ignore: &[&str]| {
        let options = ValidateOptions {
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..ValidateOptions::default()
        };
        validate_json(&text, &options)
            .findings
            .iter()
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(with(&[]), ["sid.invalid", "condition.type_mismatch"]);
    assert_eq!(with(&["sid.invalid"]), ["condition.type_mismatch"]);
    assert_eq!(with(&["condition.*"]), ["sid.invalid"]);
    assert_eq!(
        with(&["condition"]),
        ["sid.invalid", "condition.type_mismatch"]
    );
}

#[test]
fn parse_errors_become_findings_in_their_statement() {
    let report = validate_json(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 5, "Resource": "*"}]}"#,
        &ValidateOptions::default(),
    );
    let codes: Vec<_> = report.findings.iter().map(|f| f.code).collect();
    // The wrong type is reported once, not also as a missing Action.
    assert_eq!(codes, ["policy.wrong_type"]);
    let finding = &report.findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.location.statement, Some(0));
    assert!(report.has_errors());
    let broken = validate_json("{\"Version\": ", &ValidateOptions::default());
    assert!(broken.document.is_none());
    assert!(broken
        .findings
        .iter()
        .all(|f| f.severity == Severity::Error));
}

#[test]
fn spans_point_at_the_element() {
    let text = one(
        r#"{"Effect": "Allow", "Action": ["rekognition:DetectFaces", "rekognition:DetectLabel"], "Resource": "*"}"#,
    );
    let report = validate_json(&text, &ValidateOptions::default());
    let finding = &report.findings[0];
    let span = finding.span().unwrap_or_default_span();
    assert_eq!(
        text.get(span.offset..span.end()),
        Some("\"rekognition:DetectLabel\"")
    );
    assert_eq!(finding.location.field, Field::Action);
    assert_eq!(finding.location.element, Some(1));
}

/// `Option<Span>` with a zero span default, for tests.
trait SpanOrDefault {
    fn unwrap_or_default_span(self) -> crate::policy::Span;
}

impl SpanOrDefault for Option<crate::policy::Span> {
    fn unwrap_or_default_span(self) -> crate::policy::Span {
        self.unwrap_or(crate::policy::Span {
            offset: 0,
            len: 0,
            line: 0,
            column: 0,
        })
    }
}
