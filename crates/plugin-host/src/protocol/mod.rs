//! Terraform plugin protocol 6: the gRPC service and the wire encodings of values.

pub mod codec;
pub mod convert;
pub mod service;
