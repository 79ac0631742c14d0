//! Validator findings as Terraform sees them: the `findings` attribute and diagnostics.

use engine::analysis::finding::{Finding, Severity};
use engine::analysis::validate::{validate_json, PolicyType, ValidateOptions};
use engine::policy::SizeQuota;
use host::diagnostic::{AttributePath, Diagnostic};
use host::schema::{Attribute, Mode};
use host::value::{Number, Type, Value};

/// Description of every `findings` attribute.
pub const DESCRIPTION: &str = "Every finding of the validator (errors, security warnings, \
warnings and suggestions), in document order: `code` (stable, see the findings guide), \
`severity` (`error`, `security_warning`, `warning` or `suggestion`), `message`, `detail` (how to \
fix it), `location` (where, for people), `document` (which document, where there are several), \
`statement`, `field` and `element` (zero-based place in the policy), and `line`/`column` for JSON \
input.";

/// The object type of one finding.
pub fn object_type() -> Type {
    Type::object([
        ("code", Type::String),
        ("severity", Type::String),
        ("message", Type::String),
        ("detail", Type::String),
        ("location", Type::String),
        ("document", Type::String),
        ("statement", Type::Number),
        ("field", Type::String),
        ("element", Type::Number),
        ("line", Type::Number),
        ("column", Type::Number),
    ])
}

/// `list(object(...))` of findings.
pub fn list_type() -> Type {
    Type::list(object_type())
}

/// The computed `findings` attribute of the data sources and the attachment.
pub fn attribute() -> Attribute {
    Attribute::new("findings", list_type(), Mode::Computed, DESCRIPTION)
}

fn number(n: Option<usize>) -> Value {
    n.map(|v| Value::Number(Number::Int(i64::try_from(v).unwrap_or(i64::MAX))))
        .unwrap_or(Value::Null)
}

/// One finding as a value; `document` names the document it belongs to (empty for one document)
/// and `location` is the place as users should read it.
pub fn to_value(finding: &Finding, document: &str, location: &str) -> Value {
    let span = finding.location.span;
    Value::object([
        ("code", Value::from(finding.code)),
        ("severity", Value::from(finding.severity.as_str())),
        ("message", Value::from(finding.message.as_str())),
        ("detail", Value::from(finding.detail.as_str())),
        ("location", Value::from(location)),
        (
            "document",
            if document.is_empty() {
                Value::Null
            } else {
                Value::from(document)
            },
        ),
        ("statement", number(finding.location.statement)),
        ("field", Value::from(finding.location.field.json_key())),
        ("element", number(finding.location.element)),
        ("line", number(span.map(|s| s.line))),
        ("column", number(span.map(|s| s.column))),
    ])
}

/// The diagnostic for a finding, or `None` for suggestions (they appear only in `findings`).
/// With `strict`, warnings and security warnings are errors.
pub fn to_diagnostic(
    finding: &Finding,
    strict: bool,
    path: Option<AttributePath>,
    place: &str,
) -> Option<Diagnostic> {
    let summary = finding.message.clone();
    let detail = if place.is_empty() {
        format!("{} [{}]", finding.detail, finding.code)
    } else {
        format!("{place}: {} [{}]", finding.detail, finding.code)
    };
    let diagnostic = match finding.severity {
        Severity::Error => Diagnostic::error(summary, detail),
        Severity::SecurityWarning | Severity::Warning if strict => Diagnostic::error(
            summary,
            format!("{detail} (an error because strict = true)"),
        ),
        Severity::SecurityWarning | Severity::Warning => Diagnostic::warning(summary, detail),
        Severity::Suggestion => return None,
    };
    Some(match path {
        Some(p) => diagnostic.at(p),
        None => diagnostic,
    })
}

/// A policy type name -> what the validator checks and the size quota that applies, or a message
/// with a did-you-mean.
pub fn parse_policy_type(name: &str) -> Result<(PolicyType, SizeQuota), String> {
    PolicyType::parse(name).map(|kind| (kind, kind.default_quota()))
}

/// Validates JSON text as `policy_type` and returns every finding as values (no diagnostics):
/// what `validate_policy` and the template data source report.
pub fn validate_text(text: &str, policy_type: PolicyType, quota: SizeQuota) -> Vec<Value> {
    validate_text_ignoring(text, policy_type, quota, &[])
}

/// [`validate_text`] leaving out the findings whose codes `ignore` lists.
pub fn validate_text_ignoring(
    text: &str,
    policy_type: PolicyType,
    quota: SizeQuota,
    ignore: &[String],
) -> Vec<Value> {
    let options = ValidateOptions {
        policy_type,
        size_quota: Some(quota),
        ignore: ignore.to_vec(),
    };
    validate_json(text, &options)
        .findings
        .iter()
        .map(|f| to_value(f, "", &f.place()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_type_accepts_exactly_the_named_types() {
        for kind in PolicyType::ALL {
            let parsed = parse_policy_type(kind.name());
            if PolicyType::NAMED.contains(&kind) {
                assert_eq!(parsed, Ok((kind, kind.default_quota())));
            } else {
                assert!(parsed.is_err(), "{kind:?}");
            }
        }
        let err = parse_policy_type("trsut").unwrap_err();
        assert!(err.contains("Did you mean \"trust\"?"), "{err}");
    }

    #[test]
    fn ignored_codes_are_left_out_of_text_findings() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"rekognition:*","Resource":"*"}}"#;
        let code = |v: &Value| v.get("code").and_then(Value::as_str).map(str::to_string);
        let all: Vec<_> = validate_text(text, PolicyType::Identity, SizeQuota::ManagedPolicy)
            .iter()
            .filter_map(code)
            .collect();
        assert!(
            all.iter().any(|c| c == "security.service_full_access"),
            "{all:?}"
        );
        let ignore = ["security.*".to_string()];
        let kept: Vec<_> = validate_text_ignoring(
            text,
            PolicyType::Identity,
            SizeQuota::ManagedPolicy,
            &ignore,
        )
        .iter()
        .filter_map(code)
        .collect();
        assert!(kept.iter().all(|c| !c.starts_with("security.")), "{kept:?}");
        assert!(kept.len() < all.len());
    }
}
