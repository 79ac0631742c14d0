//! Parses real policies from the development data in `../shared`.
//!
//! These tests read `../shared` (beside the repository), which exists for development and CI
//! but not in a user's clone: through `reference_data`, which skips visibly where a file is
//! absent and fails under `CI=true`.

use crate::policy::{counted_size, documents_equivalent, parse_policy, ParseErrorCode};

use reference_data::{read_shared as read, shared};

/// Parses `text` without errors and checks render/parse round trips.
fn assert_clean_round_trip(name: &str, text: &str) {
    let outcome = parse_policy(text);
    assert!(outcome.errors.is_empty(), "{name}: {:?}", outcome.errors);
    let Some(doc) = outcome.document else {
        panic!("{name}: no document");
    };
    for rendered in [doc.to_json_pretty(), doc.to_json_minified()] {
        let again = parse_policy(&rendered);
        assert!(again.errors.is_empty(), "{name}: {:?}", again.errors);
        let Some(again) = again.document else {
            panic!("{name}: no document after rendering");
        };
        assert_eq!(again.without_spans(), doc.without_spans(), "{name}");
        assert!(documents_equivalent(&again, &doc), "{name}");
    }
    assert_eq!(doc.counted_size(), counted_size(text), "{name}");
}

#[test]
fn current_managed_policies_parse_cleanly() {
    let Some(dir) = shared("reference/managed-policies/current-default-version") else {
        return;
    };
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert_clean_round_trip(&path.display().to_string(), &text);
            count += 1;
        }
    }
    assert_eq!(count, 4);
}

#[test]
fn documented_custom_labels_policy_reports_the_missing_comma() {
    let Some(text) = read(
        "reference/managed-policies/as-written-in-aws-docs/AmazonRekognitionCustomLabelsFullAccess.json",
    ) else {
        return;
    };
    let outcome = parse_policy(&text);
    let rendered: Vec<String> = outcome.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        rendered,
        ["31:51: missing ',' between array elements (the next one starts at 32:17) [json.missing_comma]"]
    );
    assert_eq!(outcome.errors[0].code, ParseErrorCode::JsonMissingComma);
    // the document is still built, with every action
    let fixed = read(
        "reference/managed-policies/as-written-in-aws-docs/AmazonRekognitionCustomLabelsFullAccess.comma-fixed.json",
    );
    if let (Some(doc), Some(fixed)) = (outcome.document, fixed) {
        let fixed = parse_policy(&fixed);
        assert!(fixed.errors.is_empty());
        let fixed = fixed.document.map(|d| d.without_spans());
        assert_eq!(Some(doc.without_spans()), fixed);
    }
}

#[test]
fn access_analyzer_corpus_parses_cleanly() {
    let Some(text) = read("corpora/access-analyzer-mamip/cases.json") else {
        return;
    };
    let cases: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("cases.json: {e}"),
    };
    let cases = cases.as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), 1444);
    let mut size_findings = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let sent = case["policy_document_sent"].as_str().unwrap_or("");
        assert_clean_round_trip(name, sent);
        // Access Analyzer quotes the IAM count plus one in its size finding
        for finding in case["expected_findings"].as_array().into_iter().flatten() {
            if finding["issueCode"] == "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA" {
                let details = finding["findingDetails"].as_str().unwrap_or("");
                let quoted = details
                    .strip_prefix("The ")
                    .and_then(|rest| rest.split(' ').next())
                    .and_then(|n| n.parse::<usize>().ok());
                assert_eq!(quoted, Some(counted_size(sent) + 1), "{name}");
                size_findings += 1;
            }
        }
    }
    assert!(size_findings > 0);
}
