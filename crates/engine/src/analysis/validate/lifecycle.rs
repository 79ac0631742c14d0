//! Actions of features AWS has ended or closed to new customers (`catalog::feature_lifecycle`).
//!
//! Only Allow statements are checked, and only entries that name the action exactly: a Deny of
//! a retired feature harms nothing, and a wildcard such as `rekognition:*` or `rekognition:Get*`
//! is written for the actions that work, so warning on everything it happens to match would
//! be noise on nearly every broad policy (AWS's own managed policies included).

use super::actions::{ActionKind, ActionList};
use super::codes::{LIFECYCLE_CLOSED, LIFECYCLE_END_OF_SUPPORT};
use super::{quoted, Collector, Ctx};
use crate::catalog::{feature_lifecycle, Availability};
use crate::policy::Effect;

/// Reports each exact Allow action entry of an ended or closed feature.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Collector) {
    let Some(list) = actions else { return };
    if !list.is_action() || ctx.effect != Some(Effect::Allow) {
        return;
    }
    for item in &list.items {
        if !matches!(item.kind, ActionKind::Exact(_)) {
            continue;
        }
        let Some((prefix, name)) = item.text.as_str().split_once(':') else {
            continue;
        };
        let Some(row) = feature_lifecycle(prefix, name) else {
            continue;
        };
        let location = ctx.at_item(list.field, item.element, item.text);
        let (check, message, consequence) = match row.availability {
            Availability::Ended => (
                &LIFECYCLE_END_OF_SUPPORT,
                format!(
                    "Action {} belongs to {}, which AWS stopped supporting on {}",
                    quoted(row.action),
                    row.feature,
                    row.date
                ),
                "Calls to it fail since that date, so the grant does nothing. Remove the action; \
                 AWS's announcement names the alternatives",
            ),
            Availability::ClosedToNewCustomers => (
                &LIFECYCLE_CLOSED,
                format!(
                    "Action {} belongs to {}, closed to new customers since {}",
                    quoted(row.action),
                    row.feature,
                    row.date
                ),
                "Only accounts that already used the feature can still call it; for any other \
                 account the grant does nothing. Keep it only for such an account; AWS's \
                 announcement names the terms and the alternatives",
            ),
        };
        out.add(
            check,
            location,
            message,
            format!("{consequence}: {}", row.announcement),
        );
    }
}
