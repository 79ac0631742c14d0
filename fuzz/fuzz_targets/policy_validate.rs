//! The validator on arbitrary text, for every policy type, with and without a size quota:
//! no panic, no hang, and the same findings twice.

#![no_main]

use libfuzzer_sys::fuzz_target;
use engine::analysis::{validate, validate_json, PolicyType, ValidateOptions};
use engine::policy::{parse_policy, SizeQuota};

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let policy_type = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::ServiceControl,
    ][usize::from(selector % 4)];
    let options = ValidateOptions {
        policy_type,
        size_quota: (selector & 4 != 0).then_some(SizeQuota::ManagedPolicy),
        ignore: if selector & 8 != 0 {
            vec!["condition.*".to_string(), "action.unknown".to_string()]
        } else {
            Vec::new()
        },
    };
    let report = validate_json(text, &options);
    assert_eq!(report, validate_json(text, &options), "not deterministic");
    if let Some(doc) = parse_policy(text).document {
        let findings = validate(&doc, &options);
        // Without spans (as built from Terraform blocks) the same checks run.
        let _ = validate(&doc.without_spans(), &options);
        assert_eq!(findings, validate(&doc, &options), "not deterministic");
    }
});
