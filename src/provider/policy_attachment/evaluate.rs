//! Evaluating one identity's attachments: quotas, documents and effective permissions, then
//! the gates (`gates.rs`). Inputs may hold values known only after apply: what they already
//! decide is decided, the rest is recorded as [`Pending`] for the deferral warnings.

use std::collections::BTreeSet;

use crate::provider::config::ProviderDefaults;
use crate::provider::validation;
use engine::analysis::effective::{unknown_statement, Bounds, EffectiveActions, NamedPolicy};
use engine::analysis::validate::{validate_json, PolicyType, ValidateOptions};
use engine::managed;
use engine::policy::{parse_policy, PolicyDocument, SizeQuota};
use engine::suggest;
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::value::Value;

use super::identity::{parse_identity, parse_policy_arn, IdentityKind, ManagedArn};
use super::inputs::{describe_unknowns, entries, entry_path, not_a_map, Entries, Input};

/// The default managed-policy quota of an account.
pub const DEFAULT_MAX_MANAGED: i64 = 10;

/// Everything the plan reports about one set of attachments.
pub struct Evaluation {
    pub diagnostics: Diagnostics,
    /// The least- and most-access completions of the attached policies (one set when every
    /// document is known).
    pub bounds: Bounds,
    /// The effective actions; meaningful when [`Evaluation::known`].
    pub effective: EffectiveActions,
    pub findings: Vec<Value>,
    pub managed_count: usize,
    /// IAM's count of the inline policies: exact when known, else what the known parts have.
    pub inline_chars: usize,
    pub inline_limit: usize,
    /// Inputs holding values known only after apply.
    pub pending: Vec<Pending>,
    /// Failed gates and quotas (error diagnostics): they fail the plan when `enforce` is true
    /// (the default) and are recorded as warnings and in `violations` otherwise.
    pub violations: Diagnostics,
    /// The provider block's `ignore_findings` and `strict`, applied to the documents' findings.
    pub defaults: ProviderDefaults,
}

/// An input that holds values known only after apply, for the deferral warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The input, e.g. `inline_policies["images"]`.
    pub input: String,
    /// What in it is unknown.
    pub why: String,
    /// Whether passing the data source object instead of its `.json` would let the plan read it.
    pub hint: bool,
}

impl Evaluation {
    /// Whether every document is known: the computed attributes can be set.
    pub fn known(&self) -> bool {
        self.pending.is_empty()
    }
}

