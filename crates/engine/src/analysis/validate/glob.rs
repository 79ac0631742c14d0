//! Allocation-free glob functions for the hot paths: matching an action against an action
//! pattern (ASCII case-insensitive) and deciding cheaply whether one pattern can cover another.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::policy::wildcard::glob_matches_bytes;
use crate::policy::{glob_matches, has_wildcard, pattern_covers, resource_matches, MatchCase};

/// IAM wildcard match of `text` against `pattern` (the engine's one matcher); with `fold`,
/// letters compare ignoring case.
pub(super) fn matches(pattern: &str, text: &str, fold: bool) -> bool {
    glob_matches(pattern, text, case(fold))
}

fn case(fold: bool) -> MatchCase {
    if fold {
        MatchCase::Insensitive
    } else {
        MatchCase::Sensitive
    }
}

/// A character no policy pattern contains, to fill wildcards with.
const ALIEN: u8 = 1;

fn is_wildcard(byte: &u8) -> bool {
    matches!(byte, b'*' | b'?')
}

/// The literal text before the first wildcard.
fn head(pattern: &str) -> &str {
    pattern
        .bytes()
        .position(|b| is_wildcard(&b))
        .and_then(|i| pattern.get(..i))
        .unwrap_or(pattern)
}

/// The literal text after the last wildcard.
fn tail(pattern: &str) -> &str {
    pattern
        .bytes()
        .rposition(|b| is_wildcard(&b))
        .and_then(|i| pattern.get(i + 1..))
        .unwrap_or(pattern)
}

fn starts_with(text: &str, prefix: &str, fold: bool) -> bool {
    text.get(..prefix.len()).is_some_and(|h| {
        if fold {
            h.eq_ignore_ascii_case(prefix)
        } else {
            h == prefix
        }
    })
}

fn ends_with(text: &str, suffix: &str, fold: bool) -> bool {
    text.len()
        .checked_sub(suffix.len())
        .and_then(|start| text.get(start..))
        .is_some_and(|t| {
            if fold {
                t.eq_ignore_ascii_case(suffix)
            } else {
                t == suffix
            }
        })
}

/// Whether every string `covered` matches is also matched by `cover`. Exact and fast for the
/// common cases (a literal, or a pattern against a literal); two patterns go to the policy
/// module's exact coverage test after a cheap test of their literal ends.
#[cfg(test)]
pub(super) fn covers(cover: &str, covered: &str, fold: bool) -> bool {
    covers_prepared(&Prepared::new(cover), &mut Prepared::new(covered), fold)
}

/// An entry of a list with what coverage tests ask of it worked out once, since a long list
/// tests each entry against many others.
struct Prepared<'t> {
    text: &'t str,
    wild: bool,
    head: &'t str,
    tail: &'t str,
    /// The text with its wildcards filled by nothing and by [`ALIEN`], once asked for.
    samples: Option<[Vec<u8>; 2]>,
}

impl<'t> Prepared<'t> {
    fn new(text: &'t str) -> Self {
        let wild = has_wildcard(text);
        // without a wildcard the whole text is literal: head and tail are all of it
        let (head, tail) = if wild {
            (head(text), tail(text))
        } else {
            (text, text)
        };
        Prepared {
            text,
            wild,
            head,
            tail,
            samples: None,
        }
    }

    fn samples(&mut self) -> &[Vec<u8>; 2] {
        let text = self.text;
        self.samples
            .get_or_insert_with(|| [sample(text, None), sample(text, Some(ALIEN))])
    }
}

/// `text` with each `*` replaced by `fill` (or left out) and each `?` by [`ALIEN`].
fn sample(text: &str, fill: Option<u8>) -> Vec<u8> {
    // `*` and `?` are ASCII, so replacing bytes keeps the other characters whole
    text.bytes()
        .filter_map(|byte| match byte {
            b'*' => fill,
            b'?' => Some(ALIEN),
            other => Some(other),
        })
        .collect()
}

/// [`covers`] on prepared entries.
fn covers_prepared(cover: &Prepared<'_>, covered: &mut Prepared<'_>, fold: bool) -> bool {
    if !cover.wild {
        return if fold {
            cover.text.eq_ignore_ascii_case(covered.text)
        } else {
            cover.text == covered.text
        };
    }
    if !covered.wild {
        return if fold {
            matches(cover.text, covered.text, true)
        } else {
            resource_matches(cover.text, covered.text)
        };
    }
    // Every string of `covered` starts with its head and ends with its tail, so `cover`'s
    // literal ends must be found there.
    if !starts_with(covered.head, cover.head, fold) || !ends_with(covered.tail, cover.tail, fold) {
        return false;
    }
    // Two strings `covered` matches, with its wildcards filled by nothing or by a character
    // no pattern has: `cover` must match both. This rejects almost every pair quickly.
    if !covered
        .samples()
        .iter()
        .all(|sample| glob_matches_bytes(cover.text.as_bytes(), sample, case(fold)))
    {
        return false;
    }
    pattern_covers(cover.text, covered.text, case(fold))
}

