//! The IAM policies of `terraform show -json` output (a plan or a state).
//!
//! [`extract`] walks every resource and data source (see `walk`), reads the attributes that
//! hold policies (see [`sources`]), and lists as skipped every policy whose value is unknown
//! until apply. [`merge`] then folds policy-document data sources into the resources that use
//! their JSON, so each document is checked once, as the kind of policy it is used as.

mod partial;
pub mod position;
pub mod sources;
mod walk;

pub use partial::PartialPolicy;

use serde_json::Value;

use crate::analysis::PolicyType;
use crate::policy::SizeQuota;
use crate::provider::findings::parse_policy_type;
use sources::{inline_quota_of, sources_for, Kind, Mode, Shape, Source};
use walk::{configured, is_unknown, resources, Resource};

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

impl Seg {
    /// The child of `value` this step leads to.
    pub fn get<'a>(&self, value: &'a Value) -> Option<&'a Value> {
        match self {
            Seg::Key(key) => value.get(key.as_str()),
            Seg::Index(index) => value.get(*index),
        }
    }
}

/// A path into a JSON document.
pub type Pointer = Vec<Seg>;

/// One policy document found in a plan or state.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanPolicy {
    /// The resource or data source, e.g. `module.app.aws_iam_role.this`.
    pub address: String,
    /// The attribute, e.g. `assume_role_policy`, `inline_policy[0].policy` or
    /// `inline_policies["images"]`.
    pub attribute: String,
    /// The document.
    pub text: String,
    /// Where the document's string is in the plan, to point at it.
    pub pointer: Pointer,
    /// The policy type, when the attribute says it (`None`: inferred from the content).
    pub policy_type: Option<PolicyType>,
    /// The IAM size quota that applies, if any.
    pub quota: Option<SizeQuota>,
    /// Codes the configuration itself ignores (`ignore_findings` of
    /// rekognitioniam_policy_document).
    pub ignore: Vec<String>,
    /// Other places with the same document: the policy-document data sources merged into
    /// this one, as `address.attribute`.
    pub also: Vec<String>,
    /// Whether it comes from a data source.
    pub data_source: bool,
    /// Whether `policy_type` was inferred from the content (nothing stated it).
    pub inferred: bool,
}

impl PlanPolicy {
    /// `address.attribute` (`address` + `attribute` with a dot).
    pub fn place(&self) -> String {
        join(&self.address, &self.attribute)
    }
}

fn join(address: &str, attribute: &str) -> String {
    if attribute.starts_with('[') {
        format!("{address}{attribute}")
    } else {
        format!("{address}.{attribute}")
    }
}

/// A policy that cannot be checked yet: its value is unknown until apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedPolicy {
    /// The resource or data source.
    pub address: String,
    /// The attribute.
    pub attribute: String,
    /// Why it was not checked.
    pub reason: String,
}

impl SkippedPolicy {
    /// `address.attribute`.
    pub fn place(&self) -> String {
        join(&self.address, &self.attribute)
    }
}

/// What a plan or state holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Every known policy document.
    pub policies: Vec<PlanPolicy>,
    /// Every policy whose value is unknown until apply and nothing of it is known.
    pub skipped: Vec<SkippedPolicy>,
    /// Every policy document whose JSON is unknown until apply but whose configuration is
    /// partly known, checked on the known parts.
    pub partial: Vec<PartialPolicy>,
}

const UNKNOWN: &str = "unknown until apply";

/// Whether a JSON document is `terraform show -json` output: it has `format_version` and
/// `terraform_version`.
pub fn is_plan(doc: &Value) -> bool {
    doc.get("format_version").is_some() && doc.get("terraform_version").is_some()
}

