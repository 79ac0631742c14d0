//! Data source `rekognitioniam_policy_from_intent`: the minimal policy for the Rekognition
//! operations a workload calls, from [`crate::intent`].

use super::config::CallContext;
use super::validation;
use engine::analysis::{validate_json, PolicyType, ValidateOptions};
use engine::intent::{
    self, check_operation, check_value, partition_of, Grant, Input, Intent, IntentError, Problem,
    Rendered, Target,
};
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::provider::DataSource;
use host::schema::{Attribute, Block, Mode, Schema};
use host::value::{Type, Value};

/// `rekognitioniam_policy_from_intent`.
pub struct PolicyFromIntentDataSource;

const TYPE_NAME: &str = "rekognitioniam_policy_from_intent";

/// The arguments that declare an intent (shared with the attachment's `intent` block).
pub fn intent_attributes() -> Vec<Attribute> {
    let mut out = vec![Attribute::new(
        "operations",
        Type::list(Type::String),
        Mode::Required,
        "The Amazon Rekognition API operations the workload calls, named as in the API \
         reference (`DetectLabels`, `StartFaceSearch`, ...). What each needs is in the \
         operation table of the `rekognitioniam_policy_from_intent` page.",
    )];
    for input in Input::ALL {
        let ty = if input.is_single() {
            Type::String
        } else {
            Type::list(Type::String)
        };
        out.push(Attribute::new(
            input.name(),
            ty,
            Mode::Optional,
            input.description(),
        ));
    }
    out.push(Attribute::new(
        "tag_on_create",
        Type::Bool,
        Mode::Optional,
        "Whether the create operations tag what they create (`Tags` in the request); that also \
         needs `rekognition:TagResource`, granted on the ARNs given for the created resource's \
         type. Defaults to `false`.",
    ));
    out
}

/// The operation table as markdown.
pub fn operations_table() -> String {
    let mut text = String::from(
        "| operation | actions | resource types | implies | from request parameters |\n\
         |---|---|---|---|---|\n",
    );
    for op in &intent::table::table().operations {
        let implied: Vec<String> = op
            .implied
            .iter()
            .map(|(i, always)| format!("`{}`{}", i.token(), if *always { " (always)" } else { "" }))
            .collect();
        let actions: Vec<String> = op.actions.iter().map(|a| format!("`{a}`")).collect();
        let types: Vec<String> = op
            .actions
            .iter()
            .filter_map(|a| engine::catalog::action(a))
            .flat_map(|(_, a)| a.resources().iter())
            .map(|r| {
                let star = if r.required() { "*" } else { "" };
                format!("`{}{star}`", r.resource_type().name())
            })
            .collect();
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            op.name,
            actions.join(", "),
            match (types.is_empty(), op.optional_resources) {
                (true, _) => "none (`*`)".to_string(),
                (false, intent::OptionalResources::Optional) => {
                    format!("{} (optional: on `*`)", types.join(", "))
                }
                (false, _) => types.join(", "),
            },
            if implied.is_empty() {
                "-".to_string()
            } else {
                implied.join(", ")
            },
            op.parameters
        ));
    }
    text
}

fn description() -> String {
    format!(
        "Renders the minimal IAM policy for the Amazon Rekognition API operations a workload \
         calls, scoped to the resources it calls them on. Each operation gets its IAM action, on \
         the ARNs given for the action's resource types (on `*` where the action has none), and \
         the permissions it implies: `s3:GetObject` on `s3_inputs` for an operation that reads \
         an S3 object, `s3:PutObject` on `s3_outputs` for one that writes results to S3, the KMS \
         permissions on `kms_key_arns` for one that takes a `KmsKeyId`, `iam:PassRole` on \
         `service_role_arn` limited by `iam:PassedToService` for one that passes a role, and \
         `rekognition:TagResource` with `tag_on_create`. What the service role itself does \
         (publish to SNS, read Kinesis video streams, write Kinesis data streams and a stream \
         processor's S3 output) is rendered as a second policy, `service_role_json`.\n\n\
         Both documents are checked like `rekognitioniam_policy_document` (`findings`). An \
         unknown operation name (with a did-you-mean), a malformed ARN, a resource an operation \
         always needs but that is not given, or an argument no operation uses is an error on \
         that argument at `terraform validate`. An empty string in a resource argument stands \
         for no value, as a module variable that defaults to `\"\"` does.\n\n\
         An action whose resource types are all optional is scoped to the ARNs given for \
         them when the request always names such a resource (`TagResource`, `UntagResource`, \
         `ListTagsForResource`), and granted on `*` when the request may name none \
         (`DetectModerationLabels` and `StartMediaAnalysisJob`, whose adapter is optional): `*` \
         covers the calls with an adapter too.\n\n\
         ## Operations\n\n\
         The table is `crates/engine/data/intent/operations.tsv` of the provider's source, derived from the \
         request parameters of each operation in the Amazon Rekognition API Reference; the \
         actions' resource types come from the IAM catalogue ({}). `(always)` marks a resource \
         the operation cannot run without; in the resource types, `*` after a type marks one the \
         action requires, and `none` an action \
         the catalogue scopes to no resource type, granted on `*`.\n\n\
         What the implied permissions grant, when their argument is given:\n\n\
         - `s3-read`: `s3:GetObject` on `s3_inputs` (Rekognition reads S3 objects with the \
         caller's permissions).\n\
         - `s3-write`: `s3:PutObject` on `s3_outputs`.\n\
         - `kms`: `kms:CreateGrant`, `kms:DescribeKey`, `kms:GenerateDataKey` and `kms:Decrypt` \
         on `kms_key_arns`.\n\
         - `pass-role`: `iam:PassRole` on `service_role_arn`, with the condition \
         `iam:PassedToService` = `rekognition.amazonaws.com`.\n\
         - `tag=<type>`: with `tag_on_create = true`, `rekognition:TagResource` on the ARNs given \
         for `<type>` (on `*` when none are).\n\
         - `role-sns`, `role-kinesis`, `role-s3-write` (in `service_role_json`): `sns:Publish` on \
         `sns_topic_arns`; `kinesisvideo:GetDataEndpoint` and `kinesisvideo:GetMedia` on the \
         Kinesis video streams and `kinesis:PutRecord` and `kinesis:PutRecords` on the Kinesis \
         data streams of `kinesis_stream_arns`; `s3:PutObject` on `s3_outputs`.\n\n{}",
        engine::catalog::CATALOG_VERSION,
        operations_table()
    )
}

