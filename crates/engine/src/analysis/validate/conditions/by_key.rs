//! Checks that depend on the condition key: operator against the key's type, set qualifiers,
//! and the values of aws:SourceIp, aws:SourceVpc(e), aws:CalledVia and
//! aws:MultiFactorAuthPresent.

use super::{at_key, at_value, text_of};
use crate::analysis::validate::codes::{
    CONDITION_FOR_ALL_SINGLE, CONDITION_INVALID_SERVICE_PRINCIPAL, CONDITION_INVALID_VPC,
    CONDITION_INVALID_VPCE, CONDITION_MFA_FALSE, CONDITION_MISSING_QUALIFIER, CONDITION_PRIVATE_IP,
    CONDITION_PRIVATE_IP_SUBSET, CONDITION_PRIVATE_NOT_IP, CONDITION_PRIVATE_NOT_IP_SUBSET,
    CONDITION_STRING_ON_ARN, CONDITION_TYPE_MISMATCH,
};
use crate::analysis::validate::keys::Key;
use crate::analysis::validate::operators::{Family, Operator, Qualifier};
use crate::analysis::validate::{quoted, short_list, values, variables, Collector, Ctx, Quoted};
use crate::catalog::ConditionValueType;
use crate::policy::{ConditionEntry, ConditionOperator, Effect, Location};

/// Checks of operator against the key's type.
pub(super) fn check_types(
    operator: &Operator,
    op: &ConditionOperator,
    key_name: &str,
    key: Key,
    value_type: ConditionValueType,
    location: &Location,
    out: &mut Collector,
) {
    let name = op.name.as_str();
    let shown = Quoted(key_name);
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
pub(super) fn check_key_values(
    ctx: &Ctx<'_>,
    operator: &Operator,
    op: &ConditionOperator,
    entry: &ConditionEntry,
    key: &str,
    out: &mut Collector,
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
    out: &mut Collector,
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
