//! Checking a configuration whose values are partly unknown until apply.
//!
//! Terraform calls ValidateDataResourceConfig at `terraform validate` and again at plan with the
//! configuration as far as it is known, and reads the data source only at apply. Everything
//! that is known is checked now: each known JSON input in full, and each `statement` block
//! element by element (the validator leaves out what depends on an unknown part). Document-level
//! checks decide what the known parts already decide: Sids that repeat among known Sids, and
//! known text over the size quota (a lower bound of the final size).

use crate::provider::validation;
use engine::analysis::finding::Finding;
use engine::analysis::validate::{
    known_size, size_lower_bound_finding, validate, PolicyType, ValidateOptions,
};
use engine::policy::{PolicyDocument, Statement};
use host::diagnostic::{AttributePath, Diagnostics};
use host::value::Value;

use super::merge::{self, Origin};
use super::{hcl, paths, Settings};

/// The diagnostics of a configuration with unknown values.
pub fn check(config: &Value, settings: &Settings) -> Diagnostics {
    let checked = findings(config, settings);
    let mut diagnostics = checked.diagnostics;
    for located in &checked.findings {
        diagnostics.extend(validation::to_diagnostic(
            &located.finding,
            checked.strict,
            located.path.clone(),
            &located.place,
        ));
    }
    diagnostics
}

/// A finding with the attribute path and place text of the element it is about.
pub(super) struct Located {
    pub finding: Finding,
    pub path: Option<AttributePath>,
    pub place: String,
}

/// What [`findings`] found.
pub(super) struct Checked {
    /// Diagnostics that are not findings (JSON syntax, repeated Sids, arguments).
    pub diagnostics: Diagnostics,
    /// The findings decided by the known values.
    pub findings: Vec<Located>,
    /// Whether warnings are errors.
    pub strict: bool,
}

/// The findings the known values of `config` decide, checked with `settings`.
pub(super) fn findings(config: &Value, settings: &Settings) -> Checked {
    let mut diagnostics = Vec::new();
    let sources = merge::known_inputs(config, "source_policy_documents", &mut diagnostics);
    let overrides = merge::known_inputs(config, "override_policy_documents", &mut diagnostics);
    // The kind of policy, the strictness and the ignored codes decide what is reported at all.
    if ["policy_type", "ignore_findings", "strict"]
        .iter()
        .any(|name| config.get(name).is_some_and(Value::contains_unknown))
    {
        return Checked {
            diagnostics,
            findings: Vec::new(),
            strict: false,
        };
    }
    let statement_value = config.get("statement");
    let blocks: Vec<(usize, &Value)> = statement_value
        .and_then(Value::as_elements)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_unknown())
        .collect();
    let statements = blocks
        .iter()
        .map(|(index, block)| (*index, hcl::statement(block)))
        .collect();
    let merged = merge::merge(
        hcl::string(config, "version"),
        hcl::string(config, "policy_id"),
        &sources.documents,
        statements,
        &overrides.documents,
    );
    diagnostics.extend(merged.diagnostics.iter().cloned());
    let unknown_sids = blocks
        .iter()
        .filter(|(_, b)| b.get("sid").is_some_and(Value::is_unknown))
        .count();
    let known_sids = merged.document.statements().iter().any(|s| s.sid.is_some());
    let pending = Pending {
        // a dynamic block over an unknown collection, or Sids that may turn out equal
        sid_clash: statement_value.is_some_and(Value::is_unknown)
            || unknown_sids >= 2
            || (unknown_sids == 1 && known_sids),
        blocks: statement_value.is_some_and(Value::is_unknown),
        sources: sources.pending,
        overrides: overrides.pending,
    };
    // An inferred kind decides what is allowed (a Principal, a missing Resource). While unknown
    // parts or inputs may still change it, a finding is reported only when every kind the
    // document may turn out to be reports it.
    let kinds = match settings.kind_of_known(&merged.document) {
        Some(kind) if settings.policy_type.is_some() || !pending.any() => vec![kind],
        _ => [
            PolicyType::Identity,
            PolicyType::Resource,
            PolicyType::Trust,
            PolicyType::Project,
        ]
        .into_iter()
        .map(|kind| (kind, kind.default_quota()))
        .collect(),
    };
    let all_blocks = statement_value.and_then(Value::as_elements).unwrap_or(&[]);
    let settled: Vec<bool> = merged
        .document
        .statements()
        .iter()
        .zip(&merged.origins)
        .map(|(s, origin)| pending.settled(s, origin))
        .collect();
    // Policy variables are substituted only under Version 2012-10-17, the default taken for an
    // unknown version: what is found about them waits for the version.
    let version_unknown = config.get("version").is_some_and(Value::is_unknown);
    let mut found: Vec<Finding> = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let options = ValidateOptions {
            size_quota: None,
            ..settings.options(*kind)
        };
        let this_kind = validate(&merged.document, &options)
            .into_iter()
            .filter(|f| !(version_unknown && f.code.starts_with("variable.")))
            .filter(|f| match f.location.statement {
                Some(index) => settled.get(index).copied().unwrap_or(false),
                // No statement yet: more may come from unknown inputs.
                None => !(f.code == "statement.missing" && pending.any()),
            });
        if i == 0 {
            found = this_kind.collect();
        } else {
            let this_kind: Vec<Finding> = this_kind.collect();
            found.retain(|f| {
                this_kind
                    .iter()
                    .any(|g| g.code == f.code && g.location == f.location)
            });
        }
    }
    // The largest quota of the possible kinds: known text over it is over whatever the kind.
    let quota = kinds
        .iter()
        .map(|kind| kind.1)
        .max_by_key(|quota| quota.limit());
    let ignores_size = kinds
        .first()
        .is_some_and(|kind| settings.options(*kind).ignores("size.exceeded"));
    if let (Some(quota), false) = (quota, ignores_size) {
        let kept = PolicyDocument {
            statements: Some(engine::policy::OneOrMany::many(
                merged
                    .document
                    .statements()
                    .iter()
                    .zip(&settled)
                    .filter(|(_, settled)| **settled)
                    .map(|(s, _)| s.clone()),
            )),
            ..merged.document.clone()
        };
        found.extend(size_lower_bound_finding(known_size(&kept), quota));
    }
    let locator = paths::Locator::new(all_blocks);
    let located = found
        .into_iter()
        .map(|finding| {
            let (path, place) = locator.locate(&finding.location, &merged.origins);
            Located {
                finding,
                path,
                place,
            }
        })
        .collect();
    Checked {
        diagnostics,
        findings: located,
        strict: settings.strict,
    }
}

