//! Grants that are broader than they look: everything on everything, a whole service on every
//! resource, permissions management, Allow with NotAction/NotResource, and iam:PassRole and
//! iam:CreateServiceLinkedRole on every role.

use super::actions::{ActionKind, ActionList};
use super::codes::{
    ALLOW_NOT_ACTION, ALLOW_NOT_RESOURCE, CREATE_SLR_NOT_ACTION_NOT_RESOURCE,
    CREATE_SLR_NOT_ACTION_STAR, CREATE_SLR_NOT_RESOURCE, CREATE_SLR_STAR_ACTION_NOT_RESOURCE,
    CREATE_SLR_STAR_ACTION_RESOURCE, CREATE_SLR_STAR_RESOURCE, FULL_ACCESS,
    PASS_ROLE_NOT_ACTION_NOT_RESOURCE, PASS_ROLE_NOT_ACTION_STAR, PASS_ROLE_NOT_RESOURCE,
    PASS_ROLE_STAR_ACTION_NOT_RESOURCE, PASS_ROLE_STAR_ACTION_RESOURCE, PASS_ROLE_STAR_RESOURCE,
    PERMISSIONS_MANAGEMENT, SERVICE_FULL_ACCESS,
};
use super::operators::{Operator, Qualifier};
use super::{glob, quoted, short_list_of, Collector, Ctx, PolicyType};
use crate::analysis::finding::{CodeInfo, Finding};
use crate::catalog::{AccessLevel, Action};
use crate::policy::{Effect, Field, Location};

/// Checks one statement.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Collector) {
    if ctx.effect != Some(Effect::Allow) || ctx.policy_type == PolicyType::Trust {
        return;
    }
    let statement = ctx.statement;
    if let Some(list) = &statement.not_action {
        out.add(
            &ALLOW_NOT_ACTION,
            ctx.at(Field::NotAction).with_span(list.span),
            "Allow with NotAction".to_string(),
            "This allows every action not listed, in every service, including actions AWS \
             adds later. List the allowed actions in Action instead."
                .to_string(),
        );
    }
    if let Some(list) = &statement.not_resource {
        out.add(
            &ALLOW_NOT_RESOURCE,
            ctx.at(Field::NotResource).with_span(list.span),
            "Allow with NotResource".to_string(),
            "This allows the actions on every resource not listed, including resources created \
             later. List the allowed resources in Resource instead."
                .to_string(),
        );
    }
    let Some(actions) = actions else { return };
    let first = out.len();
    check_grants(ctx, actions, out);
    merge_consequences(out, first);
}

/// Findings that follow from a broader one on the same Action entry: `*` on `*` also allows
/// iam:PassRole and iam:CreateServiceLinkedRole, `iam:*` on `*` also permissions management.
const CONSEQUENCES: [&CodeInfo; 3] = [
    &PERMISSIONS_MANAGEMENT,
    &PASS_ROLE_STAR_ACTION_RESOURCE,
    &CREATE_SLR_STAR_ACTION_RESOURCE,
];

/// Reports one root cause once: a full-access finding (from `first` on) absorbs the findings of
/// [`CONSEQUENCES`] at the same Action entry, which its detail then names.
fn merge_consequences(out: &mut Collector, first: usize) {
    let is_root = |f: &Finding| [FULL_ACCESS.code, SERVICE_FULL_ACCESS.code].contains(&f.code);
    let tail = out.list.split_off(first.min(out.list.len()));
    let roots: Vec<Location> = tail
        .iter()
        .filter(|f| is_root(f))
        .map(|f| f.location.clone())
        .collect();
    let (absorbed, mut kept): (Vec<Finding>, Vec<Finding>) = tail.into_iter().partition(|f| {
        CONSEQUENCES.iter().any(|c| c.code == f.code)
            && roots.iter().any(|at| same_entry(at, &f.location))
    });
    // Each absorbed finding goes to the first root at its entry, in the order found.
    let mut absorbed: Vec<Option<Finding>> = absorbed.into_iter().map(Some).collect();
    for root in kept.iter_mut().filter(|f| is_root(f)) {
        let also: Vec<String> = absorbed
            .iter_mut()
            .filter(|m| {
                m.as_ref()
                    .is_some_and(|m| same_entry(&m.location, &root.location))
            })
            .filter_map(Option::take)
            .map(|m| format!("{} ({})", m.message, m.code))
            .collect();
        if !also.is_empty() {
            root.detail = format!(
                "{} It covers these findings too: {}.",
                root.detail,
                also.join("; ")
            );
        }
    }
    out.list.extend(kept);
}

