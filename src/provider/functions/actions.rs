//! `expand_actions` and `access_level`: questions about IAM actions, answered from the
//! catalogue built into the provider.

use super::{parameter, string_arg};
use engine::catalog::{self, CATALOG_VERSION};
use engine::policy::has_wildcard;
use engine::suggest;
use host::provider::{Function, FunctionError};
use host::schema::FunctionSignature;
use host::value::{Type, Value};

/// Why an action or pattern names nothing, with a did-you-mean when one is close.
fn unknown(index: usize, text: &str) -> FunctionError {
    let Some((prefix, name)) = text.split_once(':') else {
        return FunctionError::argument(
            index,
            format!(
                "\"{text}\" is not an IAM action: write service:Action, such as \
                 \"rekognition:DetectLabels\" or \"rekognition:Detect*\"."
            ),
        );
    };
    let Some(service) = catalog::service(prefix) else {
        let prefixes = catalog::services().iter().map(|s| s.prefix());
        return FunctionError::argument(
            index,
            format!(
                "\"{text}\": no AWS service has the IAM prefix \"{prefix}\". {}",
                suggest::did_you_mean(prefix, prefixes)
            )
            .trim_end()
            .to_string(),
        );
    };
    let hint = if has_wildcard(name) {
        String::new()
    } else {
        let names: Vec<String> = service
            .actions()
            .iter()
            .map(|a| format!("{}:{}", service.prefix(), a.name()))
            .collect();
        suggest::did_you_mean(text, names.iter().map(String::as_str))
    };
    FunctionError::argument(
        index,
        format!(
            "\"{text}\" matches no action of {} in the IAM catalogue of {CATALOG_VERSION}. {hint}",
            service.name()
        )
        .trim_end()
        .to_string(),
    )
}

/// `expand_actions(pattern)`.
pub struct ExpandActions;

impl Function for ExpandActions {
    fn name(&self) -> &'static str {
        "expand_actions"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![parameter(
                "pattern",
                Type::String,
                "An action or action pattern as written in a policy's `Action`, such as \
                 `rekognition:Detect*`, `s3:?etObject` or `*`. Case does not matter.",
            )],
            variadic: None,
            returns: Type::list(Type::String),
            summary: "Lists the IAM actions an action pattern grants".into(),
            description: format!(
                "Returns every IAM action that `pattern` matches, the way IAM matches it: `*` \
                 stands for any run of characters and `?` for one, across the whole \
                 `service:Action`, ignoring case. The actions are spelled as in the IAM \
                 catalogue (`rekognition:DetectLabels`), sorted and without duplicates.\n\n\
                 The answer comes from the IAM catalogue built into the provider (captured on \
                 {CATALOG_VERSION}). A pattern that matches no action is an error, with a \
                 did-you-mean for near misses: a policy with it would grant nothing."
            ),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let pattern = string_arg(args, 0, "action pattern")?;
        if pattern.is_empty() {
            return Err(FunctionError::argument(
                0,
                "The action pattern must not be empty.",
            ));
        }
        let mut actions: Vec<String> = catalog::matching_actions(pattern)
            .map(|(service, action)| format!("{}:{}", service.prefix(), action.name()))
            .collect();
        if actions.is_empty() {
            return Err(unknown(0, pattern));
        }
        actions.sort_unstable();
        actions.dedup();
        Ok(Value::string_list(actions))
    }
}

/// `access_level(action)`.
pub struct AccessLevelOf;

impl Function for AccessLevelOf {
    fn name(&self) -> &'static str {
        "access_level"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![parameter(
                "action",
                Type::String,
                "One IAM action, such as `rekognition:DetectLabels` (case does not matter). \
                 Patterns are not accepted: expand them with `expand_actions` first.",
            )],
            variadic: None,
            returns: Type::String,
            summary: "Returns the IAM access level of an action".into(),
            description: format!(
                "Returns the access level AWS documents for an action: `List`, `Read`, \
                 `Tagging`, `Write` or `Permissions management`, from the IAM catalogue built \
                 into the provider (captured on {CATALOG_VERSION}). Useful to gate or label \
                 policies, e.g. to reject write access in a read-only role.\n\n\
                 An unknown action is an error with a did-you-mean, so \
                 `access_level(\"rekognition:DetectLabel\")` suggests \
                 `rekognition:DetectLabels`."
            ),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let name = string_arg(args, 0, "action")?;
        if has_wildcard(name) {
            return Err(FunctionError::argument(
                0,
                format!(
                    "\"{name}\" is a pattern; access_level takes one action. Use \
                     expand_actions(\"{name}\") to list the actions it matches."
                ),
            ));
        }
        match catalog::action(name) {
            Some((_, action)) => Ok(Value::from(action.access_level().as_str())),
            None => Err(unknown(0, name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(pattern: &str) -> Result<Vec<String>, FunctionError> {
        ExpandActions.call(&[Value::from(pattern)]).map(|v| {
            v.as_elements()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_string())
                .collect()
        })
    }

    #[test]
    fn expands_patterns_sorted() {
        let got = expand("rekognition:StartProject*").unwrap();
        assert_eq!(got, ["rekognition:StartProjectVersion"]);
        let got = expand("REKOGNITION:detect*").unwrap();
        assert!(got.contains(&"rekognition:DetectCustomLabels".to_string()));
        assert!(got.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            expand("rekognition:*").unwrap().len(),
            catalog::service("rekognition").unwrap().actions().len()
        );
    }

    #[test]
    fn no_match_is_an_error_with_a_suggestion() {
        let err = expand("rekognition:DetectLabel").unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text
                .contains("Did you mean \"rekognition:DetectLabels\"?"),
            "{}",
            err.text
        );
        let err = expand("rekognitoin:*").unwrap_err();
        assert!(
            err.text.contains("Did you mean \"rekognition\"?"),
            "{}",
            err.text
        );
        assert!(expand("DetectLabels")
            .unwrap_err()
            .text
            .contains("service:Action"));
        assert!(expand("").is_err());
    }

    #[test]
    fn access_levels() {
        let level = |a: &str| AccessLevelOf.call(&[Value::from(a)]);
        assert_eq!(level("rekognition:DetectLabels"), Ok(Value::from("Read")));
        assert_eq!(level("rekognition:tagresource"), Ok(Value::from("Tagging")));
        assert_eq!(
            level("rekognition:ListStreamProcessors"),
            Ok(Value::from("List"))
        );
        assert_eq!(
            level("iam:PutRolePolicy"),
            Ok(Value::from("Permissions management"))
        );
        let err = level("rekognition:DetectLabel").unwrap_err();
        assert!(err
            .text
            .contains("Did you mean \"rekognition:DetectLabels\"?"));
        assert!(level("rekognition:Detect*")
            .unwrap_err()
            .text
            .contains("expand_actions"));
    }
}
