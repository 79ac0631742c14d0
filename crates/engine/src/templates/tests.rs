use super::*;
use crate::policy::parse_policy;

const VERSION_ARN: &str =
    "arn:aws:rekognition:us-east-1:111122223333:project/shoes/version/v1/1690000000001";
const PROJECT_ARN: &str = "arn:aws:rekognition:us-east-1:111122223333:project/shoes/1690000000000";
const KMS_KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const IDENTITY_POOL: &str = "us-east-1:12345678-abcd-1234-abcd-123456789012";

fn s(v: &str) -> ParamValue {
    ParamValue::String(v.to_string())
}

fn list(v: &[&str]) -> ParamValue {
    ParamValue::StringList(v.iter().map(|x| x.to_string()).collect())
}

/// Inputs that every template accepts.
fn sample(t: &Template) -> Inputs {
    let mut inputs = Inputs::default();
    for (param, _) in t.params {
        let value = match param {
            Param::ProjectVersionArn => s(VERSION_ARN),
            Param::ProjectArn => s(PROJECT_ARN),
            Param::BucketArns => list(&["arn:aws:s3:::shoe-images"]),
            Param::Versioned => ParamValue::Bool(true),
            Param::SourceAccount => s("111122223333"),
            Param::SourceArn => {
                s("arn:aws:rekognition:us-east-1:111122223333:streamprocessor/door")
            }
            Param::AccountIds => list(&["444455556666"]),
            Param::OutputBucketArn => s("arn:aws:s3:::liveness-images"),
            Param::OutputKeyPrefix => s("audit/"),
            Param::KmsKeyArn => s(KMS_KEY),
            Param::IdentityPoolId => s(IDENTITY_POOL),
            Param::IdentityType => s("unauthenticated"),
        };
        inputs.set(*param, value);
    }
    inputs
}

fn json(name: &str, inputs: &Inputs) -> serde_json::Value {
    let doc = template(name).unwrap().build(inputs).unwrap();
    serde_json::from_str(&doc.to_json_minified()).unwrap()
}

#[test]
fn every_template_renders_valid_policy_json() {
    for t in &TEMPLATES {
        let doc = t
            .build(&sample(t))
            .unwrap_or_else(|e| panic!("{}: {e:?}", t.name));
        let pretty = doc.to_json_pretty();
        assert!(parse_policy(&pretty).is_ok(), "{}: {pretty}", t.name);
        let reparsed: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(reparsed["Version"], "2012-10-17");
    }
}

#[test]
fn names_and_params_are_unique() {
    let mut names = names();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), TEMPLATES.len());
    for t in &TEMPLATES {
        for (i, (p, _)) in t.params.iter().enumerate() {
            assert!(!t.params[..i].iter().any(|(q, _)| q == p), "{}", t.name);
        }
    }
}

#[test]
fn detect_custom_labels_is_one_action_on_one_model() {
    let t = template("detect_custom_labels").unwrap();
    let got = json(t.name, &sample(t));
    assert_eq!(
        got["Statement"],
        serde_json::json!([{
            "Sid": "DetectCustomLabels",
            "Effect": "Allow",
            "Action": ["rekognition:DetectCustomLabels"],
            "Resource": [VERSION_ARN]
        }])
    );
}

#[test]
fn lifecycle_scopes_versions_to_the_project() {
    let t = template("custom_labels_model_lifecycle").unwrap();
    let got = json(t.name, &sample(t));
    assert_eq!(
        got["Statement"][0]["Resource"],
        serde_json::json!([PROJECT_ARN])
    );
    assert_eq!(
        got["Statement"][1]["Resource"],
        serde_json::json!(["arn:aws:rekognition:us-east-1:111122223333:project/shoes/version/*/*"])
    );
}

#[test]
fn console_scopes_s3_to_the_buckets() {
    let t = template("custom_labels_console").unwrap();
    let inputs = Inputs::default().with(
        Param::BucketArns,
        list(&[
            "arn:aws:s3:::a-custom-labels",
            "arn:aws:s3:::b-custom-labels",
        ]),
    );
    let got = json(t.name, &inputs);
    assert_eq!(
        got["Statement"][1]["Resource"],
        serde_json::json!([
            "arn:aws:s3:::a-custom-labels",
            "arn:aws:s3:::b-custom-labels"
        ])
    );
    assert_eq!(
        got["Statement"][2]["Resource"],
        serde_json::json!([
            "arn:aws:s3:::a-custom-labels/*",
            "arn:aws:s3:::b-custom-labels/*"
        ])
    );
    let rekognition = got["Statement"][3]["Action"].as_array().unwrap();
    assert!(rekognition.contains(&"rekognition:DetectCustomLabels".into()));
    assert!(rekognition
        .iter()
        .all(|a| a.as_str().unwrap().starts_with("rekognition:")));
}

