//! Unit tests of the evaluator on small hand-written policies.

use super::*;
use crate::catalog::AccessLevel;
use crate::policy::{parse_policy, Effect};

fn policy(name: &str, json: &str) -> NamedPolicy {
    let document = parse_policy(json)
        .into_result()
        .unwrap_or_else(|errors| panic!("{name}: {errors:?}"));
    NamedPolicy::new(name, document)
}

fn set(docs: &[&str]) -> PolicySet {
    PolicySet::new(
        docs.iter()
            .enumerate()
            .map(|(i, json)| policy(&format!("p{i}"), json))
            .collect(),
    )
}

fn doc(statements: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

const BUCKET_OBJECT: &str = "arn:aws:s3:::photos/cat.jpg";
const COLLECTION: &str = "arn:aws:rekognition:us-east-1:123456789012:collection/faces";

#[test]
fn explicit_deny_wins() {
    let s = set(&[
        &doc(r#"{"Effect":"Allow","Action":"rekognition:*","Resource":"*"}"#),
        &doc(
            r#"{"Sid":"NoDelete","Effect":"Deny","Action":"rekognition:DeleteCollection","Resource":"*"}"#,
        ),
    ]);
    let d = s.decide("rekognition:DeleteCollection", COLLECTION);
    assert_eq!(d.outcome, Outcome::ExplicitlyDenied);
    assert_eq!(d.by.len(), 1);
    assert_eq!(d.by[0].policy, "p1");
    assert_eq!(d.by[0].sid.as_deref(), Some("NoDelete"));
    assert_eq!(d.by[0].effect, Effect::Deny);
    assert_eq!(
        s.decide("rekognition:ListCollections", "*").outcome,
        Outcome::Allowed
    );
    assert_eq!(s.grants("rekognition:DeleteCollection", COLLECTION), None);
    let effective = s.effective_actions();
    assert!(effective.allowed.contains("rekognition:CreateCollection"));
    assert!(!effective.allowed.contains("rekognition:DeleteCollection"));
    assert!(!effective
        .conditional
        .contains("rekognition:DeleteCollection"));
}

#[test]
fn implicit_deny_without_allow() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}"#,
    )]);
    assert_eq!(
        s.decide("s3:PutObject", BUCKET_OBJECT).outcome,
        Outcome::ImplicitlyDenied
    );
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::other/x").outcome,
        Outcome::ImplicitlyDenied
    );
    let granted = s.grants("s3:GetObject", BUCKET_OBJECT).expect("allowed");
    assert_eq!(granted.via_action, "s3:GetObject");
    assert_eq!(granted.via_resource, "arn:aws:s3:::photos/*");
    assert_eq!(
        granted.to_string(),
        r#"policy "p0", Statement[0] via s3:GetObject on arn:aws:s3:::photos/*"#
    );
}

#[test]
fn not_action_allows_every_other_action_of_every_service() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","NotAction":["iam:*","rekognition:Delete*"],"Resource":"*"}"#,
    )]);
    let effective = s.effective_actions();
    assert!(effective.allowed.contains("rekognition:DetectLabels"));
    assert!(effective.allowed.contains("ec2:RunInstances"));
    assert!(!effective.allowed.contains("iam:CreateUser"));
    assert!(!effective.allowed.contains("rekognition:DeleteCollection"));
    assert_eq!(
        s.decide("iam:CreateUser", "*").outcome,
        Outcome::ImplicitlyDenied
    );
    let d = s.decide("rekognition:DetectLabels", "*");
    assert_eq!(d.outcome, Outcome::Allowed);
    assert_eq!(
        d.by[0].via_action,
        r#"NotAction ["iam:*", "rekognition:Delete*"]"#
    );
    // An action the catalogue lacks is matched by the patterns.
    assert_eq!(
        s.decide("newservice:DoThing", "*").outcome,
        Outcome::Allowed
    );
    let total: usize = effective.access_summary.values().sum();
    assert_eq!(total, effective.allowed.len());
}

