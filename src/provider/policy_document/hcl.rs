//! `statement` blocks of configuration -> policy statements.
//!
//! Rendering follows aws_iam_policy_document's merge rules, so a ported configuration renders
//! the same policy for IAM: its string arguments are sets (a repeated action, resource or
//! identifier counts once, and so does a repeated `principals` or `condition` block), a single
//! action, resource, identifier or condition value is written as a string, principals of one
//! type are merged, and `condition` blocks with the same test and variable merge their values
//! in order (repeats across blocks kept, as there). Unlike there, the user's order of list
//! elements is kept rather than reverse-sorted.

use std::collections::HashSet;

use engine::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, OneOrMany, Principal,
    PrincipalEntry, Statement, StringList, Text, UnknownParts,
};
use host::value::Value;

/// `&{aws:username}` -> `${aws:username}`: HCL would interpolate `${...}` itself, so policy
/// variables are written with `&` in configuration, as aws_iam_policy_document accepts them.
fn policy_variables(s: &str) -> String {
    s.replace("&{", "${")
}

/// The known strings of a list attribute, as written (for JSON texts and codes).
pub fn raw_strings(block: &Value, name: &str) -> Vec<String> {
    block
        .get(name)
        .and_then(Value::as_elements)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The known strings of a list attribute with policy variables (unknown or null elements are
/// skipped).
pub fn strings(block: &Value, name: &str) -> Vec<String> {
    raw_strings(block, name)
        .iter()
        .map(|s| policy_variables(s))
        .collect()
}

/// A non-empty string attribute.
pub fn string(block: &Value, name: &str) -> Option<String> {
    block
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(policy_variables)
}

/// Indexes of the first occurrence of each distinct value, in order (linear: lists may be long).
pub fn first_occurrences(values: &[String]) -> Vec<usize> {
    let mut seen = HashSet::with_capacity(values.len());
    values
        .iter()
        .enumerate()
        .filter(|(_, value)| seen.insert(value.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// The indexes, in the list as written, of the known strings of a list attribute: where each
/// element of [`strings`] was written, with unknown elements counted.
pub fn written_positions(block: &Value, name: &str) -> Vec<usize> {
    block
        .get(name)
        .and_then(Value::as_elements)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter(|(_, v)| v.as_str().is_some())
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default()
}

/// The values with repeats left out (the first occurrence keeps its place).
fn unique(values: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(values.len());
    values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .collect()
}

/// A `principals`/`not_principals` block that counts: its index, type and distinct identifiers
/// with, for each, its index in the written list.
pub struct PrincipalBlock {
    pub index: usize,
    pub kind: String,
    pub ids: Vec<String>,
    pub written: Vec<usize>,
}

/// The blocks named `name` with a known type, leaving out a block equal to an earlier one (same
/// type, same set of identifiers).
pub fn principal_blocks(block: &Value, name: &str) -> Vec<PrincipalBlock> {
    let mut kept: Vec<PrincipalBlock> = Vec::new();
    let mut seen: HashSet<(String, Vec<String>)> = HashSet::new();
    let blocks = block.get(name).and_then(Value::as_elements).unwrap_or(&[]);
    for (index, b) in blocks.iter().enumerate() {
        if b.is_unknown() || has_unknown(b, "type") {
            continue;
        }
        let kind = string(b, "type").unwrap_or_default();
        let all = strings(b, "identifiers");
        let positions = written_positions(b, "identifiers");
        let firsts = first_occurrences(&all);
        let ids: Vec<String> = firsts.iter().filter_map(|&i| all.get(i).cloned()).collect();
        let written = firsts
            .iter()
            .map(|&i| positions.get(i).copied().unwrap_or(i))
            .collect();
        let mut set = ids.clone();
        set.sort_unstable();
        if seen.insert((kind.clone(), set)) {
            kept.push(PrincipalBlock {
                index,
                kind,
                ids,
                written,
            });
        }
    }
    kept
}

/// A `condition` block that counts: its index, test, variable and values.
pub struct ConditionBlockValues {
    pub index: usize,
    pub test: String,
    pub variable: String,
    pub values: Vec<String>,
    /// For each of `values`, its index in the list as written (unknown values are left out of
    /// `values`).
    pub written: Vec<usize>,
}

/// The `condition` blocks with known test and variable, leaving out a block equal to an earlier
/// one (same test, variable and values).
pub fn condition_blocks(block: &Value) -> Vec<ConditionBlockValues> {
    let mut kept: Vec<ConditionBlockValues> = Vec::new();
    let mut seen: HashSet<(String, String, Vec<String>)> = HashSet::new();
    let blocks = block
        .get("condition")
        .and_then(Value::as_elements)
        .unwrap_or(&[]);
    for (index, b) in blocks.iter().enumerate() {
        if b.is_unknown() || has_unknown(b, "test") || has_unknown(b, "variable") {
            continue;
        }
        let c = ConditionBlockValues {
            index,
            test: string(b, "test").unwrap_or_default(),
            variable: string(b, "variable").unwrap_or_default(),
            values: strings(b, "values"),
            written: written_positions(b, "values"),
        };
        if seen.insert((c.test.clone(), c.variable.clone(), c.values.clone())) {
            kept.push(c);
        }
    }
    kept
}

/// One value: a string; several: an array (as aws_iam_policy_document renders them).
fn list(values: Vec<String>) -> Option<StringList> {
    match values.len() {
        0 => None,
        1 => values.into_iter().next().map(StringList::scalar),
        _ => Some(StringList::array(values)),
    }
}

/// Whether an attribute of a block holds anything unknown (the whole value or an element).
fn has_unknown(block: &Value, name: &str) -> bool {
    block.get(name).is_some_and(Value::contains_unknown)
}

/// The policy statement of one `statement` block.
///
/// Unknown values (known only after apply) are left out element by element and marked in
/// [`Statement::unknown`]; an unknown `effect` is `None`, not the default `Allow`.
pub fn statement(block: &Value) -> Statement {
    let effect_unknown = has_unknown(block, "effect");
    let (principal, principal_unknown) = principals(block, "principals");
    let (not_principal, not_principal_unknown) = principals(block, "not_principals");
    let (condition, condition_unknown) = conditions(block);
    Statement {
        sid: string(block, "sid").map(Text::new),
        effect: (!effect_unknown)
            .then(|| Text::new(string(block, "effect").unwrap_or_else(|| "Allow".to_string()))),
        principal,
        not_principal,
        action: list(unique(strings(block, "actions"))),
        not_action: list(unique(strings(block, "not_actions"))),
        resource: list(unique(strings(block, "resources"))),
        not_resource: list(unique(strings(block, "not_resources"))),
        condition,
        span: None,
        unknown: UnknownParts {
            sid: has_unknown(block, "sid"),
            effect: effect_unknown,
            principal: principal_unknown,
            not_principal: not_principal_unknown,
            action: has_unknown(block, "actions"),
            not_action: has_unknown(block, "not_actions"),
            resource: has_unknown(block, "resources"),
            not_resource: has_unknown(block, "not_resources"),
            condition: condition_unknown,
        },
    }
}

/// `principals` blocks grouped by type in first-seen order, identifiers of one type in block
/// order; a single block `type = "*"` with `["*"]` is `"*"`. A block whose type is unknown is
/// left out; the flag says whether anything was unknown.
fn principals(block: &Value, name: &str) -> (Option<Principal>, bool) {
    let unknown = has_unknown(block, name);
    let kept = principal_blocks(block, name);
    if let [only] = kept.as_slice() {
        if only.kind == "*" && only.ids == ["*"] && !unknown {
            return (Some(Principal::everyone()), unknown);
        }
    }
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for b in kept {
        match grouped.iter_mut().find(|(k, _)| *k == b.kind) {
            Some((_, all)) => all.extend(b.ids),
            None => grouped.push((b.kind, b.ids)),
        }
    }
    if grouped.is_empty() {
        return (None, unknown);
    }
    let principal = Principal::map(grouped.into_iter().map(|(kind, ids)| PrincipalEntry {
        principal_type: Text::new(kind),
        ids: list(ids).unwrap_or_else(|| StringList::array(Vec::<String>::new())),
    }));
    (Some(principal), unknown)
}

/// `condition` blocks grouped by test (operator) in first-seen order; blocks with the same test
/// and variable merge their values in block order. A block whose test or variable is unknown is
/// left out; the flag says whether anything was unknown.
fn conditions(block: &Value) -> (Option<ConditionBlock>, bool) {
    let unknown = has_unknown(block, "condition");
    let mut operators: Vec<ConditionOperator> = Vec::new();
    let mut merged: Vec<(String, String, Vec<String>)> = Vec::new();
    for c in condition_blocks(block) {
        match merged
            .iter_mut()
            .find(|(t, v, _)| *t == c.test && *v == c.variable)
        {
            Some((_, _, values)) => values.extend(c.values),
            None => merged.push((c.test, c.variable, c.values)),
        }
    }
    for (test, variable, values) in merged {
        let entry = ConditionEntry {
            key: Text::new(variable),
            values: match <[String; 1]>::try_from(values) {
                Ok([one]) => OneOrMany::one(ConditionValue::string(one)),
                Err(values) => OneOrMany::many(values.into_iter().map(ConditionValue::string)),
            },
        };
        match operators.iter_mut().find(|op| op.name.value == test) {
            Some(op) => op.entries.push(entry),
            None => operators.push(ConditionOperator::new(&test, [entry])),
        }
    }
    if operators.is_empty() {
        return (None, unknown);
    }
    (Some(ConditionBlock::new(operators)), unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (*k, v.clone())))
    }

    #[test]
    fn single_values_render_as_strings() {
        let s = statement(&block(&[
            ("actions", Value::string_list(["s3:GetObject"])),
            (
                "resources",
                Value::string_list(["arn:aws:s3:::b/*", "arn:aws:s3:::c/*"]),
            ),
        ]));
        assert!(s.action.as_ref().unwrap().renders_as_scalar());
        assert!(!s.resource.as_ref().unwrap().renders_as_scalar());
        assert_eq!(s.effect.unwrap().value, "Allow");
    }

    #[test]
    fn principals_of_one_type_merge_and_star_is_everyone() {
        let p = |t: &str, ids: &[&str]| {
            block(&[
                ("type", Value::from(t)),
                ("identifiers", Value::string_list(ids.iter().copied())),
            ])
        };
        let s = statement(&block(&[(
            "principals",
            Value::List(vec![
                p("AWS", &["a"]),
                p("Service", &["s"]),
                p("AWS", &["b"]),
            ]),
        )]));
        let entries = s.principal.as_ref().unwrap().entries();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].ids.strings().collect::<Vec<_>>(), ["a", "b"]);
        let s = statement(&block(&[("principals", Value::List(vec![p("*", &["*"])]))]));
        assert_eq!(s.principal, Some(Principal::everyone()));
    }

    #[test]
    fn conditions_group_by_test() {
        let c = |t: &str, v: &str, vals: &[&str]| {
            block(&[
                ("test", Value::from(t)),
                ("variable", Value::from(v)),
                ("values", Value::string_list(vals.iter().copied())),
            ])
        };
        let s = statement(&block(&[(
            "condition",
            Value::List(vec![
                c("StringEquals", "aws:SourceAccount", &["111122223333"]),
                c("ArnLike", "aws:SourceArn", &["arn:aws:rekognition:*"]),
                c("StringEquals", "aws:PrincipalTag/team", &["a", "b"]),
            ]),
        )]));
        let cond = s.condition.unwrap();
        assert_eq!(cond.operators.len(), 2);
        assert_eq!(cond.operators[0].entries.len(), 2);
    }

    #[test]
    fn conditions_with_one_test_and_variable_merge_their_values() {
        let c = |vals: &[&str]| {
            block(&[
                ("test", Value::from("StringLike")),
                ("variable", Value::from("s3:prefix")),
                ("values", Value::string_list(vals.iter().copied())),
            ])
        };
        let s = statement(&block(&[(
            "condition",
            Value::List(vec![c(&["one/"]), c(&["two/", "one/"]), c(&["one/"])]),
        )]));
        let cond = s.condition.unwrap();
        let entry = cond.entry("StringLike", "s3:prefix").unwrap();
        let values: Vec<_> = entry.values.iter().map(|v| v.value.as_text()).collect();
        // the third block equals the first, as a set element it counts once
        assert_eq!(values, ["one/", "two/", "one/"]);
    }

    #[test]
    fn repeated_strings_and_equal_principal_blocks_count_once() {
        let p = |ids: &[&str]| {
            block(&[
                ("type", Value::from("AWS")),
                ("identifiers", Value::string_list(ids.iter().copied())),
            ])
        };
        let s = statement(&block(&[
            (
                "actions",
                Value::string_list(["s3:GetObject", "s3:GetObject"]),
            ),
            (
                "principals",
                Value::List(vec![p(&["a", "b"]), p(&["b", "a", "a"]), p(&["a"])]),
            ),
        ]));
        assert!(s.action.as_ref().unwrap().renders_as_scalar());
        let ids: Vec<_> = s.principal.as_ref().unwrap().entries()[0]
            .ids
            .strings()
            .collect();
        assert_eq!(ids, ["a", "b", "a"]);
    }
}
