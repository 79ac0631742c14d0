//! Whether the statement's actions support a condition key at all.

use crate::analysis::validate::actions::{ActionKind, ActionList};
use crate::analysis::validate::codes::{
    CONDITION_KEY_UNSUPPORTED, CONDITION_TAG_UNSUPPORTED_ALLOW, CONDITION_TAG_UNSUPPORTED_DENY,
};
use crate::analysis::validate::keys::{self, Key};
use crate::analysis::validate::operators::{Family, Operator, Qualifier};
use crate::analysis::validate::{quoted, short_list, Collector, Ctx};
use crate::catalog::Action;
use crate::policy::{Effect, Location};

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
pub(super) fn check_support(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    operator: &Operator,
    key_name: &str,
    key: Key,
    location: &Location,
    out: &mut Collector,
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
            ActionKind::All | ActionKind::Invalid | ActionKind::Added => false,
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
    // IfExists and ForAllValues say "when the key is there": their authors expect requests
    // without it, so an action whose requests lack the key is what they meant, not a mistake.
    if operator.if_exists || operator.qualifier == Some(Qualifier::ForAllValues) {
        return;
    }
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
