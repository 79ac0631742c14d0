use super::*;

fn settings() -> Settings {
    Settings {
        fail_on: Severity::Error,
        strict: false,
        ignore: Vec::new(),
        file_policy_type: (PolicyType::Identity, SizeQuota::ManagedPolicy),
    }
}

fn input(name: &str, text: &str) -> Input {
    Input {
        name: name.into(),
        uri: name.into(),
        text: text.into(),
    }
}

fn codes(outcome: &Outcome) -> Vec<&'static str> {
    outcome.findings().map(|(_, l)| l.finding.code).collect()
}

const TYPO: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "rekognition:DetectLabel", "Resource": "*"}]}"#;
const EMPTY_SID: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}]}"#;
const NO_VERSION: &str = r#"{"Statement": [{"Effect": "Allow", "Action": "rekognition:DetectLabels", "Resource": "*"}]}"#;

#[test]
fn policy_files_are_validated_with_the_chosen_type() {
    let outcome = check(vec![input("typo.json", TYPO)], &settings()).unwrap();
    assert_eq!(codes(&outcome), ["action.unknown"]);
    assert_eq!(outcome.inputs[0].kind, InputKind::Policy);
    assert_eq!(outcome.failing(&settings()), 1);

    let trust = Settings {
        file_policy_type: (PolicyType::Trust, SizeQuota::TrustPolicy),
        ..settings()
    };
    let outcome = check(vec![input("p.json", EMPTY_SID)], &trust).unwrap();
    assert!(
        codes(&outcome).contains(&"principal.missing"),
        "{:?}",
        codes(&outcome)
    );
}

#[test]
fn fail_on_strict_and_ignore() {
    let inputs = vec![input("a.json", NO_VERSION), input("b.json", EMPTY_SID)];
    let outcome = check(inputs.clone(), &settings()).unwrap();
    assert_eq!(codes(&outcome), ["version.missing", "sid.empty"]);
    assert_eq!(outcome.counts(), [0, 0, 1, 1]);
    assert_eq!(outcome.failing(&settings()), 0);
    let warning = Settings {
        fail_on: Severity::Warning,
        ..settings()
    };
    assert_eq!(outcome.failing(&warning), 1);
    let strict = Settings {
        strict: true,
        ..settings()
    };
    assert_eq!(outcome.failing(&strict), 1);
    let everything = Settings {
        fail_on: Severity::Suggestion,
        ..settings()
    };
    assert_eq!(outcome.failing(&everything), 2);
    let ignoring = Settings {
        ignore: vec!["version.*".into(), "sid.empty".into()],
        ..everything
    };
    let outcome = check(inputs, &ignoring).unwrap();
    assert!(codes(&outcome).is_empty());
}

#[test]
fn broken_json_is_a_finding_when_the_policy_parser_reads_it() {
    let outcome = check(
        vec![input(
            "comma.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*",}]}"#,
        )],
        &settings(),
    )
    .unwrap();
    assert_eq!(codes(&outcome), ["json.trailing_comma"]);
}

#[test]
fn inputs_that_are_neither_plan_nor_policy_are_errors() {
    for (text, expected) in [
        ("", "empty input"),
        ("hello", "not JSON"),
        ("[1, 2]", "not a JSON object but an array"),
        (
            r#"{"name": "package"}"#,
            "neither `terraform show -json` output",
        ),
        (
            r#"{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {"#,
            "not valid JSON",
        ),
        (
            r#"{"format_version": "0.1", "terraform_version": "0.12.0"}"#,
            "format_version \"0.1\" is not supported",
        ),
    ] {
        let error = check(vec![input("x.json", text)], &settings()).unwrap_err();
        assert!(error.starts_with("x.json: "), "{error}");
        assert!(error.contains(expected), "{text}: {error}");
    }
}

#[test]
fn plan_findings_point_into_the_plan_file() {
    let plan = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": [
            {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy",
             "name": "p", "values": {"policy": TYPO}},
            {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
             "name": "r", "values": {"assume_role_policy": TYPO}}
        ]}}
    });
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let outcome = check(vec![input("plan.json", &text)], &settings()).unwrap();
    assert_eq!(outcome.inputs[0].kind, InputKind::Plan);
    let (checked, located) = outcome.findings().next().unwrap();
    assert_eq!(checked.place().as_deref(), Some("aws_iam_policy.p.policy"));
    assert_eq!(located.finding.code, "action.unknown");
    let (line, column) = located.plan_position.unwrap();
    let line_text = text.lines().nth(line - 1).unwrap();
    let at: String = line_text.chars().skip(column - 1).take(27).collect();
    assert_eq!(at, r#"\"rekognition:DetectLabel\""#);
    let (policy_line, policy_column) = checked.plan_position.unwrap();
    assert_eq!(policy_line, line);
    assert!(line_text.chars().nth(policy_column - 1) == Some('"'));
    // the trust policy is checked as one: no principal is an error there
    let trust = outcome
        .checked
        .iter()
        .find(|c| c.policy_type == PolicyType::Trust)
        .unwrap();
    assert!(trust
        .findings
        .iter()
        .any(|l| l.finding.code == "principal.missing"));
}
