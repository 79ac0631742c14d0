//! Action and NotAction: format, service and action names against the catalogue (with
//! did-you-mean), patterns that match nothing, wildcards in service names, redundant and
//! duplicate entries, empty lists. The resolved entries are handed to the other checks.

use super::codes::{
    ACTION_EMPTY, ACTION_INVALID_FORMAT, ACTION_NO_MATCH, ACTION_REDUNDANT, ACTION_RETIRED_SERVICE,
    ACTION_UNKNOWN, ACTION_UNKNOWN_SERVICE, ACTION_WILDCARD_SERVICE,
};
use super::{did_you_mean, glob, quoted, variables, Collector, Ctx};
use crate::catalog::{self, Action, Service};
use crate::policy::{Field, StringList, Text};
use crate::suggest;

/// What one entry of Action/NotAction denotes.
#[derive(Debug, Clone, Copy)]
pub(super) enum ActionKind {
    /// `"*"`: every action.
    All,
    /// One action of the catalogue.
    Exact(&'static Action),
    /// A pattern with wildcards that matches at least one action.
    Pattern,
    /// Not an action of the catalogue (already reported).
    Invalid,
    /// An action, or a pattern matching actions, that only the service reference files laid
    /// over the catalogue list (`catalog::overlay`): accepted, but the catalogue has no
    /// resource types or condition keys for the other checks.
    Added,
}

/// One entry of Action/NotAction.
pub(super) struct ActionItem<'a> {
    pub element: usize,
    pub text: &'a Text,
    pub kind: ActionKind,
}

/// The resolved Action (or NotAction) list of a statement.
pub(super) struct ActionList<'a> {
    /// `Field::Action` or `Field::NotAction`.
    pub field: Field,
    pub items: Vec<ActionItem<'a>>,
}

impl ActionList<'_> {
    /// Whether this is Action (not NotAction).
    pub fn is_action(&self) -> bool {
        self.field == Field::Action
    }

    /// Whether every entry was resolved (none unknown), so conclusions about "all actions of
    /// the statement" are sound.
    pub fn all_resolved(&self) -> bool {
        !self
            .items
            .iter()
            .any(|i| matches!(i.kind, ActionKind::Invalid | ActionKind::Added))
    }

    /// Whether some entry is `"*"`.
    pub fn has_all(&self) -> bool {
        self.items.iter().any(|i| matches!(i.kind, ActionKind::All))
    }

    /// The catalogue actions an entry stands for (nothing for `"*"` or invalid entries, whose
    /// callers decide separately).
    pub fn expand<'s>(item: &'s ActionItem<'_>) -> impl Iterator<Item = &'static Action> + 's {
        Self::expand_where(item, |_| true)
    }

    /// The actions of [`ActionList::expand`] that `keep` accepts, asked before patterns are
    /// matched.
    pub fn expand_where<'s>(
        item: &'s ActionItem<'_>,
        keep: impl Fn(&Action) -> bool + Copy + 's,
    ) -> impl Iterator<Item = &'static Action> + 's {
        let exact = match item.kind {
            ActionKind::Exact(action) if keep(action) => Some(action),
            _ => None,
        };
        let pattern = matches!(item.kind, ActionKind::Pattern).then(|| item.text.as_str());
        exact.into_iter().chain(
            pattern.into_iter().flat_map(move |p| {
                catalog::matching_actions_where(p, keep).map(|(_, action)| action)
            }),
        )
    }
}

/// Operation names of AWS APIs that are not IAM action names, with the action that grants
/// them (a fact of the service authorization reference; Rekognition has none: every API
/// operation is also an IAM action of the same name).
const API_OPERATIONS: [(&str, &str, &str); 11] = [
    ("s3", "HeadObject", "GetObject"),
    ("s3", "HeadBucket", "ListBucket"),
    ("s3", "ListObjects", "ListBucket"),
    ("s3", "ListObjectsV2", "ListBucket"),
    ("s3", "ListBuckets", "ListAllMyBuckets"),
    ("s3", "ListObjectVersions", "ListBucketVersions"),
    ("s3", "DeleteObjects", "DeleteObject"),
    ("s3", "CreateMultipartUpload", "PutObject"),
    ("s3", "UploadPart", "PutObject"),
    ("s3", "CompleteMultipartUpload", "PutObject"),
    ("lambda", "Invoke", "InvokeFunction"),
];