/// Every policy of a plan or state, and every policy that is unknown until apply.
///
/// Fails on a JSON format this reader does not know (`format_version` other than 1.x).
pub fn extract(doc: &Value) -> Result<Extracted, String> {
    let version = doc
        .get("format_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    if version.split('.').next() != Some("1") {
        return Err(format!(
            "format_version \"{version}\" is not supported; this reader knows the 1.x format of \
             `terraform show -json` (Terraform 1.0 and later)"
        ));
    }
    let mut out = Extracted::default();
    for resource in resources(doc) {
        for source in sources_for(resource.mode, resource.type_name) {
            read_source(doc, &resource, source, &mut out);
        }
        check_known_parts(&resource, &mut out);
    }
    Ok(out)
}

/// A deferred policy-document read whose JSON was listed as skipped: checked on the known parts
/// of its configuration instead, when something of it is known.
fn check_known_parts(resource: &Resource, out: &mut Extracted) {
    if resource.mode != Mode::Data {
        return;
    }
    let skipped = out
        .skipped
        .iter()
        .position(|s| s.address == resource.address && s.attribute == "json");
    let Some(index) = skipped else { return };
    if let Some(policy) = partial::partially_known(resource) {
        out.skipped.remove(index);
        out.partial.push(policy);
    }
}

/// The policy type and quota a source's documents have, or `None` when they are no IAM policy.
fn kind_of(resource: &Resource, kind: Kind) -> Option<(Option<PolicyType>, Option<SizeQuota>)> {
    let text = |key: &str| resource.values.get(key).and_then(Value::as_str);
    match kind {
        Kind::Fixed(policy_type, quota) => Some((Some(policy_type), quota)),
        Kind::Unstated => Some((None, None)),
        Kind::Declared => {
            let (policy_type, quota) = text("policy_type")
                .and_then(|name| parse_policy_type(name).ok())
                .unwrap_or((PolicyType::Identity, SizeQuota::ManagedPolicy));
            Some((Some(policy_type), Some(quota)))
        }
        Kind::AttachmentInline => Some((
            Some(PolicyType::Identity),
            text("identity_arn").and_then(inline_quota_of),
        )),
        Kind::Organizations => match text("type") {
            None | Some("SERVICE_CONTROL_POLICY") => Some((Some(PolicyType::ServiceControl), None)),
            Some(_) => None,
        },
    }
}

