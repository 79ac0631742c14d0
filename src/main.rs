//! `terraform-provider-rekognitioniam`: the provider plugin (started by Terraform or OpenTofu).

use std::process::ExitCode;
use std::sync::Arc;

use rekognitioniam::plugin;
use rekognitioniam::protocol::service::ProviderService;
use rekognitioniam::provider::Provider;
use tonic::service::Routes;

fn main() -> ExitCode {
    plugin::run(|shutdown| {
        let service = ProviderService::new(Arc::new(Provider::new()), shutdown.clone());
        Routes::new(service.with_schema_ready().into_server())
    })
}
