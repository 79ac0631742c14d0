//! Property tests: wildcard matching against a simple reference.

use proptest::prelude::*;

use crate::policy::{glob_matches, pattern_covers, patterns_intersect, MatchCase};

/// Textbook dynamic-programming glob matcher, O(pattern × text).
fn reference_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // row[j]: does p[..i] match t[..j]
    let mut row = vec![false; t.len() + 1];
    row[0] = true;
    for &pc in &p {
        let mut next = vec![false; t.len() + 1];
        if pc == '*' {
            next[0] = row[0];
        }
        for j in 1..=t.len() {
            next[j] = match pc {
                '*' => row[j] || next[j - 1],
                '?' => row[j - 1],
                c => row[j - 1] && c == t[j - 1],
            };
        }
        row = next;
    }
    row[t.len()]
}

/// A string glob `pattern` matches, with `*` and `?` filled from `fill`.
fn instantiate(pattern: &str, fill: &[String]) -> String {
    let mut out = String::new();
    let mut k = 0;
    for c in pattern.chars() {
        let piece = fill
            .get(k % fill.len().max(1))
            .map(String::as_str)
            .unwrap_or("");
        match c {
            '*' => {
                out.push_str(piece);
                k += 1;
            }
            '?' => {
                out.push(piece.chars().next().unwrap_or('x'));
                k += 1;
            }
            c => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_like_the_reference(pattern in "[ab*?]{0,10}", text in "[abc]{0,14}") {
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Sensitive),
            reference_match(&pattern, &text)
        );
    }

    #[test]
    fn unicode_and_case(pattern in "[aAé\u{c9}ß*?:/]{0,8}", text in "[aAé\u{c9}ß:/]{0,10}") {
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Sensitive),
            reference_match(&pattern, &text)
        );
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Insensitive),
            reference_match(&pattern.to_lowercase(), &text.to_lowercase())
        );
    }

    #[test]
    fn covers_and_intersect_are_sound(
        a in "[ab*?]{0,7}",
        b in "[ab*?]{0,7}",
        fill in proptest::collection::vec("[abc]{0,3}", 1..4),
    ) {
        let sample = instantiate(&b, &fill);
        prop_assert!(reference_match(&b, &sample));
        if pattern_covers(&a, &b, MatchCase::Sensitive) {
            prop_assert!(reference_match(&a, &sample), "{} covers {} but not {}", a, b, sample);
        }
        if reference_match(&a, &sample) {
            prop_assert!(patterns_intersect(&a, &b, MatchCase::Sensitive));
        }
    }
}
