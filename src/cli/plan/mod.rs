//! The IAM policies of `terraform show -json` output (a plan or a state).
//!
//! [`extract`] walks every resource and data source (see `walk`), reads the attributes that
//! hold policies (see [`sources`]), and lists as skipped every policy whose value is unknown
//! until apply. [`merge`] then folds policy-document data sources into the resources that use
//! their JSON, so each document is checked once, as the kind of policy it is used as.

pub mod lean;
mod partial;
pub mod position;
pub mod sources;
mod walk;

pub use partial::PartialPolicy;

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::provider::validation::parse_policy_type;
use engine::analysis::PolicyType;
use engine::policy::SizeQuota;
use sources::{inline_quota_of, sources_for, Kind, Mode, Shape, Source};
use walk::{configured, is_unknown, resources, Resource};

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

    /// The child of `value` this step leads to, to change.
    fn get_mut<'a>(&self, value: &'a mut Value) -> Option<&'a mut Value> {
        match self {
            Seg::Key(key) => value.get_mut(key.as_str()),
            Seg::Index(index) => value.get_mut(*index),
        }
    }
}

/// The value at `pointer` in `doc`, to change.
fn value_at_mut<'a>(doc: &'a mut Value, pointer: &[Seg]) -> Option<&'a mut Value> {
    pointer
        .iter()
        .try_fold(doc, |value, seg| seg.get_mut(value))
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
    /// this one, as `address.attribute` (at most [`ALSO_LIMIT`]).
    pub also: Vec<String>,
    /// How many more merged data sources there are than `also` names.
    pub also_more: usize,
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
///
/// The documents are moved out of `doc`, not copied: a plan's policies are most of what its
/// tree holds, and the tree and a copy of them would otherwise be held together.
pub fn extract(mut doc: Value) -> Result<Extracted, String> {
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
    for resource in resources(&doc) {
        for source in sources_for(resource.mode, resource.type_name) {
            read_source(&doc, &resource, source, &mut out);
        }
        check_known_parts(&resource, &mut out);
    }
    move_texts(&mut doc, &mut out.policies);
    Ok(out)
}

