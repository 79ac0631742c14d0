//! The provider: schemas, data sources, resources and functions, in plain Rust types.
//!
//! The protocol layer decodes requests into [`Value`]s, calls the [`Provider`], and encodes the
//! answers; nothing here knows about gRPC or msgpack.

pub mod catalog_config;
pub mod config;
pub mod diagnostic;
pub mod docs;
mod docs_findings;
pub mod findings;
pub mod functions;
pub mod managed_policy;
pub mod policy_attachment;
pub mod policy_document;
pub mod policy_template;
pub mod schema;
pub mod value;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use diagnostic::Diagnostics;
use schema::{Block, FunctionSignature, Schema};
use value::{Type, Value};

/// Provider type name, the prefix of every data source and resource.
pub const PROVIDER_NAME: &str = "rekognitioniam";

/// A data source: validated configuration in, computed attributes out.
pub trait DataSource: Send + Sync {
    /// Full type name, e.g. `rekognitioniam_managed_policy`.
    fn type_name(&self) -> &'static str;
    /// The schema, which also drives the documentation.
    fn schema(&self) -> Schema;
    /// Checks a configuration; unknown values are skipped (they are checked again at read).
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Computes the data source's state; `None` when errors prevent it.
    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics);
    /// [`DataSource::validate`] knowing the provider block's defaults and the walk it runs in.
    fn validate_in(&self, config: &Value, _context: &config::CallContext) -> Diagnostics {
        self.validate(config)
    }
    /// [`DataSource::read`] knowing the provider block's defaults and the walk it runs in.
    fn read_in(
        &self,
        config: &Value,
        _context: &config::CallContext,
    ) -> (Option<Value>, Diagnostics) {
        self.read(config)
    }
}

/// What Terraform asks a resource to plan.
#[derive(Clone, Debug)]
pub struct PlanRequest {
    /// Null when the resource is being created.
    pub prior_state: Value,
    /// Null when the resource is being destroyed.
    pub proposed_new_state: Value,
    pub config: Value,
}

/// A resource's plan.
#[derive(Clone, Debug, Default)]
pub struct PlanResponse {
    pub planned_state: Value,
    /// Attributes whose change forces replacement.
    pub requires_replace: Vec<diagnostic::AttributePath>,
    pub diagnostics: Diagnostics,
}

/// What Terraform asks a resource to apply.
#[derive(Clone, Debug)]
pub struct ApplyRequest {
    pub prior_state: Value,
    /// Null when the resource is being destroyed.
    pub planned_state: Value,
    pub config: Value,
}

/// A managed resource. Ours are logical: they call no remote API.
pub trait Resource: Send + Sync {
    /// Full type name.
    fn type_name(&self) -> &'static str;
    /// The schema, which also drives the documentation.
    fn schema(&self) -> Schema;
    /// Checks a configuration; unknown values are skipped.
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Plans a create, update or destroy.
    fn plan(&self, request: &PlanRequest) -> PlanResponse;
    /// Applies a planned change; returns the new state (null after destroy).
    fn apply(&self, request: &ApplyRequest) -> (Value, Diagnostics);
    /// Refreshes stored state.
    fn read(&self, state: &Value) -> (Value, Diagnostics);
    /// Builds state for `terraform import` from an id.
    fn import(&self, id: &str) -> (Option<Value>, Diagnostics);
    /// [`Resource::validate`] knowing the provider block's defaults.
    fn validate_in(&self, config: &Value, _context: &config::CallContext) -> Diagnostics {
        self.validate(config)
    }
    /// [`Resource::plan`] knowing the provider block's defaults.
    fn plan_in(&self, request: &PlanRequest, _context: &config::CallContext) -> PlanResponse {
        self.plan(request)
    }
    /// [`Resource::apply`] knowing the provider block's defaults.
    fn apply_in(
        &self,
        request: &ApplyRequest,
        _context: &config::CallContext,
    ) -> (Value, Diagnostics) {
        self.apply(request)
    }
    /// Rewrites the JSON of a state stored under schema `version` (older than the schema's)
    /// into the current schema's form. The default keeps it as it is.
    fn upgrade_state_json(&self, version: i64, state: serde_json::Value) -> serde_json::Value {
        let _ = version;
        state
    }
}

