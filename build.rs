//! Build-time code generation: gRPC types from proto/ (compiled by protox, so no system protoc
//! is needed) and the IAM catalogue's static tables from data/catalog/.

use std::error::Error;

#[path = "build/catalog.rs"]
mod catalog;

const PROTOS: [&str; 4] = [
    "tfplugin6.proto",
    "grpc_controller.proto",
    "grpc_stdio.proto",
    "grpc_broker.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    for proto in PROTOS {
        println!("cargo:rerun-if-changed=proto/{proto}");
    }
    let descriptors = protox::compile(PROTOS, ["proto"])?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    catalog::generate(&out_dir);
    Ok(())
}
