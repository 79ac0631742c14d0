//! Reading `terraform show -json` output into a tree that holds only what the policy search
//! reads, so a large plan is not held several times over.
//!
//! A plan repeats every resource's values: in `planned_values`, in its resource change's
//! `before` and `after`, and in `prior_state`; and a tree of JSON values takes several times
//! the room of its text. The tree built here keeps, of each resource element, its `address`,
//! `mode`, `type` and `name`, and:
//!
//! - of a data source: its values (in `planned_values`, `values` and `prior_state`), its
//!   change's `after_unknown`, and its configuration's `expressions`;
//! - of a managed resource of a type with policy attributes (see [`super::sources`]): of its
//!   values only those attributes and the ones that tell the policy's kind, of its change only
//!   `after_unknown` of those attributes (nothing when none is unknown), and of its
//!   configuration the names of the arguments it sets when the type has policies in blocks
//!   (the only case the search asks whether an argument is set);
//! - of any other managed resource, nothing (`null` in its place);
//! - of `configuration`, the module calls and resources.
//!
//! The text is read member by member: members nobody reads (`before`, `after`,
//! `sensitive_values`, the values of other resources...) are skipped as they are scanned and
//! never built, so memory follows what is kept, not the plan. Paths into the tree are paths
//! into the text (arrays keep their indexes), so positions found through [`super::position`]
//! still hold.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::sources::{sources_for, Mode, Shape};

/// Parses plan or state text (known to be JSON) into the lean tree described above.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let plan: Plan = serde_json::from_str(text)?;
    let mut out = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.to_string(), value);
        }
    };
    put("format_version", plan.format_version);
    put("terraform_version", plan.terraform_version);
    put(
        "planned_values",
        plan.planned_values.map(Values::into_value),
    );
    put("values", plan.values.map(Values::into_value));
    put("prior_state", plan.prior_state.map(PriorState::into_value));
    put("resource_changes", plan.resource_changes.map(Value::Array));
    put(
        "configuration",
        plan.configuration.map(Configuration::into_value),
    );
    Ok(Value::Object(out))
}

#[derive(Deserialize)]
struct Plan {
    format_version: Option<Value>,
    terraform_version: Option<Value>,
    planned_values: Option<Values>,
    values: Option<Values>,
    prior_state: Option<PriorState>,
    #[serde(default, deserialize_with = "lean_changes")]
    resource_changes: Option<Vec<Value>>,
    configuration: Option<Configuration>,
}

/// `planned_values` or a state's `values`.
#[derive(Deserialize)]
struct Values {
    root_module: Option<Module>,
}

impl Values {
    fn into_value(self) -> Value {
        let mut out = Map::new();
        if let Some(root) = self.root_module {
            out.insert("root_module".into(), root.into_value());
        }
        Value::Object(out)
    }
}

#[derive(Deserialize)]
struct PriorState {
    values: Option<PriorValues>,
}

impl PriorState {
    fn into_value(self) -> Value {
        let mut out = Map::new();
        if let Some(values) = self.values {
            let mut inner = Map::new();
            if let Some(root) = values.root_module {
                inner.insert("root_module".into(), root.into_value());
            }
            out.insert("values".into(), Value::Object(inner));
        }
        Value::Object(out)
    }
}

#[derive(Deserialize)]
struct PriorValues {
    root_module: Option<PriorModule>,
}

/// A prior-state module: its data sources, and its child modules. Managed resources keep their
/// place in `resources` as `null`, so indexes still match the text.
#[derive(Deserialize)]
struct PriorModule {
    address: Option<Value>,
    #[serde(default, deserialize_with = "data_sources_only")]
    resources: Option<Vec<Value>>,
    child_modules: Option<Vec<PriorModule>>,
}

impl PriorModule {
    fn into_value(self) -> Value {
        module_value(
            self.address,
            self.resources,
            self.child_modules
                .map(|c| c.into_iter().map(PriorModule::into_value).collect()),
        )
    }
}

