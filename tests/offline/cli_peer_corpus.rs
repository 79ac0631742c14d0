//! `check` on the plan fixtures of a peer CI tool that sends every policy of a plan to IAM
//! Access Analyzer (validate, check-no-new-access, check-access-not-granted,
//! check-no-public-access), with the findings it expects per fixture.
//!
//! Reads ../shared/corpora/tf-iam-policy-validator (development and CI reference data, not part
//! of the repository) through `reference_data`: skipped visibly where absent, failing under
//! `CI=true`. Prints a table of the expected
//! findings: whether `check` found the policy each one is about, what it reports there, and
//! whether the expectation is one an offline validator can meet (validate) or belongs to a check
//! that compares with a reference policy or asks AWS (the others).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

fn corpus() -> Option<PathBuf> {
    reference_data::shared("corpora/tf-iam-policy-validator/iam_check/test")
}

struct Ours {
    /// `(address.attribute, finding codes)` of every checked policy.
    policies: Vec<(String, Vec<String>)>,
    skipped: Vec<String>,
    errors: u64,
    security_warnings: u64,
}

fn check(plan: &Path) -> Ours {
    let out = Command::new(BINARY)
        .args(["check", "--format", "json"])
        .arg(plan)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}: {}",
        plan.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let place = |p: &Value| {
        format!(
            "{}.{}",
            p["address"].as_str().unwrap_or(""),
            p["attribute"].as_str().unwrap_or("")
        )
    };
    Ours {
        policies: report["policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let codes = p["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["code"].as_str().unwrap_or("").to_string())
                    .collect();
                (place(p), codes)
            })
            .collect(),
        skipped: report["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(place)
            .collect(),
        errors: report["summary"]["error"].as_u64().unwrap_or(0),
        security_warnings: report["summary"]["security_warning"].as_u64().unwrap_or(0),
    }
}

/// Our place for the peer's policy name: `aws_iam_role.r.inline_policy.0` is an inline policy
/// block; a role by itself is its trust policy; any other resource has one policy attribute.
fn our_place<'a>(ours: &'a Ours, name: &str) -> Option<(&'a str, &'a [String])> {
    let wanted = name
        .rsplit_once(".inline_policy.")
        .map(|(address, index)| format!("{address}.inline_policy[{index}].policy"));
    let candidates: Vec<&(String, Vec<String>)> = ours
        .policies
        .iter()
        .filter(|(place, _)| match &wanted {
            Some(w) => place == w,
            None => {
                place.starts_with(&format!("{name}."))
                    && !place[name.len() + 1..].contains('.')
                    && !place.contains(".inline_policy[")
            }
        })
        .collect();
    candidates
        .iter()
        .find(|(place, _)| place.ends_with(".assume_role_policy"))
        .or(candidates.first())
        .map(|(place, codes)| (place.as_str(), codes.as_slice()))
}

fn why_not_offline(code: &str) -> &'static str {
    match code {
        "policy-analysis-CheckNoNewAccess" => "compares with a reference policy",
        "policy-analysis-CheckAccessNotGranted" => "asks whether listed actions are granted",
        "policy-analysis-CheckNoPublicAccess" => "AWS's public-access analysis",
        _ => "not a validate finding",
    }
}

#[test]
fn peer_plan_fixtures() {
    let Some(root) = corpus() else {
        return;
    };
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("test_plan.json").is_file())
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());

    let mut rows = Vec::new();
    let (mut expected, mut found, mut validate_total, mut validate_matched) = (0, 0, 0, 0);
    for fixture in &fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        let ours = check(&fixture.join("test_plan.json"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with("findings.json"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let findings: Vec<&Value> = ["BlockingFindings", "NonBlockingFindings"]
                .iter()
                .flat_map(|k| doc[*k].as_array().into_iter().flatten())
                .collect();
            if findings.is_empty() {
                // the validate expectation of a plan: no blocking finding (errors and
                // security warnings block by default)
                if name == "iam_policy" {
                    validate_total += 1;
                    let blocking = ours.errors + ours.security_warnings;
                    let matched = blocking == 0;
                    validate_matched += usize::from(matched);
                    rows.push([
                        name.clone(),
                        stem,
                        "validate".into(),
                        "(every policy)".into(),
                        "none".into(),
                        format!("checked {}, blocking {blocking}", ours.policies.len()),
                        if matched { "match" } else { "DIFFERS" }.into(),
                    ]);
                }
                continue;
            }
            for finding in findings {
                expected += 1;
                let policy = finding["policyName"].as_str().unwrap_or("");
                let code = finding["code"].as_str().unwrap_or("");
                let kind = finding["findingType"].as_str().unwrap_or("");
                let (ours_text, verdict) = match our_place(&ours, policy) {
                    Some((place, codes)) => {
                        found += 1;
                        let codes = if codes.is_empty() {
                            "clean".to_string()
                        } else {
                            codes.join(" ")
                        };
                        (
                            format!("{place}: {codes}"),
                            format!("policy found; {}", why_not_offline(code)),
                        )
                    }
                    None if ours.skipped.iter().any(|s| s.starts_with(policy)) => {
                        found += 1;
                        ("skipped: unknown until apply".into(), "policy found".into())
                    }
                    None => ("NOT FOUND".into(), "MISSED".into()),
                };
                rows.push([
                    name.clone(),
                    stem.clone(),
                    code.trim_start_matches("policy-analysis-").into(),
                    policy.into(),
                    kind.into(),
                    ours_text,
                    verdict,
                ]);
            }
        }
    }
    let header = [
        "fixture",
        "expectation",
        "their check",
        "policy",
        "type",
        "check finds",
        "verdict",
    ];
    println!("\n{}", header.join(" | "));
    println!("{}", ["---"; 7].join(" | "));
    for row in &rows {
        println!("{}", row.join(" | "));
    }
    println!(
        "\n{} fixtures; {expected} expected findings on named policies, the policy found by check \
         for {found}; validate expectations met: {validate_matched}/{validate_total}; the other \
         expectations belong to checks that compare with a reference policy or ask AWS.",
        fixtures.len()
    );
    assert_eq!(found, expected, "every policy the peer reports on is found");
    assert_eq!(validate_matched, validate_total);
}
