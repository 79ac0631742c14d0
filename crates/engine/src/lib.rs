//! An offline AWS IAM policy engine, made for Amazon Rekognition's policies.
//!
//! Data path: [`policy`] (the policy model, a strict parser that keeps every element's position,
//! and the renderer) -> [`analysis`] (validation against the generated IAM [`catalog`], and
//! effective permissions) with [`arn`] (ARN formats and splitting), [`templates`]
//! (least-privilege policies from the Rekognition security pages), [`intent`] (the minimal
//! policy for the Rekognition API operations a workload calls) and [`managed`] (the
//! Rekognition AWS managed policies). It makes no network calls and knows nothing of Terraform.

pub mod analysis;
pub mod arn;
pub mod catalog;
pub mod intent;
pub mod managed;
pub mod policy;
pub mod suggest;
pub mod templates;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