/// A module of `planned_values` or of a state, its resources pruned (see the module's documentation).
#[derive(Deserialize)]
struct Module {
    address: Option<Value>,
    #[serde(default, deserialize_with = "lean_resources")]
    resources: Option<Vec<Value>>,
    child_modules: Option<Vec<Module>>,
}

fn module_value(
    address: Option<Value>,
    resources: Option<Vec<Value>>,
    children: Option<Vec<Value>>,
) -> Value {
    let mut out = Map::new();
    if let Some(address) = address {
        out.insert("address".into(), address);
    }
    if let Some(resources) = resources {
        out.insert("resources".into(), Value::Array(resources));
    }
    if let Some(children) = children {
        out.insert("child_modules".into(), Value::Array(children));
    }
    Value::Object(out)
}

/// `configuration`: the root module.
#[derive(Deserialize)]
struct Configuration {
    root_module: Option<ConfigModule>,
}

impl Configuration {
    fn into_value(self) -> Value {
        let mut out = Map::new();
        if let Some(root) = self.root_module {
            out.insert("root_module".into(), root.into_value());
        }
        Value::Object(out)
    }
}

/// A module of the configuration: its resources (pruned, see the module's documentation) and its
/// module calls.
#[derive(Deserialize)]
struct ConfigModule {
    #[serde(default, deserialize_with = "lean_configs")]
    resources: Option<Vec<Value>>,
    module_calls: Option<BTreeMap<String, ModuleCall>>,
}

#[derive(Deserialize)]
struct ModuleCall {
    module: Option<ConfigModule>,
}

impl ConfigModule {
    fn into_value(self) -> Value {
        let mut out = Map::new();
        if let Some(resources) = self.resources {
            out.insert("resources".into(), Value::Array(resources));
        }
        if let Some(calls) = self.module_calls {
            let calls: Map<String, Value> = calls
                .into_iter()
                .map(|(name, call)| {
                    let mut inner = Map::new();
                    if let Some(module) = call.module {
                        inner.insert("module".into(), module.into_value());
                    }
                    (name, Value::Object(inner))
                })
                .collect();
            out.insert("module_calls".into(), Value::Object(calls));
        }
        Value::Object(out)
    }
}

impl Module {
    fn into_value(self) -> Value {
        module_value(
            self.address,
            self.resources,
            self.child_modules
                .map(|c| c.into_iter().map(Module::into_value).collect()),
        )
    }
}

/// Which list a resource element is in: what of it is kept depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `planned_values` or a state's `values`.
    Planned,
    /// `prior_state`: data sources only.
    Prior,
    /// `resource_changes`.
    Change,
    /// `configuration`.
    Config,
}

impl Part {
    /// The member of an element that holds what the search reads beyond its names.
    fn body(self) -> &'static str {
        match self {
            Part::Planned | Part::Prior => "values",
            Part::Change => "change",
            Part::Config => "expressions",
        }
    }
}

/// A sequence of resource elements, each read as [`Item`] keeps it.
struct Each(Part);

impl<'de> Visitor<'de> for Each {
    type Value = Option<Vec<Value>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array or null")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Item(self.0))? {
            out.push(item);
        }
        Ok(Some(out))
    }
}

fn lean_changes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(Part::Change))
}

fn lean_resources<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(Part::Planned))
}

fn lean_configs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(Part::Config))
}

fn data_sources_only<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(Part::Prior))
}

/// Values that tell what kind of policy a resource's documents are (see `kind_of`).
const KIND_KEYS: [&str; 4] = ["policy_type", "identity_arn", "type", "ignore_findings"];

/// The members of a resource element the search reads besides its body.
const NAMES: [&str; 4] = ["address", "mode", "type", "name"];

/// The attributes of a managed resource type the search reads, or `None` when the type holds
/// no policy.
fn read_attributes(type_name: &str) -> Option<Vec<&'static str>> {
    let keys: Vec<&'static str> = sources_for(Mode::Managed, type_name)
        .map(|source| match source.shape {
            Shape::Attribute(name) | Shape::Map(name) | Shape::Blocks(name, _) => name,
        })
        .collect();
    (!keys.is_empty()).then_some(keys)
}