/// Inputs that are not known yet, and what they can still change in the merged document.
struct Pending {
    /// A Sid not known may equal another one: two blocks with one Sid drop the later one, a
    /// block replaces the source statement with its Sid, an override replaces any.
    sid_clash: bool,
    /// `statement` blocks not known at all: more statements may come.
    blocks: bool,
    /// Source documents not known: they add statements, and their Sids may clash with known
    /// source statements.
    sources: bool,
    /// Override documents not known: they may replace any statement with a Sid.
    overrides: bool,
}

impl Pending {
    fn any(&self) -> bool {
        self.blocks || self.sources || self.overrides
    }

    /// Whether `statement` is sure to be in the final document as it is: a statement with a
    /// Sid (or an unknown one) is not while an override document is unknown, nor, unless it
    /// comes from an override (overrides win), while Sids may clash, nor, from a source, while
    /// another source is unknown (Sids must be unique across sources).
    fn settled(&self, statement: &Statement, origin: &Origin) -> bool {
        let replaceable = statement.sid.is_some() || statement.unknown.sid;
        if !replaceable || self.overrides {
            return !replaceable;
        }
        match origin {
            Origin::Override { .. } => true,
            // a source statement whose Sid an unknown source also uses is dropped
            Origin::Source { .. } => !self.sid_clash && !self.sources,
            Origin::Block { .. } => !self.sid_clash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::config::ProviderDefaults;

    /// `check` with the configuration's own settings and no provider-level defaults.
    fn checked(config: &Value) -> Diagnostics {
        match Settings::read(config, &ProviderDefaults::default()) {
            Ok(settings) => check(config, &settings),
            Err(diagnostics) => diagnostics,
        }
    }

    fn block(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (*k, v.clone())))
    }

    fn list(items: &[Value]) -> Value {
        Value::List(items.to_vec())
    }

    fn s(text: &str) -> Value {
        Value::from(text)
    }

    fn summary(diagnostics: &Diagnostics) -> Vec<(String, String)> {
        diagnostics
            .iter()
            .map(|d| {
                let code = d
                    .detail
                    .rsplit_once('[')
                    .map(|(_, c)| c.trim_end_matches(']').to_string())
                    .unwrap_or_default();
                let path = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
                (code, path)
            })
            .collect()
    }

    fn config(blocks: Vec<Value>) -> Value {
        Value::object([("statement", Value::List(blocks))])
    }

    #[test]
    fn a_typo_next_to_unknown_resources_is_reported_at_the_element_as_written() {
        let config = config(vec![block(&[
            (
                "actions",
                list(&[
                    Value::Unknown,
                    s("rekognition:DetectLabel"),
                    s("s3:GetObject"),
                ]),
            ),
            ("resources", list(&[Value::Unknown])),
        ])]);
        let found = summary(&checked(&config));
        assert_eq!(
            found,
            [(
                "action.unknown".to_string(),
                "statement[0].actions[1]".to_string()
            )]
        );
        assert!(checked(&config)[0].is_error());
    }

