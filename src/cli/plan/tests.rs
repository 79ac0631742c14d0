use serde_json::{json, Value};

use super::*;

const ACTION: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn plan(resources: Value, changes: Value) -> Value {
    json!({
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
    })
}

fn resource(address: &str, values: Value) -> Value {
    let (mode, rest) = match address.strip_prefix("data.") {
        Some(rest) => ("data", rest),
        None => ("managed", address),
    };
    let (type_name, name) = rest.split_once('.').unwrap();
    json!({"address": address, "mode": mode, "type": type_name, "name": name, "values": values})
}

fn change(address: &str, after_unknown: Value) -> Value {
    json!({"address": address, "change": {"actions": ["create"], "after_unknown": after_unknown}})
}

fn places(extracted: &Extracted) -> Vec<String> {
    extracted.policies.iter().map(PlanPolicy::place).collect()
}

fn skipped(extracted: &Extracted) -> Vec<String> {
    extracted.skipped.iter().map(SkippedPolicy::place).collect()
}

#[test]
fn finds_every_iam_policy_attribute() {
    let doc = plan(
        json!([
            resource("aws_iam_policy.p", json!({"policy": ACTION})),
            resource("aws_iam_role_policy.rp", json!({"policy": ACTION})),
            resource("aws_iam_user_policy.up", json!({"policy": ACTION})),
            resource("aws_iam_group_policy.gp", json!({"policy": ACTION})),
            resource(
                "aws_iam_role.r",
                json!({"assume_role_policy": TRUST,
                "inline_policy": [{"name": "a", "policy": ACTION}, {"name": "b", "policy": ACTION}]})
            ),
            resource(
                "rekognitioniam_policy_attachment.at",
                json!({
                "identity_arn": "arn:aws:iam::111122223333:user/u",
                "inline_policies": {"x": ACTION},
                "policy_documents": {"arn:aws:iam::111122223333:policy/p": ACTION}})
            ),
            resource("aws_instance.unrelated", json!({"user_data": ACTION})),
        ]),
        json!([]),
    );
    let extracted = extract(doc.clone()).unwrap();
    assert_eq!(
        places(&extracted),
        [
            "aws_iam_group_policy.gp.policy",
            "aws_iam_policy.p.policy",
            "aws_iam_role.r.assume_role_policy",
            "aws_iam_role.r.inline_policy[0].policy",
            "aws_iam_role.r.inline_policy[1].policy",
            "aws_iam_role_policy.rp.policy",
            "aws_iam_user_policy.up.policy",
            "rekognitioniam_policy_attachment.at.inline_policies[\"x\"]",
            "rekognitioniam_policy_attachment.at.policy_documents[\"arn:aws:iam::111122223333:policy/p\"]",
        ]
    );
    let by_place = |place: &str| {
        extracted
            .policies
            .iter()
            .find(|p| p.place() == place)
            .unwrap()
    };
    let trust = by_place("aws_iam_role.r.assume_role_policy");
    assert_eq!(trust.policy_type, Some(PolicyType::Trust));
    assert_eq!(trust.quota, Some(SizeQuota::TrustPolicy));
    assert_eq!(
        by_place("aws_iam_user_policy.up.policy").quota,
        Some(SizeQuota::InlineUser)
    );
    assert_eq!(
        by_place("rekognitioniam_policy_attachment.at.inline_policies[\"x\"]").quota,
        Some(SizeQuota::InlineUser)
    );
    let inline = by_place("aws_iam_role.r.inline_policy[1].policy");
    assert_eq!(
        inline.pointer,
        ["planned_values", "root_module", "resources",]
            .iter()
            .map(|k| Seg::Key(k.to_string()))
            .chain([
                Seg::Index(4),
                Seg::Key("values".into()),
                Seg::Key("inline_policy".into()),
                Seg::Index(1),
                Seg::Key("policy".into())
            ])
            .collect::<Vec<_>>()
    );
    assert!(extracted.skipped.is_empty());
}

