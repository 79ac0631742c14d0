//! terraform-provider-rekognitioniam: writes, validates and gates AWS Rekognition IAM policies
//! offline, as a Terraform/OpenTofu provider plugin and as a command-line checker.
//!
//! Data path: the plugin host (`terraform-plugin-host`: handshake, mTLS, tfplugin6, cty codec)
//! -> [`provider`] (schemas, data sources, the policy attachment resource, functions) -> the IAM
//! engine (`rekognitioniam-engine`: model, parser, validation, effective permissions). [`cli`] is
//! the command-line checker (`check`) on the same engine.

pub mod cli;
pub mod provider;
