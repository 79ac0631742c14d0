//! Data source `rekognitioniam_policy_document`: builds and validates a policy document.

mod hcl;
mod merge;
mod partial;
mod paths;
mod schema;
#[cfg(test)]
mod unknown_proptests;

use std::collections::BTreeMap;

use crate::analysis::effective::{NamedPolicy, PolicySet};
use crate::analysis::finding::Finding;
use crate::analysis::validate::{validate, PolicyType, ValidateOptions};
use crate::catalog::{AccessLevel, CATALOG_VERSION};
use crate::policy::{PolicyDocument, SizeQuota};
use crate::provider::diagnostic::{has_errors, AttributePath, Diagnostic, Diagnostics};
use crate::provider::value::{Number, Value};
use crate::provider::{findings, DataSource};

use merge::{JsonInput, Merged, Origin};

/// `rekognitioniam_policy_document`.
pub struct PolicyDocumentDataSource;

/// A finding about the known part of a policy-document configuration.
#[derive(Debug, Clone)]
pub struct KnownPartFinding {
    /// The finding; its location is in the document built from the known parts.
    pub finding: Finding,
    /// The attribute path of the element as written, e.g. `statement[0].actions[1]`.
    pub place: String,
    /// The index of the element in its list as written, when the finding is about one.
    pub written_element: Option<usize>,
}

/// The findings that the known values of a `rekognitioniam_policy_document` (or
/// `aws_iam_policy_document`, which takes the same arguments) configuration decide, with
/// unknown values marked [`Value::Unknown`]: what `terraform plan` reports for it, as findings.
pub fn known_part_findings(config: &Value) -> Vec<KnownPartFinding> {
    partial::findings(config)
        .findings
        .into_iter()
        .map(|located| {
            let written_element = match located.path.as_ref().and_then(|p| p.0.last()) {
                Some(crate::provider::diagnostic::PathStep::Index(i))
                    if located.finding.location.element.is_some() =>
                {
                    usize::try_from(*i).ok()
                }
                _ => None,
            };
            KnownPartFinding {
                finding: located.finding,
                place: located.place,
                written_element,
            }
        })
        .collect()
}

const TYPE_NAME: &str = "rekognitioniam_policy_document";

impl DataSource for PolicyDocumentDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> crate::provider::schema::Schema {
        schema::schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let settings = match Settings::read(config) {
            Ok(s) => s,
            Err(diags) => return diags,
        };
        if config.contains_unknown() {
            // Parts are known only after apply: check what is known now; the whole document is
            // checked again when it is read.
            return partial::check(config);
        }
        Built::build(config, &settings).diagnostics
    }

    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics) {
        let settings = match Settings::read(config) {
            Ok(s) => s,
            Err(diags) => return (None, diags),
        };
        let built = Built::build(config, &settings);
        if has_errors(&built.diagnostics) {
            return (None, built.diagnostics);
        }
        let Some(merged) = built.merged else {
            return (None, built.diagnostics);
        };
        let doc = &merged.document;
        let minified = doc.to_json_minified();
        let size = crate::policy::counted_size(&minified);
        let state = Value::object([
            (
                "version",
                config.get("version").cloned().unwrap_or_default(),
            ),
            (
                "policy_id",
                config.get("policy_id").cloned().unwrap_or_default(),
            ),
            (
                "source_policy_documents",
                config
                    .get("source_policy_documents")
                    .cloned()
                    .unwrap_or_default(),
            ),
            (
                "override_policy_documents",
                config
                    .get("override_policy_documents")
                    .cloned()
                    .unwrap_or_default(),
            ),
            (
                "statement",
                config.get("statement").cloned().unwrap_or_default(),
            ),
            (
                "policy_type",
                config.get("policy_type").cloned().unwrap_or_default(),
            ),
            ("strict", config.get("strict").cloned().unwrap_or_default()),
            (
                "ignore_findings",
                config.get("ignore_findings").cloned().unwrap_or_default(),
            ),
            ("json", Value::from(doc.to_json_pretty())),
            ("minified_json", Value::from(minified)),
            ("findings", Value::List(built.finding_values)),
            ("size", Value::Number(Number::Int(size as i64))),
            (
                "size_limit",
                Value::Number(Number::Int(settings.quota.limit() as i64)),
            ),
            ("access_levels", access_levels(doc)),
            ("catalog_version", Value::from(CATALOG_VERSION)),
        ]);
        (Some(state), built.diagnostics)
    }
}

