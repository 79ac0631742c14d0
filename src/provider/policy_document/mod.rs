//! Data source `rekognitioniam_policy_document`: builds and validates a policy document.

mod hcl;
mod merge;
mod object;
mod partial;
mod paths;
#[cfg(test)]
mod proptests;
mod schema;
#[cfg(test)]
mod unknown_proptests;

use std::collections::BTreeMap;

use crate::provider::config::{CallContext, ProviderDefaults, AUTO};
use crate::provider::validation;
use engine::analysis::effective::{NamedPolicy, PolicySet};
use engine::analysis::finding::{Finding, Severity};
use engine::analysis::validate::{
    infer_known_policy_type, infer_policy_type, validate, PolicyType, ValidateOptions,
};
use engine::catalog::AccessLevel;
use engine::policy::{PolicyDocument, SizeQuota};
use host::diagnostic::{has_errors, AttributePath, Diagnostic, Diagnostics};
use host::provider::DataSource;
use host::value::{Number, Value};

use merge::{JsonInput, Merged, Origin};
pub use object::{is_document_object, read_object, ObjectDocument};

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
    let Ok(settings) = Settings::read(config, &ProviderDefaults::default()) else {
        return Vec::new();
    };
    partial::findings(config, &settings)
        .findings
        .into_iter()
        .map(|located| {
            let written_element = match located.path.as_ref().and_then(|p| p.0.last()) {
                Some(host::diagnostic::PathStep::Index(i))
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

    fn schema(&self) -> host::schema::Schema {
        schema::schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        self.validate_in(config, &CallContext::default())
    }

    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics) {
        self.read_in(config, &CallContext::default())
    }

    fn validate_in(&self, config: &Value, context: &CallContext) -> Diagnostics {
        let mut diags = deprecated_arguments(config);
        diags.extend(self.validate_known(config, context));
        if !context.report_warnings() {
            diags.retain(|d| d.is_error());
        }
        diags
    }

    fn read_in(&self, config: &Value, context: &CallContext) -> (Option<Value>, Diagnostics) {
        let (state, mut diags) = self.read_document(config, context);
        // Terraform validates the same configuration right before each read, and that call
        // reported the findings; an error here would have stopped it before the read.
        diags.retain(|d| d.is_error());
        (state, diags)
    }
}

impl PolicyDocumentDataSource {
    /// The diagnostics of what is known of `config`.
    fn validate_known(&self, config: &Value, context: &CallContext) -> Diagnostics {
        let Some(defaults) = &crate::provider::config::defaults(context) else {
            // the provider block's ignore_findings, strict or default_policy_type are unknown
            // until plan: check there, with them
            return Vec::new();
        };
        if ["policy_type", "strict", "ignore_findings"]
            .iter()
            .any(|a| config.get(a).is_some_and(Value::contains_unknown))
        {
            // what is an error, and what is ignored, is not known yet: check at plan
            return Vec::new();
        }
        let settings = match Settings::read(config, defaults) {
            Ok(s) => s,
            Err(diags) => return diags,
        };
        if !config.contains_unknown() {
            return Built::build(config, &settings).diagnostics;
        }
        // Parts are known only after apply: check what is known now; the whole document is
        // checked again when it is read.
        partial::check(config, &settings)
    }

    /// The state of a known configuration, with every diagnostic.
    fn read_document(&self, config: &Value, context: &CallContext) -> (Option<Value>, Diagnostics) {
        let defaults = crate::provider::config::defaults(context).unwrap_or_default();
        let settings = match Settings::read(config, &defaults) {
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
        let size = built.quota.measure(&minified);
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
            (
                "policy_type_effective",
                Value::from(built.policy_type.name()),
            ),
            (
                "source_json",
                config.get("source_json").cloned().unwrap_or_default(),
            ),
            (
                "override_json",
                config.get("override_json").cloned().unwrap_or_default(),
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
                Value::Number(Number::Int(built.quota.limit() as i64)),
            ),
            ("access_levels", access_levels(doc)),
            (
                "catalog_version",
                Value::from(engine::catalog::overlay::describe()),
            ),
        ]);
        (Some(state), built.diagnostics)
    }
}

/// The checking arguments, with the provider block's defaults applied.
struct Settings {
    /// `None`: `auto`, the kind is inferred from the document.
    policy_type: Option<(PolicyType, SizeQuota)>,
    ignore: Vec<String>,
    strict: bool,
}

impl Settings {
    fn read(config: &Value, defaults: &ProviderDefaults) -> Result<Settings, Diagnostics> {
        let name = config
            .get("policy_type")
            .and_then(Value::as_str)
            .or(defaults.default_policy_type.as_deref())
            .unwrap_or(AUTO);
        let policy_type = match name {
            AUTO => None,
            name => Some(validation::parse_policy_type(name).map_err(|detail| {
                vec![Diagnostic::error(
                    "Invalid policy type",
                    format!("{detail} Or \"{AUTO}\" to infer it from the document."),
                )
                .at(AttributePath::root("policy_type"))]
            })?),
        };
        let mut ignore = hcl::raw_strings(config, "ignore_findings");
        ignore.extend(defaults.ignore_findings.iter().cloned());
        Ok(Settings {
            policy_type,
            ignore,
            strict: config
                .get("strict")
                .and_then(Value::as_bool)
                .or(defaults.strict)
                .unwrap_or(false),
        })
    }

