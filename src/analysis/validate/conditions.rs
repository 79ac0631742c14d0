//! The Condition block: operators, keys, operator/key types, set qualifiers, value formats,
//! and whether the statement's actions support the keys at all.

use super::actions::{ActionKind, ActionList};
use super::checks::{
    CONDITION_DEPRECATED_KEY, CONDITION_DUPLICATE_KEY_CASE, CONDITION_DUPLICATE_VALUE,
    CONDITION_EMPTY, CONDITION_EMPTY_FOR_ALL, CONDITION_EMPTY_FOR_ANY, CONDITION_EMPTY_IF_EXISTS,
    CONDITION_EMPTY_VALUES, CONDITION_FOR_ALL_SINGLE, CONDITION_IMPROVE_IP,
    CONDITION_INVALID_BINARY, CONDITION_INVALID_BOOL, CONDITION_INVALID_DATE, CONDITION_INVALID_IP,
    CONDITION_INVALID_NUMBER, CONDITION_INVALID_SERVICE_PRINCIPAL, CONDITION_INVALID_VPC,
    CONDITION_INVALID_VPCE, CONDITION_KEY_FORMAT, CONDITION_KEY_UNSUPPORTED, CONDITION_MFA_FALSE,
    CONDITION_MISSING_QUALIFIER, CONDITION_MISSING_TAG_KEY, CONDITION_MIXED_TYPES,
    CONDITION_MULTIPLE_BOOL, CONDITION_NULL_FALSE, CONDITION_NULL_IF_EXISTS,
    CONDITION_NULL_QUALIFIER, CONDITION_PRIVATE_IP, CONDITION_PRIVATE_IP_SUBSET,
    CONDITION_PRIVATE_NOT_IP, CONDITION_PRIVATE_NOT_IP_SUBSET, CONDITION_REDUNDANT_NUMBERS,
    CONDITION_STRING_ON_ARN, CONDITION_TAG_UNSUPPORTED_ALLOW, CONDITION_TAG_UNSUPPORTED_DENY,
    CONDITION_TYPE_MISMATCH, CONDITION_UNKNOWN_GLOBAL_KEY, CONDITION_UNKNOWN_OPERATOR,
    CONDITION_UNKNOWN_SERVICE_KEY, CONDITION_VARIABLE_OPERATOR, CONDITION_WILDCARD_WITHOUT_LIKE,
};
use super::keys::{self, Key, KeyProblem, DEPRECATED_ARN_KEY};
use super::operators::{self, Family, Operator, Qualifier};
use super::{did_you_mean, quoted, short_list, values, variables, Ctx, Findings};
use crate::catalog::{Action, ConditionValueType};
use crate::policy::{
    ConditionEntry, ConditionOperator, ConditionValue, Effect, Field, Location, ScalarValue,
};

/// Checks the Condition block of one statement.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Findings) {
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
    out: &mut Findings,
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
    out: &mut Findings,
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
    check_values(ctx, operator, op, entry, out);
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
        check_types(operator, op, key_name, key, value_type, &location, out);
        check_key_values(ctx, operator, op, entry, key_name, out);
    }
    if let Some(actions) = actions {
        check_support(ctx, actions, operator, key_name, key, &location, out);
    }
}