fn read_source(doc: &Value, resource: &Resource, source: &Source, out: &mut Extracted) {
    let Some((policy_type, quota)) = kind_of(resource, source.kind) else {
        return;
    };
    let ignore: Vec<String> = if source.type_name == "rekognitioniam_policy_document" {
        string_list(resource.values.get("ignore_findings"))
    } else {
        Vec::new()
    };
    let mut found = |attribute: String, path: Vec<Seg>, value: Option<&Value>| match value {
        Some(Value::String(text)) if !text.trim().is_empty() => {
            let mut pointer = resource.pointer.clone();
            pointer.extend(path);
            out.policies.push(PlanPolicy {
                address: resource.address.to_string(),
                attribute,
                text: text.clone(),
                pointer,
                policy_type,
                quota,
                ignore: ignore.clone(),
                also: Vec::new(),
                data_source: resource.mode == Mode::Data,
                inferred: false,
            });
        }
        Some(Value::String(_)) => {}
        Some(Value::Null) | None if is_unknown(resource.after_unknown, &path) => {
            out.skipped.push(SkippedPolicy {
                address: resource.address.to_string(),
                attribute,
                reason: UNKNOWN.to_string(),
            });
        }
        _ => {}
    };
    let key = |k: &str| Seg::Key(k.to_string());
    match source.shape {
        Shape::Attribute(name) => {
            found(name.to_string(), vec![key(name)], resource.values.get(name));
        }
        Shape::Blocks(block, name) => match resource.values.get(block) {
            Some(Value::Array(blocks)) => {
                for (index, item) in blocks.iter().enumerate() {
                    found(
                        format!("{block}[{index}].{name}"),
                        vec![key(block), Seg::Index(index), key(name)],
                        item.get(name),
                    );
                }
            }
            // a computed block list stays unknown when the configuration sets no block
            Some(Value::Null) | None
                if is_unknown(resource.after_unknown, &[key(block)])
                    && configured(doc, resource, block) =>
            {
                found(block.to_string(), vec![key(block)], None);
            }
            _ => {}
        },
        Shape::Map(name) => {
            let known = resource.values.get(name).and_then(Value::as_object);
            let unknown = resource
                .after_unknown
                .and_then(|u| u.get(name))
                .and_then(Value::as_object);
            let mut keys: Vec<&String> = known.into_iter().flat_map(|m| m.keys()).collect();
            for extra in unknown.into_iter().flat_map(|m| m.keys()) {
                if !keys.contains(&extra) {
                    keys.push(extra);
                }
            }
            if keys.is_empty() && known.is_none() {
                found(name.to_string(), vec![key(name)], None);
            }
            for entry in keys {
                found(
                    format!("{name}[{}]", quoted(entry)),
                    vec![key(name), key(entry)],
                    known.and_then(|m| m.get(entry.as_str())),
                );
            }
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// Folds each policy-document data source into the resource policies with the same document
/// (their `also` names it, and they honour its `ignore_findings`), so a document is checked
/// once, as the kind of policy it is used as. Documents are the same when their JSON is equal
/// apart from white space and key order: providers such as AWS's normalise policy JSON in the
/// plan. A document no resource uses is kept; when its kind is not stated it is inferred from
/// its content (see [`infer_policy_type`]).
pub fn merge(policies: Vec<PlanPolicy>) -> Vec<PlanPolicy> {
    let (documents, mut used): (Vec<PlanPolicy>, Vec<PlanPolicy>) =
        policies.into_iter().partition(|p| p.data_source);
    let parsed: Vec<Option<Value>> = used
        .iter()
        .map(|p| serde_json::from_str(&p.text).ok())
        .collect();
    let mut kept = Vec::new();
    for mut document in documents {
        let value: Option<Value> = serde_json::from_str(&document.text).ok();
        let mut merged = false;
        for (user, user_value) in used.iter_mut().zip(&parsed) {
            let same = match (&value, user_value) {
                (Some(a), Some(b)) => a == b,
                _ => user.text == document.text,
            };
            if !same {
                continue;
            }
            user.also.push(document.place());
            for code in &document.ignore {
                if !user.ignore.contains(code) {
                    user.ignore.push(code.clone());
                }
            }
            merged = true;
        }
        if !merged {
            if document.policy_type.is_none() {
                document.policy_type = Some(infer_policy_type(&document.text));
                document.inferred = true;
            }
            kept.push(document);
        }
    }
    used.extend(kept);
    used.sort_by(|a, b| (&a.address, &a.attribute).cmp(&(&b.address, &b.attribute)));
    used
}

/// The kind of a policy document nothing states the kind of: a statement with a principal
/// makes it a trust policy when every action is one a trust policy allows (sts:AssumeRole...),
/// else a resource policy; without principals it is an identity policy.
pub fn infer_policy_type(text: &str) -> PolicyType {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return PolicyType::Identity;
    };
    let statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    let with_principal: Vec<&&Value> = statements
        .iter()
        .filter(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some())
        .collect();
    if with_principal.is_empty() {
        return PolicyType::Identity;
    }
    let trust_action = |action: &str| {
        let lower = action.to_ascii_lowercase();
        lower.starts_with("sts:assumerole")
            || ["sts:tagsession", "sts:setsourceidentity", "sts:setcontext"]
                .contains(&lower.as_str())
    };
    let all_trust = with_principal.iter().all(|s| match s.get("Action") {
        Some(Value::String(a)) => trust_action(a),
        Some(Value::Array(list)) => {
            !list.is_empty() && list.iter().all(|a| a.as_str().is_some_and(trust_action))
        }
        _ => false,
    });
    if all_trust {
        PolicyType::Trust
    } else {
        PolicyType::Resource
    }
}

#[cfg(test)]
mod tests;
