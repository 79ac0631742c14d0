//! Comparison of the one wildcard matcher with the copies it replaces (kept here verbatim
//! until the callers move over).
#![allow(clippy::all)]

use proptest::prelude::*;

use crate::policy::wildcard::{fold, glob_matches, glob_matches_at, MatchCase};

fn old_policy(pattern: &str, text: &str, case: MatchCase) -> bool {
    let pattern = fold(pattern, case);
    let text = fold(text, case);
    old_policy_folded(&pattern, &text)
}

fn old_policy_folded(pattern: &str, text: &str) -> bool {
    // The pieces between the `*`s: the first and last are anchored, the middle ones float.
    let (Some(first_star), Some(last_star)) = (pattern.find('*'), pattern.rfind('*')) else {
        // no `*`: the piece must cover the whole text
        return match_at(pattern, text, 0) == Some(text.len());
    };
    let first = pattern.get(..first_star).unwrap_or("");
    let last = pattern.get(last_star + 1..).unwrap_or("");
    let middle = pattern
        .get(first_star + 1..last_star)
        .unwrap_or("")
        .split('*');
    let Some(start) = match_at(first, text, 0) else {
        return false;
    };
    let tail = &text[start..];
    // the last piece is anchored at the end: it needs its character count
    let last_chars = last.chars().count();
    let Some(tail_start) = nth_char_from_end(tail, last_chars) else {
        return false;
    };
    if match_at(last, tail, tail_start) != Some(tail.len()) {
        return false;
    }
    let mut window = &tail[..tail_start];
    for piece in middle.filter(|p| !p.is_empty()) {
        match find_piece(piece, window) {
            Some(end) => window = &window[end..],
            None => return false,
        }
    }
    true
}

/// The byte index where the last `n` characters of `s` start.
fn nth_char_from_end(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(s.len());
    }
    s.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Matches `piece` (which may contain `?`) at byte `start` of `text`;
/// returns the byte index just after the match.
fn match_at(piece: &str, text: &str, start: usize) -> Option<usize> {
    let mut rest = text.get(start..)?.char_indices();
    let mut end = start;
    for p in piece.chars() {
        let (i, c) = rest.next()?;
        if p != '?' && p != c {
            return None;
        }
        end = start + i + c.len_utf8();
    }
    Some(end)
}

/// The end of the leftmost match of `piece` in `window`.
fn find_piece(piece: &str, window: &str) -> Option<usize> {
    if !piece.contains('?') {
        return window.find(piece).map(|i| i + piece.len());
    }
    window
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(window.len()))
        .find_map(|i| match_at(piece, window, i))
}

fn old_glob_ci(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let c = text.get(t).copied().unwrap_or(0);
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&q) if q == b'?' || q.eq_ignore_ascii_case(&c) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, t));
                }
                None => return false,
            },
        }
    }
    pattern.iter().skip(p).all(|&c| c == b'*')
}

fn old_validate_glob(pattern: &[u8], text: &[u8], fold: bool) -> bool {
    let same = |p: u8, t: u8| p == b'?' || p == t || (fold && p.eq_ignore_ascii_case(&t));
    let (mut p, mut t) = (0, 0);
    // The last `*` seen and how far into the text it has reached.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match (pattern.get(p), text.get(t)) {
            (Some(b'*'), _) => {
                star = Some((p, t));
                p += 1;
            }
            (Some(&pc), Some(&tc)) if same(pc, tc) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, t));
                }
                None => return false,
            },
        }
    }
    pattern.iter().skip(p).all(|&c| c == b'*')
}

fn old_catalog_wildcard_match(pattern: &[u8], len: usize, at: impl Fn(usize) -> u8) -> bool {
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was seen and how much text it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    while t < len {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&at(t)) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, t));
                }
                None => return false,
            },
        }
    }
    pattern.iter().skip(p).all(|&c| c == b'*')
}

const ASCII_PATTERN: &str = "[aAbB:/${}*?]{0,10}";
const ASCII_TEXT: &str = "[aAbB:/${}*?]{0,12}";
const UNICODE_PATTERN: &str = "[aAkK\u{212a}é\u{c9}ßİ\u{1f600}:${}*?]{0,9}";
const UNICODE_TEXT: &str = "[aAkK\u{212a}é\u{c9}ßİ\u{1f600}:${}*?]{0,11}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn one_matcher_agrees_with_the_old_copies_on_ascii(pattern in ASCII_PATTERN, text in ASCII_TEXT) {
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        let insensitive = glob_matches(&pattern, &text, MatchCase::Insensitive);
        let sensitive = glob_matches(&pattern, &text, MatchCase::Sensitive);
        prop_assert_eq!(insensitive, old_glob_ci(p, t));
        prop_assert_eq!(insensitive, old_validate_glob(p, t, true));
        prop_assert_eq!(sensitive, old_validate_glob(p, t, false));
        prop_assert_eq!(insensitive, old_catalog_wildcard_match(p, t.len(), |i| t[i]));
        prop_assert_eq!(insensitive, old_policy(&pattern, &text, MatchCase::Insensitive));
        prop_assert_eq!(sensitive, old_policy(&pattern, &text, MatchCase::Sensitive));
        prop_assert_eq!(insensitive, glob_matches_at(p, t.len(), |i| t[i], MatchCase::Insensitive));
    }

    #[test]
    fn one_matcher_agrees_with_the_old_policy_copy_on_unicode(pattern in UNICODE_PATTERN, text in UNICODE_TEXT) {
        for case in [MatchCase::Sensitive, MatchCase::Insensitive] {
            prop_assert_eq!(glob_matches(&pattern, &text, case), old_policy(&pattern, &text, case));
        }
    }
}
