//! `statement` blocks of configuration -> policy statements.
//!
//! Rendering follows aws_iam_policy_document where it is visible in the JSON (a single action,
//! resource, identifier or condition value is written as a string; principals and conditions of
//! the same type/test are merged), so ported configurations render the same documents, but the
//! user's order of list elements is kept.

use crate::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, OneOrMany, Principal,
    PrincipalEntry, Statement, StringList, Text, UnknownParts,
};
use crate::provider::value::Value;

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
    block
        .get(name)
        .and_then(Value::as_elements)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(policy_variables))
                .collect()
        })
        .unwrap_or_default()
}

/// A non-empty string attribute.
pub fn string(block: &Value, name: &str) -> Option<String> {
    block
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(policy_variables)
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
        action: list(strings(block, "actions")),
        not_action: list(strings(block, "not_actions")),
        resource: list(strings(block, "resources")),
        not_resource: list(strings(block, "not_resources")),
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

/// `principals` blocks grouped by type in first-seen order; `type = "*"` with `["*"]` is `"*"`.
/// A block whose type is unknown is left out; the flag says whether anything was unknown.
fn principals(block: &Value, name: &str) -> (Option<Principal>, bool) {
    let unknown = has_unknown(block, name);
    let Some(blocks) = block.get(name).and_then(Value::as_elements) else {
        return (None, unknown);
    };
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for b in blocks {
        if b.is_unknown() || has_unknown(b, "type") {
            continue;
        }
        let kind = string(b, "type").unwrap_or_default();
        let ids = strings(b, "identifiers");
        match grouped.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, all)) => all.extend(ids),
            None => grouped.push((kind, ids)),
        }
    }
    if grouped.is_empty() {
        return (None, unknown);
    }
    if let [(kind, ids)] = grouped.as_slice() {
        if kind == "*" && ids.iter().all(|i| i == "*") && !unknown {
            return (Some(Principal::everyone()), unknown);
        }
    }
    let principal = Principal::map(grouped.into_iter().map(|(kind, ids)| PrincipalEntry {
        principal_type: Text::new(kind),
        ids: list(ids).unwrap_or_else(|| StringList::array(Vec::<String>::new())),
    }));
    (Some(principal), unknown)
}

/// `condition` blocks grouped by test (operator) in first-seen order. A block whose test or
/// variable is unknown is left out; the flag says whether anything was unknown.
fn conditions(block: &Value) -> (Option<ConditionBlock>, bool) {
    let unknown = has_unknown(block, "condition");
    let Some(blocks) = block.get("condition").and_then(Value::as_elements) else {
        return (None, unknown);
    };
    let mut operators: Vec<ConditionOperator> = Vec::new();
    for b in blocks {
        if b.is_unknown() || has_unknown(b, "test") || has_unknown(b, "variable") {
            continue;
        }
        let test = string(b, "test").unwrap_or_default();
        let variable = string(b, "variable").unwrap_or_default();
        let values = strings(b, "values");
        let entry = ConditionEntry {
            key: Text::new(variable),
            values: if values.len() == 1 {
                OneOrMany::one(ConditionValue::string(values[0].clone()))
            } else {
                OneOrMany::many(values.into_iter().map(ConditionValue::string))
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
}
