//! Packaging: release artifacts and provider mirrors (scripts/release.py, behind `make release`
//! and `make mirror`), checked with the real terraform: a configuration that starts from the
//! mirror's lock entry installs from the packed filesystem mirror with the `zh:` hash of the
//! release's SHA256SUMS, and `terraform init` has nothing to warn about. Also the pre-commit hook
//! definitions, run as pre-commit runs them, and the one place the version lives.
//!
//! The archives are made from the debug binary of this build, so the test needs no release build;
//! `.ci/run` runs `make release` and `make mirror` on the release binary as well.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const NAME: &str = "terraform-provider-rekognitioniam";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True when `program --version` runs; otherwise fails under CI=true, or prints a loud note.
fn available(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        reference_data::skip(&format!("{program} is not on PATH"));
    }
    found
}

fn run(command: &mut Command) -> Output {
    let out = command.output().expect("command starts");
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn release_py(args: &[&str]) -> Command {
    let mut command = Command::new("python3");
    command
        .arg(repo().join("scripts/release.py"))
        .args(args)
        .env_remove("GPG_KEY_ID");
    command
}

fn platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

/// A release of this build's binary in `dir`, returning the dist folder.
fn release(dir: &Path, extra: &[&str]) -> PathBuf {
    let dist = dir.join("dist");
    let platform = platform();
    let mut args = vec![
        "release",
        "--binary",
        BINARY,
        "--version",
        VERSION,
        "--platform",
        &platform,
        "--out",
    ];
    let dist_arg = dist.to_string_lossy().to_string();
    args.push(&dist_arg);
    args.extend_from_slice(extra);
    run(&mut release_py(&args));
    dist
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn release_files_follow_the_registry_layout() {
    if !available("python3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dist = release(dir.path(), &[]);
    let zip = format!("{NAME}_{VERSION}_{}.zip", platform());
    assert!(dist.join(&zip).is_file(), "{zip} is missing");

    let sums = read(&dist.join(format!("{NAME}_{VERSION}_SHA256SUMS")));
    let line = sums.lines().next().unwrap();
    let (hash, name) = line.split_once("  ").unwrap();
    assert_eq!(name, zip);
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));

    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dist.join(format!("{NAME}_{VERSION}_manifest.json")))).unwrap();
    assert_eq!(
        manifest,
        serde_json::json!({"version": 1, "metadata": {"protocol_versions": ["6.0"]}})
    );
    assert!(!dist
        .join(format!("{NAME}_{VERSION}_SHA256SUMS.sig"))
        .exists());

    // Reproducible: the same binary gives the same archive.
    let again = tempfile::tempdir().unwrap();
    let dist2 = release(again.path(), &[]);
    assert_eq!(
        std::fs::read(dist.join(&zip)).unwrap(),
        std::fs::read(dist2.join(&zip)).unwrap()
    );
}