/// A policy that stands for a document not known yet.
fn unknown_policy(name: String) -> NamedPolicy {
    NamedPolicy::new(name, PolicyDocument::new([unknown_statement()]))
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
        ignore: out.defaults.ignore_findings.clone(),
    };
    let report = validate_json(text, &options);
    let mut rejected = false;
    for f in &report.findings {
        let place = match f.location.span {
            Some(s) => format!("{path}, line {}, column {}", s.line, s.column),
            None => format!("{path}, {}", f.location),
        };
        rejected |= f.severity == engine::analysis::finding::Severity::Error;
        out.findings.push(validation::to_value(f, name, &place));
        out.diagnostics.extend(validation::to_diagnostic(
            f,
            out.defaults.strict.unwrap_or(false),
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

/// Evaluates a configuration, a planned state (possibly with values known only after apply) or
/// a state, without the gates (see [`super::gates`]), with no provider-level defaults.
pub fn evaluate(v: &Value) -> Evaluation {
    evaluate_with(v, &ProviderDefaults::default())
}

/// [`evaluate`] with the provider block's `ignore_findings` and `strict` applied to the
/// documents' findings (documents given to an attachment are identity policies, so
/// `default_policy_type` does not apply).
pub fn evaluate_with(v: &Value, defaults: &ProviderDefaults) -> Evaluation {
    let mut out = Evaluation {
        diagnostics: Vec::new(),
        bounds: Bounds::new(Vec::new()),
        effective: EffectiveActions::default(),
        findings: Vec::new(),
        managed_count: 0,
        inline_chars: 0,
        inline_limit: SizeQuota::InlineRole.limit(),
        pending: Vec::new(),
        violations: Vec::new(),
        defaults: defaults.clone(),
    };
    // An identity known only after apply: its kind is not known, and the quotas checked at
    // plan are the largest of any kind (a role's), so nothing fails that may pass.
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
    for name in ["policy_documents", "inline_policies"] {
        if not_a_map(v, name) {
            out.diagnostics.push(
                Diagnostic::error(
                    "Documents must be given as a map",
                    format!("{name} takes a map of name -> document, e.g. {name} = {{ images = data.rekognitioniam_policy_document.images }}; each document a JSON string or a rekognitioniam_policy_document data source object."),
                )
                .at(AttributePath::root(name)),
            );
        }
    }
    let mut policies = Vec::new();
    check_managed(v, kind, &mut policies, &mut out);
    check_inline(v, kind, &mut policies, &mut out);
    out.bounds = Bounds::new(policies);
    if out.bounds.is_exact() {
        out.effective = out.bounds.least().effective_actions();
    }
    out
}

/// The managed-policy quota, as far as known: `None` when `max_managed_policies` is unknown.
fn managed_quota(v: &Value) -> Option<i64> {
    match v.get("max_managed_policies") {
        Some(Value::Unknown) => None,
        other => Some(
            other
                .and_then(Value::as_number)
                .and_then(|n| n.as_i64())
                .unwrap_or(DEFAULT_MAX_MANAGED),
        ),
    }
}

fn check_managed(
    v: &Value,
    kind: Option<IdentityKind>,
    policies: &mut Vec<NamedPolicy>,
    out: &mut Evaluation,
) {
    let arns_value = v.get("managed_policy_arns").unwrap_or(&Value::Null);
    let Entries(documents) = entries(v, "policy_documents");
    if arns_value.is_unknown() {
        // How many policies, and which, is known only at apply: nothing to decide now.
        out.pending.push(Pending {
            input: "managed_policy_arns".to_string(),
            why: "the whole list is known only after apply".to_string(),
            hint: false,
        });
        policies.push(unknown_policy("managed_policy_arns".to_string()));
        return;
    }
    let elements = arns_value.as_elements().unwrap_or(&[]);
    let arns = list(v, "managed_policy_arns");
    let unknown_arns: Vec<usize> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_unknown())
        .map(|(i, _)| i)
        .collect();
    // The count is the list's length, whether or not its ARNs are known yet.
    out.managed_count = elements.len();
    let max_path = AttributePath::root("max_managed_policies");
    let max = managed_quota(v);
    let ceiling = kind.map_or(20, IdentityKind::max_managed_quota);
    if let (Some(kind), Some(max)) = (kind, max) {
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
    // An unknown quota is at most the ceiling of the identity's kind (of any kind when that is
    // unknown too): a count above it fails now.
    let limit = max.unwrap_or(ceiling);
    if out.managed_count as i64 > limit {
        out.violations.push(
            Diagnostic::error(
                "Too many managed policies",
                format!(
                    "{} managed policies are listed{}, but the {} may have at most {limit}{}. Merge policies, move permissions into inline policies, or raise the account's quota (up to 20 for users and roles) and set max_managed_policies.",
                    out.managed_count,
                    if unknown_arns.is_empty() { "" } else { " (some known only after apply)" },
                    kind.map(IdentityKind::as_str).unwrap_or("identity"),
                    if max.is_some() { " (max_managed_policies)" } else { " (IAM's highest quota)" },
                ),
            )
            .at(AttributePath::root("managed_policy_arns")),
        );
    }
    for &i in &unknown_arns {
        // Which policy it is, and so what it grants, is known only at apply.
        let input = format!("managed_policy_arns[{i}]");
        out.pending.push(Pending {
            input: input.clone(),
            why: "the ARN is known only after apply".to_string(),
            hint: false,
        });
        policies.push(unknown_policy(input));
    }
    let documents_known = documents.is_some();
    if !documents_known {
        out.pending.push(Pending {
            input: "policy_documents".to_string(),
            why: "the whole map is known only after apply".to_string(),
            hint: false,
        });
    }
    let documents = documents.unwrap_or_default();
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
        if !documents_known {
            // Its document may be given there: what it grants is known only at apply.
            policies.push(unknown_policy(arn.clone()));
            continue;
        }
        if let Some((_, input)) = documents.iter().find(|(k, _)| k == arn) {
            let doc_path = AttributePath::root("policy_documents").key(arn);
            let label = entry_path("policy_documents", arn);
            if let Some(policy) = read_input(
                arn,
                &label,
                input,
                doc_path,
                Some(SizeQuota::ManagedPolicy),
                out,
            ) {
                policies.push(policy);
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
    for (key, input) in &documents {
        if arns.iter().any(|(_, a)| a == key) {
            continue;
        }
        if !unknown_arns.is_empty() {
            // It may be the document of an ARN known only after apply.
            let label = entry_path("policy_documents", key);
            let path = AttributePath::root("policy_documents").key(key);
            // Checked now; what it grants is part of that ARN's unknown policy until then.
            let _ = read_input(
                key,
                &label,
                input,
                path,
                Some(SizeQuota::ManagedPolicy),
                out,
            );
            continue;
        }
        out.diagnostics.push(
            Diagnostic::error(
                "Document for a policy that is not attached",
                format!("policy_documents has a document for {key}, which is not in managed_policy_arns. Add the ARN to managed_policy_arns or remove the document."),
            )
            .at(AttributePath::root("policy_documents").key(key)),
        );
    }
}

/// Reads one document input: validates a known JSON text, takes a partial document's known
/// statements, and records what is not known yet. `name` is the policy's name in reports,
/// `label` the input as messages name it.
fn read_input(
    name: &str,
    label: &str,
    input: &Input,
    path: AttributePath,
    quota: Option<SizeQuota>,
    out: &mut Evaluation,
) -> Option<NamedPolicy> {
    match input {
        Input::Json(text) => {
            check_document(name, text, path, quota, out).map(|doc| NamedPolicy::new(name, doc))
        }
        Input::Partial { document, .. } => {
            out.pending.push(Pending {
                input: label.to_string(),
                why: describe_unknowns(document),
                hint: false,
            });
            Some(NamedPolicy::new(name, (**document).clone()))
        }
        Input::Unknown { why, hint } => {
            out.pending.push(Pending {
                input: label.to_string(),
                why: why.clone(),
                hint: *hint,
            });
            Some(unknown_policy(name.to_string()))
        }
        Input::Invalid(detail) => {
            out.diagnostics.push(
                Diagnostic::error(
                    "Invalid policy document",
                    format!("{label}: {detail} Give the policy as a JSON string (jsonencode(...), aws_iam_policy.x.policy) or as a rekognitioniam_policy_document data source object."),
                )
                .at(path),
            );
            None
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
    let Entries(inline) = entries(v, "inline_policies");
    let Some(inline) = inline else {
        out.pending.push(Pending {
            input: "inline_policies".to_string(),
            why: "the whole map is known only after apply".to_string(),
            hint: false,
        });
        policies.push(unknown_policy("inline_policies".to_string()));
        return;
    };
    // The size of what is known is a lower bound of the final size.
    let mut exact = true;
    for (name, input) in &inline {
        match input {
            Input::Json(text) => out.inline_chars += engine::policy::counted_size(text),
            Input::Partial { size_at_least, .. } => {
                out.inline_chars += size_at_least.unwrap_or(0);
                exact = false;
            }
            Input::Unknown { .. } | Input::Invalid(_) => exact = false,
        }
        let path = AttributePath::root("inline_policies").key(name);
        let label = format!("inline:{name}");
        let shown = entry_path("inline_policies", name);
        if let Some(policy) = read_input(&label, &shown, input, path, None, out) {
            policies.push(policy);
        }
    }
    if out.inline_chars > out.inline_limit {
        out.violations.push(
            Diagnostic::error(
                "Inline policies too large",
                format!(
                    "The inline policies of this {} have {}{} characters (whitespace excluded), over the quota of {} for the {}. Move statements into managed policies or shorten them (wildcards, fewer Sids).",
                    kind.map(IdentityKind::as_str).unwrap_or("identity"),
                    if exact { "" } else { "at least " },
                    out.inline_chars,
                    out.inline_limit,
                    quota.describe()
                ),
            )
            .at(AttributePath::root("inline_policies")),
        );
    }
}
