//! Conformance of the validator with IAM Access Analyzer and Parliament.
//!
//! Reads test material from `../shared` (beside the project during development and in CI,
//! absent from a plain clone) through `reference_data`, which skips visibly where it is missing
//! and fails under `CI=true`:
//! - `corpora/access-analyzer-mamip/cases.json`: AWS managed policies with the exact findings
//!   of Access Analyzer's ValidatePolicy;
//! - `corpora/parliament/policy-cases.json`: Parliament's own test cases;
//! - `corpora/probe-cases.json`: hand-written edge cases with the documented expectations.
//!
//! It prints, per Access Analyzer issue code, how many findings the validator matched, missed
//! and added, asserts that no error-severity finding appears where Access Analyzer found
//! nothing, and that disagreements with Parliament and the probes are the documented ones.
//! With `UPDATE_CONFORMANCE=1` it rewrites `docs/conformance.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use engine::analysis::{code_info, validate_json, Finding, PolicyType, Severity, ValidateOptions};
use engine::policy::SizeQuota;
use serde_json::Value;

fn load(relative: &str) -> Option<Value> {
    let text = reference_data::read_shared(relative)?;
    Some(serde_json::from_str(&text).expect("reference JSON parses"))
}

fn text_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The Access Analyzer issue code a finding corresponds to (parse errors are JSON syntax
/// errors there).
fn aa_code(finding: &Finding) -> Option<&'static str> {
    match code_info(finding.code) {
        Some(check) => check.access_analyzer,
        None => Some("JSON_SYNTAX_ERROR"),
    }
}

/// The Parliament finding a finding corresponds to.
fn parliament_code(finding: &Finding) -> Option<&'static str> {
    match code_info(finding.code) {
        Some(check) => check.parliament,
        None => Some("MALFORMED_JSON"),
    }
}

/// A finding's span in characters, as Access Analyzer counts offsets.
fn char_span(text: &str, finding: &Finding) -> Option<(usize, usize)> {
    let span = finding.span()?;
    let chars = |end: usize| text.get(..end).map_or(end, |t| t.chars().count());
    Some((chars(span.offset), chars(span.end())))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1.max(b.0 + 1) && b.0 < a.1.max(a.0 + 1)
}

/// One Access Analyzer finding: issue code and the spans of its locations.
struct Expected {
    code: String,
    spans: Vec<(usize, usize)>,
}

fn expected_findings(case: &Value) -> Vec<Expected> {
    let findings = case.get("expected_findings").and_then(Value::as_array);
    findings
        .into_iter()
        .flatten()
        .map(|f| {
            let locations = f.get("locations").and_then(Value::as_array);
            let spans = locations
                .into_iter()
                .flatten()
                .filter_map(|l| {
                    let span = l.get("span")?;
                    let offset = |end: &str| span.get(end)?.get("offset")?.as_u64();
                    Some((offset("start")? as usize, offset("end")? as usize))
                })
                .collect();
            Expected {
                code: text_of(f, "issueCode").to_string(),
                spans,
            }
        })
        .collect()
}

/// A validator finding with its Access Analyzer code and character span.
type Ours<'a> = (&'a Finding, Option<&'static str>, Option<(usize, usize)>);

#[derive(Default)]
struct Tally {
    expected: usize,
    matched: usize,
    extra: usize,
}

#[derive(Default)]
struct AaResult {
    cases: usize,
    clean_cases: usize,
    tallies: BTreeMap<String, Tally>,
    /// Our findings with no Access Analyzer counterpart: code -> (severity, count, policies).
    ours_only: BTreeMap<&'static str, (Severity, usize, BTreeSet<String>)>,
    false_errors: Vec<String>,
    drift: Vec<String>,
    missed: Vec<String>,
    extras: Vec<String>,
    seconds: f64,
}

