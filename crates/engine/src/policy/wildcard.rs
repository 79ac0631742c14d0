//! IAM wildcard matching: `*` matches any run of characters (also empty, and
//! across `/` and `:`), `?` matches exactly one character; every other
//! character stands for itself. Actions compare case-insensitively,
//! resources case-sensitively.
//!
//! Matching never backtracks exponentially: the pattern is cut at its `*`s
//! and each piece is placed at its leftmost possible position, which is
//! optimal for globs. A pattern without `?` is matched in linear time (each
//! piece is found with the standard library's two-way string search); a
//! piece containing `?` is tried at each position, so the worst case is
//! O(pattern × text).
//!
//! IAM's escapes for literal wildcards inside policy variables (`${*}`,
//! `${?}`) are not interpreted here; callers substitute them first.

use std::borrow::Cow;

pub use super::glob_relation::{pattern_covers, patterns_intersect};

/// Whether letter case matters when comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchCase {
    /// Resources, condition values compared by `StringLike`.
    Sensitive,
    /// Actions (`s3:getobject` is `s3:GetObject`).
    Insensitive,
}

/// Lower-cases `s` character by character when case does not matter. Only
/// one-to-one case mappings are applied so `?` still lines up with one
/// character.
pub(crate) fn fold(s: &str, case: MatchCase) -> Cow<'_, str> {
    if case == MatchCase::Sensitive || !s.chars().any(char::is_uppercase) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            })
            .collect(),
    )
}

/// Whether `s` contains `*` or `?`.
pub fn has_wildcard(s: &str) -> bool {
    // a byte loop: both are ASCII, so no character decoding is needed
    s.as_bytes().iter().any(|&b| b == b'*' || b == b'?')
}

/// Whether glob `pattern` matches all of `text`.
pub fn glob_matches(pattern: &str, text: &str, case: MatchCase) -> bool {
    let pattern = fold(pattern, case);
    let text = fold(text, case);
    matches_folded(&pattern, &text)
}

/// Whether an action pattern (`rekognition:Describe*`) matches an action (case-insensitive).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_matches(pattern, action, MatchCase::Insensitive)
}

/// Whether a resource pattern (an ARN with wildcards) matches an ARN (case-sensitive).
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    glob_matches(pattern, resource, MatchCase::Sensitive)
}

fn matches_folded(pattern: &str, text: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark() {
        assert!(resource_matches("*", ""));
        assert!(resource_matches(
            "arn:aws:s3:::*",
            "arn:aws:s3:::bucket/key/x"
        ));
        assert!(resource_matches(
            "arn:aws:rekognition:*:*:project/*",
            "arn:aws:rekognition:us-east-1:123456789012:project/p/1"
        ));
        assert!(resource_matches("a?c", "abc"));
        assert!(!resource_matches("a?c", "ac"));
        assert!(resource_matches(
            "*custom-labels*",
            "my-custom-labels-bucket"
        ));
        assert!(!resource_matches("abc", "abcd"));
        assert!(resource_matches("a*b*c", "abc"));
        assert!(!resource_matches("a*b*c", "acb"));
        assert!(resource_matches("*a?", "xxab"));
        assert!(resource_matches("é?*", "éé"));
    }

    #[test]
    fn case_rules() {
        assert!(action_matches(
            "rekognition:Describe*",
            "REKOGNITION:describeprojects"
        ));
        assert!(!resource_matches(
            "arn:aws:s3:::Bucket",
            "arn:aws:s3:::bucket"
        ));
    }

    #[test]
    fn adversarial_pattern_is_fast() {
        let pattern = format!("{}b", "a*".repeat(2000));
        let text = "a".repeat(20_000);
        let started = std::time::Instant::now();
        assert!(!resource_matches(&pattern, &text));
        let with_question = format!("{}b", "a?*".repeat(500));
        assert!(!resource_matches(&with_question, &text));
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn has_wildcards() {
        assert!(has_wildcard("s3:Get*"));
        assert!(has_wildcard("a?"));
        assert!(!has_wildcard("s3:GetObject"));
    }
}
