//! Property test: nothing aws_iam_policy_document renders is lost here.
//!
//! The oracle is an independent model of aws_iam_policy_document's merge rules (facts from its
//! source, written here from those facts): its string arguments are sets, as are its
//! `principals` and `condition` blocks; principals of one type and conditions of one test and
//! variable concatenate their values; JSON documents keep their lists as written, turn condition
//! booleans into strings, and merge by Sid (sources, then the blocks, then overrides), the Id of
//! the last document that has one and the greatest Version winning; empty JSON strings are
//! skipped. For random configurations, every statement of our rendering holds exactly the
//! values of the oracle's statement, counted with repeats (so every action, resource, principal
//! and condition value IAM would see there is here, and the two are equal under the
//! order-insensitive comparison the AWS provider uses to suppress policy diffs).

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{json, Value as Json};

use super::merged;
use host::value::Value;

/// A statement as IAM sees it: the values of each element, sorted, repeats kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Seen {
    sid: String,
    effect: String,
    /// `Action`, `NotAction`, `Resource`, `NotResource`.
    lists: BTreeMap<String, Vec<String>>,
    /// `Principal`/`NotPrincipal` -> `*` or type -> identifiers.
    principals: BTreeMap<String, Principal>,
    /// (operator, key) -> values.
    conditions: BTreeMap<(String, String), Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Principal {
    Everyone,
    Map(BTreeMap<String, Vec<String>>),
}

/// A document as IAM sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Doc {
    version: String,
    id: String,
    statements: Vec<Seen>,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// A JSON string or array of strings/booleans as the strings IAM compares.
fn strings_of(v: &Json) -> Vec<String> {
    match v {
        Json::String(s) => vec![s.clone()],
        Json::Bool(b) => vec![b.to_string()],
        Json::Array(items) => items.iter().flat_map(strings_of).collect(),
        _ => Vec::new(),
    }
}

/// Reads rendered JSON (ours, or the oracle's JSON inputs) into what IAM sees.
fn seen_of_json(s: &Json) -> Seen {
    let mut seen = Seen {
        sid: s["Sid"].as_str().unwrap_or_default().to_string(),
        effect: s["Effect"].as_str().unwrap_or_default().to_string(),
        ..Seen::default()
    };
    for key in ["Action", "NotAction", "Resource", "NotResource"] {
        if let Some(v) = s.get(key) {
            seen.lists.insert(key.to_string(), sorted(strings_of(v)));
        }
    }
    for key in ["Principal", "NotPrincipal"] {
        match s.get(key) {
            Some(Json::String(_)) => {
                seen.principals.insert(key.to_string(), Principal::Everyone);
            }
            Some(Json::Object(map)) => {
                let map = map
                    .iter()
                    .map(|(k, v)| (k.clone(), sorted(strings_of(v))))
                    .collect();
                seen.principals.insert(key.to_string(), Principal::Map(map));
            }
            _ => {}
        }
    }
    if let Some(Json::Object(ops)) = s.get("Condition") {
        for (op, keys) in ops {
            for (key, values) in keys.as_object().into_iter().flatten() {
                seen.conditions
                    .insert((op.clone(), key.clone()), sorted(strings_of(values)));
            }
        }
    }
    seen
}

fn doc_of_json(text: &str) -> Doc {
    let v: Json = serde_json::from_str(text).unwrap();
    let statements = match &v["Statement"] {
        Json::Array(items) => items.iter().map(seen_of_json).collect(),
        Json::Object(_) => vec![seen_of_json(&v["Statement"])],
        _ => Vec::new(),
    };
    Doc {
        version: v["Version"].as_str().unwrap_or_default().to_string(),
        id: v["Id"].as_str().unwrap_or_default().to_string(),
        statements,
    }
}