#[test]
fn unknown_values_are_listed_as_skipped() {
    let doc = plan(
        json!([
            resource("aws_iam_policy.later", json!({"name": "x"})),
            resource(
                "aws_iam_role.r",
                json!({"assume_role_policy": TRUST,
                "inline_policy": [{"name": "a"}]})
            ),
            resource(
                "aws_iam_role.computed",
                json!({"assume_role_policy": TRUST})
            ),
            resource(
                "rekognitioniam_policy_attachment.at",
                json!({
                "identity_arn": "arn:aws:iam::111122223333:role/r",
                "inline_policies": {"known": ACTION}})
            ),
            resource(
                "data.rekognitioniam_policy_document.d",
                json!({"policy_type": null})
            ),
        ]),
        json!([
            change("aws_iam_policy.later", json!({"policy": true, "arn": true})),
            change(
                "aws_iam_role.r",
                json!({"inline_policy": [{"policy": true}]})
            ),
            change("aws_iam_role.computed", json!({"inline_policy": true})),
            change(
                "rekognitioniam_policy_attachment.at",
                json!({"inline_policies": {"later": true}})
            ),
            change(
                "data.rekognitioniam_policy_document.d",
                json!({"json": true})
            ),
        ]),
    );
    let extracted = extract(doc.clone()).unwrap();
    assert_eq!(
        skipped(&extracted),
        [
            "aws_iam_policy.later.policy",
            "aws_iam_role.computed.inline_policy",
            "aws_iam_role.r.inline_policy[0].policy",
            "data.rekognitioniam_policy_document.d.json",
            "rekognitioniam_policy_attachment.at.inline_policies[\"later\"]",
        ]
    );
    assert!(extracted
        .skipped
        .iter()
        .all(|s| s.reason == "unknown until apply"));
    assert_eq!(
        places(&extracted),
        [
            "aws_iam_role.computed.assume_role_policy",
            "aws_iam_role.r.assume_role_policy",
            "rekognitioniam_policy_attachment.at.inline_policies[\"known\"]",
        ]
    );
}

#[test]
fn a_computed_block_list_the_configuration_does_not_set_is_no_policy() {
    let mut doc = plan(
        json!([resource(
            "aws_iam_role.r",
            json!({"assume_role_policy": TRUST})
        )]),
        json!([change("aws_iam_role.r", json!({"inline_policy": true}))]),
    );
    doc["configuration"] = json!({"root_module": {"resources": [{
        "address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
        "expressions": {"assume_role_policy": {"references": ["data.x.y.json"]}}}]}});
    let extracted = extract(doc.clone()).unwrap();
    assert!(extracted.skipped.is_empty(), "{:?}", extracted.skipped);
    assert_eq!(places(&extracted), ["aws_iam_role.r.assume_role_policy"]);
}

#[test]
fn data_sources_come_from_the_prior_state_and_child_modules_are_walked() {
    let doc = json!({
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {
            "resources": [resource("aws_iam_policy.p", json!({"policy": ACTION}))],
            "child_modules": [{"address": "module.m", "resources": [{
                "address": "module.m.aws_iam_role_policy.q", "mode": "managed",
                "type": "aws_iam_role_policy", "name": "q", "values": {"policy": ACTION}}]}]
        }},
        "prior_state": {"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {
            "resources": [resource("data.aws_iam_policy_document.d", json!({"json": ACTION}))]}}},
    });
    let extracted = extract(doc.clone()).unwrap();
    assert_eq!(
        places(&extracted),
        [
            "aws_iam_policy.p.policy",
            "data.aws_iam_policy_document.d.json",
            "module.m.aws_iam_role_policy.q.policy"
        ]
    );
    let document = &extracted.policies[1];
    assert!(document.data_source);
    assert_eq!(document.policy_type, None);
}

#[test]
fn a_state_is_read_like_a_plan() {
    let doc = json!({
        "format_version": "1.0",
        "terraform_version": "1.11.4",
        "values": {"root_module": {"resources": [
            resource("aws_iam_role.r", json!({"assume_role_policy": TRUST, "inline_policy": []}))]}},
    });
    assert!(is_plan(&doc));
    let extracted = extract(doc.clone()).unwrap();
    assert_eq!(places(&extracted), ["aws_iam_role.r.assume_role_policy"]);
}

