use super::*;

fn config(set: &[(&str, Value)]) -> Value {
    let ty = PolicyFromIntentDataSource.schema().block.value_type();
    let mut v = Value::null_object(&ty);
    if let Value::Object(m) = &mut v {
        for (k, val) in set {
            m.insert(k.to_string(), val.clone());
        }
    }
    v
}

const MODEL: &str = "arn:aws:rekognition:us-east-1:111122223333:project/p/version/v/1";

fn paths(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .map(|d| d.path.clone().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn reads_an_intent() {
    let cfg = config(&[
        (
            "operations",
            Value::string_list(["DetectCustomLabels", "StartLabelDetection"]),
        ),
        ("project_version_arns", Value::string_list([MODEL])),
        ("s3_inputs", Value::string_list(["s3://videos/in/"])),
        (
            "service_role_arn",
            Value::from("arn:aws:iam::111122223333:role/Rek"),
        ),
        (
            "sns_topic_arns",
            Value::string_list(["arn:aws:sns:us-east-1:111122223333:AmazonRekognitionDone"]),
        ),
    ]);
    assert!(PolicyFromIntentDataSource.validate(&cfg).is_empty());
    let (state, diags) = PolicyFromIntentDataSource.read(&cfg);
    assert!(diags.is_empty(), "{diags:?}");
    let state = state.unwrap();
    let json = state.get("json").and_then(Value::as_str).unwrap();
    assert!(json.contains("iam:PassedToService"), "{json}");
    let role = state
        .get("service_role_json")
        .and_then(Value::as_str)
        .unwrap();
    assert!(role.contains("sns:Publish"), "{role}");
    let actions: Vec<&str> = state
        .get("actions")
        .and_then(Value::as_elements)
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        actions,
        [
            "iam:PassRole",
            "rekognition:DetectCustomLabels",
            "rekognition:StartLabelDetection",
            "s3:GetObject"
        ]
    );
    let errors: Vec<_> = state
        .get("findings")
        .and_then(Value::as_elements)
        .unwrap()
        .iter()
        .filter(|f| f.get("severity").and_then(Value::as_str) == Some("error"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn typos_fail_validate_with_a_did_you_mean() {
    let cfg = config(&[(
        "operations",
        Value::List(vec![Value::Unknown, Value::from("DetectLabel")]),
    )]);
    let diags = PolicyFromIntentDataSource.validate(&cfg);
    assert_eq!(paths(&diags), ["operations[1]"]);
    assert_eq!(diags[0].summary, "Unknown Rekognition operation");
    assert!(diags[0].detail.contains("Did you mean \"DetectLabels\"?"));
}

#[test]
fn unknown_values_wait_and_known_ones_are_checked() {
    let cfg = config(&[
        ("operations", Value::string_list(["DetectLabels"])),
        (
            "s3_inputs",
            Value::List(vec![Value::Unknown, Value::from("not-a-location")]),
        ),
    ]);
    let diags = PolicyFromIntentDataSource.validate(&cfg);
    assert_eq!(paths(&diags), ["s3_inputs[1]"]);
    let cfg = config(&[
        ("operations", Value::string_list(["DetectLabels"])),
        ("s3_inputs", Value::List(vec![Value::Unknown])),
    ]);
    assert!(PolicyFromIntentDataSource.validate(&cfg).is_empty());
    let (state, diags) = PolicyFromIntentDataSource.read(&cfg);
    assert!(state.is_none());
    assert_eq!(diags.len(), 1);
}

#[test]
fn missing_and_unused_arguments() {
    let cfg = config(&[("operations", Value::string_list(["DetectCustomLabels"]))]);
    let diags = PolicyFromIntentDataSource.validate(&cfg);
    assert_eq!(paths(&diags), ["operations[0]"]);
    assert!(diags[0].detail.contains("set project_version_arns"));
    let cfg = config(&[
        ("operations", Value::string_list(["DetectLabels"])),
        (
            "collection_arns",
            Value::string_list(["arn:aws:rekognition:us-east-1:111122223333:collection/c"]),
        ),
    ]);
    let diags = PolicyFromIntentDataSource.validate(&cfg);
    assert_eq!(paths(&diags), ["collection_arns"]);
    assert_eq!(diags[0].summary, "Argument not used by any operation");
}

#[test]
fn the_description_has_the_operation_table() {
    let description = PolicyFromIntentDataSource.schema().block.description;
    for name in engine::intent::operation_names() {
        assert!(description.contains(&format!("| {name} |")), "{name}");
    }
}

#[test]
fn an_empty_operation_list_is_an_error_on_the_list() {
    let cfg = config(&[("operations", Value::List(Vec::new()))]);
    let diags = PolicyFromIntentDataSource.validate(&cfg);
    assert_eq!(paths(&diags), ["operations"]);
}

#[test]
fn empty_strings_stand_for_no_value() {
    let cfg = config(&[
        ("operations", Value::string_list(["StartLabelDetection"])),
        ("s3_inputs", Value::string_list(["s3://videos/", ""])),
        ("service_role_arn", Value::from("")),
        ("kms_key_arns", Value::string_list([""])),
    ]);
    assert!(PolicyFromIntentDataSource.validate(&cfg).is_empty());
    let (state, diags) = PolicyFromIntentDataSource.read(&cfg);
    assert!(diags.is_empty(), "{diags:?}");
    let json = state
        .unwrap()
        .get("json")
        .and_then(Value::as_str)
        .unwrap()
        .to_string();
    assert!(!json.contains("iam:PassRole"), "{json}");
}
