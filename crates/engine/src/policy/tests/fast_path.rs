//! The fast path for strict JSON gives exactly what the thorough path gives: same document,
//! same errors with the same spans, for valid and broken text alike.
//!
//! Besides generated documents, the tests read the policy corpora in `../shared` (beside the
//! repository, present for development and CI but not in a user's clone) through
//! `reference_data`, which skips visibly where they are absent and fails under `CI=true`.

use proptest::prelude::*;

use super::roundtrip::document;
use crate::policy::parse::{parse_with, Path};

fn assert_paths_agree(name: &str, text: &str) {
    let fast = parse_with(text, Path::Fast);
    let thorough = parse_with(text, Path::Thorough);
    assert_eq!(fast, thorough, "{name}: {text:?}");
}

/// Slips to insert into valid JSON: every kind of departure the token checks report, and
/// some the strict parser alone catches.
const SLIPS: [&str; 22] = [
    ",",
    " // note\n",
    "/* c */",
    "'x'",
    "\"\\x\"",
    "\"\\ud800\"",
    "\u{1}",
    "\u{feff}",
    "\u{a0}",
    "01",
    "+1",
    ".5",
    "0x1F",
    "NaN",
    "}",
    "]",
    "\"",
    ":",
    "key",
    "\"a\": 1",
    "[",
    "\\",
];

/// `text` with `slip` inserted at the character boundary nearest `at` (as a fraction).
fn with_slip(text: &str, at: f64, slip: &str) -> String {
    let mut index = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    let (head, tail) = text.split_at(index);
    format!("{head}{slip}{tail}")
}

/// `text` without the characters between two fractions of its length.
fn without_range(text: &str, from: f64, len: f64) -> String {
    let boundary = |fraction: f64| {
        let mut index = ((text.len() as f64) * fraction.min(1.0)) as usize;
        while !text.is_char_boundary(index) {
            index -= 1;
        }
        index
    };
    let (start, end) = (boundary(from), boundary(from + len));
    format!("{}{}", &text[..start], &text[end..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_and_thorough_paths_agree_on_generated_documents(
        doc in document(),
        at in 0.0..1.0f64,
        slip in 0..SLIPS.len(),
        cut in 0.0..0.05f64,
    ) {
        for rendered in [doc.to_json_pretty(), doc.to_json_minified()] {
            assert_paths_agree("rendered", &rendered);
            assert_paths_agree("slip", &with_slip(&rendered, at, SLIPS[slip]));
            assert_paths_agree("cut", &without_range(&rendered, at, cut));
            // a key twice in one object: valid JSON that the parser still reports
            let duplicated = rendered.replacen("{", "{\"Id\": \"a\", \"Id\": \"b\", ", 1);
            assert_paths_agree("duplicate", &duplicated);
        }
    }

    #[test]
    fn fast_and_thorough_paths_agree_on_any_text(text in any::<String>()) {
        assert_paths_agree("any", &text);
    }
}

/// Policy texts of the fuzz seeds (part of the repository).
fn fuzz_seeds() -> Vec<(String, String)> {
    let root = reference_data::repo_root().join("fuzz/seeds");
    let mut seeds = Vec::new();
    for target in ["policy_validate", "policy_roundtrip", "policy_effective"] {
        let entries = std::fs::read_dir(root.join(target)).into_iter().flatten();
        for path in entries.flatten().map(|e| e.path()) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                seeds.push((path.display().to_string(), text));
            }
        }
    }
    seeds
}

#[test]
fn fast_and_thorough_paths_agree_on_fuzz_seeds() {
    let seeds = fuzz_seeds();
    assert!(!seeds.is_empty());
    for (name, text) in &seeds {
        assert_paths_agree(name, text);
        // a seed may hold a policy after a header line: try every line on its own too
        for line in text.lines() {
            assert_paths_agree(name, line);
        }
    }
}

/// The policy strings of a JSON corpus in `../shared`, found under `field` of each case.
fn shared_policies(relative: &str, field: &str) -> Option<Vec<String>> {
    let text = reference_data::read_shared(relative)?;
    let cases: Vec<serde_json::Value> = match serde_json::from_str(&text) {
        Ok(cases) => cases,
        Err(e) => panic!("../shared/{relative}: {e}"),
    };
    let policies = cases
        .iter()
        .filter_map(|case| match &case[field] {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect();
    Some(policies)
}

#[test]
fn fast_and_thorough_paths_agree_on_shared_corpora() {
    for (relative, field) in [
        (
            "corpora/access-analyzer-mamip/cases.json",
            "policy_document_sent",
        ),
        ("corpora/probe-cases.json", "policy"),
        ("corpora/parliament/policy-cases.json", "policy"),
    ] {
        let Some(policies) = shared_policies(relative, field) else {
            continue;
        };
        assert!(!policies.is_empty(), "{relative}");
        for (index, text) in policies.iter().enumerate() {
            assert_paths_agree(&format!("{relative} #{index}"), text);
            // and each with a slip, so the thorough path's reports are compared too
            let slip = SLIPS[index % SLIPS.len()];
            let broken = with_slip(text, (index % 7) as f64 / 7.0, slip);
            assert_paths_agree(&format!("{relative} #{index} with {slip:?}"), &broken);
        }
    }
}
