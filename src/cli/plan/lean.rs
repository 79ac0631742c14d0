//! Reading `terraform show -json` output into a tree that holds only what the policy search
//! reads, so a large plan is not held several times over.
//!
//! A plan repeats every resource's values: in `planned_values`, in its resource change's
//! `before` and `after`, and in `prior_state`; and a tree of JSON values takes several times
//! the room of its text. The tree built here keeps:
//!
//! - data sources whole (in `planned_values`, `values`, `prior_state`, `resource_changes` less
//!   `before`, and `configuration`);
//! - of a managed resource of a type with policy attributes (see [`super::sources`]): its
//!   address, mode, type and name, of its values only those attributes and the ones that tell
//!   the policy's kind, of its change only `actions` and `after_unknown`, and of its
//!   configuration the names of the arguments it sets;
//! - of any other managed resource, nothing (`null` in its place);
//! - of `configuration`, the module calls and resources.
//!
//! Each resource is pruned as soon as it is read, so the whole tree is never built. Paths into
//! the tree are paths into the text (arrays keep their indexes), so positions found through
//! [`super::position`] still hold.

use std::collections::BTreeMap;

use serde::de::{Deserializer, SeqAccess, Visitor};
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

/// A module of `planned_values` or of a state, its resources pruned as [`lean_resource`] does.
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

/// A module of the configuration: its resources (pruned as [`lean_config`] does) and its
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

/// A sequence read element by element, each element kept as `keep` makes it.
struct Each(fn(Value) -> Value);

impl<'de> Visitor<'de> for Each {
    type Value = Option<Vec<Value>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
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
        while let Some(item) = seq.next_element::<Value>()? {
            out.push((self.0)(item));
        }
        Ok(Some(out))
    }
}

fn lean_changes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(lean_change))
}

fn lean_resources<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(lean_resource))
}

fn lean_configs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(lean_config))
}

/// Values that tell what kind of policy a resource's documents are (see `kind_of`).
const KIND_KEYS: [&str; 4] = ["policy_type", "identity_arn", "type", "ignore_findings"];

/// The attributes of a managed resource type the search reads, or `None` when the type holds
/// no policy.
fn read_attributes(item: &Value) -> Option<Vec<&'static str>> {
    let type_name = item.get("type").and_then(Value::as_str)?;
    let mut keys: Vec<&'static str> = sources_for(Mode::Managed, type_name)
        .map(|source| match source.shape {
            Shape::Attribute(name) | Shape::Map(name) | Shape::Blocks(name, _) => name,
        })
        .collect();
    if keys.is_empty() {
        return None;
    }
    keys.extend(KIND_KEYS);
    Some(keys)
}

fn is_data(item: &Value) -> bool {
    item.get("mode").and_then(Value::as_str) == Some("data")
}

/// Takes member `key` out of the object `item`.
fn take(item: &mut Value, key: &str) -> Option<Value> {
    item.as_object_mut()?.shift_remove(key)
}

/// Keeps `keys` of the object `item` (in their order in `item`).
fn only(item: Value, keys: &[&str]) -> Value {
    match item {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .filter(|(key, _)| keys.contains(&key.as_str()))
                .collect(),
        ),
        other => other,
    }
}

const NAMES: [&str; 5] = ["address", "mode", "type", "name", "index"];

/// A resource of `planned_values` or a state, pruned (see the module's documentation).
fn lean_resource(mut item: Value) -> Value {
    if is_data(&item) {
        return item;
    }
    let Some(read) = read_attributes(&item) else {
        return Value::Null;
    };
    let values = take(&mut item, "values").map(|v| only(v, &read));
    let mut out = only(item, &NAMES);
    if let (Some(values), Some(members)) = (values, out.as_object_mut()) {
        members.insert("values".into(), values);
    }
    out
}

/// A resource of the configuration: data sources whole, managed resources that hold policies
/// with the names of their arguments (their expressions are not read), others `null`.
fn lean_config(item: Value) -> Value {
    if is_data(&item) {
        return item;
    }
    if read_attributes(&item).is_none() {
        return Value::Null;
    }
    let set: Option<Map<String, Value>> = item
        .get("expressions")
        .and_then(Value::as_object)
        .map(|e| e.keys().map(|k| (k.clone(), Value::Null)).collect());
    let mut out = only(item, &NAMES);
    if let (Some(set), Some(members)) = (set, out.as_object_mut()) {
        members.insert("expressions".into(), Value::Object(set));
    }
    out
}

fn data_sources_only<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    d.deserialize_any(Each(|resource| {
        if resource.get("mode").and_then(Value::as_str) == Some("data") {
            resource
        } else {
            Value::Null
        }
    }))
}

/// A resource change without the copies of values the search does not read.
fn lean_change(mut item: Value) -> Value {
    if is_data(&item) {
        if let Some(change) = item.get_mut("change").and_then(Value::as_object_mut) {
            for key in ["before", "before_sensitive", "after_sensitive"] {
                change.shift_remove(key);
            }
        }
        return item;
    }
    if read_attributes(&item).is_none() {
        return Value::Null;
    }
    let change = take(&mut item, "change").map(|c| only(c, &["actions", "after_unknown"]));
    let mut out = only(item, &NAMES);
    if let (Some(change), Some(members)) = (change, out.as_object_mut()) {
        members.insert("change".into(), change);
    }
    out
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
                 "before": null, "after": {"json": "y"}, "after_unknown": {"json": true}}}
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
            plan["planned_values"]["root_module"]["resources"][2]
        );
        assert_eq!(
            root["child_modules"][0]["resources"][0]["values"],
            json!({"assume_role_policy": "t", "inline_policy": []})
        );
        assert_eq!(
            lean["resource_changes"][0]["change"],
            json!({"actions": ["create"], "after_unknown": {"arn": true}})
        );
        assert_eq!(lean["resource_changes"][1], Value::Null);
        assert_eq!(
            lean["resource_changes"][2]["change"],
            json!({"actions": ["read"], "after": {"json": "y"}, "after_unknown": {"json": true}})
        );
        let prior = &lean["prior_state"]["values"]["root_module"];
        assert_eq!(prior["resources"][0], Value::Null);
        assert_eq!(prior["resources"][1]["address"], "data.d.f");
        assert_eq!(prior["child_modules"][0]["address"], "module.m");
        let config = &lean["configuration"]["root_module"];
        assert_eq!(
            config["resources"][0]["expressions"],
            json!({"policy": null})
        );
        assert_eq!(config["resources"][1], Value::Null);
        assert_eq!(
            config["module_calls"]["m"]["module"]["resources"][0]["expressions"],
            json!({"assume_role_policy": null})
        );
        assert!(lean.get("output_changes").is_none());
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
