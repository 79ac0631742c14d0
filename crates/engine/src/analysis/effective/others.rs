//! Action names outside the catalogue that an Allow spells out (`rekognition:FutureAction`).
//!
//! They are numbered after the catalogue's actions (the first gets number `universe().len()`),
//! so [`super::PolicySet::effective_actions`] evaluates them with the same bitsets as the
//! catalogue instead of deciding each one statement by statement.

use std::collections::BTreeMap;
use std::ops::Range;

use super::actions::{glob_ci, literal_prefix};
use super::bits::RangeSet;
use super::universe::{prefix_range, universe};
use crate::policy::{matches_everything, StringList};

/// The other action names of one policy set, numbered.
#[derive(Debug, Clone, Default)]
pub(super) struct OtherActions {
    /// Lower-case name and first spelling, sorted by the lower-case name (the case-insensitive
    /// order [`prefix_range`] searches).
    names: Vec<(String, String)>,
    /// The number of the first name.
    first: u32,
}

impl OtherActions {
    /// Numbers the names of `found` (lower-case name to first spelling).
    pub(super) fn new(found: BTreeMap<String, String>) -> Self {
        OtherActions {
            names: found.into_iter().collect(),
            first: universe().len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The numbers the names take.
    pub(super) fn numbers(&self) -> Range<u32> {
        let len = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.first..self.first.saturating_add(len)
    }

    /// The names as first written, in number order.
    pub(super) fn written(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(_, written)| written.as_str())
    }

    /// The name as first written of number `number`.
    pub(super) fn name(&self, number: u32) -> Option<&str> {
        let k = number.checked_sub(self.first)? as usize;
        self.names.get(k).map(|(_, written)| written.as_str())
    }

    /// The numbers of the names `pattern` matches (ignoring case, like every action pattern).
    fn matching(&self, pattern: &str) -> RangeSet {
        if matches_everything(pattern) {
            return RangeSet::single(self.numbers());
        }
        // Only names starting with the pattern's literal head can match.
        let run = prefix_range(&self.names, |(lower, _)| lower, literal_prefix(pattern));
        let mut ranges = Vec::new();
        for k in run {
            let matched = self
                .names
                .get(k)
                .is_some_and(|(lower, _)| glob_ci(pattern.as_bytes(), lower.as_bytes()));
            if matched {
                let number = self.first + u32::try_from(k).unwrap_or(u32::MAX);
                ranges.push(number..number + 1);
            }
        }
        RangeSet::from_ranges(ranges)
    }

    /// The numbers of the names an `Action` list matches, or with `negated` (a `NotAction`
    /// list) those it does not match.
    pub(super) fn matched_by(&self, list: &StringList, negated: bool) -> RangeSet {
        let mut ranges = Vec::new();
        for pattern in list.strings() {
            ranges.extend(self.matching(pattern).ranges().iter().cloned());
        }
        let matched = RangeSet::from_ranges(ranges);
        if negated {
            matched.complement(self.numbers())
        } else {
            matched
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn others(names: &[&str]) -> OtherActions {
        OtherActions::new(
            names
                .iter()
                .map(|n| (n.to_ascii_lowercase(), n.to_string()))
                .collect(),
        )
    }

    fn list(items: &[&str]) -> StringList {
        StringList::array(items.iter().copied())
    }

    fn names(set: &OtherActions, numbers: &RangeSet) -> Vec<String> {
        numbers
            .ranges()
            .iter()
            .flat_map(Clone::clone)
            .filter_map(|n| set.name(n).map(str::to_string))
            .collect()
    }

    #[test]
    fn numbers_follow_the_catalogue_in_case_insensitive_order() {
        let set = others(&["s3:Zeta", "Rekognition:FutureAction", "s3:alpha"]);
        let first = universe().len();
        assert_eq!(set.numbers(), first..first + 3);
        assert_eq!(set.name(first), Some("Rekognition:FutureAction"));
        assert_eq!(set.name(first + 2), Some("s3:Zeta"));
        assert_eq!(set.name(first + 3), None);
        assert_eq!(set.name(0), None);
        let written: Vec<&str> = set.written().collect();
        assert_eq!(written, ["Rekognition:FutureAction", "s3:alpha", "s3:Zeta"]);
    }

    #[test]
    fn patterns_match_like_statements_do() {
        let set = others(&[
            "s3:Zeta",
            "rekognition:FutureAction",
            "s3:alpha",
            "sqs:Other",
        ]);
        let cases: [(&[&str], bool, &[&str]); 6] = [
            (&["S3:*"], false, &["s3:alpha", "s3:Zeta"]),
            (
                &["*"],
                false,
                &[
                    "rekognition:FutureAction",
                    "s3:alpha",
                    "s3:Zeta",
                    "sqs:Other",
                ],
            ),
            (
                &["*:?eta", "rekognition:future*"],
                false,
                &["rekognition:FutureAction", "s3:Zeta"],
            ),
            (&["s*"], true, &["rekognition:FutureAction"]),
            (&["s3:GetObject"], false, &[]),
            (
                &["s3:GetObject"],
                true,
                &[
                    "rekognition:FutureAction",
                    "s3:alpha",
                    "s3:Zeta",
                    "sqs:Other",
                ],
            ),
        ];
        for (items, negated, expected) in cases {
            let matched = set.matched_by(&list(items), negated);
            assert_eq!(names(&set, &matched), expected, "{items:?} {negated}");
        }
        assert!(OtherActions::default()
            .matched_by(&list(&["*"]), true)
            .is_empty());
    }
}
