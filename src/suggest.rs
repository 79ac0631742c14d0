//! Did-you-mean suggestions by edit distance.

/// The candidate closest to `input` (case-insensitive), when it is close enough to be a likely
/// typo: one edit away, or a similarity of at least 0.7 on normalised Damerau-Levenshtein
/// distance (so short names allow one slip and long names proportionally more).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let needle = input.to_ascii_lowercase();
    let needle_chars = needle.chars().count();
    let mut best: Option<(&'a str, f64)> = None;
    for candidate in candidates {
        let lower = candidate.to_ascii_lowercase();
        // The distance is at least the difference in length, so a candidate whose length alone
        // rules it out is skipped before the distance, which is quadratic in the lengths (a
        // megabyte of input against each candidate would take minutes).
        let chars = lower.chars().count();
        let gap = needle_chars.abs_diff(chars);
        if gap > 1 && 1.0 - (gap as f64) / (needle_chars.max(chars) as f64) < 0.7 {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(&needle, &lower);
        let one_edit = needle.len() > 1 && strsim::damerau_levenshtein(&needle, &lower) <= 1;
        if (score >= 0.7 || one_edit) && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
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

    #[test]
    fn lists_values() {
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(one_of(&["a"]), "\"a\"");
    }
}
