//! Property tests: wildcard matching against a simple reference.

use proptest::prelude::*;

use crate::policy::wildcard::{glob_matches_at, glob_matches_bytes};
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

/// [`reference_match`] ignoring case as the matcher does: characters lower-cased one to one.
fn reference_match_ci(pattern: &str, text: &str) -> bool {
    let fold = |s: &str| crate::policy::wildcard::fold(s, MatchCase::Insensitive).into_owned();
    reference_match(&fold(pattern), &fold(text))
}

/// The cases the four matchers the engine used to have (policy, the validator's globs, the
/// effective-permissions expansion and the catalogue's name search) were each tested on, with
/// the answer and whether case was ignored.
const OLD_COPIES_CASES: &[(&str, &str, MatchCase, bool)] = &[
    // validator (`validate/glob.rs`)
    (
        "ec2:Describe*",
        "EC2:describeinstances",
        MatchCase::Insensitive,
        true,
    ),
    ("*", "", MatchCase::Insensitive, true),
    ("s3:*Object?", "s3:GetObjectX", MatchCase::Insensitive, true),
    ("s3:Get", "s3:GetObject", MatchCase::Insensitive, false),
    ("S3:GetObject", "s3:GetObject", MatchCase::Sensitive, false),
    ("a*b*c", "aXbYbZc", MatchCase::Sensitive, true),
    // effective permissions (`effective/actions.rs`)
    ("s3:get*", "s3:GetObject", MatchCase::Insensitive, true),
    ("s3:Get?", "s3:Get", MatchCase::Insensitive, false),
    ("*a*b", "xaxxb", MatchCase::Insensitive, true),
    // catalogue (`catalog/names.rs`)
    ("*", "s3:GetObject", MatchCase::Insensitive, true),
    ("S3:GET*", "s3:GetObject", MatchCase::Insensitive, true),
    ("*:Get*", "s3:GetObject", MatchCase::Insensitive, true),
    ("s3:Get?bject", "s3:GetObject", MatchCase::Insensitive, true),
    (
        "s3:*Object*",
        "s3:PutObjectAcl",
        MatchCase::Insensitive,
        true,
    ),
    ("*a*b*c", "xaxbxbxc", MatchCase::Insensitive, true),
    ("s3:*Acl", "s3:PutObject", MatchCase::Insensitive, false),
    ("", "x", MatchCase::Insensitive, false),
    // policy variables are ordinary characters to the matcher
    (
        "arn:aws:s3:::${aws:username}/*",
        "arn:aws:s3:::${aws:username}/a",
        MatchCase::Sensitive,
        true,
    ),
    (
        "arn:aws:s3:::${aws:username}/*",
        "arn:aws:s3:::alice/a",
        MatchCase::Sensitive,
        false,
    ),
    // `?` is one character, however many bytes
    ("é?*", "éé", MatchCase::Sensitive, true),
    ("a?c", "a\u{1f600}c", MatchCase::Sensitive, true),
    ("a??c", "a\u{1f600}c", MatchCase::Sensitive, false),
    ("\u{c9}T\u{c9}", "été", MatchCase::Insensitive, true),
];

#[test]
fn old_copies_cases_hold() {
    for &(pattern, text, case, expected) in OLD_COPIES_CASES {
        assert_eq!(
            glob_matches(pattern, text, case),
            expected,
            "{pattern:?} {text:?} {case:?}"
        );
        let bytes = text.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        assert_eq!(
            glob_matches_at(pattern.as_bytes(), bytes.len(), at, case),
            expected
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// ASCII with IAM's special characters and policy-variable syntax, both cases: the ground
    /// every one of the old copies was used on.
    #[test]
    fn one_matcher_matches_like_the_reference_on_ascii(
        pattern in "[aAbB:/${}*?]{0,10}",
        text in "[aAbB:/${}*?]{0,12}",
    ) {
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Sensitive),
            reference_match(&pattern, &text)
        );
        prop_assert_eq!(
            glob_matches_bytes(pattern.as_bytes(), text.as_bytes(), MatchCase::Insensitive),
            reference_match_ci(&pattern, &text)
        );
    }

    /// Characters of one to four bytes, ones whose lower case is ASCII (the Kelvin sign) or
    /// has no one-to-one lower case (`İ`).
    #[test]
    fn one_matcher_matches_like_the_reference_on_unicode(
        pattern in "[aAkK\u{212a}é\u{c9}ßİ\u{1f600}:${}*?]{0,9}",
        text in "[aAkK\u{212a}é\u{c9}ßİ\u{1f600}:${}*?]{0,11}",
    ) {
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Sensitive),
            reference_match(&pattern, &text)
        );
        prop_assert_eq!(
            glob_matches(&pattern, &text, MatchCase::Insensitive),
            reference_match_ci(&pattern, &text)
        );
    }

    /// A joined text read through an accessor matches as the built string does.
    #[test]
    fn joined_text_matches_like_the_built_string(
        pattern in "[aAbB:*?]{0,8}",
        prefix in "[aAbB]{0,4}",
        name in "[aAbB:]{0,5}",
    ) {
        let joined = format!("{prefix}:{name}");
        let (p, n) = (prefix.as_bytes(), name.as_bytes());
        let at = |i: usize| match i.checked_sub(p.len()) {
            None => p.get(i).copied().unwrap_or(0),
            Some(0) => b':',
            Some(j) => n.get(j - 1).copied().unwrap_or(0),
        };
        prop_assert_eq!(
            glob_matches_at(pattern.as_bytes(), joined.len(), at, MatchCase::Insensitive),
            glob_matches(&pattern, &joined, MatchCase::Insensitive)
        );
    }

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
