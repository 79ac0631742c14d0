//! The crate graph keeps the layers apart: the IAM engine has no Terraform or gRPC in its
//! dependency tree, and the plugin host has no IAM in its.

use std::process::Command;

/// The names of every package in `package`'s normal dependency tree, from `cargo tree`.
fn dependency_tree(package: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--locked",
            "--offline",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--package",
            package,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_engine_has_no_terraform_or_grpc_in_its_tree() {
    let tree = dependency_tree("rekognitioniam-engine");
    assert!(tree.iter().any(|p| p == "serde_json"), "{tree:?}");
    for banned in [
        "tokio",
        "tonic",
        "prost",
        "terraform-plugin-host",
        "terraform-provider-rekognitioniam",
    ] {
        assert!(
            !tree.iter().any(|p| p == banned),
            "{banned} in the engine's tree"
        );
    }
}

#[test]
fn the_plugin_host_has_no_iam_in_its_tree() {
    let tree = dependency_tree("terraform-plugin-host");
    assert!(tree.iter().any(|p| p == "tonic"), "{tree:?}");
    for banned in [
        "rekognitioniam-engine",
        "terraform-provider-rekognitioniam",
        "jsonc-parser",
    ] {
        assert!(
            !tree.iter().any(|p| p == banned),
            "{banned} in the plugin host's tree"
        );
    }
}
