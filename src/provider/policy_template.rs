//! Data source `rekognitioniam_policy_template`: least-privilege documents from the templates
//! of [`engine::templates`].

use super::config::CallContext;
use super::named::{Named, NamedList};
use super::validation;
use engine::policy::PolicyDocument;
use engine::suggest;
use engine::templates::{
    self, Inputs, Param, ParamShape, ParamValue, Problem, Template, TemplateError, TEMPLATES,
};
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::provider::DataSource;
use host::schema::{Attribute, Block, Mode, Schema};
use host::value::{Type, Value};

/// `rekognitioniam_policy_template`.
pub struct PolicyTemplateDataSource;

const TYPE_NAME: &str = "rekognitioniam_policy_template";

fn param_type(param: Param) -> Type {
    match param.shape() {
        ParamShape::String => Type::String,
        ParamShape::StringList => Type::list(Type::String),
        ParamShape::Bool => Type::Bool,
    }
}

fn param_attribute(param: Param) -> Attribute {
    let users: Vec<String> = TEMPLATES
        .iter()
        .filter(|t| t.need(param).is_some())
        .map(|t| format!("`{}`", t.name))
        .collect();
    Attribute::new(
        param.name(),
        param_type(param),
        Mode::Optional,
        &format!("{} Used by {}.", param.description(), users.join(", ")),
    )
}

fn description() -> String {
    let mut text = String::from(
        "Renders a least-privilege IAM policy for a common Amazon Rekognition task, from the \
         examples of the Rekognition security documentation and the permissions the developer \
         guide lists for Face Liveness, scoped to the resources you give. \
         The document is rendered offline by the provider's policy renderer; feed `json` to \
         `aws_iam_policy`, a role's trust policy, or another policy document.\n\n\
         Choose the template with `name` and set the parameters it takes; a parameter it needs \
         but lacks, or one it does not take, is an error on that argument at \
         `terraform validate`. Every ARN is checked against its format.\n\nTemplates:\n\n",
    );
    for t in &TEMPLATES {
        text.push_str(&format!(
            "- `{}` ({} policy): {} Parameters: {}.\n",
            t.name,
            t.kind.as_str(),
            t.description,
            t.params_summary("`")
        ));
    }
    text
}

impl DataSource for PolicyTemplateDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        let names = suggest::one_of(&templates::names());
        let mut attributes = vec![Attribute::new(
            "name",
            Type::String,
            Mode::Required,
            &format!("The template: {names}."),
        )];
        attributes.extend(Param::ALL.into_iter().map(param_attribute));
        attributes.extend([
            Attribute::new(
                "json",
                Type::String,
                Mode::Computed,
                "The policy document, pretty-printed with a 2-space indent.",
            ),
            Attribute::new(
                "minified_json",
                Type::String,
                Mode::Computed,
                "The policy document without whitespace.",
            ),
            Attribute::new(
                "policy_type",
                Type::String,
                Mode::Computed,
                "What kind of policy the template is: `identity` (attach to a user, group or \
                 role), `project` (a Custom Labels project policy, attached to the project with \
                 `PutProjectPolicy` and checked with its rules) or `trust` (a role's \
                 assume-role policy).",
            ),
            validation::attribute(),
        ]);
        Schema {
            version: 0,
            block: Block {
                description: description(),
                attributes,
                ..Block::default()
            },
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match resolve(config) {
            Resolved::Built(..) | Resolved::NotYetKnown => Vec::new(),
            Resolved::Invalid(diags) => diags,
        }
    }

    fn read(&self, config: &Value) -> (Option<Value>, Diagnostics) {
        self.read_in(config, &CallContext::default())
    }

    /// The provider block's `ignore_findings` leave codes out of `findings`.
    fn read_in(&self, config: &Value, context: &CallContext) -> (Option<Value>, Diagnostics) {
        let ignore = &super::config::ignored_findings(context);
        match resolve(config) {
            Resolved::Built(template, doc) => {
                (Some(state(config, template, &doc, ignore)), Vec::new())
            }
            Resolved::NotYetKnown => (
                None,
                vec![Diagnostic::error(
                    "Template arguments not known",
                    "The name and parameters must be known when the data source is read.",
                )],
            ),
            Resolved::Invalid(diags) => (None, diags),
        }
    }
}

