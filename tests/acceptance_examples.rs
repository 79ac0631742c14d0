//! Every example configuration applies through the real terraform, and a second plan is empty.

mod support;

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
