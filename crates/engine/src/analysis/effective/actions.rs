//! Expansion of action patterns over the catalogue.
//!
//! The text of an action is `prefix:Name` with exactly one colon, so a pattern with exactly one
//! literal colon matches the service prefix and the action name separately (its colon must meet
//! the action's). That lets the sorted tables narrow the search: the services by the literal
//! text before the pattern's first wildcard, then each service's actions the same way. Only a
//! pattern without a colon (`*Object`) is checked against every action.

use std::ops::Range;
use std::sync::Arc;

use super::bits::RangeSet;
use super::universe::{prefix_range, universe};
use crate::catalog;
use crate::policy::wildcard::glob_matches_bytes;
use crate::policy::{matches_everything, MatchCase, StringList};
use rustc_hash::FxHashMap as FastMap;

/// IAM wildcard match ignoring case (the engine's one matcher, on bytes).
pub(super) fn glob_ci(pattern: &[u8], text: &[u8]) -> bool {
    glob_matches_bytes(pattern, text, MatchCase::Insensitive)
}

/// Whether an action pattern matches an action name (any name, in the catalogue or not).
pub(super) fn action_matches(pattern: &str, action: &str) -> bool {
    glob_ci(pattern.as_bytes(), action.as_bytes())
}

/// The text before the first wildcard of `pattern`.
pub(super) fn literal_prefix(pattern: &str) -> &str {
    let end = pattern.find(['*', '?']).unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or("")
}

/// The catalogue actions `pattern` matches.
pub(super) fn expand(pattern: &str) -> RangeSet {
    let u = universe();
    if matches_everything(pattern) {
        return RangeSet::single(0..u.len());
    }
    let mut ranges: Vec<Range<u32>> = Vec::new();
    match pattern.matches(':').count() {
        1 => {
            let (service_pattern, action_pattern) = pattern.split_once(':').unwrap_or_default();
            let services = catalog::services();
            let candidates =
                prefix_range(services, |s| s.prefix(), literal_prefix(service_pattern));
            let head = literal_prefix(action_pattern);
            // `Head*` takes the whole run of names that start with `Head`.
            let whole_run = action_pattern.len() == head.len() + 1 && action_pattern.ends_with('*');
            for s in candidates {
                let Some(service) = services.get(s) else {
                    continue;
                };
                if !glob_ci(service_pattern.as_bytes(), service.prefix().as_bytes()) {
                    continue;
                }
                let run = u.run(s, head);
                if whole_run {
                    ranges.push(run);
                    continue;
                }
                let skip = service.prefix().len() + 1;
                for i in run {
                    let name = u.name(i).get(skip..).unwrap_or("");
                    if glob_ci(action_pattern.as_bytes(), name.as_bytes()) {
                        ranges.push(i..i + 1);
                    }
                }
            }
        }
        0 if pattern.contains(['*', '?']) => {
            for i in 0..u.len() {
                if glob_ci(pattern.as_bytes(), u.name(i).as_bytes()) {
                    ranges.push(i..i + 1);
                }
            }
        }
        // No colon and no wildcard, or two colons or more: no action's text fits.
        _ => {}
    }
    RangeSet::from_ranges(ranges)
}

/// An expanded pattern: its catalogue actions, and whether it is a name without wildcards
/// that the catalogue lacks.
type Expansion = (Arc<RangeSet>, bool);

/// A distinct `Action` or `NotAction` list of the policies being compiled.
struct ListEntry<'p> {
    /// The list as first met.
    list: &'p StringList,
    /// The catalogue actions it matches.
    actions: Arc<RangeSet>,
    /// The catalogue actions it does not match, once a `NotAction` asked for them.
    complement: Option<Arc<RangeSet>>,
    /// Its names without wildcards that the catalogue lacks.
    unknown: Vec<&'p str>,
}