/// Whether two findings point at the same Action entry of the same statement.
fn same_entry(a: &Location, b: &Location) -> bool {
    a.statement == b.statement && a.field == b.field && a.element == b.element
}

fn check_grants(ctx: &Ctx<'_>, actions: &ActionList<'_>, out: &mut Collector) {
    let statement = ctx.statement;
    let star = statement
        .resource
        .as_ref()
        .is_some_and(|list| list.strings().any(|r| r == "*"));
    if actions.is_action() {
        if star {
            check_wildcards(ctx, actions, out);
        }
        check_permissions_management(ctx, actions, star, out);
    }
    for role in [&PASS_ROLE, &CREATE_SLR] {
        check_role_action(ctx, actions, star, role, out);
    }
}

fn check_wildcards(ctx: &Ctx<'_>, actions: &ActionList<'_>, out: &mut Collector) {
    for item in &actions.items {
        let text = item.text.as_str();
        if matches!(item.kind, ActionKind::All) {
            out.add(
                &FULL_ACCESS,
                ctx.at_item(Field::Action, item.element, item.text),
                "Allow \"*\" on \"*\" grants every action on every resource".to_string(),
                "This makes the principal an administrator. List the actions it needs, e.g. \
                 \"rekognition:DetectLabels\"."
                    .to_string(),
            );
        } else if let Some(service) = text.strip_suffix(":*") {
            if matches!(item.kind, ActionKind::Pattern) && !service.contains(['*', '?']) {
                out.add(
                    &SERVICE_FULL_ACCESS,
                    ctx.at_item(Field::Action, item.element, item.text),
                    format!("Allow {} on \"*\" grants all of {service}", quoted(text)),
                    format!(
                        "Every {service} action on every resource is allowed, including \
                         actions AWS adds later. List the actions needed (e.g. \
                         {service}:Describe*, {service}:List*) and scope Resource."
                    ),
                );
            }
        }
    }
}

fn check_permissions_management(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    unscoped: bool,
    out: &mut Collector,
) {
    if !unscoped && ctx.statement.not_resource.is_none() {
        return;
    }
    for item in &actions.items {
        if matches!(item.kind, ActionKind::All) {
            continue;
        }
        let managing: Vec<&Action> = ActionList::expand_where(item, |a| {
            a.access_level() == AccessLevel::PermissionsManagement
        })
        .collect();
        if managing.is_empty() {
            continue;
        }
        out.add(
            &PERMISSIONS_MANAGEMENT,
            ctx.at_item(Field::Action, item.element, item.text),
            format!(
                "{} allows permissions management on every resource",
                quoted(item.text.as_str())
            ),
            format!(
                "{} can change who may access resources. Scope Resource to the resources \
                 meant, or leave these actions out.",
                short_list_of(managing.iter().map(|a| a.full_name()), 3)
            ),
        );
    }
}

/// The action a role check is about, with its restricting condition key and checks.
struct RoleAction {
    action: &'static str,
    key: &'static str,
    star_resource: &'static CodeInfo,
    star_action_and_resource: &'static CodeInfo,
    not_action_star: &'static CodeInfo,
    not_resource: &'static CodeInfo,
    star_action_not_resource: &'static CodeInfo,
    not_action_not_resource: &'static CodeInfo,
    risk: &'static str,
    fix: &'static str,
}

const PASS_ROLE: RoleAction = RoleAction {
    action: "iam:PassRole",
    key: "iam:PassedToService",
    star_resource: &PASS_ROLE_STAR_RESOURCE,
    star_action_and_resource: &PASS_ROLE_STAR_ACTION_RESOURCE,
    not_action_star: &PASS_ROLE_NOT_ACTION_STAR,
    not_resource: &PASS_ROLE_NOT_RESOURCE,
    star_action_not_resource: &PASS_ROLE_STAR_ACTION_NOT_RESOURCE,
    not_action_not_resource: &PASS_ROLE_NOT_ACTION_NOT_RESOURCE,
    risk: "hand any role, including administrator roles, to a service",
    fix:
        "name the roles in Resource (arn:aws:iam::123456789012:role/name) or add \
          \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"<service>.amazonaws.com\"}}",
};