#[test]
fn s3_image_read_adds_versions_on_request() {
    let t = template("s3_image_read").unwrap();
    let plain = Inputs::default().with(Param::BucketArns, list(&["arn:aws:s3:::imgs"]));
    assert_eq!(
        json(t.name, &plain)["Statement"][0]["Action"],
        serde_json::json!(["s3:GetObject"])
    );
    let versioned = plain.clone().with(Param::Versioned, ParamValue::Bool(true));
    assert_eq!(
        json(t.name, &versioned)["Statement"][0]["Action"],
        serde_json::json!(["s3:GetObject", "s3:GetObjectVersion"])
    );
    assert_eq!(
        json(t.name, &plain)["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:s3:::imgs/*"])
    );
}

#[test]
fn trust_policy_has_both_confused_deputy_conditions() {
    let t = template("service_role_trust").unwrap();
    let only_account = Inputs::default().with(Param::SourceAccount, s("111122223333"));
    assert_eq!(
        json(t.name, &only_account)["Statement"][0],
        serde_json::json!({
            "Sid": "RekognitionAssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "rekognition.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": "111122223333"},
                "ArnLike": {"aws:SourceArn": "arn:aws:rekognition:*:111122223333:*"}
            }
        })
    );
    let exact = json(t.name, &sample(t));
    assert_eq!(
        exact["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"],
        "arn:aws:rekognition:us-east-1:111122223333:streamprocessor/door"
    );
}

#[test]
fn project_policy_lets_accounts_copy_versions() {
    let t = template("project_policy").unwrap();
    let inputs = sample(t).with(
        Param::AccountIds,
        list(&["444455556666", "arn:aws:iam::777788889999:role/Copier"]),
    );
    let got = json(t.name, &inputs);
    assert_eq!(
        got["Statement"][0]["Principal"]["AWS"],
        serde_json::json!([
            "arn:aws:iam::444455556666:root",
            "arn:aws:iam::777788889999:role/Copier"
        ])
    );
    assert_eq!(
        got["Statement"][0]["Action"],
        serde_json::json!(["rekognition:CopyProjectVersion"])
    );
}

#[test]
fn missing_and_foreign_parameters_are_named() {
    let t = template("s3_image_read").unwrap();
    let inputs = Inputs::default().with(Param::ProjectArn, s(PROJECT_ARN));
    let errors = t.build(&inputs).unwrap_err();
    let params: Vec<Option<Param>> = errors.iter().map(|e| e.param).collect();
    assert_eq!(params, [Some(Param::ProjectArn), Some(Param::BucketArns)]);
    assert!(
        errors[0].message.contains("does not take project_arn"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1]
            .message
            .contains("It takes bucket_arns (required), versioned (optional)."),
        "{}",
        errors[1].message
    );
}

#[test]
fn bad_values_point_at_the_element() {
    let t = template("s3_image_read").unwrap();
    let inputs =
        Inputs::default().with(Param::BucketArns, list(&["arn:aws:s3:::ok-bucket", "imgs"]));
    let errors = t.build(&inputs).unwrap_err();
    assert_eq!(
        (errors[0].param, errors[0].index),
        (Some(Param::BucketArns), Some(1))
    );
    assert!(errors[0]
        .message
        .contains("Did you mean \"arn:aws:s3:::imgs\"?"));
    let t = template("detect_custom_labels").unwrap();
    let inputs = Inputs::default().with(Param::ProjectVersionArn, s(PROJECT_ARN));
    let errors = t.build(&inputs).unwrap_err();
    assert!(
        errors[0].message.contains("It is a project ARN."),
        "{}",
        errors[0].message
    );
    let empty = Inputs::default().with(Param::BucketArns, list(&[]));
    let errors = template("s3_image_read")
        .unwrap()
        .build(&empty)
        .unwrap_err();
    assert!(
        errors[0].message.contains("at least one"),
        "{}",
        errors[0].message
    );
}

#[test]
fn seed_examples_are_reproduced() {
    // The documentation's DetectCustomLabels example, from its own ARN.
    let t = template("detect_custom_labels").unwrap();
    let seed = "arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*";
    let got = json(
        t.name,
        &Inputs::default().with(Param::ProjectVersionArn, s(seed)),
    );
    assert_eq!(got["Statement"][0]["Resource"], serde_json::json!([seed]));
    // The view-own-permissions example, with its policy variable.
    let own = json("view_own_permissions", &Inputs::default());
    assert_eq!(
        own["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:iam::*:user/${aws:username}"])
    );
}

#[test]
fn every_template_passes_the_validator_with_no_finding() {
    use crate::analysis::validate::{validate, PolicyType, ValidateOptions};
    for t in &TEMPLATES {
        let doc = t.build(&sample(t)).unwrap();
        let policy_type = match t.kind {
            PolicyKind::Identity => PolicyType::Identity,
            PolicyKind::Resource => PolicyType::Resource,
            PolicyKind::Trust => PolicyType::Trust,
            PolicyKind::Project => PolicyType::Project,
        };
        // With the size quota of the type: a project policy is held to 2,000 characters.
        let options = ValidateOptions {
            policy_type,
            size_quota: Some(policy_type.default_quota()),
            ..ValidateOptions::default()
        };
        let findings: Vec<String> = validate(&doc, &options)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(findings.is_empty(), "{}: {findings:#?}", t.name);
    }
}