impl DataSource for PolicyFromIntentDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        let mut attributes = intent_attributes();
        attributes.extend([
            Attribute::new(
                "json",
                Type::String,
                Mode::Computed,
                "The caller's identity policy, pretty-printed with a 2-space indent.",
            ),
            Attribute::new(
                "minified_json",
                Type::String,
                Mode::Computed,
                "The caller's identity policy without whitespace.",
            ),
            Attribute::new(
                "service_role_json",
                Type::String,
                Mode::Computed,
                "The permissions policy of the service role passed to Rekognition \
                 (pretty-printed), or null when no operation has the role do anything. Attach \
                 it to the role whose trust policy lets `rekognition.amazonaws.com` assume it \
                 (template `service_role_trust` of `rekognitioniam_policy_template`).",
            ),
            Attribute::new(
                "actions",
                Type::list(Type::String),
                Mode::Computed,
                "Every action `json` grants, sorted.",
            ),
            Attribute::new(
                "permissions",
                Type::list(permission_type()),
                Mode::Computed,
                "Each permission and why: `operation`, `action`, `resources`, `holder` \
                 (`caller` or `service_role`), `reason` (`the operation`, `S3 input`, \
                 `S3 output`, `KMS key`, `passes the service role`, `tags on create`, ...) and \
                 `condition` (the condition as JSON, or null).",
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
        let ignore = super::config::ignored_findings(context);
        match resolve(config) {
            Resolved::Built(rendered) => (Some(state(config, &rendered, &ignore)), Vec::new()),
            Resolved::NotYetKnown => (
                None,
                vec![Diagnostic::error(
                    "Intent not known",
                    "The operations and resources must be known when the data source is read.",
                )],
            ),
            Resolved::Invalid(diags) => (None, diags),
        }
    }
}

/// What a configuration (or an `intent` block) comes to.
pub enum Resolved {
    /// Every value is known and fine: the rendered policies.
    Built(Box<Rendered>),
    /// Some value is unknown until apply and the known ones are fine.
    NotYetKnown,
    /// Some value is wrong: the diagnostics that say which and how to fix it.
    Invalid(Diagnostics),
}

/// The path of an intent error under `base` (the block's path; `None` for the data source).
fn path(base: &Option<AttributePath>, target: Target) -> AttributePath {
    let at = |name: &str| match base {
        Some(p) => p.clone().attr(name),
        None => AttributePath::root(name),
    };
    match target {
        Target::Operation(i) => at("operations").index(i),
        Target::Operations => at("operations"),
        Target::Input(input, Some(i)) => at(input.name()).index(i),
        Target::Input(input, None) => at(input.name()),
        Target::TagOnCreate => at("tag_on_create"),
    }
}

fn diagnostic(base: &Option<AttributePath>, error: &IntentError) -> Diagnostic {
    let summary = match error.problem {
        Problem::UnknownOperation => "Unknown Rekognition operation",
        Problem::Missing => "Resource missing for an operation",
        Problem::InvalidValue => "Invalid resource",
        Problem::Unused => "Argument not used by any operation",
    };
    Diagnostic::error(summary, error.message.clone()).at(path(base, error.target))
}

/// The strings of a list (or a single string) value, `None` for an element not known.
fn strings(value: &Value) -> Vec<Option<String>> {
    match value {
        Value::String(s) => vec![Some(s.clone())],
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads an intent from `config` (the data source's configuration or an `intent` block):
/// checks every known element, and renders when everything is known. Diagnostics are placed
/// under `base`.
pub fn resolve_at(config: &Value, base: Option<AttributePath>) -> Resolved {
    let get = |name: &str| config.get(name).unwrap_or(&Value::Null);
    let operations = get("operations");
    let mut unknown = operations.contains_unknown();
    let mut errors = Vec::new();
    let mut intent = Intent::default();
    for (i, name) in strings(operations).into_iter().enumerate() {
        let Some(name) = name else { continue };
        if let Err(message) = check_operation(&name) {
            errors.push(IntentError::unknown_operation(i, message));
        }
        intent.operations.push(name);
    }
    let known_arns: Vec<String> = Input::ALL
        .into_iter()
        .filter(|i| i.rekognition_kind().is_some())
        .flat_map(|i| strings(get(i.name())).into_iter().flatten())
        .collect();
    let partition = partition_of(known_arns.iter().map(String::as_str));
    for input in Input::ALL {
        let value = get(input.name());
        unknown |= value.contains_unknown();
        let mut given = Vec::new();
        for (i, text) in strings(value).into_iter().enumerate() {
            let Some(text) = text else { continue };
            // "" stands for no value, as a module variable that defaults to "" means
            if text.is_empty() {
                continue;
            }
            if let Err(message) = check_value(input, &text, &partition) {
                errors.push(IntentError::invalid_value(input, i, message));
            }
            given.push(text);
        }
        if !value.is_null() && !value.is_unknown() {
            intent.values.insert(input, given);
        }
    }
    let tag = get("tag_on_create");
    unknown |= tag.is_unknown();
    intent.tag_on_create = tag.as_bool().unwrap_or(false);
    if !errors.is_empty() {
        return Resolved::Invalid(errors.iter().map(|e| diagnostic(&base, e)).collect());
    }
    if unknown {
        return Resolved::NotYetKnown;
    }
    match intent::render(&intent) {
        Ok(rendered) => Resolved::Built(Box::new(rendered)),
        Err(errors) => Resolved::Invalid(errors.iter().map(|e| diagnostic(&base, e)).collect()),
    }
}

fn resolve(config: &Value) -> Resolved {
    resolve_at(config, None)
}

fn permission_type() -> Type {
    Type::object([
        ("operation", Type::String),
        ("action", Type::String),
        ("resources", Type::list(Type::String)),
        ("holder", Type::String),
        ("reason", Type::String),
        ("condition", Type::String),
    ])
}

fn permission(grant: &Grant) -> Value {
    let condition = grant.condition.map_or(Value::Null, |(op, key, value)| {
        Value::from(serde_json::json!({ op: { key: value } }).to_string())
    });
    Value::object([
        ("operation", Value::from(grant.operation)),
        ("action", Value::from(grant.action.as_str())),
        (
            "resources",
            Value::string_list(grant.resources.iter().cloned()),
        ),
        ("holder", Value::from(grant.holder.as_str())),
        ("reason", Value::from(grant.reason)),
        ("condition", condition),
    ])
}

fn found(text: &str, document: &str, ignore: &[String]) -> Vec<Value> {
    let options = ValidateOptions {
        policy_type: PolicyType::Identity,
        size_quota: Some(PolicyType::Identity.default_quota()),
        ignore: ignore.to_vec(),
    };
    validate_json(text, &options)
        .findings
        .iter()
        .map(|f| validation::to_value(f, document, &f.place()))
        .collect()
}

fn state(config: &Value, rendered: &Rendered, ignore: &[String]) -> Value {
    let mut attrs = config.as_entries().cloned().unwrap_or_default();
    let minified = rendered.identity.to_json_minified();
    attrs.insert(
        "json".into(),
        Value::from(rendered.identity.to_json_pretty()),
    );
    attrs.insert("minified_json".into(), Value::from(minified.as_str()));
    let mut all_findings = found(&minified, "", ignore);
    let role = match &rendered.service_role {
        Some(doc) => {
            all_findings.extend(found(&doc.to_json_minified(), "service_role_json", ignore));
            Value::from(doc.to_json_pretty())
        }
        None => Value::Null,
    };
    attrs.insert("service_role_json".into(), role);
    let actions: std::collections::BTreeSet<&str> = rendered
        .grants
        .iter()
        .filter(|g| g.holder == intent::Holder::Caller)
        .map(|g| g.action.as_str())
        .collect();
    attrs.insert("actions".into(), Value::string_list(actions));
    attrs.insert(
        "permissions".into(),
        Value::List(rendered.grants.iter().map(permission).collect()),
    );
    attrs.insert("findings".into(), Value::List(all_findings));
    Value::Object(attrs)
}

#[cfg(test)]
mod tests;