#[test]
fn unknown_formats_are_refused() {
    let doc = json!({"format_version": "2.0", "terraform_version": "9.0.0"});
    let error = extract(doc.clone()).unwrap_err();
    assert!(error.contains("format_version \"2.0\""), "{error}");
}

#[test]
fn declared_types_and_ignores_of_this_providers_documents() {
    let doc = plan(
        json!([
            resource(
                "data.rekognitioniam_policy_document.d",
                json!({
                "json": TRUST, "policy_type": "trust", "ignore_findings": ["sid.empty"]})
            ),
            resource(
                "data.rekognitioniam_policy_template.t",
                json!({
                "json": ACTION, "policy_type": "resource"})
            ),
            resource(
                "data.rekognitioniam_policy_document.plain",
                json!({
                "json": ACTION, "policy_type": null})
            ),
            resource(
                "aws_organizations_policy.scp",
                json!({"content": ACTION, "type": null})
            ),
            resource(
                "aws_organizations_policy.tags",
                json!({"content": "{}", "type": "TAG_POLICY"})
            ),
        ]),
        json!([]),
    );
    let extracted = extract(doc.clone()).unwrap();
    let types: Vec<_> = extracted
        .policies
        .iter()
        .map(|p| (p.place(), p.policy_type, p.ignore.clone()))
        .collect();
    assert_eq!(
        types,
        [
            (
                "aws_organizations_policy.scp.content".to_string(),
                Some(PolicyType::ServiceControl),
                vec![]
            ),
            (
                "data.rekognitioniam_policy_document.d.json".to_string(),
                Some(PolicyType::Trust),
                vec!["sid.empty".to_string()]
            ),
            (
                // no policy_type: `auto`, inferred from the content when the documents are merged
                "data.rekognitioniam_policy_document.plain.json".to_string(),
                None,
                vec![]
            ),
            (
                "data.rekognitioniam_policy_template.t.json".to_string(),
                Some(PolicyType::Resource),
                vec![]
            ),
        ]
    );
}

fn found(address: &str, attribute: &str, text: &str, data_source: bool) -> PlanPolicy {
    PlanPolicy {
        address: address.into(),
        attribute: attribute.into(),
        text: text.into(),
        pointer: Vec::new(),
        policy_type: (!data_source).then_some(PolicyType::Trust),
        quota: None,
        ignore: if data_source {
            vec!["sid.empty".into()]
        } else {
            Vec::new()
        },
        also: Vec::new(),
        also_more: 0,
        data_source,
        inferred: false,
    }
}

#[test]
fn documents_merge_into_the_resources_that_use_them() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(TRUST).unwrap()).unwrap();
    let merged = merge(vec![
        found("data.aws_iam_policy_document.trust", "json", &pretty, true),
        found("aws_iam_role.r", "assume_role_policy", TRUST, false),
        found("data.aws_iam_policy_document.unused", "json", ACTION, true),
    ]);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].place(), "aws_iam_role.r.assume_role_policy");
    assert_eq!(merged[0].also, ["data.aws_iam_policy_document.trust.json"]);
    assert_eq!(merged[0].ignore, ["sid.empty"]);
    assert_eq!(merged[0].policy_type, Some(PolicyType::Trust));
    assert_eq!(
        merged[1].place(),
        "data.aws_iam_policy_document.unused.json"
    );
    assert_eq!(merged[1].policy_type, Some(PolicyType::Identity));
    assert!(merged[1].inferred);
}

#[test]
fn kinds_are_inferred_from_principals_and_actions() {
    assert_eq!(infer_policy_type(ACTION), PolicyType::Identity);
    assert_eq!(infer_policy_type(TRUST), PolicyType::Trust);
    let web = r#"{"Statement":{"Effect":"Allow","Principal":{"Federated":"x"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"]}}"#;
    assert_eq!(infer_policy_type(web), PolicyType::Trust);
    let bucket = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    assert_eq!(infer_policy_type(bucket), PolicyType::Resource);
    assert_eq!(infer_policy_type("not json"), PolicyType::Identity);
}