/// Moves each policy's document out of the tree to the policy (found by reference, with an
/// empty text).
fn move_texts(doc: &mut Value, policies: &mut [PlanPolicy]) {
    for i in 0..policies.len() {
        let (done, rest) = policies.split_at_mut(i);
        let Some(policy) = rest.first_mut() else {
            break;
        };
        policy.text = match value_at_mut(doc, &policy.pointer).map(std::mem::take) {
            Some(Value::String(text)) => text,
            // a place read by two sources (none does): the first reading holds the text
            _ => done
                .iter()
                .find(|p| p.pointer == policy.pointer)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        };
    }
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
        // the kind the data source checked the document as; when unknown (a plan made before
        // it was read) and not stated, or `auto`, it is inferred from the content
        Kind::Declared => match text("policy_type_effective")
            .or_else(|| text("policy_type"))
            .and_then(|name| parse_policy_type(name).ok())
        {
            Some((policy_type, quota)) => Some((Some(policy_type), Some(quota))),
            None => Some((None, None)),
        },
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
            // sized once: twenty thousand pointers are kept until the positions are found
            let mut pointer = Vec::with_capacity(resource.pointer.len() + path.len());
            pointer.extend(resource.pointer.iter().cloned());
            pointer.extend(path);
            out.policies.push(PlanPolicy {
                address: resource.address.to_string(),
                attribute,
                text: String::new(), // moved out of the tree at the end, see `move_texts`
                pointer,
                policy_type,
                quota,
                ignore: ignore.clone(),
                also: Vec::new(),
                also_more: 0,
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
            // a set, not a search of `keys`: a map can have tens of thousands of keys
            let mut seen: HashSet<&str> = keys.iter().map(|k| k.as_str()).collect();
            for extra in unknown.into_iter().flat_map(|m| m.keys()) {
                if seen.insert(extra) {
                    keys.push(extra);
                }
            }
            if keys.is_empty() && known.is_none() {
                found(name.to_string(), vec![key(name)], None);
            }
            for entry in keys {
                let mut attribute = format!("{name}[{}]", quoted(entry));
                let mut path = vec![key(name), key(entry)];
                let mut value = known.and_then(|m| m.get(entry.as_str()));
                // rekognitioniam_policy_attachment takes a policy document data source object
                // as well as its JSON: the document is the object's `json`
                if let Some(object) = value.and_then(Value::as_object) {
                    if object.contains_key("json") || object.contains_key("statement") {
                        attribute.push_str(".json");
                        path.push(key("json"));
                        value = object.get("json");
                    }
                }
                found(attribute, path, value);
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

/// How many merged data sources a policy names in `also`; the rest are counted in
/// `also_more`, so ten thousand data sources with one document do not give each of ten
/// thousand resources a list of ten thousand names.
pub const ALSO_LIMIT: usize = 20;

/// Folds each policy-document data source into the resource policies with the same document
/// (their `also` names it, and they honour its `ignore_findings`), so a document is checked
/// once, as the kind of policy it is used as. Documents are the same when their JSON is equal
/// apart from white space and key order: providers such as AWS's normalise policy JSON in the
/// plan. A document no resource uses is kept; when its kind is not stated it is inferred from
/// its content (see [`infer_policy_type`]).
///
/// Documents are grouped by their canonical form once, and each resource policy looks its own
/// form up: time linear in the number of policies, not documents times resources.
pub fn merge(mut policies: Vec<PlanPolicy>) -> Vec<PlanPolicy> {
    if !policies.iter().any(|p| p.data_source) {
        // nothing to merge: sorted in place rather than copied into new lists
        policies.sort_by(|a, b| (&a.address, &a.attribute).cmp(&(&b.address, &b.attribute)));
        return policies;
    }
    let (documents, mut used): (Vec<PlanPolicy>, Vec<PlanPolicy>) =
        policies.into_iter().partition(|p| p.data_source);
    let mut groups: Vec<Group> = Vec::new();
    let mut by_form: HashMap<Form, usize> = HashMap::new();
    let mut group_of = Vec::with_capacity(documents.len());
    for document in &documents {
        let next = groups.len();
        let group = *by_form.entry(Form::of(&document.text)).or_insert(next);
        if group == next {
            groups.push(Group::default());
        }
        if let Some(group) = groups.get_mut(group) {
            group.add(document);
        }
        group_of.push(group);
    }
    let mut merged = vec![false; groups.len()];
    for user in &mut used {
        let Some(&group) = by_form.get(&Form::of(&user.text)) else {
            continue;
        };
        let (Some(merged), Some(group)) = (merged.get_mut(group), groups.get(group)) else {
            continue;
        };
        *merged = true;
        user.also.extend(group.also.iter().cloned());
        user.also_more += group.more;
        for code in &group.ignore {
            if !user.ignore.contains(code) {
                user.ignore.push(code.clone());
            }
        }
    }
    drop(by_form);
    for (mut document, group) in documents.into_iter().zip(group_of) {
        if merged.get(group).copied().unwrap_or(false) {
            continue;
        }
        if document.policy_type.is_none() {
            document.policy_type = Some(infer_policy_type(&document.text));
            document.inferred = true;
        }
        used.push(document);
    }
    used.sort_by(|a, b| (&a.address, &a.attribute).cmp(&(&b.address, &b.attribute)));
    used
}

/// The data sources that share one document: their places and their `ignore_findings`.
#[derive(Default)]
struct Group {
    also: Vec<String>,
    more: usize,
    ignore: Vec<String>,
}

impl Group {
    fn add(&mut self, document: &PlanPolicy) {
        if self.also.len() < ALSO_LIMIT {
            self.also.push(document.place());
        } else {
            self.more += 1;
        }
        for code in &document.ignore {
            if !self.ignore.contains(code) {
                self.ignore.push(code.clone());
            }
        }
    }
}

/// What makes two documents the same: their JSON with object keys sorted and no white space,
/// or, for text that is not JSON, the text itself.
#[derive(PartialEq, Eq, Hash)]
enum Form {
    Json(String),
    Text(String),
}

impl Form {
    fn of(text: &str) -> Form {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                let mut out = String::with_capacity(text.len());
                canonical(&value, &mut out);
                Form::Json(out)
            }
            Err(_) => Form::Text(text.to_string()),
        }
    }
}

/// Writes `value` as JSON with every object's keys sorted (objects are equal whatever their
/// key order, as `serde_json` compares them).
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quoted(key));
                out.push(':');
                canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The kind of a policy document nothing states the kind of, by the rule the policy document
/// data source uses too ([`engine::analysis::validate::infer_policy_type`]); text that does not
/// parse is checked as an identity policy.
pub fn infer_policy_type(text: &str) -> PolicyType {
    engine::policy::parse_policy(text)
        .document
        .map(|doc| engine::analysis::validate::infer_policy_type(&doc))
        .unwrap_or(PolicyType::Identity)
}

#[cfg(test)]
mod tests;
