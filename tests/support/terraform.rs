//! Runs the real `terraform` binary against the provider built for these tests, offline.
//!
//! Each workspace is a temporary directory; the provider is found through a filesystem mirror
//! named in a CLI configuration file of its own, so nothing is fetched from a registry and the
//! user's ~/.terraform.d is neither read nor changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use super::plugin::BINARY;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// True when terraform can run; when it cannot, fails under CI=true and otherwise prints a loud
/// note so the caller can skip.
pub fn available() -> bool {
    let found = Command::new("terraform")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        reference_data::skip("terraform is not on PATH (install Terraform >= 1.8 to run it)");
    }
    found
}

struct Mirror {
    _dir: tempfile::TempDir,
    cli_config: PathBuf,
}

/// One mirror (with the provider binary) and CLI config per test process. The mirror lives in
/// cargo's temporary directory under target/ and holds a hard link to the binary, not a copy:
/// a static is never dropped, so each test process leaves its mirror behind, and copies of the
/// debug binary would fill the disk over a few runs of the suite.
fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let os_arch = format!("{}_{}", std::env::consts::OS, go_arch());
        for host in ["registry.terraform.io", "registry.opentofu.org"] {
            let target = dir
                .path()
                .join("mirror")
                .join(host)
                .join("rekognitioniam/rekognitioniam")
                .join(VERSION)
                .join(&os_arch);
            std::fs::create_dir_all(&target).unwrap();
            let installed = target.join(format!("terraform-provider-rekognitioniam_v{VERSION}"));
            if std::fs::hard_link(BINARY, &installed).is_err() {
                std::fs::copy(BINARY, &installed).unwrap();
            }
        }
        let cli_config = dir.path().join("terraformrc");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    \
                 include = [\"registry.terraform.io/rekognitioniam/*\"]\n  }}\n  direct {{\n    exclude = \
                 [\"registry.terraform.io/rekognitioniam/*\"]\n  }}\n}}\n",
                dir.path().join("mirror").display()
            ),
        )
        .unwrap();
        Mirror {
            _dir: dir,
            cli_config,
        }
    })
}

/// The provider binaries terraform can start for a workspace: the copies in the mirror and
/// whatever `terraform init` installed under the workspace's `.terraform` (all canonical paths).
pub fn provider_binaries(ws: &Workspace) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![
        mirror()
            .cli_config
            .parent()
            .map(|d| d.join("mirror"))
            .unwrap_or_default(),
        ws.path().join(".terraform"),
    ];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with("terraform-provider-rekognitioniam")
            }) {
                found.push(std::fs::canonicalize(&path).unwrap_or(path));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}

/// The `terraform { required_providers ... }` block every test configuration starts with.
pub const PROVIDER_BLOCK: &str = concat!(
    r#"
terraform {
  required_providers {
    rekognitioniam = {
      source  = "rekognitioniam/rekognitioniam"
      version = ""#,
    env!("CARGO_PKG_VERSION"),
    r#""
    }
  }
}
"#
);

/// A Terraform working directory.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A workspace with `main.tf` = the provider block + `config`, already initialised.
    pub fn new(config: &str) -> Workspace {
        let ws = Workspace::empty();
        ws.configure(config);
        ws.init();
        ws
    }

    /// Replaces `main.tf` with the provider block + `config` (a changed configuration).
    pub fn configure(&self, config: &str) {
        self.write("main.tf", &format!("{PROVIDER_BLOCK}\n{config}"));
    }

    /// A workspace with no files.
    pub fn empty() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file in the workspace.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }

    /// Runs terraform with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("terraform")
            .args(args)
            .current_dir(self.dir.path())
            .env("TF_CLI_CONFIG_FILE", &mirror().cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .output()
            .expect("run terraform")
    }

    /// Runs terraform and asserts success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "terraform {} failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs terraform, asserts failure, and returns stderr+stdout with every run of whitespace
    /// collapsed to one space (Terraform wraps diagnostic text at its own line width).
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !out.status.success(),
            "terraform {} succeeded:\n{text}",
            args.join(" ")
        );
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// `terraform init` (offline, through the mirror).
    pub fn init(&self) {
        self.ok(&["init", "-no-color", "-input=false"]);
    }

    /// `terraform apply -auto-approve`.
    pub fn apply(&self) -> String {
        self.ok(&["apply", "-no-color", "-input=false", "-auto-approve"])
    }

    /// All outputs as JSON (`terraform output -json`, values only).
    pub fn outputs(&self) -> serde_json::Value {
        let text = self.ok(&["output", "-json"]);
        let all: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut values = serde_json::Map::new();
        if let Some(obj) = all.as_object() {
            for (k, v) in obj {
                values.insert(k.clone(), v["value"].clone());
            }
        }
        serde_json::Value::Object(values)
    }

    /// Asserts that a fresh plan has no changes (`plan -detailed-exitcode` exits 0).
    pub fn assert_no_changes(&self) {
        let out = self.run(&["plan", "-no-color", "-input=false", "-detailed-exitcode"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "second plan is not empty:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
