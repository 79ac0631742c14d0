//! `terraform-provider-rekognitioniam`: the provider plugin (started by Terraform or OpenTofu).

use std::process::ExitCode;
use std::sync::Arc;

use rekognitioniam::plugin;
use rekognitioniam::protocol::service::ProviderService;
use rekognitioniam::provider::Provider;
use tonic::service::Routes;

fn main() -> ExitCode {
    plugin::run(|shutdown| {
        Routes::new(ProviderService::new(Arc::new(Provider::new()), shutdown.clone()).into_server())
    })
}
