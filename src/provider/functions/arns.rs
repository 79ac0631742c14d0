//! ARN builders for Rekognition's resource types, and `parse_arn`.

use super::{parameter, string_arg};
use engine::arn::rekognition::{self, ResourceKind};
use engine::arn::{describe, Arn};
use host::provider::{Function, FunctionError};
use host::schema::FunctionSignature;
use host::value::{Type, Value};

/// A function that builds the ARN of one Rekognition resource type.
pub struct ArnBuilder {
    name: &'static str,
    kind: &'static ResourceKind,
}

/// The five ARN builders.
pub fn builders() -> Vec<Box<dyn Function>> {
    [
        ("collection_arn", &rekognition::COLLECTION),
        ("stream_processor_arn", &rekognition::STREAM_PROCESSOR),
        ("project_arn", &rekognition::PROJECT),
        ("project_version_arn", &rekognition::PROJECT_VERSION),
        ("dataset_arn", &rekognition::DATASET),
    ]
    .into_iter()
    .map(|(name, kind)| Box::new(ArnBuilder { name, kind }) as Box<dyn Function>)
    .collect()
}

fn id_description(name: &str) -> &'static str {
    match name {
        "collection_id" => {
            "The collection ID: 1 to 255 letters, digits, `_`, `.` and `-`. May contain `*` and \
             `?` wildcards or a policy variable."
        }
        "name" => {
            "The stream processor's name: 1 to 128 letters, digits, `_`, `.` and `-`. May \
             contain `*` and `?` wildcards or a policy variable."
        }
        "project_name" => {
            "The Custom Labels project's name: 1 to 255 letters, digits, `_`, `.` and `-`. May \
             contain `*` and `?` wildcards or a policy variable."
        }
        "version_name" => {
            "The model version's name: 1 to 255 letters, digits, `_`, `.` and `-`. May contain \
             `*` and `?` wildcards or a policy variable."
        }
        "dataset_type" => {
            "`train` or `test` (`TRAIN` and `TEST`, as the API writes them, are accepted and \
             written in lower case, as in ARNs), or `*` for both."
        }
        "creation_timestamp" => {
            "The creation time AWS put at the end of the ARN, in milliseconds since 1970 \
             (digits only, e.g. `1690000000000`), or `*` for any. Numbers are accepted too."
        }
        _ => "",
    }
}

impl Function for ArnBuilder {
    fn name(&self) -> &'static str {
        self.name
    }

    fn signature(&self) -> FunctionSignature {
        let mut parameters = vec![
            parameter(
                "region",
                Type::String,
                "The region code, such as `us-east-1`, or `*` for any region. It also picks the \
                 partition: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, `aws-iso*` for the \
                 isolated regions, otherwise `aws` (also for `*`).",
            ),
            parameter(
                "account_id",
                Type::String,
                "The 12-digit AWS account ID (pass it as a string to keep leading zeros), or `*` \
                 for any account.",
            ),
        ];
        parameters.extend(
            self.kind
                .ids
                .iter()
                .map(|(name, _)| parameter(name, Type::String, id_description(name))),
        );
        let noun = self.kind.noun;
        FunctionSignature {
            parameters,
            variadic: None,
            returns: Type::String,
            summary: format!("Builds the ARN of a Rekognition {noun}"),
            description: format!(
                "Returns the ARN of an Amazon Rekognition {noun}, in the format \
                 `{}`, after checking every part against that format and the API's ID \
                 constraints, so a typo fails at `terraform validate` or `plan` instead of \
                 producing a policy that silently grants nothing.\n\n\
                 Wildcards are allowed wherever IAM allows them in a policy's `Resource`: `*` and \
                 `?` in any part, and policy variables such as `${{aws:PrincipalTag/team}}` \
                 (write `$${{...}}` in HCL strings). An invalid part is reported on that argument.",
                self.kind.arn_format()
            ),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let names = ["region", "account ID"]
            .into_iter()
            .chain(self.kind.ids.iter().map(|(name, _)| *name));
        let mut values = Vec::with_capacity(2 + self.kind.ids.len());
        for (index, name) in names.enumerate() {
            values.push(string_arg(args, index, &name.replace('_', " "))?);
        }
        let (region, account, ids) = match values.as_slice() {
            [region, account, ids @ ..] => (*region, *account, ids),
            _ => return Err(FunctionError::argument(0, "The region is missing.")),
        };
        self.kind
            .arn(region, account, ids)
            .map(Value::from)
            .map_err(|e| FunctionError::argument(e.index, e.message))
    }
}

/// `parse_arn(arn)`.
pub struct ParseArn;

fn parsed_type() -> Type {
    Type::object([
        ("partition", Type::String),
        ("service", Type::String),
        ("region", Type::String),
        ("account_id", Type::String),
        ("resource", Type::String),
        ("resource_type", Type::String),
        ("ids", Type::map(Type::String)),
    ])
}