/// The first byte of `s`, ASCII-lower-cased when `fold`.
fn first_folded(s: &str, fold: bool) -> Option<u8> {
    s.bytes()
        .next()
        .map(|b| if fold { b.to_ascii_lowercase() } else { b })
}

/// Compares the bytes of `a` and `b`, ASCII-lower-cased when `fold`: the order the sorts and
/// searches below use (a plain loop, as it runs for every comparison of every sort).
fn cmp_folded(a: &str, b: &str, fold: bool) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (&x, &y) in a.iter().zip(b) {
        if x != y {
            let (x, y) = if fold {
                (x.to_ascii_lowercase(), y.to_ascii_lowercase())
            } else {
                (x, y)
            };
            if x != y {
                return x.cmp(&y);
            }
        }
    }
    a.len().cmp(&b.len())
}

/// Whether entry `cover` of `prepared` covers entry `covered`.
fn covers_at(prepared: &mut [Prepared<'_>], cover: usize, covered: usize, fold: bool) -> bool {
    if cover == covered {
        return prepared.get(cover).is_some();
    }
    // two distinct entries, borrowed apart
    let (low, high) = (cover.min(covered), cover.max(covered));
    let Some((first, rest)) = prepared.get_mut(low..).and_then(|s| s.split_first_mut()) else {
        return false;
    };
    let Some(second) = rest.get_mut(high - low - 1) else {
        return false;
    };
    let (cover, covered) = if cover < covered {
        (&*first, second)
    } else {
        (&*second, first)
    };
    covers_prepared(cover, covered, fold)
}

/// A list entry as a key of the search for copies: equal to another when the texts are,
/// ignoring ASCII case with `fold`.
struct EntryKey<'t> {
    text: &'t str,
    fold: bool,
}

impl PartialEq for EntryKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.fold {
            self.text.eq_ignore_ascii_case(other.text)
        } else {
            self.text == other.text
        }
    }
}

impl Eq for EntryKey<'_> {}

impl Hash for EntryKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Eight bytes at a time, lower-cased when folding, so that equal keys hash alike.
        for chunk in self.text.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            for (to, &from) in word.iter_mut().zip(chunk) {
                *to = if self.fold {
                    from.to_ascii_lowercase()
                } else {
                    from
                };
            }
            state.write_u64(u64::from_le_bytes(word));
        }
        state.write_usize(self.text.len());
    }
}

/// Lists up to this long are searched for copies pairwise rather than through a hash map.
const SHORT_LIST: usize = 16;

/// Coverage tests [`redundant`] runs per list at most. Thousands of wildcard patterns with one
/// head (legal within IAM's size limit) would otherwise take minutes in pairs; past the budget
/// only exact duplicates are reported, which is enough for a suggestion.
const MAX_COVERAGE_TESTS: usize = 100_000;

