//! Resource and NotResource: ARN syntax (prefix, fields, partition, service, region, account),
//! where the resource types of the service allow a region or account, whether resources and
//! actions fit each other, redundant entries, empty lists and unscoped `"*"`.

use crate::analysis::validate::actions::{ActionKind, ActionList};
use crate::analysis::validate::codes::{
    RESOURCE_EMPTY, RESOURCE_REDUNDANT, RESOURCE_STAR_SCOPABLE,
};
use crate::analysis::validate::{
    glob, quoted, short_list_of, variables, Collector, Ctx, PolicyType,
};
use crate::catalog::Action;
use crate::policy::{Effect, Field, StringList};

mod fit;
mod syntax;

/// Checks Resource and NotResource of one statement.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Collector) {
    // Resources with a syntax error, left out of the fit checks to report one mistake once.
    let mut reported: Vec<usize> = Vec::new();
    for (field, list) in [
        (Field::Resource, &ctx.statement.resource),
        (Field::NotResource, &ctx.statement.not_resource),
    ] {
        let Some(list) = list else { continue };
        if list.is_empty() {
            out.add(
                &RESOURCE_EMPTY,
                ctx.at(field).with_span(list.span),
                format!("{field} is an empty list"),
                "The statement affects no resource. List ARNs, or \"*\" for actions that do \
                 not support resource-level permissions."
                    .to_string(),
            );
        }
        for (element, text) in list.iter().enumerate() {
            let location = ctx.at_item(field, element, text);
            variables::check(ctx, &location, text.as_str(), out);
            if ctx.policy_type == PolicyType::Resource && is_execute_api_shorthand(text.as_str()) {
                continue;
            }
            let before = out.len();
            syntax::check_syntax(text.as_str(), location, out);
            if out.len() > before && field == Field::Resource {
                reported.push(element);
            }
        }
        check_redundant(ctx, field, list, out);
    }
    let (Some(resources), Some(actions)) = (&ctx.statement.resource, actions) else {
        return;
    };
    let applies = ctx.policy_type != PolicyType::Trust;
    if applies && actions.is_action() && ctx.statement.not_resource.is_none() {
        fit::check_fit(ctx, actions, resources, &reported, out);
        check_star(ctx, actions, resources, out);
    }
}

/// Services whose resource policies omit Resource: the policy is set on one repository and
/// applies to it. The Amazon ECR user guide's private and public repository policy examples
/// have no Resource element, and ECR rejects a Resource naming another repository. Other
/// services' resource policies (S3, SNS, SQS, KMS, Secrets Manager, API Gateway, Lambda's
/// JSON form) show Resource in their documented examples, so there it stays required.
const RESOURCE_IMPLIED_BY: [&str; 2] = ["ecr", "ecr-public"];

/// Whether a resource-policy statement may leave out Resource: every action (and at least
/// one) is of a service of [`RESOURCE_IMPLIED_BY`].
pub(super) fn resource_implied(ctx: &Ctx<'_>) -> bool {
    if ctx.policy_type != PolicyType::Resource {
        return false;
    }
    let Some(actions) = ctx
        .statement
        .action
        .as_ref()
        .or(ctx.statement.not_action.as_ref())
    else {
        return false;
    };
    !actions.is_empty()
        && actions.strings().all(|action| {
            action.split_once(':').is_some_and(|(prefix, _)| {
                RESOURCE_IMPLIED_BY
                    .iter()
                    .any(|service| service.eq_ignore_ascii_case(prefix))
            })
        })
}

/// API Gateway's shorthand for the API a resource policy is attached to:
/// `execute-api:/stage/METHOD/path` (`execute-api:/*` for all of it). API Gateway documents it
/// for its resource policies and expands it to the full `arn:aws:execute-api:...` ARN when the
/// policy is saved, so it is not a malformed ARN there.
fn is_execute_api_shorthand(value: &str) -> bool {
    value.starts_with("execute-api:/")
}

fn check_redundant(ctx: &Ctx<'_>, field: Field, list: &StringList, out: &mut Collector) {
    if list.len() < 2 {
        return; // nothing to repeat or cover
    }
    let texts: Vec<&str> = list.strings().collect();
    for (j, cover) in glob::redundant(&texts, false).iter().enumerate() {
        let (Some(k), Some(text)) = (cover, list.items.get(j)) else {
            continue;
        };
        let (this, other) = (text.as_str(), texts.get(*k).copied().unwrap_or(""));
        let (message, detail) = if this == other {
            (
                format!("Resource {} is listed twice", quoted(this)),
                format!("Remove this second {} from {field}.", quoted(this)),
            )
        } else {
            (
                format!("Resource {} is covered by {}", quoted(this), quoted(other)),
                format!(
                    "Remove {} from {field}: {} already matches it (a * also matches / and :).",
                    quoted(this),
                    quoted(other)
                ),
            )
        };
        out.add(
            &RESOURCE_REDUNDANT,
            ctx.at_item(field, j, text),
            message,
            detail,
        );
    }
}

/// Allow on `"*"` for actions that support resource-level permissions.
fn check_star(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    resources: &StringList,
    out: &mut Collector,
) {
    if ctx.effect != Some(Effect::Allow) {
        return;
    }
    let Some((element, star)) = resources
        .iter()
        .enumerate()
        .find(|(_, r)| r.as_str() == "*")
    else {
        return;
    };
    let scopable: Vec<&'static Action> = actions
        .items
        .iter()
        .filter_map(|item| match item.kind {
            ActionKind::Exact(action) if !action.resources().is_empty() => Some(action),
            _ => None,
        })
        .collect();
    let Some(first) = scopable.first() else {
        return;
    };

    let example = first
        .resources()
        .first()
        .and_then(|r| r.resource_type().arn_formats().next())
        .unwrap_or("");
    out.add(
        &RESOURCE_STAR_SCOPABLE,
        ctx.at_item(Field::Resource, element, star),
        format!(
            "Resource \"*\" allows {} on every resource",
            short_list_of(scopable.iter().map(|a| a.full_name()), 3)
        ),
        format!(
            "These actions support resource-level permissions: list the resources they need, \
             e.g. {example}, to grant less (actions that support only \"*\" can stay in a \
             statement of their own)."
        ),
    );
}
