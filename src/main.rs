//! `terraform-provider-rekognitioniam`: the provider plugin (started by Terraform or OpenTofu),
//! and, run by hand with a subcommand, the `check` command for CI.

use std::env;
use std::process::ExitCode;

use host::plugin::handshake;

/// mimalloc rather than the system allocator: see its entry in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Printed when the binary is run by hand without a subcommand.
const NOT_A_PLUGIN_MESSAGE: &str = "\
This binary is a plugin. These are not meant to be executed directly.
Terraform or OpenTofu runs it when a configuration uses the rekognitioniam provider.
To check policies from the command line, run: terraform-provider-rekognitioniam check --help";

fn main() -> ExitCode {
    // Terraform starts the plugin with its cookie and no arguments: that path stays first and
    // costs one environment lookup more than before; only a hand-run binary parses arguments.
    let cookie = env::var(handshake::MAGIC_COOKIE_KEY).ok();
    if !handshake::cookie_present(cookie.as_deref()) {
        if env::args_os().len() > 1 {
            return rekognitioniam::cli::main(env::args_os());
        }
        eprintln!("{NOT_A_PLUGIN_MESSAGE}");
        return ExitCode::from(1);
    }
    host::serve(rekognitioniam::provider::provider())
}