fn report_key_problem(name: &str, problem: KeyProblem, location: Location, out: &mut Findings) {
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
    out: &mut Findings,
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

/// Checks that depend on the operator only: value formats, variables, JSON types, duplicates,
/// wildcards, redundant bounds, StringLike "*".
fn check_values(
    ctx: &Ctx<'_>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    out: &mut Findings,
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
        check_format(operator, op, &text, location(), out);
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

fn check_format(
    operator: &Operator,
    op: &ConditionOperator,
    text: &str,
    location: Location,
    out: &mut Findings,
) {
    let name = op.name.as_str();
    let shown = quoted(text);
    match operator.family {
        Family::Bool | Family::Null if !values::is_bool(text) => out.add(
            &CONDITION_INVALID_BOOL,
            location,
            format!("{name} value {shown} is not true or false"),
            format!(
                "Write true or false; with any other value the {name} condition never matches."
            ),
        ),
        Family::Numeric if !values::is_number(text) => out.add(
            &CONDITION_INVALID_NUMBER,
            location,
            format!("{name} value {shown} is not a number"),
            "Write an integer or decimal number, e.g. 3600.".to_string(),
        ),
        Family::Date if !values::is_date(text) => out.add(
            &CONDITION_INVALID_DATE,
            location,
            format!("{name} value {shown} is not a date"),
            "Write an ISO 8601 date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, or \
             epoch seconds."
                .to_string(),
        ),
        Family::Ip => match values::ip_range(text) {
            None => out.add(
                &CONDITION_INVALID_IP,
                location,
                format!("{name} value {shown} is not an IP address or range"),
                "Write an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24.".to_string(),
            ),
            Some(range) => {
                if let Some(network) = range.network() {
                    out.add(
                        &CONDITION_IMPROVE_IP,
                        location,
                        format!("IP range {shown} has host bits set"),
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
            location,
            format!("{name} value {shown} is not base64"),
            "BinaryEquals compares base64-encoded values; encode the value.".to_string(),
        ),
        _ => {}
    }
}

/// Checks of operator against the key's type.
fn check_types(
    operator: &Operator,
    op: &ConditionOperator,
    key_name: &str,
    key: Key,
    value_type: ConditionValueType,
    location: &Location,
    out: &mut Findings,
) {
    let name = op.name.as_str();
    let shown = quoted(key_name);
    if matches!(operator.base, "StringLike" | "StringNotLike")
        && value_type.element() == ConditionValueType::Arn
    {
        let arn_operator = if operator.is_negated() {
            "ArnNotLike"
        } else {
            "ArnLike"
        };
        out.add(
            &CONDITION_STRING_ON_ARN,
            location.clone(),
            format!("{name} on ARN key {shown}"),
            format!(
                "In StringLike a * also matches : and so spans ARN fields; {arn_operator} \
                 matches each field separately. Use {arn_operator}."
            ),
        );
    } else if !operator.family.fits(value_type) {
        out.add(
            &CONDITION_TYPE_MISMATCH,
            location.clone(),
            format!("{name} does not fit {shown} of type {value_type}"),
            format!(
                "Use {} for this key; {name} compares {} and may never match.",
                Family::for_type(value_type),
                operator.family.compares()
            ),
        );
    }
    if operator.family == Family::Null {
        return;
    }
    if value_type.is_array() && operator.qualifier.is_none() {
        out.add(
            &CONDITION_MISSING_QUALIFIER,
            location.clone(),
            format!("{shown} has several values but {name} has no ForAllValues/ForAnyValue"),
            format!(
                "Write ForAnyValue:{name} (some value matches) or ForAllValues:{name} (every \
                 value matches)."
            ),
        );
    }
    if !value_type.is_array()
        && operator.qualifier == Some(Qualifier::ForAllValues)
        && matches!(key, Key::Global(_))
    {
        let plain = name.strip_prefix("ForAllValues:").unwrap_or(name);
        out.add(
            &CONDITION_FOR_ALL_SINGLE,
            location.clone(),
            format!("ForAllValues on single-valued key {shown}"),
            format!(
                "ForAllValues is also true when {key_name} is absent from the request, which \
                 grants more than intended. Write {plain}."
            ),
        );
    }
}

/// Value checks that depend on the key: aws:SourceIp ranges, VPC IDs, service principals,
/// aws:MultiFactorAuthPresent.
fn check_key_values(
    ctx: &Ctx<'_>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    key: &str,
    out: &mut Findings,
) {
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    let literal = |text: &str| !text.contains(['*', '?']) && !variables::has_variable(text);
    if is("aws:SourceIp") && operator.family == Family::Ip {
        check_private_ips(ctx, operator, op, entry, out);
    }
    let id_prefix = if is("aws:SourceVpc") {
        Some(("vpc-", &CONDITION_INVALID_VPC))
    } else if is("aws:SourceVpce") {
        Some(("vpce-", &CONDITION_INVALID_VPCE))
    } else {
        None
    };
    let principal_key = ["aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast"]
        .iter()
        .any(|k| is(k));
    for (index, value) in entry.values.items.iter().enumerate() {
        let text = text_of(value);
        if operator.family != Family::String || operator.is_like() || !literal(&text) {
            continue;
        }
        if let Some((prefix, check)) = id_prefix {
            if !values::is_resource_id(&text, prefix) {
                out.add(
                    check,
                    at_value(ctx, op, entry, index, value),
                    format!("{} is not a valid ID for {}", quoted(&text), quoted(key)),
                    format!(
                        "IDs are {prefix} followed by 8 or 17 lower-case letters and digits, \
                         e.g. {prefix}1a2b3c4d."
                    ),
                );
            }
        }
        if principal_key && !values::is_service_principal_name(&text) {
            out.add(
                &CONDITION_INVALID_SERVICE_PRINCIPAL,
                at_value(ctx, op, entry, index, value),
                format!("{} is not a service principal", quoted(&text)),
                format!(
                    "{} holds service principals such as athena.amazonaws.com (one lower-case \
                     name before .amazonaws.com, .amazon.com or .amazonaws.com.cn).",
                    key
                ),
            );
        }
    }
    if is("aws:MultiFactorAuthPresent")
        && operator.base == "Bool"
        && !operator.if_exists
        && ctx.effect == Some(Effect::Allow)
    {
        let false_value = entry
            .values
            .iter()
            .enumerate()
            .find(|(_, v)| text_of(v).eq_ignore_ascii_case("false"));
        if let Some((index, value)) = false_value {
            out.add(
                &CONDITION_MFA_FALSE,
                at_value(ctx, op, entry, index, value),
                "aws:MultiFactorAuthPresent false does not match long-term access keys".to_string(),
                "Requests signed with access keys carry no aws:MultiFactorAuthPresent, so \
                 false does not match them. Use \"BoolIfExists\" or {\"Null\": \
                 {\"aws:MultiFactorAuthPresent\": \"true\"}}."
                    .to_string(),
            );
        }
    }
}

fn check_private_ips(
    ctx: &Ctx<'_>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    out: &mut Findings,
) {
    let ranges: Vec<Option<values::IpRange>> = entry
        .values
        .iter()
        .map(|v| values::ip_range(&text_of(v)))
        .collect();
    let private: Vec<usize> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_some_and(|r| r.is_private()))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = private.first() else {
        return;
    };
    let all = private.len() == ranges.len();
    let negated = operator.is_negated();
    let check = match (all, negated) {
        (true, false) => &CONDITION_PRIVATE_IP,
        (true, true) => &CONDITION_PRIVATE_NOT_IP,
        (false, false) => &CONDITION_PRIVATE_IP_SUBSET,
        (false, true) => &CONDITION_PRIVATE_NOT_IP_SUBSET,
    };
    let shown: Vec<String> = private
        .iter()
        .filter_map(|&i| entry.values.items.get(i))
        .map(|v| text_of(v).into_owned())
        .collect();
    let effect = match (all, negated) {
        (true, false) => "the condition never matches",
        (true, true) => "the condition always matches",
        _ => "these values have no effect",
    };
    let location = match entry.values.items.get(first) {
        Some(value) => at_value(ctx, op, entry, first, value),
        None => at_key(ctx, op, entry),
    };
    out.add(
        check,
        location,
        format!("aws:SourceIp with private range {}", short_list(&shown, 3)),
        format!(
            "aws:SourceIp holds the public address a request comes from, so {effect}. For \
             requests through a VPC endpoint use aws:VpcSourceIp, aws:SourceVpc or \
             aws:SourceVpce."
        ),
    );
}

/// Whether an action lists the key among its request or resource condition keys.
fn supports(action: &Action, key: &str) -> bool {
    action.condition_keys().any(|k| k.matches(key))
        || action.resources().iter().any(|r| {
            r.condition_keys().any(|k| k.matches(key))
                || r.resource_type().condition_keys().any(|k| k.matches(key))
        })
}

/// Whether an absent key makes the condition true: negated operators, IfExists and
/// ForAllValues.
fn absent_makes_true(operator: &Operator) -> bool {
    operator.is_negated()
        || operator.if_exists
        || operator.qualifier == Some(Qualifier::ForAllValues)
}

/// Whether any action of the key's service lists the key. The catalogue defines a few service
/// keys without attaching them to actions (e.g. `secretsmanager:ResourceTag/…`); for those it
/// cannot tell which actions support them.
fn attached_anywhere(key_name: &str) -> bool {
    let service = key_name
        .split_once(':')
        .and_then(|(prefix, _)| crate::catalog::service(prefix));
    service.is_some_and(|service| service.actions().iter().any(|a| supports(a, key_name)))
}

/// Keys that some actions of the statement do not support: the key is absent from their
/// requests, so (for operators that need the key) an Allow never allows and a Deny never
/// denies them. Global keys other than the tag keys are in every request and not checked.
fn check_support(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    operator: &Operator,
    key_name: &str,
    key: Key,
    location: &Location,
    out: &mut Findings,
) {
    let applies = match key {
        Key::Service(_) => true,
        Key::Global(_) => keys::is_tag_key(key_name),
        Key::External => false,
    };
    if !applies || !actions.is_action() || operator.family == Family::Null {
        return;
    }
    let unsupported: Vec<&str> = actions
        .items
        .iter()
        .filter(|item| match item.kind {
            ActionKind::Exact(action) => !supports(action, key_name),
            ActionKind::Pattern => !ActionList::expand(item).any(|a| supports(a, key_name)),
            ActionKind::All | ActionKind::Invalid => false,
        })
        .map(|item| item.text.as_str())
        .collect();
    if unsupported.is_empty() || (matches!(key, Key::Service(_)) && !attached_anywhere(key_name)) {
        return;
    }
    let resource_tag = key_name
        .get(..16)
        .is_some_and(|head| head.eq_ignore_ascii_case("aws:ResourceTag/"));
    // An absent key makes negated, IfExists and ForAllValues conditions true, others false.
    let absent_true = absent_makes_true(operator);
    let (check, consequence) = match (ctx.effect, resource_tag && !absent_true, absent_true) {
        (Some(Effect::Allow), true, _) => (&CONDITION_TAG_UNSUPPORTED_ALLOW, "never allows them"),
        (Some(Effect::Deny), true, _) => (&CONDITION_TAG_UNSUPPORTED_DENY, "never denies them"),
        (Some(Effect::Allow), false, false) => (&CONDITION_KEY_UNSUPPORTED, "never allows them"),
        (Some(Effect::Deny), false, false) => (&CONDITION_KEY_UNSUPPORTED, "never denies them"),
        (Some(Effect::Allow), false, true) => (
            &CONDITION_KEY_UNSUPPORTED,
            "allows them whatever the condition says",
        ),
        (Some(Effect::Deny), false, true) => (
            &CONDITION_KEY_UNSUPPORTED,
            "denies them whatever the condition says",
        ),
        (None, _, _) => return,
    };
    out.add(
        check,
        location.clone(),
        format!(
            "{} is not supported by {}",
            quoted(key_name),
            short_list(&unsupported, 3)
        ),
        format!(
            "The key is absent from the requests of these actions, so this statement \
             {consequence}. Move them to a statement without this condition, or use a key \
             they support."
        ),
    );
}
