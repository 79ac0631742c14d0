//! Shared pieces of the fuzz targets: what a wire value is decoded against, and the provider
//! code that then runs on it.

use std::sync::OnceLock;

use host::value::{Type, Value};

use host::provider::{ApplyRequest, PlanRequest, Provider};
use rekognitioniam::provider::provider as rekognitioniam_provider;

/// The provider, built once per fuzzing process.
pub fn provider() -> &'static Provider {
    static PROVIDER: OnceLock<Provider> = OnceLock::new();
    PROVIDER.get_or_init(rekognitioniam_provider)
}

/// Something the provider decodes a wire value for.
#[derive(Debug, Clone)]
pub enum Target {
    /// The provider block's configuration.
    ProviderConfig(Type),
    /// A data source's configuration.
    DataSource(&'static str, Type),
    /// A resource's configuration, plan or state.
    Resource(&'static str, Type),
    /// A function's arguments, as one tuple.
    Function(&'static str, Type),
}

impl Target {
    /// The type the wire value is decoded against.
    pub fn ty(&self) -> &Type {
        match self {
            Target::ProviderConfig(ty)
            | Target::DataSource(_, ty)
            | Target::Resource(_, ty)
            | Target::Function(_, ty) => ty,
        }
    }
}

/// Every schema of the provider: provider block, data sources, resources and the argument
/// lists of the functions.
pub fn targets() -> &'static [Target] {
    static TARGETS: OnceLock<Vec<Target>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        let schema = provider().schema();
        let mut out = vec![Target::ProviderConfig(schema.provider.block.value_type())];
        for (name, s) in &schema.data_sources {
            out.push(Target::DataSource(name, s.block.value_type()));
        }
        for (name, s) in &schema.resources {
            out.push(Target::Resource(name, s.block.value_type()));
        }
        for (name, f) in &schema.functions {
            let params = f.parameters.iter().map(|p| p.ty.clone()).collect();
            out.push(Target::Function(name, Type::Tuple(params)));
        }
        out
    })
}

/// Picks a target with the first input byte; the rest is the encoded value.
pub fn split(data: &[u8]) -> Option<(&'static Target, &[u8])> {
    let (first, rest) = data.split_first()?;
    let all = targets();
    Some((&all[usize::from(*first) % all.len()], rest))
}

/// Runs the provider code that Terraform's calls would run on a decoded value. Only panics,
/// hangs and runaway memory matter here: the results are thrown away.
pub fn exercise(target: &Target, value: &Value) {
    let p = provider();
    match target {
        Target::ProviderConfig(_) => {}
        Target::DataSource(name, _) => {
            if let Some(ds) = p.data_source(name) {
                let _ = ds.validate(value);
                let _ = ds.read(value);
            }
        }
        Target::Resource(name, _) => {
            if let Some(r) = p.resource(name) {
                let _ = r.validate(value);
                let create = r.plan(&PlanRequest {
                    prior_state: Value::Null,
                    proposed_new_state: value.clone(),
                    config: value.clone(),
                });
                let _ = r.plan(&PlanRequest {
                    prior_state: value.clone(),
                    proposed_new_state: create.planned_state.clone(),
                    config: value.clone(),
                });
                let _ = r.apply(&ApplyRequest {
                    prior_state: Value::Null,
                    planned_state: value.clone(),
                    config: value.clone(),
                });
                let _ = r.read(value);
            }
        }
        Target::Function(name, _) => {
            if let (Some(f), Some(args)) = (p.function(name), value.as_elements()) {
                let _ = f.call(args);
            }
        }
    }
}
