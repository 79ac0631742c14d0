//! The effective Rekognition permissions of a set of policies: which actions they allow, which
//! only under conditions, and how many at each access level.
//!
//! `cargo run -p rekognitioniam-engine --example effective`

use rekognitioniam_engine::analysis::effective::{NamedPolicy, PolicySet};
use rekognitioniam_engine::policy::parse_policy;

const READ_ONLY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["rekognition:Describe*", "rekognition:List*"], "Resource": "*"}]}"#;

const NO_DELETES: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "rekognition:*", "Resource": "*"},
  {"Effect": "Deny", "Action": "rekognition:Delete*", "Resource": "*"}]}"#;

fn main() {
    let mut policies = Vec::new();
    for (name, text) in [("read-only", READ_ONLY), ("no-deletes", NO_DELETES)] {
        match parse_policy(text).document {
            Some(document) => policies.push(NamedPolicy::new(name, document)),
            None => eprintln!("{name} does not parse"),
        }
    }
    let effective = PolicySet::new(policies).effective_actions();
    println!("{} actions allowed", effective.allowed.len());
    println!(
        "{} allowed only under conditions",
        effective.conditional.len()
    );
    for (level, count) in &effective.access_summary {
        println!("{level:?}: {count}");
    }
}
