//! What a provider implements, in plain Rust types: data sources, resources and functions over
//! [`Value`]s, and the registry the protocol layer serves.
//!
//! The protocol layer decodes requests into [`Value`]s, calls these traits and encodes the
//! answers; a provider built on this crate never sees gRPC, msgpack or prost types.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diagnostic::{AttributePath, Diagnostics};
use crate::schema::{FunctionSignature, Schema};
use crate::value::{Type, Value};

/// What a call knows about the command it runs in.
///
/// Terraform starts one provider process per walk of a command. The validate walk (all of
/// `terraform validate`, and the first walk of plan and apply) never configures the provider;
/// the plan and apply walks configure it first, and call ValidateDataResourceConfig right before
/// each ReadDataSource with the same configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct CallContext {
    /// The provider block as last decoded (it may hold unknown values in the validate walk);
    /// null before any provider configuration was seen.
    pub provider_config: Value,
    /// Whether the provider was configured: a plan or apply walk, where each validation is
    /// followed by a read of the same configuration. Otherwise it is the validate walk.
    pub configured: bool,
}

impl Default for CallContext {
    /// A configured provider with an empty provider block (as in the unit tests of data sources).
    fn default() -> Self {
        CallContext {
            provider_config: Value::Null,
            configured: true,
        }
    }
}

impl CallContext {
    /// Whether warnings belong in this call's diagnostics. Each finding is reported once per
    /// command: errors as early as they are known (an error stops the command, so it is never
    /// repeated), warnings only in the configured walks, where the configuration is complete
    /// (a data source is read at plan, or at apply when its configuration was unknown at plan,
    /// and validated once right before). `terraform validate` therefore shows errors only.
    pub fn report_warnings(&self) -> bool {
        self.configured
    }
}

/// A data source: validated configuration in, computed attributes out.
pub trait DataSource: Send + Sync {
    /// Full type name: the provider name, an underscore and the data source name.
    fn type_name(&self) -> &'static str;
    /// The schema, which also drives the documentation.
    fn schema(&self) -> Schema;
    /// Checks a configuration; unknown values are skipped (they are checked again at read).
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Computes the data source's state; `None` when errors prevent it.
    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics);
    /// [`DataSource::validate`] knowing the provider block's defaults and the walk it runs in.
    fn validate_in(&self, config: &Value, _context: &CallContext) -> Diagnostics {
        self.validate(config)
    }
    /// [`DataSource::read`] knowing the provider block's defaults and the walk it runs in.
    fn read_in(&self, config: &Value, _context: &CallContext) -> (Option<Value>, Diagnostics) {
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
    /// The configuration as written, unknowns included.
    pub config: Value,
}

/// A resource's plan.
#[derive(Clone, Debug, Default)]
pub struct PlanResponse {
    /// The state the resource will have after apply, unknowns where only apply can tell.
    pub planned_state: Value,
    /// Attributes whose change forces replacement.
    pub requires_replace: Vec<AttributePath>,
    /// Errors and warnings of the plan.
    pub diagnostics: Diagnostics,
}

/// What Terraform asks a resource to apply.
#[derive(Clone, Debug)]
pub struct ApplyRequest {
    /// The state before apply; null when the resource is being created.
    pub prior_state: Value,
    /// Null when the resource is being destroyed.
    pub planned_state: Value,
    /// The configuration as written.
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
    fn validate_in(&self, config: &Value, _context: &CallContext) -> Diagnostics {
        self.validate(config)
    }
    /// [`Resource::plan`] knowing the provider block's defaults.
    fn plan_in(&self, request: &PlanRequest, _context: &CallContext) -> PlanResponse {
        self.plan(request)
    }
    /// [`Resource::apply`] knowing the provider block's defaults.
    fn apply_in(&self, request: &ApplyRequest, _context: &CallContext) -> (Value, Diagnostics) {
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
    /// Name as called in configuration: `provider::<provider name>::<name>(...)`.
    fn name(&self) -> &'static str;
    /// Parameters, return type and documentation.
    fn signature(&self) -> FunctionSignature;
    /// Evaluates the function.
    fn call(&self, args: &[Value]) -> Result<Value, FunctionError>;
}

/// Every schema the provider serves, built once per process.
pub struct ProviderSchema {
    /// The provider block's own schema.
    pub provider: Schema,
    /// Data source schemas by type name.
    pub data_sources: BTreeMap<&'static str, Schema>,
    /// Resource schemas by type name.
    pub resources: BTreeMap<&'static str, Schema>,
    /// Function signatures by function name.
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

/// Checks a provider block: called by ValidateProviderConfig and ConfigureProvider with the
/// decoded block, it returns the block's diagnostics and may take its settings into use.
pub type ConfigCheck = dyn Fn(&Value) -> Diagnostics + Send + Sync;

/// A provider: its provider block and every data source, resource and function it serves.
pub struct Provider {
    provider_schema: Schema,
    data_sources: Vec<Box<dyn DataSource>>,
    resources: Vec<Box<dyn Resource>>,
    functions: Vec<Box<dyn Function>>,
    config_check: Box<ConfigCheck>,
    schema: OnceLock<ProviderSchema>,
}

impl Provider {
    /// A provider whose block has `provider_schema`, with nothing registered yet.
    pub fn new(provider_schema: Schema) -> Provider {
        Provider {
            provider_schema,
            data_sources: Vec::new(),
            resources: Vec::new(),
            functions: Vec::new(),
            config_check: Box::new(|_| Vec::new()),
            schema: OnceLock::new(),
        }
    }

    /// Registers a data source.
    pub fn with_data_source(mut self, data_source: Box<dyn DataSource>) -> Provider {
        self.data_sources.push(data_source);
        self
    }

    /// Registers a resource.
    pub fn with_resource(mut self, resource: Box<dyn Resource>) -> Provider {
        self.resources.push(resource);
        self
    }

    /// Registers functions.
    pub fn with_functions(mut self, functions: Vec<Box<dyn Function>>) -> Provider {
        self.functions.extend(functions);
        self
    }

    /// Sets what checks (and takes into use) the provider block.
    pub fn with_config_check(
        mut self,
        check: impl Fn(&Value) -> Diagnostics + Send + Sync + 'static,
    ) -> Provider {
        self.config_check = Box::new(check);
        self
    }

    /// Checks the provider block (see [`ConfigCheck`]).
    pub fn check_config(&self, config: &Value) -> Diagnostics {
        (self.config_check)(config)
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
                provider: self.provider_schema.clone(),
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