fn access_analyzer(cases: &[Value]) -> AaResult {
    let options = ValidateOptions {
        policy_type: PolicyType::Identity,
        // Access Analyzer compares identity policies with 10,240 characters.
        size_quota: Some(SizeQuota::InlineRole),
        ignore: Vec::new(),
    };
    let mut result = AaResult::default();
    let started = Instant::now();
    let reports: Vec<_> = cases
        .iter()
        .map(|case| validate_json(text_of(case, "policy_document_sent"), &options))
        .collect();
    result.seconds = started.elapsed().as_secs_f64();
    for (case, report) in cases.iter().zip(&reports) {
        let name = text_of(case, "name");
        let text = text_of(case, "policy_document_sent");
        let expected = expected_findings(case);
        result.cases += 1;
        if expected.is_empty() {
            result.clean_cases += 1;
        }
        let ours: Vec<Ours<'_>> = report
            .findings
            .iter()
            .map(|f| (f, aa_code(f), char_span(text, f)))
            .collect();
        let fits = |code: &str, span: Option<(usize, usize)>, e: &Expected| {
            e.code == code
                && (e.spans.is_empty()
                    || span.is_some_and(|s| e.spans.iter().any(|&x| overlaps(s, x))))
        };
        for e in &expected {
            let tally = result.tallies.entry(e.code.clone()).or_default();
            tally.expected += 1;
            let hit = ours
                .iter()
                .any(|(_, code, span)| code.is_some_and(|c| fits(c, *span, e)));
            if hit {
                tally.matched += 1;
            } else {
                result.missed.push(format!("{name}: {}", e.code));
            }
        }
        for (finding, code, span) in &ours {
            let matched = code.is_some_and(|c| expected.iter().any(|e| fits(c, *span, e)));
            if let (Some(code), false) = (code, matched) {
                result.tallies.entry(code.to_string()).or_default().extra += 1;
                result.extras.push(format!("{name}: {code} {finding}"));
            }
            if code.is_none() {
                let entry = result.ours_only.entry(finding.code).or_insert((
                    finding.severity,
                    0,
                    BTreeSet::new(),
                ));
                entry.1 += 1;
                entry.2.insert(name.to_string());
            }
            if finding.severity == Severity::Error && !matched {
                if is_drift(finding) {
                    result.drift.push(format!("{name}: {finding}"));
                } else {
                    result.false_errors.push(format!("{name}: {finding}"));
                }
            }
        }
    }
    result
}

/// Parliament cases and probe cases: agreement on the findings both tools have.
struct Agreement {
    compared: usize,
    agreed: usize,
    rows: Vec<(String, String, String, String)>,
}

/// Parliament findings that only its community auditors report.
const COMMUNITY: [&str; 7] = [
    "PERMISSIONS_MANAGEMENT_ACTIONS",
    "PRIVILEGE_ESCALATION",
    "CREDENTIALS_EXPOSURE",
    "SENSITIVE_ACCESS",
    "NOTPRINCIPAL_WITH_ALLOW",
    "NOTRESOURCE_WITH_ALLOW",
    "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE",
];

/// Parliament findings the validator has a check for, and that Parliament reported with the
/// case's settings (community auditors only when they were switched on).
fn comparable_parliament(community: bool) -> BTreeSet<&'static str> {
    let mut set: BTreeSet<&str> = engine::analysis::CODES
        .iter()
        .filter_map(|c| c.parliament)
        .filter(|id| community || !COMMUNITY.contains(id))
        .collect();
    set.insert("MALFORMED_JSON");
    set
}

