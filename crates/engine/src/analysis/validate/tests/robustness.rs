//! The validator never panics, on any text or any document, and is deterministic.

use proptest::prelude::*;

use crate::analysis::{validate, validate_json, PolicyType, ValidateOptions};
use crate::policy::{SizeQuota, StringList};

/// Strings that look like the parts of a policy, so that generated documents reach deep into
/// the checks, plus arbitrary text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        Just("rekognition:Detect*".to_string()),
        Just("rekognition:DetectLabels".to_string()),
        Just("iam:PassRole".to_string()),
        Just("s3:Get?bject".to_string()),
        Just("arn:aws:rekognition:us-east-1:123456789012:collection/x".to_string()),
        Just("arn:aws:s3:::b/${aws:username}/*".to_string()),
        Just("arn:aws:s3:us-east-1:12:b".to_string()),
        Just("arn:${a:b}:x".to_string()),
        Just("${".to_string()),
        Just("10.0.0.1/8".to_string()),
        Just("2020-01-01T00:00:00Z".to_string()),
        "[a-zA-Z0-9:/*?${}., -]{0,40}",
        any::<String>(),
    ]
}

const OPERATORS: [&str; 10] = [
    "StringEquals",
    "StringLike",
    "ForAllValues:StringEquals",
    "NullIfExists",
    "Bool",
    "IpAddress",
    "NumericLessThan",
    "DateGreaterThan",
    "ArnLike",
    "Strange",
];

const KEYS: [&str; 9] = [
    "aws:SourceIp",
    "aws:TagKeys",
    "aws:ResourceTag/x",
    "aws:RequestTag/",
    "rekognition:Foo",
    "s3:prefix",
    "aws:CalledVia",
    "nokey",
    "aws:SourceVpc",
];

fn statement() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..4),
        prop::collection::vec(fragment(), 0..4),
        prop::sample::select(OPERATORS.to_vec()),
        prop::sample::select(KEYS.to_vec()),
        prop::collection::vec(fragment(), 0..3),
        any::<(bool, bool, bool, u8)>(),
    )
        .prop_map(|(actions, resources, operator, key, values, flags)| {
            let list = |items: &[String]| {
                serde_json::to_string(items).unwrap_or_else(|_| "[]".to_string())
            };
            let effect = ["Allow", "Deny", "allow"][usize::from(flags.3 % 3)];
            let action = if flags.0 { "NotAction" } else { "Action" };
            let resource = if flags.1 { "NotResource" } else { "Resource" };
            let principal = if flags.2 { r#""Principal": {"AWS": "*"},"# } else { "" };
            format!(
                r#"{{"Sid": "S{}", "Effect": "{effect}", {principal} "{action}": {}, "{resource}": {},
                    "Condition": {{"{operator}": {{"{key}": {}}}}}}}"#,
                flags.3,
                list(&actions),
                list(&resources),
                list(&values)
            )
        })
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(statement(), 0..4),
        prop::sample::select(vec!["2012-10-17", "2008-10-17", "x"]),
    )
        .prop_map(|(statements, version)| {
            format!(
                r#"{{"Version": "{version}", "Statement": [{}]}}"#,
                statements.join(",")
            )
        })
}

fn options(kind: u8) -> ValidateOptions {
    ValidateOptions {
        policy_type: [
            PolicyType::Identity,
            PolicyType::Resource,
            PolicyType::Trust,
            PolicyType::ServiceControl,
        ][usize::from(kind % 4)],
        size_quota: Some(SizeQuota::InlineUser),
        ignore: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_generated_policies(text in document(), kind in any::<u8>()) {
        let options = options(kind);
        let report = validate_json(&text, &options);
        prop_assert_eq!(&validate_json(&text, &options), &report);
        if let Some(doc) = &report.document {
            let _ = validate(doc, &options);
            let _ = validate(&doc.without_spans(), &options);
        }
        for finding in &report.findings {
            prop_assert!(!finding.message.is_empty());
            prop_assert!(!finding.message.contains('\n'));
            if let Some(span) = finding.span() {
                prop_assert!(span.end() <= text.len());
            }
        }
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>(), kind in any::<u8>()) {
        let _ = validate_json(&text, &options(kind));
    }

    #[test]
    fn never_panics_on_built_documents(
        actions in prop::collection::vec(fragment(), 0..5),
        resources in prop::collection::vec(fragment(), 0..5),
        kind in any::<u8>(),
    ) {
        let statement = crate::policy::Statement::new(crate::policy::Effect::Allow)
            .with_action(StringList::array(actions))
            .with_resource(StringList::array(resources));
        let doc = crate::policy::PolicyDocument::new([statement]);
        let _ = validate(&doc, &options(kind));
    }
}

#[test]
fn a_built_document_over_the_api_limit_is_refused_at_once() {
    use crate::policy::{OneOrMany, PolicyDocument, Statement, Text};
    // 100,000 unknown actions: checked one by one (with did-you-mean) this takes minutes
    let actions = (0..100_000).map(|i| Text::new(format!("rekognition:DetectLabels{i}")));
    let doc = PolicyDocument {
        version: Some(Text::new("2012-10-17")),
        statements: Some(OneOrMany::many([Statement {
            effect: Some(Text::new("Allow")),
            action: Some(StringList::many(actions)),
            resource: Some(StringList::one(Text::new("*"))),
            ..Statement::default()
        }])),
        ..PolicyDocument::default()
    };
    let started = std::time::Instant::now();
    let findings = validate(&doc, &ValidateOptions::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["input.too_large"]);
    assert!(
        findings[0].message.contains("accepts at most 131072"),
        "{}",
        findings[0].message
    );
}
