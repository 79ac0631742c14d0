//! The Condition block: operators, keys, operator/key types, set qualifiers, value formats,
//! and whether the statement's actions support the keys at all.

use crate::analysis::validate::actions::ActionList;
use crate::analysis::validate::codes::{
    CONDITION_DEPRECATED_KEY, CONDITION_DUPLICATE_KEY_CASE, CONDITION_EMPTY,
    CONDITION_EMPTY_FOR_ALL, CONDITION_EMPTY_FOR_ANY, CONDITION_EMPTY_IF_EXISTS,
    CONDITION_EMPTY_VALUES, CONDITION_KEY_FORMAT, CONDITION_MISSING_TAG_KEY,
    CONDITION_NULL_IF_EXISTS, CONDITION_NULL_QUALIFIER, CONDITION_UNKNOWN_GLOBAL_KEY,
    CONDITION_UNKNOWN_OPERATOR, CONDITION_UNKNOWN_SERVICE_KEY,
};
use crate::analysis::validate::keys::{self, KeyProblem, DEPRECATED_ARN_KEY};
use crate::analysis::validate::operators::{self, Family, Operator, Qualifier};
use crate::analysis::validate::{did_you_mean, quoted, Collector, Ctx};
use crate::policy::{ConditionEntry, ConditionOperator, ConditionValue, Field, Location};

mod by_key;
mod by_operator;
mod support;

/// Checks the Condition block of one statement.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Collector) {
    let Some(block) = &ctx.statement.condition else {
        return;
    };
    if block.operators.is_empty() {
        out.add(
            &CONDITION_EMPTY,
            ctx.at(Field::Condition).with_span(block.span),
            "Condition is empty".to_string(),
            "An empty Condition block has no effect; remove it or add a condition.".to_string(),
        );
    }
    for op in &block.operators {
        let name = op.name.as_str();
        let at_op = || {
            ctx.at(Field::Condition)
                .condition(name, None)
                .with_span(op.name.span)
        };
        let Some(operator) = Operator::parse(name) else {
            let suggestion = operators::suggestion(name);
            out.add(
                &CONDITION_UNKNOWN_OPERATOR,
                at_op(),
                format!("Unknown condition operator {}", quoted(name)),
                format!(
                    "{}IAM rejects the policy: operator names are case-sensitive, e.g. \
                     StringEquals, ArnLike, ForAnyValue:StringLike, BoolIfExists.",
                    did_you_mean(suggestion.as_deref())
                ),
            );
            continue;
        };
        check_operator(&operator, op, at_op(), out);
        for (position, entry) in op.entries.iter().enumerate() {
            let earlier = op.entries.get(..position).unwrap_or(&[]);
            check_entry(ctx, actions, &operator, op, entry, earlier, out);
        }
    }
}

fn check_operator(
    operator: &Operator,
    op: &ConditionOperator,
    location: Location,
    out: &mut Collector,
) {
    let name = op.name.as_str();
    if op.entries.is_empty() {
        out.add(
            &CONDITION_EMPTY,
            location.clone(),
            format!("Condition operator {} has no keys", quoted(name)),
            "An operator without keys has no effect; remove it or add a key.".to_string(),
        );
    }
    if operator.family == Family::Null && operator.if_exists {
        out.add(
            &CONDITION_NULL_IF_EXISTS,
            location.clone(),
            format!("{} cannot take the IfExists suffix", quoted(name)),
            "Null already tests whether the key exists: write \"Null\".".to_string(),
        );
    }
    if operator.family == Family::Null && operator.qualifier.is_some() {
        out.add(
            &CONDITION_NULL_QUALIFIER,
            location,
            format!("{} with a set qualifier", quoted(name)),
            "ForAllValues:Null is always true and ForAnyValue:Null always false; write \
             \"Null\"."
                .to_string(),
        );
    }
}

/// The location of a key, or of one value of it.
fn at_key(ctx: &Ctx<'_>, op: &ConditionOperator, entry: &ConditionEntry) -> Location {
    ctx.at(Field::Condition)
        .condition(op.name.as_str(), Some(entry.key.as_str()))
        .with_span(entry.key.span)
}

fn at_value(
    ctx: &Ctx<'_>,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    index: usize,
    value: &ConditionValue,
) -> Location {
    ctx.at(Field::Condition)
        .condition(op.name.as_str(), Some(entry.key.as_str()))
        .element(index)
        .with_span(value.span.or(entry.key.span))
}

