//! Wire encodings of cty values: msgpack (requests and responses) and JSON (stored state).

pub mod json;
pub mod msgpack;
mod walk;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::diagnostic::{AttributePath, Diagnostic};

/// Most values (scalars, collections and their elements) one wire value may hold. Decoding
/// builds a tree of ~100 bytes per value, and a value can take one byte on the wire, so without
/// a bound a message at the gRPC size limit could take tens of gigabytes. Terraform's values for
/// this provider hold a few tens of thousands at most (an identity's effective actions).
pub const MAX_VALUES: usize = 1 << 20;

fn too_many_values() -> CodecError {
    CodecError::new(
        AttributePath::default(),
        format!("the value holds more than {MAX_VALUES} elements, more than this provider accepts"),
    )
}

/// A value that could not be decoded or encoded, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError {
    /// Where in the value the problem is.
    pub path: AttributePath,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl CodecError {
    /// A new error at `path`.
    pub fn new(path: AttributePath, message: String) -> CodecError {
        CodecError { path, message }
    }

    /// The error as a Terraform diagnostic for the value named `what` (e.g. "configuration").
    pub fn to_diagnostic(&self, what: &str) -> Diagnostic {
        let detail = format!(
            "The provider could not decode the {what}: {}. This is a bug in the caller or the \
             provider; please report it with the Terraform version in use.",
            self.message
        );
        let diag = Diagnostic::error(format!("Invalid {what} value"), detail);
        if self.path.0.is_empty() {
            diag
        } else {
            diag.at(self.path.clone())
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.0.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for CodecError {}
