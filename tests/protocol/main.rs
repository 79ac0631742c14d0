//! Protocol tests: the plugin binary started as Terraform starts it and driven through our own
//! gRPC client (handshake, AutoMTLS, every RPC, malformed input, process lifecycle).

#[path = "../support/mod.rs"]
mod support;

mod lifecycle;
mod protocol;
mod robustness_rpc;