/// Whether a managed resource type has policies in nested blocks: the search then asks the
/// configuration whether a block is set.
fn has_blocks(type_name: &str) -> bool {
    sources_for(Mode::Managed, type_name).any(|s| matches!(s.shape, Shape::Blocks(..)))
}

/// What is kept of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Keep {
    /// The value as it is.
    Whole,
    /// Of an object, the members named, each kept as the inner rule says; any other value
    /// whole.
    Members(Vec<&'static str>, Box<Keep>),
    /// Of an object, the names of the members named, each with `null`; any other value whole.
    Names(Vec<&'static str>),
}

/// What is kept of the body of a resource element of `part`, from its mode and type, or `None`
/// when nothing of the element is kept.
fn rule(part: Part, mode: Option<&str>, type_name: Option<&str>) -> Option<Keep> {
    let after_unknown = |inner: Keep| Keep::Members(vec!["after_unknown"], Box::new(inner));
    if mode == Some("data") {
        return Some(match part {
            Part::Change => after_unknown(Keep::Whole),
            Part::Planned | Part::Prior | Part::Config => Keep::Whole,
        });
    }
    let type_name = type_name?;
    let reads = read_attributes(type_name)?;
    match part {
        Part::Planned => {
            let mut keys = reads;
            keys.extend(KIND_KEYS);
            Some(Keep::Members(keys, Box::new(Keep::Whole)))
        }
        Part::Prior => None,
        Part::Change => Some(after_unknown(Keep::Members(reads, Box::new(Keep::Whole)))),
        Part::Config => has_blocks(type_name).then_some(Keep::Names(reads)),
    }
}

impl Keep {
    /// Applies the rule to a value already read whole (an element whose body came before its
    /// mode and type).
    fn apply(&self, value: Value) -> Value {
        match (self, value) {
            (Keep::Members(keys, inner), Value::Object(members)) => Value::Object(
                members
                    .into_iter()
                    .filter(|(key, _)| keys.contains(&key.as_str()))
                    .map(|(key, member)| (key, inner.apply(member)))
                    .collect(),
            ),
            (Keep::Names(keys), Value::Object(members)) => Value::Object(
                members
                    .into_iter()
                    .filter(|(key, _)| keys.contains(&key.as_str()))
                    .map(|(key, _)| (key, Value::Null))
                    .collect(),
            ),
            (_, other) => other,
        }
    }
}

impl<'de> DeserializeSeed<'de> for &Keep {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self {
            Keep::Whole => Value::deserialize(d),
            Keep::Members(..) | Keep::Names(_) => d.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for &Keep {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match self {
                Keep::Members(keys, inner) if keys.contains(&key.as_str()) => {
                    let member = map.next_value_seed(&**inner)?;
                    out.insert(key, member);
                }
                Keep::Names(keys) if keys.contains(&key.as_str()) => {
                    map.next_value::<IgnoredAny>()?;
                    out.insert(key, Value::Null);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(exact(out))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// One resource element of a list of [`Part`], read member by member: its names, and of its
/// body what [`rule`] keeps; `null` when nothing of it is kept or it is no object.
struct Item(Part);

impl<'de> DeserializeSeed<'de> for Item {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Item {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a resource object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut body: Option<Value> = None;
        // whether `body` was read with its rule (the mode and type came first, as Terraform
        // writes them) or whole, to be pruned at the end
        let mut ruled = false;
        let text = |out: &Map<String, Value>, key: &str| {
            out.get(key).and_then(Value::as_str).map(str::to_string)
        };
        while let Some(key) = map.next_key::<String>()? {
            if NAMES.contains(&key.as_str()) {
                let value: Value = map.next_value()?;
                out.insert(key, value);
            } else if key == self.0.body() {
                let mode = text(&out, "mode");
                let type_name = text(&out, "type");
                let known =
                    mode.as_deref() == Some("data") || (mode.is_some() && type_name.is_some());
                if known {
                    ruled = true;
                    body = match rule(self.0, mode.as_deref(), type_name.as_deref()) {
                        Some(keep) => Some(map.next_value_seed(&keep)?),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                            None
                        }
                    };
                } else {
                    ruled = false;
                    body = Some(map.next_value()?);
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let mode = text(&out, "mode");
        let type_name = text(&out, "type");
        let Some(keep) = rule(self.0, mode.as_deref(), type_name.as_deref()) else {
            return Ok(Value::Null);
        };
        let Some(mut body) = body else {
            return Ok(exact(out));
        };
        if !ruled {
            body = keep.apply(body);
        }
        if self.0 == Part::Change && mode.as_deref() != Some("data") && !tells_unknown(&body) {
            // nothing the search reads is unknown: the change says nothing more
            return Ok(Value::Null);
        }
        out.insert(self.0.body().to_string(), body);
        Ok(exact(out))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_str<E>(self, _: &str) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// An object of `members` that takes no more room than they need: a map grows by doubling,
/// and the tree holds one or two small maps per resource of a plan.
fn exact(members: Map<String, Value>) -> Value {
    Value::Object(members.into_iter().collect())
}

/// Whether a managed resource's pruned change marks anything unknown: an `after_unknown`
/// other than `false` or an empty object.
fn tells_unknown(change: &Value) -> bool {
    match change.get("after_unknown") {
        None | Some(Value::Bool(false)) | Some(Value::Null) => false,
        Some(Value::Object(members)) => !members.is_empty(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_what_the_search_reads_and_drops_the_copies() {
        let policy = json!({"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
            "name": "p", "provider_name": "aws", "values": {"policy": "x", "description": "d", "tags": {}}});
        let role = json!({"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
            "name": "r", "values": {"assume_role_policy": "t", "inline_policy": [], "name": "r"}});
        let other = json!({"address": "aws_instance.i", "mode": "managed", "type": "aws_instance",
            "name": "i", "values": {"ami": "x"}});
        let data = json!({"address": "data.aws_iam_policy_document.d", "mode": "data",
            "type": "aws_iam_policy_document", "name": "d", "values": {"json": "y", "statement": []}});
        let plan = json!({
            "format_version": "1.2",
            "terraform_version": "1.11.4",
            "planned_values": {"root_module": {
                "resources": [policy, other, data],
                "child_modules": [{"address": "module.m", "resources": [role]}]
            }},
            "resource_changes": [
                {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
                 "name": "p", "change": {"actions": ["create"], "before": {"policy": "old"},
                 "after": {"policy": "x"}, "after_unknown": {"arn": true},
                 "before_sensitive": false, "after_sensitive": {}}},
                {"address": "aws_instance.i", "mode": "managed", "type": "aws_instance",
                 "name": "i", "change": {"after_unknown": {"id": true}}},
                {"address": "data.aws_iam_policy_document.d", "mode": "data",
                 "type": "aws_iam_policy_document", "name": "d", "change": {"actions": ["read"],
                 "before": null, "after": {"json": "y"}, "after_unknown": {"json": true}}},
                {"address": "aws_iam_policy.q", "mode": "managed", "type": "aws_iam_policy",
                 "name": "q", "change": {"actions": ["create"], "after": {},
                 "after_unknown": {"arn": true, "policy": true}}}
            ],
            "prior_state": {"format_version": "1.0", "values": {"root_module": {
                "resources": [
                    {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
                     "values": {"policy": "old"}},
                    {"address": "data.d.f", "mode": "data", "values": {"json": "z"}}
                ],
                "child_modules": [{"address": "module.m", "resources": []}]
            }}},
            "configuration": {"root_module": {
                "resources": [
                    {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
                     "name": "p", "provider_config_key": "aws",
                     "expressions": {"policy": {"references": ["local.p"]}}},
                    {"address": "aws_instance.i", "mode": "managed", "type": "aws_instance", "name": "i"}
                ],
                "module_calls": {"m": {"source": "./m", "module": {"resources": [
                    {"mode": "managed", "type": "aws_iam_role", "name": "r",
                     "expressions": {"assume_role_policy": {"constant_value": "x"}}}]}}}
            }},
            "output_changes": {"o": {}}
        });
        let lean = parse(&plan.to_string()).unwrap();
        let root = &lean["planned_values"]["root_module"];
        assert_eq!(
            root["resources"][0],
            json!({"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
                   "name": "p", "values": {"policy": "x"}})
        );
        assert_eq!(root["resources"][1], Value::Null);
        assert_eq!(
            root["resources"][2],
            json!({"address": "data.aws_iam_policy_document.d", "mode": "data",
                   "type": "aws_iam_policy_document", "name": "d",
                   "values": {"json": "y", "statement": []}})
        );
        assert_eq!(
            root["child_modules"][0]["resources"][0]["values"],
            json!({"assume_role_policy": "t", "inline_policy": []})
        );
        // nothing the search reads is unknown: the change goes
        assert_eq!(lean["resource_changes"][0], Value::Null);
        assert_eq!(lean["resource_changes"][1], Value::Null);
        assert_eq!(
            lean["resource_changes"][2]["change"],
            json!({"after_unknown": {"json": true}})
        );
        assert_eq!(
            lean["resource_changes"][3]["change"],
            json!({"after_unknown": {"policy": true}})
        );
        let prior = &lean["prior_state"]["values"]["root_module"];
        assert_eq!(prior["resources"][0], Value::Null);
        assert_eq!(prior["resources"][1]["address"], "data.d.f");
        assert_eq!(prior["child_modules"][0]["address"], "module.m");
        let config = &lean["configuration"]["root_module"];
        // aws_iam_policy has no policies in blocks: the search never asks what it sets
        assert_eq!(config["resources"][0], Value::Null);
        assert_eq!(config["resources"][1], Value::Null);
        assert_eq!(
            config["module_calls"]["m"]["module"]["resources"][0]["expressions"],
            json!({"assume_role_policy": null})
        );
        assert!(lean.get("output_changes").is_none());
    }

    #[test]
    fn a_body_before_the_mode_and_type_is_pruned_all_the_same() {
        let text = r#"{"format_version": "1.2", "terraform_version": "1.11.4",
            "planned_values": {"root_module": {"resources": [
                {"values": {"policy": "x", "tags": {}}, "type": "aws_iam_policy",
                 "mode": "managed", "address": "aws_iam_policy.p", "name": "p"},
                {"values": {"ami": "x"}, "mode": "managed", "type": "aws_instance"},
                {"values": {"json": "y"}, "mode": "data", "type": "aws_iam_policy_document"},
                "not a resource", [1, 2], 3
            ]}},
            "resource_changes": [
                {"change": {"after_unknown": {"policy": true, "arn": true}},
                 "address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy"},
                {"change": {"after_unknown": {"arn": true}}, "mode": "managed",
                 "type": "aws_iam_policy"}
            ]}"#;
        let lean = parse(text).unwrap();
        let resources = &lean["planned_values"]["root_module"]["resources"];
        assert_eq!(resources[0]["values"], json!({"policy": "x"}));
        assert_eq!(resources[1], Value::Null);
        assert_eq!(resources[2]["values"], json!({"json": "y"}));
        assert_eq!(resources[3], Value::Null);
        assert_eq!(resources[4], Value::Null);
        assert_eq!(resources[5], Value::Null);
        assert_eq!(
            lean["resource_changes"][0]["change"],
            json!({"after_unknown": {"policy": true}})
        );
        assert_eq!(lean["resource_changes"][1], Value::Null);
    }

    #[test]
    fn a_state_and_null_sections_read_too() {
        let state = json!({"format_version": "1.0", "terraform_version": "1.11.4",
            "values": {"root_module": {}}, "resource_changes": null, "prior_state": null});
        let lean = parse(&state.to_string()).unwrap();
        assert_eq!(lean["values"], state["values"]);
        assert!(lean.get("resource_changes").is_none());
    }
}
