//! Service reference files laid over the built-in catalogue.
//!
//! AWS publishes its Service Authorization Reference as one machine-readable JSON file per
//! service (`{"Name": "rekognition", "Actions": [{"Name": "DetectLabels", "Annotations":
//! {"Properties": {"IsList": false, "IsPermissionManagement": false, "IsTaggingOnly": false,
//! "IsWrite": false}}, "ActionConditionKeys": [...], "Resources": [{"Name": "collection"}]}],
//! "ConditionKeys": [{"Name": ..., "Types": [...]}], "Resources": [{"Name": ..., "ARNFormats":
//! [...]}], "Version": "v1.2"}`). A directory of such files, fetched by the user (the provider
//! and `check` never fetch anything), is read once at start-up and installed here: an action
//! or condition key it lists is then known even when the built-in catalogue, captured on
//! [`super::CATALOG_VERSION`], is older. The validator asks the overlay only for names the
//! built-in catalogue does not know, so the files add to the catalogue and never take away.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::Deserialize;

use super::AccessLevel;
use crate::policy::action_matches;

/// The largest service reference file read (the biggest AWS publishes, EC2's, is about 2 MB).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The service reference files of one directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overlay {
    /// The directory the files were read from.
    pub directory: PathBuf,
    /// The services, by lower-case prefix.
    pub services: BTreeMap<String, OverlayService>,
}