enum Resolved {
    Built(&'static Template, Box<PolicyDocument>),
    NotYetKnown,
    Invalid(Diagnostics),
}

fn resolve(config: &Value) -> Resolved {
    let names = templates::names();
    let list = NamedList {
        missing: "Missing template name",
        unknown: "Unknown policy template",
        entries_are: "a template of this provider",
        list_label: "Templates",
        names: &names,
    };
    let template = match list.resolve(config, templates::template) {
        Named::Found(template) => template,
        Named::NotYetKnown => return Resolved::NotYetKnown,
        Named::Invalid(diagnostics) => return Resolved::Invalid(diagnostics),
    };
    let value_of = |p: Param| config.get(p.name()).unwrap_or(&Value::Null);
    let presence = template.check_presence(|p| !value_of(p).is_null());
    if !presence.is_empty() {
        return Resolved::Invalid(presence.iter().map(diagnostic).collect());
    }
    if Param::ALL.iter().any(|p| value_of(*p).contains_unknown()) {
        let errors = known_part_errors(template, value_of);
        if errors.is_empty() {
            return Resolved::NotYetKnown;
        }
        return Resolved::Invalid(errors.iter().map(diagnostic).collect());
    }
    let mut inputs = Inputs::default();
    for param in Param::ALL {
        if let Some(value) = param_value(value_of(param)) {
            inputs.set(param, value);
        }
    }
    match template.build(&inputs) {
        Ok(doc) => Resolved::Built(template, Box::new(doc)),
        Err(errors) => Resolved::Invalid(errors.iter().map(diagnostic).collect()),
    }
}

/// The errors the known parameters already decide while others are unknown until apply.
///
/// The template is built from the known values only (the known elements of a list with
/// unknown ones). An error is kept when it is about a known parameter, or about a known element
/// of a partly known list (its index mapped back to the list as written); an error about a
/// parameter that is missing, or about a partly known list as a whole, may be due to the
/// values not known yet and is left for the read.
fn known_part_errors<'a>(
    template: &Template,
    value_of: impl Fn(Param) -> &'a Value,
) -> Vec<TemplateError> {
    let mut inputs = Inputs::default();
    let mut written: Vec<(Param, Vec<usize>)> = Vec::new();
    for param in Param::ALL {
        let value = value_of(param);
        if value.is_unknown() {
            continue;
        }
        if value.contains_unknown() {
            let known: Vec<(usize, &str)> = value
                .as_elements()
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
                .collect();
            inputs.set(
                param,
                ParamValue::StringList(known.iter().map(|(_, s)| s.to_string()).collect()),
            );
            written.push((param, known.into_iter().map(|(i, _)| i).collect()));
            continue;
        }
        if let Some(value) = param_value(value) {
            inputs.set(param, value);
        }
    }
    let Err(mut error) = template.build_from_known(&inputs) else {
        return Vec::new();
    };
    let Some(param) = error.param else {
        return Vec::new();
    };
    if error.problem != Problem::Invalid || value_of(param).is_unknown() {
        return Vec::new();
    }
    if let Some((_, indexes)) = written.iter().find(|(p, _)| *p == param) {
        match error.index.and_then(|i| indexes.get(i)) {
            Some(index) => error.index = Some(*index),
            None => return Vec::new(),
        }
    }
    vec![error]
}

/// A known, non-null configuration value as a template parameter.
fn param_value(value: &Value) -> Option<ParamValue> {
    match value {
        Value::String(s) => Some(ParamValue::String(s.clone())),
        Value::Bool(b) => Some(ParamValue::Bool(*b)),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            Some(ParamValue::StringList(
                items
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect(),
            ))
        }
        _ => None,
    }
}

fn diagnostic(error: &TemplateError) -> Diagnostic {
    let summary = match error.problem {
        Problem::NotTaken => "Parameter not used by this template",
        Problem::Missing => "Missing template parameter",
        Problem::Invalid => "Invalid template parameter",
    };
    let diag = Diagnostic::error(summary, error.message.clone());
    match (error.param, error.index) {
        (Some(p), Some(i)) => diag.at(AttributePath::root(p.name()).index(i)),
        (Some(p), None) => diag.at(AttributePath::root(p.name())),
        (None, _) => diag,
    }
}

