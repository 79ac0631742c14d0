//! How each template is built. The shapes follow the examples of the Rekognition security
//! documentation, with the resources narrowed to the parameters.

use super::param_values;
use super::{Inputs, Param, TemplateError};
use crate::arn::rekognition::{Parts, PROJECT, PROJECT_VERSION};
use crate::arn::s3::check_bucket_arn;
use crate::arn::{is_pattern, Arn};
use crate::managed;
use crate::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, Effect, OneOrMany,
    PolicyDocument, Principal, PrincipalEntry, PrincipalType, Statement, StringList,
};

pub(super) fn allow<S: Into<String>>(
    sid: &str,
    actions: &[&str],
    resources: impl IntoIterator<Item = S>,
) -> Statement {
    Statement::new(Effect::Allow)
        .with_sid(sid)
        .with_action(StringList::array(actions.iter().copied()))
        .with_resource(StringList::array(resources))
}

/// Reads a project ARN parameter.
fn project(inputs: &Inputs) -> Result<Parts, TemplateError> {
    let text = inputs.string(Param::ProjectArn)?;
    PROJECT
        .parse_arn(text)
        .map_err(|e| TemplateError::on(Param::ProjectArn, format!("\"{text}\" {e}.")))
}

/// Every version of the project: `.../project/<name>/version/*/*`.
fn versions_of(parts: &Parts) -> String {
    let name = parts.ids.first().map_or("*", String::as_str);
    format!("{}project/{name}/version/*/*", parts.prefix())
}

/// Reads the bucket ARNs parameter.
fn buckets(inputs: &Inputs) -> Result<Vec<Arn>, TemplateError> {
    inputs
        .list(Param::BucketArns)?
        .iter()
        .enumerate()
        .map(|(i, text)| {
            check_bucket_arn(text).map_err(|e| TemplateError::at(Param::BucketArns, i, e))
        })
        .collect()
}

fn objects_of(buckets: &[Arn]) -> Vec<String> {
    buckets.iter().map(|b| format!("{b}/*")).collect()
}

pub(super) fn detect_custom_labels(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let text = inputs.string(Param::ProjectVersionArn)?;
    PROJECT_VERSION
        .parse_arn(text)
        .map_err(|e| TemplateError::on(Param::ProjectVersionArn, format!("\"{text}\" {e}.")))?;
    Ok(PolicyDocument::new([allow(
        "DetectCustomLabels",
        &["rekognition:DetectCustomLabels"],
        [text],
    )]))
}

pub(super) fn custom_labels_model_lifecycle(
    inputs: &Inputs,
) -> Result<PolicyDocument, TemplateError> {
    let parts = project(inputs)?;
    let project_arn = inputs.string(Param::ProjectArn)?;
    Ok(PolicyDocument::new([
        allow(
            "ProjectVersions",
            &[
                "rekognition:CreateProjectVersion",
                "rekognition:DescribeProjectVersions",
            ],
            [project_arn],
        ),
        allow(
            "StartStopVersions",
            &[
                "rekognition:StartProjectVersion",
                "rekognition:StopProjectVersion",
            ],
            [versions_of(&parts)],
        ),
    ]))
}

/// The Rekognition actions of AmazonRekognitionCustomLabelsFullAccess, in document order.
fn custom_labels_actions() -> Result<Vec<String>, TemplateError> {
    let defect = || TemplateError {
        param: None,
        index: None,
        problem: super::Problem::Invalid,
        message: "The provider's copy of AmazonRekognitionCustomLabelsFullAccess is \
                  incomplete. This is a bug in the provider."
            .to_string(),
    };
    let version = managed::by_name("AmazonRekognitionCustomLabelsFullAccess")
        .and_then(|p| p.default())
        .ok_or_else(defect)?;
    let doc = PolicyDocument::from_json(&version.document).map_err(|_| defect())?;
    let actions: Vec<String> = doc
        .statements()
        .iter()
        .filter_map(|st| st.action.as_ref())
        .flat_map(|list| list.strings())
        .filter(|a| a.starts_with("rekognition:"))
        .map(str::to_string)
        .collect();
    if actions.is_empty() {
        return Err(defect());
    }
    Ok(actions)
}

pub(super) fn custom_labels_console(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let buckets = buckets(inputs)?;
    let rekognition = custom_labels_actions()?;
    let rekognition: Vec<&str> = rekognition.iter().map(String::as_str).collect();
    let mut statements = vec![
        allow("ListAllBuckets", &["s3:ListAllMyBuckets"], ["*"]),
        allow(
            "ConsoleBuckets",
            &["s3:ListBucket", "s3:GetBucketAcl", "s3:GetBucketLocation"],
            buckets.iter().map(Arn::to_string),
        ),
        allow(
            "ConsoleObjects",
            &[
                "s3:GetObject",
                "s3:GetObjectAcl",
                "s3:GetObjectTagging",
                "s3:GetObjectVersion",
                "s3:PutObject",
            ],
            objects_of(&buckets),
        ),
    ];
    statements.extend(split_by_scope("CustomLabels", &rekognition));
    Ok(PolicyDocument::new(statements))
}

