//! Whether the statement's actions and resources fit each other: actions none of the resources
//! can name, and resources none of the actions can be scoped to.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::analysis::validate::actions::{ActionKind, ActionList};
use crate::analysis::validate::arn::ArnProbe;
use crate::analysis::validate::codes::{ACTION_NO_MATCHING_RESOURCE, RESOURCE_NO_MATCHING_ACTION};
use crate::analysis::validate::{arn, glob, quoted, short_list, Collector, Ctx};
use crate::catalog::{Action, ResourceType};
use crate::policy::{resource_matches, Effect, Field, StringList, Text};

/// One Resource entry, parsed once for the fit checks.
struct Entry<'a> {
    text: &'a str,
    /// The ARN fields, for entries that are ARNs with six fields.
    arn: Option<ArnProbe<'a>>,
    /// Whether the entry matches the literal `*` that actions without resource-level
    /// permissions are authorized against.
    covers_star: bool,
    /// Whether the entry is the all-of-S3 pattern `arn:<partition>:s3:::*`.
    all_of_s3: bool,
}

impl<'a> Entry<'a> {
    /// An entry; one with a reported syntax error is treated like a non-ARN.
    fn new(text: &'a str, reported: bool) -> Self {
        Entry {
            text,
            arn: (!reported && text.starts_with("arn:"))
                .then(|| arn::split(text).map(|(_, a)| ArnProbe::new(a)))
                .flatten(),
            // A pattern that matches the literal `*` begins with a wildcard.
            covers_star: text.starts_with(['*', '?']) && resource_matches(text, "*"),
            all_of_s3: text.starts_with("arn:")
                && arn::split(text).is_some_and(|(_, a)| {
                    a.service == "s3"
                        && a.region.is_empty()
                        && a.account.is_empty()
                        && a.resource == "*"
                }),
        }
    }
}

/// Whether resource types fit resource entries, remembered per statement since many actions
/// share their resource types.
struct FitCache<'e, 'a> {
    entries: &'e [Entry<'a>],
    known: HashMap<(usize, usize), bool, BuildHasherDefault<PairHasher>>,
}

/// A hasher for the cache's (address, index) keys: SipHash's resistance to crafted keys is
/// not needed for addresses of static tables, and it costs more than the lookup it saves.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

impl FitCache<'_, '_> {
    /// Whether entry `index` can name a resource of the action. Entries that are not ARNs
    /// (and so already reported) count as fitting, to report one mistake once.
    fn fits(&mut self, action: &Action, index: usize) -> bool {
        let Some(entry) = self.entries.get(index) else {
            return true;
        };
        if action.resources().is_empty() {
            // S3's account-level actions (s3:ListAllMyBuckets, s3:GetAccountPublicAccessBlock,
            // ...) list no resource type, yet AWS's S3 user guide grants them on
            // "arn:aws:s3:::*" and that works: S3 authorizes them against an ARN of the s3
            // service, which the all-of-S3 pattern matches. So that entry fits them too.
            let s3_account_level = entry.all_of_s3 && action.service().prefix() == "s3";
            return entry.covers_star || entry.arn.is_none() || s3_account_level;
        }
        let Some(parsed) = &entry.arn else {
            return true;
        };
        action.resources().iter().any(|r| {
            let resource_type = r.resource_type();
            let key = (std::ptr::from_ref(resource_type) as usize, index);
            *self
                .known
                .entry(key)
                .or_insert_with(|| arn::matches_type(resource_type, entry.text, parsed))
        })
    }
}