#[test]
fn terraform_installs_from_the_packed_mirror_with_the_release_checksum() {
    if !available("python3") || !available("terraform") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dist = release(dir.path(), &[]);
    let mirror = dir.path().join("mirror");
    run(&mut release_py(&[
        "mirror",
        "--dist",
        &dist.to_string_lossy(),
        "--version",
        VERSION,
        "--out",
        &mirror.to_string_lossy(),
    ]));
    let sums = read(&dist.join(format!("{NAME}_{VERSION}_SHA256SUMS")));
    let zh = format!("zh:{}", sums.split_whitespace().next().unwrap());

    // The network-mirror documents beside the archives.
    let folder = mirror.join("registry.terraform.io/rekognitioniam/rekognitioniam");
    let index: serde_json::Value = serde_json::from_str(&read(&folder.join("index.json"))).unwrap();
    assert_eq!(index, serde_json::json!({"versions": {VERSION: {}}}));
    let version: serde_json::Value =
        serde_json::from_str(&read(&folder.join(format!("{VERSION}.json")))).unwrap();
    let archive = &version["archives"][platform()];
    assert_eq!(
        archive["url"],
        format!("{NAME}_{VERSION}_{}.zip", platform())
    );
    let hashes: Vec<&str> = archive["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_str())
        .collect();
    assert!(hashes.contains(&zh.as_str()), "{hashes:?} lacks {zh}");
    assert!(folder
        .join(format!("{NAME}_{VERSION}_{}.zip", platform()))
        .is_file());

    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(
        ws.join("main.tf"),
        format!(
            "terraform {{\n  required_providers {{\n    rekognitioniam = {{\n      source  = \
             \"rekognitioniam/rekognitioniam\"\n      version = \"{VERSION}\"\n    }}\n  }}\n}}\n"
        ),
    )
    .unwrap();
    let lock_entry = read(&mirror.join("terraform.lock.hcl"));
    std::fs::write(ws.join(".terraform.lock.hcl"), &lock_entry).unwrap();
    let cli_config = dir.path().join("terraformrc");
    std::fs::write(
        &cli_config,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include \
             = [\"registry.terraform.io/rekognitioniam/*\"]\n  }}\n  direct {{\n    exclude = \
             [\"registry.terraform.io/rekognitioniam/*\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .unwrap();
    let out = run(Command::new("terraform")
        .args(["init", "-input=false", "-no-color"])
        .current_dir(&ws)
        .env("TF_CLI_CONFIG_FILE", &cli_config)
        .env("TF_IN_AUTOMATION", "1")
        .env_remove("TF_PLUGIN_CACHE_DIR"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("Incomplete lock file information"),
        "init warned:\n{text}"
    );
    assert!(text.contains(&format!(
        "Installed rekognitioniam/rekognitioniam v{VERSION}"
    )));
    let lock = read(&ws.join(".terraform.lock.hcl"));
    assert!(lock.contains(&format!("\"{zh}\"")), "lock file:\n{lock}");
    // Terraform added no hash of its own: the h1: hash the mirror computed is the one Terraform
    // computes from the installed package.
    let hash_lines = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("\"h1:") || l.starts_with("\"zh:"))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(hash_lines(&lock), hash_lines(&lock_entry));
}

#[test]
fn sums_are_signed_when_a_gpg_key_is_given() {
    if !available("python3") || !available("gpg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("gnupg");
    std::fs::create_dir_all(&home).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let gpg = |args: &[&str]| {
        let mut c = Command::new("gpg");
        c.arg("--batch").args(args).env("GNUPGHOME", &home);
        c
    };
    run(&mut gpg(&[
        "--passphrase",
        "",
        "--quick-gen-key",
        "Release Test <release-test@example.invalid>",
        "ed25519",
        "sign",
        "never",
    ]));
    let mut command = release_py(&[
        "release",
        "--binary",
        BINARY,
        "--version",
        VERSION,
        "--platform",
        &platform(),
        "--out",
        &dir.path().join("dist").to_string_lossy(),
        "--gpg-key",
        "release-test@example.invalid",
    ]);
    run(command.env("GNUPGHOME", &home));
    let sums = dir
        .path()
        .join("dist")
        .join(format!("{NAME}_{VERSION}_SHA256SUMS"));
    let signature = sums.with_file_name(format!("{NAME}_{VERSION}_SHA256SUMS.sig"));
    assert!(signature.is_file());
    run(&mut gpg(&[
        "--verify",
        &signature.to_string_lossy(),
        &sums.to_string_lossy(),
    ]));
    // A changed sums file no longer verifies.
    std::fs::write(&sums, "0000  tampered\n").unwrap();
    let out = gpg(&[
        "--verify",
        &signature.to_string_lossy(),
        &sums.to_string_lossy(),
    ])
    .output()
    .unwrap();
    assert!(!out.status.success());
}

/// The version lives in Cargo.toml: every `version = "..."` of this provider in the README, the
/// docs and the examples is that version.
#[test]
fn documented_versions_are_the_crate_version() {
    let mut files = vec![repo().join("README.md"), repo().join("docs/index.md")];
    let mut dirs = vec![repo().join("examples")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != ".terraform") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "tf") {
                files.push(path);
            }
        }
    }
    let mut checked = 0;
    for file in files {
        let text = read(&file);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("\"rekognitioniam/rekognitioniam\"") {
                continue;
            }
            let Some(version_line) = lines
                .iter()
                .skip(i + 1)
                .take(2)
                .find(|l| l.trim_start().starts_with("version"))
            else {
                continue;
            };
            checked += 1;
            assert!(
                version_line.contains(&format!("\"{VERSION}\"")),
                "{}: {version_line:?} is not version {VERSION} (Cargo.toml)",
                file.display()
            );
        }
    }
    assert!(checked >= 3, "only {checked} version pins found");
}