    /// The policy type and size quota for `doc`.
    fn kind_of(&self, doc: &PolicyDocument) -> (PolicyType, SizeQuota) {
        self.policy_type.unwrap_or_else(|| {
            let kind = infer_policy_type(doc);
            (kind, kind.default_quota())
        })
    }

    /// The policy type and size quota for a document with parts known only after apply;
    /// `None` when the kind is inferred and the unknown parts may still change it.
    fn kind_of_known(&self, doc: &PolicyDocument) -> Option<(PolicyType, SizeQuota)> {
        match self.policy_type {
            Some(kind) => Some(kind),
            None => infer_known_policy_type(doc).map(|kind| (kind, kind.default_quota())),
        }
    }

    fn options(&self, kind: (PolicyType, SizeQuota)) -> ValidateOptions {
        ValidateOptions {
            policy_type: kind.0,
            size_quota: Some(kind.1),
            ignore: self.ignore.clone(),
        }
    }
}

/// `source_json` and `override_json`: deprecated in aws_iam_policy_document, where they accept
/// only an empty string and are not used. The same here, with a warning naming the replacement.
fn deprecated_arguments(config: &Value) -> Diagnostics {
    let mut diags = Vec::new();
    for (name, replacement) in [
        ("source_json", "source_policy_documents"),
        ("override_json", "override_policy_documents"),
    ] {
        let Some(text) = config.get(name).and_then(Value::as_str) else {
            continue;
        };
        let path = AttributePath::root(name);
        diags.push(
            Diagnostic::warning(
                "Deprecated argument",
                format!(
                    "{name} is deprecated and not used (as in aws_iam_policy_document): remove it, \
                     and put documents in {replacement} = [...]."
                ),
            )
            .at(path.clone()),
        );
        if !text.is_empty() {
            diags.push(
                Diagnostic::error(
                    "Deprecated argument is not empty",
                    format!(
                        "{name} accepts only an empty string, as in aws_iam_policy_document. Move \
                         the document into {replacement} = [...] (the same merge rules apply)."
                    ),
                )
                .at(path),
            );
        }
    }
    diags
}

/// The document built from a known configuration, with its diagnostics and findings.
struct Built {
    merged: Option<Merged>,
    diagnostics: Diagnostics,
    finding_values: Vec<Value>,
    policy_type: PolicyType,
    quota: SizeQuota,
}

impl Built {
    fn build(config: &Value, settings: &Settings) -> Built {
        let mut diagnostics = Vec::new();
        let Some(merged) = merged(config, &mut diagnostics) else {
            let (policy_type, quota) = settings.kind_of(&PolicyDocument::new([]));
            return Built {
                merged: None,
                diagnostics,
                finding_values: Vec::new(),
                policy_type,
                quota,
            };
        };
        let blocks = blocks(config);
        diagnostics.extend(merged.diagnostics.iter().cloned());
        let kind = settings.kind_of(&merged.document);
        let mut found: Vec<Finding> = validate(&merged.document, &settings.options(kind));
        for f in &mut found {
            // aws_iam_policy_document renders `{"Version": "2012-10-17"}` when every input is
            // empty; IAM refuses it where it is attached, so it is a warning here, not an error
            if f.code == "statement.missing" {
                f.severity = Severity::Warning;
            }
        }
        let locator = paths::Locator::new(blocks);
        let mut finding_values = Vec::with_capacity(found.len());
        for f in &found {
            let (path, place) = locator.locate(&f.location, &merged.origins);
            let document = match merged
                .origins
                .get(f.location.statement.unwrap_or(usize::MAX))
            {
                Some(Origin::Block { .. }) | None => String::new(),
                Some(origin) => origin.path().to_string(),
            };
            finding_values.push(validation::to_value(f, &document, &place));
            diagnostics.extend(validation::to_diagnostic(f, settings.strict, path, &place));
        }
        Built {
            merged: Some(merged),
            diagnostics,
            finding_values,
            policy_type: kind.0,
            quota: kind.1,
        }
    }
}

