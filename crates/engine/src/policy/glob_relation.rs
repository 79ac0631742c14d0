//! Relations between two globs: coverage (language inclusion) and overlap.
//!
//! `patterns_intersect` is exact: a breadth-first search over pairs of
//! pattern positions, O(|a| × |b|).
//!
//! `pattern_covers(a, b)` first tries a symbolic match of `b` against `a`
//! (a `*` of `a` may absorb any symbols of `b`, a `?` of `a` one literal or
//! `?` of `b`); when that succeeds coverage is certain. Otherwise it decides
//! exactly by searching the product of `b`'s automaton with the subset
//! automaton of `a` for a string `b` matches and `a` does not, over the
//! literal characters of both patterns plus one character standing for all
//! others. Patterns built to blow up the subset construction (many `?`
//! after a `*`) could need exponentially many states; the search stops after
//! [`COVER_STATE_BUDGET`] states and then answers `false`. That is the safe
//! side for its users: an action is only called redundant, or a change only
//! called "no new access", when coverage was proven.

use std::collections::HashSet;

use super::wildcard::{fold, MatchCase};

/// States the exact coverage search may visit before giving up (answering `false`).
pub const COVER_STATE_BUDGET: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sym {
    Star,
    Any,
    Lit(char),
}

/// The pattern as symbols, with every run of `*`/`?` rewritten as its `?`s
/// followed by one `*` (same language, and it makes the symbolic match complete
/// for runs: `*?` and `?*` both mean "at least one character").
fn symbols(pattern: &str) -> Vec<Sym> {
    let mut out = Vec::new();
    let mut run_any = 0;
    let mut run_star = false;
    let flush = |out: &mut Vec<Sym>, any: &mut usize, star: &mut bool| {
        out.extend(std::iter::repeat_n(Sym::Any, *any));
        if *star {
            out.push(Sym::Star);
        }
        *any = 0;
        *star = false;
    };
    for c in pattern.chars() {
        match c {
            '*' => run_star = true,
            '?' => run_any += 1,
            c => {
                flush(&mut out, &mut run_any, &mut run_star);
                out.push(Sym::Lit(c));
            }
        }
    }
    flush(&mut out, &mut run_any, &mut run_star);
    out
}

/// Whether some string is matched by both globs.
pub fn patterns_intersect(a: &str, b: &str, case: MatchCase) -> bool {
    let a = symbols(&fold(a, case));
    let b = symbols(&fold(b, case));
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if std::mem::replace(slot, true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let (sa, sb) = (a.get(i).copied(), b.get(j).copied());
        if sa == Some(Sym::Star) {
            stack.push((i + 1, j));
            if matches!(sb, Some(Sym::Any | Sym::Lit(_))) {
                stack.push((i, j + 1)); // a's star eats the character b's symbol matches
            }
        }
        if sb == Some(Sym::Star) {
            stack.push((i, j + 1));
            if matches!(sa, Some(Sym::Any | Sym::Lit(_))) {
                stack.push((i + 1, j));
            }
        }
        let compatible = match (sa, sb) {
            (Some(Sym::Any), Some(Sym::Any | Sym::Lit(_)))
            | (Some(Sym::Lit(_)), Some(Sym::Any)) => true,
            (Some(Sym::Lit(x)), Some(Sym::Lit(y))) => x == y,
            _ => false,
        };
        if compatible {
            stack.push((i + 1, j + 1));
        }
    }
    false
}

/// Whether every string glob `b` matches is also matched by glob `a`
/// (see the module docs for the one approximation).
pub fn pattern_covers(a: &str, b: &str, case: MatchCase) -> bool {
    let a = symbols(&fold(a, case));
    let b = symbols(&fold(b, case));
    symbolic_cover(&a, &b) || exact_cover(&a, &b).unwrap_or(false)
}