/// One service of a service reference file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OverlayService {
    /// The service prefix as written in the file, e.g. `rekognition`.
    pub prefix: String,
    /// The file's `Version`, if any.
    pub version: Option<String>,
    /// The actions, by lower-case name, with their access level.
    pub actions: BTreeMap<String, (String, AccessLevel)>,
    /// The condition keys the file defines, lower case.
    pub condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FileService {
    name: String,
    #[serde(default)]
    actions: Vec<FileAction>,
    #[serde(default)]
    condition_keys: Vec<FileKey>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FileAction {
    name: String,
    #[serde(default)]
    annotations: Option<FileAnnotations>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FileAnnotations {
    #[serde(default)]
    properties: Option<FileProperties>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct FileProperties {
    #[serde(default)]
    is_list: bool,
    #[serde(default)]
    is_permission_management: bool,
    #[serde(default)]
    is_tagging_only: bool,
    #[serde(default)]
    is_write: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FileKey {
    name: String,
}

impl FileProperties {
    /// The classic access level: the more specific label first, as the built-in catalogue
    /// does (data/catalog/SOURCE.md).
    fn access_level(&self) -> AccessLevel {
        if self.is_permission_management {
            AccessLevel::PermissionsManagement
        } else if self.is_tagging_only {
            AccessLevel::Tagging
        } else if self.is_write {
            AccessLevel::Write
        } else if self.is_list {
            AccessLevel::List
        } else {
            AccessLevel::Read
        }
    }
}

/// Parses one service reference file.
pub fn parse_service_reference(text: &str) -> Result<OverlayService, String> {
    let file: FileService = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let prefix = file.name.trim().to_string();
    if prefix.is_empty() || prefix.contains([':', '*', '?', ' ']) {
        return Err(format!("\"Name\" {:?} is not a service prefix", file.name));
    }
    let mut actions = BTreeMap::new();
    for action in file.actions {
        if action.name.is_empty() || action.name.contains([':', '*', '?', ' ']) {
            return Err(format!(
                "action name {:?} is not an IAM action name",
                action.name
            ));
        }
        let level = action
            .annotations
            .and_then(|a| a.properties)
            .unwrap_or_default()
            .access_level();
        actions.insert(action.name.to_ascii_lowercase(), (action.name, level));
    }
    Ok(OverlayService {
        prefix,
        version: file.version,
        actions,
        condition_keys: file
            .condition_keys
            .into_iter()
            .map(|k| k.name.to_ascii_lowercase())
            .collect(),
    })
}

/// Reads every `*.json` file of a directory as a service reference file. Fails on the first
/// file that cannot be read or parsed, naming it.
pub fn load_directory(directory: &Path) -> Result<Overlay, String> {
    let entries = std::fs::read_dir(directory)
        .map_err(|e| format!("cannot read the directory {}: {e}", directory.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json") && path.is_file())
        .collect();
    paths.sort();
    let mut overlay = Overlay {
        directory: directory.to_path_buf(),
        services: BTreeMap::new(),
    };
    for path in paths {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(format!(
                "{}: {size} bytes is more than a service reference file holds ({MAX_FILE_BYTES})",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let service = parse_service_reference(&text)
            .map_err(|e| format!("{} is not a service reference file: {e}", path.display()))?;
        overlay
            .services
            .insert(service.prefix.to_ascii_lowercase(), service);
    }
    Ok(overlay)
}

static INSTALLED: RwLock<Option<Arc<Overlay>>> = RwLock::new(None);

/// Lays `overlay` over the built-in catalogue for every later lookup (`None` removes it).
pub fn install(overlay: Option<Overlay>) {
    let mut slot = INSTALLED.write().unwrap_or_else(|e| e.into_inner());
    *slot = overlay.map(Arc::new);
}

/// The installed overlay, if any.
pub fn installed() -> Option<Arc<Overlay>> {
    INSTALLED.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Whether the overlay lists the service prefix.
pub fn has_service(prefix: &str) -> bool {
    installed().is_some_and(|o| o.services.contains_key(&prefix.to_ascii_lowercase()))
}

/// The overlay's action `prefix:name`: its name as written and access level.
pub fn action(prefix: &str, name: &str) -> Option<(String, AccessLevel)> {
    let overlay = installed()?;
    let service = overlay.services.get(&prefix.to_ascii_lowercase())?;
    service.actions.get(&name.to_ascii_lowercase()).cloned()
}

/// Whether an action name pattern (the part after `prefix:`, with `*` and `?`) matches an
/// action the overlay lists for the service.
pub fn matches_pattern(prefix: &str, pattern: &str) -> bool {
    let Some(overlay) = installed() else {
        return false;
    };
    let Some(service) = overlay.services.get(&prefix.to_ascii_lowercase()) else {
        return false;
    };
    service
        .actions
        .keys()
        .any(|name| action_matches(pattern, name))
}

/// Whether the overlay defines the condition key (compared ignoring ASCII case).
pub fn has_condition_key(name: &str) -> bool {
    let Some(overlay) = installed() else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let prefix = name.split_once(':').map_or("", |(p, _)| p);
    overlay
        .services
        .get(prefix)
        .is_some_and(|s| s.condition_keys.contains(&name))
}

/// The catalogue in use, for messages and version strings: `2026-09-26`, or
/// `2026-09-26 + service reference files (rekognition v1.2) from <dir>` with an overlay.
pub fn describe() -> String {
    match installed() {
        None => super::CATALOG_VERSION.to_string(),
        Some(overlay) => {
            let services: Vec<String> = overlay
                .services
                .values()
                .map(|s| match &s.version {
                    Some(v) => format!("{} {v}", s.prefix),
                    None => s.prefix.clone(),
                })
                .collect();
            format!(
                "{} + service reference files ({}) from {}",
                super::CATALOG_VERSION,
                services.join(", "),
                overlay.directory.display()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{
      "Name": "rekognition",
      "Actions": [
        {"Name": "DetectLabels", "Annotations": {"Properties": {"IsList": false, "IsPermissionManagement": false, "IsTaggingOnly": false, "IsWrite": false}}, "Resources": []},
        {"Name": "TagResource", "Annotations": {"Properties": {"IsList": false, "IsPermissionManagement": false, "IsTaggingOnly": true, "IsWrite": true}}},
        {"Name": "ListCollections", "Annotations": {"Properties": {"IsList": true}}}
      ],
      "ConditionKeys": [{"Name": "rekognition:NewKey", "Types": ["String"]}],
      "Resources": [{"Name": "collection", "ARNFormats": ["arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}"]}],
      "Version": "v1.4"
    }"#;

    #[test]
    fn reads_the_service_reference_format() {
        let service = parse_service_reference(FILE).unwrap_or_default();
        assert_eq!(service.prefix, "rekognition");
        assert_eq!(service.version.as_deref(), Some("v1.4"));
        let level = |name: &str| service.actions.get(name).map(|(_, l)| *l);
        assert_eq!(level("detectlabels"), Some(AccessLevel::Read));
        assert_eq!(level("tagresource"), Some(AccessLevel::Tagging));
        assert_eq!(level("listcollections"), Some(AccessLevel::List));
        assert_eq!(service.condition_keys, ["rekognition:newkey"]);
        for bad in [
            "[]",
            r#"{"Actions": []}"#,
            r#"{"Name": "rekognition", "Actions": [{"Name": "Detect*"}]}"#,
            r#"{"Name": "a:b"}"#,
        ] {
            assert!(parse_service_reference(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(text in ".{0,200}") {
            let _ = parse_service_reference(&text);
        }

        #[test]
        fn every_listed_action_is_found_ignoring_case(
            prefix in "[a-z][a-z0-9-]{0,20}",
            names in proptest::collection::vec("[A-Z][A-Za-z0-9]{0,30}", 0..20),
        ) {
            let actions: Vec<String> = names
                .iter()
                .map(|n| format!(r#"{{"Name": "{n}", "Annotations": {{"Properties": {{"IsWrite": true}}}}}}"#))
                .collect();
            let text = format!(r#"{{"Name": "{prefix}", "Actions": [{}]}}"#, actions.join(","));
            let service = parse_service_reference(&text);
            proptest::prop_assert!(service.is_ok(), "{text}");
            let service = service.unwrap_or_default();
            for name in &names {
                let found = service.actions.get(&name.to_ascii_lowercase());
                proptest::prop_assert_eq!(found.map(|(_, level)| *level), Some(AccessLevel::Write));
            }
        }
    }

    #[test]
    fn a_directory_is_read_file_by_file_and_names_a_bad_one() {
        let dir = std::env::temp_dir().join(format!("overlay-test-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("rekognition.json"), FILE);
        let _ = std::fs::write(dir.join("notes.txt"), "not json, not read");
        let overlay = load_directory(&dir);
        assert!(
            overlay.as_ref().is_ok_and(|o| o.services.len() == 1),
            "{overlay:?}"
        );
        let _ = std::fs::write(dir.join("broken.json"), "{");
        let error = load_directory(&dir).err().unwrap_or_default();
        assert!(
            error.contains("broken.json is not a service reference file"),
            "{error}"
        );
        assert!(load_directory(&dir.join("missing")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