#[test]
fn not_resource_matches_everything_but_the_list() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","NotResource":["arn:aws:s3:::secret/*"]}"#,
    )]);
    assert_eq!(
        s.decide("s3:GetObject", BUCKET_OBJECT).outcome,
        Outcome::Allowed
    );
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::secret/x").outcome,
        Outcome::ImplicitlyDenied
    );
    let d = s.decide("s3:GetObject", BUCKET_OBJECT);
    assert_eq!(
        d.by[0].via_resource,
        r#"NotResource ["arn:aws:s3:::secret/*"]"#
    );
    // A NotResource Deny denies everything outside its list.
    let s = set(&[&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::photos/*"}"#)]);
    assert_eq!(
        s.decide("s3:GetObject", BUCKET_OBJECT).outcome,
        Outcome::Allowed
    );
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::other/x").outcome,
        Outcome::ExplicitlyDenied
    );
    assert!(s.effective_actions().allowed.contains("s3:GetObject"));
}

#[test]
fn conditions_make_grants_and_denials_conditional() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"rekognition:DetectLabels","Resource":"*",
            "Condition":{"Bool":{"aws:SecureTransport":"true"}}},
           {"Effect":"Allow","Action":"rekognition:DetectFaces","Resource":"*"},
           {"Sid":"Region","Effect":"Deny","Action":"rekognition:DetectFaces","Resource":"*",
            "Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}"#,
    )]);
    let labels = s.decide("rekognition:DetectLabels", "*");
    assert_eq!(labels.outcome, Outcome::ConditionallyAllowed);
    assert!(labels.by[0].conditional);
    let faces = s.decide("rekognition:DetectFaces", "*");
    assert_eq!(faces.outcome, Outcome::ConditionallyDenied);
    assert_eq!(faces.unless[0].sid.as_deref(), Some("Region"));
    assert!(s.grants("rekognition:DetectFaces", "*").is_some());
    let effective = s.effective_actions();
    assert!(effective.allowed.is_empty());
    assert!(effective.conditional.contains("rekognition:DetectLabels"));
    assert!(effective.conditional.contains("rekognition:DetectFaces"));
    // An empty Condition block is no condition.
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{}}"#,
    )]);
    assert_eq!(
        s.decide("s3:GetObject", BUCKET_OBJECT).outcome,
        Outcome::Allowed
    );
}

#[test]
fn actions_ignore_case_and_resources_do_not() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"S3:getobject","Resource":"arn:aws:s3:::Photos/*"}"#,
    )]);
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::Photos/a").outcome,
        Outcome::Allowed
    );
    assert_eq!(
        s.decide("S3:GETOBJECT", "arn:aws:s3:::Photos/a").outcome,
        Outcome::Allowed
    );
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::photos/a").outcome,
        Outcome::ImplicitlyDenied
    );
    assert!(s.effective_actions().allowed.contains("s3:GetObject"));
}

#[test]
fn wildcard_resources() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"rekognition:*","Resource":"arn:aws:rekognition:*:123456789012:collection/team-?"}"#,
    )]);
    let team = "arn:aws:rekognition:us-east-1:123456789012:collection/team-a";
    assert_eq!(
        s.decide("rekognition:IndexFaces", team).outcome,
        Outcome::Allowed
    );
    assert_eq!(
        s.decide("rekognition:IndexFaces", &format!("{team}b"))
            .outcome,
        Outcome::ImplicitlyDenied
    );
    // The region wildcard does not reach into the account field.
    assert_eq!(
        s.decide(
            "rekognition:IndexFaces",
            "arn:aws:rekognition:us-east-1:999999999999:collection/team-a"
        )
        .outcome,
        Outcome::ImplicitlyDenied
    );
    // A concrete pattern does not match the "*" of wildcard-only actions.
    assert_eq!(
        s.decide("rekognition:DetectLabels", "*").outcome,
        Outcome::ImplicitlyDenied
    );
}

#[test]
fn policy_variables_are_conditional() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::home/${aws:username}/*","arn:aws:s3:::public/*"]},
           {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::public/${aws:PrincipalTag/team}/*"}"#,
    )]);
    let home = s.decide("s3:GetObject", "arn:aws:s3:::home/alice/a.txt");
    assert_eq!(home.outcome, Outcome::ConditionallyAllowed);
    assert_eq!(
        home.by[0].via_resource,
        "arn:aws:s3:::home/${aws:username}/*"
    );
    let public = s.decide("s3:GetObject", "arn:aws:s3:::public/vision/a.txt");
    assert_eq!(public.outcome, Outcome::ConditionallyDenied);
    assert_eq!(
        s.decide("s3:GetObject", "arn:aws:s3:::public/a.txt")
            .outcome,
        Outcome::Allowed
    );
    assert!(s.effective_actions().allowed.contains("s3:GetObject"));
    // Version 2008-10-17 has no variables: the text is literal.
    let legacy = set(&[
        r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${aws:username}"}]}"#,
    ]);
    assert_eq!(
        legacy
            .decide("s3:GetObject", "arn:aws:s3:::${aws:username}")
            .outcome,
        Outcome::Allowed
    );
    assert_eq!(
        legacy.decide("s3:GetObject", "arn:aws:s3:::alice").outcome,
        Outcome::ImplicitlyDenied
    );
}

#[test]
fn narrower_deny_keeps_action_allowed_elsewhere() {
    let s = set(&[&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::logs/*"},
           {"Effect":"Allow","Action":"rekognition:DeleteCollection","Resource":"arn:aws:rekognition:*:*:collection/tmp-*"},
           {"Effect":"Deny","Action":"rekognition:Delete*","Resource":"arn:aws:rekognition:*:*:collection/*"}"#)]);
    let effective = s.effective_actions();
    assert!(effective.allowed.contains("s3:DeleteObject"));
    assert_eq!(
        s.decide("s3:DeleteObject", "arn:aws:s3:::logs/x").outcome,
        Outcome::ExplicitlyDenied
    );
    assert!(!effective.allowed.contains("rekognition:DeleteCollection"));
    assert!(!effective
        .conditional
        .contains("rekognition:DeleteCollection"));
    let anywhere = s.decide_anywhere("rekognition:DeleteCollection");
    assert_eq!(anywhere.outcome, Outcome::ExplicitlyDenied);
    assert_eq!(anywhere.by[0].statement, 3);
}

#[test]
fn decide_anywhere_explains_grants() {
    let s = set(&[&doc(
        r#"{"Sid":"Admin","Effect":"Allow","Action":["s3:List*","rekognition:*"],"Resource":"*"}"#,
    )]);
    let d = s.decide_anywhere("rekognition:deletecollection");
    assert_eq!(d.outcome, Outcome::Allowed);
    assert_eq!(
        d.by[0].to_string(),
        r#"policy "p0", Statement[0] (Sid "Admin") via rekognition:* on *"#
    );
    assert_eq!(
        s.decide_anywhere("iam:CreateUser").outcome,
        Outcome::ImplicitlyDenied
    );
}

#[test]
fn actions_above_level() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":["rekognition:Detect*","rekognition:DeleteCollection"],"Resource":"*"},
           {"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    )]);
    let above = s.actions_above(AccessLevel::Read);
    let names: Vec<&str> = above.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(names, ["iam:PutUserPolicy", "rekognition:DeleteCollection"]);
    assert!(above[0].conditional);
    assert_eq!(above[0].level, AccessLevel::PermissionsManagement);
    assert!(!above[1].conditional);
    assert_eq!(
        above[1].granted_by[0].via_action,
        "rekognition:DeleteCollection"
    );
    assert!(s
        .actions_above(AccessLevel::PermissionsManagement)
        .is_empty());
}

#[test]
fn malformed_statements_are_skipped() {
    let s = set(&[&doc(r#"{"Effect":"allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Allow","Resource":"*"},
           {"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"},
           {"Effect":"Allow","Action":"s3:*"},
           {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#)]);
    let reasons: Vec<&str> = s.skipped_statements().iter().map(|s| s.reason).collect();
    assert_eq!(reasons.len(), 4);
    assert_eq!(s.skipped_statements()[0].statement, 0);
    assert_eq!(s.effective_actions().allowed.len(), 1);
}

#[test]
fn new_access_detects_widening() {
    let prior = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"},
           {"Effect":"Allow","Action":"rekognition:Describe*","Resource":"*"}"#,
    )]);
    let same = set(&[&doc(
        r#"{"Effect":"Allow","Action":["s3:getobject"],"Resource":"arn:aws:s3:::a/x/*"},
           {"Effect":"Allow","Action":"rekognition:DescribeProjects","Resource":"*"}"#,
    )]);
    assert!(new_access(&prior, &same).is_empty());
    let wider = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::*"},
           {"Effect":"Allow","Action":["rekognition:Describe*","rekognition:DeleteProject"],"Resource":"*"}"#,
    )]);
    let found = new_access(&prior, &wider);
    let summary: Vec<(&str, &str, Widening)> = found
        .iter()
        .map(|n| (n.action.as_str(), n.resource.as_str(), n.widening))
        .collect();
    assert_eq!(
        summary,
        [
            ("rekognition:DeleteProject", "*", Widening::NewAction),
            ("s3:GetObject", "arn:aws:s3:::*", Widening::WiderResource),
        ]
    );
    assert_eq!(found[1].granted_by.statement, 0);
}

#[test]
fn new_access_sees_conditions_and_denies() {
    let conditional = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#,
    )]);
    let unconditional = set(&[&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#,
    )]);
    let found = new_access(&conditional, &unconditional);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].widening, Widening::ConditionRelaxed);
    assert!(new_access(&unconditional, &conditional).is_empty());
    assert!(new_access(&conditional, &conditional).is_empty());

    let with_deny = set(&[&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::logs/*"}"#)]);
    let without_deny = set(&[&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#)]);
    let found = new_access(&with_deny, &without_deny);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].action, "s3:DeleteObject");
    assert_eq!(found[0].widening, Widening::DenyRemoved);
    assert!(new_access(&without_deny, &with_deny).is_empty());
    assert!(new_access(&with_deny, &with_deny).is_empty());
}

#[test]
fn new_access_for_actions_missing_from_catalogue() {
    let prior = set(&[&doc(
        r#"{"Effect":"Allow","Action":"rekognition:Detect*","Resource":"*"}"#,
    )]);
    let next = set(&[&doc(
        r#"{"Effect":"Allow","Action":"rekognition:FutureAction","Resource":"*"}"#,
    )]);
    let found = new_access(&prior, &next);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].action, "rekognition:FutureAction");
    assert!(next
        .effective_actions()
        .allowed
        .contains("rekognition:FutureAction"));
}

#[test]
fn effective_bits_agree_with_per_action_decisions() {
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":["s3:*","rekognition:*"],"Resource":"*"},
           {"Effect":"Allow","Action":"iam:Get*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
           {"Effect":"Deny","Action":"s3:Put*","Resource":"*"},
           {"Effect":"Deny","Action":"rekognition:Delete*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
           {"Effect":"Deny","Action":"s3:Get*","Resource":"arn:aws:s3:::x/*"}"#,
    )]);
    let effective = s.effective_actions();
    for prefix in ["s3", "rekognition", "iam", "ec2"] {
        let service = crate::catalog::service(prefix).expect("service");
        for action in service.actions() {
            let name = action.to_string();
            let outcome = s.decide_anywhere(&name).outcome;
            assert_eq!(
                effective.allowed.contains(name.as_str()),
                outcome == Outcome::Allowed,
                "{name}"
            );
            assert_eq!(
                effective.conditional.contains(name.as_str()),
                matches!(
                    outcome,
                    Outcome::ConditionallyAllowed | Outcome::ConditionallyDenied
                ),
                "{name}"
            );
        }
    }
}

#[test]
fn access_summary_counts_every_level() {
    for (position, level) in AccessLevel::ALL.into_iter().enumerate() {
        assert_eq!(level as usize, position);
    }
    let s = set(&[&doc(
        r#"{"Effect":"Allow","Action":["rekognition:*","s3:GetObject"],"Resource":"*"}"#,
    )]);
    let effective = s.effective_actions();
    assert_eq!(effective.access_summary.len(), AccessLevel::ALL.len());
    for level in AccessLevel::ALL {
        let expected = effective
            .allowed
            .iter()
            .filter(|a| a.access_level() == Some(level))
            .count();
        assert_eq!(
            effective.access_summary.get(&level),
            Some(&expected),
            "{level:?}"
        );
    }
}
