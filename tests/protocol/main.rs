//! Protocol tests: the plugin binary started as Terraform starts it and driven through our own
//! gRPC client (handshake, AutoMTLS, every RPC, malformed input, process lifecycle).

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

mod lifecycle;
mod protocol;
mod robustness_rpc;