fn state(config: &Value, template: &Template, doc: &PolicyDocument, ignore: &[String]) -> Value {
    let mut attrs = config.as_entries().cloned().unwrap_or_default();
    attrs.insert("json".into(), Value::from(doc.to_json_pretty()));
    attrs.insert("minified_json".into(), Value::from(doc.to_json_minified()));
    attrs.insert("policy_type".into(), Value::from(template.kind.as_str()));
    let policy_type = template.kind.policy_type();
    let found = validation::validate_text_ignoring(
        &doc.to_json_minified(),
        policy_type,
        policy_type.default_quota(),
        ignore,
    );
    attrs.insert("findings".into(), Value::List(found));
    Value::Object(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(set: &[(&str, Value)]) -> Value {
        let ty = PolicyTemplateDataSource.schema().block.value_type();
        let mut v = Value::null_object(&ty);
        if let Value::Object(m) = &mut v {
            for (k, val) in set {
                m.insert(k.to_string(), val.clone());
            }
        }
        v
    }

    const MODEL: &str = "arn:aws:rekognition:us-east-1:111122223333:project/p/version/v/1";

    #[test]
    fn reads_a_template() {
        let cfg = config(&[
            ("name", Value::from("detect_custom_labels")),
            ("project_version_arn", Value::from(MODEL)),
        ]);
        let (state, diags) = PolicyTemplateDataSource.read(&cfg);
        assert!(diags.is_empty(), "{diags:?}");
        let state = state.unwrap();
        assert_eq!(state.get("policy_type"), Some(&Value::from("identity")));
        let json = state.get("json").and_then(Value::as_str).unwrap();
        assert!(json.contains("rekognition:DetectCustomLabels"), "{json}");
        assert_eq!(state.get("project_version_arn"), Some(&Value::from(MODEL)));
    }

    #[test]
    fn errors_point_at_the_argument() {
        let cfg = config(&[
            ("name", Value::from("detect_custom_labels")),
            ("bucket_arns", Value::string_list(["arn:aws:s3:::b-1"])),
        ]);
        let diags = PolicyTemplateDataSource.validate(&cfg);
        let paths: Vec<String> = diags
            .iter()
            .map(|d| d.path.clone().unwrap_or_default().to_string())
            .collect();
        assert_eq!(paths, ["project_version_arn", "bucket_arns"]);
        assert_eq!(diags[0].summary, "Missing template parameter");
        assert_eq!(diags[1].summary, "Parameter not used by this template");
        assert!(diags[1]
            .detail
            .contains("It takes project_version_arn (required)."));
    }

    #[test]
    fn list_elements_and_names() {
        let cfg = config(&[
            ("name", Value::from("s3_image_read")),
            (
                "bucket_arns",
                Value::string_list(["arn:aws:s3:::ok-1", "bad"]),
            ),
        ]);
        let diags = PolicyTemplateDataSource.validate(&cfg);
        assert_eq!(
            diags[0].path,
            Some(AttributePath::root("bucket_arns").index(1))
        );
        let cfg = config(&[("name", Value::from("detect_custom_label"))]);
        let diags = PolicyTemplateDataSource.validate(&cfg);
        assert!(diags[0]
            .detail
            .contains("Did you mean \"detect_custom_labels\"?"));
    }

    #[test]
    fn unknown_values_wait() {
        let cfg = config(&[
            ("name", Value::from("detect_custom_labels")),
            ("project_version_arn", Value::Unknown),
        ]);
        assert!(PolicyTemplateDataSource.validate(&cfg).is_empty());
        let cfg = config(&[
            ("name", Value::from("detect_custom_labels")),
            ("source_account", Value::Unknown),
        ]);
        assert_eq!(PolicyTemplateDataSource.validate(&cfg).len(), 2);
    }

    #[test]
    fn known_parameters_are_checked_while_others_are_unknown() {
        // a known bad bucket next to an unknown one, at its index as written
        let cfg = config(&[
            ("name", Value::from("s3_image_read")),
            (
                "bucket_arns",
                Value::List(vec![Value::Unknown, Value::from("bad")]),
            ),
        ]);
        let diags = PolicyTemplateDataSource.validate(&cfg);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].path,
            Some(AttributePath::root("bucket_arns").index(1))
        );
        // a list of unknowns only is not taken for an empty one
        let cfg = config(&[
            ("name", Value::from("s3_image_read")),
            ("bucket_arns", Value::List(vec![Value::Unknown])),
        ]);
        assert!(PolicyTemplateDataSource.validate(&cfg).is_empty());
        // a bad account next to an unknown source ARN
        let cfg = config(&[
            ("name", Value::from("service_role_trust")),
            ("source_account", Value::from("1234")),
            ("source_arn", Value::Unknown),
        ]);
        let diags = PolicyTemplateDataSource.validate(&cfg);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, Some(AttributePath::root("source_account")));
        // a good account next to an unknown source ARN: nothing is decided against it
        let cfg = config(&[
            ("name", Value::from("service_role_trust")),
            ("source_account", Value::from("111122223333")),
            ("source_arn", Value::Unknown),
        ]);
        assert!(PolicyTemplateDataSource.validate(&cfg).is_empty());
        // account IDs are checked only when the project, whose partition they use, is known
        let cfg = config(&[
            ("name", Value::from("project_policy")),
            ("project_arn", Value::Unknown),
            ("account_ids", Value::string_list(["bad"])),
        ]);
        assert!(PolicyTemplateDataSource.validate(&cfg).is_empty());
    }

    #[test]
    fn the_description_lists_every_template() {
        let schema = PolicyTemplateDataSource.schema();
        for t in &TEMPLATES {
            assert!(schema
                .block
                .description
                .contains(&format!("- `{}`", t.name)));
        }
    }
}
