//! The `check` command through the real binary: help, version, exit codes, policy files,
//! standard input, the hand-made plan of tests/data/plans, and the three report formats (SARIF
//! validated against the SARIF 2.1.0 schema).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use engine::catalog::CATALOG_VERSION;
use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// A temporary directory holding copies of the plan and policy fixtures.
struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["plans", "policies"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
            for entry in std::fs::read_dir(data(sub)).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
        Dir { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BINARY);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .env_remove("NO_COLOR");
    cmd
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = command(dir, args);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    let dir = Dir::new();
    run_in(dir.path(), args, None)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Validates a SARIF log against the SARIF 2.1.0 schema of tests/data (formats included).
fn sarif_errors(log: &Value) -> Vec<String> {
    let schema = json(&std::fs::read_to_string(data("sarif-schema-2.1.0.json")).unwrap());
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_valid_sarif(log: &Value) {
    let errors = sarif_errors(log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

#[test]
fn help_explains_usage_subcommands_exit_codes_and_examples() {
    let top = run(&["--help"]);
    assert_eq!(top.code, Some(0), "{}", top.stderr);
    for text in [
        "Usage: terraform-provider-rekognitioniam [COMMAND]",
        "check",
        "--version",
        "Exit codes:",
        "Examples:",
        "terraform show -json tfplan > plan.json",
    ] {
        assert!(
            top.stdout.contains(text),
            "{text:?} missing:\n{}",
            top.stdout
        );
    }
    let check = run(&["check", "--help"]);
    assert_eq!(check.code, Some(0));
    for text in [
        "Usage: terraform-provider-rekognitioniam check [OPTIONS] [FILE]...",
        "--service-reference-dir <DIR>",
        "--format <FORMAT>",
        "--fail-on <LEVEL>",
        "--ignore <CODE>",
        "--policy-type <TYPE>",
        "--strict",
        "--output <FILE>",
        "security_warning",
        "listed as skipped",
        "2  usage or input error",
        "--format sarif",
    ] {
        assert!(
            check.stdout.contains(text),
            "{text:?} missing:\n{}",
            check.stdout
        );
    }
    assert_eq!(run(&["help", "check"]).stdout, check.stdout);
}

#[test]
fn version_names_the_catalogue() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag]);
        assert_eq!(out.code, Some(0));
        let line = out.stdout.trim_end();
        assert!(
            line.starts_with(&format!(
                "terraform-provider-rekognitioniam {} (IAM catalogue 20",
                env!("CARGO_PKG_VERSION")
            )),
            "{line}"
        );
        assert!(line.ends_with(')'), "{line}");
    }
}