impl Function for ParseArn {
    fn name(&self) -> &'static str {
        "parse_arn"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![parameter(
                "arn",
                Type::String,
                "The ARN to split, as written in a policy: wildcards and policy variables are \
                 kept as they are.",
            )],
            variadic: None,
            returns: parsed_type(),
            summary: "Splits an ARN into its parts".into(),
            description: "Splits an ARN into an object with these attributes:\n\n\
                 - `partition`, `service`, `region`, `account_id`: the second to fifth fields \
                 (region and account are empty for global resources such as S3 buckets);\n\
                 - `resource`: everything after the fifth colon, e.g. `collection/faces`;\n\
                 - `resource_type`: the IAM catalogue's name for the resource type the ARN \
                 names, such as `collection`, `projectversion` or `object`, or null when the \
                 service is not in the catalogue or no single type fits;\n\
                 - `ids`: the values of that type's ARN format variables, such as \
                 `{ ProjectName = \"shoes\", VersionName = \"v1\", CreationTimestamp = \
                 \"1690000000000\" }` (empty when `resource_type` is null).\n\n\
                 Colons inside policy variables (`${aws:username}`) do not split fields. A \
                 string that is not an ARN is an error on the argument."
                .into(),
            deprecation: None,
        }
    }

    fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        let text = string_arg(args, 0, "ARN")?;
        let arn =
            Arn::parse(text).map_err(|e| FunctionError::argument(0, format!("\"{text}\" {e}.")))?;
        let described = describe(&arn);
        Ok(Value::object([
            ("partition", Value::from(arn.partition)),
            ("service", Value::from(arn.service)),
            ("region", Value::from(arn.region)),
            ("account_id", Value::from(arn.account_id)),
            ("resource", Value::from(arn.resource)),
            (
                "resource_type",
                described.resource_type.map_or(Value::Null, Value::from),
            ),
            (
                "ids",
                Value::Map(
                    described
                        .ids
                        .into_iter()
                        .map(|(k, v)| (k, Value::from(v)))
                        .collect(),
                ),
            ),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[&str]) -> Result<Value, FunctionError> {
        let f = builders().into_iter().find(|f| f.name() == name).unwrap();
        f.call(&args.iter().map(|a| Value::from(*a)).collect::<Vec<_>>())
    }

    #[test]
    fn builders_return_arns() {
        assert_eq!(
            call("collection_arn", &["us-east-1", "123456789012", "faces"]),
            Ok(Value::from(
                "arn:aws:rekognition:us-east-1:123456789012:collection/faces"
            ))
        );
        assert_eq!(
            call("dataset_arn", &["us-gov-west-1", "*", "p", "TEST", "*"]),
            Ok(Value::from(
                "arn:aws-us-gov:rekognition:us-gov-west-1:*:project/p/dataset/test/*"
            ))
        );
    }

    #[test]
    fn errors_name_the_argument() {
        let err = call(
            "project_version_arn",
            &["us-east-1", "123456789012", "p", "v 1", "1"],
        )
        .unwrap_err();
        assert_eq!(err.argument, Some(3));
        assert!(err.text.contains("version name"), "{}", err.text);
        let err = call("collection_arn", &["useast-1", "123456789012", "x"]).unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text.contains("Did you mean \"us-east-1\"?"),
            "{}",
            err.text
        );
        let err = call("stream_processor_arn", &["us-east-1", "123456789012"]).unwrap_err();
        assert_eq!(err.argument, Some(2));
    }

    #[test]
    fn signatures_follow_the_kind() {
        let f = builders();
        let names: Vec<Vec<String>> = f
            .iter()
            .map(|f| {
                f.signature()
                    .parameters
                    .into_iter()
                    .map(|p| p.name)
                    .collect()
            })
            .collect();
        assert_eq!(names[1], ["region", "account_id", "name"]);
        assert_eq!(
            names[4],
            [
                "region",
                "account_id",
                "project_name",
                "dataset_type",
                "creation_timestamp"
            ]
        );
    }

    #[test]
    fn parse_arn_returns_the_parts() {
        let v = ParseArn
            .call(&[Value::from(
                "arn:aws:rekognition:eu-west-1:123456789012:project/shoes/version/v1/17",
            )])
            .unwrap();
        assert_eq!(v.get("region"), Some(&Value::from("eu-west-1")));
        assert_eq!(v.get("resource_type"), Some(&Value::from("projectversion")));
        assert_eq!(
            v.get("ids")
                .and_then(|ids| ids.as_entries())
                .map(|m| m["VersionName"].clone()),
            Some(Value::from("v1"))
        );
        let other = ParseArn.call(&[Value::from("arn:aws:foo:::x")]).unwrap();
        assert_eq!(other.get("resource_type"), Some(&Value::Null));
        let err = ParseArn.call(&[Value::from("s3://bucket")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text.starts_with("\"s3://bucket\" does not start with"),
            "{}",
            err.text
        );
    }
}
