//! The `tfplugin6.Provider` gRPC service: decodes requests, calls the provider, encodes answers.
//!
//! Every provider call runs under a panic guard: a panic becomes an error diagnostic for that
//! call (Terraform would otherwise show only "Request cancelled") and the server keeps serving.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock, RwLock};

use tonic::{Request, Response, Status};

use super::convert;
use crate::diagnostic::{has_errors, Diagnostic, Diagnostics};
use crate::plugin::shutdown::Shutdown;
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::provider::{ApplyRequest, CallContext, DataSource, PlanRequest, Provider, Resource};
use crate::value::{Type, Value};

/// The tfplugin6 service over a [`Provider`].
pub struct ProviderService {
    provider: Arc<Provider>,
    shutdown: Shutdown,
    schema_response: OnceLock<pb::get_provider_schema::Response>,
    /// The provider block's defaults and whether ConfigureProvider was called.
    context: RwLock<CallContext>,
}

impl ProviderService {
    /// A service for `provider`; StopProvider fires `shutdown`.
    pub fn new(provider: Arc<Provider>, shutdown: Shutdown) -> ProviderService {
        ProviderService {
            provider,
            shutdown,
            schema_response: OnceLock::new(),
            context: RwLock::new(CallContext {
                configured: false,
                ..CallContext::default()
            }),
        }
    }

    /// The tonic server for this service, with message limits sized for large configurations.
    pub fn into_server(self) -> pb::provider_server::ProviderServer<ProviderService> {
        const LIMIT: usize = 256 * 1024 * 1024;
        pb::provider_server::ProviderServer::new(self)
            .max_decoding_message_size(LIMIT)
            .max_encoding_message_size(LIMIT)
    }

    /// Builds the GetProviderSchema answer now rather than on the first call (the plugin does
    /// this while Terraform connects, so the first call only copies it).
    pub fn with_schema_ready(self) -> ProviderService {
        self.schema_response
            .get_or_init(|| self.schema_response_now());
        self
    }

    fn schema_response_now(&self) -> pb::get_provider_schema::Response {
        let schema = self.provider.schema();
        pb::get_provider_schema::Response {
            provider: Some(convert::schema(&schema.provider)),
            resource_schemas: schema
                .resources
                .iter()
                .map(|(k, s)| (k.to_string(), convert::schema(s)))
                .collect(),
            data_source_schemas: schema
                .data_sources
                .iter()
                .map(|(k, s)| (k.to_string(), convert::schema(s)))
                .collect(),
            diagnostics: Vec::new(),
            provider_meta: None,
            server_capabilities: Some(capabilities()),
            functions: schema
                .functions
                .iter()
                .map(|(k, f)| (k.to_string(), convert::function(f)))
                .collect(),
            ephemeral_resource_schemas: Default::default(),
        }
    }

    /// The data source named `type_name` with its value type.
    fn data_source(&self, type_name: &str) -> Result<(&Type, &dyn DataSource), Diagnostic> {
        let ty = self.provider.schema().data_source_type(type_name);
        match (ty, self.provider.data_source(type_name)) {
            (Some(ty), Some(ds)) => Ok((ty, ds)),
            _ => Err(unknown_type("data source", type_name)),
        }
    }

    /// The resource named `type_name` with its value type.
    fn resource(&self, type_name: &str) -> Result<(&Type, &dyn Resource), Diagnostic> {
        let ty = self.provider.schema().resource_type(type_name);
        match (ty, self.provider.resource(type_name)) {
            (Some(ty), Some(r)) => Ok((ty, r)),
            _ => Err(unknown_type("resource", type_name)),
        }
    }

    /// Decodes the arguments of a function call, calls it and encodes the result.
    fn call(
        &self,
        req: &pb::call_function::Request,
    ) -> Result<pb::DynamicValue, pb::FunctionError> {
        let function = self
            .provider
            .function(&req.name)
            .ok_or_else(|| pb::FunctionError {
                text: format!("This provider has no function \"{}\".", req.name),
                function_argument: None,
            })?;
        let signature = self
            .provider
            .schema()
            .functions
            .get(function.name())
            .ok_or_else(|| pb::FunctionError {
                text: format!(
                    "This provider has no signature for function \"{}\".",
                    req.name
                ),
                function_argument: None,
            })?;
        let mut args = Vec::with_capacity(req.arguments.len());
        for (i, dv) in req.arguments.iter().enumerate() {
            let param = signature
                .parameters
                .get(i)
                .or(signature.variadic.as_ref())
                .ok_or_else(|| pb::FunctionError {
                    text: format!(
                        "{} takes {} arguments, got {}.",
                        req.name,
                        signature.parameters.len(),
                        req.arguments.len()
                    ),
                    function_argument: None,
                })?;
            let value = convert::decode(Some(dv), &param.ty).map_err(|e| pb::FunctionError {
                text: format!("cannot decode the {} argument: {}", param.name, e),
                function_argument: Some(i as i64),
            })?;
            args.push(value);
        }
        let result = function.call(&args).map_err(|e| pb::FunctionError {
            // Terraform ends the message with a period of its own.
            text: e.text.trim_end().trim_end_matches('.').to_string(),
            function_argument: e.argument.map(|a| a as i64),
        })?;
        convert::encode(&result, &signature.returns).map_err(|e| pb::FunctionError {
            text: format!("Internal error in the provider: the result cannot be encoded ({e})."),
            function_argument: None,
        })
    }