#[test]
fn usage_and_input_errors_exit_2_with_a_message() {
    let dir = Dir::new();
    std::fs::write(dir.path().join("notes.txt"), "just some text\n").unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
    for (args, expected) in [
        (
            &["check", "--bogus", "policies/detect.json"][..],
            "unexpected argument '--bogus'",
        ),
        (&["check"], "required arguments were not provided"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (
            &["check", "--format", "xml", "policies/detect.json"],
            "invalid value 'xml'",
        ),
        (
            &["check", "--fail-on", "fatal", "policies/detect.json"],
            "invalid value 'fatal'",
        ),
        (&["--strict"], "unexpected argument '--strict'"),
        (&["check", "missing.json"], "cannot read missing.json"),
        (&["check", "notes.txt"], "notes.txt: not JSON"),
        (
            &["check", "package.json"],
            "package.json: neither `terraform show -json` output",
        ),
        (
            &["check", "--ignore", "action.unknwn", "policies/detect.json"],
            "Did you mean \"action.unknown\"?",
        ),
        (&["check", "-", "-"], "standard input"),
    ] {
        let out = run_in(dir.path(), args, Some(""));
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
}

#[test]
fn policy_files_report_line_column_and_fix() {
    let clean = run(&["check", "policies/detect.json"]);
    assert_eq!(clean.code, Some(0), "{}", clean.stdout);
    assert!(clean
        .stdout
        .contains("Checked 1 policy in policies/detect.json: no findings."));

    let typo = run(&["check", "policies/typo.json"]);
    assert_eq!(typo.code, Some(1));
    assert!(typo.stdout.starts_with(
        "error[action.unknown]: Unknown action \"rekognition:DetectLabel\"\n  --> policies/typo.json:9:9  Statement[0].Action[1] (Sid \"Detect\")\n  fix: Did you mean \"rekognition:DetectLabels\"?"
    ), "{}", typo.stdout);
    assert!(typo
        .stdout
        .contains("FAILED: 1 finding at or above --fail-on error."));

    let comma = run(&["check", "policies/trailing-comma.json"]);
    assert_eq!(comma.code, Some(1));
    assert!(
        comma.stdout.contains("error[json.trailing_comma]"),
        "{}",
        comma.stdout
    );
    assert!(
        comma.stdout.contains("policies/trailing-comma.json:7:22"),
        "{}",
        comma.stdout
    );

    // a trust policy is wrong as an identity policy and right as a trust policy
    let identity = run(&["check", "policies/trust.json"]);
    assert_eq!(identity.code, Some(1));
    assert!(identity.stdout.contains("principal.not_allowed"));
    let trust = run(&["check", "--policy-type", "trust", "policies/trust.json"]);
    assert_eq!(trust.code, Some(0), "{}", trust.stdout);

    let several = run(&["check", "policies/detect.json", "policies/typo.json"]);
    assert_eq!(several.code, Some(1));
    assert!(
        several
            .stdout
            .contains("Checked 2 policies in 2 policy files: 1 error."),
        "{}",
        several.stdout
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = std::fs::read_to_string(data("policies/typo.json")).unwrap();
    let dir = Dir::new();
    let out = run_in(dir.path(), &["check", "-"], Some(&text));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.contains("--> <stdin>:9:9"), "{}", out.stdout);
    let plan = std::fs::read_to_string(data("plans/aws_iam.json")).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json", "-"], Some(&plan));
    assert_eq!(json(&out.stdout)["inputs"][0]["kind"], "plan");
}

/// `(address.attribute, code)` of every finding of a JSON report.
fn findings_of(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for policy in report["policies"].as_array().unwrap() {
        let place = match policy["attribute"].as_str() {
            Some(attribute) => format!("{}.{attribute}", policy["address"].as_str().unwrap()),
            None => policy["input"].as_str().unwrap().to_string(),
        };
        for finding in policy["findings"].as_array().unwrap() {
            out.push((place.clone(), finding["code"].as_str().unwrap().to_string()));
        }
    }
    out
}

#[test]
fn every_policy_of_a_plan_is_checked_and_unknown_ones_are_skipped() {
    let out = run(&["check", "--format", "json", "plans/aws_iam.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = json(&out.stdout);
    let policies: Vec<(String, String)> = report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                format!(
                    "{}.{}",
                    p["address"].as_str().unwrap(),
                    p["attribute"].as_str().unwrap()
                ),
                p["policy_type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected_policies = [
        ("aws_iam_group_policy.readers.policy", "identity"),
        ("aws_iam_policy.detector.policy", "identity"),
        ("aws_iam_role.app.assume_role_policy", "trust"),
        ("aws_iam_role.app.inline_policy[0].policy", "identity"),
        ("aws_iam_role.bad_trust.assume_role_policy", "trust"),
        ("aws_iam_role_policy.app.policy", "identity"),
        ("module.images.aws_iam_policy.s3.policy", "identity"),
    ];
    assert_eq!(
        policies,
        expected_policies.map(|(p, t)| (p.to_string(), t.to_string()))
    );
    let merged = &report["policies"][5];
    assert_eq!(
        merged["also"][0],
        "data.aws_iam_policy_document.detect.json"
    );
    assert_eq!(
        findings_of(&report),
        [
            (
                "aws_iam_group_policy.readers.policy",
                "security.allow_not_action"
            ),
            ("aws_iam_policy.detector.policy", "action.unknown"),
            (
                "aws_iam_role.bad_trust.assume_role_policy",
                "trust.wildcard_principal"
            ),
            (
                "aws_iam_role_policy.app.policy",
                "action.no_matching_resource"
            ),
            (
                "module.images.aws_iam_policy.s3.policy",
                "resource.star_could_be_scoped"
            ),
        ]
        .map(|(p, c)| (p.to_string(), c.to_string()))
    );
    let skipped: Vec<String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}.{} ({})",
                s["address"].as_str().unwrap(),
                s["attribute"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "aws_iam_role.app.inline_policy[1].policy (unknown until apply)",
            "aws_iam_user_policy.ci.policy (unknown until apply)",
        ]
    );
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["policies"].as_u64(),
            summary["skipped"].as_u64(),
            summary["error"].as_u64()
        ),
        (Some(7), Some(2), Some(2))
    );
    // the finding's place in the plan file is where the element is, inside the escaped string
    let plan = std::fs::read_to_string(data("plans/aws_iam.json")).unwrap();
    let finding = &report["policies"][1]["findings"][0];
    let line = plan
        .lines()
        .nth(finding["plan_line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    let at: String = line
        .chars()
        .skip(finding["plan_column"].as_u64().unwrap() as usize - 1)
        .collect();
    assert!(at.starts_with(r#"\"rekognition:DetectLabel\""#), "{at}");
}

#[test]
fn text_report_of_a_plan_names_resource_statement_and_fix() {
    let out = run(&["check", "plans/aws_iam.json"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains(
        "error[trust.wildcard_principal]: \"Principal\": \"*\" is not supported in a role trust policy\n  --> plans/aws_iam.json  aws_iam_role.bad_trust.assume_role_policy (trust policy)  Statement[0].Principal (Sid \"Anyone\"), policy line 1:"
    ), "{}", out.stdout);
    assert!(out
        .stdout
        .contains("same document as data.aws_iam_policy_document.detect.json"));
    assert!(out.stdout.contains(
        "Skipped (values unknown until apply, not checked):\n  plans/aws_iam.json  aws_iam_role.app.inline_policy[1].policy  (unknown until apply)\n  plans/aws_iam.json  aws_iam_user_policy.ci.policy  (unknown until apply)\n"
    ), "{}", out.stdout);
    assert!(out.stdout.contains(
        "Checked 7 policies in plans/aws_iam.json: 2 errors, 1 security warning, 1 warning, 1 suggestion. 2 policies skipped (unknown until apply).\nFAILED: 2 findings at or above --fail-on error.\n"
    ), "{}", out.stdout);
}

#[test]
fn fail_on_strict_and_ignore_decide_the_exit_code() {
    let errors_ignored = ["--ignore", "action.unknown", "--ignore", "trust.*"];
    let code = |extra: &[&str]| {
        let mut args = vec!["check", "plans/aws_iam.json"];
        args.extend_from_slice(extra);
        run(&args).code
    };
    assert_eq!(code(&[]), Some(1));
    assert_eq!(code(&errors_ignored), Some(0));
    for (extra, expected) in [
        (&["--fail-on", "security_warning"][..], Some(1)),
        (
            &[
                "--fail-on",
                "warning",
                "--ignore",
                "security.allow_not_action,action.no_matching_resource",
            ],
            Some(0),
        ),
        (
            &[
                "--fail-on",
                "suggestion",
                "--ignore",
                "security.*,action.no_matching_resource",
            ],
            Some(1),
        ),
        (&["--strict"], Some(1)),
        (
            &[
                "--strict",
                "--ignore",
                "security.allow_not_action,action.no_matching_resource",
            ],
            Some(0),
        ),
    ] {
        let mut args = errors_ignored.to_vec();
        args.extend_from_slice(extra);
        assert_eq!(code(&args), expected, "{args:?}");
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0_and_points_at_files_and_resources() {
    let out = run(&[
        "check",
        "--format",
        "sarif",
        "plans/aws_iam.json",
        "policies/typo.json",
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let log = json(&out.stdout);
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() > 100, "{}", rules.len());
    let unknown = rules.iter().find(|r| r["id"] == "action.unknown").unwrap();
    assert_eq!(unknown["defaultConfiguration"]["level"], "error");
    assert_eq!(unknown["shortDescription"]["text"], "Unknown action");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let at = |uri: &str| {
        results
            .iter()
            .filter(|r| r["ruleId"] == "action.unknown")
            .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
            .unwrap()
    };
    let in_plan = at("plans/aws_iam.json");
    assert_eq!(in_plan["level"], "error");
    assert_eq!(
        in_plan["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "aws_iam_policy.detector.policy"
    );
    assert!(in_plan["message"]["text"]
        .as_str()
        .unwrap()
        .contains("Did you mean"));
    let in_file = at("policies/typo.json");
    let region = &in_file["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(9), Some(9))
    );
    assert!(in_file["locations"][0].get("logicalLocations").is_none());
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(
        levels.contains(&"warning") && levels.contains(&"note"),
        "{levels:?}"
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 2);
    assert!(notes[1]["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("aws_iam_user_policy.ci.policy was not checked"));
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    let out = run(&["check", "--format", "sarif", "policies/typo.json"]);
    let mut log = json(&out.stdout);
    assert_valid_sarif(&log);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_errors(&log).is_empty());
}

#[test]
fn clean_sarif_has_no_results_and_is_valid() {
    let out = run(&["check", "--format", "sarif", "policies/detect.json"]);
    assert_eq!(out.code, Some(0));
    let log = json(&out.stdout);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = Dir::new();
    let piped = run_in(dir.path(), &["check", "policies/typo.json"], None);
    assert!(!piped.stdout.contains('\x1b'));
    let always = run_in(
        dir.path(),
        &["check", "--color", "always", "policies/typo.json"],
        None,
    );
    assert!(
        always
            .stdout
            .contains("\x1b[1;31merror[action.unknown]\x1b[0m"),
        "{}",
        always.stdout
    );
    let mut cmd = command(
        dir.path(),
        &["check", "--color", "auto", "policies/typo.json"],
    );
    let no_color = cmd.env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stdout).contains('\x1b'));
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = Dir::new();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "iam.sarif",
            "plans/aws_iam.json",
        ],
        None,
    );
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.is_empty());
    let log = json(&std::fs::read_to_string(dir.path().join("iam.sarif")).unwrap());
    assert_valid_sarif(&log);
}

/// The customer-written policies of tests/data/customer-policies.json: (file, policy type,
/// expected codes in order, why).
fn customer_policies() -> Vec<(String, String, Vec<String>, String)> {
    let manifest = json(&std::fs::read_to_string(data("customer-policies.json")).unwrap());
    manifest["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap().to_string();
            let codes = p["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            (text("file"), text("policy_type"), codes, text("why"))
        })
        .collect()
}

#[test]
fn customer_written_policies_get_exactly_the_expected_findings() {
    let dir = Dir::new();
    for (file, policy_type, expected, why) in customer_policies() {
        let path = format!("policies/{file}");
        let out = run_in(
            dir.path(),
            &[
                "check",
                "--format",
                "json",
                "--policy-type",
                &policy_type,
                &path,
            ],
            None,
        );
        let report = json(&out.stdout);
        let codes: Vec<String> = findings_of(&report).into_iter().map(|(_, c)| c).collect();
        assert_eq!(codes, expected, "{file} ({why}):\n{}", out.stdout);
        let errors = expected.iter().any(|c| {
            engine::analysis::code_info(c).map(|check| check.severity)
                == Some(engine::analysis::Severity::Error)
        });
        assert_eq!(out.code, Some(i32::from(errors)), "{file}: {}", out.stderr);
    }
}

#[test]
fn service_reference_files_make_newer_actions_known() {
    let dir = Dir::new();
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["rekognition:DetectHolograms", "rekognition:DetectLabels"], "Resource": "*"}]}"#;
    std::fs::write(dir.path().join("new.json"), policy).unwrap();
    let files = data("service-reference").display().to_string();

    let without = run_in(dir.path(), &["check", "new.json"], None);
    assert_eq!(without.code, Some(1));
    assert!(
        without.stdout.contains("error[action.unknown]"),
        "{}",
        without.stdout
    );
    assert!(
        without.stdout.contains(&format!(
            "Checked against the IAM catalogue of {CATALOG_VERSION}"
        )),
        "{}",
        without.stdout
    );
    assert!(
        without.stdout.contains("--service-reference-dir"),
        "{}",
        without.stdout
    );

    let with = run_in(
        dir.path(),
        &["check", "--service-reference-dir", &files, "new.json"],
        None,
    );
    assert_eq!(with.code, Some(0), "{}{}", with.stdout, with.stderr);
    assert!(with.stdout.contains("no findings"), "{}", with.stdout);

    let version = run_in(
        dir.path(),
        &["check", "--service-reference-dir", &files, "--version"],
        None,
    );
    assert_eq!(version.code, Some(0), "{}", version.stderr);
    assert!(
        version.stdout.contains(&format!(
            "(IAM catalogue {CATALOG_VERSION} + service reference files (rekognition v1.0) from "
        )),
        "{}",
        version.stdout
    );

    let missing = run_in(
        dir.path(),
        &["check", "--service-reference-dir", "nowhere", "new.json"],
        None,
    );
    assert_eq!(missing.code, Some(2));
    assert!(
        missing
            .stderr
            .contains("--service-reference-dir: cannot read the directory nowhere"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_deferred_policy_document_read_is_checked_on_its_known_statements() {
    // `terraform show -json` of a real Terraform 1.11.4 plan: the read of
    // data.rekognitioniam_policy_document.images is deferred (a resource ARN and a condition
    // value come from terraform_data.bucket), its known statements are in the plan.
    let out = run(&["check", "--format", "json", "plans/deferred_read.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = json(&out.stdout);
    assert_eq!(report["summary"]["partially_checked"], 1);
    assert_eq!(report["summary"]["skipped"], 0);
    let policy = &report["policies"][0];
    assert_eq!(
        policy["address"],
        "data.rekognitioniam_policy_document.images"
    );
    assert_eq!(policy["partially_checked"], true);
    assert_eq!(
        policy["unknown"],
        serde_json::json!([
            "statement[0].condition[0].values[0]",
            "statement[0].resources[0]"
        ])
    );
    let codes: Vec<(String, String)> = policy["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The repeated s3:GetObject renders once (as aws_iam_policy_document renders it), so it is
    // not reported as redundant.
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(codes[0].0, "condition.deprecated_key");
    assert!(
        codes[0]
            .1
            .starts_with("statement[0].condition[0].variable: "),
        "{codes:?}"
    );
    let text = run(&["check", "plans/deferred_read.json"]).stdout;
    assert!(
        text.contains("1 policy partially checked (parts unknown until apply)."),
        "{text}"
    );
    assert!(
        text.contains("(unknown: statement[0].condition[0].values[0], statement[0].resources[0])"),
        "{text}"
    );
}

#[test]
fn deferred_aws_iam_policy_documents_are_checked_and_whole_unknown_strings_stay_skipped() {
    let out = run(&["check", "--format", "json", "plans/deferred_aws_iam.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = json(&out.stdout);
    assert_eq!(
        findings_of(&report),
        [
            (
                "data.aws_iam_policy_document.app.json".to_string(),
                "action.unknown".to_string()
            ),
            (
                "data.aws_iam_policy_document.trust.json".to_string(),
                "condition.unknown_operator".to_string()
            ),
        ]
    );
    // the trust document is inferred from its known principals: no principal.not_allowed
    assert_eq!(report["policies"][1]["policy_type"], "trust");
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["address"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["aws_iam_policy.app", "aws_iam_role.app"]);
    assert_eq!(report["summary"]["partially_checked"], 2);
    // in SARIF the findings are results and the partial check a tool notification
    let sarif = json(&run(&["check", "--format", "sarif", "plans/deferred_aws_iam.json"]).stdout);
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| n["message"]["text"]
        == "data.aws_iam_policy_document.app.json was partially checked: its known parts were \
            checked; unknown until apply: statement[1].resources[0]."));
}

// Hostile and monorepo-scale inputs: generated here, never committed. No timing is asserted
// (speed and memory are measured in BENCHMARKS.md); the shapes that used to take quadratic time
// are checked for complete and correct reports.

/// A plan of `resources` (planned values) and `changes` (resource changes), pretty-printed.
fn plan_of(resources: Vec<Value>, changes: Vec<Value>) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
    }))
    .unwrap()
}

fn managed(type_name: &str, name: &str, values: Value) -> Value {
    serde_json::json!({"address": format!("{type_name}.{name}"), "mode": "managed",
        "type": type_name, "name": name, "values": values})
}

#[test]
fn oversized_and_endless_inputs_are_refused_while_reading() {
    let dir = Dir::new();
    // a regular file over the limit: refused from its size
    let big = format!("{}{{}}", " ".repeat(2 << 20));
    std::fs::write(dir.path().join("big.json"), &big).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--max-input-size", "1M", "big.json"],
        None,
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("big.json is larger than the input size limit of 1 MiB"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--max-input-size"), "{}", out.stderr);
    // the same file under a higher limit is read (and is neither plan nor policy)
    let out = run_in(
        dir.path(),
        &["check", "--max-input-size", "3M", "big.json"],
        None,
    );
    assert!(out.stderr.contains("neither"), "{}", out.stderr);
    // an endless device: refused at its first NUL byte
    if Path::new("/dev/zero").exists() {
        let out = run_in(dir.path(), &["check", "/dev/zero"], None);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(
            out.stderr.contains("/dev/zero: a NUL byte at byte 0"),
            "{}",
            out.stderr
        );
    }
    // an endless pipe: refused at the limit, while the writer still writes
    let mut child = command(dir.path(), &["check", "--max-input-size", "1M", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = [b' '; 1 << 16];
        let mut written = 0usize;
        // stops when the checker closes the pipe; 64 MiB bounds a checker that would not
        while written < 64 << 20 && pipe.write_all(&chunk).is_ok() {
            written += chunk.len();
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("standard input is larger than the input size limit of 1 MiB"),
        "{stderr}"
    );
    assert!(written < 64 << 20, "the whole stream was read");
    // a large array of zeros: refused without building it
    let zeros = format!("[{}0]", "0,".repeat(2_500_000));
    std::fs::write(dir.path().join("zeros.json"), zeros).unwrap();
    let out = run_in(dir.path(), &["check", "zeros.json"], None);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("zeros.json: not a JSON object but an array"),
        "{}",
        out.stderr
    );
}

#[test]
fn strings_from_a_plan_cannot_forge_lines_in_the_text_report() {
    let dir = Dir::new();
    let forged = "x\n::error file=README.md::forged\u{1b}[2J\u{7}";
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Sid": forged, "Effect": "Allow",
        "Action": format!("rekognition:DetectLabel{forged}"), "Resource": "*"}]})
    .to_string();
    let plan = plan_of(
        vec![managed(
            "aws_iam_policy",
            "p\n::warning::x",
            serde_json::json!({"policy": policy}),
        )],
        vec![],
    );
    let name = "plan\n::error::name.json";
    std::fs::write(dir.path().join(name), &plan).unwrap();
    let out = run_in(dir.path(), &["check", "--color", "always", name], None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    for line in out.stdout.lines() {
        assert!(
            !line.starts_with("::"),
            "forged line {line:?} in\n{}",
            out.stdout
        );
        // the only escape sequences are the report's own colours
        let stripped = line
            .replace("\u{1b}[0m", "")
            .replace("\u{1b}[1m", "")
            .replace("\u{1b}[2m", "")
            .replace("\u{1b}[32m", "")
            .replace("\u{1b}[1;31m", "");
        assert!(
            !stripped.contains('\u{1b}') && !stripped.contains('\u{7}'),
            "{line:?}"
        );
    }
    assert!(
        out.stdout
            .contains(r#"(Sid "x\n::error file=README.md::forged\u{1b}[2J\u{7}")"#),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(r"plan\n::error::name.json  aws_iam_policy.p\n::warning::x.policy"),
        "{}",
        out.stdout
    );
    // JSON and SARIF keep the strings as they are, escaped by the JSON encoder
    let report = json(&run_in(dir.path(), &["check", "--format", "json", name], None).stdout);
    assert_eq!(report["policies"][0]["findings"][0]["sid"], forged);
    let sarif = run_in(dir.path(), &["check", "--format", "sarif", name], None).stdout;
    assert!(
        !sarif.contains('\u{1b}') && !sarif.contains("\n::"),
        "{sarif}"
    );
    assert_valid_sarif(&json(&sarif));
}

/// The shapes that were quadratic: thousands of policy documents each used by a resource
/// policy written with another key order, and one attachment with thousands of inline
/// policies, a tenth of them with an unknown action and some unknown until apply.
#[test]
fn quadratic_shaped_plans_are_checked_whole() {
    let n = 3_000;
    let mut resources = Vec::new();
    let mut changes = Vec::new();
    for i in 0..n {
        let statement = serde_json::json!({"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket-{i}/*")});
        let document =
            serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}).to_string();
        let reordered =
            serde_json::json!({"Statement": [statement], "Version": "2012-10-17"}).to_string();
        resources.push(
            serde_json::json!({"address": format!("data.aws_iam_policy_document.d{i}"),
            "mode": "data", "type": "aws_iam_policy_document", "name": format!("d{i}"),
            "values": {"json": document}}),
        );
        resources.push(managed(
            "aws_s3_bucket_policy",
            &format!("b{i}"),
            serde_json::json!({"bucket": format!("bucket-{i}"), "policy": reordered}),
        ));
    }
    let keys = 6_000;
    let mut inline = serde_json::Map::new();
    let mut unknown = serde_json::Map::new();
    for i in 0..keys {
        let key = format!("p{i:05}");
        if i % 100 == 99 {
            unknown.insert(key, Value::Bool(true));
            continue;
        }
        let action = if i % 10 == 0 {
            "rekognition:DetectLabel"
        } else {
            "rekognition:DetectLabels"
        };
        inline.insert(
            key,
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": action, "Resource": "*"}]})
            .to_string()
            .into(),
        );
    }
    resources.push(managed(
        "rekognitioniam_policy_attachment",
        "all",
        serde_json::json!({"identity_arn": "arn:aws:iam::111122223333:role/app",
            "inline_policies": inline}),
    ));
    changes.push(
        serde_json::json!({"address": "rekognitioniam_policy_attachment.all",
        "mode": "managed", "type": "rekognitioniam_policy_attachment", "name": "all",
        "change": {"actions": ["create"], "after_unknown": {"inline_policies": unknown}}}),
    );
    let plan = plan_of(resources, changes);
    let dir = Dir::new();
    std::fs::write(dir.path().join("big-plan.json"), &plan).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "big-plan.json"],
        None,
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = json(&out.stdout);
    let policies = report["policies"].as_array().unwrap();
    let inline_checked = keys - keys / 100;
    assert_eq!(policies.len(), n + inline_checked);
    assert_eq!(report["skipped"].as_array().unwrap().len(), keys / 100);
    assert_eq!(report["summary"]["error"], keys / 10);
    let bucket = policies
        .iter()
        .find(|p| p["address"] == "aws_s3_bucket_policy.b1234")
        .unwrap();
    assert_eq!(
        bucket["also"],
        serde_json::json!(["data.aws_iam_policy_document.d1234.json"])
    );
    assert_eq!(bucket["policy_type"], "resource");
    // every finding of the attachment points at its own key's action in the plan file
    let lines: Vec<&str> = plan.lines().collect();
    for policy in policies
        .iter()
        .filter(|p| !p["findings"].as_array().unwrap().is_empty())
    {
        let attribute = policy["attribute"].as_str().unwrap();
        let finding = &policy["findings"][0];
        assert_eq!(finding["code"], "action.unknown", "{attribute}");
        let line = lines[finding["plan_line"].as_u64().unwrap() as usize - 1];
        let column = finding["plan_column"].as_u64().unwrap() as usize;
        let at: String = line.chars().skip(column - 1).take(27).collect();
        assert_eq!(at, r#"\"rekognition:DetectLabel\""#, "{attribute}");
        let start = policy["plan_column"].as_u64().unwrap() as usize;
        let key = attribute
            .strip_prefix("inline_policies[\"")
            .and_then(|k| k.strip_suffix("\"]"))
            .unwrap();
        let before: String = line.chars().take(start - 1).collect();
        assert!(
            before.trim_end().ends_with(&format!("\"{key}\":")),
            "{attribute}"
        );
    }
}

#[test]
fn the_text_report_counts_suggestions_by_code_at_scale() {
    let n = 2_000;
    let resources: Vec<Value> = (0..n)
        .map(|i| {
            let action = if i == 0 {
                "rekognition:DetectLabel"
            } else {
                "rekognition:DetectLabels"
            };
            let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": [action, "s3:GetObject", "s3:GetObject"],
                "Resource": "*"}]})
            .to_string();
            managed(
                "aws_iam_policy",
                &format!("p{i}"),
                serde_json::json!({"policy": policy}),
            )
        })
        .collect();
    let dir = Dir::new();
    std::fs::write(dir.path().join("plan.json"), plan_of(resources, vec![])).unwrap();
    let out = run_in(dir.path(), &["check", "plan.json"], None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout.matches("error[action.unknown]").count(),
        1,
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("suggestion["), "{}", out.stdout);
    assert!(
        out.stdout.contains("(--show-all lists them):\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("  {n}  action.redundant\n")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.lines().count() < 30, "{}", out.stdout);
    let all = run_in(dir.path(), &["check", "--show-all", "plan.json"], None);
    assert_eq!(
        all.stdout.matches("suggestion[action.redundant]").count(),
        n
    );
    assert!(!all.stdout.contains("Not shown"));
}

#[test]
fn document_objects_in_an_attachment_are_checked_or_listed_as_skipped() {
    // `terraform show -json` of a real Terraform 1.11.4 plan: the attachment takes two policy
    // document data source objects; one is read at plan (its `json` is known), the other is
    // deferred (a bucket from terraform_data).
    let out = run(&["check", "--format", "json", "plans/attachment_objects.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = json(&out.stdout);
    let policies = report["policies"].as_array().unwrap();
    let attachment = policies
        .iter()
        .find(|p| p["address"] == "rekognitioniam_policy_attachment.app")
        .unwrap_or_else(|| panic!("the attachment's known document is checked: {policies:?}"));
    assert_eq!(attachment["attribute"], "inline_policies[\"detect\"].json");
    assert_eq!(
        attachment["also"],
        serde_json::json!(["data.rekognitioniam_policy_document.detect.json"])
    );
    let skipped: Vec<(&str, &str)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["address"].as_str().unwrap(),
                s["attribute"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [(
            "rekognitioniam_policy_attachment.app",
            "inline_policies[\"images\"].json"
        )]
    );
}
