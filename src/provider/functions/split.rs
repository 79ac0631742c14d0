//! `split_policy(json, limit...)`: a policy too large for its quota, as the fewest documents
//! that each fit.

use super::parameter;
use super::policies::policy_arg;
use engine::analysis::PolicyType;
use engine::policy::{counted_size, split_document, SplitError};
use host::provider::{Function, FunctionError};
use host::schema::FunctionSignature;
use host::value::{Type, Value};

/// `split_policy(json, limit...)`.
pub struct SplitPolicy;

/// The limit when none is given: the quota of a customer managed (identity) policy.
fn default_limit() -> usize {
    PolicyType::Identity.default_quota().limit()
}

/// The optional limit argument (index 1), or the default.
fn limit_arg(args: &[Value]) -> Result<usize, FunctionError> {
    if args.len() > 2 {
        return Err(FunctionError::argument(
            2,
            "Give at most one limit: split_policy(json) or split_policy(json, limit).",
        ));
    }
    let Some(value) = args.get(1) else {
        return Ok(default_limit());
    };
    let invalid = || {
        FunctionError::argument(
            1,
            "The limit must be a whole number of characters greater than 0, e.g. 6144 for a \
             managed policy or 10240 for the inline policies of a role.",
        )
    };
    match value {
        Value::Number(n) => n
            .as_i64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n > 0)
            .ok_or_else(invalid),
        Value::Unknown => Err(FunctionError::argument(1, "The limit is not known yet.")),
        _ => Err(invalid()),
    }
}

impl Function for SplitPolicy {
    fn name(&self) -> &'static str {
        "split_policy"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![parameter(
                "json",
                Type::String,
                "The policy document as JSON text, e.g. from `jsonencode`, `file()` or a data \
                 source's `json`.",
            )],
            variadic: Some(parameter(
                "limit",
                Type::Number,
                "Optional: the most characters each document may have, counted as IAM counts \
                 them (white space not counted). Without it, 6,144, the quota of a customer \
                 managed policy; e.g. 10240 for the inline policies of a role.",
            )),
            returns: Type::list(Type::String),
            summary: "Splits a policy document into the fewest documents within a size limit"
                .into(),
            description: "Packs the statements of a policy into the fewest documents that each \
                 fit the size limit, for a policy that grew past its IAM quota: attach every \
                 document of the result to the same user, group or role (e.g. with `for_each`) \
                 and together they grant and deny what the original does.\n\n\
                 Each document is minified JSON with the original `Version` and `Id` and some \
                 of its statements, unchanged (Sids included) and in their original order. \
                 Every statement is in exactly one document. The size is counted the way the \
                 provider's size check counts it, so every document passes that check for the \
                 limit. The fewest documents are found by an exact search with a bounded amount \
                 of work: small policies always get the fewest, large ones a packing at least as \
                 good as first fit decreasing; the same input always gives the same output. A policy that already fits comes back as one document.\n\n\
                 A statement that alone makes a document over the limit is an error naming it \
                 (index and Sid) and its size: shorten it or split it by hand. Text that is not \
                 a valid policy document is an error with line and column."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let doc = policy_arg(args, 0, "policy document")?;
        let limit = limit_arg(args)?;
        let parts = split_document(&doc, limit, counted_size).map_err(|e| match e {
            SplitError::NoStatements => FunctionError::argument(
                0,
                "The policy document has no statements to split; add a Statement.",
            ),
            SplitError::StatementTooLarge {
                index,
                sid,
                size,
                limit,
            } => {
                let sid = sid.map(|s| format!(" (Sid \"{s}\")")).unwrap_or_default();
                FunctionError::argument(
                    0,
                    format!(
                        "Statement {index}{sid} alone makes a document of {size} characters, \
                         over the limit of {limit}; no split can fit it. Shorten the statement \
                         (wildcards such as rekognition:Describe* for families of actions, \
                         fewer resources), or split its actions or resources into several \
                         statements."
                    ),
                )
            }
        })?;
        Ok(Value::string_list(
            parts.iter().map(|doc| doc.to_json_minified()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::validation::validate_text;
    use host::value::Number;

    /// A policy of `n` statements of about `width` characters each.
    fn policy(n: usize, width: usize) -> String {
        let statements: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-{i}/{}"}}"#,
                    "p".repeat(width)
                )
            })
            .collect();
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        )
    }

    fn split(args: &[Value]) -> Result<Vec<String>, FunctionError> {
        match SplitPolicy.call(args)? {
            Value::List(items) => Ok(items
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_part_passes_the_size_check_of_the_default_quota() {
        let text = policy(30, 400);
        assert!(counted_size(&text) > 6144);
        let parts = split(&[Value::from(text.as_str())]).unwrap();
        assert_eq!(parts.len(), 3);
        for part in &parts {
            let found = validate_text(
                part,
                PolicyType::Identity,
                PolicyType::Identity.default_quota(),
            );
            assert!(
                !found
                    .iter()
                    .any(|f| f.get("code") == Some(&Value::from("size.exceeded"))),
                "{part}"
            );
        }
    }

    #[test]
    fn the_limit_is_optional_and_checked() {
        let text = policy(4, 50);
        let one = split(&[Value::from(text.as_str())]).unwrap();
        assert_eq!(one.len(), 1);
        let four = split(&[Value::from(text.as_str()), Value::Number(Number::Int(200))]).unwrap();
        assert_eq!(four.len(), 4);
        for bad in [
            Value::Number(Number::Int(0)),
            Value::Number(Number::Float(10.5)),
        ] {
            let err = split(&[Value::from(text.as_str()), bad]).unwrap_err();
            assert_eq!(err.argument, Some(1), "{}", err.text);
        }
        let err = split(&[
            Value::from(text.as_str()),
            Value::Number(Number::Int(200)),
            Value::Number(Number::Int(300)),
        ])
        .unwrap_err();
        assert_eq!(err.argument, Some(2));
    }

    #[test]
    fn a_statement_too_large_names_itself() {
        let err = split(&[
            Value::from(policy(3, 300).as_str()),
            Value::Number(Number::Int(300)),
        ])
        .unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text.contains("Statement 0 (Sid \"S0\")"),
            "{}",
            err.text
        );
        assert!(err.text.contains("over the limit of 300"), "{}", err.text);
        let bad = split(&[Value::from("{\"Statement\": [}")]).unwrap_err();
        assert_eq!(bad.argument, Some(0));
    }
}
