//! Checking inputs: each is a plan (or state) whose policies are found and validated, or one
//! policy document; the result is an [`Outcome`] the reports render.

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use engine::analysis::{validate_json, Finding, PolicyType, Severity, ValidateOptions};
use engine::policy::{parse_policy, SizeQuota};

use super::plan::position;
use super::plan::{self, PlanPolicy};

/// How to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The least serious severity that fails the check.
    pub fail_on: Severity,
    /// Warnings and security warnings count as errors.
    pub strict: bool,
    /// Codes (or `family.*`) left out everywhere.
    pub ignore: Vec<String>,
    /// The policy type of plain policy files, and its size quota.
    pub file_policy_type: (PolicyType, SizeQuota),
}

impl Settings {
    /// The severity a finding counts with for `--fail-on`.
    pub fn effective(&self, severity: Severity) -> Severity {
        match severity {
            Severity::Warning | Severity::SecurityWarning if self.strict => Severity::Error,
            other => other,
        }
    }

    /// Whether a finding fails the check.
    pub fn fails(&self, finding: &Finding) -> bool {
        self.effective(finding.severity) <= self.fail_on
    }
}

/// One input as read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name people see (the path as given, or `<stdin>`).
    pub name: String,
    /// The SARIF artifact URI.
    pub uri: String,
    /// The content.
    pub text: String,
}

/// What an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `terraform show -json` output.
    Plan,
    /// One policy document.
    Policy,
}

/// What was checked: a whole file, or a policy in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A policy file.
    File,
    /// A policy attribute of a resource or data source in a plan.
    Resource {
        /// The address, e.g. `aws_iam_role.app`.
        address: String,
        /// The attribute, e.g. `assume_role_policy`.
        attribute: String,
        /// The same document elsewhere (policy-document data sources), as `address.attribute`.
        also: Vec<String>,
        /// How many more places have the same document than `also` names.
        also_more: usize,
    },
}

/// A finding, with its position in the plan file for policies found in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The finding (its span is inside the policy document).
    pub finding: Finding,
    /// 1-based line and column in the plan file.
    pub plan_position: Option<(usize, usize)>,
}

/// One checked policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Index into [`Outcome::inputs`].
    pub input: usize,
    /// What it is.
    pub subject: Subject,
    /// The policy type it was checked as.
    pub policy_type: PolicyType,
    /// Whether that type was inferred from the content (nothing stated it).
    pub inferred: bool,
    /// Findings after ignores, in document order.
    pub findings: Vec<Located>,
    /// The Sid of each statement, to name statements.
    pub sids: Vec<Option<String>>,
    /// Where the policy's string starts in the plan file.
    pub plan_position: Option<(usize, usize)>,
    /// For a policy checked on its known parts only (its JSON is unknown until apply): the
    /// arguments or elements that are unknown. Empty when the whole policy was checked.
    pub unknown: Vec<String>,
}

impl Checked {
    /// `address.attribute` for plan policies, `None` for files.
    pub fn place(&self) -> Option<String> {
        match &self.subject {
            Subject::File => None,
            Subject::Resource {
                address, attribute, ..
            } => Some(if attribute.starts_with('[') {
                format!("{address}{attribute}")
            } else {
                format!("{address}.{attribute}")
            }),
        }
    }

    /// The Sid of a statement, if it has one.
    pub fn sid(&self, statement: Option<usize>) -> Option<&str> {
        self.sids.get(statement?)?.as_deref()
    }
}

/// A policy that was not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Index into [`Outcome::inputs`].
    pub input: usize,
    /// The resource or data source.
    pub address: String,
    /// The attribute.
    pub attribute: String,
    /// Why.
    pub reason: String,
    /// `address.attribute`.
    pub place: String,
}

/// A summary of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputInfo {
    /// The name people see.
    pub name: String,
    /// The SARIF artifact URI.
    pub uri: String,
    /// Plan or policy.
    pub kind: InputKind,
}

/// Everything checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The inputs, in the order given.
    pub inputs: Vec<InputInfo>,
    /// The checked policies, by input, then by address.
    pub checked: Vec<Checked>,
    /// The policies not checked.
    pub skipped: Vec<Skipped>,
}

impl Outcome {
    /// Every finding with the policy it is in.
    pub fn findings(&self) -> impl Iterator<Item = (&Checked, &Located)> {
        self.checked
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
    }

    /// How many findings have each severity, in [`Severity::ALL`] order.
    pub fn counts(&self) -> [usize; 4] {
        Severity::ALL.map(|severity| {
            self.findings()
                .filter(|(_, located)| located.finding.severity == severity)
                .count()
        })
    }

