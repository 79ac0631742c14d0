//! Data source `rekognitioniam_managed_policy`: the AWS managed policies of Rekognition.

use super::named::{Named, NamedList};
use engine::managed::{self, ManagedPolicy, PolicyVersion};
use engine::suggest;
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::provider::DataSource;
use host::schema::{Attribute, Block, Mode, Schema};
use host::value::{Type, Value};

/// `rekognitioniam_managed_policy`.
pub struct ManagedPolicyDataSource;

const TYPE_NAME: &str = "rekognitioniam_managed_policy";

impl DataSource for ManagedPolicyDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        let names = suggest::one_of(&managed::names());
        let computed = |name: &str, ty: Type, description: &str| {
            Attribute::new(name, ty, Mode::Computed, description)
        };
        Schema {
            version: 0,
            block: Block {
                description: "Renders an AWS managed policy of Amazon Rekognition from the \
                              provider's own copy, with its ARN, versions and actions, so that \
                              configurations can attach, compare or extend it without calling AWS."
                    .to_string(),
                attributes: vec![
                    Attribute::new(
                        "name",
                        Type::String,
                        Mode::Required,
                        &format!("Name of the managed policy: {names}."),
                    ),
                    Attribute::new(
                        "version",
                        Type::String,
                        Mode::OptionalComputed,
                        "AWS version id of the policy document, such as `v4`. Defaults to the \
                         version AWS currently attaches by default.",
                    ),
                    computed(
                        "arn",
                        Type::String,
                        "ARN of the policy, e.g. `arn:aws:iam::aws:policy/AmazonRekognitionFullAccess` \
                         (the service role policy lives under the path `/service-role/`).",
                    ),
                    computed("path", Type::String, "IAM path of the policy."),
                    computed("description", Type::String, "What the policy grants."),
                    computed(
                        "updated",
                        Type::String,
                        "Date (YYYY-MM-DD) the selected version was created.",
                    ),
                    computed(
                        "json",
                        Type::String,
                        "The policy document, pretty-printed with a 2-space indent, keys in IAM's order.",
                    ),
                    computed(
                        "minified_json",
                        Type::String,
                        "The policy document without whitespace.",
                    ),
                    computed(
                        "actions",
                        Type::list(Type::String),
                        "The actions the document lists, in document order.",
                    ),
                    computed(
                        "versions",
                        Type::list(Type::object([
                            ("version", Type::String),
                            ("date", Type::String),
                        ])),
                        "Every version the provider knows, with its creation date.",
                    ),
                ],
                ..Block::default()
            },
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match resolve(config) {
            Resolved::Policy(..) | Resolved::NotYetKnown => Vec::new(),
            Resolved::Invalid(diags) => diags,
        }
    }

    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics) {
        match resolve(config) {
            Resolved::Policy(policy, version) => match render(policy, version) {
                Ok(state) => (Some(state), Vec::new()),
                Err(diag) => (None, vec![diag]),
            },
            Resolved::NotYetKnown => (
                None,
                vec![Diagnostic::error(
                    "Managed policy name not known",
                    "The name and version must be known when the data source is read.",
                )],
            ),
            Resolved::Invalid(diags) => (None, diags),
        }
    }
}

enum Resolved {
    Policy(&'static ManagedPolicy, &'static PolicyVersion),
    NotYetKnown,
    Invalid(Diagnostics),
}

fn resolve(config: &Value) -> Resolved {
    let names = managed::names();
    let list = NamedList {
        missing: "Missing managed policy name",
        unknown: "Unknown managed policy",
        entries_are: "an AWS managed policy of Amazon Rekognition",
        list_label: "Valid names",
        names: &names,
    };
    let policy = match list.resolve(config, managed::by_name) {
        Named::Found(policy) => policy,
        Named::NotYetKnown => return Resolved::NotYetKnown,
        Named::Invalid(diagnostics) => return Resolved::Invalid(diagnostics),
    };
    let version = match config.get("version") {
        None | Some(Value::Null) => policy.default(),
        Some(Value::Unknown) => return Resolved::NotYetKnown,
        Some(Value::String(v)) => match policy.version(v) {
            Some(found) => Some(found),
            None => {
                let ids: Vec<&str> = policy.versions.iter().map(|v| v.version.as_str()).collect();
                return Resolved::Invalid(vec![Diagnostic::error(
                    "Unknown managed policy version",
                    format!(
                        "{} has no recorded version \"{v}\". {}Known versions: {} (the default \
                         is \"{}\"). Remove version to use the default.",
                        policy.name,
                        suggest::did_you_mean(v, ids.iter().copied()),
                        suggest::one_of(&ids),
                        policy.default_version
                    ),
                )
                .at(AttributePath::root("version"))]);
            }
        },
        Some(_) => None,
    };
    match version {
        Some(v) => Resolved::Policy(policy, v),
        None => Resolved::Invalid(vec![Diagnostic::error(
            "Managed policy data incomplete",
            format!(
                "The provider's data lacks the default version of {}. This is a bug in the provider.",
                policy.name
            ),
        )]),
    }
}

