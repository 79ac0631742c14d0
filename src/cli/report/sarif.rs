//! The SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; the rules are every check of [`CODES`] and every parse error code. Each result
//! points at the file: a policy file at the element's line and column; a plan at the place in
//! the plan file the element is at (inside the policy's JSON string), with the resource address
//! as a logical location. Skipped policies are tool notifications, not results.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};

use engine::analysis::{CodeInfo, Severity, CODES};
use engine::policy::ParseErrorCode;

use super::super::args::BINARY;
use super::super::check::{Checked, Located, Outcome, Settings, Subject};
use super::{element_path, policy_position, write_pretty, Lazy};

/// The schema URI SARIF files name.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a severity (`--strict` raises warnings to errors, as it fails on them).
pub fn level(severity: Severity, settings: &Settings) -> &'static str {
    match settings.effective(severity) {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

fn default_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// The title and description of a parse error code.
fn parse_rule(code: ParseErrorCode) -> (&'static str, &'static str) {
    match code {
        ParseErrorCode::InputEmpty => ("Empty document", "The document has no JSON value."),
        ParseErrorCode::InputTooLarge => (
            "Document too large",
            "The document has more characters than the IAM API accepts.",
        ),
        ParseErrorCode::JsonSyntax => ("JSON syntax error", "The document is not valid JSON."),
        ParseErrorCode::JsonTooDeep => (
            "Nested too deeply",
            "Arrays and objects are nested deeper than a policy can be.",
        ),
        ParseErrorCode::JsonComment => ("Comment", "JSON has no comments; IAM rejects them."),
        ParseErrorCode::JsonTrailingComma => (
            "Trailing comma",
            "A comma before ] or } is not JSON; IAM rejects it.",
        ),
        ParseErrorCode::JsonMissingComma => (
            "Missing comma",
            "Two values or members have no comma between them.",
        ),
        ParseErrorCode::JsonUnquotedKey => {
            ("Unquoted key", "Object keys must be double-quoted strings.")
        }
        ParseErrorCode::JsonSingleQuotedString => {
            ("Single-quoted string", "JSON strings are in double quotes.")
        }
        ParseErrorCode::JsonInvalidNumber => (
            "Invalid number",
            "A number outside the JSON grammar (hex, +1, .5, 01, NaN).",
        ),
        ParseErrorCode::JsonInvalidEscape => (
            "Invalid escape",
            "A backslash escape JSON does not define, or a bad \\u escape.",
        ),
        ParseErrorCode::JsonControlCharacter => (
            "Control character in a string",
            "A raw control character inside a string; escape it.",
        ),
        ParseErrorCode::JsonInvalidWhitespace => (
            "Invalid white space",
            "A character between tokens that is not space, tab, LF or CR.",
        ),
        ParseErrorCode::JsonDuplicateKey => (
            "Duplicate key",
            "The same key twice in one object; IAM rejects the policy.",
        ),
        ParseErrorCode::PolicyWrongType => (
            "Wrong JSON type",
            "An element has a JSON type IAM does not accept there.",
        ),
        ParseErrorCode::PolicyUnknownElement => (
            "Unknown element",
            "A top-level or statement key IAM does not define.",
        ),
    }
}

/// Every rule: the validator's checks, then the parse error codes.
fn rules() -> Vec<CodeInfo> {
    let mut rules: Vec<CodeInfo> = CODES.to_vec();
    rules.extend(ParseErrorCode::ALL.iter().map(|&code| {
        let (title, description) = parse_rule(code);
        CodeInfo {
            code: code.as_str(),
            severity: Severity::Error,
            title,
            description,
            access_analyzer: None,
            parliament: None,
        }
    }));
    rules
}

fn rule(info: &CodeInfo) -> Value {
    let mut help = info.description.to_string();
    if let Some(code) = info.access_analyzer {
        help.push_str(&format!(" IAM Access Analyzer reports the same as {code}."));
    }
    let mut tags = vec!["iam"];
    if info.severity == Severity::SecurityWarning {
        tags.push("security");
    }
    json!({
        "id": info.code,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.description},
        "help": {"text": help},
        "defaultConfiguration": {"level": default_level(info.severity)},
        "properties": {
            "severity": info.severity.as_str(),
            "tags": tags,
            "accessAnalyzer": info.access_analyzer,
        },
    })
}

/// Renders the SARIF log (pretty-printed, with a final newline).
pub fn render(outcome: &Outcome, settings: &Settings) -> String {
    super::in_memory(|out| write(out, outcome, settings))
}