fn ids(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "none".to_string()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// Actions that Access Analyzer's data knew when the corpus was recorded but the catalogue
/// (a later capture of the Service Authorization Reference) no longer lists: AWS renamed the
/// Security Agent preview actions and dropped the others. The validator reports them as
/// unknown actions, correctly for the catalogue's date.
const CATALOGUE_DRIFT: &[&str] = &[
    "route53-recovery-control-config:DescribeRoutingControlByName",
    "sagemaker-unified-studio-mcp:CallPrivilegedTool",
    "sagemaker-unified-studio-mcp:CallReadOnlyTool",
    "sagemaker-unified-studio-mcp:InvokeMcp",
    "securityagent:BatchGetAgentInstances",
    "securityagent:BatchGetSecurityTestContentMetadata",
    "securityagent:BatchGetTasks",
    "securityagent:CreateDocumentReview",
    "securityagent:DeleteDocumentReview",
    "securityagent:GetCodeReviewTask",
    "securityagent:GetDocReviewTask",
    "securityagent:GetDocumentReview",
    "securityagent:GetDocumentReviewArtifact",
    "securityagent:ListAgentInstances",
    "securityagent:ListControls",
    "securityagent:ListDocumentReviewComments",
    "securityagent:ListDocumentReviews",
    "securityagent:ListTasks",
    "securityagent:StartPentestExecution",
    "securityagent:StopPentestExecution",
];

/// Whether an error finding is about an action of [`CATALOGUE_DRIFT`].
fn is_drift(finding: &Finding) -> bool {
    finding.code == "action.unknown"
        && CATALOGUE_DRIFT
            .iter()
            .any(|name| finding.message == format!("Unknown action \"{name}\""))
}

/// Known disagreements with Parliament 1.6.4's tests, by case index, with the reason.
const PARLIAMENT_DIFFERENCES: &[(usize, &str)] = &[
    (
        3,
        "`s3:*` on `*`: one root cause is reported once, so the permissions-management actions \
         it grants are named in the `security.service_full_access` finding's detail rather than \
         in a `security.permissions_management` finding of their own",
    ),
    (
        23,
        "the operator `bad` is unknown; the validator reports that and does not type-check the \
         keys of an operator it cannot read",
    ),
    (
        32,
        "StringEquals on an ARN key: Access Analyzer accepts it and so does the validator; only \
         StringLike/StringNotLike on ARN keys are reported",
    ),
    (
        36,
        "RESOURCE_MISMATCH for `s3:*`: Parliament reports a wildcard whose matches include \
         actions none of the resources fit; the validator reports named actions only, since a \
         wildcard is expected to include such actions",
    ),
    (44, "RESOURCE_MISMATCH for wildcard actions, as in #36"),
    (
        54,
        "a JSON object as a Resource entry is a type error the parser reports \
         (`policy.wrong_type`)",
    ),
    (56, "RESOURCE_MISMATCH for `s3:*`, as in #36"),
    (
        58,
        "the policy has a trailing comma, which IAM rejects (`json.trailing_comma`) and \
         Parliament's reader accepts; RESOURCE_MISMATCH for `s3:*` as in #36; permissions \
         management on named resources is not reported",
    ),
    (
        59,
        "the catalogue gives redshift:GetClusterCredentials access level Write and \
         ecr:GetAuthorizationToken Read; Parliament's older data counts them as permissions \
         management",
    ),
];

fn parliament(cases: &[Value]) -> Agreement {
    let mut agreement = Agreement {
        compared: 0,
        agreed: 0,
        rows: Vec::new(),
    };
    for (index, case) in cases.iter().enumerate() {
        let kwargs = case.get("kwargs");
        if kwargs.and_then(|k| k.get("config")).is_some() {
            continue;
        }
        let community = kwargs
            .and_then(|k| k.get("include_community_auditors"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let comparable = comparable_parliament(community);
        let text = text_of(case, "policy");
        let policy_type = if text.contains("\"Principal\"") || text.contains("\"NotPrincipal\"") {
            PolicyType::Resource
        } else {
            PolicyType::Identity
        };
        let report = validate_json(text, &ValidateOptions::new(policy_type));
        let theirs: BTreeSet<String> = case
            .get("expected_finding_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|id| comparable.contains(id))
            .map(str::to_string)
            .collect();
        let ours: BTreeSet<String> = report
            .findings
            .iter()
            .filter_map(parliament_code)
            .filter(|id| comparable.contains(id))
            .map(str::to_string)
            .collect();
        agreement.compared += 1;
        if theirs == ours {
            agreement.agreed += 1;
            continue;
        }
        let reason = PARLIAMENT_DIFFERENCES
            .iter()
            .find(|(i, _)| *i == index)
            .map_or("UNEXPLAINED", |(_, r)| r);
        agreement.rows.push((
            format!("#{index}"),
            ids(&theirs),
            ids(&ours),
            reason.to_string(),
        ));
    }
    agreement
}

/// Known disagreements with the probe cases' documented Access Analyzer result.
const PROBE_DIFFERENCES: &[(&str, &str)] = &[
    (
        "*:* admin",
        "one root cause is reported once: `*` on `*` gives one `security.full_access` finding \
         whose detail names the iam:PassRole and iam:CreateServiceLinkedRole grants it includes, \
         where Access Analyzer reports those two",
    ),
    (
        "duplicate key Effect",
        "Access Analyzer documents no check; the validator rejects a repeated key \
         (`json.duplicate_key`) because readers disagree on which value counts, as Parliament \
         does (MALFORMED_JSON)",
    ),
];

fn probes(cases: &[Value]) -> Agreement {
    let mut agreement = Agreement {
        compared: 0,
        agreed: 0,
        rows: Vec::new(),
    };
    for case in cases {
        let name = text_of(case, "name");
        let report = validate_json(text_of(case, "policy"), &ValidateOptions::default());
        let documented = text_of(case, "access_analyzer_expected_per_docs");
        let theirs: BTreeSet<String> = documented
            .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
            .filter(|word| word.contains('_') && *word != "SECURITY_WARNING")
            .map(str::to_string)
            .collect();
        let ours: BTreeSet<String> = report
            .findings
            .iter()
            .filter_map(aa_code)
            .map(str::to_string)
            .collect();
        agreement.compared += 1;
        if theirs == ours {
            agreement.agreed += 1;
            continue;
        }
        let reason = PROBE_DIFFERENCES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("UNEXPLAINED", |(_, r)| r);
        agreement.rows.push((
            name.to_string(),
            ids(&theirs),
            ids(&ours),
            reason.to_string(),
        ));
    }
    agreement
}

/// Why the validator misses or adds findings of an Access Analyzer issue code.
const EXPLANATIONS: &[(&str, &str)] = &[
    (
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "missed by design: `*` or `iam:*` on `*` is one root cause, reported once as \
         `security.full_access` or `security.service_full_access`, whose detail names the \
         iam:CreateServiceLinkedRole grant",
    ),
    (
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "missed by design: `*` or `iam:*` on `*` is one root cause, reported once as \
         `security.full_access` or `security.service_full_access`, whose detail names the \
         iam:PassRole grant",
    ),
    (
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        "needs AWS's data on which actions support aws:ResourceTag: the catalogue lists it for \
         some sagemaker-mlflow actions (missed), and not for several Create actions and \
         resource-explorer-2, resource-groups, cloudfront and chime actions that Access Analyzer \
         lets pass (extra)",
    ),
    (
        "INVALID_ACTION",
        "extra: actions the catalogue no longer lists (see catalogue drift below)",
    ),
    (
        "INVALID_SERVICE",
        "missed: `arn:aws:elastic-inference:...`; the catalogue still lists an ARN format with \
         this service (ec2's elastic-inference-accelerator), so the validator accepts it",
    ),
    (
        "INVALID_SERVICE_IN_ACTION",
        "extra: actions of discontinued services (deeplens, deepracer, deepcomposer, zocalo, \
         iot1click) that the catalogue no longer has and Access Analyzer's data still had; \
         reported as warnings (`action.retired_service`)",
    ),
    (
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        "missed: Access Analyzer reports iam:PassRole with a StringEqualsIfExists condition on \
         iam:PassedToService in two policies and accepts the same pattern in three others; the \
         validator counts IfExists as limiting, since the key is in every request that passes \
         a role",
    ),
];

fn explanation(code: &str) -> &'static str {
    EXPLANATIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, text)| text)
}

fn render(aa: &AaResult, parliament: &Agreement, probes: &Agreement) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Conformance with IAM Access Analyzer and Parliament\n\n\
         Generated by `tests/offline/access_analyzer_conformance.rs` (`UPDATE_CONFORMANCE=1 cargo \
         test --test offline access_analyzer_conformance::`); do not edit by hand.\n\n\
         ## Method\n\n\
         The validator runs on {} AWS managed policies (identity policies, {} of them without \
         any Access Analyzer finding) exactly as they were sent to Access Analyzer's \
         `ValidatePolicy`, with the policy type `Identity` and the 10,240-character size quota \
         Access Analyzer applies to identity policies. Each validator code that corresponds to \
         an Access Analyzer issue code (see the table in `crates/engine/src/analysis/mod.rs`) is compared \
         with Access Analyzer's findings of that code: a finding *matches* when it points into \
         one of the locations Access Analyzer reports. *Missed* are Access Analyzer findings \
         without a match, *extra* are validator findings without one.\n\n\
         Access Analyzer reports the size as the count of non-white-space characters plus one; \
         the validator reports the count itself and compares it with the limit (no policy of \
         the corpus lies on the boundary).\n",
        aa.cases, aa.clean_cases
    );
    let _ = writeln!(
        md,
        "## Access Analyzer issue codes\n\n\
         | issue code | Access Analyzer | matched | missed | extra | notes |\n|---|---:|---:|---:|---:|---|"
    );
    for (code, t) in &aa.tallies {
        let _ = writeln!(
            md,
            "| `{code}` | {} | {} | {} | {} | {} |",
            t.expected,
            t.matched,
            t.expected - t.matched,
            t.extra,
            explanation(code)
        );
    }
    let total: (usize, usize, usize) = aa.tallies.values().fold((0, 0, 0), |acc, t| {
        (acc.0 + t.expected, acc.1 + t.matched, acc.2 + t.extra)
    });
    let _ = writeln!(
        md,
        "| **total** | {} | {} | {} | {} | |\n\n\
         Error-severity findings where Access Analyzer found nothing: **{}**, apart from {} \
         about actions the catalogue no longer lists (catalogue drift: Access Analyzer's data \
         is older than the catalogue's {}): {}.\n",
        total.0,
        total.1,
        total.0 - total.1,
        total.2,
        aa.false_errors.len(),
        aa.drift.len(),
        engine::catalog::CATALOG_VERSION,
        CATALOGUE_DRIFT
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        md,
        "## Validator findings without an Access Analyzer counterpart\n\n\
         These checks go beyond Access Analyzer (Parliament's checks, resource and condition \
         key fit from the catalogue, broad grants).\n\n\
         | code | severity | findings | policies |\n|---|---|---:|---:|"
    );
    for (code, (severity, count, policies)) in &aa.ours_only {
        let _ = writeln!(
            md,
            "| `{code}` | {severity} | {count} | {} |",
            policies.len()
        );
    }
    for (title, agreement, source) in [
        (
            "Parliament test cases",
            parliament,
            "Parliament 1.6.4's test suite (`policy-cases.json`), compared on the Parliament \
             findings the validator has a check for; cases with a custom Parliament \
             configuration are left out",
        ),
        (
            "Probe cases",
            probes,
            "Hand-written edge cases (`probe-cases.json`) against the Access Analyzer result \
             documented for them, compared on Access Analyzer issue codes",
        ),
    ] {
        let _ = writeln!(
            md,
            "\n## {title}\n\n{source}: {} of {} agree.\n",
            agreement.agreed, agreement.compared
        );
        if !agreement.rows.is_empty() {
            let _ = writeln!(
                md,
                "| case | expected | validator | why they differ |\n|---|---|---|---|"
            );
            for (case, theirs, ours, reason) in &agreement.rows {
                let _ = writeln!(md, "| {case} | {theirs} | {ours} | {reason} |");
            }
        }
    }
    md
}