/// For each entry of a list, the entry that makes it redundant: an earlier equal entry, or a
/// wildcard entry that covers it (of two patterns covering each other, the later one is
/// redundant). Duplicates are found by sorting and coverage only tries wildcard entries, so
/// long lists stay cheap.
pub(super) fn redundant(texts: &[&str], fold: bool) -> Vec<Option<usize>> {
    let text = |i: usize| texts.get(i).copied().unwrap_or("");
    let equal = |a: &str, b: &str| {
        if fold {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut covered_by: Vec<Option<usize>> = vec![None; texts.len()];
    if texts.len() < 2 {
        return covered_by;
    }
    // Each later copy points at the first: by looking back in a short list, through a hash
    // map in a long one.
    if texts.len() <= SHORT_LIST {
        for (j, slot) in covered_by.iter_mut().enumerate() {
            let earlier = texts.get(..j).unwrap_or(&[]);
            *slot = earlier.iter().position(|t| equal(t, text(j)));
        }
    } else {
        let mut first: HashMap<EntryKey<'_>, usize> = HashMap::with_capacity(texts.len());
        for (j, (slot, &text)) in covered_by.iter_mut().zip(texts).enumerate() {
            let origin = *first.entry(EntryKey { text, fold }).or_insert(j);
            *slot = (origin != j).then_some(origin);
        }
    }
    // Only a pattern whose literal head is a prefix of an entry can cover it: sort the
    // patterns by head and look at the heads that sort between the entry's first character
    // and the entry itself.
    let mut prepared: Vec<Prepared<'_>> = texts.iter().map(|t| Prepared::new(t)).collect();
    let mut patterns: Vec<(&str, usize)> = prepared
        .iter()
        .enumerate()
        .filter(|(_, p)| p.wild)
        .map(|(i, p)| (p.head, i))
        .collect();
    if patterns.is_empty() {
        return covered_by;
    }
    patterns.sort_by(|a, b| cmp_folded(a.0, b.0, fold).then(a.1.cmp(&b.1)));
    let open_heads = patterns.partition_point(|(h, _)| h.is_empty());
    let mut budget = MAX_COVERAGE_TESTS;
    for j in 0..texts.len() {
        if budget == 0 {
            break;
        }
        if covered_by.get(j).copied().flatten().is_some() {
            continue;
        }
        let entry = text(j);
        let first = first_folded(entry, fold).unwrap_or(0);
        let lo = patterns.partition_point(|(h, _)| first_folded(h, fold).is_none_or(|b| b < first));
        let hi = patterns.partition_point(|(h, _)| cmp_folded(h, entry, fold).is_le());
        let nearby = patterns.get(lo.max(open_heads)..hi).unwrap_or(&[]);
        let candidates = patterns
            .get(..open_heads)
            .unwrap_or(&[])
            .iter()
            .chain(nearby);
        let mut cover = None;
        for &(h, k) in candidates {
            let tested = k != j && starts_with(entry, h, fold) && !equal(text(k), entry);
            if !tested || budget == 0 {
                continue;
            }
            budget -= 1;
            if !covers_at(&mut prepared, k, j, fold)
                || (j < k && covers_at(&mut prepared, j, k, fold))
            {
                continue;
            }
            cover = Some(cover.map_or(k, |c: usize| c.min(k)));
        }
        if let Some(slot) = covered_by.get_mut(j) {
            *slot = cover;
        }
    }
    covered_by
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage() {
        assert!(covers("ecs:Describe*", "ecs:DescribeClusters", true));
        assert!(covers("ec2:DescribeVpcs", "EC2:describevpcs", true));
        assert!(covers("sns:List*", "sns:ListT*", true));
        assert!(!covers("sns:ListT*", "sns:List*", true));
        assert!(covers(
            "arn:aws:s3:::elasticbeanstalk-*",
            "arn:aws:s3:::elasticbeanstalk-*/*",
            false
        ));
        assert!(covers(
            "arn:aws:logs:*:*:/aws/lambda/AmazonSecurityLake*",
            "arn:aws:logs:*:*:log-group:/aws/lambda/AmazonSecurityLake*",
            false
        ));
        assert!(!covers("arn:aws:s3:::A*", "arn:aws:s3:::a*", false));
        assert!(!covers("arn:aws:s3:::b/*", "arn:aws:s3:::b", false));
    }

    #[test]
    fn redundant_entries() {
        let list = [
            "s3:GetObject",
            "s3:Get*",
            "S3:getobject",
            "s3:Put*",
            "s3:G*",
        ];
        assert_eq!(
            redundant(&list, true),
            [Some(1), Some(4), Some(0), None, None]
        );
        let same = ["a*", "a*"];
        assert_eq!(redundant(&same, false), [None, Some(0)]);
    }

    #[test]
    fn copies_point_at_the_first_in_short_and_long_lists() {
        for len in [3, SHORT_LIST, SHORT_LIST + 1, 3 * SHORT_LIST] {
            let list: Vec<String> = (0..len)
                .map(|i| match i % 3 {
                    0 => format!("s3:Get{}", i / 6),
                    1 => format!("S3:GET{}", i / 6),
                    _ => format!("s3:Put{i}"),
                })
                .collect();
            let texts: Vec<&str> = list.iter().map(String::as_str).collect();
            let expected: Vec<Option<usize>> = (0..len)
                .map(|j| (0..j).find(|&i| texts[i].eq_ignore_ascii_case(texts[j])))
                .collect();
            assert_eq!(redundant(&texts, true), expected, "{len}");
        }
    }

    #[test]
    fn thousands_of_patterns_with_one_head_stay_cheap() {
        let mut list: Vec<String> = (0..5_000).map(|i| format!("rekognition:D*{i}*")).collect();
        list.push("rekognition:D*1*".to_string());
        let texts: Vec<&str> = list.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let covered_by = redundant(&texts, true);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        // duplicates are still found after the coverage budget is spent
        assert_eq!(covered_by.last(), Some(&Some(1)));
    }
}
