//! Validates an IAM policy given as a file (or a built-in sample) and prints every finding with
//! its place, code and fix.
//!
//! `cargo run -p rekognitioniam-engine --example validate -- policy.json`

use std::process::ExitCode;

use rekognitioniam_engine::analysis::{validate_json, PolicyType, ValidateOptions};
use rekognitioniam_engine::policy::SizeQuota;

const SAMPLE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["rekognition:DetectLabel", "s3:GetObject"],
    "Resource": "arn:aws:s3:::my-images/*"
  }]
}"#;

fn main() -> ExitCode {
    let text = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => SAMPLE.to_string(),
    };
    let options = ValidateOptions {
        size_quota: Some(SizeQuota::ManagedPolicy),
        ..ValidateOptions::new(PolicyType::Identity)
    };
    let report = validate_json(&text, &options);
    for finding in &report.findings {
        println!(
            "{} {:?} {}: {}\n    {}",
            finding.place(),
            finding.severity,
            finding.code,
            finding.message,
            finding.detail
        );
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
