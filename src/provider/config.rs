//! The provider block's checking defaults, and what a data source call knows about the command
//! it runs in.
//!
//! `ignore_findings`, `strict` and `default_policy_type` set once in the provider block apply to
//! every policy document that does not set its own; `ignore_findings` also applies to the
//! `findings` of every policy template, and `ignore_findings` and `strict` to the documents a
//! policy attachment checks (a provider block is inherited by child modules, so this is also how
//! a finding is silenced in a module one does not own). Provider functions cannot use them: Terraform calls functions on
//! an unconfigured provider.
//!
//! The walk a call runs in and the provider block it saw come in the plugin host's
//! [`CallContext`]; [`defaults`] reads the checking defaults from it, so that each finding is
//! reported once per command (see [`CallContext::report_warnings`]).

use crate::provider::validation;
use engine::analysis::validate::PolicyType;
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
pub use host::provider::CallContext;
use host::schema::{Attribute, Mode};
use host::value::{Type, Value};

/// The provider block's defaults for the checking arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderDefaults {
    /// Finding codes left out everywhere, in addition to a data source's own list.
    pub ignore_findings: Vec<String>,
    /// `strict` where a data source does not set it.
    pub strict: Option<bool>,
    /// `policy_type` where a data source does not set it (`auto`, `identity`, ...).
    pub default_policy_type: Option<String>,
}

/// The provider block's attributes.
pub fn attributes() -> Vec<Attribute> {
    vec![
        Attribute::new(
            "ignore_findings",
            Type::list(Type::String),
            Mode::Optional,
            "Finding codes to leave out of every policy document (in addition to its own \
             `ignore_findings`), of the `findings` of every policy template, and of the documents \
             every policy attachment checks, in this provider configuration. Child modules inherit the provider block, so this silences a finding \
             in a module you do not own. Provider functions do not see it: Terraform calls them \
             on an unconfigured provider.",
        ),
        Attribute::new(
            "strict",
            Type::Bool,
            Mode::Optional,
            "Default `strict` of the policy documents that do not set it; also makes the \
             warnings about the documents a policy attachment checks errors.",
        ),
        Attribute::new(
            "default_policy_type",
            Type::String,
            Mode::Optional,
            &format!(
                "Default `policy_type` of the policy documents that do not set it: `{AUTO}`, {}.",
                PolicyType::named_markdown()
            ),
        ),
    ]
}

/// The defaults in a provider configuration; `Ok(None)` while any of them is unknown (the
/// validate walk sees variables as unknown).
pub fn read(config: &Value) -> Result<Option<ProviderDefaults>, Diagnostics> {
    let names = ["ignore_findings", "strict", "default_policy_type"];
    if names
        .iter()
        .any(|n| config.get(n).is_some_and(Value::contains_unknown))
    {
        return Ok(None);
    }
    let default_policy_type = config
        .get("default_policy_type")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(name) = default_policy_type.as_deref() {
        if name != AUTO {
            validation::parse_policy_type(name).map_err(|detail| {
                vec![Diagnostic::error("Invalid policy type", detail)
                    .at(AttributePath::root("default_policy_type"))]
            })?;
        }
    }
    Ok(Some(ProviderDefaults {
        ignore_findings: config
            .get("ignore_findings")
            .and_then(Value::as_elements)
            .unwrap_or(&[])
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        strict: config.get("strict").and_then(Value::as_bool),
        default_policy_type,
    }))
}

/// `policy_type = "auto"`: the kind is inferred from the document.
pub const AUTO: &str = "auto";

/// The finding codes the provider block leaves out everywhere (none while they are unknown).
pub fn ignored_findings(context: &CallContext) -> Vec<String> {
    defaults(context)
        .map(|d| d.ignore_findings)
        .unwrap_or_default()
}

/// The provider block's defaults as a call sees them; `None` while any of them is unknown or
/// the block is invalid (its errors were reported when the provider was validated).
pub fn defaults(context: &CallContext) -> Option<ProviderDefaults> {
    if context.provider_config.is_null() {
        return Some(ProviderDefaults::default());
    }
    read(&context.provider_config).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_read_and_unknown_ones_wait() {
        let config = Value::object([
            (
                "ignore_findings",
                Value::string_list(["security.wildcard_action"]),
            ),
            ("strict", Value::Bool(true)),
            ("default_policy_type", Value::from("trust")),
        ]);
        let d = read(&config).unwrap().unwrap();
        assert_eq!(d.ignore_findings, ["security.wildcard_action"]);
        assert_eq!(d.strict, Some(true));
        let unknown = Value::object([("strict", Value::Unknown)]);
        assert_eq!(read(&unknown).unwrap(), None);
        let bad = Value::object([("default_policy_type", Value::from("trsut"))]);
        let err = read(&bad).unwrap_err();
        assert!(err[0].detail.contains("trust"), "{}", err[0].detail);
    }
}
