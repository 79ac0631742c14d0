//! A host for Terraform provider plugins written in Rust.
//!
//! Data path: [`proto`] (generated from the repository's proto/) -> [`plugin`] (go-plugin
//! handshake, loopback transport, AutoMTLS, lifecycle) -> [`protocol`] (the tfplugin6 service and
//! the cty msgpack/JSON codec) -> a [`provider::Provider`] made of plain Rust
//! [`provider::DataSource`]s, [`provider::Resource`]s and [`provider::Function`]s over
//! [`value::Value`]s, described by [`schema`] and answering with [`diagnostic`]s.
//!
//! Nothing here knows what the provider does; a provider crate registers its parts and calls
//! [`serve`] from its `main`.

pub mod diagnostic;
pub mod plugin;
pub mod proto;
pub mod protocol;
pub mod provider;
pub mod schema;
pub mod value;

use std::process::ExitCode;
use std::sync::Arc;

use tonic::service::Routes;

/// Serves `provider` as a plugin to the Terraform (or OpenTofu) process that started this one,
/// until it shuts the plugin down or goes away.
pub fn serve(provider: provider::Provider) -> ExitCode {
    let provider = Arc::new(provider);
    plugin::run(move |shutdown| {
        let service = protocol::service::ProviderService::new(provider, shutdown.clone());
        Routes::new(service.with_schema_ready().into_server())
    })
}
