//! The committed docs/ pages must equal what the provider's schemas render.
//! `make docs` (UPDATE_DOCS=1) rewrites them.

use std::path::{Path, PathBuf};

use rekognitioniam::provider::docs::{pages, Examples};
use rekognitioniam::provider::provider;

struct ExampleDir(PathBuf);

impl Examples for ExampleDir {
    fn get(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(path)).ok()
    }

    fn files(&self, dir: &str) -> Vec<String> {
        std::fs::read_dir(self.0.join(dir))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[test]
fn docs_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = ExampleDir(root.join("examples"));
    let update = std::env::var("UPDATE_DOCS").is_ok();
    let mut drifted = Vec::new();
    for page in pages(&provider(), &examples) {
        let path = root.join("docs").join(&page.path);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != page.markdown {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &page.markdown).unwrap();
            } else {
                drifted.push(page.path);
            }
        }
    }
    assert!(
        drifted.is_empty(),
        "docs/ is out of date for {drifted:?}; run `make docs` and commit the result"
    );
}