    #[test]
    fn unknown_parts_are_not_reported_missing_or_unmatched() {
        let config = config(vec![block(&[
            ("effect", Value::Unknown),
            ("actions", list(&[s("s3:GetObject")])),
            ("resources", Value::Unknown),
        ])]);
        assert_eq!(checked(&config), Vec::new());
    }

    #[test]
    fn condition_values_map_back_past_unknown_ones() {
        let condition = block(&[
            ("test", s("IpAddress")),
            ("variable", s("aws:SourceIp")),
            ("values", list(&[Value::Unknown, s("300.1.2.3")])),
        ]);
        let config = config(vec![block(&[
            ("actions", list(&[s("s3:GetObject")])),
            ("resources", list(&[Value::Unknown])),
            ("condition", list(&[condition])),
        ])]);
        assert_eq!(
            summary(&checked(&config)),
            [(
                "condition.invalid_ip".to_string(),
                "statement[0].condition[0].values[1]".to_string()
            )]
        );
    }

    #[test]
    fn known_text_over_the_quota_fails_even_with_unknown_parts() {
        let actions: Vec<Value> = (0..700)
            .map(|i| s(&format!("rekognition:Describe*{i:04}")))
            .collect();
        let config = Value::object([
            (
                "statement",
                Value::List(vec![block(&[
                    ("actions", Value::List(actions)),
                    ("resources", list(&[Value::Unknown])),
                ])]),
            ),
            ("ignore_findings", list(&[s("action.no_match")])),
        ]);
        let diagnostics = checked(&config);
        assert_eq!(
            summary(&diagnostics),
            [("size.exceeded".to_string(), String::new())]
        );
        assert!(diagnostics[0].summary.contains("at least"));
    }

    #[test]
    fn unknown_settings_decide_nothing() {
        for (name, value) in [
            ("policy_type", Value::Unknown),
            ("ignore_findings", Value::Unknown),
        ] {
            let config = Value::object([
                (
                    "statement",
                    list(&[block(&[
                        ("actions", list(&[s("rekognition:DetectLabel")])),
                        ("resources", list(&[Value::Unknown])),
                    ])]),
                ),
                (name, value),
            ]);
            assert_eq!(checked(&config), Vec::new(), "{name}");
        }
    }

    #[test]
    fn an_unknown_override_may_replace_statements_with_a_sid() {
        let typo = |sid: Option<&str>| {
            block(&[
                ("sid", sid.map(s).unwrap_or(Value::Null)),
                ("actions", list(&[s("rekognition:DetectLabel")])),
                ("resources", list(&[s("*")])),
            ])
        };
        let config = Value::object([
            ("statement", list(&[typo(Some("Read")), typo(None)])),
            ("override_policy_documents", list(&[Value::Unknown])),
        ]);
        assert_eq!(
            summary(&checked(&config)),
            [(
                "action.unknown".to_string(),
                "statement[1].actions[0]".to_string()
            )]
        );
    }

    #[test]
    fn unknown_statements_or_sources_may_still_come() {
        let config = Value::object([("statement", Value::Unknown)]);
        assert_eq!(checked(&config), Vec::new());
        let config = Value::object([("source_policy_documents", list(&[Value::Unknown]))]);
        assert_eq!(checked(&config), Vec::new());
    }

    #[test]
    fn known_json_inputs_are_checked_in_full() {
        let config = Value::object([
            (
                "source_policy_documents",
                list(&[
                    Value::Unknown,
                    s(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabel","Resource":"*"}]}"#,
                    ),
                    s("{"),
                ]),
            ),
            ("statement", list(&[block(&[("actions", Value::Unknown)])])),
        ]);
        let found = summary(&checked(&config));
        assert!(
            found.contains(&(
                "action.unknown".to_string(),
                "source_policy_documents[1]".to_string()
            )),
            "{found:?}"
        );
        assert!(found
            .iter()
            .any(|(_, path)| path == "source_policy_documents[2]"));
    }

    #[test]
    fn policy_variables_wait_for_an_unknown_version() {
        let block = block(&[
            ("actions", list(&[s("s3:GetObject")])),
            (
                "resources",
                list(&[s("arn:aws:s3:::images/&{aws:usrname}/*")]),
            ),
        ]);
        let known = Value::object([("statement", list(std::slice::from_ref(&block)))]);
        assert!(summary(&checked(&known))
            .iter()
            .any(|(code, _)| code == "variable.unknown"));
        let unknown = Value::object([("statement", list(&[block])), ("version", Value::Unknown)]);
        assert_eq!(checked(&unknown), Vec::new());
    }

    #[test]
    fn duplicate_known_sids_are_errors() {
        let read = || {
            block(&[
                ("sid", s("Read")),
                ("actions", list(&[s("s3:GetObject")])),
                ("resources", list(&[Value::Unknown])),
            ])
        };
        let diagnostics = checked(&config(vec![read(), read()]));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].summary, "Duplicate Sid in statement blocks");
    }
}
