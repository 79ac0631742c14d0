//! Test-only access to the development reference data in `../shared`, beside the repository.
//!
//! That directory (AWS reference pages, managed-policy versions, peer corpora) is there for
//! development and CI, not in a user's clone. A test that needs it asks here: where it is absent
//! the test is skipped with a note that stays visible (printed, and recorded in
//! `target/test-notes.txt`, which `make test` shows at the end, since the test harness hides the
//! output of passing tests); under `CI=true` an absent file fails the test instead, so CI never
//! passes on a test that did not run.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::PathBuf;

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/<relative>` when it exists; otherwise [`skip`]s (a failure under `CI=true`).
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    skip(&format!("../shared/{relative} is absent"));
    None
}

/// The text of `../shared/<relative>`, as [`shared`]; a file that exists but cannot be read
/// fails the test.
pub fn read_shared(relative: &str) -> Option<String> {
    let path = shared(relative)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Records that the calling test did not run for `reason`: a note locally, a failure in CI.
pub fn skip(reason: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(
        !in_ci(),
        "{test} cannot run: {reason} (CI=true: a test that did not run is a failure)"
    );
    let note = format!("skipped {test}: {reason}");
    println!("note: {note}");
    eprintln!("note: {note}");
    let notes = repo_root().join("target/test-notes.txt");
    if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(notes) {
        let _ = writeln!(file, "{note}");
    }
}

/// Whether the tests run in CI (`CI=true`, as CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_root_holds_the_workspace() {
        assert!(repo_root().join("Cargo.toml").is_file());
        assert!(repo_root().join("crates/reference-data").is_dir());
    }
}