/// Whether a service prefix (not in the catalogue) is that of a service AWS no longer lists.
pub(super) fn is_retired_service(prefix: &str) -> bool {
    catalog::retired_service(prefix).is_some()
}

/// Checks Action and NotAction and returns the resolved list (Action if present, else
/// NotAction; `None` when the statement has neither).
pub(super) fn check<'a>(ctx: &Ctx<'a>, out: &mut Collector) -> Option<ActionList<'a>> {
    let mut resolved = None;
    for (field, list) in [
        (Field::NotAction, &ctx.statement.not_action),
        (Field::Action, &ctx.statement.action),
    ] {
        if let Some(list) = list {
            resolved = Some(check_list(ctx, field, list, out));
        }
    }
    resolved
}

fn check_list<'a>(
    ctx: &Ctx<'a>,
    field: Field,
    list: &'a StringList,
    out: &mut Collector,
) -> ActionList<'a> {
    if list.is_empty() {
        out.add(
            &ACTION_EMPTY,
            ctx.at(field).with_span(list.span),
            format!("{field} is an empty list"),
            "The statement affects no action. List actions such as \
             \"rekognition:DetectLabels\", or remove the statement."
                .to_string(),
        );
    }
    let mut services = ServiceMemo::default();
    let items = list
        .iter()
        .enumerate()
        .map(|(element, text)| ActionItem {
            element,
            text,
            kind: resolve(ctx, field, element, text, &mut services, out),
        })
        .collect();
    let resolved = ActionList { field, items };
    check_redundant(ctx, &resolved, out);
    resolved
}

/// The service of the previous entry: the entries of a list mostly share their prefix.
#[derive(Default)]
struct ServiceMemo<'a> {
    last: Option<(&'a str, Option<&'static Service>)>,
}

impl<'a> ServiceMemo<'a> {
    fn service(&mut self, prefix: &'a str) -> Option<&'static Service> {
        match self.last {
            Some((last, service)) if last == prefix => service,
            _ => {
                let service = catalog::service(prefix);
                self.last = Some((prefix, service));
                service
            }
        }
    }
}

fn resolve<'a>(
    ctx: &Ctx<'_>,
    field: Field,
    element: usize,
    text: &'a Text,
    services: &mut ServiceMemo<'a>,
    out: &mut Collector,
) -> ActionKind {
    let location = || ctx.at_item(field, element, text);
    let value = text.as_str();
    let shape = Shape::of(value);
    if shape.dollar && variables::reject(ctx, field, element, text, out) {
        return ActionKind::Invalid;
    }
    if value == "*" {
        return ActionKind::All;
    }
    let Some((prefix, name)) = shape.colon.map(|at| value.split_at(at)) else {
        invalid_format(value, location(), out);
        return ActionKind::Invalid;
    };
    let name = name.get(1..).unwrap_or("");
    if prefix.is_empty() || name.is_empty() || shape.second_colon || shape.space {
        invalid_format(value, location(), out);
        return ActionKind::Invalid;
    }
    if shape.wild_prefix {
        out.add(
            &ACTION_WILDCARD_SERVICE,
            location(),
            format!("Wildcard in the service name of {}", quoted(value)),
            "A wildcard in the service prefix can match actions of other services with similar \
             names, now or in future. Write the service prefix out, e.g. \"rekognition:Get*\"."
                .to_string(),
        );
        return pattern_kind(value, None, location(), out);
    }
    let Some(service) = services.service(prefix) else {
        if let Some(kind) = added(prefix, name, shape.wild_name) {
            return kind;
        }
        if let Some(retired) = catalog::retired_service(prefix) {
            out.add(
                &ACTION_RETIRED_SERVICE,
                location(),
                format!("Action {} belongs to a discontinued service", quoted(value)),
                format!(
                    "{} ({}) is no longer in AWS's Service Authorization Reference (last seen \
                     in {}): AWS discontinued it, so the entry grants nothing. Remove it.",
                    retired.name,
                    quoted(prefix),
                    retired.source
                ),
            );
        } else {
            unknown_service(prefix, name, value, location(), out);
        }
        return ActionKind::Invalid;
    };
    if shape.wild_name {
        return pattern_kind(value, Some(service), location(), out);
    }
    match service.action(name) {
        Some(action) => ActionKind::Exact(action),
        None if added(prefix, name, false).is_some() => ActionKind::Added,
        None => {
            unknown_action(service, name, value, location(), out);
            ActionKind::Invalid
        }
    }
}

