//! The resources of `terraform show -json` output, wherever they are: the planned values of
//! the root module and every child module, data sources read during planning (prior state),
//! or the values of a state.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::sources::Mode;
use super::{Pointer, Seg};

/// One resource or data source instance with its values.
#[derive(Debug, Clone)]
pub struct Resource<'a> {
    /// Full address, e.g. `module.app.aws_iam_role.this["a"]`.
    pub address: &'a str,
    /// Resource or data source.
    pub mode: Mode,
    /// Type, e.g. `aws_iam_role`.
    pub type_name: &'a str,
    /// Name in the configuration, e.g. `this`.
    pub name: &'a str,
    /// The attribute values that are known.
    pub values: &'a Value,
    /// Where `values` is in the document.
    pub pointer: Pointer,
    /// What is still unknown: the change's `after_unknown`, when the plan changes it.
    pub after_unknown: Option<&'a Value>,
}

/// Every resource and data source of a plan or state, sorted by address; data sources read
/// during planning come from the prior state.
pub fn resources(doc: &Value) -> Vec<Resource<'_>> {
    let unknown = after_unknown_by_address(doc);
    let mut out = Vec::new();
    if let Some(root) = doc.pointer("/planned_values/root_module") {
        module(root, key_path(&["planned_values", "root_module"]), &mut out);
    } else if let Some(root) = doc.pointer("/values/root_module") {
        // a state: every value is known
        module(root, key_path(&["values", "root_module"]), &mut out);
    }
    let planned: HashSet<&str> = out.iter().map(|r| r.address).collect();
    if let Some(root) = doc.pointer("/prior_state/values/root_module") {
        let mut prior = Vec::new();
        module(
            root,
            key_path(&["prior_state", "values", "root_module"]),
            &mut prior,
        );
        let extra: Vec<Resource> = prior
            .into_iter()
            .filter(|r| r.mode == Mode::Data && !planned.contains(r.address))
            .collect();
        out.extend(extra);
    }
    for resource in &mut out {
        resource.after_unknown = unknown.get(resource.address).copied();
    }
    out.sort_by(|a, b| a.address.cmp(b.address));
    out
}

fn key_path(keys: &[&str]) -> Pointer {
    keys.iter().map(|k| Seg::Key((*k).to_string())).collect()
}

fn module<'a>(module: &'a Value, pointer: Pointer, out: &mut Vec<Resource<'a>>) {
    let items = |key: &str| {
        module
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    for (index, item) in items("resources").enumerate() {
        let text = |key: &str| item.get(key).and_then(Value::as_str);
        let (Some(address), Some(mode), Some(type_name), Some(name), Some(values)) = (
            text("address"),
            text("mode").and_then(Mode::from_json),
            text("type"),
            text("name"),
            item.get("values"),
        ) else {
            continue;
        };
        let mut at = pointer.clone();
        at.extend([
            Seg::Key("resources".into()),
            Seg::Index(index),
            Seg::Key("values".into()),
        ]);
        out.push(Resource {
            address,
            mode,
            type_name,
            name,
            values,
            pointer: at,
            after_unknown: None,
        });
    }
    for (index, child) in items("child_modules").enumerate() {
        let mut at = pointer.clone();
        at.extend([Seg::Key("child_modules".into()), Seg::Index(index)]);
        self::module(child, at, out);
    }
}

fn after_unknown_by_address(doc: &Value) -> HashMap<&str, &Value> {
    doc.get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|change| {
            let address = change.get("address")?.as_str()?;
            let unknown = change.pointer("/change/after_unknown")?;
            Some((address, unknown))
        })
        .collect()
}

/// Whether the value at `path` (below the resource's values) is unknown until apply: marked
/// `true` in `after_unknown` itself or through a parent.
pub fn is_unknown(after_unknown: Option<&Value>, path: &[Seg]) -> bool {
    let mut node = after_unknown;
    for seg in path {
        match node {
            Some(Value::Bool(true)) => return true,
            Some(value) => node = seg.get(value),
            None => return false,
        }
    }
    matches!(node, Some(Value::Bool(true)))
}

/// The module calls an address goes through: `module.a["x"].module.b.aws_iam_role.r[0]` ->
/// `["a", "b"]`.
pub fn module_calls(address: &str) -> Vec<&str> {
    let parts = split_address(address);
    parts
        .windows(2)
        .filter_map(|pair| match pair {
            [kind, name] if *kind == "module" => name.split('[').next(),
            _ => None,
        })
        .collect()
}