    /// Checks the provider configuration and keeps it for the calls that follow;
    /// `configure` marks the provider configured (a plan or apply walk).
    fn provider_config_diagnostics(
        &self,
        dv: Option<&pb::DynamicValue>,
        configure: bool,
    ) -> Vec<pb::Diagnostic> {
        let ty = self.provider.schema().provider.block.value_type();
        let read = guarded_call("the provider configuration", || {
            let config = decode(dv, &ty, "provider configuration")?;
            let diagnostics = self.provider.check_config(&config);
            Ok((config, diagnostics))
        });
        let (config, diagnostics) = match read {
            Ok(read) => read,
            Err(d) => (Value::Unknown, vec![d]),
        };
        if let Ok(mut context) = self.context.write() {
            context.provider_config = config;
            context.configured |= configure;
        }
        convert::diagnostics(&diagnostics)
    }

    /// What data source calls know about the command (a copy: calls run concurrently).
    fn call_context(&self) -> CallContext {
        self.context
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
}

fn unknown_type(kind: &str, type_name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Unknown {kind} type"),
        format!(
            "This provider has no {kind} type \"{type_name}\". Check the type name, or upgrade the \
             provider if the configuration was written for a newer version."
        ),
    )
}

/// Runs a whole call (decoding, provider code, encoding) so that a panic becomes an error
/// diagnostic for that call, with no backtrace text, and the server keeps serving.
fn guarded_call<T>(
    what: &str,
    body: impl FnOnce() -> Result<T, Diagnostic>,
) -> Result<T, Diagnostic> {
    guarded(what, body).and_then(|result| result)
}

/// Runs code, turning a panic into an error diagnostic (no backtrace text).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        Diagnostic::error(
            "Internal error in the provider",
            format!(
                "The provider failed while handling {what}: {}. This is a bug in the provider; \
                 please report it with the configuration that caused it.",
                panic_message(payload.as_ref())
            ),
        )
    })
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Decodes a request value, describing a failure as a diagnostic.
fn decode(dv: Option<&pb::DynamicValue>, ty: &Type, what: &str) -> Result<Value, Diagnostic> {
    convert::decode(dv, ty).map_err(|e| e.to_diagnostic(what))
}

