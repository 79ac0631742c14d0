//! Acceptance tests through the real `terraform` binary (init, validate, plan, apply, a second
//! plan that must be empty), with the provider installed in a filesystem mirror, and the release
//! packaging that `terraform init` consumes. One test binary, so the suite links once.

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

mod acceptance_examples;
mod acceptance_functions;
mod acceptance_intent;
mod acceptance_liveness_eos;
mod acceptance_managed_policy;
mod acceptance_policy_attachment;
mod acceptance_policy_document;
mod acceptance_policy_template;
mod acceptance_split_project;
mod bad_input_catalogue;
mod cli_check_terraform;
mod idempotency;
mod packaging;
