//! Evaluating one identity's attachments: quotas, documents, effective permissions and the
//! require / forbid / max_access_level gates.

use std::collections::BTreeSet;

use crate::analysis::effective::{EffectiveActions, NamedPolicy, Outcome, PolicySet, StatementRef};
use crate::analysis::validate::{validate_json, PolicyType, ValidateOptions};
use crate::catalog::{self, AccessLevel};
use crate::managed;
use crate::policy::{parse_policy, PolicyDocument, SizeQuota};
use crate::provider::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use crate::provider::findings;
use crate::provider::value::Value;
use crate::suggest;

use super::identity::{parse_identity, parse_policy_arn, IdentityKind, ManagedArn};

/// The default managed-policy quota of an account.
pub const DEFAULT_MAX_MANAGED: i64 = 10;

/// Everything the plan reports about one set of attachments.
pub struct Evaluation {
    pub diagnostics: Diagnostics,
    pub set: PolicySet,
    pub effective: EffectiveActions,
    pub findings: Vec<Value>,
    pub managed_count: usize,
    pub inline_chars: usize,
    pub inline_limit: usize,
}

/// The known strings of a list attribute, with their indexes.
fn list(v: &Value, name: &str) -> Vec<(usize, String)> {
    v.get(name)
        .and_then(Value::as_elements)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.as_str().map(|s| (i, s.to_string())))
        .collect()
}

