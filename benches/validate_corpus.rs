//! Validation throughput: `validate_json` over the 1,444 AWS managed policies of the Access
//! Analyzer corpus, the same documents `scripts/bench.sh` hands to Parliament.
//!
//! Reads `../shared/corpora/access-analyzer-mamip/cases.json` (development material beside the
//! project, absent from a plain clone): without it the bench prints a note and measures nothing.

// Test and benchmark code: a failed unwrap, expect or index is a failed run with its message,
// which is what these binaries should do on a broken fixture, never production behaviour.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::analysis::validate::{validate_json, PolicyType, ValidateOptions};
use engine::policy::SizeQuota;

/// The provider binary's allocator, so that the bench measures what the plugin does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CORPUS: &str = "corpora/access-analyzer-mamip/cases.json";

fn documents() -> Option<Vec<String>> {
    let text = reference_data::read_shared(CORPUS)?;
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).ok()?;
    Some(
        cases
            .iter()
            .filter_map(|c| c["policy_document_sent"].as_str().map(str::to_string))
            .collect(),
    )
}

fn corpus(c: &mut Criterion) {
    let Some(documents) = documents() else {
        return;
    };
    // The options the attachment resource uses for a managed policy document.
    let options = ValidateOptions {
        policy_type: PolicyType::Identity,
        size_quota: Some(SizeQuota::ManagedPolicy),
        ignore: Vec::new(),
    };
    let mut group = c.benchmark_group("validate_corpus");
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.sample_size(20);
    group.bench_function("all_documents", |b| {
        b.iter(|| {
            documents
                .iter()
                .map(|d| validate_json(d, &options).findings.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
