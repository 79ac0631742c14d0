//! The effective-permission evaluator on arbitrary documents: the input is up to four policies
//! separated by NUL bytes; the first two form the prior set, all of them the next set.

#![no_main]

use libfuzzer_sys::fuzz_target;
use engine::analysis::effective::{new_access, NamedPolicy, PolicySet};
use engine::catalog::AccessLevel;
use engine::policy::parse_policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let policies: Vec<NamedPolicy> = text
        .split('\0')
        .take(4)
        .enumerate()
        .filter_map(|(i, part)| {
            parse_policy(part)
                .document
                .map(|doc| NamedPolicy::new(format!("p{i}"), doc))
        })
        .collect();
    let prior = PolicySet::new(policies.iter().take(2).cloned().collect());
    let next = PolicySet::new(policies);
    let effective = next.effective_actions();
    assert!(effective.allowed.is_disjoint(&effective.conditional));
    let _ = next.actions_above(AccessLevel::ALL[data.len() % AccessLevel::ALL.len()]);
    for action in [
        "rekognition:DetectLabels",
        "s3:GetObject",
        "iam:PassRole",
        "nope:Nope",
    ] {
        let _ = next.decide_anywhere(action);
        let _ = next.decide(action, "*");
        let _ = next.decide(action, "arn:aws:s3:::bucket/key");
    }
    let _ = new_access(&prior, &next);
    let _ = next.skipped_statements();
});