/// Memoised expansion for one build, keyed by the text of the policies being compiled (so a
/// repeated pattern or list costs a lookup and no copy). Lists get ids, in order of first use.
#[derive(Default)]
pub(super) struct Expander<'p> {
    patterns: FastMap<&'p str, Expansion>,
    ids: FastMap<Vec<&'p str>, usize>,
    lists: Vec<ListEntry<'p>>,
    /// The list being looked up (reused, so a hit allocates nothing).
    key: Vec<&'p str>,
}

impl<'p> Expander<'p> {
    /// The expansion of one pattern.
    fn expand(&mut self, pattern: &'p str) -> &Expansion {
        self.patterns.entry(pattern).or_insert_with(|| {
            let set = expand(pattern);
            let unknown = set.is_empty() && pattern.contains(':') && !pattern.contains(['*', '?']);
            (Arc::new(set), unknown)
        })
    }

    /// The id of `list`, expanded the first time it is met.
    pub(super) fn list(&mut self, list: &'p StringList) -> usize {
        self.key.clear();
        self.key.extend(list.strings());
        if let Some(&id) = self.ids.get(self.key.as_slice()) {
            return id;
        }
        let mut ranges = Vec::new();
        let mut unknown = Vec::new();
        for pattern in list.strings() {
            let (set, missing) = self.expand(pattern);
            ranges.extend(set.ranges().iter().cloned());
            if *missing {
                unknown.push(pattern);
            }
        }
        let actions = match list.items.as_slice() {
            // One pattern: share its expansion.
            [one] => Arc::clone(&self.expand(one.as_str()).0),
            _ => Arc::new(RangeSet::from_ranges(ranges)),
        };
        let id = self.lists.len();
        self.lists.push(ListEntry {
            list,
            actions,
            complement: None,
            unknown,
        });
        self.ids.insert(self.key.clone(), id);
        id
    }

    /// The catalogue actions list `id` matches, or with `negated` (a `NotAction` list) those
    /// it does not match.
    pub(super) fn actions(&mut self, id: usize, negated: bool) -> Arc<RangeSet> {
        let Some(entry) = self.lists.get_mut(id) else {
            return Arc::default();
        };
        if !negated {
            return Arc::clone(&entry.actions);
        }
        let actions = &entry.actions;
        let complement = entry
            .complement
            .get_or_insert_with(|| Arc::new(actions.complement(0..universe().len())));
        Arc::clone(complement)
    }

    /// The names without wildcards of list `id` that match no catalogue action.
    pub(super) fn unknown(&self, id: usize) -> &[&'p str] {
        self.lists.get(id).map_or(&[], |entry| &entry.unknown)
    }

    /// List `id` as first met.
    pub(super) fn text(&self, id: usize) -> Option<&'p StringList> {
        self.lists.get(id).map(|entry| entry.list)
    }

    /// The number of distinct lists met.
    pub(super) fn len(&self) -> usize {
        self.lists.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(pattern: &str) -> Vec<u32> {
        let u = universe();
        (0..u.len())
            .filter(|&i| crate::policy::action_matches(pattern, u.name(i)))
            .collect()
    }

    fn expanded(pattern: &str) -> Vec<u32> {
        expand(pattern)
            .ranges()
            .iter()
            .flat_map(|r| r.clone())
            .collect()
    }

    #[test]
    fn expansion_agrees_with_brute_force() {
        for pattern in [
            "*",
            "**",
            "rekognition:*",
            "REKOGNITION:detect*",
            "rekognition:Detect?abels",
            "rekognition:DetectLabels",
            "*:Get*",
            "s3:*Object*",
            "s?:GetObject",
            "*Object",
            "s3*",
            "s3:Get*Acl",
            "rekognition:",
            "rekognition",
            "a:b:c",
            "*:*",
            "?3:*",
            "",
            "iam:*User*",
        ] {
            assert_eq!(expanded(pattern), brute(pattern), "{pattern}");
        }
    }
}