/// Writes the SARIF log to `out`, one result at a time.
pub fn write(
    out: impl std::io::Write,
    outcome: &Outcome,
    settings: &Settings,
) -> std::io::Result<()> {
    let rules = rules();
    let rule_index: HashMap<&str, usize> =
        rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let note = |input: usize, place: &str, text: String| {
        let uri = outcome.inputs.get(input).map_or("", |i| i.uri.as_str());
        json!({
            "level": "note",
            "message": {"text": text},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": uri}},
                "logicalLocations": [{"fullyQualifiedName": place, "kind": "resource"}],
            }],
        })
    };
    let partial = outcome
        .checked
        .iter()
        .filter(|c| !c.unknown.is_empty())
        .map(|c| {
            let place = c.place().unwrap_or_default();
            let text = format!(
            "{place} was partially checked: its known parts were checked; unknown until apply: \
             {}.",
            c.unknown.join(", ")
        );
            note(c.input, &place, text)
        });
    let notifications: Vec<Value> = partial
        .chain(outcome.skipped.iter().map(|s| {
            let text = format!("{} was not checked: its value is {}.", s.place, s.reason);
            note(s.input, &s.place, text)
        }))
        .collect();
    let artifacts: Vec<Value> = outcome
        .inputs
        .iter()
        .map(|i| json!({"location": {"uri": i.uri}}))
        .collect();
    let run =
        Run {
            tool: json!({"driver": {
                "name": BINARY,
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                "properties": {"catalogVersion": engine::catalog::overlay::describe()},
            }}),
            invocations: json!([{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }]),
            artifacts,
            column_kind: "unicodeCodePoints",
            results: Lazy::new(outcome.findings().map(|(checked, located)| {
                result(outcome, checked, located, settings, &rule_index)
            })),
        };
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [run],
    };
    write_pretty(out, &log)
}

/// The log's members, in the order they are written.
#[derive(Serialize)]
#[serde(bound(serialize = "Run<R>: Serialize"))]
struct Log<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<R>; 1],
}

#[derive(Serialize)]
#[serde(bound(serialize = "Lazy<R>: Serialize"))]
struct Run<R> {
    tool: Value,
    invocations: Value,
    artifacts: Vec<Value>,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Lazy<R>,
}

fn result(
    outcome: &Outcome,
    checked: &Checked,
    located: &Located,
    settings: &Settings,
    rule_index: &HashMap<&str, usize>,
) -> Value {
    let f = &located.finding;
    let path = element_path(checked, located);
    let uri = outcome
        .inputs
        .get(checked.input)
        .map_or("", |i| i.uri.as_str());
    let (place, position) = match &checked.subject {
        Subject::File => (None, policy_position(located)),
        Subject::Resource { .. } => (checked.place(), located.plan_position),
    };
    let mut text = format!("{}.", f.message.trim_end_matches('.'));
    if !f.detail.is_empty() {
        text.push(' ');
        text.push_str(&f.detail);
    }
    text.push_str(&match (&place, policy_position(located)) {
        (Some(place), Some((line, column))) => {
            format!(" [{place}, {path}, policy line {line}:{column}]")
        }
        (Some(place), None) => format!(" [{place}, {path}]"),
        (None, _) => format!(" [{path}]"),
    });
    let (line, column) = position.unwrap_or((1, 1));
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "index": checked.input},
            "region": {"startLine": line, "startColumn": column},
        },
    });
    if let (Some(place), Some(fields)) = (&place, location.as_object_mut()) {
        fields.insert(
            "logicalLocations".to_owned(),
            json!([{"fullyQualifiedName": place, "kind": "resource"}]),
        );
    }
    let mut result = json!({
        "ruleId": f.code,
        "level": level(f.severity, settings),
        "message": {"text": text},
        "locations": [location],
        "properties": {
            "severity": f.severity.as_str(),
            "policyType": checked.policy_type.name(),
            "element": path,
        },
    });
    if let (Some(index), Some(fields)) = (rule_index.get(f.code), result.as_object_mut()) {
        fields.insert("ruleIndex".to_owned(), json!(index));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::check::{check, Input};
    use engine::analysis::PolicyType;
    use engine::policy::SizeQuota;

    fn settings(strict: bool) -> Settings {
        Settings {
            fail_on: Severity::Error,
            strict,
            ignore: Vec::new(),
            file_policy_type: (PolicyType::Identity, SizeQuota::ManagedPolicy),
        }
    }

    #[test]
    fn every_code_is_a_rule_once() {
        let rules = rules();
        for (i, r) in rules.iter().enumerate() {
            assert!(
                !rules[i + 1..].iter().any(|o| o.code == r.code),
                "{}",
                r.code
            );
        }
        assert_eq!(rules.len(), CODES.len() + ParseErrorCode::ALL.len());
    }

    #[test]
    fn results_point_at_the_file() {
        let input = Input {
            name: "dir/p.json".into(),
            uri: "dir/p.json".into(),
            text: "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"rekognition:DetectLabel\", \"Resource\": \"*\"}}".into(),
        };
        let outcome = check(vec![input], &settings(false)).unwrap();
        let log: Value = serde_json::from_str(&render(&outcome, &settings(false))).unwrap();
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "action.unknown");
        assert_eq!(result["level"], "error");
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(2), Some(45))
        );
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "action.unknown"
        );
    }

    #[test]
    fn strict_raises_warning_levels() {
        assert_eq!(level(Severity::Warning, &settings(false)), "warning");
        assert_eq!(level(Severity::Warning, &settings(true)), "error");
        assert_eq!(level(Severity::Suggestion, &settings(true)), "note");
    }
}
