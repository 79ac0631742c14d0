//! terraform-provider-rekognitioniam: writes, validates and gates AWS Rekognition IAM policies
//! offline, as a Terraform/OpenTofu provider plugin and as a command-line checker.
//!
//! Data path: [`proto`] (generated) -> [`plugin`] (go-plugin handshake, transport, mTLS) ->
//! [`protocol`] (tfplugin6 service, cty codec) -> [`provider`] (schemas, data sources, resources,
//! functions) -> the policy core. [`cli`] is the command-line checker (`check`) on the same
//! policy core.

pub mod analysis;
pub mod arn;
pub mod catalog;
pub mod cli;
pub mod managed;
pub mod plugin;
pub mod policy;
pub mod proto;
pub mod protocol;
pub mod provider;
pub mod suggest;
pub mod templates;
