use super::*;
use crate::analysis::{validate_json, PolicyType, Severity, ValidateOptions};
use crate::catalog;

const ACCOUNT: &str = "111122223333";

/// A valid value for every input.
fn every_input() -> BTreeMap<Input, Vec<String>> {
    let r = |res: &str| format!("arn:aws:rekognition:us-east-1:{ACCOUNT}:{res}");
    BTreeMap::from([
        (Input::CollectionArns, vec![r("collection/faces")]),
        (Input::ProjectArns, vec![r("project/shoes/1690000000000")]),
        (
            Input::ProjectVersionArns,
            vec![r("project/shoes/version/v1/1690000000001")],
        ),
        (Input::StreamProcessorArns, vec![r("streamprocessor/door")]),
        (
            Input::DatasetArns,
            vec![r("project/shoes/dataset/train/1690000000002")],
        ),
        (Input::S3Inputs, vec!["s3://images/in/".to_string()]),
        (Input::S3Outputs, vec!["s3://results/out/".to_string()]),
        (
            Input::KmsKeyArns,
            vec![format!(
                "arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            )],
        ),
        (
            Input::ServiceRoleArn,
            vec![format!("arn:aws:iam::{ACCOUNT}:role/RekognitionService")],
        ),
        (
            Input::SnsTopicArns,
            vec![format!(
                "arn:aws:sns:us-east-1:{ACCOUNT}:AmazonRekognitionDone"
            )],
        ),
        (
            Input::KinesisStreamArns,
            vec![
                format!("arn:aws:kinesisvideo:us-east-1:{ACCOUNT}:stream/door/1690000000003"),
                format!("arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/faces-out"),
            ],
        ),
    ])
}

/// Renders `ops` with every input they use (the others dropped).
fn render_with_what_they_use(ops: &[&str]) -> Rendered {
    let mut intent = Intent {
        operations: ops.iter().map(|s| s.to_string()).collect(),
        values: every_input(),
        tag_on_create: true,
    };
    for _ in 0..3 {
        match render(&intent) {
            Ok(r) => return r,
            Err(errors) => {
                for e in &errors {
                    match e.target {
                        Target::Input(input, None) => {
                            intent.values.remove(&input);
                        }
                        Target::TagOnCreate => intent.tag_on_create = false,
                        _ => panic!("{ops:?}: {errors:?}"),
                    }
                }
            }
        }
    }
    panic!("{ops:?} does not render")
}

/// Every resource of `grant` fits its action in the catalogue: `*` only where the action has no
/// required resource type, an ARN only where it matches one of the action's resource types.
fn check_against_catalogue(grant: &Grant) {
    let (service, action) = catalog::action(&grant.action).unwrap_or_else(|| {
        panic!(
            "{}: {} is not in the catalogue",
            grant.operation, grant.action
        )
    });
    for resource in &grant.resources {
        if resource == "*" {
            assert!(
                action.resources().iter().all(|r| !r.required()),
                "{}: {} on * but it requires a resource type",
                grant.operation,
                grant.action
            );
            continue;
        }
        let fits = service.resource_types_for_arn(resource).any(|rt| {
            action
                .resources()
                .iter()
                .any(|r| r.resource_type().name() == rt.name())
        });
        assert!(
            fits,
            "{}: {resource} matches no resource type of {}",
            grant.operation, grant.action
        );
    }
}

fn error_findings(doc: &crate::policy::PolicyDocument) -> Vec<String> {
    let options = ValidateOptions {
        policy_type: PolicyType::Identity,
        size_quota: None,
        ignore: Vec::new(),
    };
    validate_json(&doc.to_json_minified(), &options)
        .findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error))
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect()
}

#[test]
fn every_rekognition_action_of_the_catalogue_is_covered() {
    let service = catalog::service("rekognition").unwrap();
    let t = table::table();
    for action in service.actions() {
        let full = action.full_name();
        let as_op = t
            .operations
            .iter()
            .any(|op| op.actions.contains(&full.as_str()));
        let as_not_op = t.not_operations.iter().any(|n| n.action == full);
        assert!(
            as_op || as_not_op,
            "{full} is neither an operation's action nor listed as not-op"
        );
    }
    for op in &t.operations {
        for action in &op.actions {
            let (_, entry) =
                catalog::action(action).unwrap_or_else(|| panic!("{}: {action}", op.name));
            // the optional-resources column is set exactly where the catalogue makes it matter
            let all_optional =
                !entry.resources().is_empty() && entry.resources().iter().all(|r| !r.required());
            assert_eq!(
                all_optional,
                op.optional_resources != OptionalResources::NotApplicable,
                "{}",
                op.name
            );
        }
        for (implied, _) in &op.implied {
            if let Implied::TagOnCreate(ty) = implied {
                assert!(service.resource_type(ty).is_some(), "{}: {ty}", op.name);
            }
        }
    }
}

#[test]
fn every_operation_renders_within_the_catalogue() {
    for name in operation_names() {
        let rendered = render_with_what_they_use(&[name]);
        assert!(!rendered.grants.is_empty(), "{name}");
        for grant in &rendered.grants {
            assert_eq!(grant.operation, name);
            check_against_catalogue(grant);
        }
        assert_eq!(
            error_findings(&rendered.identity),
            Vec::<String>::new(),
            "{name}"
        );
        if let Some(role) = &rendered.service_role {
            assert_eq!(error_findings(role), Vec::<String>::new(), "{name}");
        }
    }
    // all together: every input is used
    let all = render_with_what_they_use(&operation_names());
    for grant in &all.grants {
        check_against_catalogue(grant);
    }
    assert_eq!(error_findings(&all.identity), Vec::<String>::new());
}

