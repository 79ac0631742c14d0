//! Property tests: checking a configuration with values unknown until apply reports nothing
//! that the same configuration with every value known does not report (no false finding from
//! a placeholder), and every finding about a known element that depends on nothing unknown is
//! reported either way, at the element as written.

use proptest::prelude::*;

use super::partial::{findings, Located};
use super::Settings;
use crate::provider::config::ProviderDefaults;
use engine::analysis::validate::decided_by_element;
use host::diagnostic::{AttributePath, PathStep};
use host::value::Value;

/// The settings of `config` with no provider-level defaults.
fn settings(config: &Value) -> Settings {
    match Settings::read(config, &ProviderDefaults::default()) {
        Ok(settings) => settings,
        Err(diagnostics) => panic!("invalid settings: {diagnostics:?}"),
    }
}

const ACTIONS: &[&str] = &[
    "rekognition:DetectLabels",
    "rekognition:DetectLabel",
    "rekognition:*",
    "rekognition:Describe*",
    "rekognition:CreateCollection",
    "rekogniton:DetectFaces",
    "s3:GetObject",
    "s3:Get*",
    "s3:ListBucket",
    "s3:NoSuch*",
    "iam:PassRole",
    "iam:*",
    "*",
    "detectlabels",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::images/*",
    "arn:aws:s3:::images",
    "arn:aws:s3:::&{aws:username}/*",
    "arn:aws:s3:us-east-1::images",
    "arn:aws:rekognition:us-east-1:111122223333:collection/faces",
    "arn:aws:rekognition:us-east-1a:111122223333:collection/faces",
    "arn:aws:rekognition:*:*:collection/*",
    "arn:aws:iam::111122223333:role/app",
    "arn:aws:rekognitoin:us-east-1:111122223333:collection/faces",
    "images",
];

const EFFECTS: &[&str] = &["Allow", "Deny", "allow"];

const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "*", "Servic"];

const IDENTIFIERS: &[&str] = &[
    "*",
    "111122223333",
    "arn:aws:iam::111122223333:role/app",
    "rekognition.amazonaws.com",
    "Rekognition.amazonaws.com",
    "AROAEXAMPLEID1234567",
    "bad",
];

const TESTS: &[&str] = &[
    "StringEquals",
    "StringLike",
    "StringEqual",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
    "ForAnyValue:StringEquals",
    "NumericLessThan",
    "Null",
];

const VARIABLES: &[&str] = &[
    "aws:SourceIp",
    "aws:SecureTransport",
    "aws:PrincipalTag/team",
    "aws:ResourceTag/team",
    "aws:SourceArn",
    "aws:CalledVia",
    "aws:Foo",
    "s3:prefix",
    "rekognition:CollectionId",
];

const VALUES: &[&str] = &[
    "10.0.0.0/8",
    "203.0.113.0/24",
    "203.0.113.7/24",
    "true",
    "false",
    "a*",
    "*",
    "arn:aws:s3:::images",
    "x",
    "x",
    "12",
    "",
];

/// JSON documents for `source_policy_documents` and `override_policy_documents`: with and
/// without Sids that blocks also use (`Read0`), with findings of their own.
const DOCUMENTS: &[&str] = &[
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read0","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabel","Resource":"*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"Extra","Effect":"Deny","Action":["s3:*","s3:GetObject"],"Resource":"arn:aws:s3:::images/*"}]}"#,
];

/// One value of the configuration and whether it stands for a value known only after apply.
#[derive(Debug, Clone)]
struct Leaf {
    text: String,
    unknown: bool,
}

/// A list attribute: its elements, or the whole list unknown.
#[derive(Debug, Clone)]
struct List {
    items: Vec<Leaf>,
    whole_unknown: bool,
}

#[derive(Debug, Clone)]
struct PrincipalBlock {
    kind: Leaf,
    identifiers: List,
}

#[derive(Debug, Clone)]
struct ConditionBlock {
    test: Leaf,
    variable: Leaf,
    values: List,
}

#[derive(Debug, Clone)]
struct Block {
    sid: Option<Leaf>,
    effect: Option<Leaf>,
    actions: Option<List>,
    not_actions: Option<List>,
    resources: Option<List>,
    not_resources: Option<List>,
    principals: Vec<PrincipalBlock>,
    conditions: Vec<ConditionBlock>,
}

fn leaf(pool: &'static [&'static str]) -> impl Strategy<Value = Leaf> {
    (prop::sample::select(pool), prop::bool::weighted(0.3)).prop_map(|(text, unknown)| Leaf {
        text: text.to_string(),
        unknown,
    })
}

fn list(pool: &'static [&'static str], max: usize) -> impl Strategy<Value = List> {
    (
        prop::collection::vec(leaf(pool), 1..=max),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(items, whole_unknown)| List {
            items,
            whole_unknown,
        })
}

fn block() -> impl Strategy<Value = Block> {
    let principal = (leaf(PRINCIPAL_TYPES), list(IDENTIFIERS, 3))
        .prop_map(|(kind, identifiers)| PrincipalBlock { kind, identifiers });
    let condition =
        (leaf(TESTS), leaf(VARIABLES), list(VALUES, 3)).prop_map(|(test, variable, values)| {
            ConditionBlock {
                test,
                variable,
                values,
            }
        });
    (
        prop::option::weighted(0.3, leaf(&["Read", "read-all", ""])),
        prop::option::weighted(0.7, leaf(EFFECTS)),
        prop::option::weighted(0.85, list(ACTIONS, 4)),
        prop::option::weighted(0.15, list(ACTIONS, 2)),
        prop::option::weighted(0.85, list(RESOURCES, 4)),
        prop::option::weighted(0.1, list(RESOURCES, 2)),
        prop::collection::vec(principal, 0..=2),
        prop::collection::vec(condition, 0..=3),
    )
        .prop_map(
            |(
                sid,
                effect,
                actions,
                not_actions,
                resources,
                not_resources,
                principals,
                conditions,
            )| {
                Block {
                    sid,
                    effect,
                    actions,
                    not_actions,
                    resources,
                    not_resources,
                    principals,
                    conditions,
                }
            },
        )
}

fn leaf_value(leaf: &Leaf, known: bool) -> Value {
    if leaf.unknown && !known {
        Value::Unknown
    } else {
        Value::from(leaf.text.as_str())
    }
}

fn list_value(list: &List, known: bool) -> Value {
    if list.whole_unknown && !known {
        return Value::Unknown;
    }
    Value::List(list.items.iter().map(|l| leaf_value(l, known)).collect())
}

/// The `statement` block; `known` renders every value as known. Sids get the block's index so
/// that blocks never repeat one (a repeat drops the later block, which an unknown Sid hides).
fn block_value(index: usize, block: &Block, known: bool) -> Value {
    let optional = |value: Option<Value>| value.unwrap_or(Value::Null);
    let sid = block.sid.as_ref().map(|l| {
        let renamed = Leaf {
            text: format!("{}{index}", l.text),
            unknown: l.unknown,
        };
        leaf_value(&renamed, known)
    });
    // Conditions with the same test and variable are two entries of one key; keep the first.
    let mut seen = Vec::new();
    let conditions: Vec<Value> = block
        .conditions
        .iter()
        .filter(|c| {
            let key = (c.test.text.clone(), c.variable.text.to_ascii_lowercase());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        })
        .map(|c| {
            Value::object([
                ("test", leaf_value(&c.test, known)),
                ("variable", leaf_value(&c.variable, known)),
                ("values", list_value(&c.values, known)),
            ])
        })
        .collect();
    let principals: Vec<Value> = block
        .principals
        .iter()
        .map(|p| {
            Value::object([
                ("type", leaf_value(&p.kind, known)),
                ("identifiers", list_value(&p.identifiers, known)),
            ])
        })
        .collect();
    Value::object([
        ("sid", optional(sid)),
        (
            "effect",
            optional(block.effect.as_ref().map(|l| leaf_value(l, known))),
        ),
        (
            "actions",
            optional(block.actions.as_ref().map(|l| list_value(l, known))),
        ),
        (
            "not_actions",
            optional(block.not_actions.as_ref().map(|l| list_value(l, known))),
        ),
        (
            "resources",
            optional(block.resources.as_ref().map(|l| list_value(l, known))),
        ),
        (
            "not_resources",
            optional(block.not_resources.as_ref().map(|l| list_value(l, known))),
        ),
        ("principals", Value::List(principals)),
        ("condition", Value::List(conditions)),
    ])
}

fn config(policy_type: &str, blocks: &[Block], inputs: &Inputs, known: bool) -> Value {
    let documents =
        |list: &Option<List>| list.as_ref().map_or(Value::Null, |l| list_value(l, known));
    Value::object([
        ("policy_type", Value::from(policy_type)),
        ("source_policy_documents", documents(&inputs.sources)),
        ("override_policy_documents", documents(&inputs.overrides)),
        (
            "statement",
            Value::List(
                blocks
                    .iter()
                    .enumerate()
                    .map(|(i, b)| block_value(i, b, known))
                    .collect(),
            ),
        ),
    ])
}

/// The JSON document arguments.
#[derive(Debug, Clone)]
struct Inputs {
    sources: Option<List>,
    overrides: Option<List>,
}

fn inputs() -> impl Strategy<Value = Inputs> {
    (
        prop::option::weighted(0.3, list(DOCUMENTS, 2)),
        prop::option::weighted(0.2, list(DOCUMENTS, 1)),
    )
        .prop_map(|(sources, overrides)| Inputs { sources, overrides })
}

/// What identifies a finding across the two runs: its code and the element as written. Blocks
/// with the same test are one operator, reported at the first known one, so a finding about an
/// operator is identified by the operator's name.
fn key(located: &Located, known: &Value) -> (String, String) {
    let path = located
        .path
        .as_ref()
        .map(|path| element_key(known, path))
        .unwrap_or_default();
    let path = match (
        &located.finding.location.condition_operator,
        path.rsplit_once(".condition"),
    ) {
        (Some(operator), Some((statement, rest))) if rest.ends_with(".test") => {
            format!("{statement}.condition.test={operator}")
        }
        _ => path,
    };
    (located.finding.code.to_string(), path)
}

/// A finding's place by what it is about rather than where: the statement block, the attribute
/// names on the way, and the string the path ends at in `known`. Repeated elements, and
/// principal or condition blocks equal to an earlier one, render once, so a finding about one
/// points at the first occurrence, which moves when earlier elements or blocks are unknown.
fn element_key(known: &Value, path: &AttributePath) -> String {
    let mut out = String::new();
    for (i, step) in path.0.iter().enumerate() {
        match step {
            PathStep::Attribute(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            // the statement block's index stays: blocks are not merged
            PathStep::Index(n) if i == 1 => out.push_str(&format!("[{n}]")),
            PathStep::Index(_) | PathStep::Key(_) => {}
        }
    }
    if let Some(text) = value_at(known, path).and_then(Value::as_str) {
        out.push('=');
        out.push_str(text);
    }
    out
}

fn value_at<'a>(config: &'a Value, path: &AttributePath) -> Option<&'a Value> {
    let mut value = config;
    for step in &path.0 {
        value = match step {
            PathStep::Attribute(name) => value.get(name)?,
            PathStep::Index(i) => value.as_elements()?.get(usize::try_from(*i).ok()?)?,
            PathStep::Key(_) => return None,
        };
    }
    Some(value)
}

/// The value at `path` in `config`, and whether every block on the way has its type, test and
/// variable known (a block without them is left out whole).
fn element_known(config: &Value, path: &AttributePath) -> bool {
    let mut value = config;
    for step in &path.0 {
        for name in ["type", "test", "variable"] {
            if value.get(name).is_some_and(Value::is_unknown) {
                return false;
            }
        }
        let next = match step {
            PathStep::Attribute(name) => value.get(name),
            PathStep::Index(i) => value
                .as_elements()
                .and_then(|items| items.get(usize::try_from(*i).ok()?)),
            PathStep::Key(_) => None,
        };
        match next {
            Some(v) => value = v,
            None => return false,
        }
    }
    !value.contains_unknown()
}

/// The unknown parts of the statement block a path points into.
fn unknown_parts(config: &Value, path: &AttributePath) -> Option<engine::policy::UnknownParts> {
    if path.0.first() != Some(&PathStep::Attribute("statement".to_string())) {
        // JSON documents are known as a whole or not at all
        return Some(Default::default());
    }
    let Some(PathStep::Index(i)) = path.0.get(1) else {
        return None;
    };
    let block = config
        .get("statement")?
        .as_elements()?
        .get(usize::try_from(*i).ok()?)?;
    Some(super::hcl::statement(block).unknown)
}

/// Whether an input not known yet may replace the statement a path points into (by Sid), so
/// that what is found in it is not decided yet.
fn may_be_replaced(config: &Value, path: &AttributePath) -> bool {
    let pending = |name: &str| config.get(name).is_some_and(Value::contains_unknown);
    let blocks = config
        .get("statement")
        .and_then(Value::as_elements)
        .unwrap_or(&[]);
    let unknown_sid = blocks
        .iter()
        .any(|b| b.get("sid").is_some_and(Value::is_unknown));
    match (path.0.first(), path.0.get(1)) {
        (Some(PathStep::Attribute(root)), _) if root == "source_policy_documents" => {
            unknown_sid
                || pending("override_policy_documents")
                || pending("source_policy_documents")
        }
        (Some(PathStep::Attribute(root)), _) if root == "override_policy_documents" => {
            pending("override_policy_documents")
        }
        (_, Some(PathStep::Index(i))) => {
            let has_sid = usize::try_from(*i)
                .ok()
                .and_then(|i| blocks.get(i))
                .and_then(|b| b.get("sid"))
                .is_some_and(|sid| !sid.is_null());
            has_sid && (unknown_sid || pending("override_policy_documents"))
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn unknowns_never_add_findings_and_keep_decided_ones(
        policy_type in prop::sample::select(&["identity", "resource", "trust"][..]),
        blocks in prop::collection::vec(block(), 1..=3),
        inputs in inputs(),
    ) {
        let known = config(policy_type, &blocks, &inputs, true);
        let partial = config(policy_type, &blocks, &inputs, false);
        let with_all = findings(&known, &settings(&known));
        let with_unknowns = findings(&partial, &settings(&partial));
        let all: Vec<(String, String)> =
            with_all.findings.iter().map(|l| key(l, &known)).collect();
        let some: Vec<(String, String)> =
            with_unknowns.findings.iter().map(|l| key(l, &known)).collect();
        for found in &some {
            prop_assert!(
                all.contains(found),
                "{found:?} is reported with unknowns but not when known: {all:?}"
            );
        }
        for located in &with_all.findings {
            let Some(path) = &located.path else { continue };
            if !element_known(&partial, path) {
                continue;
            }
            let Some(unknown) = unknown_parts(&partial, path) else { continue };
            if may_be_replaced(&partial, path) {
                continue;
            }
            if !decided_by_element(located.finding.code, &unknown) {
                continue;
            }
            prop_assert!(
                some.contains(&key(located, &known)),
                "{:?} about a known element is lost with unknowns: {some:?}",
                key(located, &known)
            );
        }
    }
}
