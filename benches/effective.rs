//! Effective permissions of one identity with 20 policies of 50 statements each: compiling the
//! [`PolicySet`] and computing [`PolicySet::effective_actions`], as the policy attachment
//! resource does at every plan.
//!
//! Two sets: `typical` (named actions and service wildcards on ARNs of a few services, a Deny
//! now and then, some conditions) and `harsh` (global wildcards, NotAction Allows, many Denies
//! on resource patterns that overlap the Allows, policy variables), the worst shapes for the
//! evaluator's expansion and Deny-cover work.

// Test and benchmark code: a failed unwrap, expect or index is a failed run with its message,
// which is what these binaries should do on a broken fixture, never production behaviour.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use engine::analysis::effective::{NamedPolicy, PolicySet};
use engine::policy::parse_policy;
use serde_json::{json, Value};

/// The provider binary's allocator, so that the bench measures what the plugin does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POLICIES: usize = 20;
const STATEMENTS: usize = 50;

const SERVICES: [&str; 6] = ["rekognition", "s3", "dynamodb", "kms", "lambda", "sqs"];
const VERBS: [&str; 6] = ["Get", "List", "Describe", "Put", "Delete", "Create"];

fn arn(service: &str, p: usize, s: usize) -> String {
    match service {
        "s3" => format!("arn:aws:s3:::bucket-{p}/prefix-{s}/*"),
        "rekognition" => format!("arn:aws:rekognition:us-east-1:111122223333:collection/c{p}-{s}"),
        "dynamodb" => format!("arn:aws:dynamodb:us-east-1:111122223333:table/t{p}-{s}"),
        "kms" => format!("arn:aws:kms:us-east-1:111122223333:key/k{p}-{s}"),
        "lambda" => format!("arn:aws:lambda:us-east-1:111122223333:function:f{p}-{s}"),
        _ => format!("arn:aws:sqs:us-east-1:111122223333:q{p}-{s}"),
    }
}

/// Statement `s` of policy `p` of the typical set.
fn typical_statement(p: usize, s: usize) -> Value {
    let service = SERVICES[(p + s) % SERVICES.len()];
    let verb = VERBS[s % VERBS.len()];
    let actions = match s % 5 {
        0 => json!([format!("{service}:*")]),
        1 => json!([format!("{service}:{verb}*")]),
        _ => json!([
            format!("{service}:{verb}Object"),
            format!("{service}:{verb}Item"),
            format!("{service}:{verb}Collection"),
        ]),
    };
    let mut statement = json!({
        "Sid": format!("S{s}"),
        "Effect": if s % 10 == 9 { "Deny" } else { "Allow" },
        "Action": actions,
        "Resource": [arn(service, p, s), arn(service, p, s + 1)],
    });
    if s % 7 == 3 {
        statement["Condition"] = json!({"StringEquals": {"aws:RequestedRegion": "us-east-1"}});
    }
    statement
}

/// Statement `s` of policy `p` of the harsh set.
fn harsh_statement(p: usize, s: usize) -> Value {
    let service = SERVICES[(p * 3 + s) % SERVICES.len()];
    let verb = VERBS[(p + s) % VERBS.len()];
    match s % 6 {
        0 => json!({"Effect": "Allow", "Action": "*", "Resource": arn(service, p, s)}),
        1 => json!({"Effect": "Allow", "Action": format!("*:{verb}*"), "Resource": "*"}),
        2 => json!({
            "Effect": "Allow",
            "NotAction": [format!("{service}:{verb}*"), "iam:*"],
            "Resource": format!("arn:aws:{service}:*:*:*"),
        }),
        3 => json!({
            "Effect": "Deny",
            "Action": [format!("{service}:*"), format!("*:{verb}*")],
            "Resource": arn(service, p, s),
        }),
        4 => json!({
            "Effect": "Deny",
            "Action": format!("{service}:{verb}*"),
            "NotResource": arn(service, p, s),
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}},
        }),
        _ => json!({
            "Effect": "Allow",
            "Action": format!("{service}:*"),
            "Resource": format!("arn:aws:{service}:*:*:${{aws:username}}-{s}/*"),
        }),
    }
}

fn policies(statement: fn(usize, usize) -> Value) -> Vec<NamedPolicy> {
    (0..POLICIES)
        .map(|p| {
            let text = json!({
                "Version": "2012-10-17",
                "Statement": (0..STATEMENTS).map(|s| statement(p, s)).collect::<Vec<_>>(),
            })
            .to_string();
            let document = parse_policy(&text)
                .into_result()
                .unwrap_or_else(|e| panic!("generated policy {p} does not parse: {e:?}"));
            NamedPolicy::new(format!("policy-{p}"), document)
        })
        .collect()
}

fn effective(c: &mut Criterion) {
    let mut group = c.benchmark_group("effective_20x50");
    for (name, statement) in [
        ("typical", typical_statement as fn(usize, usize) -> Value),
        ("harsh", harsh_statement),
    ] {
        let set = policies(statement);
        group.bench_with_input(BenchmarkId::from_parameter(name), &set, |b, set| {
            // The policies are moved into the set: cloning them is setup, not measured.
            b.iter_batched(
                || set.clone(),
                |set| PolicySet::new(set).effective_actions(),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, effective);
criterion_main!(benches);