/// A function call's failure, naming the argument at fault when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    /// What is wrong and how to fix it. A final period is dropped on the wire, since Terraform
    /// adds one ("Invalid value for \"region\" parameter: <text>.").
    pub text: String,
    /// Zero-based index of the argument at fault.
    pub argument: Option<usize>,
}

impl FunctionError {
    /// An error about argument `index`.
    pub fn argument(index: usize, text: impl Into<String>) -> FunctionError {
        FunctionError {
            text: text.into(),
            argument: Some(index),
        }
    }
}

/// A provider-defined function: pure, offline, evaluated whenever its arguments are known.
pub trait Function: Send + Sync {
    /// Name as called in configuration: `provider::rekognitioniam::<name>(...)`.
    fn name(&self) -> &'static str;
    /// Parameters, return type and documentation.
    fn signature(&self) -> FunctionSignature;
    /// Evaluates the function.
    fn call(&self, args: &[Value]) -> Result<Value, FunctionError>;
}

/// Every schema the provider serves, built once per process.
pub struct ProviderSchema {
    pub provider: Schema,
    pub data_sources: BTreeMap<&'static str, Schema>,
    pub resources: BTreeMap<&'static str, Schema>,
    pub functions: BTreeMap<&'static str, FunctionSignature>,
    data_source_types: BTreeMap<&'static str, Type>,
    resource_types: BTreeMap<&'static str, Type>,
}

impl ProviderSchema {
    /// The value type of a data source's configuration and state.
    pub fn data_source_type(&self, type_name: &str) -> Option<&Type> {
        self.data_source_types.get(type_name)
    }

    /// The value type of a resource's configuration and state.
    pub fn resource_type(&self, type_name: &str) -> Option<&Type> {
        self.resource_types.get(type_name)
    }
}

/// The rekognitioniam provider.
pub struct Provider {
    data_sources: Vec<Box<dyn DataSource>>,
    resources: Vec<Box<dyn Resource>>,
    functions: Vec<Box<dyn Function>>,
    schema: OnceLock<ProviderSchema>,
}

impl Default for Provider {
    fn default() -> Self {
        Provider::new()
    }
}

impl Provider {
    /// The provider with every data source, resource and function registered.
    pub fn new() -> Provider {
        Provider {
            data_sources: vec![
                Box::new(managed_policy::ManagedPolicyDataSource),
                Box::new(policy_document::PolicyDocumentDataSource),
                Box::new(policy_template::PolicyTemplateDataSource),
            ],
            resources: vec![Box::new(policy_attachment::PolicyAttachmentResource)],
            functions: functions::all(),
            schema: OnceLock::new(),
        }
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

    /// All schemas, built on first use.
    pub fn schema(&self) -> &ProviderSchema {
        self.schema.get_or_init(|| {
            let data_sources: BTreeMap<_, _> = self
                .data_sources
                .iter()
                .map(|d| (d.type_name(), d.schema()))
                .collect();
            let resources: BTreeMap<_, _> = self
                .resources
                .iter()
                .map(|r| (r.type_name(), r.schema()))
                .collect();
            ProviderSchema {
                provider: Provider::provider_schema(),
                data_source_types: data_sources
                    .iter()
                    .map(|(k, s)| (*k, s.block.value_type()))
                    .collect(),
                resource_types: resources
                    .iter()
                    .map(|(k, s)| (*k, s.block.value_type()))
                    .collect(),
                data_sources,
                resources,
                functions: self
                    .functions
                    .iter()
                    .map(|f| (f.name(), f.signature()))
                    .collect(),
            }
        })
    }

    /// The data source named `type_name`.
    pub fn data_source(&self, type_name: &str) -> Option<&dyn DataSource> {
        self.data_sources
            .iter()
            .find(|d| d.type_name() == type_name)
            .map(|d| d.as_ref())
    }

    /// The resource named `type_name`.
    pub fn resource(&self, type_name: &str) -> Option<&dyn Resource> {
        self.resources
            .iter()
            .find(|r| r.type_name() == type_name)
            .map(|r| r.as_ref())
    }

    /// The function named `name`.
    pub fn function(&self, name: &str) -> Option<&dyn Function> {
        self.functions
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.as_ref())
    }
}