/// One generated `statement` block.
#[derive(Clone, Debug)]
struct Block {
    sid: Option<String>,
    effect: Option<&'static str>,
    actions: Vec<&'static str>,
    resources: Vec<&'static str>,
    principals: Vec<(&'static str, Vec<&'static str>)>,
    conditions: Vec<(&'static str, &'static str, Vec<&'static str>)>,
}

/// The oracle's statement of a block: sets dedupe, blocks of one type/test+variable concatenate.
fn oracle_block(b: &Block) -> Seen {
    let set = |v: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = v.iter().map(|s| s.replace("&{", "${")).collect();
        out.sort();
        out.dedup();
        out
    };
    let mut seen = Seen {
        sid: b.sid.clone().unwrap_or_default(),
        effect: b.effect.unwrap_or("Allow").to_string(),
        ..Seen::default()
    };
    if !b.actions.is_empty() {
        seen.lists.insert("Action".into(), set(&b.actions));
    }
    if !b.resources.is_empty() {
        seen.lists.insert("Resource".into(), set(&b.resources));
    }
    // the set of principal blocks: equal type and identifier set count once
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    for (t, ids) in &b.principals {
        let block = (t.to_string(), set(ids));
        if !blocks.contains(&block) {
            blocks.push(block);
        }
    }
    if blocks.len() == 1 && blocks[0].0 == "*" && blocks[0].1 == ["*"] {
        seen.principals
            .insert("Principal".into(), Principal::Everyone);
    } else if !blocks.is_empty() {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (t, ids) in blocks {
            map.entry(t).or_default().extend(ids);
        }
        let map = map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
        seen.principals
            .insert("Principal".into(), Principal::Map(map));
    }
    let mut conds: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for (t, v, values) in &b.conditions {
        let block = (
            *t,
            *v,
            values.iter().map(|s| s.replace("&{", "${")).collect(),
        );
        if !conds.contains(&block) {
            conds.push(block);
        }
    }
    for (t, v, values) in conds {
        seen.conditions
            .entry((t.to_string(), v.to_string()))
            .or_default()
            .extend(values);
    }
    for values in seen.conditions.values_mut() {
        values.sort();
    }
    seen
}

/// Merges `next` into `doc` by aws_iam_policy_document's rule.
fn oracle_merge(doc: &mut Doc, next: Doc) {
    if !next.id.is_empty() {
        doc.id = next.id;
    }
    if next.version > doc.version {
        doc.version = next.version;
    }
    for s in next.statements {
        let at = (!s.sid.is_empty())
            .then(|| doc.statements.iter().position(|e| e.sid == s.sid))
            .flatten();
        match at {
            Some(i) => doc.statements[i] = s,
            None => doc.statements.push(s),
        }
    }
}

/// The oracle's document, or `None` when aws_iam_policy_document fails (duplicate Sids).
fn oracle(blocks: &[Block], sources: &[String], overrides: &[String]) -> Option<Doc> {
    let mut doc = Doc::default();
    let mut sids: Vec<String> = Vec::new();
    for text in sources.iter().filter(|t| !t.is_empty()) {
        let source = doc_of_json(text);
        for s in &source.statements {
            if !s.sid.is_empty() {
                if sids.contains(&s.sid) {
                    return None;
                }
                sids.push(s.sid.clone());
            }
        }
        oracle_merge(&mut doc, source);
    }
    let mut block_sids: Vec<&str> = Vec::new();
    for b in blocks {
        if let Some(sid) = b.sid.as_deref().filter(|s| !s.is_empty()) {
            if block_sids.contains(&sid) {
                return None;
            }
            block_sids.push(sid);
        }
    }
    oracle_merge(
        &mut doc,
        Doc {
            version: "2012-10-17".into(),
            id: String::new(),
            statements: blocks.iter().map(oracle_block).collect(),
        },
    );
    for text in overrides.iter().filter(|t| !t.is_empty()) {
        oracle_merge(&mut doc, doc_of_json(text));
    }
    Some(doc)
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "rekognition:DetectLabels",
    "sts:AssumeRole",
];
const RESOURCES: &[&str] = &["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/&{aws:username}/*"];
const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "*"];
const IDS: &[&str] = &[
    "*",
    "111122223333",
    "arn:aws:iam::111122223333:root",
    "ec2.amazonaws.com",
];
const TESTS: &[&str] = &["StringLike", "StringEquals", "Bool"];
const VARIABLES: &[&str] = &["s3:prefix", "aws:SecureTransport", "aws:PrincipalTag/team"];
const VALUES: &[&str] = &["", "one/", "two/", "true", "home/&{aws:username}/"];
const SIDS: &[&str] = &["A", "B", "C"];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(pool)
}

fn block() -> impl Strategy<Value = Block> {
    (
        proptest::option::of(pick(SIDS)),
        proptest::option::of(pick(&["Allow", "Deny"])),
        proptest::collection::vec(pick(ACTIONS), 0..4),
        proptest::collection::vec(pick(RESOURCES), 0..3),
        proptest::collection::vec(
            (
                pick(PRINCIPAL_TYPES),
                proptest::collection::vec(pick(IDS), 0..3),
            ),
            0..3,
        ),
        proptest::collection::vec(
            (
                pick(TESTS),
                pick(VARIABLES),
                proptest::collection::vec(pick(VALUES), 0..3),
            ),
            0..4,
        ),
    )
        .prop_map(
            |(sid, effect, actions, resources, principals, conditions)| Block {
                sid: sid.map(str::to_string),
                effect,
                actions,
                resources,
                principals,
                conditions,
            },
        )
}

