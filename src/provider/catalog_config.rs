//! The provider block's catalogue argument: `service_reference_directory`, a directory of AWS
//! service reference JSON files laid over the built-in IAM catalogue (see
//! [`engine::catalog::overlay`]). Read when Terraform validates and configures the provider, so
//! `terraform validate` already knows the newer actions; the provider fetches nothing.

use std::path::Path;

use engine::catalog::overlay;
use host::diagnostic::{AttributePath, Diagnostic};
use host::schema::{Attribute, Mode};
use host::value::{Type, Value};

/// The argument's name.
pub const ATTRIBUTE: &str = "service_reference_directory";

/// The provider block's catalogue attributes.
pub fn attributes() -> Vec<Attribute> {
    vec![Attribute::new(
        ATTRIBUTE,
        Type::String,
        Mode::Optional,
        "Directory of AWS service reference files (the per-service JSON AWS publishes at \
         https://servicereference.us-east-1.amazonaws.com/, e.g. rekognition.json) to lay over \
         the built-in IAM catalogue, so that actions and condition keys AWS added after the \
         catalogue's date are known. Every *.json file of the directory is read when the \
         provider starts; the provider itself never downloads anything (fetch the files in CI, \
         see the README). A relative path is relative to Terraform's working directory.",
    )]
}

/// Reads the argument from a decoded provider configuration and installs its files, or
/// removes an earlier overlay when it is not set. An unknown value (known only after apply)
/// leaves the built-in catalogue alone.
pub fn apply(config: &Value) -> Vec<Diagnostic> {
    let directory = match config.get(ATTRIBUTE) {
        Some(Value::Unknown) => return Vec::new(),
        Some(value) => value.as_str(),
        None => None,
    };
    let Some(directory) = directory else {
        overlay::install(None);
        return Vec::new();
    };
    match overlay::load_directory(Path::new(directory)) {
        Ok(files) => {
            overlay::install(Some(files));
            Vec::new()
        }
        Err(message) => vec![Diagnostic::error(
            "Cannot read the service reference files",
            format!(
                "{message}. {ATTRIBUTE} must name a directory of AWS service reference JSON \
                 files (one per service, as AWS publishes them)."
            ),
        )
        .at(AttributePath::root(ATTRIBUTE))],
    }
}