/// The known entries of a map attribute.
fn map(v: &Value, name: &str) -> Vec<(String, String)> {
    v.get(name)
        .and_then(Value::as_entries)
        .map(|m| {
            m.iter()
                .filter_map(|(k, e)| e.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Parses and validates one JSON document given at `path`; returns the document when IAM would
/// accept it.
fn check_document(
    name: &str,
    text: &str,
    path: AttributePath,
    quota: Option<SizeQuota>,
    out: &mut Evaluation,
) -> Option<PolicyDocument> {
    let options = ValidateOptions {
        policy_type: PolicyType::Identity,
        size_quota: quota,
        ignore: Vec::new(),
    };
    let report = validate_json(text, &options);
    let mut rejected = false;
    for f in &report.findings {
        let place = match f.location.span {
            Some(s) => format!("{path}, line {}, column {}", s.line, s.column),
            None => format!("{path}, {}", f.location),
        };
        rejected |= f.severity == crate::analysis::finding::Severity::Error;
        out.findings.push(findings::to_value(f, name, &place));
        out.diagnostics.extend(findings::to_diagnostic(
            f,
            false,
            Some(path.clone()),
            &place,
        ));
    }
    if rejected {
        None
    } else {
        report.document
    }
}

/// Evaluates a fully known configuration (or state).
pub fn evaluate(v: &Value) -> Evaluation {
    let mut out = Evaluation {
        diagnostics: Vec::new(),
        set: PolicySet::new(Vec::new()),
        effective: EffectiveActions::default(),
        findings: Vec::new(),
        managed_count: 0,
        inline_chars: 0,
        inline_limit: SizeQuota::InlineRole.limit(),
    };
    let kind = match v.get("identity_arn").and_then(Value::as_str) {
        Some(arn) => match parse_identity(arn) {
            Ok(kind) => Some(kind),
            Err(detail) => {
                out.diagnostics.push(
                    Diagnostic::error("Invalid identity ARN", detail)
                        .at(AttributePath::root("identity_arn")),
                );
                None
            }
        },
        None => None,
    };
    let mut policies = Vec::new();
    check_managed(v, kind, &mut policies, &mut out);
    check_inline(v, kind, &mut policies, &mut out);
    out.set = PolicySet::new(policies);
    out.effective = out.set.effective_actions();
    check_require(v, &mut out);
    check_forbid(v, &mut out);
    check_max_level(v, &mut out);
    out
}

fn check_managed(
    v: &Value,
    kind: Option<IdentityKind>,
    policies: &mut Vec<NamedPolicy>,
    out: &mut Evaluation,
) {
    let arns = list(v, "managed_policy_arns");
    let documents = map(v, "policy_documents");
    out.managed_count = arns.len();
    let max = v
        .get("max_managed_policies")
        .and_then(Value::as_number)
        .and_then(|n| n.as_i64())
        .unwrap_or(DEFAULT_MAX_MANAGED);
    let max_path = AttributePath::root("max_managed_policies");
    if let Some(kind) = kind {
        let ceiling = kind.max_managed_quota();
        if kind == IdentityKind::Group && max != DEFAULT_MAX_MANAGED {
            out.diagnostics.push(
                Diagnostic::error(
                    "Managed policy quota of a group is fixed",
                    format!("IAM allows exactly {DEFAULT_MAX_MANAGED} managed policies per group; the quota cannot be raised. Remove max_managed_policies or set it to {DEFAULT_MAX_MANAGED}."),
                )
                .at(max_path.clone()),
            );
        } else if !(1..=ceiling).contains(&max) {
            out.diagnostics.push(
                Diagnostic::error(
                    "Managed policy quota out of range",
                    format!("max_managed_policies is {max}, but IAM allows between 1 and {ceiling} managed policies per {}. Set it to your account's quota (default {DEFAULT_MAX_MANAGED}).", kind.as_str()),
                )
                .at(max_path.clone()),
            );
        }
    }
    if arns.len() as i64 > max {
        out.diagnostics.push(
            Diagnostic::error(
                "Too many managed policies",
                format!(
                    "{} managed policies are listed, but the {} may have at most {max} (max_managed_policies). Merge policies, move permissions into inline policies, or raise the account's quota (up to 20 for users and roles) and set max_managed_policies.",
                    arns.len(),
                    kind.map(IdentityKind::as_str).unwrap_or("identity")
                ),
            )
            .at(AttributePath::root("managed_policy_arns")),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, arn) in &arns {
        let path = AttributePath::root("managed_policy_arns").index(*i);
        if !seen.insert(arn.clone()) {
            out.diagnostics.push(
                Diagnostic::error(
                    "Duplicate managed policy",
                    format!("{arn} is listed more than once; a policy is attached to an identity only once. Remove the duplicate."),
                )
                .at(path),
            );
            continue;
        }
        let parsed = match parse_policy_arn(arn) {
            Ok(p) => p,
            Err(detail) => {
                out.diagnostics
                    .push(Diagnostic::error("Invalid managed policy ARN", detail).at(path));
                continue;
            }
        };
        if let Some((_, text)) = documents.iter().find(|(k, _)| k == arn) {
            let doc_path = AttributePath::root("policy_documents").key(arn);
            if let Some(doc) =
                check_document(arn, text, doc_path, Some(SizeQuota::ManagedPolicy), out)
            {
                policies.push(NamedPolicy::new(arn.clone(), doc));
            }
            continue;
        }
        match parsed {
            ManagedArn::AwsManaged { name, path: iam_path } => match managed::by_name(&name).filter(|p| p.path == iam_path) {
                Some(policy) => {
                    if let Some(doc) = policy.default().and_then(|d| parse_policy(&d.document).document) {
                        policies.push(NamedPolicy::new(arn.clone(), doc));
                    }
                }
                None => {
                    let known: Vec<&str> = managed::all().iter().map(|p| p.name.as_str()).collect();
                    let hint = suggest::did_you_mean(&name, known.iter().copied());
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "Managed policy not evaluated",
                            format!("{hint}The provider has no copy of {arn}, so its permissions are not part of effective_actions or the require/forbid checks. Give its document in policy_documents to evaluate it."),
                        )
                        .at(path),
                    );
                }
            },
            ManagedArn::CustomerManaged => out.diagnostics.push(
                Diagnostic::warning(
                    "Managed policy not evaluated",
                    format!("{arn} is a customer managed policy whose document is not given, so its permissions are not evaluated. Add policy_documents = {{ \"{arn}\" = aws_iam_policy.<name>.policy }}."),
                )
                .at(path),
            ),
        }
    }
    for (key, _) in &documents {
        if !arns.iter().any(|(_, a)| a == key) {
            out.diagnostics.push(
                Diagnostic::error(
                    "Document for a policy that is not attached",
                    format!("policy_documents has a document for {key}, which is not in managed_policy_arns. Add the ARN to managed_policy_arns or remove the document."),
                )
                .at(AttributePath::root("policy_documents").key(key)),
            );
        }
    }
}

fn check_inline(
    v: &Value,
    kind: Option<IdentityKind>,
    policies: &mut Vec<NamedPolicy>,
    out: &mut Evaluation,
) {
    let quota = kind
        .map(IdentityKind::inline_quota)
        .unwrap_or(SizeQuota::InlineRole);
    out.inline_limit = quota.limit();
    for (name, text) in map(v, "inline_policies") {
        out.inline_chars += crate::policy::counted_size(&text);
        let path = AttributePath::root("inline_policies").key(&name);
        let label = format!("inline:{name}");
        if let Some(doc) = check_document(&label, &text, path, None, out) {
            policies.push(NamedPolicy::new(label, doc));
        }
    }
    if out.inline_chars > out.inline_limit {
        out.diagnostics.push(
            Diagnostic::error(
                "Inline policies too large",
                format!(
                    "The inline policies of this {} have {} characters (whitespace excluded), over the quota of {} for the {}. Move statements into managed policies or shorten them (wildcards, fewer Sids).",
                    kind.map(IdentityKind::as_str).unwrap_or("identity"),
                    out.inline_chars,
                    out.inline_limit,
                    quota.describe()
                ),
            )
            .at(AttributePath::root("inline_policies")),
        );
    }
}

/// The catalogue actions a gate block's entry names: a wildcard expanded, a literal in its
/// catalogue spelling. Empty for an action the catalogue lacks, which is an error: a misspelt
/// `forbid` entry would otherwise never fire.
fn gate_actions(pattern: &str) -> Vec<String> {
    catalog::matching_actions(pattern)
        .map(|(_, a)| a.to_string())
        .collect()
}

fn describe_refs(refs: &[StatementRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_require(v: &Value, out: &mut Evaluation) {
    let blocks = v.get("require").and_then(Value::as_elements).unwrap_or(&[]);
    for (b, block) in blocks.iter().enumerate() {
        let mut resources: Vec<String> = list(block, "resources")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        if block.get("resources").is_none_or(Value::is_null) {
            resources = vec!["*".to_string()];
        }
        for (i, pattern) in list(block, "actions") {
            let path = AttributePath::root("require")
                .index(b)
                .attr("actions")
                .index(i);
            if gate_actions(&pattern).is_empty() {
                out.diagnostics
                    .push(unknown_gate_action(&pattern, path.clone()));
                continue;
            }
            'actions: for action in gate_actions(&pattern) {
                for resource in &resources {
                    let d = out.set.decide(&action, resource);
                    let why = match d.outcome {
                        Outcome::Allowed => continue,
                        Outcome::ExplicitlyDenied => {
                            format!("it is denied by {}", describe_refs(&d.by))
                        }
                        Outcome::ImplicitlyDenied => "no attached policy allows it".to_string(),
                        Outcome::ConditionallyAllowed => format!(
                            "it is allowed only under a condition, by {}",
                            describe_refs(&d.by)
                        ),
                        Outcome::ConditionallyDenied => format!(
                            "a conditional Deny may take it away: {}",
                            describe_refs(&d.unless)
                        ),
                    };
                    out.diagnostics.push(
                        Diagnostic::error(
                            "Required access is missing",
                            format!("The identity must be allowed {action} on {resource}, but {why}. Attach a policy that allows it, or remove the Deny."),
                        )
                        .at(path.clone()),
                    );
                    break 'actions;
                }
            }
        }
    }
}

fn check_forbid(v: &Value, out: &mut Evaluation) {
    let blocks = v.get("forbid").and_then(Value::as_elements).unwrap_or(&[]);
    for (b, block) in blocks.iter().enumerate() {
        let resources: Vec<String> = list(block, "resources")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        for (i, pattern) in list(block, "actions") {
            let path = AttributePath::root("forbid")
                .index(b)
                .attr("actions")
                .index(i);
            let actions = gate_actions(&pattern);
            if actions.is_empty() {
                out.diagnostics
                    .push(unknown_gate_action(&pattern, path.clone()));
                continue;
            }
            for action in actions {
                let hit = if resources.is_empty() {
                    Some(("any resource".to_string(), out.set.decide_anywhere(&action)))
                } else {
                    resources
                        .iter()
                        .map(|r| (r.clone(), out.set.decide(&action, r)))
                        .find(|(_, d)| d.outcome.may_be_allowed())
                };
                if let Some((resource, d)) = hit.filter(|(_, d)| d.outcome.may_be_allowed()) {
                    out.diagnostics.push(
                        Diagnostic::error(
                            "Forbidden access is granted",
                            format!("{action} must not be allowed on {resource}, but it is allowed by {}. Remove or narrow that statement, or add an explicit Deny.", describe_refs(&d.by)),
                        )
                        .at(path.clone()),
                    );
                    break;
                }
            }
        }
    }
}

fn unknown_gate_action(pattern: &str, path: AttributePath) -> Diagnostic {
    let (service, _) = pattern.split_once(':').unwrap_or((pattern, ""));
    let hint = catalog::service(service)
        .map(|s| {
            let names: Vec<String> = s.actions().iter().map(|a| a.to_string()).collect();
            suggest::did_you_mean(pattern, names.iter().map(String::as_str))
        })
        .unwrap_or_default();
    Diagnostic::error(
        "Unknown action",
        format!("\"{pattern}\" matches no action in the IAM catalogue. {hint}Use service:Action, e.g. rekognition:DetectLabels."),
    )
    .at(path)
}

fn check_max_level(v: &Value, out: &mut Evaluation) {
    let Some(text) = v.get("max_access_level").and_then(Value::as_str) else {
        return;
    };
    let path = AttributePath::root("max_access_level");
    let Some(level) = AccessLevel::parse(text) else {
        let names: Vec<&str> = AccessLevel::ALL.iter().map(|l| l.as_str()).collect();
        out.diagnostics.push(
            Diagnostic::error(
                "Invalid access level",
                format!(
                    "\"{text}\" is not an access level. {}Use one of {}.",
                    suggest::did_you_mean(text, names.iter().copied()),
                    suggest::one_of(&names)
                ),
            )
            .at(path),
        );
        return;
    };
    let above = out.set.actions_above(level);
    if above.is_empty() {
        return;
    }
    let shown: Vec<String> = above
        .iter()
        .take(5)
        .map(|a| {
            format!(
                "{} ({}) by {}",
                a.action,
                a.level.as_str(),
                describe_refs(&a.granted_by[..a.granted_by.len().min(1)])
            )
        })
        .collect();
    out.diagnostics.push(
        Diagnostic::error(
            "Access above the allowed level",
            format!(
                "{} granted action(s) are above {}: {}{}. Remove them or raise max_access_level.",
                above.len(),
                level.as_str(),
                shown.join("; "),
                if above.len() > 5 { "; ..." } else { "" }
            ),
        )
        .at(path),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_entries_name_catalogue_actions() {
        assert_eq!(
            gate_actions("rekognition:DeleteCollection"),
            ["rekognition:DeleteCollection"]
        );
        assert_eq!(
            gate_actions("REKOGNITION:deletecollection"),
            ["rekognition:DeleteCollection"]
        );
        assert!(gate_actions("rekognition:DeleteColection").is_empty());
        assert!(gate_actions("rekognition:Delete*").len() > 3);
    }
}
