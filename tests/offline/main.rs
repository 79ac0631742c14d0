//! Tests that need neither terraform nor a plugin connection: the `check` command run as a
//! process, conformance with Access Analyzer and peer corpora, the differential test against
//! the IAM simulator, and the generated docs.

// Test and benchmark code: a failed unwrap, expect or index is a failed run with its message,
// which is what these binaries should do on a broken fixture, never production behaviour.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "../support/mod.rs"]
mod support;

mod access_analyzer_conformance;
mod cli_check;
mod cli_peer_corpus;
mod differential_iam_simulate;
mod docs;
mod layers;
