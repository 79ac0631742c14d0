//! Resource and NotResource: ARN syntax (prefix, fields, partition, service, region, account),
//! where the resource types of the service allow a region or account, whether resources and
//! actions fit each other, redundant entries, empty lists and unscoped `"*"`.

use super::actions::{ActionKind, ActionList};
use super::arn::{self, Arn};
use super::checks::{
    ACTION_NO_MATCHING_RESOURCE, RESOURCE_ACCOUNT_NOT_ALLOWED, RESOURCE_EMPTY,
    RESOURCE_INVALID_ACCOUNT, RESOURCE_INVALID_PARTITION, RESOURCE_INVALID_PREFIX,
    RESOURCE_INVALID_REGION, RESOURCE_MISSING_FIELD, RESOURCE_MISSING_REGION,
    RESOURCE_NO_MATCHING_ACTION, RESOURCE_REDUNDANT, RESOURCE_REGION_NOT_ALLOWED,
    RESOURCE_SERVICE_CASE, RESOURCE_STAR_SCOPABLE, RESOURCE_UNKNOWN_SERVICE,
};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{did_you_mean, glob, quoted, short_list, variables, Ctx, Findings, PolicyType};
use crate::catalog::{Action, ResourceType};
use crate::policy::{resource_matches, Effect, Field, Location, StringList, Text};
use crate::suggest;

/// Checks Resource and NotResource of one statement.
pub(super) fn check(ctx: &Ctx<'_>, actions: &Option<ActionList<'_>>, out: &mut Findings) {
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
            let before = out.len();
            check_syntax(text.as_str(), location, out);
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
        check_fit(ctx, actions, resources, &reported, out);
        check_star(ctx, actions, resources, out);
    }
}

fn check_syntax(value: &str, location: Location, out: &mut Findings) {
    if value == "*" || value.starts_with(['*', '?', '$']) {
        return;
    }
    let shown = quoted(value);
    if !value.starts_with("arn:") {
        let detail = if value
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("arn:"))
        {
            format!(
                "ARNs start with lower-case \"arn:\": write \"arn:{}\".",
                value.get(4..).unwrap_or("")
            )
        } else {
            format!(
                "Write \"*\" or an ARN such as {}.",
                example_format(value).unwrap_or("arn:aws:s3:::my-bucket")
            )
        };
        out.add(
            &RESOURCE_INVALID_PREFIX,
            location,
            format!("Resource {shown} is not an ARN"),
            detail,
        );
        return;
    }
    let Some((_, arn)) = arn::split(value) else {
        let service = value.split(':').nth(2).unwrap_or("");
        out.add(
            &RESOURCE_MISSING_FIELD,
            location,
            format!(
                "ARN {shown} has {} fields; 6 are needed",
                arn::field_count(value)
            ),
            format!(
                "Write arn:partition:service:region:account:resource, leaving region or \
                 account empty where the service has none, e.g. {}.",
                example_format(service).unwrap_or("arn:aws:s3:::my-bucket/*")
            ),
        );
        return;
    };
    check_partition(&arn, &shown, &location, out);
    if !check_service(&arn, &shown, &location, out) {
        return;
    }
    check_region_and_account(&arn, &shown, &location, out);
}

/// An ARN format of the service, for examples in messages.
fn example_format(service: &str) -> Option<&'static str> {
    arn::service_arns(service)
        .and_then(|s| s.types.first())
        .and_then(|t| t.arn_formats().next())
}

fn check_partition(arn: &Arn<'_>, shown: &str, location: &Location, out: &mut Findings) {
    let partition = arn.partition;
    if partition.contains("${") {
        return;
    }
    if arn::PARTITIONS
        .iter()
        .any(|p| glob::matches(partition, p, false))
    {
        return;
    }
    let suggestion = suggest::closest(partition, arn::PARTITIONS);
    out.add(
        &RESOURCE_INVALID_PARTITION,
        location.clone(),
        format!("Invalid partition {} in ARN {shown}", quoted(partition)),
        format!(
            "{}The partition is aws (or aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, \
             aws-iso-f, aws-eusc); * matches any.",
            did_you_mean(suggestion)
        ),
    );
}

/// Returns whether the service is known (so that type-based checks make sense).
fn check_service(arn: &Arn<'_>, shown: &str, location: &Location, out: &mut Findings) -> bool {
    let service = arn.service;
    if !arn::is_literal(service) {
        return false;
    }
    if arn::is_known_service(service) {
        return true;
    }
    let lower = service.to_ascii_lowercase();
    if lower != service && arn::is_known_service(&lower) {
        out.add(
            &RESOURCE_SERVICE_CASE,
            location.clone(),
            format!(
                "Service {} in ARN {shown} is not lower case",
                quoted(service)
            ),
            format!("ARNs are case-sensitive: write \"{lower}\"."),
        );
        return false;
    }
    let suggestion = suggest::closest(service, arn::known_services());
    out.add(
        &RESOURCE_UNKNOWN_SERVICE,
        location.clone(),
        format!("Unknown service {} in ARN {shown}", quoted(service)),
        format!(
            "{}No AWS resource has ARNs with this service, so the entry matches nothing.",
            did_you_mean(suggestion)
        ),
    );
    false
}

