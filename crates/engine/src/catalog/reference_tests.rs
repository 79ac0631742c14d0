//! Cross-checks against reference data in `../shared/reference` (beside the repository during
//! development and in CI, absent for someone who only cloned it): read through
//! `reference_data`, which skips visibly where it is absent and fails under `CI=true`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::*;

fn reference(file: &str) -> Option<Value> {
    let text = reference_data::read_shared(&format!("reference/{file}"))?;
    Some(serde_json::from_str(&text).expect("reference JSON parses"))
}

fn strings(value: &Value) -> Vec<String> {
    let mut out: Vec<String> = value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn names<'a>(keys: impl Iterator<Item = &'a ConditionKey>) -> Vec<String> {
    let mut out: Vec<String> = keys.map(|k| k.name().to_owned()).collect();
    out.sort();
    out
}

/// Reads ../shared/reference/rekognition-actions.json.
#[test]
fn rekognition_matches_the_reference() {
    let Some(reference) = reference("rekognition-actions.json") else {
        return;
    };
    let rekognition = service("rekognition").expect("rekognition");
    assert_eq!(rekognition.name(), reference["service"]["name"]);

    let expected_actions = reference["actions"].as_array().expect("actions");
    assert_eq!(rekognition.actions().len(), 76);
    assert_eq!(rekognition.actions().len(), expected_actions.len());
    let mut by_level: BTreeMap<&str, u64> = BTreeMap::new();
    for expected in expected_actions {
        let name = expected["name"].as_str().expect("name");
        let action = rekognition.action(name).expect(name);
        assert_eq!(action.name(), name);
        assert_eq!(
            action.access_level().as_str(),
            expected["access_level"],
            "{name}"
        );
        *by_level.entry(action.access_level().as_str()).or_default() += 1;
        assert_eq!(
            names(action.condition_keys()),
            strings(&expected["request_condition_keys"]),
            "{name}"
        );
        assert_eq!(
            action.dependent_actions().collect::<Vec<_>>(),
            strings(&expected["dependent_actions"]),
            "{name}"
        );

        let resources = expected["resource_types"]
            .as_array()
            .expect("resource_types");
        assert_eq!(action.resources().len(), resources.len(), "{name}");
        for expected_resource in resources {
            let type_name = expected_resource["resource_type"].as_str().expect("type");
            let resource = action
                .resources()
                .iter()
                .find(|r| r.resource_type().name() == type_name)
                .expect(type_name);
            assert_eq!(
                resource.required(),
                expected_resource["required"],
                "{name} {type_name}"
            );
            let resource_type = resource.resource_type();
            assert_eq!(
                resource_type.arn_formats().collect::<Vec<_>>(),
                [expected_resource["arn_format"]
                    .as_str()
                    .expect("arn_format")]
            );
            assert_eq!(
                names(resource.condition_keys()),
                strings(&expected_resource["condition_keys"])
            );
            assert_eq!(
                names(resource_type.condition_keys()),
                strings(&expected_resource["resource_condition_keys"])
            );
        }
    }
    let counts = &reference["counts"]["by_access_level"];
    let expected_levels: BTreeMap<&str, u64> = counts
        .as_object()
        .expect("by_access_level")
        .iter()
        .map(|(level, n)| (level.as_str(), n.as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(by_level, expected_levels);
    assert_eq!(
        by_level,
        BTreeMap::from([("List", 1), ("Read", 36), ("Tagging", 2), ("Write", 37)])
    );

    let types = reference["resource_types"]
        .as_object()
        .expect("resource_types");
    assert_eq!(rekognition.resource_types().len(), types.len());
    for (name, expected) in types {
        let resource_type = rekognition.resource_type(name).expect(name);
        assert_eq!(
            resource_type.arn_formats().collect::<Vec<_>>(),
            [expected["arn_format"].as_str().expect("arn_format")]
        );
        assert_eq!(
            names(resource_type.condition_keys()),
            strings(&expected["condition_keys"])
        );
        // The format, with its variables filled in, is a concrete ARN of the type.
        let concrete = expected["arn_format"]
            .as_str()
            .unwrap_or("")
            .replace("${Partition}", "aws")
            .replace("${Region}", "us-east-1")
            .replace("${Account}", "123456789012")
            .replace("${", "v-")
            .replace('}', "");
        assert!(resource_type.matches_arn(&concrete), "{concrete}");
    }

    let keys = reference["condition_keys"]
        .as_object()
        .expect("condition_keys");
    assert_eq!(rekognition.condition_keys().len(), keys.len());
    for (name, expected) in keys {
        let key = rekognition.condition_key(name).expect(name);
        assert_eq!(key.name(), name);
        assert_eq!(key.value_type().as_str(), expected["type"]);
    }
}

/// Reads ../shared/reference/global-condition-keys.json.
#[test]
fn global_condition_keys_match_the_reference() {
    let Some(reference) = reference("global-condition-keys.json") else {
        return;
    };
    let expected = reference.as_array().expect("key list");
    assert_eq!(expected.len(), 59);
    assert_eq!(global_condition_keys().len(), expected.len());
    for entry in expected {
        // The reference writes tag templates as `…/tag-key`; the catalogue as `…/${TagKey}`.
        let name = entry["key"].as_str().expect("key");
        let name = name.replace("/tag-key", "/${TagKey}");
        let key = global_condition_keys()
            .iter()
            .find(|k| k.name() == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(key.value_type().as_str(), entry["type"], "{name}");
    }
}
