//! Policy documents whose JSON is unknown until apply but whose configuration is partly known.
//!
//! Terraform defers the read of a policy-document data source whose configuration holds a value
//! known only after apply, but the plan keeps its arguments: `change.after` has the known
//! values (unknown ones are `null`) and `after_unknown` marks the unknown ones. The known
//! statement parts are checked as the provider checks them at plan, with the same codes.

use serde_json::Value as Json;

use super::walk::Resource;
use super::Seg;
use crate::provider::policy_document::known_part_findings;
use engine::analysis::finding::Finding;
use engine::analysis::PolicyType;
use host::value::{Number, Value};

/// The data sources whose arguments are those of `aws_iam_policy_document`.
pub const DOCUMENT_TYPES: [&str; 2] = ["aws_iam_policy_document", "rekognitioniam_policy_document"];

/// The arguments of a policy-document data source (the computed attributes are left out).
const ARGUMENTS: [&str; 8] = [
    "version",
    "policy_id",
    "source_policy_documents",
    "override_policy_documents",
    "statement",
    "policy_type",
    "strict",
    "ignore_findings",
];

/// A policy document checked on its known parts.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialPolicy {
    /// The data source.
    pub address: String,
    /// The attribute whose value is unknown (`json`).
    pub attribute: String,
    /// The kind of policy it was checked as.
    pub policy_type: PolicyType,
    /// Whether that kind was inferred from the known content.
    pub inferred: bool,
    /// The findings the known parts decide; their detail starts with the argument they are in.
    pub findings: Vec<Finding>,
    /// The arguments, or elements of them, that are unknown until apply.
    pub unknown: Vec<String>,
}

/// The partially known document of a deferred policy-document read, or `None` when nothing of
/// its content is known (then it stays skipped).
pub fn partially_known(resource: &Resource) -> Option<PartialPolicy> {
    if !DOCUMENT_TYPES.contains(&resource.type_name) {
        return None;
    }
    let mut attrs = std::collections::BTreeMap::new();
    let mut unknown = Vec::new();
    for name in ARGUMENTS {
        let path = name.to_string();
        let value = to_value(
            resource.values.get(name),
            resource.after_unknown.and_then(|u| u.get(name)),
            &path,
            &mut unknown,
        );
        attrs.insert(name.to_string(), value);
    }
    let has_known_content = [
        "statement",
        "source_policy_documents",
        "override_policy_documents",
    ]
    .iter()
    .any(|name| {
        attrs
            .get(*name)
            .and_then(Value::as_elements)
            .is_some_and(|items| items.iter().any(|i| !i.is_unknown()))
    });
    if !has_known_content || unknown.is_empty() {
        return None;
    }
    let mut ignore: Vec<Value> = Vec::new();
    let (policy_type, inferred) = if resource.type_name == "aws_iam_policy_document" {
        // How the document is used is not known here: its kind is inferred from the known
        // principals, and the size quota (which differs by use) is not decided.
        ignore.push(Value::from("size.exceeded"));
        (infer(attrs.get("statement")), true)
    } else {
        let declared = attrs
            .get("policy_type")
            .and_then(Value::as_str)
            .and_then(|name| crate::provider::validation::parse_policy_type(name).ok())
            .map_or(PolicyType::Identity, |(t, _)| t);
        (declared, false)
    };
    if inferred {
        attrs.insert(
            "policy_type".to_string(),
            Value::from(type_name(policy_type)),
        );
    }
    if let Some(Value::List(own)) = attrs.get("ignore_findings") {
        ignore.extend(own.iter().cloned());
    }
    if !ignore.is_empty() {
        attrs.insert("ignore_findings".to_string(), Value::List(ignore));
    }
    let findings = known_part_findings(&Value::Object(attrs))
        .into_iter()
        .map(|known| {
            let mut finding = known.finding;
            finding.detail = format!("{}: {}", known.place, finding.detail);
            if known.written_element.is_some() {
                finding.location.element = known.written_element;
            }
            finding
        })
        .collect();
    Some(PartialPolicy {
        address: resource.address.to_string(),
        attribute: "json".to_string(),
        policy_type,
        inferred,
        findings,
        unknown,
    })
}