/// Splits an address at the dots that are outside brackets and quotes.
fn split_address(address: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut escaped, mut start) = (0usize, false, false, 0usize);
    for (i, c) in address.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '.' if !quoted && depth == 0 => {
                parts.push(&address[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&address[start..]);
    parts
}

/// Whether the configuration sets `key` on the resource (an argument or a block), as far as the
/// plan's `configuration` section tells; `true` when it cannot tell.
pub fn configured(doc: &Value, resource: &Resource, key: &str) -> bool {
    let Some(mut module) = doc.pointer("/configuration/root_module") else {
        return true;
    };
    for call in module_calls(resource.address) {
        match module
            .get("module_calls")
            .and_then(|c| c.get(call)?.get("module"))
        {
            Some(next) => module = next,
            None => return true,
        }
    }
    let mode = match resource.mode {
        Mode::Managed => "managed",
        Mode::Data => "data",
    };
    let found = module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|r| {
            r.get("mode").and_then(Value::as_str) == Some(mode)
                && r.get("type").and_then(Value::as_str) == Some(resource.type_name)
                && r.get("name").and_then(Value::as_str) == Some(resource.name)
        });
    match found {
        Some(config) => config.get("expressions").and_then(|e| e.get(key)).is_some(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_through_parents() {
        let au = json!({"policy": true, "inline_policy": [{}, {"policy": true}], "tags": {}});
        let key = |k: &str| Seg::Key(k.into());
        assert!(is_unknown(Some(&au), &[key("policy")]));
        assert!(is_unknown(
            Some(&au),
            &[key("inline_policy"), Seg::Index(1), key("policy")]
        ));
        assert!(!is_unknown(
            Some(&au),
            &[key("inline_policy"), Seg::Index(0), key("policy")]
        ));
        assert!(!is_unknown(Some(&au), &[key("name")]));
        assert!(!is_unknown(None, &[key("policy")]));
        assert!(is_unknown(Some(&json!(true)), &[key("anything")]));
    }

    #[test]
    fn module_calls_of_addresses() {
        assert!(module_calls("aws_iam_role.r").is_empty());
        assert_eq!(
            module_calls(r#"module.a["x.y"].module.b[0].aws_iam_role.r["k.z"]"#),
            ["a", "b"]
        );
        assert_eq!(
            module_calls("module.a.data.aws_iam_policy_document.d"),
            ["a"]
        );
    }

    #[test]
    fn walks_child_modules_and_prior_state() {
        let plan = json!({
            "format_version": "1.2",
            "terraform_version": "1.11.4",
            "planned_values": {"root_module": {
                "resources": [{"address": "b.x", "mode": "managed", "type": "b", "name": "x",
                               "values": {}}],
                "child_modules": [{"address": "module.m", "resources": [
                    {"address": "module.m.a.y", "mode": "managed", "type": "a", "name": "y",
                     "values": {}}]}]
            }},
            "prior_state": {"values": {"root_module": {"resources": [
                {"address": "data.d.z", "mode": "data", "type": "d", "name": "z", "values": {}},
                {"address": "b.x", "mode": "managed", "type": "b", "name": "x", "values": {}}
            ]}}},
            "resource_changes": [{"address": "b.x", "change": {"after_unknown": {"p": true}}}]
        });
        let found = resources(&plan);
        let addresses: Vec<_> = found.iter().map(|r| r.address).collect();
        assert_eq!(addresses, ["b.x", "data.d.z", "module.m.a.y"]);
        assert!(found[0].after_unknown.is_some());
        assert_eq!(
            found[2].pointer,
            key_path(&["planned_values", "root_module", "child_modules"])
                .into_iter()
                .chain([
                    Seg::Index(0),
                    Seg::Key("resources".into()),
                    Seg::Index(0),
                    Seg::Key("values".into())
                ])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn configuration_tells_what_is_set() {
        let plan = json!({"configuration": {"root_module": {"module_calls": {"m": {"module": {
            "resources": [{"mode": "managed", "type": "aws_iam_role", "name": "r",
                           "expressions": {"assume_role_policy": {}}}]}}}}}});
        let values = json!({});
        let role = Resource {
            address: "module.m.aws_iam_role.r",
            mode: Mode::Managed,
            type_name: "aws_iam_role",
            name: "r",
            values: &values,
            pointer: Vec::new(),
            after_unknown: None,
        };
        assert!(configured(&plan, &role, "assume_role_policy"));
        assert!(!configured(&plan, &role, "inline_policy"));
        let elsewhere = Resource {
            address: "module.other.aws_iam_role.r",
            ..role.clone()
        };
        assert!(configured(&plan, &elsewhere, "inline_policy"));
        assert!(configured(&json!({}), &role, "inline_policy"));
    }
}
