//! `actions_for_operation`: the IAM actions of a Rekognition API operation, from the
//! operation table of [`crate::intent`].

use super::{parameter, string_arg};
use engine::intent;
use host::provider::{Function, FunctionError};
use host::schema::FunctionSignature;
use host::value::{Type, Value};

/// `actions_for_operation(operation)`.
pub struct ActionsForOperation;

impl Function for ActionsForOperation {
    fn name(&self) -> &'static str {
        "actions_for_operation"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![parameter(
                "operation",
                Type::String,
                "An Amazon Rekognition API operation, named as in the API reference, such as \
                 `DetectLabels` or `StartFaceSearch`.",
            )],
            variadic: None,
            returns: Type::list(Type::String),
            summary: "Lists the IAM actions a Rekognition API operation needs".into(),
            description: "Returns the IAM actions that calling the operation needs, such as \
                          `[\"rekognition:DetectLabels\"]` for `DetectLabels`. The permissions \
                          an operation implies on other services (S3 inputs and outputs, KMS \
                          keys, `iam:PassRole`) depend on the resources it is called with: the \
                          data source `rekognitioniam_policy_from_intent` renders them, and its \
                          page has the whole operation table.\n\n\
                          An unknown operation is an error with a did-you-mean."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let name = string_arg(args, 0, "operation")?;
        intent::actions_for_operation(name)
            .map(Value::string_list)
            .map_err(|e| FunctionError::argument(0, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_typos() {
        let f = ActionsForOperation;
        assert_eq!(
            f.call(&[Value::from("DetectLabels")]),
            Ok(Value::string_list(["rekognition:DetectLabels"]))
        );
        let err = f.call(&[Value::from("DetectLabel")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text.contains("Did you mean \"DetectLabels\"?"),
            "{}",
            err.text
        );
    }
}
