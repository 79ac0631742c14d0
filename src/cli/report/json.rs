//! The JSON report: every input, every checked policy with its findings, every skipped
//! policy, and the counts. `line`/`column` are inside the policy document; `plan_line`/
//! `plan_column` are in the plan file (set for plan policies that have findings). `also` names
//! the policy-document data sources with the same document (at most
//! [`ALSO_LIMIT`](crate::cli::plan::ALSO_LIMIT)); `also_more` counts the others.

use serde::Serialize;
use serde_json::{json, Value};

use super::super::check::{Checked, InputKind, Located, Outcome, Settings, Subject};
use super::{element_path, policy_position, write_pretty, Lazy};

/// The version of this report's layout; bumped when a field changes meaning or goes away.
pub const REPORT_VERSION: u32 = 1;

/// Renders the JSON report (pretty-printed, with a final newline).
pub fn render(outcome: &Outcome, settings: &Settings) -> String {
    super::in_memory(|out| write(out, outcome, settings))
}

/// Writes the JSON report to `out`, one policy at a time.
pub fn write(
    out: impl std::io::Write,
    outcome: &Outcome,
    settings: &Settings,
) -> std::io::Result<()> {
    let counts = outcome.counts();
    let failing = outcome.failing(settings);
    let inputs: Vec<Value> = outcome
        .inputs
        .iter()
        .map(|i| {
            json!({
                "name": i.name,
                "kind": match i.kind { InputKind::Plan => "plan", InputKind::Policy => "policy" },
            })
        })
        .collect();
    let report = Report {
        report_version: REPORT_VERSION,
        tool: json!({"name": super::super::args::BINARY, "version": env!("CARGO_PKG_VERSION")}),
        catalog_version: engine::catalog::overlay::describe(),
        settings: json!({
            "fail_on": settings.fail_on.as_str(),
            "strict": settings.strict,
            "ignore": settings.ignore,
        }),
        summary: json!({
            "policies": outcome.checked.len(),
            "partially_checked": outcome.checked.iter().filter(|c| !c.unknown.is_empty()).count(),
            "skipped": outcome.skipped.len(),
            "error": counts[0],
            "security_warning": counts[1],
            "warning": counts[2],
            "suggestion": counts[3],
            "failing": failing,
            "passed": failing == 0,
        }),
        inputs,
        policies: Lazy::new(outcome.checked.iter().map(|c| policy(outcome, c, settings))),
        skipped: Lazy::new(outcome.skipped.iter().map(|s| {
            json!({
                "input": input_name(outcome, s.input),
                "address": s.address,
                "attribute": s.attribute,
                "reason": s.reason,
            })
        })),
    };
    write_pretty(out, &report)
}

/// The report's members, in the order they are written.
#[derive(Serialize)]
#[serde(bound(serialize = "Lazy<P>: Serialize, Lazy<S>: Serialize"))]
struct Report<P, S> {
    report_version: u32,
    tool: Value,
    catalog_version: String,
    settings: Value,
    summary: Value,
    inputs: Vec<Value>,
    policies: Lazy<P>,
    skipped: Lazy<S>,
}

fn input_name(outcome: &Outcome, index: usize) -> &str {
    outcome.inputs.get(index).map_or("", |i| i.name.as_str())
}

fn policy(outcome: &Outcome, checked: &Checked, settings: &Settings) -> Value {
    let (address, attribute, also, also_more) = match &checked.subject {
        Subject::File => (Value::Null, Value::Null, &[][..], 0),
        Subject::Resource {
            address,
            attribute,
            also,
            also_more,
        } => (json!(address), json!(attribute), &also[..], *also_more),
    };
    let findings: Vec<Value> = checked
        .findings
        .iter()
        .map(|located| finding(checked, located, settings))
        .collect();
    json!({
        "input": input_name(outcome, checked.input),
        "address": address,
        "attribute": attribute,
        "also": also,
        "also_more": also_more,
        "policy_type": checked.policy_type.name(),
        "policy_type_inferred": checked.inferred,
        "plan_line": checked.plan_position.map(|p| p.0),
        "plan_column": checked.plan_position.map(|p| p.1),
        "partially_checked": !checked.unknown.is_empty(),
        "unknown": checked.unknown,
        "findings": findings,
    })
}

fn finding(checked: &Checked, located: &Located, settings: &Settings) -> Value {
    let f = &located.finding;
    let position = policy_position(located);
    json!({
        "code": f.code,
        "severity": f.severity.as_str(),
        "fails": settings.fails(f),
        "message": f.message,
        "detail": f.detail,
        "location": element_path(checked, located),
        "statement": f.location.statement,
        "sid": checked.sid(f.location.statement),
        "field": f.location.field.json_key(),
        "element": f.location.element,
        "line": position.map(|p| p.0),
        "column": position.map(|p| p.1),
        "plan_line": located.plan_position.map(|p| p.0),
        "plan_column": located.plan_position.map(|p| p.1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::check::{check, Input};
    use engine::analysis::{PolicyType, Severity};
    use engine::policy::SizeQuota;

    #[test]
    fn findings_carry_code_place_and_fix() {
        let settings = Settings {
            fail_on: Severity::Warning,
            strict: false,
            ignore: vec!["sid.empty".into()],
            file_policy_type: (PolicyType::Identity, SizeQuota::ManagedPolicy),
        };
        let input = Input {
            name: "p.json".into(),
            uri: "p.json".into(),
            text: r#"{"Statement": [{"Sid": "", "Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}]}"#.into(),
        };
        let outcome = check(vec![input], &settings).unwrap();
        let report: Value = serde_json::from_str(&render(&outcome, &settings)).unwrap();
        assert_eq!(report["summary"]["warning"], 1);
        assert_eq!(report["summary"]["failing"], 1);
        assert_eq!(report["summary"]["passed"], false);
        let finding = &report["policies"][0]["findings"][0];
        assert_eq!(finding["code"], "version.missing");
        assert_eq!(finding["fails"], true);
        assert_eq!(
            (finding["line"].clone(), finding["column"].clone()),
            (json!(1), json!(1))
        );
        assert!(finding["detail"].as_str().unwrap().contains("2012-10-17"));
        assert_eq!(report["policies"][0]["address"], Value::Null);
        assert_eq!(report["catalog_version"], engine::catalog::CATALOG_VERSION);
    }
}
