//! The rekognitioniam provider: schemas, data sources, the policy attachment resource and
//! functions, built on the plugin host's plain Rust provider types over the IAM engine.

pub mod catalog_config;
pub mod config;
pub mod docs;
mod docs_findings;
pub mod functions;
pub mod managed_policy;
mod named;
pub mod policy_attachment;
pub mod policy_document;
pub mod policy_from_intent;
pub mod policy_template;
pub mod validation;

use host::diagnostic::Diagnostics;
use host::provider::Provider;
use host::schema::{Block, Schema};
use host::value::Value;

/// Provider type name, the prefix of every data source and resource.
pub const PROVIDER_NAME: &str = "rekognitioniam";

/// The provider with every data source, resource and function registered.
pub fn provider() -> Provider {
    Provider::new(provider_schema())
        .with_data_source(Box::new(managed_policy::ManagedPolicyDataSource))
        .with_data_source(Box::new(policy_document::PolicyDocumentDataSource))
        .with_data_source(Box::new(policy_template::PolicyTemplateDataSource))
        .with_data_source(Box::new(policy_from_intent::PolicyFromIntentDataSource))
        .with_resource(Box::new(policy_attachment::PolicyAttachmentResource))
        .with_functions(functions::all())
        .with_config_check(check_provider_block)
}

/// The provider block's schema: checking defaults and where newer catalogue data is (no
/// credentials, nothing to connect to).
pub fn provider_schema() -> Schema {
    Schema {
        version: 0,
        block: Block {
            description: "The rekognitioniam provider writes, validates and gates AWS \
                          Rekognition IAM policies offline. It needs no credentials and makes \
                          no network calls; its provider block only sets defaults for the \
                          checking arguments of the data sources and where newer catalogue \
                          data is."
                .to_string(),
            attributes: config::attributes()
                .into_iter()
                .chain(catalog_config::attributes())
                .collect(),
            ..Block::default()
        },
    }
}

/// Checks the provider block and takes its catalogue overlay into use; the checking defaults
/// are read again by each call from its [`host::provider::CallContext`].
fn check_provider_block(config: &Value) -> Diagnostics {
    let mut diagnostics = catalog_config::apply(config);
    if let Err(errors) = config::read(config) {
        diagnostics.extend(errors);
    }
    diagnostics
}
