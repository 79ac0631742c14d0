//! `terraform-provider-rekognitioniam`: the provider plugin (started by Terraform or OpenTofu),
//! and, run by hand with a subcommand, the `check` command for CI.

use std::env;
use std::process::ExitCode;
use std::sync::Arc;

use rekognitioniam::plugin::{self, handshake};
use rekognitioniam::protocol::service::ProviderService;
use rekognitioniam::provider::Provider;
use tonic::service::Routes;

/// mimalloc rather than the system allocator: see its entry in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Terraform starts the plugin with its cookie and no arguments: that path stays first and
    // costs one environment lookup more than before; only a hand-run binary parses arguments.
    let cookie = env::var_os(handshake::MAGIC_COOKIE_KEY).is_some();
    if !cookie && env::args_os().len() > 1 {
        return rekognitioniam::cli::main(env::args_os());
    }
    plugin::run(|shutdown| {
        let service = ProviderService::new(Arc::new(Provider::new()), shutdown.clone());
        Routes::new(service.with_schema_ready().into_server())
    })
}