/// The quadratic shape: many documents, each used by one resource and written with another key
/// order, and many copies of one document used by many resources.
#[test]
fn many_documents_merge_by_their_canonical_form() {
    let n = 2_000;
    let doc = |i: usize| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{i}/*"}}]}}"#
        )
    };
    let reordered = |i: usize| {
        format!(
            r#"{{"Statement":[{{"Resource":"arn:aws:s3:::b{i}/*","Action":"s3:GetObject","Effect":"Allow"}}],"Version":"2012-10-17"}}"#
        )
    };
    let mut policies = Vec::new();
    for i in 0..n {
        policies.push(found(
            &format!("data.aws_iam_policy_document.d{i:05}"),
            "json",
            &doc(i),
            true,
        ));
        policies.push(found(
            &format!("aws_iam_role.r{i:05}"),
            "assume_role_policy",
            &reordered(i),
            false,
        ));
    }
    for i in 0..n {
        policies.push(found(
            &format!("data.aws_iam_policy_document.same{i:05}"),
            "json",
            TRUST,
            true,
        ));
        policies.push(found(
            &format!("aws_iam_role.same{i:05}"),
            "assume_role_policy",
            TRUST,
            false,
        ));
    }
    policies.push(found(
        "data.aws_iam_policy_document.alone",
        "json",
        "{not json",
        true,
    ));
    let merged = merge(policies);
    assert_eq!(merged.len(), 2 * n + 1);
    let by_place: HashMap<String, &PlanPolicy> = merged.iter().map(|p| (p.place(), p)).collect();
    for i in [0, 7, n - 1] {
        let role = by_place[&format!("aws_iam_role.r{i:05}.assume_role_policy")];
        assert_eq!(
            role.also,
            [format!("data.aws_iam_policy_document.d{i:05}.json")]
        );
        assert_eq!(role.also_more, 0);
        let same = by_place[&format!("aws_iam_role.same{i:05}.assume_role_policy")];
        assert_eq!(same.also.len(), ALSO_LIMIT);
        assert_eq!(same.also[0], "data.aws_iam_policy_document.same00000.json");
        assert_eq!(same.also_more, n - ALSO_LIMIT);
        assert_eq!(same.ignore, ["sid.empty"]);
    }
    let alone = by_place["data.aws_iam_policy_document.alone.json"];
    assert!(alone.inferred);
}

#[test]
fn canonical_forms_ignore_key_order_and_white_space_only() {
    let form = |t: &str| match Form::of(t) {
        Form::Json(s) => s,
        Form::Text(s) => format!("text:{s}"),
    };
    assert_eq!(
        form(r#"{"b": [1, {"d": 2, "c": "x\n"}], "a": null}"#),
        r#"{"a":null,"b":[1,{"c":"x\n","d":2}]}"#
    );
    assert_ne!(form(r#"{"a": [1, 2]}"#), form(r#"{"a": [2, 1]}"#));
    assert_ne!(form(r#"{"a": 1}"#), form(r#"{"a": "1"}"#));
    assert_eq!(form("{x"), "text:{x");
}

/// Tens of thousands of inline policies in one attachment, most known and some unknown.
#[test]
fn a_map_with_many_keys_is_read_once_per_key() {
    let n = 20_000;
    let known: serde_json::Map<String, Value> =
        (0..n).map(|i| (format!("p{i}"), json!(ACTION))).collect();
    let unknown: serde_json::Map<String, Value> = (n / 2..n + 100)
        .map(|i| (format!("p{i}"), json!(i >= n)))
        .collect();
    let doc = plan(
        json!([resource(
            "rekognitioniam_policy_attachment.at",
            json!({"identity_arn": "arn:aws:iam::111122223333:role/r", "inline_policies": known})
        )]),
        json!([change(
            "rekognitioniam_policy_attachment.at",
            json!({"inline_policies": unknown})
        )]),
    );
    let extracted = extract(doc.clone()).unwrap();
    assert_eq!(extracted.policies.len(), n);
    assert_eq!(extracted.skipped.len(), 100);
    assert_eq!(
        extracted.skipped[0].place(),
        format!("rekognitioniam_policy_attachment.at.inline_policies[\"p{n}\"]")
    );
}