#[test]
fn implied_permissions() {
    let r = render_with_what_they_use(&["StartLabelDetection"]);
    let pass = r
        .grants
        .iter()
        .find(|g| g.action == "iam:PassRole")
        .unwrap();
    assert_eq!(
        pass.condition,
        Some((
            "StringEquals",
            "iam:PassedToService",
            "rekognition.amazonaws.com"
        ))
    );
    assert!(r
        .grants
        .iter()
        .any(|g| g.action == "s3:GetObject" && g.resources == ["arn:aws:s3:::images/in/*"]));
    let role = r.service_role.unwrap().to_json_minified();
    assert!(role.contains("sns:Publish"), "{role}");
    let json = r.identity.to_json_minified();
    assert!(json.contains("\"Condition\""), "{json}");

    let r = render_with_what_they_use(&["CreateCollection"]);
    let tag = r
        .grants
        .iter()
        .find(|g| g.action == "rekognition:TagResource")
        .unwrap();
    assert_eq!(
        tag.resources,
        [format!(
            "arn:aws:rekognition:us-east-1:{ACCOUNT}:collection/faces"
        )]
    );
    let r = render_with_what_they_use(&["CreateProjectVersion"]);
    let actions: BTreeSet<_> = r.grants.iter().map(|g| g.action.as_str()).collect();
    for a in [
        "s3:GetObject",
        "s3:PutObject",
        "kms:CreateGrant",
        "rekognition:TagResource",
    ] {
        assert!(actions.contains(a), "{a}: {actions:?}");
    }
}

use std::collections::BTreeSet;

#[test]
fn errors_name_the_argument() {
    let intent = Intent {
        operations: vec!["DetectLabel".into(), "DetectCustomLabels".into()],
        ..Intent::default()
    };
    let errors = render(&intent).unwrap_err();
    assert_eq!(errors[0].target, Target::Operation(0));
    assert!(
        errors[0].message.contains("Did you mean \"DetectLabels\"?"),
        "{errors:?}"
    );

    let intent = Intent {
        operations: vec!["DetectCustomLabels".into()],
        ..Intent::default()
    };
    let errors = render(&intent).unwrap_err();
    assert_eq!(errors[0].target, Target::Operation(0));
    assert!(
        errors[0].message.contains("set project_version_arns"),
        "{errors:?}"
    );

    let intent = Intent {
        operations: vec!["StartLabelDetection".into()],
        ..Intent::default()
    };
    let errors = render(&intent).unwrap_err();
    assert!(errors[0].message.contains("set s3_inputs"), "{errors:?}");

    let mut values = BTreeMap::new();
    values.insert(
        Input::KmsKeyArns,
        vec!["arn:aws:kms:us-east-1:111122223333:key/k".into()],
    );
    values.insert(
        Input::S3Inputs,
        vec!["s3://images/".into(), "images".into()],
    );
    let intent = Intent {
        operations: vec!["DetectLabels".into()],
        values,
        tag_on_create: false,
    };
    let errors = render(&intent).unwrap_err();
    assert_eq!(errors[0].target, Target::Input(Input::S3Inputs, Some(1)));
    assert_eq!(errors.len(), 1);

    let mut values = BTreeMap::new();
    values.insert(
        Input::KmsKeyArns,
        vec!["arn:aws:kms:us-east-1:111122223333:key/k".into()],
    );
    let intent = Intent {
        operations: vec!["DetectLabels".into()],
        values,
        tag_on_create: true,
    };
    let errors = render(&intent).unwrap_err();
    let targets: Vec<_> = errors.iter().map(|e| e.target).collect();
    assert_eq!(
        targets,
        [Target::Input(Input::KmsKeyArns, None), Target::TagOnCreate]
    );
    assert_eq!(
        check_operation("rekognition:DetectLabels").unwrap_err(),
        "\"rekognition:DetectLabels\" is not an Amazon Rekognition API operation. Did you mean \
         \"DetectLabels\"? Operations are named without the service prefix. Operations are \
         written as in the API reference, such as \"DetectLabels\" or \"StartFaceSearch\"."
    );
}

#[test]
fn statements_group_by_resources() {
    let mut values = BTreeMap::new();
    values.insert(Input::S3Inputs, vec!["s3://images/".to_string()]);
    let intent = Intent {
        operations: vec![
            "DetectLabels".into(),
            "DetectText".into(),
            "DetectLabels".into(),
        ],
        values,
        tag_on_create: false,
    };
    let r = render(&intent).unwrap();
    assert_eq!(
        r.identity.to_json_minified(),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["rekognition:DetectLabels","rekognition:DetectText"],"Resource":["*"]},{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::images/*"]}]}"#
    );
    assert!(r.service_role.is_none());
}

#[test]
fn optional_resources_are_scoped_only_where_the_request_names_one() {
    let model = format!("arn:aws:rekognition:us-east-1:{ACCOUNT}:project/p/version/v/1");
    let intent = |ops: &[&str]| Intent {
        operations: ops.iter().map(|s| s.to_string()).collect(),
        values: BTreeMap::from([(Input::ProjectVersionArns, vec![model.clone()])]),
        tag_on_create: false,
    };
    let errors = render(&intent(&["DetectModerationLabels"])).unwrap_err();
    assert_eq!(
        errors[0].target,
        Target::Input(Input::ProjectVersionArns, None)
    );
    let r = render(&intent(&["DetectModerationLabels", "ListTagsForResource"])).unwrap();
    let on = |action: &str| {
        r.grants
            .iter()
            .find(|g| g.action == action)
            .map(|g| g.resources.clone())
            .unwrap()
    };
    assert_eq!(on("rekognition:DetectModerationLabels"), ["*"]);
    assert_eq!(on("rekognition:ListTagsForResource"), [model]);
}
