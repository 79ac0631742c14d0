//! Every example configuration applies through the real terraform, and a second plan is empty.

use crate::support;

use std::path::{Path, PathBuf};

use support::terraform::{available, Workspace, PROVIDER_BLOCK};

/// Example directories: examples/quickstart and examples/<kind>/<name>/.
fn example_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs = vec![root.join("quickstart")];
    for kind in ["data-sources", "resources", "functions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(kind)) {
            let mut found: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            found.sort();
            dirs.extend(found);
        }
    }
    dirs
}

fn config_of(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    files.sort();
    let text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap() + "\n")
        .collect();
    if text.contains("required_providers") {
        text
    } else {
        format!("{PROVIDER_BLOCK}\n{text}")
    }
}

#[test]
fn every_example_applies_and_replans_clean() {
    if !available() {
        return;
    }
    for dir in example_dirs() {
        let ws = Workspace::empty();
        ws.write("main.tf", &config_of(&dir));
        ws.init();
        ws.apply();
        ws.assert_no_changes();
        eprintln!("example ok: {}", dir.display());
    }
}

/// examples/terraform-test: `terraform test` runs the module's tests offline, asserting the
/// policy's effective actions and expecting the gate's postcondition to fail where it should.
#[test]
fn the_terraform_test_example_passes() {
    if !available() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/terraform-test");
    let ws = Workspace::empty();
    ws.write("main.tf", &config_of(&dir));
    std::fs::create_dir_all(ws.path().join("tests")).unwrap();
    let tests = std::fs::read_dir(dir.join("tests")).unwrap();
    let mut count = 0;
    for test in tests.flatten() {
        let name = test.file_name().to_string_lossy().to_string();
        if name.ends_with(".tftest.hcl") {
            ws.write(
                &format!("tests/{name}"),
                &std::fs::read_to_string(test.path()).unwrap(),
            );
            count += 1;
        }
    }
    assert!(count > 0, "no .tftest.hcl file in {}", dir.display());
    ws.init();
    let out = ws.ok(&["test", "-no-color"]);
    assert!(out.contains("4 passed, 0 failed"), "{out}");
    assert!(!out.contains("Error"), "{out}");
}
