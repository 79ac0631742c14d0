//! IAM wildcard matching, the one matcher of the engine: `*` matches any run of characters
//! (also empty, and across `/` and `:`), `?` matches exactly one character; every other
//! character stands for itself. Actions compare case-insensitively, resources
//! case-sensitively.
//!
//! The text is read as UTF-8 bytes, so the hot paths (effective permissions, catalogue
//! searches) match without allocating or decoding ASCII: `?` takes one whole character, and a
//! case-insensitive comparison decodes a character only where either side is not ASCII. It
//! then applies the same one-to-one lower-casing as [`fold`], which the coverage and
//! intersection tests in [`super::glob_relation`] use.
//!
//! The matcher keeps only the last `*` it passed (a glob never needs to revisit an earlier
//! one: placing each piece at its leftmost match is optimal), so it never backtracks
//! exponentially; the worst case is O(pattern × text).
//!
//! Policy variables (`${aws:username}`, and IAM's escapes `${*}`, `${?}`, `${$}`) are not
//! interpreted here: `$`, `{` and `}` are ordinary characters. Callers that evaluate
//! variables substitute them first.

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

/// Lower-cases one character when it has a one-to-one lower-case mapping, so that `?` still
/// lines up with one character; others stay as they are.
fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Lower-cases `s` character by character (see [`fold_char`]) when case does not matter.
pub(crate) fn fold(s: &str, case: MatchCase) -> Cow<'_, str> {
    if case == MatchCase::Sensitive || !s.chars().any(char::is_uppercase) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(fold_char).collect())
}

/// Whether `s` contains `*` or `?`.
pub fn has_wildcard(s: &str) -> bool {
    // a byte loop: both are ASCII, so no character decoding is needed
    s.as_bytes().iter().any(|&b| b == b'*' || b == b'?')
}

/// Whether `pattern` is stars only (`*`, `**`...): it matches every text.
pub fn matches_everything(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.bytes().all(|b| b == b'*')
}

/// Whether glob `pattern` matches all of `text`.
pub fn glob_matches(pattern: &str, text: &str, case: MatchCase) -> bool {
    glob_matches_bytes(pattern.as_bytes(), text.as_bytes(), case)
}

/// [`glob_matches`] on UTF-8 bytes.
pub fn glob_matches_bytes(pattern: &[u8], text: &[u8], case: MatchCase) -> bool {
    glob_matches_at(
        pattern,
        text.len(),
        |i| text.get(i).copied().unwrap_or(0),
        case,
    )
}

/// Whether an action pattern (`rekognition:Describe*`) matches an action (case-insensitive).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_matches(pattern, action, MatchCase::Insensitive)
}

/// Whether a resource pattern (an ARN with wildcards) matches an ARN (case-sensitive).
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    glob_matches(pattern, resource, MatchCase::Sensitive)
}

/// [`glob_matches`] with the text (UTF-8) given by its length in bytes and the byte at each
/// index, so that a caller can match a joined text such as `prefix:Action` without building it.
pub fn glob_matches_at(
    pattern: &[u8],
    len: usize,
    at: impl Fn(usize) -> u8,
    case: MatchCase,
) -> bool {
    // one loop per case, so the hot loop tests no flag
    match case {
        MatchCase::Sensitive => matches_with::<false>(pattern, len, at),
        MatchCase::Insensitive => matches_with::<true>(pattern, len, at),
    }
}

/// [`glob_matches_at`], ignoring case when `FOLD`.
fn matches_with<const FOLD: bool>(pattern: &[u8], len: usize, at: impl Fn(usize) -> u8) -> bool {
    let (mut p, mut t) = (0, 0);
    // Just after the last `*` passed, and the text position its run currently ends at.
    let mut star: Option<(usize, usize)> = None;
    while t < len {
        let c = at(t);
        let q = pattern.get(p).copied();
        if q == Some(b'*') {
            p += 1;
            star = Some((p, t));
            continue;
        }
        if let Some(q) = q {
            if (q | c) < 0x80 {
                // both ASCII: the common case, kept to a few comparisons
                if q == c || q == b'?' || (FOLD && q.eq_ignore_ascii_case(&c)) {
                    p += 1;
                    t += 1;
                    continue;
                }
            } else if let Some((dp, dt)) = non_ascii_step::<FOLD>(pattern, p, &at, t, len) {
                p += dp;
                t += dt;
                continue;
            }
        }
        let Some((star_p, star_t)) = star else {
            return false;
        };
        // The last `*` takes one more byte and the rest is tried after it. That may stop
        // inside a character: no literal character and no `?` matches from a continuation
        // byte, so such a position only ever passes on to the next.
        t = star_t + 1;
        p = star_p;
        star = Some((star_p, t));
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&b| b == b'*'))
}

/// How far pattern byte `p` (not `*`) and text byte `t` advance when either is not ASCII, or
/// `None` when they do not match.
#[cold]
#[inline(never)]
fn non_ascii_step<const FOLD: bool>(
    pattern: &[u8],
    p: usize,
    at: &impl Fn(usize) -> u8,
    t: usize,
    len: usize,
) -> Option<(usize, usize)> {
    let (q, c) = (pattern.get(p).copied().unwrap_or(0), at(t));
    if q == b'?' {
        // one whole character, never the middle of one
        (!is_continuation(c)).then(|| (1, char_len(c, len - t)))
    } else if FOLD {
        same_folded(pattern, p, at, t, len)
    } else {
        (q == c).then_some((1, 1))
    }
}

/// Whether `byte` continues a UTF-8 sequence rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// The length of the UTF-8 sequence `lead` starts, at most `left` (1 for ASCII and for a
/// stray continuation byte).
fn char_len(lead: u8, left: usize) -> usize {
    let len = match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    };
    len.min(left)
}

/// The character at byte `i` of a UTF-8 text of `len` bytes read through `at`, and its length
/// in bytes; `None` for a byte that does not start a valid sequence.
fn char_at(at: impl Fn(usize) -> u8, i: usize, len: usize) -> (Option<char>, usize) {
    let n = char_len(at(i), len.saturating_sub(i)).max(1);
    let mut buf = [0u8; 4];
    for (k, slot) in buf.iter_mut().enumerate().take(n) {
        *slot = at(i + k);
    }
    let decoded = buf
        .get(..n)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .and_then(|s| s.chars().next());
    (decoded, n)
}

/// Whether the characters at pattern byte `p` and text byte `t` are equal after folding, and
/// the bytes each takes. Bytes that do not decode compare as bytes.
fn same_folded(
    pattern: &[u8],
    p: usize,
    at: impl Fn(usize) -> u8,
    t: usize,
    len: usize,
) -> Option<(usize, usize)> {
    let (q, q_len) = char_at(|i| pattern.get(i).copied().unwrap_or(0), p, pattern.len());
    let (c, c_len) = char_at(&at, t, len);
    match (q, c) {
        (Some(q), Some(c)) => (fold_char(q) == fold_char(c)).then_some((q_len, c_len)),
        _ => (pattern.get(p) == Some(&at(t))).then_some((1, 1)),
    }
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

    #[test]
    fn stars_only_match_everything() {
        for pattern in ["*", "**", "***"] {
            assert!(matches_everything(pattern));
            assert!(glob_matches(pattern, "any:Thing", MatchCase::Sensitive));
        }
        for pattern in ["", "*?", "s3:*", "*:*"] {
            assert!(!matches_everything(pattern), "{pattern}");
        }
    }
}