/// The checking arguments.
struct Settings {
    options: ValidateOptions,
    strict: bool,
    quota: SizeQuota,
}

impl Settings {
    fn read(config: &Value) -> Result<Settings, Diagnostics> {
        let (policy_type, quota) = match config.get("policy_type").and_then(Value::as_str) {
            None => (PolicyType::Identity, SizeQuota::ManagedPolicy),
            Some(name) => findings::parse_policy_type(name).map_err(|detail| {
                vec![Diagnostic::error("Invalid policy type", detail)
                    .at(AttributePath::root("policy_type"))]
            })?,
        };
        let ignore = hcl::raw_strings(config, "ignore_findings");
        Ok(Settings {
            options: ValidateOptions {
                policy_type,
                size_quota: Some(quota),
                ignore,
            },
            strict: config
                .get("strict")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            quota,
        })
    }
}

/// The document built from a known configuration, with its diagnostics and findings.
struct Built {
    merged: Option<Merged>,
    diagnostics: Diagnostics,
    finding_values: Vec<Value>,
}

impl Built {
    fn build(config: &Value, settings: &Settings) -> Built {
        let mut diagnostics = Vec::new();
        let mut parse_all = |attribute: &'static str| -> Option<Vec<PolicyDocument>> {
            let texts = hcl::raw_strings(config, attribute);
            let mut docs = Vec::with_capacity(texts.len());
            let mut ok = true;
            for (index, text) in texts.iter().enumerate() {
                match merge::parse_input(
                    &JsonInput {
                        attribute,
                        index,
                        text,
                    },
                    &mut diagnostics,
                ) {
                    Some(doc) => docs.push(doc),
                    None => ok = false,
                }
            }
            ok.then_some(docs)
        };
        let sources = parse_all("source_policy_documents");
        let overrides = parse_all("override_policy_documents");
        let (Some(sources), Some(overrides)) = (sources, overrides) else {
            return Built {
                merged: None,
                diagnostics,
                finding_values: Vec::new(),
            };
        };
        let blocks = blocks(config);
        let statements = blocks.iter().map(hcl::statement).enumerate().collect();
        let merged = merge::merge(
            hcl::string(config, "version"),
            hcl::string(config, "policy_id"),
            &sources,
            statements,
            &overrides,
        );
        diagnostics.extend(merged.diagnostics.iter().cloned());
        let found: Vec<Finding> = validate(&merged.document, &settings.options);
        let mut finding_values = Vec::with_capacity(found.len());
        for f in &found {
            let (path, place) = paths::locate(&f.location, &merged.origins, blocks);
            let document = match merged
                .origins
                .get(f.location.statement.unwrap_or(usize::MAX))
            {
                Some(Origin::Block { .. }) | None => String::new(),
                Some(origin) => origin.path().to_string(),
            };
            finding_values.push(findings::to_value(f, &document, &place));
            diagnostics.extend(findings::to_diagnostic(f, settings.strict, path, &place));
        }
        Built {
            merged: Some(merged),
            diagnostics,
            finding_values,
        }
    }
}

fn blocks(config: &Value) -> &[Value] {
    config
        .get("statement")
        .and_then(Value::as_elements)
        .unwrap_or(&[])
}

/// Access level -> sorted actions the document allows (every level present, maybe empty).
fn access_levels(doc: &PolicyDocument) -> Value {
    let set = PolicySet::new(vec![NamedPolicy::new("document", doc.clone())]);
    let effective = set.effective_actions();
    let mut by_level: BTreeMap<String, Value> = AccessLevel::ALL
        .iter()
        .map(|l| (l.as_str().to_string(), Value::List(Vec::new())))
        .collect();
    for action in &effective.allowed {
        if let Some(level) = action.access_level() {
            if let Some(Value::List(list)) = by_level.get_mut(level.as_str()) {
                list.push(Value::from(action.as_ref()));
            }
        }
    }
    Value::Map(by_level)
}