const CREATE_SLR: RoleAction = RoleAction {
    action: "iam:CreateServiceLinkedRole",
    key: "iam:AWSServiceName",
    star_resource: &CREATE_SLR_STAR_RESOURCE,
    star_action_and_resource: &CREATE_SLR_STAR_ACTION_RESOURCE,
    not_action_star: &CREATE_SLR_NOT_ACTION_STAR,
    not_resource: &CREATE_SLR_NOT_RESOURCE,
    star_action_not_resource: &CREATE_SLR_STAR_ACTION_NOT_RESOURCE,
    not_action_not_resource: &CREATE_SLR_NOT_ACTION_NOT_RESOURCE,
    risk: "create service-linked roles for any service",
    fix: "name the service-linked role ARNs in Resource or add \"Condition\": \
          {\"StringEquals\": {\"iam:AWSServiceName\": \"<service>.amazonaws.com\"}}",
};

/// Whether the statement's condition limits the role action to named services: a positive
/// string comparison of the key (not ForAllValues, which an absent key satisfies) whose values
/// start with a service name rather than a wildcard. `IfExists` still limits: the key is in
/// every request that passes a role or creates a service-linked role.
fn restricted(ctx: &Ctx<'_>, key: &str) -> bool {
    let Some(block) = &ctx.statement.condition else {
        return false;
    };
    block.operators.iter().any(|op| {
        let Some(operator) = Operator::parse(op.name.as_str()) else {
            return false;
        };
        let positive = matches!(
            operator.base,
            "StringEquals" | "StringLike" | "StringEqualsIgnoreCase"
        ) && operator.qualifier != Some(Qualifier::ForAllValues);
        positive
            && op.entries.iter().any(|entry| {
                entry.key.as_str().eq_ignore_ascii_case(key)
                    && !entry.values.is_empty()
                    && entry
                        .values
                        .iter()
                        .all(|v| !v.value.as_text().starts_with(['*', '?']))
            })
    })
}

fn check_role_action(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    star: bool,
    role: &RoleAction,
    out: &mut Collector,
) {
    let not_resource = ctx.statement.not_resource.as_ref();
    if !star && not_resource.is_none() {
        return;
    }
    if not_resource.is_some_and(|list| list.strings().any(|r| r == "*")) {
        return;
    }
    // Which entry grants the action, and how.
    let (check, location) = if actions.is_action() {
        let exact = actions.items.iter().find(|item| {
            matches!(item.kind, ActionKind::Exact(_))
                && item.text.as_str().eq_ignore_ascii_case(role.action)
        });
        let wildcard = actions.items.iter().find(|item| {
            matches!(item.kind, ActionKind::All | ActionKind::Pattern)
                && glob::matches(item.text.as_str(), role.action, true)
        });
        let (item, by_wildcard) = match (wildcard, exact) {
            (Some(item), _) => (item, true),
            (None, Some(item)) => (item, false),
            (None, None) => return,
        };
        let check = match (by_wildcard, star) {
            (false, true) => role.star_resource,
            (true, true) => role.star_action_and_resource,
            (false, false) => role.not_resource,
            (true, false) => role.star_action_not_resource,
        };
        (check, ctx.at_item(Field::Action, item.element, item.text))
    } else {
        let excluded = actions
            .items
            .iter()
            .any(|item| glob::matches(item.text.as_str(), role.action, true));
        if excluded {
            return;
        }
        let check = if star {
            role.not_action_star
        } else {
            role.not_action_not_resource
        };
        let span = ctx.statement.not_action.as_ref().and_then(|l| l.span);
        (check, ctx.at(Field::NotAction).with_span(span))
    };
    if restricted(ctx, role.key) {
        return;
    }
    let scope = if star {
        "on every resource"
    } else {
        "on every resource not in NotResource"
    };
    out.add(
        check,
        location,
        format!("The statement allows {} {scope}", role.action),
        format!(
            "This lets the principal {}. To limit it, {}.",
            role.risk, role.fix
        ),
    );
}