fn check_entry(
    ctx: &Ctx<'_>,
    actions: &Option<ActionList<'_>>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    earlier: &[ConditionEntry],
    out: &mut Collector,
) {
    let key_name = entry.key.as_str();
    let location = at_key(ctx, op, entry);
    if let Some(first) = earlier
        .iter()
        .find(|e| e.key.as_str().eq_ignore_ascii_case(key_name))
    {
        out.add(
            &CONDITION_DUPLICATE_KEY_CASE,
            location.clone(),
            format!(
                "Condition key {} repeats {} under {}",
                quoted(key_name),
                quoted(first.key.as_str()),
                op.name.as_str()
            ),
            "Condition keys are case-insensitive, so both name the same key; merge their \
             values under one spelling."
                .to_string(),
        );
    }
    check_empty_values(operator, entry, &location, out);
    by_operator::check_values(ctx, operator, op, entry, out);
    let key = match keys::resolve(key_name) {
        Ok(key) => key,
        Err(problem) => {
            report_key_problem(key_name, problem, location, out);
            return;
        }
    };
    if key_name.eq_ignore_ascii_case(DEPRECATED_ARN_KEY) {
        out.add(
            &CONDITION_DEPRECATED_KEY,
            location.clone(),
            format!("Condition key {} is deprecated", quoted(key_name)),
            "Use aws:PrincipalArn for the caller's ARN or aws:SourceArn for the resource \
             that sends the request."
                .to_string(),
        );
    }
    if let Some(value_type) = key.value_type() {
        by_key::check_types(operator, op, key_name, key, value_type, &location, out);
        by_key::check_key_values(ctx, operator, op, entry, key_name, out);
    }
    if let Some(actions) = actions {
        support::check_support(ctx, actions, operator, key_name, key, &location, out);
    }
}

fn report_key_problem(name: &str, problem: KeyProblem, location: Location, out: &mut Collector) {
    let shown = quoted(name);
    match problem {
        KeyProblem::Format => out.add(
            &CONDITION_KEY_FORMAT,
            location,
            format!("Invalid condition key {shown}"),
            "Condition keys are written service:name, e.g. aws:SourceIp or \
             rekognition:... keys of the service."
                .to_string(),
        ),
        KeyProblem::MissingTagKey(template) => out.add(
            &CONDITION_MISSING_TAG_KEY,
            location,
            format!("Condition key {shown} lacks the tag key"),
            format!(
                "Name the tag after the slash, as in {}, e.g. {}team.",
                template,
                template
                    .find(['$', '<'])
                    .and_then(|i| template.get(..i))
                    .unwrap_or(template)
            ),
        ),
        KeyProblem::UnknownGlobal(suggestion) => out.add(
            &CONDITION_UNKNOWN_GLOBAL_KEY,
            location,
            format!("Unknown global condition key {shown}"),
            format!(
                "{}aws: keys are global condition keys such as aws:SourceIp or \
                 aws:PrincipalTag/<tag>; an unknown key is absent from every request.",
                did_you_mean(suggestion)
            ),
        ),
        KeyProblem::UnknownServiceKey(service, suggestion) => out.add(
            &CONDITION_UNKNOWN_SERVICE_KEY,
            location,
            format!("Unknown condition key {shown}"),
            format!(
                "{}{} defines no such condition key; an unknown key is absent from every \
                 request.",
                did_you_mean(suggestion),
                service.prefix()
            ),
        ),
        KeyProblem::UnknownPrefix => out.add(
            &CONDITION_UNKNOWN_SERVICE_KEY,
            location,
            format!("Unknown service in condition key {shown}"),
            format!(
                "{} is neither an AWS service prefix nor an identity provider, so the key is \
                 absent from every request.",
                quoted(name.split(':').next().unwrap_or(""))
            ),
        ),
    }
}

fn check_empty_values(
    operator: &Operator,
    entry: &ConditionEntry,
    location: &Location,
    out: &mut Collector,
) {
    if !entry.values.is_empty() {
        return;
    }
    let key = entry.key.as_str();
    let (check, detail) = match (operator.qualifier, operator.if_exists) {
        (Some(Qualifier::ForAllValues), _) => (
            &CONDITION_EMPTY_FOR_ALL,
            format!("It matches only when {key} is absent; say that with \"Null\": {{\"{key}\": \"true\"}}."),
        ),
        (Some(Qualifier::ForAnyValue), _) => (
            &CONDITION_EMPTY_FOR_ANY,
            "It never matches; add values or remove the key.".to_string(),
        ),
        (None, true) => (
            &CONDITION_EMPTY_IF_EXISTS,
            format!("It matches only when {key} is absent; say that with \"Null\": {{\"{key}\": \"true\"}}."),
        ),
        (None, false) => (
            &CONDITION_EMPTY_VALUES,
            "It never matches; add values or remove the key.".to_string(),
        ),
    };
    out.add(
        check,
        location
            .clone()
            .with_span(entry.values.span.or(location.span)),
        format!("Condition key {} has no values", quoted(key)),
        detail,
    );
}

fn text_of(value: &ConditionValue) -> std::borrow::Cow<'_, str> {
    value.value.as_text()
}