/// One hook of `.pre-commit-hooks.yaml`: its id, command and file pattern.
struct Hook {
    id: String,
    entry: String,
    files: regex::Regex,
}

/// The hooks, read line by line (the file is a flat list of string fields).
fn hooks() -> Vec<Hook> {
    let text = read(&repo().join(".pre-commit-hooks.yaml"));
    let mut hooks = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut flush = |fields: &mut Vec<(String, String)>| {
        if fields.is_empty() {
            return;
        }
        let get = |k: &str| {
            fields
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("hook without {k}: {fields:?}"))
        };
        hooks.push(Hook {
            id: get("id"),
            entry: get("entry"),
            files: regex::Regex::new(&get("files")).unwrap(),
        });
        fields.clear();
    };
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let (item, rest) = match line.strip_prefix("- ") {
            Some(rest) => (true, rest),
            None => (false, line.trim_start()),
        };
        if item {
            flush(&mut fields);
        }
        if let Some((key, value)) = rest.split_once(": ") {
            let value = value.trim().trim_matches('\'');
            fields.push((key.trim().to_string(), value.to_string()));
        }
    }
    flush(&mut fields);
    hooks
}

/// Runs a hook's entry the way pre-commit does: the entry's words, then the matching files.
fn run_hook(hook: &Hook, dir: &Path, files: &[&str]) -> Output {
    let bin_dir = Path::new(BINARY).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut words = hook.entry.split_whitespace();
    let program = words.next().unwrap();
    Command::new(program)
        .args(words)
        .args(files)
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[test]
fn pre_commit_hooks_check_the_files_they_match() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"rekognitioniam-check-policies"), "{ids:?}");
    assert!(ids.contains(&"rekognitioniam-check-plan"), "{ids:?}");

    let dir = tempfile::tempdir().unwrap();
    let data = repo().join("tests/data");
    std::fs::create_dir_all(dir.path().join("iam")).unwrap();
    for (from, to) in [
        ("policies/detect.json", "iam/detect.json"),
        ("policies/typo.json", "iam/typo.json"),
        ("plans/aws_iam.json", "infra.tfplan.json"),
    ] {
        std::fs::copy(data.join(from), dir.path().join(to)).unwrap();
    }
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"app\"}").unwrap();
    let all = [
        "iam/detect.json",
        "iam/typo.json",
        "infra.tfplan.json",
        "package.json",
    ];

    for hook in &hooks {
        let matched: Vec<&str> = all
            .iter()
            .copied()
            .filter(|f| hook.files.is_match(f))
            .collect();
        assert!(
            !matched.contains(&"package.json"),
            "{} would check package.json",
            hook.id
        );
        if hook.id.starts_with("rekognitioniam-check-policies") {
            assert_eq!(matched, ["iam/detect.json", "iam/typo.json"], "{}", hook.id);
            let clean = run_hook(hook, dir.path(), &["iam/detect.json"]);
            assert_eq!(clean.status.code(), Some(0), "{}: {clean:?}", hook.id);
            let out = run_hook(hook, dir.path(), &matched);
            assert_eq!(out.status.code(), Some(1), "{}: {out:?}", hook.id);
            assert!(String::from_utf8_lossy(&out.stdout).contains("iam/typo.json"));
        } else {
            assert_eq!(matched, ["infra.tfplan.json"], "{}", hook.id);
            let out = run_hook(hook, dir.path(), &matched);
            // The plan fixture has policies with errors: the hook fails the commit on them.
            assert_eq!(out.status.code(), Some(1), "{}: {out:?}", hook.id);
            assert!(String::from_utf8_lossy(&out.stdout).contains("aws_iam_"));
        }
    }
}