/// What one pass over an Action entry finds, for the checks of [`resolve`]: a long list is
/// resolved entry by entry, and separate searches for each character cost more than the lookup.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    /// Offset of the first `:`.
    colon: Option<usize>,
    /// Whether another `:` follows it.
    second_colon: bool,
    space: bool,
    /// Whether `*` or `?` occurs before the first `:` (or anywhere, without one).
    wild_prefix: bool,
    /// Whether `*` or `?` occurs after the first `:`.
    wild_name: bool,
    /// Whether `$` occurs (a policy variable is possible).
    dollar: bool,
}

impl Shape {
    fn of(value: &str) -> Self {
        let mut shape = Shape::default();
        for (at, byte) in value.bytes().enumerate() {
            match byte {
                b':' if shape.colon.is_none() => shape.colon = Some(at),
                b':' => shape.second_colon = true,
                b' ' => shape.space = true,
                b'*' | b'?' if shape.colon.is_none() => shape.wild_prefix = true,
                b'*' | b'?' => shape.wild_name = true,
                b'$' => shape.dollar = true,
                _ => {}
            }
        }
        shape
    }
}

fn invalid_format(value: &str, location: crate::policy::Location, out: &mut Collector) {
    let as_prefix = catalog::service(value.trim_end_matches(':'));
    let detail = match as_prefix {
        Some(service) => format!(
            "An action is written service:Action. For every action of the service write \
             \"{0}:*\", or name one, e.g. \"{0}:{1}\".",
            service.prefix(),
            service.actions().first().map_or("Action", |a| a.name())
        ),
        None => "An action is written service:Action, e.g. \"rekognition:DetectLabels\", or \
                 \"*\" for every action."
            .to_string(),
    };
    out.add(
        &ACTION_INVALID_FORMAT,
        location,
        format!("Invalid action {}", quoted(value)),
        detail,
    );
}

/// [`ActionKind::Added`] when the service reference files laid over the catalogue list the
/// action, or an action the name pattern matches.
fn added(prefix: &str, name: &str, pattern: bool) -> Option<ActionKind> {
    let listed = if pattern {
        catalog::overlay::matches_pattern(prefix, name)
    } else {
        catalog::overlay::action(prefix, name).is_some()
    };
    listed.then_some(ActionKind::Added)
}

/// How to make a newer action known, for the detail of findings about unknown actions.
fn newer_data_hint(suggested: bool) -> String {
    // A near miss is most likely a typo, and its did-you-mean is the fix.
    if suggested {
        return String::new();
    }
    format!(
        " Checked against the IAM catalogue of {}; if AWS added it later, lay AWS's service \
         reference file over the catalogue (provider argument service_reference_directory, \
         check --service-reference-dir).",
        catalog::overlay::describe()
    )
}

fn pattern_kind(
    value: &str,
    service: Option<&Service>,
    location: crate::policy::Location,
    out: &mut Collector,
) -> ActionKind {
    if catalog::matching_actions(value).next().is_some() {
        return ActionKind::Pattern;
    }
    if let Some((prefix, name)) = value.split_once(':') {
        if let Some(kind) = added(prefix, name, true) {
            return kind;
        }
    }
    let suggestion = service.and_then(|service| {
        let literal: String = value
            .split_once(':')
            .map_or(value, |(_, name)| name)
            .chars()
            .filter(|c| !matches!(c, '*' | '?'))
            .collect();
        suggest::closest(&literal, service.actions().iter().map(|a| a.name()))
            .map(|name| format!("{}:{name}", service.prefix()))
    });
    let scope = service.map_or("any service".to_string(), |s| quoted(s.prefix()));
    out.add(
        &ACTION_NO_MATCH,
        location,
        format!("Action pattern {} matches no action", quoted(value)),
        format!(
            "{}No action of {scope} fits the pattern, so the entry grants or denies nothing. \
             Check the spelling against the service's actions.{}",
            did_you_mean(suggestion.as_deref()),
            newer_data_hint(suggestion.is_some())
        ),
    );
    ActionKind::Invalid
}