fn render(policy: &ManagedPolicy, version: &PolicyVersion) -> Result<Value, Diagnostic> {
    let doc = version.parsed().ok_or_else(|| {
        Diagnostic::error(
            "Managed policy data invalid",
            format!(
                "The provider's copy of {} {} does not parse. This is a bug in the provider.",
                policy.name, version.version
            ),
        )
    })?;
    let actions: Vec<&str> = doc
        .statements()
        .iter()
        .filter_map(|s| s.action.as_ref())
        .flat_map(|list| list.strings())
        .collect();
    Ok(Value::object([
        ("name", Value::from(policy.name.as_str())),
        ("version", Value::from(version.version.as_str())),
        ("arn", Value::from(policy.arn.as_str())),
        ("path", Value::from(policy.path.as_str())),
        ("description", Value::from(policy.description.as_str())),
        ("updated", Value::from(version.date.as_str())),
        ("json", Value::from(doc.to_json_pretty())),
        ("minified_json", Value::from(doc.to_json_minified())),
        ("actions", Value::string_list(actions)),
        (
            "versions",
            Value::List(
                policy
                    .versions
                    .iter()
                    .map(|v| {
                        Value::object([
                            ("version", Value::from(v.version.as_str())),
                            ("date", Value::from(v.date.as_str())),
                        ])
                    })
                    .collect(),
            ),
        ),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name: &str, version: Option<&str>) -> Value {
        Value::object([
            ("name", Value::from(name)),
            ("version", version.map(Value::from).unwrap_or(Value::Null)),
        ])
    }

    #[test]
    fn reads_every_policy() {
        for name in managed::names() {
            let (state, diags) = ManagedPolicyDataSource.read(&config(name, None));
            assert!(diags.is_empty(), "{diags:?}");
            let state = state.unwrap();
            let json = state.get("json").and_then(Value::as_str).unwrap();
            assert!(serde_json::from_str::<serde_json::Value>(json).is_ok());
            assert!(json.contains("\n  \"Statement\""), "2-space indent: {json}");
        }
    }

    #[test]
    fn full_access_is_one_wildcard() {
        let (state, _) = ManagedPolicyDataSource.read(&config("AmazonRekognitionFullAccess", None));
        let state = state.unwrap();
        assert_eq!(
            state.get("actions"),
            Some(&Value::string_list(["rekognition:*"]))
        );
        assert_eq!(state.get("version"), Some(&Value::from("v1")));
    }

    #[test]
    fn unknown_name_suggests_the_closest() {
        let diags = ManagedPolicyDataSource.validate(&config("AmazonRekognitionFulAccess", None));
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.summary, "Unknown managed policy");
        assert!(d
            .detail
            .contains("Did you mean \"AmazonRekognitionFullAccess\"?"));
        assert_eq!(d.path, Some(AttributePath::root("name")));
    }

    #[test]
    fn unknown_version_lists_known_ones() {
        let diags = ManagedPolicyDataSource
            .validate(&config("AmazonRekognitionReadOnlyAccess", Some("v1O")));
        assert_eq!(diags[0].path, Some(AttributePath::root("version")));
        assert!(
            diags[0].detail.contains("Did you mean \"v10\"?"),
            "{}",
            diags[0].detail
        );
    }

    #[test]
    fn unknown_values_wait_for_read() {
        let cfg = Value::object([("name", Value::Unknown), ("version", Value::Null)]);
        assert!(ManagedPolicyDataSource.validate(&cfg).is_empty());
    }
}