/// Decodes a configuration that must be present (data sources and resource validation).
fn decode_config(dv: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostic> {
    match decode(dv, ty, "configuration")? {
        Value::Null => Err(super::codec::CodecError::new(
            Default::default(),
            "the configuration is missing or null".to_string(),
        )
        .to_diagnostic("configuration")),
        config => Ok(config),
    }
}

/// Encodes a response value; a failure is a provider bug reported as a diagnostic.
fn encode(value: &Value, ty: &Type, diags: &mut Diagnostics) -> Option<pb::DynamicValue> {
    match convert::encode(value, ty) {
        Ok(dv) => Some(dv),
        Err(e) => {
            diags.push(Diagnostic::error(
                "Internal error in the provider",
                format!("The provider produced a value it cannot encode ({e}). This is a bug in the provider."),
            ));
            None
        }
    }
}

#[tonic::async_trait]
impl ProviderRpc for ProviderService {
    async fn get_metadata(
        &self,
        _request: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        use pb::get_metadata as m;
        let schema = self.provider.schema();
        Ok(Response::new(m::Response {
            server_capabilities: Some(capabilities()),
            diagnostics: Vec::new(),
            data_sources: schema
                .data_sources
                .keys()
                .map(|k| m::DataSourceMetadata {
                    type_name: k.to_string(),
                })
                .collect(),
            resources: schema
                .resources
                .keys()
                .map(|k| m::ResourceMetadata {
                    type_name: k.to_string(),
                })
                .collect(),
            functions: schema
                .functions
                .keys()
                .map(|k| m::FunctionMetadata {
                    name: k.to_string(),
                })
                .collect(),
            ephemeral_resources: Vec::new(),
        }))
    }

    async fn get_provider_schema(
        &self,
        _request: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        let response = self
            .schema_response
            .get_or_init(|| self.schema_response_now());
        Ok(Response::new(response.clone()))
    }

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        let schema = self.provider.schema();
        Ok(Response::new(pb::get_functions::Response {
            functions: schema
                .functions
                .iter()
                .map(|(k, f)| (k.to_string(), convert::function(f)))
                .collect(),
            diagnostics: Vec::new(),
        }))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics: self.provider_config_diagnostics(request.get_ref().config.as_ref(), false),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diagnostics = guarded_call("ValidateResourceConfig", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let config = decode_config(req.config.as_ref(), ty)?;
            Ok(resource.validate_in(&config, &self.call_context()))
        })
        .unwrap_or_else(|d| vec![d]);
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diagnostics = guarded_call("ValidateDataResourceConfig", || {
            let (ty, data_source) = self.data_source(&req.type_name)?;
            let config = decode_config(req.config.as_ref(), ty)?;
            Ok(data_source.validate_in(&config, &self.call_context()))
        })
        .unwrap_or_else(|d| vec![d]);
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        }))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        _request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<pb::validate_ephemeral_resource_config::Response>, Status> {
        Err(Status::unimplemented(
            "this provider has no ephemeral resources",
        ))
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics: self.provider_config_diagnostics(request.get_ref().config.as_ref(), true),
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let upgraded = guarded_call("UpgradeResourceState", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let json = req
                .raw_state
                .as_ref()
                .map(|r| r.json.as_slice())
                .unwrap_or_default();
            let rewritten;
            let json = match serde_json::from_slice(json) {
                Ok(state) if !json.is_empty() => {
                    rewritten =
                        serde_json::to_vec(&resource.upgrade_state_json(req.version, state))
                            .unwrap_or_default();
                    rewritten.as_slice()
                }
                _ => json,
            };
            if json.is_empty() {
                return Err(Diagnostic::error(
                    "Unsupported state format",
                    "The stored state has no JSON form (flatmap state predates Terraform 0.12). \
                     Remove the resource from state and import it again.",
                ));
            }
            let value = super::codec::json::decode(json, ty)
                .map_err(|e| e.to_diagnostic("stored state"))?;
            Ok(encode(&value, ty, &mut diagnostics))
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        });
        Ok(Response::new(pb::upgrade_resource_state::Response {
            upgraded_state: upgraded,
            diagnostics: convert::diagnostics(&diagnostics),
        }))
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let new_state = guarded_call("ReadResource", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let state = decode(req.current_state.as_ref(), ty, "current state")?;
            let (new_state, diags) = resource.read(&state);
            diagnostics.extend(diags);
            Ok(encode(&new_state, ty, &mut diagnostics))
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        });
        Ok(Response::new(pb::read_resource::Response {
            new_state,
            diagnostics: convert::diagnostics(&diagnostics),
            private: req.private.clone(),
            deferred: None,
        }))
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let mut requires_replace = Vec::new();
        let planned_state = guarded_call("PlanResourceChange", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let plan = PlanRequest {
                prior_state: decode(req.prior_state.as_ref(), ty, "prior state")?,
                proposed_new_state: decode(req.proposed_new_state.as_ref(), ty, "proposed state")?,
                config: decode(req.config.as_ref(), ty, "configuration")?,
            };
            let response = resource.plan_in(&plan, &self.call_context());
            diagnostics.extend(response.diagnostics);
            requires_replace = response
                .requires_replace
                .iter()
                .map(convert::path)
                .collect();
            if has_errors(&diagnostics) {
                return Ok(None);
            }
            Ok(encode(&response.planned_state, ty, &mut diagnostics))
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        });
        Ok(Response::new(pb::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private: req.prior_private.clone(),
            diagnostics: convert::diagnostics(&diagnostics),
            legacy_type_system: false,
            deferred: None,
        }))
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let new_state = guarded_call("ApplyResourceChange", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let apply = ApplyRequest {
                prior_state: decode(req.prior_state.as_ref(), ty, "prior state")?,
                planned_state: decode(req.planned_state.as_ref(), ty, "planned state")?,
                config: decode(req.config.as_ref(), ty, "configuration")?,
            };
            let (state, diags) = resource.apply_in(&apply, &self.call_context());
            diagnostics.extend(diags);
            Ok(encode(&state, ty, &mut diagnostics))
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        });
        Ok(Response::new(pb::apply_resource_change::Response {
            new_state,
            private: req.planned_private.clone(),
            diagnostics: convert::diagnostics(&diagnostics),
            legacy_type_system: false,
        }))
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let imported = guarded_call("ImportResourceState", || {
            let (ty, resource) = self.resource(&req.type_name)?;
            let (state, diags) = resource.import(&req.id);
            diagnostics.extend(diags);
            let Some(state) = state else {
                return Ok(Vec::new());
            };
            Ok(encode(&state, ty, &mut diagnostics)
                .map(|dv| pb::import_resource_state::ImportedResource {
                    type_name: req.type_name.clone(),
                    state: Some(dv),
                    private: Vec::new(),
                })
                .into_iter()
                .collect())
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            Vec::new()
        });
        Ok(Response::new(pb::import_resource_state::Response {
            imported_resources: imported,
            diagnostics: convert::diagnostics(&diagnostics),
            deferred: None,
        }))
    }

    async fn move_resource_state(
        &self,
        _request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        Err(Status::unimplemented(
            "this provider does not move state between resource types",
        ))
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        let req = request.get_ref();
        let mut diagnostics = Vec::new();
        let state = guarded_call("ReadDataSource", || {
            let (ty, data_source) = self.data_source(&req.type_name)?;
            let config = decode_config(req.config.as_ref(), ty)?;
            let (state, diags) = data_source.read_in(&config, &self.call_context());
            diagnostics.extend(diags);
            Ok(state.and_then(|s| encode(&s, ty, &mut diagnostics)))
        })
        .unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        });
        Ok(Response::new(pb::read_data_source::Response {
            state,
            diagnostics: convert::diagnostics(&diagnostics),
            deferred: None,
        }))
    }

    async fn open_ephemeral_resource(
        &self,
        _request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Result<Response<pb::open_ephemeral_resource::Response>, Status> {
        Err(Status::unimplemented(
            "this provider has no ephemeral resources",
        ))
    }

    async fn renew_ephemeral_resource(
        &self,
        _request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Result<Response<pb::renew_ephemeral_resource::Response>, Status> {
        Err(Status::unimplemented(
            "this provider has no ephemeral resources",
        ))
    }

    async fn close_ephemeral_resource(
        &self,
        _request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        Err(Status::unimplemented(
            "this provider has no ephemeral resources",
        ))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        let req = request.get_ref();
        let outcome = guarded("CallFunction", || self.call(req)).unwrap_or_else(|d| {
            Err(pb::FunctionError {
                text: format!("{} {}", d.summary, d.detail),
                function_argument: None,
            })
        });
        let response = match outcome {
            Ok(result) => pb::call_function::Response {
                result: Some(result),
                error: None,
            },
            Err(error) => pb::call_function::Response {
                result: None,
                error: Some(error),
            },
        };
        Ok(Response::new(response))
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        // Every call is short and synchronous, so there is nothing to cancel: stopping means
        // finishing calls in flight and exiting.
        self.shutdown.trigger();
        Ok(Response::new(pb::stop_provider::Response {
            error: String::new(),
        }))
    }
}

fn capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: false,
        // Schemas never change within a provider version, so Terraform may reuse them.
        get_provider_schema_optional: true,
        move_resource_state: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_diagnostic_without_backtrace() {
        let result: Result<(), Diagnostic> = guarded("ReadDataSource", || panic!("boom at step 3"));
        let diag = result.unwrap_err();
        assert!(diag.is_error());
        assert_eq!(diag.summary, "Internal error in the provider");
        assert!(
            diag.detail.contains("ReadDataSource: boom at step 3."),
            "{}",
            diag.detail
        );
        for marker in [
            "stack backtrace",
            "rust_begin_unwind",
            "panicking.rs",
            "at src/",
        ] {
            assert!(!diag.detail.contains(marker), "{}", diag.detail);
        }
    }

    #[test]
    fn a_whole_call_is_guarded_and_its_errors_pass_through() {
        let panicked: Result<(), Diagnostic> = guarded_call("PlanResourceChange", || {
            panic!("while decoding");
        });
        let diag = panicked.unwrap_err();
        assert_eq!(diag.summary, "Internal error in the provider");
        assert!(diag.detail.contains("PlanResourceChange: while decoding."));
        let failed: Result<(), Diagnostic> = guarded_call("PlanResourceChange", || {
            Err(Diagnostic::error("Bad", "input"))
        });
        assert_eq!(failed.unwrap_err().summary, "Bad");
    }

    #[test]
    fn panic_payloads_of_every_kind_have_text() {
        assert_eq!(panic_message(&"static"), "static");
        assert_eq!(panic_message(&String::from("owned")), "owned");
        assert_eq!(panic_message(&42_u8), "unknown panic");
    }
}
