//! Least privilege from intent: the Rekognition API operations a workload calls and the
//! resources it calls them on, rendered as the minimal identity policy (and the policy of the
//! service role it passes to Rekognition).
//!
//! What each operation needs is data: [`table`] reads `data/intent/operations.tsv`, one row per
//! operation, with its IAM actions (whose resource types come from the IAM catalogue) and the
//! permissions it implies (S3 reads and writes, KMS, `iam:PassRole`, tag-on-create, and what the
//! service role does). [`render`] scopes each permission to the narrowest ARN given.

mod inputs;
mod render;
pub mod table;

pub use inputs::{check as check_value, partition_of, Checked, Input};
pub use render::{render, Grant, Holder, Rendered};
pub use table::{operation, operation_names, Implied, Operation, OptionalResources};

use std::collections::BTreeMap;

use crate::suggest;

/// What a workload does: operations and the resources, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intent {
    /// API operation names, e.g. `DetectLabels`.
    pub operations: Vec<String>,
    /// The values of each resource argument given (one value for `service_role_arn`).
    pub values: BTreeMap<Input, Vec<String>>,
    /// Whether created resources are tagged in the create call.
    pub tag_on_create: bool,
}

impl Intent {
    /// The values of `input` (empty when not given).
    pub fn values_of(&self, input: Input) -> &[String] {
        self.values.get(&input).map_or(&[], Vec::as_slice)
    }
}

/// Where an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `operations[i]`.
    Operation(usize),
    /// `operations` as a whole.
    Operations,
    /// A resource argument, and the element of a list.
    Input(Input, Option<usize>),
    /// `tag_on_create`.
    TagOnCreate,
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// An operation name that is not in the table.
    UnknownOperation,
    /// A resource value that does not fit its argument.
    InvalidValue,
    /// A resource an operation always needs, not given.
    Missing,
    /// An argument given that no operation uses.
    Unused,
}

/// Why an intent cannot be rendered, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentError {
    /// The argument (and element) at fault.
    pub target: Target,
    /// What kind of error it is.
    pub problem: Problem,
    /// Whole sentences, with the fix.
    pub message: String,
}

impl IntentError {
    /// `operations[index]` is not an operation.
    pub fn unknown_operation(index: usize, message: String) -> IntentError {
        IntentError {
            target: Target::Operation(index),
            problem: Problem::UnknownOperation,
            message,
        }
    }

    /// Element `index` of `input` (the value itself for a single-valued input) does not fit.
    pub fn invalid_value(input: Input, index: usize, message: String) -> IntentError {
        IntentError {
            target: Target::Input(input, (!input.is_single()).then_some(index)),
            problem: Problem::InvalidValue,
            message,
        }
    }

    /// `operations[index]` lacks a resource it needs.
    pub fn missing(index: usize, message: String) -> IntentError {
        IntentError {
            target: Target::Operation(index),
            problem: Problem::Missing,
            message,
        }
    }

    /// `target` is given but no operation uses it.
    pub fn unused(target: Target, message: String) -> IntentError {
        IntentError {
            target,
            problem: Problem::Unused,
            message,
        }
    }
}

/// The operation called `name`, or an error with a did-you-mean.
pub fn check_operation(name: &str) -> Result<&'static Operation, String> {
    if let Some(op) = operation(name) {
        return Ok(op);
    }
    let names = operation_names();
    let bare = name.strip_prefix("rekognition:").unwrap_or(name);
    let hint = match operation(bare) {
        Some(op) => format!(
            "Did you mean \"{}\"? Operations are named without the service prefix. ",
            op.name
        ),
        None => suggest::did_you_mean(bare, names.iter().copied()),
    };
    Err(format!(
        "\"{name}\" is not an Amazon Rekognition API operation. {hint}Operations are written \
         as in the API reference, such as \"DetectLabels\" or \"StartFaceSearch\"."
    ))
}

/// The IAM actions operation `name` needs itself (not the implied ones).
pub fn actions_for_operation(name: &str) -> Result<Vec<&'static str>, String> {
    check_operation(name).map(|op| op.actions.clone())
}

#[cfg(test)]
mod tests;
