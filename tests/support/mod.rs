//! Shared test support: the real plugin binary over gRPC, the real terraform binary, values.
#![allow(dead_code)]

pub mod plugin;
pub mod terraform;
pub mod values;
