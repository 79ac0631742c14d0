//! The IAM catalogue: every action of every AWS service with its access level, the resource
//! types it can be scoped to, and the condition keys of services and of IAM itself.
//!
//! The data is derived from a pinned copy of the Service Authorization Reference (see
//! `data/catalog/SOURCE.md`) and compiled into static tables at build time, so lookups parse
//! nothing at start-up: names are found by binary search over tables sorted ignoring ASCII
//! case, which is how IAM compares action names and condition key names.
//!
//! Entry points: [`service`], [`action`] (`"rekognition:DetectLabels"`), [`matching_actions`]
//! (`"rekognition:Detect*"`), [`global_condition_key`] and [`service_condition_key`]
//! (`"aws:RequestTag/team"` finds `aws:RequestTag/${TagKey}`), and
//! [`ResourceType::matches_arn`] for a policy's resource ARNs.

mod arn;
mod levels;
mod lifecycle;
mod model;
mod name_hash;
mod names;
pub mod overlay;
mod retired;
mod tables;

#[cfg(test)]
mod invariant_tests;
#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;

pub use levels::{AccessLevel, ConditionValueType};
pub use lifecycle::{feature_lifecycle, feature_lifecycles, Availability, FeatureLifecycle};
pub use model::{Action, ActionResource, ConditionKey, ResourceType, Service};
pub use retired::{retired_service, retired_services, RetiredService};

use std::sync::OnceLock;

use crate::policy::wildcard::glob_matches_at;
use crate::policy::{glob_matches, MatchCase};
use name_hash::NameHash;
use names::{find_ci, find_hashed, literal_prefix, prefix_range, prefix_run, starts_with_ci};

/// Date of the catalogue data (the day AWS's reference was captured), e.g. `2026-09-26`.
pub const CATALOG_VERSION: &str = tables::VERSION;

/// Package and version the catalogue data was derived from.
pub const CATALOG_SOURCE: &str = tables::SOURCE;

/// All services, sorted by prefix.
pub fn services() -> &'static [Service] {
    &tables::SERVICES
}

/// The service with this IAM prefix (e.g. `rekognition`), ignoring ASCII case.
pub fn service(prefix: &str) -> Option<&'static Service> {
    let hash = NameHash::new().add(prefix.as_bytes());
    find_hashed(
        &tables::SERVICE_INDEX,
        &tables::SERVICES,
        hash,
        |_, service| service.prefix().eq_ignore_ascii_case(prefix),
    )
}

/// The action with this full name (e.g. `rekognition:DetectLabels`), ignoring ASCII case.
pub fn action(full_name: &str) -> Option<(&'static Service, &'static Action)> {
    let (prefix, name) = full_name.split_once(':')?;
    let service = service(prefix)?;
    Some((service, service.action(name)?))
}

/// Every resource type of every service, by service prefix and then name; the position of a
/// type here is its [`ResourceType::row`].
pub fn all_resource_types() -> &'static [ResourceType] {
    &tables::RESOURCE_TYPES
}

/// Every action of every service, by service prefix and then action name.
pub fn all_actions() -> impl ExactSizeIterator<Item = (&'static Service, &'static Action)> {
    tables::ACTIONS
        .iter()
        .map(|action| (action.service(), action))
}

/// The actions an IAM action pattern such as `rekognition:Detect*`, `*:Get*`, `s3:?etObject`
/// or `*` grants, ignoring ASCII case, by service prefix and then action name. `*` stands for
/// any run of characters and `?` for one, across the whole `prefix:Name` like IAM does.
///
/// Allocation-free: the sorted tables narrow the candidates to the literal text before the
/// first wildcard, and the rest is matched in place.
pub fn matching_actions(
    pattern: &str,
) -> impl Iterator<Item = (&'static Service, &'static Action)> + '_ {
    matching_actions_where(pattern, |_| true)
}

/// The actions of [`matching_actions`] that `keep` accepts, in the same order. `keep` is asked
/// before the pattern is matched, so a cheap test (an access level, say) spares most matches.
pub fn matching_actions_where<'p>(
    pattern: &'p str,
    keep: impl Fn(&Action) -> bool + Copy + 'p,
) -> impl Iterator<Item = (&'static Service, &'static Action)> + 'p {
    let plan = Plan::new(pattern);
    let services = match plan {
        // a service written out names one service (or none): look it up directly
        Plan::Split { service, .. } if !service.contains('?') => {
            self::service(service).map_or(&[][..], std::slice::from_ref)
        }
        _ => prefix_range(&tables::SERVICES, Service::prefix, plan.service_prefix()),
    };
    services
        .iter()
        .filter(move |service| plan.admits_service(service))
        .flat_map(move |service| {
            plan.candidates(service)
                .filter(move |action| keep(action) && plan.admits(service, action))
                .map(move |action| (service, action))
        })
}

