//! Checks of condition values that depend on the operator: JSON types, Boolean and number and
//! date and IP formats, variables, duplicates, wildcards, redundant bounds, StringLike "*".

use super::{at_key, at_value, text_of};
use crate::analysis::validate::codes::{
    CONDITION_DUPLICATE_VALUE, CONDITION_IMPROVE_IP, CONDITION_INVALID_BINARY,
    CONDITION_INVALID_BOOL, CONDITION_INVALID_DATE, CONDITION_INVALID_IP, CONDITION_INVALID_NUMBER,
    CONDITION_MIXED_TYPES, CONDITION_MULTIPLE_BOOL, CONDITION_NULL_FALSE,
    CONDITION_REDUNDANT_NUMBERS, CONDITION_VARIABLE_OPERATOR, CONDITION_WILDCARD_WITHOUT_LIKE,
};
use crate::analysis::validate::operators::{Family, Operator};
use crate::analysis::validate::{quoted, values, variables, Collector, Ctx};
use crate::policy::{ConditionEntry, ConditionOperator, ConditionValue, Location, ScalarValue};

/// Checks that depend on the operator only: value formats, variables, JSON types, duplicates,
/// wildcards, redundant bounds, StringLike "*".
pub(super) fn check_values(
    ctx: &Ctx<'_>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    out: &mut Collector,
) {
    let key = entry.key.as_str();
    let items = &entry.values.items;
    let kind = |v: &ConditionValue| match v.value {
        ScalarValue::String(_) => 0,
        ScalarValue::Number(_) => 1,
        ScalarValue::Bool(_) => 2,
    };
    if let Some(first) = items.first() {
        if let Some((index, odd)) = items
            .iter()
            .enumerate()
            .find(|(_, v)| kind(v) != kind(first))
        {
            out.add(
                &CONDITION_MIXED_TYPES,
                at_value(ctx, op, entry, index, odd),
                format!("Values of {} mix JSON types", quoted(key)),
                "Write all values of one key with the same JSON type, e.g. all as strings."
                    .to_string(),
            );
        }
    }
    if matches!(operator.family, Family::Bool | Family::Null) && items.len() > 1 {
        out.add(
            &CONDITION_MULTIPLE_BOOL,
            at_key(ctx, op, entry),
            format!("{} has {} Boolean values", quoted(key), items.len()),
            format!("{} takes one value, true or false.", op.name.as_str()),
        );
    }
    for (index, value) in items.iter().enumerate() {
        let text = text_of(value);
        let location = || at_value(ctx, op, entry, index, value);
        if items
            .get(..index)
            .unwrap_or(&[])
            .iter()
            .any(|v| text_of(v) == text)
        {
            out.add(
                &CONDITION_DUPLICATE_VALUE,
                location(),
                format!("Value {} of {} is listed twice", quoted(&text), quoted(key)),
                "Remove the second one.".to_string(),
            );
        }
        if variables::has_variable(&text) {
            if matches!(operator.family, Family::String | Family::Arn) {
                variables::check(ctx, &location(), &text, out);
            } else {
                out.add(
                    &CONDITION_VARIABLE_OPERATOR,
                    location(),
                    format!("Policy variable in a {} condition", op.name.as_str()),
                    "Policy variables are substituted only with String and Arn operators; \
                     write the value out or use a String operator."
                        .to_string(),
                );
            }
            continue;
        }
        check_format(operator, op, &text, location, out);
        if !operator.is_like() && text.contains(['*', '?']) && operator.family == Family::String {
            out.add(
                &CONDITION_WILDCARD_WITHOUT_LIKE,
                location(),
                format!("{} compares {} literally", op.name.as_str(), quoted(&text)),
                format!(
                    "Only Like operators treat * and ? as wildcards: use {} if a pattern is \
                     meant.",
                    like_variant(operator)
                ),
            );
        }
        if operator.base == "StringLike"
            && operator.qualifier.is_none()
            && !operator.if_exists
            && text == "*"
        {
            out.add(
                &CONDITION_NULL_FALSE,
                location(),
                format!(
                    "StringLike {} \"*\" only tests that the key exists",
                    quoted(key)
                ),
                format!("Write \"Null\": {{\"{key}\": \"false\"}}, which says so directly."),
            );
        }
    }
    if operator.is_ordering() && operator.qualifier.is_none() && items.len() > 1 {
        let numbers: Option<Vec<f64>> = items.iter().map(|v| values::number(&text_of(v))).collect();
        if let Some(numbers) = numbers {
            let less = operator.base.contains("LessThan");
            let decisive = numbers.iter().copied().fold(
                if less {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                },
                |acc, n| if less { acc.max(n) } else { acc.min(n) },
            );
            out.add(
                &CONDITION_REDUNDANT_NUMBERS,
                at_key(ctx, op, entry),
                format!(
                    "{} lists {} values for {}",
                    op.name.as_str(),
                    items.len(),
                    quoted(key)
                ),
                format!(
                    "Only the {} value decides: write {decisive} alone.",
                    if less { "greatest" } else { "least" }
                ),
            );
        }
    }
}

fn like_variant(operator: &Operator) -> &'static str {
    if operator.is_negated() {
        "StringNotLike"
    } else {
        "StringLike"
    }
}

/// Checks the value's format; the location and quoted text are made only for a finding.
fn check_format(
    operator: &Operator,
    op: &ConditionOperator,
    text: &str,
    location: impl FnOnce() -> Location,
    out: &mut Collector,
) {
    let name = op.name.as_str();
    let shown = || quoted(text);
    match operator.family {
        Family::Bool | Family::Null if !values::is_bool(text) => out.add(
            &CONDITION_INVALID_BOOL,
            location(),
            format!("{name} value {} is not true or false", shown()),
            format!(
                "Write true or false; with any other value the {name} condition never matches."
            ),
        ),
        Family::Numeric if !values::is_number(text) => out.add(
            &CONDITION_INVALID_NUMBER,
            location(),
            format!("{name} value {} is not a number", shown()),
            "Write an integer or decimal number, e.g. 3600.".to_string(),
        ),
        Family::Date if !values::is_date(text) => out.add(
            &CONDITION_INVALID_DATE,
            location(),
            format!("{name} value {} is not a date", shown()),
            "Write an ISO 8601 date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, or \
             epoch seconds."
                .to_string(),
        ),
        Family::Ip => match values::ip_range(text) {
            None => out.add(
                &CONDITION_INVALID_IP,
                location(),
                format!("{name} value {} is not an IP address or range", shown()),
                "Write an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24.".to_string(),
            ),
            Some(range) => {
                if let Some(network) = range.network() {
                    out.add(
                        &CONDITION_IMPROVE_IP,
                        location(),
                        format!("IP range {} has host bits set", shown()),
                        format!(
                            "The bits after /{} are ignored: write {network}.",
                            range.prefix
                        ),
                    );
                }
            }
        },
        Family::Binary if !values::is_base64(text) => out.add(
            &CONDITION_INVALID_BINARY,
            location(),
            format!("{name} value {} is not base64", shown()),
            "BinaryEquals compares base64-encoded values; encode the value.".to_string(),
        ),
        _ => {}
    }
}