/// The provider value of a planned argument: `after_unknown` marks what is unknown (the plan
/// shows it as `null`). Unknown paths are collected as `statement[0].resources[1]`.
fn to_value(
    value: Option<&Json>,
    unknown: Option<&Json>,
    path: &str,
    out: &mut Vec<String>,
) -> Value {
    if unknown == Some(&Json::Bool(true)) {
        out.push(path.to_string());
        return Value::Unknown;
    }
    match value {
        None | Some(Json::Null) => Value::Null,
        Some(Json::Bool(b)) => Value::Bool(*b),
        Some(Json::String(s)) => Value::from(s.as_str()),
        Some(Json::Number(n)) => Number::parse(&n.to_string()).map_or(Value::Null, Value::Number),
        Some(Json::Array(items)) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let child = Seg::Index(i).get(unknown.unwrap_or(&Json::Null));
                    to_value(Some(item), child, &format!("{path}[{i}]"), out)
                })
                .collect(),
        ),
        Some(Json::Object(members)) => Value::Object(
            members
                .iter()
                .map(|(key, item)| {
                    let child = unknown.and_then(|u| u.get(key));
                    let value = to_value(Some(item), child, &format!("{path}.{key}"), out);
                    (key.clone(), value)
                })
                .collect(),
        ),
    }
}

/// The kind of a document nothing states the kind of, from its known statements: principals
/// make it a trust policy when every known action assumes a role, else a resource policy.
fn infer(statements: Option<&Value>) -> PolicyType {
    let blocks = statements.and_then(Value::as_elements).unwrap_or(&[]);
    let with_principals: Vec<&Value> = blocks
        .iter()
        .filter(|b| {
            ["principals", "not_principals"].iter().any(|name| {
                b.get(name).is_some_and(|p| {
                    p.is_unknown() || p.as_elements().is_some_and(|l| !l.is_empty())
                })
            })
        })
        .collect();
    if with_principals.is_empty() {
        return PolicyType::Identity;
    }
    let assumes = |b: &&Value| {
        b.get("actions")
            .and_then(Value::as_elements)
            .is_some_and(|actions| {
                !actions.is_empty()
                    && actions.iter().all(|a| {
                        a.as_str()
                            .is_some_and(|a| a.to_ascii_lowercase().starts_with("sts:"))
                    })
            })
    };
    if with_principals.iter().all(assumes) {
        PolicyType::Trust
    } else {
        PolicyType::Resource
    }
}

fn type_name(policy_type: PolicyType) -> &'static str {
    policy_type.name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_elements_become_unknown_values_with_their_paths() {
        let mut paths = Vec::new();
        let value = to_value(
            Some(&json!({"actions": ["a", "b"], "resources": [null]})),
            Some(&json!({"actions": [false, false], "resources": [true]})),
            "statement[0]",
            &mut paths,
        );
        assert_eq!(paths, ["statement[0].resources[0]"]);
        assert_eq!(
            value.get("resources"),
            Some(&Value::List(vec![Value::Unknown]))
        );
        assert_eq!(value.get("actions"), Some(&Value::string_list(["a", "b"])));
    }

    #[test]
    fn principals_decide_the_inferred_kind() {
        let block = |actions: &[&str], principals: Value| {
            Value::object([
                ("actions", Value::string_list(actions.iter().copied())),
                ("principals", principals),
            ])
        };
        let one = |b: Value| Value::List(vec![b]);
        assert_eq!(
            infer(Some(&one(block(&["s3:GetObject"], Value::List(vec![]))))),
            PolicyType::Identity
        );
        assert_eq!(
            infer(Some(&one(block(&["sts:AssumeRole"], Value::Unknown)))),
            PolicyType::Trust
        );
        assert_eq!(
            infer(Some(&one(block(&["s3:GetObject"], Value::Unknown)))),
            PolicyType::Resource
        );
    }
}
