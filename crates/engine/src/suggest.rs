//! Did-you-mean suggestions by edit distance.

/// The candidate closest to `input` (case-insensitive), when it is close enough to be a likely
/// typo: one edit away, or a similarity of at least 0.7 on normalised Damerau-Levenshtein
/// distance (so short names allow one slip and long names proportionally more).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let needle = input.to_ascii_lowercase();
    let needle_chars = needle.chars().count();
    let needle_counts = ascii_counts(&needle);
    let mut best: Option<(&'a str, f64)> = None;
    for candidate in candidates {
        // The distance is at least the difference in length, and at least the bag distance
        // (characters one side has more of), so a candidate whose bound alone rules it out is
        // skipped before the distance, which is quadratic in the lengths (a megabyte of input
        // against each candidate would take minutes, and an unknown name meets hundreds).
        let chars = candidate.chars().count();
        let gap = needle_chars.abs_diff(chars);
        if gap > 1 && 1.0 - (gap as f64) / (needle_chars.max(chars) as f64) < 0.7 {
            continue;
        }
        if let Some(counts) = &needle_counts {
            if let Some(bound) = bag_distance(counts, needle.len(), candidate) {
                if !could_win(bound, needle.len(), needle_chars.max(chars), best) {
                    continue;
                }
            }
        }
        let lower = candidate.to_ascii_lowercase();
        let distance = strsim::damerau_levenshtein(&needle, &lower);
        let score = similarity(distance, needle_chars.max(chars));
        let one_edit = needle.len() > 1 && distance <= 1;
        if (score >= 0.7 || one_edit) && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Normalised similarity as `strsim::normalized_damerau_levenshtein` computes it from the
/// distance and the longer length in characters.
fn similarity(distance: usize, longer: usize) -> f64 {
    if longer == 0 {
        return 1.0;
    }
    1.0 - (distance as f64) / (longer as f64)
}

/// Whether a candidate whose distance is at least `bound` could still be chosen.
fn could_win(bound: usize, needle_len: usize, longer: usize, best: Option<(&str, f64)>) -> bool {
    // the similarity only falls as the distance grows, so `bound` gives its upper limit
    let limit = similarity(bound, longer);
    (limit >= 0.7 || (needle_len > 1 && bound <= 1)) && best.is_none_or(|(_, s)| limit > s)
}

/// How often each byte occurs in ASCII text; `None` for other text.
fn ascii_counts(text: &str) -> Option<[u32; 128]> {
    let mut counts = [0u32; 128];
    for byte in text.bytes() {
        *counts.get_mut(usize::from(byte))? += 1;
    }
    Some(counts)
}

/// The bag distance between the lower-cased ASCII needle (by its byte counts and length) and
/// `candidate` ignoring ASCII case: a lower bound of the Damerau-Levenshtein distance, since
/// each edit changes at most one character on each side and a transposition none. `None`
/// when the candidate is not ASCII.
fn bag_distance(needle_counts: &[u32; 128], needle_len: usize, candidate: &str) -> Option<usize> {
    let mut remaining = *needle_counts;
    let mut shared = 0;
    for byte in candidate.bytes() {
        let count = remaining.get_mut(usize::from(byte.to_ascii_lowercase()))?;
        if *count > 0 {
            *count -= 1;
            shared += 1;
        }
    }
    Some((needle_len - shared).max(candidate.len() - shared))
}

/// `Did you mean "X"? ` or an empty string.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates)
        .map(|c| format!("Did you mean \"{c}\"? "))
        .unwrap_or_default()
}

/// `"a", "b" or "c"` for a list of valid values.
pub fn one_of<S: AsRef<str>>(values: &[S]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| format!("\"{}\"", v.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = [
            "AmazonRekognitionFullAccess",
            "AmazonRekognitionReadOnlyAccess",
        ];
        assert_eq!(closest("AmazonRekognitionFulAccess", names), Some(names[0]));
        assert_eq!(
            closest("amazonrekognitionreadonlyaccess", names),
            Some(names[1])
        );
        assert_eq!(closest("S3FullAccess", names), None);
    }

    #[test]
    fn huge_input_is_answered_at_once() {
        let huge = "us-east-1".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(closest(&huge, ["us-east-1", "us-east-2"]), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // lengths that can still qualify are compared as before
        assert_eq!(closest("us-eas-1", ["us-east-1"]), Some("us-east-1"));
        assert_eq!(closest("u", ["us"]), None);
        assert_eq!(closest("ab", ["abc"]), Some("abc"));
    }

    /// The selection as the plain definition states it: every candidate's distance.
    fn closest_by_definition<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let needle = input.to_ascii_lowercase();
        let mut best: Option<(&'a str, f64)> = None;
        for &candidate in candidates {
            let lower = candidate.to_ascii_lowercase();
            let score = strsim::normalized_damerau_levenshtein(&needle, &lower);
            let one_edit = needle.len() > 1 && strsim::damerau_levenshtein(&needle, &lower) <= 1;
            if (score >= 0.7 || one_edit) && best.is_none_or(|(_, s)| score > s) {
                best = Some((candidate, score));
            }
        }
        best.map(|(c, _)| c)
    }

    proptest::proptest! {
        #[test]
        fn bounds_never_change_the_choice(
            input in "[a-fA-F:*é]{0,9}",
            candidates in proptest::collection::vec("[a-fA-F:é]{0,9}", 0..12),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                closest(&input, candidates.iter().copied()),
                closest_by_definition(&input, &candidates)
            );
        }
    }

    #[test]
    fn lists_values() {
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(one_of(&["a"]), "\"a\"");
    }
}