/// Sound but incomplete: `b`'s symbols matched by `a` as if they were text.
fn symbolic_cover(a: &[Sym], b: &[Sym]) -> bool {
    let mut reach = Reach::new(a.len() + 1, b.len() + 1);
    reach.set(0, 0);
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            if !reach.get(i, j) {
                continue;
            }
            match (a.get(i), b.get(j)) {
                (Some(Sym::Star), sb) => {
                    reach.set(i + 1, j);
                    if sb.is_some() {
                        reach.set(i, j + 1);
                    }
                }
                (Some(Sym::Any), Some(Sym::Any | Sym::Lit(_))) => reach.set(i + 1, j + 1),
                (Some(Sym::Lit(x)), Some(Sym::Lit(y))) if x == y => reach.set(i + 1, j + 1),
                _ => {}
            }
        }
    }
    reach.get(a.len(), b.len())
}

/// Which (position in `a`, position in `b`) pairs [`symbolic_cover`] has reached.
struct Reach {
    width: usize,
    cells: Vec<bool>,
}

impl Reach {
    fn new(rows: usize, width: usize) -> Self {
        Reach {
            width,
            cells: vec![false; rows * width],
        }
    }

    /// Whether the pair was reached; a pair outside the grid never is.
    fn get(&self, i: usize, j: usize) -> bool {
        j < self.width && self.cells.get(i * self.width + j).copied().unwrap_or(false)
    }

    /// Marks the pair reached. Moves only go one past a symbol that exists, so they stay
    /// inside the grid; one outside it would be a pair no walk can finish from anyway.
    fn set(&mut self, i: usize, j: usize) {
        if j < self.width {
            if let Some(cell) = self.cells.get_mut(i * self.width + j) {
                *cell = true;
            }
        }
    }
}

/// A set of positions of pattern `a`, closed under skipping `*`.
type StateSet = Vec<u64>;

/// Adds position `i` and the positions after the `*`s that follow it. Sets are sized for every
/// position of `a` and the end (see [`exact_cover`]), so no position falls outside.
fn insert_closed(a: &[Sym], set: &mut StateSet, mut i: usize) {
    loop {
        if let Some(word) = set.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
        if a.get(i) == Some(&Sym::Star) {
            i += 1;
        } else {
            return;
        }
    }
}

fn contains(set: &StateSet, i: usize) -> bool {
    set.get(i / 64)
        .is_some_and(|word| word & (1 << (i % 64)) != 0)
}

fn step_set(a: &[Sym], set: &StateSet, c: char) -> StateSet {
    let mut next = vec![0; set.len()];
    for (i, sym) in a.iter().enumerate() {
        if !contains(set, i) {
            continue;
        }
        match sym {
            Sym::Star => insert_closed(a, &mut next, i),
            Sym::Any => insert_closed(a, &mut next, i + 1),
            Sym::Lit(x) if *x == c => insert_closed(a, &mut next, i + 1),
            Sym::Lit(_) => {}
        }
    }
    next
}