#[test]
fn conformance_with_access_analyzer_and_parliament() {
    let Some(Value::Array(cases)) = load("corpora/access-analyzer-mamip/cases.json") else {
        return;
    };
    let Some(Value::Array(parliament_cases)) = load("corpora/parliament/policy-cases.json") else {
        return;
    };
    let Some(Value::Array(probe_cases)) = load("corpora/probe-cases.json") else {
        return;
    };
    let aa = access_analyzer(&cases);
    let parliament = parliament(&parliament_cases);
    let probes = probes(&probe_cases);
    let markdown = render(&aa, &parliament, &probes);
    println!("{markdown}");
    println!(
        "validated {} documents in {:.3} s ({:.0} documents/s)",
        aa.cases,
        aa.seconds,
        aa.cases as f64 / aa.seconds.max(1e-9)
    );
    for line in aa.missed.iter().chain(&aa.extras) {
        println!("  {line}");
    }
    if std::env::var_os("UPDATE_CONFORMANCE").is_some_and(|v| v == "1") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/conformance.md");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(error) = std::fs::write(&path, &markdown) {
            panic!("cannot write {}: {error}", path.display());
        }
    }
    assert!(
        aa.false_errors.is_empty(),
        "error findings where Access Analyzer has none:\n{}",
        aa.false_errors.join("\n")
    );
    for (title, agreement) in [("Parliament", &parliament), ("probe", &probes)] {
        let unexplained: Vec<_> = agreement
            .rows
            .iter()
            .filter(|row| row.3 == "UNEXPLAINED")
            .collect();
        assert!(
            unexplained.is_empty(),
            "undocumented {title} differences: {unexplained:?}"
        );
    }
}
