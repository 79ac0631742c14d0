//! Differential test of the effective-permission evaluator against an independent IAM
//! simulator, the npm package `@cloud-copilot/iam-simulate` (pinned in
//! `tests/support/iam-simulate/package.json`).
//!
//! Set-up: `npm ci --prefix tests/support/iam-simulate` (needs node and npm). Without node or
//! the installed package the test prints a note and passes, except under `CI=true`, where it
//! fails.
//!
//! The test generates random but realistic cases from a fixed seed: identity policies built
//! from Rekognition and S3 actions, action and resource wildcards, `NotAction`, `NotResource`,
//! Deny, conditions and a policy variable, each with an action and a concrete resource of the
//! kind the action takes. Both evaluators judge every case twice: in a request context where
//! every condition in the generator holds (and `aws:username` names the requested bucket), and
//! in one where none holds. The evaluator's [`Decision`] predicts both: with every condition
//! true, conditional statements apply; with none true, they do not.

use std::path::{Path, PathBuf};
use std::process::Command;

use engine::analysis::effective::{Decision, NamedPolicy, Outcome, PolicySet};
use engine::catalog;
use engine::policy::parse_policy;
use serde_json::{json, Value};

const CASES: usize = 1500;
const SEED: u64 = 0x5eed_1a6f_2026;
const ACCOUNT: &str = "111122223333";

/// A small deterministic generator (xorshift64*), so the cases never change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ACTIONS: &[&str] = &[
    "rekognition:DetectLabels",
    "rekognition:DetectFaces",
    "rekognition:CompareFaces",
    "rekognition:ListCollections",
    "rekognition:CreateCollection",
    "rekognition:DeleteCollection",
    "rekognition:DescribeCollection",
    "rekognition:IndexFaces",
    "rekognition:SearchFaces",
    "rekognition:ListFaces",
    "rekognition:DescribeProjectVersions",
    "rekognition:DeleteProject",
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:GetBucketLocation",
];