/// The merged document of a known configuration, before any check; `None` when a JSON argument
/// does not parse (its errors are in `diagnostics`).
fn merged(config: &Value, diagnostics: &mut Diagnostics) -> Option<Merged> {
    let mut parse_all = |attribute: &'static str| -> Option<Vec<(usize, PolicyDocument)>> {
        let mut docs = Vec::new();
        let mut ok = true;
        for (index, text) in json_texts(config, attribute) {
            let input = JsonInput {
                attribute,
                index,
                text,
            };
            match merge::parse_input(&input, diagnostics) {
                Some(doc) => docs.push((index, doc)),
                None => ok = false,
            }
        }
        ok.then_some(docs)
    };
    let sources = parse_all("source_policy_documents");
    let overrides = parse_all("override_policy_documents");
    let (sources, overrides) = (sources?, overrides?);
    let statements = blocks(config)
        .iter()
        .map(hcl::statement)
        .enumerate()
        .collect();
    Some(merge::merge(
        hcl::string(config, "version"),
        hcl::string(config, "policy_id"),
        &sources,
        statements,
        &overrides,
    ))
}

fn blocks(config: &Value) -> &[Value] {
    config
        .get("statement")
        .and_then(Value::as_elements)
        .unwrap_or(&[])
}

/// The JSON texts of a document-list argument with their indexes; empty strings and nulls are
/// left out, as aws_iam_policy_document leaves them out (`var.extra_policy` defaulting to `""`).
fn json_texts<'a>(config: &'a Value, attribute: &str) -> Vec<(usize, &'a str)> {
    config
        .get(attribute)
        .and_then(Value::as_elements)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_str().filter(|t| !t.is_empty()).map(|t| (i, t)))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wide_trust_config() -> Value {
        Value::object([(
            "statement",
            Value::List(vec![Value::object([
                ("actions", Value::string_list(["sts:AssumeRole"])),
                (
                    "principals",
                    Value::List(vec![Value::object([
                        ("type", Value::from("AWS")),
                        ("identifiers", Value::string_list(["*"])),
                    ])]),
                ),
            ])]),
        )])
    }

    #[test]
    fn the_kind_is_inferred_and_reported() {
        let (state, diags) = PolicyDocumentDataSource.read(&wide_trust_config());
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let state = state.unwrap();
        assert_eq!(
            state.get("policy_type_effective"),
            Some(&Value::from("trust"))
        );
        assert_eq!(
            state.get("size_limit"),
            Some(&Value::Number(Number::Int(2048)))
        );
    }

    fn wide_identity_config() -> Value {
        Value::object([(
            "statement",
            Value::List(vec![Value::object([
                ("actions", Value::string_list(["rekognition:*"])),
                ("resources", Value::string_list(["*"])),
            ])]),
        )])
    }

    #[test]
    fn warnings_only_in_the_configured_walk_and_never_at_read() {
        let config = wide_identity_config();
        let configured = CallContext::default();
        let warned = PolicyDocumentDataSource.validate_in(&config, &configured);
        assert!(warned.iter().any(|d| !d.is_error()), "{warned:?}");
        let validate_walk = CallContext {
            configured: false,
            ..CallContext::default()
        };
        assert!(PolicyDocumentDataSource
            .validate_in(&config, &validate_walk)
            .is_empty());
        let (_, read) = PolicyDocumentDataSource.read_in(&config, &configured);
        assert!(read.is_empty(), "{read:?}");
        // provider defaults unknown in the validate walk: nothing is judged yet
        let unknown = CallContext {
            provider_config: Value::object([("strict", Value::Unknown)]),
            configured: false,
        };
        assert!(PolicyDocumentDataSource
            .validate_in(&config, &unknown)
            .is_empty());
        // nor while the document's own checking arguments are unknown
        let mut strict_unknown = config.clone();
        if let Value::Object(m) = &mut strict_unknown {
            m.insert("strict".into(), Value::Unknown);
        }
        assert!(PolicyDocumentDataSource
            .validate_in(&strict_unknown, &configured)
            .is_empty());
    }

    #[test]
    fn provider_defaults_apply_and_the_document_adds_or_wins() {
        let context = CallContext {
            provider_config: Value::object([
                ("ignore_findings", Value::string_list(["security.*"])),
                ("strict", Value::Bool(true)),
                ("default_policy_type", Value::from("identity")),
            ]),
            configured: true,
        };
        // default_policy_type = identity: the principal is an error
        let diags = PolicyDocumentDataSource.validate_in(&wide_trust_config(), &context);
        assert!(
            diags
                .iter()
                .any(|d| d.detail.contains("principal.not_allowed")),
            "{diags:?}"
        );
        // strict from the provider block makes the wide-access warning an error...
        let strict_only = CallContext {
            provider_config: Value::object([("strict", Value::Bool(true))]),
            configured: true,
        };
        let wide = wide_identity_config();
        let diags = PolicyDocumentDataSource.validate_in(&wide, &strict_only);
        assert!(diags.iter().any(|d| d.is_error()), "{diags:?}");
        // ...and the provider block's ignore_findings silences it
        let diags = PolicyDocumentDataSource.validate_in(&wide, &context);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        // the document's own policy_type wins
        let mut config = wide_trust_config();
        if let Value::Object(m) = &mut config {
            m.insert("policy_type".into(), Value::from("auto"));
        }
        let diags = PolicyDocumentDataSource.validate_in(&config, &context);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    }
}
