//! Functions over whole policy documents: `policies_equivalent` and `managed_policy`.

use super::{parameter, string_arg};
use crate::provider::validation;
use engine::analysis::validate::PolicyType;
use engine::managed;
use engine::policy::{documents_equivalent, parse_policy, PolicyDocument};
use engine::suggest;
use host::provider::{Function, FunctionError};
use host::schema::FunctionSignature;
use host::value::{Type, Value};

/// Parses argument `index` as a policy, or says why it is not one.
pub(super) fn policy_arg(
    args: &[Value],
    index: usize,
    name: &str,
) -> Result<PolicyDocument, FunctionError> {
    let text = string_arg(args, index, name)?;
    let outcome = parse_policy(text);
    match outcome.document {
        Some(doc) if outcome.errors.is_empty() => Ok(doc),
        _ => {
            let shown: Vec<String> = outcome
                .errors
                .iter()
                .take(3)
                .map(|e| match e.span {
                    Some(at) => format!(
                        "line {}, column {}: {} [{}]",
                        at.line, at.column, e.message, e.code
                    ),
                    None => format!("{} [{}]", e.message, e.code),
                })
                .collect();
            let more = outcome.errors.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            };
            Err(FunctionError::argument(
                index,
                format!(
                    "The {name} is not a valid policy document: {}{more}.",
                    shown.join("; ")
                ),
            ))
        }
    }
}

/// `policies_equivalent(a, b)`.
pub struct PoliciesEquivalent;

impl Function for PoliciesEquivalent {
    fn name(&self) -> &'static str {
        "policies_equivalent"
    }

    fn signature(&self) -> FunctionSignature {
        let doc = "A policy document as JSON text, e.g. from `jsonencode`, a data source's \
                   `json`, or `file()`.";
        FunctionSignature {
            parameters: vec![
                parameter("a", Type::String, doc),
                parameter("b", Type::String, doc),
            ],
            variadic: None,
            returns: Type::Bool,
            summary: "Whether two policy documents mean the same".into(),
            description: "Returns true when the two policies say the same, even if they are \
                 written differently. Ignored: whitespace, key order and escapes; a single value \
                 written as a string instead of a one-element list; the order of statements, of \
                 actions, resources, principals and condition values; duplicates; the letter \
                 case of action names and condition keys (IAM ignores it); the JSON type of \
                 condition values (`true` equals `\"true\"`); a missing `Version` versus \
                 `2008-10-17`, and a missing versus empty `Condition`.\n\n\
                 Everything else compares exactly: `Sid`, `Id`, `Effect`, ARNs, principals, \
                 condition operators and values. Nothing is expanded, so `s3:Get*` is not equal \
                 to the list of actions it matches.\n\n\
                 Use it to assert that a hand-written policy still matches a template or a \
                 managed policy. Text that is not a valid policy document is an error on that \
                 argument, with line and column."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let a = policy_arg(args, 0, "first policy")?;
        let b = policy_arg(args, 1, "second policy")?;
        Ok(Value::Bool(documents_equivalent(&a, &b)))
    }
}

/// `validate_policy(json, policy_type)`.
pub struct ValidatePolicy;

impl Function for ValidatePolicy {
    fn name(&self) -> &'static str {
        "validate_policy"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![
                parameter(
                    "json",
                    Type::String,
                    "The policy document as JSON text, e.g. from `jsonencode`, `file()` or a data \
                     source's `json`.",
                ),
                parameter(
                    "policy_type",
                    Type::String,
                    &format!(
                        "What the document is: {} (a Rekognition Custom Labels project policy).",
                        PolicyType::named_markdown()
                    ),
                ),
            ],
            variadic: None,
            returns: validation::list_type(),
            summary: "Validates a policy document and returns every finding".into(),
            description: "Runs the provider's validator on a policy document and returns every \
                 finding, the same objects as the `findings` attribute of \
                 `rekognitioniam_policy_document`: JSON errors with line and column, unknown \
                 actions with did-you-mean, resources that match no resource type of the action, \
                 condition problems, Principal rules of the policy type, the size quota of the \
                 policy type, and over-broad access. An empty list means no finding. The \
                 function never fails on a bad document: use it in `precondition`, `check` or \
                 `terraform test` assertions, e.g. `length([for f in \
                 provider::rekognitioniam::validate_policy(local.policy, \"identity\") : f if \
                 f.severity == \"error\"]) == 0`."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let text = string_arg(args, 0, "policy document")?;
        let kind = string_arg(args, 1, "policy type")?;
        let (policy_type, quota) =
            validation::parse_policy_type(kind).map_err(|e| FunctionError::argument(1, e))?;
        Ok(Value::List(validation::validate_text(
            text,
            policy_type,
            quota,
        )))
    }
}