fn check_region_and_account(arn: &Arn<'_>, shown: &str, location: &Location, out: &mut Findings) {
    let region_literal = !arn.region.is_empty() && arn::is_literal(arn.region);
    if region_literal && !arn::is_region_code(arn.region) {
        let trimmed = arn
            .region
            .trim_end_matches(|c: char| c.is_ascii_lowercase());
        let hint = if trimmed != arn.region && arn::is_region_code(trimmed) {
            format!(
                "{} looks like an availability zone; the region is \"{trimmed}\". ",
                quoted(arn.region)
            )
        } else {
            String::new()
        };
        out.add(
            &RESOURCE_INVALID_REGION,
            location.clone(),
            format!("Invalid region {} in ARN {shown}", quoted(arn.region)),
            format!("{hint}Regions are written like us-east-1; * matches any."),
        );
    }
    let Some(arns) = arn::service_arns(arn.service) else {
        return;
    };
    let account_literal = !arn.account.is_empty() && arn::is_literal(arn.account);
    // "aws" is the account of resources AWS owns (managed policies, public SageMaker hubs).
    if account_literal
        && !is_account_id(arn.account)
        && arn.account != "aws"
        && !arns.formats.iter().any(|f| f.account == arn.account)
    {
        out.add(
            &RESOURCE_INVALID_ACCOUNT,
            location.clone(),
            format!("Invalid account {} in ARN {shown}", quoted(arn.account)),
            "An account ID has 12 digits, e.g. 123456789012; * matches any.".to_string(),
        );
    }
    let needs = region_literal || arn.region.is_empty() || account_literal;
    if !needs {
        return;
    }
    // Decide on the whole service when its formats agree, else on the resource types the
    // resource part can name.
    let all = |formats: &[Arn<'_>], test: fn(&Arn<'_>) -> bool| {
        !formats.is_empty() && formats.iter().all(test)
    };
    let mixed = !(all(&arns.formats, |f| f.region.is_empty())
        || all(&arns.formats, |f| !f.region.is_empty()))
        || !(all(&arns.formats, |f| f.account.is_empty())
            || all(&arns.formats, |f| !f.account.is_empty()));
    let candidates;
    let formats: &[Arn<'_>] = if mixed {
        candidates = arns.candidates(arn);
        &candidates
    } else {
        &arns.formats
    };
    let example = || {
        formats
            .first()
            .map(|f| {
                format!(
                    "arn:aws:{}:{}:{}:{}",
                    f.service, f.region, f.account, f.resource
                )
            })
            .unwrap_or_default()
    };
    if region_literal && all(formats, |f| f.region.is_empty()) {
        out.add(
            &RESOURCE_REGION_NOT_ALLOWED,
            location.clone(),
            format!(
                "ARN {shown} has a region, but {} ARNs have none",
                arn.service
            ),
            format!(
                "Leave the region field empty, as in {}; the entry matches nothing otherwise.",
                example()
            ),
        );
    }
    if arn.region.is_empty() && all(formats, |f| !f.region.is_empty()) {
        out.add(
            &RESOURCE_MISSING_REGION,
            location.clone(),
            format!("ARN {shown} has no region"),
            format!(
                "{} ARNs name a region, as in {}: write the region, or * for any.",
                arn.service,
                example()
            ),
        );
    }
    if account_literal && all(formats, |f| f.account.is_empty()) {
        out.add(
            &RESOURCE_ACCOUNT_NOT_ALLOWED,
            location.clone(),
            format!(
                "ARN {shown} has an account, but these {} ARNs have none",
                arn.service
            ),
            format!(
                "Leave the account field empty, as in {}; the entry matches nothing otherwise.",
                example()
            ),
        );
    }
}

fn is_account_id(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}

fn check_redundant(ctx: &Ctx<'_>, field: Field, list: &StringList, out: &mut Findings) {
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

/// One Resource entry, parsed once for the fit checks.
struct Entry<'a> {
    text: &'a str,
    /// The ARN fields, for entries that are ARNs with six fields.
    arn: Option<Arn<'a>>,
    /// Whether the entry matches the literal `*` that actions without resource-level
    /// permissions are authorized against.
    covers_star: bool,
}

impl<'a> Entry<'a> {
    /// An entry; one with a reported syntax error is treated like a non-ARN.
    fn new(text: &'a str, reported: bool) -> Self {
        Entry {
            text,
            arn: (!reported && text.starts_with("arn:"))
                .then(|| arn::split(text).map(|(_, a)| a))
                .flatten(),
            covers_star: resource_matches(text, "*"),
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
            return entry.covers_star || entry.arn.is_none();
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
fn check_fit(
    ctx: &Ctx<'_>,
    actions: &ActionList<'_>,
    resources: &StringList,
    reported: &[usize],
    out: &mut Findings,
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
    out: &mut Findings,
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

/// Allow on `"*"` for actions that support resource-level permissions.
fn check_star(ctx: &Ctx<'_>, actions: &ActionList<'_>, resources: &StringList, out: &mut Findings) {
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
    let names: Vec<String> = scopable.iter().map(|a| a.full_name()).collect();
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
            short_list(&names, 3)
        ),
        format!(
            "These actions support resource-level permissions: list the resources they need, \
             e.g. {example}, to grant less (actions that support only \"*\" can stay in a \
             statement of their own)."
        ),
    );
}