fn unknown_service(
    prefix: &str,
    name: &str,
    value: &str,
    location: crate::policy::Location,
    out: &mut Collector,
) {
    let closest = suggest::closest(prefix, catalog::services().iter().map(|s| s.prefix()));
    let suggestion = closest.map(|p| match catalog::service(p).and_then(|s| s.action(name)) {
        Some(action) => action.full_name(),
        None => format!("{p}:{name}"),
    });
    out.add(
        &ACTION_UNKNOWN_SERVICE,
        location,
        format!(
            "Unknown service {} in action {}",
            quoted(prefix),
            quoted(value)
        ),
        format!(
            "{}{} is not an IAM service prefix; IAM ignores the entry.{}",
            did_you_mean(suggestion.as_deref()),
            quoted(prefix),
            newer_data_hint(suggestion.is_some())
        ),
    );
}

fn unknown_action(
    service: &Service,
    name: &str,
    value: &str,
    location: crate::policy::Location,
    out: &mut Collector,
) {
    let operation = API_OPERATIONS
        .iter()
        .find(|(p, op, _)| service.prefix() == *p && op.eq_ignore_ascii_case(name));
    let detail = match operation {
        Some((prefix, op, action)) => format!(
            "{op} is an API operation name, not an IAM action: IAM authorizes it with \
             \"{prefix}:{action}\"."
        ),
        None => {
            let closest = suggest::closest(name, service.actions().iter().map(|a| a.name()));
            let suggestion = closest.map(|n| format!("{}:{n}", service.prefix()));
            format!(
                "{}{} has no action {}; IAM ignores the entry.{}",
                did_you_mean(suggestion.as_deref()),
                service.prefix(),
                quoted(name),
                newer_data_hint(suggestion.is_some())
            )
        }
    };
    out.add(
        &ACTION_UNKNOWN,
        location,
        format!("Unknown action {}", quoted(value)),
        detail,
    );
}

/// Duplicates and entries covered by a wildcard entry of the same list.
fn check_redundant(ctx: &Ctx<'_>, list: &ActionList<'_>, out: &mut Collector) {
    let items = &list.items;
    if items.len() < 2 {
        return; // nothing to repeat or cover
    }
    let texts: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
    let covered_by = glob::redundant(&texts, true);
    let text = |i: usize| texts.get(i).copied().unwrap_or("");
    for (j, cover) in covered_by.iter().enumerate() {
        let (Some(k), Some(item)) = (cover, items.get(j)) else {
            continue;
        };
        let (this, other) = (text(j), text(*k));
        let field = list.field;
        let (message, detail) = if this.eq_ignore_ascii_case(other) {
            (
                format!("Action {} is listed twice", quoted(this)),
                format!("Remove this second {} from {field}.", quoted(this)),
            )
        } else {
            (
                format!("Action {} is covered by {}", quoted(this), quoted(other)),
                format!(
                    "Remove {} from {field}: {} already matches it.",
                    quoted(this),
                    quoted(other)
                ),
            )
        };
        out.add(
            &ACTION_REDUNDANT,
            ctx.at_item(field, item.element, item.text),
            message,
            detail,
        );
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Shape;
    use crate::policy::has_wildcard;

    proptest! {
        #[test]
        fn shape_agrees_with_separate_searches(value in "[a-z:*? $A-Z]{0,12}") {
            let shape = Shape::of(&value);
            let split = value.split_once(':');
            prop_assert_eq!(shape.colon, value.find(':'));
            prop_assert_eq!(shape.second_colon, split.is_some_and(|(_, name)| name.contains(':')));
            prop_assert_eq!(shape.space, value.contains(' '));
            prop_assert_eq!(shape.wild_prefix, has_wildcard(split.map_or(value.as_str(), |(p, _)| p)));
            prop_assert_eq!(shape.wild_name, split.is_some_and(|(_, name)| has_wildcard(name)));
            prop_assert_eq!(shape.dollar, value.contains('$'));
        }
    }
}