/// `managed_policy(name)`.
pub struct ManagedPolicyJson;

impl Function for ManagedPolicyJson {
    fn name(&self) -> &'static str {
        "managed_policy"
    }

    fn signature(&self) -> FunctionSignature {
        let names = suggest::one_of(&managed::names());
        FunctionSignature {
            parameters: vec![parameter(
                "name",
                Type::String,
                &format!("Name of the AWS managed policy: {names}."),
            )],
            variadic: None,
            returns: Type::String,
            summary: "Returns the current document of a Rekognition AWS managed policy".into(),
            description: "Returns the document of an AWS managed policy of Amazon Rekognition, \
                 in the version AWS attaches by default, as JSON with a 2-space indent, from the \
                 provider's own copy (no AWS call). It is the `json` attribute of the \
                 `rekognitioniam_managed_policy` data source, for use inline, e.g. to compare a \
                 custom policy with `policies_equivalent`. For older versions, the ARN or the \
                 action list, use that data source. An unknown name is an error with a \
                 did-you-mean."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let name = string_arg(args, 0, "managed policy name")?;
        let Some(policy) = managed::by_name(name) else {
            let names = managed::names();
            return Err(FunctionError::argument(
                0,
                format!(
                    "\"{name}\" is not an AWS managed policy of Amazon Rekognition. {}Valid \
                     names: {}.",
                    suggest::did_you_mean(name, names.iter().copied()),
                    suggest::one_of(&names)
                ),
            ));
        };
        let document = policy
            .default()
            .and_then(|v| v.parsed())
            .map(|doc| doc.to_json_pretty())
            .ok_or_else(|| FunctionError {
                text: format!(
                    "The provider's copy of {} is incomplete. This is a bug in the provider.",
                    policy.name
                ),
                argument: None,
            })?;
        Ok(Value::from(document))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn equivalent(a: &str, b: &str) -> Result<Value, FunctionError> {
        PoliciesEquivalent.call(&[Value::from(a), Value::from(b)])
    }

    #[test]
    fn equivalence_ignores_form() {
        let a = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","rekognition:DetectLabels"],"Resource":"*"}]}"#;
        let b = r#"{
          "Version": "2012-10-17",
          "Statement": {"Resource": ["*"], "Effect": "Allow",
                        "Action": ["rekognition:detectlabels", "s3:GetObject"]}
        }"#;
        assert_eq!(equivalent(a, b), Ok(Value::Bool(true)));
        let c = a.replace("GetObject", "PutObject");
        assert_eq!(equivalent(a, &c), Ok(Value::Bool(false)));
    }

    #[test]
    fn bad_documents_name_their_argument() {
        let good = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let err = equivalent(good, "{\"Version\": \"2012-10-17\",}").unwrap_err();
        assert_eq!(err.argument, Some(1));
        assert!(err.text.contains("json.trailing_comma"), "{}", err.text);
        assert!(err.text.contains("line 1, column 25"), "{}", err.text);
    }

    #[test]
    fn managed_policy_json() {
        let json = ManagedPolicyJson
            .call(&[Value::from("AmazonRekognitionFullAccess")])
            .unwrap();
        let text = json.as_str().unwrap();
        assert!(text.contains("\"rekognition:*\""), "{text}");
        assert!(text.contains("\n  \"Statement\""), "{text}");
        let err = ManagedPolicyJson
            .call(&[Value::from("AmazonRekognitionReadOnly")])
            .unwrap_err();
        assert!(err
            .text
            .contains("Did you mean \"AmazonRekognitionReadOnlyAccess\"?"));
    }
}