const ACTION_PATTERNS: &[&str] = &[
    "rekognition:*",
    "rekognition:Detect*",
    "rekognition:*Collection*",
    "rekognition:Describe*",
    "REKOGNITION:detectlabels",
    "rekognition:?ndexFaces",
    "s3:*",
    "s3:Get*",
    "s3:*Object",
    "s3:?etObject",
    "S3:LISTBUCKET",
    "*",
    "iam:*",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::photos/*",
    "arn:aws:s3:::photos/cats/*",
    "arn:aws:s3:::photos/*.jpg",
    "arn:aws:s3:::logs/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::photos",
    "arn:aws:s3:::Photos/*",
    "arn:aws:s3:::photo?/*",
    "arn:aws:rekognition:*:*:collection/*",
    "arn:aws:rekognition:us-east-1:111122223333:collection/faces",
    "arn:aws:rekognition:us-east-1:111122223333:collection/team-?",
    "arn:aws:rekognition:*:111122223333:project/*",
    "arn:aws:rekognition:us-west-2:*:*",
    "arn:aws:rekognition:us-east-1:111122223333:collection/Faces",
];

/// Only in `Resource`: the variable resolves to the requested bucket in the "true" context.
const VARIABLE_PATTERN: &str = "arn:aws:s3:::${aws:username}/*";

const CONDITIONS: &[(&str, &str, &str)] = &[
    ("Bool", "aws:SecureTransport", "true"),
    ("StringEquals", "aws:RequestedRegion", "us-east-1"),
    ("StringLike", "aws:PrincipalTag/team", "vision*"),
];

fn some_of(rng: &mut Rng, pools: &[&[&str]], max: usize) -> Vec<String> {
    let n = 1 + rng.below(max);
    (0..n)
        .map(|_| {
            let pool = pools[rng.below(pools.len())];
            rng.pick(pool).to_string()
        })
        .collect()
}

fn statement(rng: &mut Rng) -> Value {
    let mut st = serde_json::Map::new();
    let effect = if rng.chance(65) { "Allow" } else { "Deny" };
    st.insert("Effect".into(), json!(effect));
    let actions = some_of(rng, &[ACTIONS, ACTION_PATTERNS], 3);
    let action_key = if rng.chance(15) {
        "NotAction"
    } else {
        "Action"
    };
    st.insert(action_key.into(), json!(actions));
    if rng.chance(15) {
        let resources = some_of(rng, &[RESOURCE_PATTERNS], 2);
        st.insert("NotResource".into(), json!(resources));
    } else {
        let mut resources = some_of(rng, &[RESOURCE_PATTERNS, RESOURCE_PATTERNS], 2);
        if rng.chance(10) {
            resources.push(VARIABLE_PATTERN.to_string());
        }
        st.insert("Resource".into(), json!(resources));
    }
    if rng.chance(20) {
        let (operator, key, value) = CONDITIONS[rng.below(CONDITIONS.len())];
        st.insert("Condition".into(), json!({ operator: { key: value } }));
    }
    Value::Object(st)
}

/// A concrete resource of the kind `action` takes, and the bucket it is in (if any).
fn resource_for(rng: &mut Rng, action: &str) -> (String, Option<String>) {
    let (_, entry) = catalog::action(action).expect("generator actions are in the catalogue");
    if entry.resources().is_empty() {
        return ("*".to_string(), None);
    }
    let known = ["collection", "project", "object", "bucket"];
    let kind = entry
        .resources()
        .iter()
        .map(|r| r.resource_type().name())
        .find(|name| known.contains(name))
        .unwrap_or_else(|| panic!("generator knows no resource type of {action}"));
    let region = rng.pick(&["us-east-1", "us-west-2"]);
    match kind {
        "collection" => {
            let name = rng.pick(&["faces", "team-a", "team-ab", "Faces", "other"]);
            (
                format!("arn:aws:rekognition:{region}:{ACCOUNT}:collection/{name}"),
                None,
            )
        }
        "project" => {
            let name = rng.pick(&["shoes", "cats"]);
            (
                format!("arn:aws:rekognition:{region}:{ACCOUNT}:project/{name}/1700000000000"),
                None,
            )
        }
        "object" => {
            let bucket = rng.pick(&["photos", "logs", "Photos", "photoz"]);
            let key = rng.pick(&["cats/tom.jpg", "a.txt", "cats/x.png", "y.jpg"]);
            (
                format!("arn:aws:s3:::{bucket}/{key}"),
                Some(bucket.to_string()),
            )
        }
        "bucket" => {
            let bucket = rng.pick(&["photos", "logs", "Photos"]);
            (format!("arn:aws:s3:::{bucket}"), None)
        }
        _ => unreachable!("kinds are filtered above"),
    }
}

struct Case {
    policies: Vec<(String, String)>,
    action: String,
    resource: String,
    bucket: Option<String>,
}

fn generate(rng: &mut Rng) -> Case {
    let policies = (0..1 + rng.below(3))
        .map(|p| {
            let statements: Vec<Value> = (0..1 + rng.below(4)).map(|_| statement(rng)).collect();
            let doc = json!({ "Version": "2012-10-17", "Statement": statements });
            (format!("policy-{p}"), doc.to_string())
        })
        .collect();
    let action = rng.pick(ACTIONS).to_string();
    let (resource, bucket) = resource_for(rng, &action);
    Case {
        policies,
        action,
        resource,
        bucket,
    }
}

/// Request contexts: every generated condition true, then every one false.
fn contexts(case: &Case) -> Value {
    let username = case.bucket.clone().unwrap_or_else(|| "alice".to_string());
    json!([
        {
            "aws:SecureTransport": "true",
            "aws:RequestedRegion": "us-east-1",
            "aws:PrincipalTag/team": "vision-a",
            "aws:username": username,
        },
        {
            "aws:SecureTransport": "false",
            "aws:RequestedRegion": "eu-west-1",
            "aws:PrincipalTag/team": "other",
            "aws:username": "nobody-matches",
        },
    ])
}

/// What the simulator should say in each context, derived from the evaluator's decision.
fn predicted(decision: &Decision) -> [&'static str; 2] {
    let when_true = if decision.outcome == Outcome::ExplicitlyDenied || !decision.unless.is_empty()
    {
        "ExplicitlyDenied"
    } else if decision.outcome.may_be_allowed() {
        "Allowed"
    } else {
        "ImplicitlyDenied"
    };
    let when_false = match decision.outcome {
        Outcome::ExplicitlyDenied => "ExplicitlyDenied",
        Outcome::Allowed | Outcome::ConditionallyDenied => "Allowed",
        Outcome::ConditionallyAllowed | Outcome::ImplicitlyDenied => "ImplicitlyDenied",
    };
    [when_true, when_false]
}

fn helper_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/iam-simulate")
}

/// Whether node and the pinned package are there; otherwise says why.
fn simulator_available() -> Result<(), String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("`node` is not installed".to_string());
    }
    let package = helper_dir().join("node_modules/@cloud-copilot/iam-simulate/package.json");
    if !package.exists() {
        return Err(format!(
            "{} is missing; run `npm ci --prefix tests/support/iam-simulate`",
            package.display()
        ));
    }
    Ok(())
}

#[test]
fn decisions_match_iam_simulate() {
    if let Err(why) = simulator_available() {
        reference_data::skip(&format!("the IAM simulator is not installed: {why}"));
        return;
    }

    let mut rng = Rng(SEED);
    let cases: Vec<Case> = (0..CASES).map(|_| generate(&mut rng)).collect();
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            let policies: Vec<Value> = c
                .policies
                .iter()
                .map(|(name, text)| {
                    let document: Value = serde_json::from_str(text).expect("generated JSON");
                    json!({ "name": name, "document": document })
                })
                .collect();
            json!({
                "policies": policies,
                "action": c.action,
                "resource": c.resource,
                "contexts": contexts(c),
            })
        })
        .collect();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("iam-simulate-cases.json");
    std::fs::write(&path, serde_json::to_string(&input).expect("serialise")).expect("write cases");
    let output = Command::new("node")
        .arg(helper_dir().join("run.mjs"))
        .arg(&path)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "simulator failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Vec<String>> =
        serde_json::from_slice(&output.stdout).expect("simulator output is a JSON array");
    assert_eq!(answers.len(), cases.len());

    let mut mismatches = Vec::new();
    let mut tally = std::collections::BTreeMap::<&str, usize>::new();
    for (i, (case, answer)) in cases.iter().zip(&answers).enumerate() {
        let policies = case
            .policies
            .iter()
            .map(|(name, text)| {
                let document = parse_policy(text)
                    .into_result()
                    .expect("generated policy parses");
                NamedPolicy::new(name.clone(), document)
            })
            .collect();
        let set = PolicySet::new(policies);
        let decision = set.decide(&case.action, &case.resource);
        let expected = predicted(&decision);
        *tally.entry(expected[0]).or_default() += 1;
        *tally.entry(expected[1]).or_default() += 1;
        if answer.iter().map(String::as_str).ne(expected) {
            mismatches.push(format!(
                "case {i}: {} on {}: evaluator {:?} -> {expected:?}, simulator {answer:?}\n  policies: {:?}",
                case.action, case.resource, decision.outcome, case.policies
            ));
        }
    }
    eprintln!(
        "differential_iam_simulate: {CASES} cases x 2 contexts, predicted outcomes {tally:?}"
    );
    assert!(
        mismatches.is_empty(),
        "{} of {CASES} cases differ:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