fn effect_verb(ctx: &Ctx<'_>) -> &'static str {
    match ctx.effect {
        Some(Effect::Deny) => "denies",
        _ => "grants",
    }
}

/// Actions whose resource types none of the resources fit, and resources no action fits.
pub(super) fn check_fit(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    resources: &StringList,
    reported: &[usize],
    out: &mut Collector,
) {
    if !actions.all_resolved() || actions.has_all() || resources.is_empty() {
        return;
    }
    let verb = effect_verb(ctx);
    let entries: Vec<Entry<'_>> = resources
        .strings()
        .enumerate()
        .map(|(index, text)| Entry::new(text, reported.contains(&index)))
        .collect();
    let mut cache = FitCache {
        entries: &entries,
        known: HashMap::default(),
    };
    let mut exact_count = 0;
    let mut exact_failed = 0;
    for item in &actions.items {
        let ActionKind::Exact(action) = item.kind else {
            continue;
        };
        exact_count += 1;
        if (0..entries.len()).any(|index| cache.fits(action, index)) {
            continue;
        }
        exact_failed += 1;
        let name = quoted(item.text.as_str());
        let (message, detail) = if action.resources().is_empty() {
            (
                format!("Action {name} supports only \"Resource\": \"*\""),
                format!(
                    "It has no resource-level permissions, so with these resources the \
                     statement {verb} nothing for it. Move it to a statement with \
                     \"Resource\": \"*\"."
                ),
            )
        } else {
            let types: Vec<&ResourceType> = action
                .resources()
                .iter()
                .map(|r| r.resource_type())
                .collect();
            let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
            let formats: Vec<&str> = types
                .iter()
                .filter_map(|t| t.arn_formats().next())
                .collect();
            (
                format!("Action {name} matches none of the statement's resources"),
                format!(
                    "It applies to {} resources ({}), so the statement {verb} nothing for it. \
                     Add a matching ARN or move the action to another statement.",
                    names.join(" or "),
                    formats.join(", ")
                ),
            )
        };
        out.add(
            &ACTION_NO_MATCHING_RESOURCE,
            ctx.at_item(actions.field, item.element, item.text),
            message,
            detail,
        );
    }
    let has_patterns = actions
        .items
        .iter()
        .any(|i| matches!(i.kind, ActionKind::Pattern));
    if exact_failed == exact_count && !has_patterns {
        // Every action was already reported; the resources add nothing new.
        return;
    }
    let mut pattern_types: Option<Vec<&'static ResourceType>> = None;
    for (element, text) in resources.iter().enumerate() {
        let Some(parsed) = entries.get(element).and_then(|e| e.arn) else {
            continue;
        };
        let exact_fit = actions.items.iter().any(|item| match item.kind {
            ActionKind::Exact(action) => cache.fits(action, element),
            _ => false,
        });
        if exact_fit {
            continue;
        }
        let types = pattern_types.get_or_insert_with(|| types_of_patterns(actions));
        if types
            .iter()
            .any(|t| arn::matches_type(t, text.as_str(), &parsed))
        {
            continue;
        }
        report_unfit_resource(ctx, actions, element, text, out);
    }
}

/// The distinct resource types of the actions the statement's patterns match.
fn types_of_patterns(actions: &ActionList<'_>) -> Vec<&'static ResourceType> {
    let mut types: Vec<&'static ResourceType> = Vec::new();
    for item in &actions.items {
        if !matches!(item.kind, ActionKind::Pattern) {
            continue;
        }
        for action in ActionList::expand(item) {
            for resource in action.resources() {
                let resource_type = resource.resource_type();
                if !types.iter().any(|t| std::ptr::eq(*t, resource_type)) {
                    types.push(resource_type);
                }
            }
        }
    }
    types
}

fn report_unfit_resource(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    element: usize,
    text: &Text,
    out: &mut Collector,
) {
    let names: Vec<&str> = actions.items.iter().map(|i| i.text.as_str()).collect();
    let service = arn::split(text.as_str()).map_or("", |(_, a)| a.service);
    let same_service = names.iter().any(|n| {
        n.split_once(':')
            .is_some_and(|(p, _)| glob::matches(p, service, true))
    });
    let hint = if same_service {
        "Check the resource type and ARN format the actions expect.".to_string()
    } else {
        format!(
            "It is an ARN of {}, which none of the actions belongs to.",
            quoted(service)
        )
    };
    out.add(
        &RESOURCE_NO_MATCHING_ACTION,
        ctx.at_item(Field::Resource, element, text),
        format!(
            "Resource {} matches none of the statement's actions",
            quoted(text.as_str())
        ),
        format!(
            "None of {} can be scoped to it, so it has no effect. {hint}",
            short_list(&names, 3)
        ),
    );
}
