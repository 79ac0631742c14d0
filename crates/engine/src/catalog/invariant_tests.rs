//! The generated tables read raw, without the accessors' fallbacks: every string id, row index
//! and span the build wrote resolves, so the accessors never need their empty rows.

use super::model::Span;
use super::tables::{self, lookup_text};

fn string(id: u32, what: &str) {
    assert!(
        lookup_text(id).is_some_and(|s| !s.is_empty()),
        "{what}: string id {id} does not resolve to a name"
    );
}

fn span<T>(span: Span, table: &'static [T], what: &str) -> &'static [T] {
    span.lookup(table)
        .unwrap_or_else(|| panic!("{what}: span {span:?} outside a table of {}", table.len()))
}

fn key_list(keys: Span, what: &str) {
    for &row in span(keys, &tables::KEY_REFS, what) {
        assert!(
            (row as usize) < tables::CONDITION_KEYS.len(),
            "{what}: condition key {row} outside its table"
        );
    }
}

#[test]
fn every_string_id_resolves() {
    assert_eq!(
        tables::TEXT_ENDS.last().map(|&end| end as usize),
        Some(tables::TEXT.len())
    );
    for id in 0..tables::TEXT_ENDS.len() {
        let id = u32::try_from(id).expect("string ids fit in u32");
        assert!(lookup_text(id).is_some(), "string {id} is not in the blob");
    }
    for (what, ids) in [
        ("ARN_FORMATS", &tables::ARN_FORMATS[..]),
        ("DEPENDENT_ACTIONS", &tables::DEPENDENT_ACTIONS[..]),
    ] {
        ids.iter().for_each(|&id| string(id, what));
    }
}

#[test]
fn every_row_and_span_resolves() {
    let services = tables::SERVICES.len();
    for service in &tables::SERVICES {
        string(service.prefix, "service prefix");
        string(service.name, "service name");
        span(service.actions, &tables::ACTIONS, "service actions");
        span(
            service.resource_types,
            &tables::RESOURCE_TYPES,
            "service resource types",
        );
        span(
            service.condition_keys,
            &tables::CONDITION_KEYS,
            "service condition keys",
        );
    }
    for action in &tables::ACTIONS {
        string(action.name, "action name");
        assert!(usize::from(action.service) < services, "action service");
        span(
            action.resources,
            &tables::ACTION_RESOURCES,
            "action resources",
        );
        key_list(action.condition_keys, "action condition keys");
        span(
            action.dependent_actions,
            &tables::DEPENDENT_ACTIONS,
            "dependent actions",
        );
    }
    for resource in &tables::ACTION_RESOURCES {
        assert!(
            (resource.resource_type as usize) < tables::RESOURCE_TYPES.len(),
            "action resource type {} outside its table",
            resource.resource_type
        );
        key_list(resource.condition_keys, "action resource condition keys");
    }
    for resource_type in &tables::RESOURCE_TYPES {
        string(resource_type.name, "resource type name");
        assert!(
            usize::from(resource_type.service) < services,
            "resource type service"
        );
        span(
            resource_type.arn_formats,
            &tables::ARN_FORMATS,
            "ARN formats",
        );
        key_list(resource_type.condition_keys, "resource type condition keys");
    }
    for key in tables::CONDITION_KEYS
        .iter()
        .chain(&tables::GLOBAL_CONDITION_KEYS)
    {
        string(key.name, "condition key name");
    }
    for (what, rows) in [
        ("DISTINCT_KEYS", &tables::DISTINCT_KEYS[..]),
        ("TEMPLATED_KEYS", &tables::TEMPLATED_KEYS[..]),
    ] {
        for &row in rows {
            assert!(
                (row as usize) < tables::CONDITION_KEYS.len(),
                "{what}: row {row}"
            );
        }
    }
}

/// The name indexes hold 1 + a row of their table for each row exactly once, 0 elsewhere.
#[test]
fn name_indexes_hold_every_row_once() {
    for (what, slots, rows) in [
        (
            "SERVICE_INDEX",
            &tables::SERVICE_INDEX[..],
            tables::SERVICES.len(),
        ),
        (
            "ACTION_INDEX",
            &tables::ACTION_INDEX[..],
            tables::ACTIONS.len(),
        ),
    ] {
        let mut rows_seen: Vec<usize> = slots
            .iter()
            .filter(|&&slot| slot != 0)
            .map(|&slot| slot as usize - 1)
            .collect();
        rows_seen.sort_unstable();
        assert_eq!(rows_seen, (0..rows).collect::<Vec<_>>(), "{what}");
    }
}