/// A JSON value written as a string, a one-element array or an array (lists as IAM takes them).
fn one_or_many(pool: &'static [&'static str]) -> impl Strategy<Value = Json> {
    prop_oneof![
        pick(pool).prop_map(|s| json!(s)),
        proptest::collection::vec(pick(pool), 1..4).prop_map(|v| json!(v)),
    ]
}

fn json_statement() -> impl Strategy<Value = Json> {
    (
        proptest::option::of(pick(SIDS)),
        one_or_many(ACTIONS),
        one_or_many(RESOURCES),
        proptest::option::of(prop_oneof![
            Just(json!("*")),
            one_or_many(IDS).prop_map(|ids| json!({ "AWS": ids })),
        ]),
        proptest::collection::btree_map(
            pick(VARIABLES),
            prop_oneof![one_or_many(VALUES), any::<bool>().prop_map(|b| json!(b))],
            0..3,
        ),
    )
        .prop_map(|(sid, action, resource, principal, condition)| {
            let mut s = json!({ "Effect": "Allow", "Action": action, "Resource": resource });
            if let Some(sid) = sid {
                s["Sid"] = json!(sid);
            }
            if let Some(p) = principal {
                s["Principal"] = p;
            }
            if !condition.is_empty() {
                s["Condition"] = json!({ "StringLike": condition });
            }
            s
        })
}

/// A JSON document, or the empty string modules pass for "no document".
fn json_document() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        4 => (
            proptest::option::of(pick(&["2012-10-17", "2008-10-17"])),
            proptest::option::of(pick(&["one", "two"])),
            proptest::collection::vec(json_statement(), 0..3),
        )
            .prop_map(|(version, id, statements)| {
                let mut d = json!({ "Statement": statements });
                if let Some(v) = version {
                    d["Version"] = json!(v);
                }
                if let Some(id) = id {
                    d["Id"] = json!(id);
                }
                d.to_string()
            }),
    ]
}

fn config_of(blocks: &[Block], sources: &[String], overrides: &[String]) -> Value {
    let string_list = |v: &[&str]| Value::string_list(v.iter().copied());
    let statements = blocks
        .iter()
        .map(|b| {
            let mut attrs: Vec<(&str, Value)> = vec![
                ("actions", string_list(&b.actions)),
                ("resources", string_list(&b.resources)),
                (
                    "principals",
                    Value::List(
                        b.principals
                            .iter()
                            .map(|(t, ids)| {
                                Value::object([
                                    ("type", Value::from(*t)),
                                    ("identifiers", string_list(ids)),
                                ])
                            })
                            .collect(),
                    ),
                ),
                (
                    "condition",
                    Value::List(
                        b.conditions
                            .iter()
                            .map(|(t, v, values)| {
                                Value::object([
                                    ("test", Value::from(*t)),
                                    ("variable", Value::from(*v)),
                                    ("values", string_list(values)),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ];
            if let Some(sid) = &b.sid {
                attrs.push(("sid", Value::from(sid.as_str())));
            }
            if let Some(effect) = b.effect {
                attrs.push(("effect", Value::from(effect)));
            }
            Value::object(attrs)
        })
        .collect();
    let texts = |t: &[String]| Value::string_list(t.iter().map(String::as_str));
    Value::object([
        ("statement", Value::List(statements)),
        ("source_policy_documents", texts(sources)),
        ("override_policy_documents", texts(overrides)),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn every_value_the_aws_provider_renders_is_rendered_here(
        blocks in proptest::collection::vec(block(), 0..4),
        sources in proptest::collection::vec(json_document(), 0..3),
        overrides in proptest::collection::vec(json_document(), 0..3),
    ) {
        let config = config_of(&blocks, &sources, &overrides);
        let mut diagnostics = Vec::new();
        let ours = merged(&config, &mut diagnostics);
        prop_assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let ours = ours.unwrap();
        match oracle(&blocks, &sources, &overrides) {
            None => prop_assert!(
                ours.diagnostics.iter().any(|d| d.is_error()),
                "the AWS provider fails on duplicate Sids; so must this"
            ),
            Some(expected) => {
                prop_assert!(ours.diagnostics.is_empty(), "{:?}", ours.diagnostics);
                let rendered = doc_of_json(&ours.document.to_json_minified());
                prop_assert_eq!(rendered, expected);
            }
        }
    }
}