/// How an action pattern is matched.
#[derive(Clone, Copy)]
enum Plan<'a> {
    /// The service part has no `*`, so it matches a prefix of its own length and the `:` right
    /// after it: service and action name can be matched separately.
    Split { service: &'a str, action: &'a str },
    /// A `*` may span the `:` (or there is none): match `prefix:Name` as a whole.
    Whole(&'a str),
}

impl<'a> Plan<'a> {
    fn new(pattern: &'a str) -> Self {
        match pattern.split_once(':') {
            Some((service, action)) if !service.contains('*') => Plan::Split { service, action },
            _ => Plan::Whole(pattern),
        }
    }

    fn service_prefix(self) -> &'a str {
        match self {
            Plan::Split { service, .. } => literal_prefix(service),
            // The literal text ends before the first `*`, which comes before any `:` here.
            Plan::Whole(pattern) => literal_prefix(pattern),
        }
    }

    fn admits_service(self, service: &Service) -> bool {
        match self {
            Plan::Split {
                service: pattern, ..
            } => matches_name(pattern, service.prefix()),
            Plan::Whole(_) => true,
        }
    }

    /// The actions of the service whose names start with the pattern's literal text. Lazily:
    /// a caller after the first match stops after one binary search.
    fn candidates(self, service: &Service) -> impl Iterator<Item = &'static Action> + 'a {
        let (actions, prefix) = match self {
            Plan::Split { action, .. } => {
                let prefix = literal_prefix(action);
                (prefix_run(service.actions(), Action::name, prefix), prefix)
            }
            Plan::Whole(_) => (service.actions(), ""),
        };
        actions
            .iter()
            .take_while(move |action| starts_with_ci(action.name(), prefix))
    }

    fn admits(self, service: &Service, action: &Action) -> bool {
        match self {
            Plan::Split {
                action: pattern, ..
            } => matches_name(pattern, action.name()),
            Plan::Whole(pattern) => {
                let (prefix, name) = (service.prefix().as_bytes(), action.name().as_bytes());
                let at = |i: usize| match i.checked_sub(prefix.len()) {
                    None => prefix.get(i).copied().unwrap_or(0),
                    Some(0) => b':',
                    Some(j) => name.get(j - 1).copied().unwrap_or(0),
                };
                let len = prefix.len() + 1 + name.len();
                glob_matches_at(pattern.as_bytes(), len, at, MatchCase::Insensitive)
            }
        }
    }
}

fn matches_name(pattern: &str, name: &str) -> bool {
    glob_matches(pattern, name, MatchCase::Insensitive)
}

/// The global condition keys (those IAM defines for every request, e.g. `aws:SourceIp`,
/// `aws:PrincipalTag/${TagKey}`), sorted by name ignoring ASCII case.
pub fn global_condition_keys() -> &'static [ConditionKey] {
    &tables::GLOBAL_CONDITION_KEYS
}

/// The global condition key that `name` denotes: an exact match ignoring ASCII case, else the
/// template it instantiates (`aws:PrincipalTag/team` gives `aws:PrincipalTag/${TagKey}`).
pub fn global_condition_key(name: &str) -> Option<&'static ConditionKey> {
    static TEMPLATES: OnceLock<Vec<&'static ConditionKey>> = OnceLock::new();
    let keys = global_condition_keys();
    find_ci(keys, ConditionKey::name, name).or_else(|| {
        let templates =
            TEMPLATES.get_or_init(|| keys.iter().filter(|key| key.is_template()).collect());
        templates.iter().copied().find(|key| key.matches(name))
    })
}

/// The service condition key that `name` denotes, e.g. `s3:ExistingObjectTag/env` gives
/// `s3:ExistingObjectTag/<key>`. The service named by the key's prefix is asked first; then
/// every key any service defines (the reference files a few keys under another service,
/// e.g. `ec2:SourceInstanceARN` under `ssm`), exact names before templates.
pub fn service_condition_key(name: &str) -> Option<&'static ConditionKey> {
    let owner = name.split_once(':').and_then(|(prefix, _)| service(prefix));
    if let Some(key) = owner.and_then(|service| service.condition_key(name)) {
        return Some(key);
    }
    let key_at = |&index: &u32| tables::CONDITION_KEYS.get(index as usize);
    let distinct = &tables::DISTINCT_KEYS;
    let exact = distinct
        .binary_search_by(|index| names::cmp_ci(key_at(index).map_or("", ConditionKey::name), name))
        .ok()
        .and_then(|position| distinct.get(position))
        .and_then(key_at);
    exact.or_else(|| {
        tables::TEMPLATED_KEYS
            .iter()
            .filter_map(key_at)
            .find(|key| key.matches(name))
    })
}