/// Actions in two statements: those IAM can scope to a resource, on every resource of their types
/// (any region and account), and those that only support `"*"`, on `"*"`.
fn split_by_scope(sid: &str, actions: &[&str]) -> Vec<Statement> {
    let mut scoped: Vec<&str> = Vec::new();
    let mut unscoped: Vec<&str> = Vec::new();
    let mut resources: Vec<String> = Vec::new();
    for action in actions {
        let types: Vec<_> = crate::catalog::action(action)
            .map(|(_, a)| a.resources().iter().map(|r| r.resource_type()).collect())
            .unwrap_or_default();
        if types.is_empty() {
            unscoped.push(action);
            continue;
        }
        scoped.push(action);
        for ty in types {
            for format in ty.arn_formats() {
                let pattern = any_resource_of(format);
                if !resources.contains(&pattern) {
                    resources.push(pattern);
                }
            }
        }
    }
    // `*` spans `/`: drop patterns another one already covers.
    let covered = |i: usize, pattern: &str| {
        resources.iter().enumerate().any(|(j, other)| {
            j != i
                && crate::policy::pattern_covers(
                    other,
                    pattern,
                    crate::policy::MatchCase::Sensitive,
                )
        })
    };
    let resources: Vec<String> = resources
        .iter()
        .enumerate()
        .filter(|(i, pattern)| !covered(*i, pattern))
        .map(|(_, pattern)| pattern.clone())
        .collect();
    let mut out = Vec::new();
    if !scoped.is_empty() {
        out.push(allow(&format!("{sid}Resources"), &scoped, resources));
    }
    if !unscoped.is_empty() {
        out.push(allow(&format!("{sid}AccountWide"), &unscoped, ["*"]));
    }
    out
}

/// `arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/...` ->
/// `arn:aws:rekognition:*:*:project/*/...`.
fn any_resource_of(format: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let var_end = rest[start..]
            .find('}')
            .map(|e| start + e + 1)
            .unwrap_or(rest.len());
        out.push_str(if &rest[start..var_end] == "${Partition}" {
            "aws"
        } else {
            "*"
        });
        rest = &rest[var_end..];
    }
    out.push_str(rest);
    out
}

pub(super) fn s3_image_read(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let buckets = buckets(inputs)?;
    let actions: &[&str] = if inputs.flag(Param::Versioned) {
        &["s3:GetObject", "s3:GetObjectVersion"]
    } else {
        &["s3:GetObject"]
    };
    Ok(PolicyDocument::new([allow(
        "ReadImages",
        actions,
        objects_of(&buckets),
    )]))
}

pub(super) fn view_own_permissions(_: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let mut statements = vec![allow(
        "ViewOwnUserInfo",
        &[
            "iam:GetUserPolicy",
            "iam:ListGroupsForUser",
            "iam:ListAttachedUserPolicies",
            "iam:ListUserPolicies",
            "iam:GetUser",
        ],
        ["arn:aws:iam::*:user/${aws:username}"],
    )];
    // The documentation's example grants these on "*"; scoped to their resource types they
    // allow the same console navigation with nothing wider.
    statements.extend(split_by_scope(
        "NavigateInConsole",
        &[
            "iam:GetGroupPolicy",
            "iam:GetPolicyVersion",
            "iam:GetPolicy",
            "iam:ListAttachedGroupPolicies",
            "iam:ListGroupPolicies",
            "iam:ListPolicyVersions",
            "iam:ListPolicies",
            "iam:ListUsers",
        ],
    ));
    Ok(PolicyDocument::new(statements))
}

pub(super) fn condition(operator: &str, key: &str, value: &str) -> ConditionOperator {
    ConditionOperator::new(
        operator,
        [ConditionEntry {
            key: key.into(),
            values: OneOrMany::one(ConditionValue::string(value)),
        }],
    )
}

pub(super) fn service_role_trust(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let account = inputs.string(Param::SourceAccount)?;
    param_values::account_id(account).map_err(|e| TemplateError::on(Param::SourceAccount, e))?;
    let source_arn = match inputs.optional_string(Param::SourceArn) {
        Some(text) => {
            param_values::source_arn(text, account)
                .map_err(|e| TemplateError::on(Param::SourceArn, e))?;
            text.to_string()
        }
        None => format!("arn:aws:rekognition:*:{account}:*"),
    };
    let arn_operator = if is_pattern(&source_arn) {
        "ArnLike"
    } else {
        "ArnEquals"
    };
    let statement = Statement::new(Effect::Allow)
        .with_sid("RekognitionAssumeRole")
        .with_principal(Principal::map([PrincipalEntry::new(
            PrincipalType::Service,
            StringList::scalar("rekognition.amazonaws.com"),
        )]))
        .with_action(StringList::scalar("sts:AssumeRole"))
        .with_condition(ConditionBlock::new([
            condition("StringEquals", "aws:SourceAccount", account),
            condition(arn_operator, "aws:SourceArn", &source_arn),
        ]));
    Ok(PolicyDocument::new([statement]))
}

pub(super) fn project_policy(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    let parts = project(inputs)?;
    let partition = if is_pattern(&parts.partition) {
        "aws"
    } else {
        parts.partition.as_str()
    };
    let principals = inputs
        .list(Param::AccountIds)?
        .iter()
        .enumerate()
        .map(|(i, id)| {
            param_values::principal(partition, id)
                .map_err(|e| TemplateError::at(Param::AccountIds, i, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let statement = Statement::new(Effect::Allow)
        .with_sid("AllowCopyProjectVersion")
        .with_principal(Principal::map([PrincipalEntry::new(
            PrincipalType::Aws,
            StringList::array(principals),
        )]))
        .with_action(StringList::array(["rekognition:CopyProjectVersion"]))
        .with_resource(StringList::array([versions_of(&parts)]));
    Ok(PolicyDocument::new([statement]))
}