    /// How many findings fail the check.
    pub fn failing(&self, settings: &Settings) -> usize {
        self.findings()
            .filter(|(_, located)| settings.fails(&located.finding))
            .count()
    }
}

/// Checks every input. An input that is neither a plan nor a policy, or a plan in an unknown
/// format, is an error naming the input. Each input's text is let go as soon as it has been
/// read (see `check_plan`).
pub fn check(inputs: Vec<Input>, settings: &Settings) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    for (index, input) in inputs.into_iter().enumerate() {
        let Input { name, uri, text } = input;
        let kind = match classify(&text) {
            Ok(Classified::Plan(doc)) => {
                check_plan(index, text, doc, settings, &mut outcome)
                    .map_err(|e| format!("{name}: {e}"))?;
                InputKind::Plan
            }
            Ok(Classified::Policy) => {
                outcome.checked.push(check_file(index, &text, settings));
                InputKind::Policy
            }
            Err(e) => return Err(format!("{name}: {e}")),
        };
        outcome.inputs.push(InputInfo { name, uri, kind });
    }
    Ok(outcome)
}

enum Classified {
    Plan(Value),
    Policy,
}

const POLICY_KEYS: [&str; 3] = ["version", "statement", "id"];

/// Plan or policy, by content: a plan or state has `format_version` and `terraform_version`;
/// a policy is a JSON object with Version, Statement or Id (or JSON broken in a way the policy
/// parser still reads, so its mistakes are reported where they are).
///
/// The syntax and the top-level keys are read first without building a tree, so an input that
/// is no plan (`[0, 0, ...]` of any length) is refused in one pass and in constant memory.
fn classify(text: &str) -> Result<Classified, String> {
    let keys = match serde_json::from_str::<TopKeys>(text) {
        Ok(TopKeys(keys)) => keys,
        Err(error) => {
            if text.contains("\"terraform_version\"") {
                return Err(format!("not valid JSON: {error}"));
            }
            return match parse_policy(text).document {
                Some(_) => Ok(Classified::Policy),
                None if text.trim().is_empty() => Err("empty input".to_string()),
                None => Err(format!("not JSON: {error}")),
            };
        }
    };
    let Some(keys) = keys else {
        let first = text.trim_start().bytes().next().unwrap_or(b'{');
        return Err(format!(
            "not a JSON object but {}; expected `terraform show -json` output or an IAM policy",
            json_kind(first)
        ));
    };
    let has = |key: &str| keys.iter().any(|k| k == key);
    if has("format_version") && has("terraform_version") {
        let doc = plan::lean::parse(text).map_err(|e| format!("not valid JSON: {e}"))?;
        return Ok(Classified::Plan(doc));
    }
    if keys
        .iter()
        .any(|k| POLICY_KEYS.contains(&k.to_ascii_lowercase().as_str()))
    {
        Ok(Classified::Policy)
    } else {
        Err(
            "neither `terraform show -json` output (it has no format_version and \
             terraform_version) nor an IAM policy (it has no Version or Statement)"
                .to_string(),
        )
    }
}

/// The top-level keys of a JSON document (`None` when it is no object), read in the pass that
/// checks its syntax: the values are scanned, never built.
struct TopKeys(Option<Vec<String>>);

impl<'de> Deserialize<'de> for TopKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopKeysVisitor).map(TopKeys)
    }
}

struct TopKeysVisitor;

impl<'de> Visitor<'de> for TopKeysVisitor {
    type Value = Option<Vec<String>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(Some(keys))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The kind of JSON value that starts with `first` (a value known to be valid JSON).
fn json_kind(first: u8) -> &'static str {
    match first {
        b'n' => "null",
        b't' | b'f' => "a Boolean",
        b'"' => "a string",
        b'[' => "an array",
        b'{' => "an object",
        _ => "a number",
    }
}

fn options(
    policy_type: PolicyType,
    quota: Option<SizeQuota>,
    settings: &Settings,
    extra: &[String],
) -> ValidateOptions {
    let mut ignore = settings.ignore.clone();
    ignore.extend(extra.iter().cloned());
    ValidateOptions {
        policy_type,
        size_quota: quota,
        ignore,
    }
}