/// Exact inclusion test; `None` when the state budget ran out.
fn exact_cover(a: &[Sym], b: &[Sym]) -> Option<bool> {
    let mut alphabet: Vec<char> = a
        .iter()
        .chain(b)
        .filter_map(|s| match s {
            Sym::Lit(c) => Some(*c),
            _ => None,
        })
        .collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    // one character outside both patterns stands for every other character
    let other = ('\u{E000}'..='\u{F8FF}').find(|c| alphabet.binary_search(c).is_err())?;
    alphabet.push(other);

    let mut start = vec![0u64; a.len() / 64 + 1];
    insert_closed(a, &mut start, 0);
    let mut seen: HashSet<(usize, StateSet)> = HashSet::new();
    let mut stack = vec![(0usize, start)];
    while let Some((j, set)) = stack.pop() {
        if seen.contains(&(j, set.clone())) {
            continue;
        }
        if seen.len() >= COVER_STATE_BUDGET {
            return None;
        }
        seen.insert((j, set.clone()));
        match b.get(j) {
            None => {
                if !contains(&set, a.len()) {
                    return Some(false); // b matches the string read so far, a does not
                }
            }
            Some(Sym::Star) => {
                stack.push((j + 1, set.clone()));
                for &c in &alphabet {
                    stack.push((j, step_set(a, &set, c)));
                }
            }
            Some(Sym::Any) => {
                for &c in &alphabet {
                    stack.push((j + 1, step_set(a, &set, c)));
                }
            }
            Some(Sym::Lit(c)) => stack.push((j + 1, step_set(a, &set, *c))),
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::wildcard::glob_matches;

    const S: MatchCase = MatchCase::Sensitive;

    #[test]
    fn coverage_examples() {
        assert!(pattern_covers("*", "anything*", S));
        assert!(pattern_covers("s3:Get*", "s3:GetObject", S));
        assert!(pattern_covers("s3:Get*", "s3:Get*Acl", S));
        assert!(!pattern_covers("s3:Get*", "s3:*", S));
        assert!(pattern_covers("*?", "?*", S));
        assert!(pattern_covers("?*a", "*aa", S)); // needs the exact search
        assert!(!pattern_covers("a?", "a*", S));
        assert!(pattern_covers("*x*x*", "*xx*", S));
        assert!(!pattern_covers("*ab*", "*a*b*", S));
        assert!(pattern_covers(
            "rekognition:*",
            "REKOGNITION:Describe*",
            MatchCase::Insensitive
        ));
        assert!(!pattern_covers("rekognition:*", "REKOGNITION:Describe*", S));
    }

    #[test]
    fn intersection_examples() {
        assert!(patterns_intersect("a*", "*b", S));
        assert!(patterns_intersect("s3:Get*", "*Object", S));
        assert!(!patterns_intersect("s3:Get*", "s3:Put*", S));
        assert!(!patterns_intersect("a?", "abc", S));
        assert!(patterns_intersect("a??", "*c", S));
        assert!(!patterns_intersect("", "?", S));
        assert!(patterns_intersect("", "*", S));
    }

    #[test]
    fn budget_gives_conservative_answer() {
        // `*a` followed by many `?` needs exponentially many subset states
        let a = format!("*a{}", "?".repeat(20));
        let b = format!("*a{}", "?".repeat(19));
        let start = std::time::Instant::now();
        assert!(!pattern_covers(&a, &b, S));
        assert!(start.elapsed().as_secs() < 10);
    }

    /// Every pattern over {a, b, *, ?} up to length 3 against each other,
    /// checked against brute force over strings of {a, b, c} up to length 6.
    #[test]
    fn exhaustive_small_patterns() {
        let mut patterns = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for p in &frontier {
                for c in ['a', 'b', '*', '?'] {
                    next.push(format!("{p}{c}"));
                }
            }
            patterns.extend(next.iter().cloned());
            frontier = next;
        }
        let mut strings = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for s in &frontier {
                for c in ['a', 'b', 'c'] {
                    next.push(format!("{s}{c}"));
                }
            }
            strings.extend(next.iter().cloned());
            frontier = next;
        }
        let matched: Vec<Vec<bool>> = patterns
            .iter()
            .map(|p| strings.iter().map(|s| glob_matches(p, s, S)).collect())
            .collect();
        for (ia, a) in patterns.iter().enumerate() {
            for (ib, b) in patterns.iter().enumerate() {
                let brute_cover = (0..strings.len()).all(|k| !matched[ib][k] || matched[ia][k]);
                let brute_meet = (0..strings.len()).any(|k| matched[ib][k] && matched[ia][k]);
                assert_eq!(pattern_covers(a, b, S), brute_cover, "covers({a:?}, {b:?})");
                assert_eq!(
                    patterns_intersect(a, b, S),
                    brute_meet,
                    "meet({a:?}, {b:?})"
                );
            }
        }
    }
}