/// Validates text and returns the findings and the Sids of the statements.
fn validate(text: &str, options: &ValidateOptions) -> (Vec<Finding>, Vec<Option<String>>) {
    let report = validate_json(text, options);
    let sids = report
        .document
        .as_ref()
        .map(|doc| {
            doc.statements()
                .iter()
                .map(|s| s.sid.as_ref().map(|t| t.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut findings = report.findings;
    // kept until the report is written, for every policy of a plan: no room to grow
    findings.shrink_to_fit();
    (findings, sids)
}

fn check_file(input: usize, text: &str, settings: &Settings) -> Checked {
    let (policy_type, quota) = settings.file_policy_type;
    let (findings, sids) = validate(text, &options(policy_type, Some(quota), settings, &[]));
    Checked {
        input,
        subject: Subject::File,
        policy_type,
        inferred: false,
        findings: findings
            .into_iter()
            .map(|finding| Located {
                finding,
                plan_position: None,
            })
            .collect(),
        sids,
        plan_position: None,
        unknown: Vec::new(),
    }
}

/// Checks the policies of a plan. What is held at once is kept small, since a monorepo's plan
/// can be tens of megabytes: the policies are moved out of the tree, which then goes; each
/// policy's string literal is copied out of the plan text with its line and column, and the
/// text goes before the policies are validated; each policy's text goes once it is validated.
fn check_plan(
    input: usize,
    text: String,
    doc: Value,
    settings: &Settings,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let extracted = plan::extract(doc)?;
    let policies = plan::merge(extracted.policies);
    let literals = {
        let paths: Vec<&[plan::Seg]> = policies.iter().map(|p| p.pointer.as_slice()).collect();
        position::place_literals(&text, &paths)
    };
    drop(text);
    let checked: Vec<Validated> = policies
        .into_iter()
        .map(|mut policy| {
            let policy_type = policy.policy_type.unwrap_or_default();
            let options = options(policy_type, policy.quota, settings, &policy.ignore);
            // the text is not needed past validation: positions come from the plan text
            let text = std::mem::take(&mut policy.text);
            let (findings, sids) = validate(&text, &options);
            Validated {
                policy,
                findings,
                sids,
            }
        })
        .collect();
    for (validated, literal) in checked.into_iter().zip(literals) {
        let (start, at) = plan_positions(literal.as_ref(), &validated.findings);
        let Validated {
            policy,
            findings,
            sids,
        } = validated;
        outcome.checked.push(Checked {
            input,
            policy_type: policy.policy_type.unwrap_or_default(),
            inferred: policy.inferred,
            subject: Subject::Resource {
                address: policy.address,
                attribute: policy.attribute,
                also: policy.also,
                also_more: policy.also_more,
            },
            findings: findings
                .into_iter()
                .zip(at)
                .map(|(finding, plan_position)| Located {
                    finding,
                    plan_position,
                })
                .collect(),
            sids,
            plan_position: start,
            unknown: Vec::new(),
        });
    }
    for policy in extracted.partial {
        let ignore = options(policy.policy_type, None, settings, &[]);
        outcome.checked.push(Checked {
            input,
            policy_type: policy.policy_type,
            inferred: policy.inferred,
            subject: Subject::Resource {
                address: policy.address,
                attribute: policy.attribute,
                also: Vec::new(),
                also_more: 0,
            },
            findings: policy
                .findings
                .into_iter()
                .filter(|f| !ignore.ignores(f.code))
                .map(|finding| Located {
                    finding,
                    plan_position: None,
                })
                .collect(),
            sids: Vec::new(),
            plan_position: None,
            unknown: policy.unknown,
        });
    }
    outcome
        .skipped
        .extend(extracted.skipped.into_iter().map(|s| Skipped {
            input,
            place: s.place(),
            address: s.address,
            attribute: s.attribute,
            reason: s.reason,
        }));
    Ok(())
}

/// A plan policy with its findings and the Sids of its statements.
struct Validated {
    policy: PlanPolicy,
    findings: Vec<Finding>,
    sids: Vec<Option<String>>,
}

/// A 1-based line and column (in characters) in the plan file.
type LineColumn = (usize, usize);

/// For a policy with findings: where its string starts in the plan file, and where each finding
/// is, through the string's escapes (`None` when its literal was not found).
fn plan_positions(
    literal: Option<&position::PlacedLiteral>,
    findings: &[Finding],
) -> (Option<LineColumn>, Vec<Option<LineColumn>>) {
    let Some(literal) = literal else {
        return (None, vec![None; findings.len()]);
    };
    if findings.is_empty() {
        // reports give a position only to policies with findings
        return (None, Vec::new());
    }
    let decoded: Vec<Option<usize>> = findings
        .iter()
        .map(|f| f.span().map(|s| s.offset))
        .collect();
    let at = literal.positions(&decoded).into_iter().map(Some).collect();
    (Some(literal.start()), at)
}

#[cfg(test)]
mod tests;
