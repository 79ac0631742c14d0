//! From an intent to grants, and from grants to policy documents.

use std::collections::BTreeSet;

use super::inputs::{check, partition_of, Checked, Input};
use super::table::{Implied, Operation, OptionalResources};
use super::{check_operation, Intent, IntentError, Target};
use crate::catalog;
use crate::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, Effect, OneOrMany,
    PolicyDocument, Statement, StringList,
};

/// Who a grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    /// The identity that calls the operations.
    Caller,
    /// The service role the caller passes to Rekognition.
    ServiceRole,
}

impl Holder {
    /// `caller` or `service_role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Holder::Caller => "caller",
            Holder::ServiceRole => "service_role",
        }
    }
}

/// One permission an operation needs: an action on resources, maybe under a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The operation that needs the permission, as the table names it.
    pub operation: &'static str,
    /// The IAM action, `service:Action`.
    pub action: String,
    /// The resource patterns the action is granted on (`*` where the action takes none).
    pub resources: Vec<String>,
    /// `(operator, key, value)`.
    pub condition: Option<(&'static str, &'static str, &'static str)>,
    /// Who gets the grant: the caller or the service role.
    pub holder: Holder,
    /// Why, for people: `the operation`, `S3 input`, ...
    pub reason: &'static str,
}

/// What an intent renders to.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Every grant, by operation in the order given.
    pub grants: Vec<Grant>,
    /// The caller's identity policy.
    pub identity: PolicyDocument,
    /// The service role's policy, when an operation has the service role do something.
    pub service_role: Option<PolicyDocument>,
}

const KMS_ACTIONS: [&str; 4] = [
    "kms:CreateGrant",
    "kms:DescribeKey",
    "kms:GenerateDataKey",
    "kms:Decrypt",
];

/// The checked values of every input, or the errors at their elements.
fn checked_values(intent: &Intent) -> Result<Vec<(Input, Vec<Checked>)>, Vec<IntentError>> {
    let rekognition_arns = Input::ALL
        .into_iter()
        .filter(|i| i.rekognition_kind().is_some())
        .flat_map(|i| intent.values_of(i).iter().map(String::as_str));
    let partition = partition_of(rekognition_arns);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for input in Input::ALL {
        let mut checked = Vec::new();
        for (i, text) in intent.values_of(input).iter().enumerate() {
            match check(input, text, &partition) {
                Ok(c) if !checked.contains(&c) => checked.push(c),
                Ok(_) => {}
                Err(message) => errors.push(IntentError::invalid_value(input, i, message)),
            }
        }
        out.push((input, checked));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

struct Builder<'a> {
    values: &'a [(Input, Vec<Checked>)],
    tag_on_create: bool,
    grants: Vec<Grant>,
    errors: Vec<IntentError>,
    used: BTreeSet<Input>,
    tags_used: bool,
}

impl Builder<'_> {
    fn resources(&self, input: Input) -> Vec<String> {
        self.values
            .iter()
            .find(|(i, _)| *i == input)
            .map(|(_, v)| v.iter().map(|c| c.resource.clone()).collect())
            .unwrap_or_default()
    }

    fn kinesis(&self, video: bool) -> Vec<String> {
        self.values
            .iter()
            .filter(|(i, _)| *i == Input::KinesisStreamArns)
            .flat_map(|(_, v)| v.iter().filter(|c| c.video == video))
            .map(|c| c.resource.clone())
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn grant(
        &mut self,
        op: &Operation,
        actions: &[&str],
        resources: &[String],
        holder: Holder,
        reason: &'static str,
        condition: Option<(&'static str, &'static str, &'static str)>,
    ) {
        for action in actions {
            self.grants.push(Grant {
                operation: op.name,
                action: action.to_string(),
                resources: resources.to_vec(),
                condition,
                holder,
                reason,
            });
        }
    }

    fn missing(&mut self, index: usize, message: String) {
        self.errors.push(IntentError::missing(index, message));
    }

    /// The operation's own actions, each on the given ARNs of its resource types.
    fn own_actions(&mut self, index: usize, op: &Operation) {
        for action in &op.actions {
            let Some((_, entry)) = catalog::action(action) else {
                self.missing(
                    index,
                    format!("{action} is not in the IAM catalogue. This is a bug in the provider."),
                );
                continue;
            };
            let mut resources = Vec::new();
            // A resource the request may leave out is authorized on `*`, which covers the
            // calls that name one too.
            let all_optional = entry.resources().iter().all(|r| !r.required());
            if all_optional && op.optional_resources != OptionalResources::Named {
                self.grant(
                    op,
                    &[action],
                    &["*".to_string()],
                    Holder::Caller,
                    "the operation",
                    None,
                );
                continue;
            }
            for resource in entry.resources() {
                let ty = resource.resource_type();
                let Some(input) = Input::for_resource_type(ty.name()) else {
                    continue;
                };
                self.used.insert(input);
                let given = self.resources(input);
                if given.is_empty() && resource.required() {
                    self.missing(
                        index,
                        format!(
                            "{} acts on a {} ({action} requires its ARN in the policy): set {}.",
                            op.name,
                            input.rekognition_kind().map_or("resource", |k| k.noun),
                            input.name()
                        ),
                    );
                }
                resources.extend(given);
            }
            if resources.is_empty() {
                resources.push("*".to_string());
            }
            self.grant(
                op,
                &[action],
                &resources,
                Holder::Caller,
                "the operation",
                None,
            );
        }
    }

    fn implied(&mut self, index: usize, op: &Operation, implied: Implied, always: bool) {
        let (input, what) = match implied {
            Implied::S3Read => (Input::S3Inputs, "reads its input from S3"),
            Implied::S3Write | Implied::RoleS3Write => {
                (Input::S3Outputs, "writes its results to S3")
            }
            Implied::Kms => (Input::KmsKeyArns, "takes a KMS key"),
            Implied::PassRole => (
                Input::ServiceRoleArn,
                "passes a service role to Rekognition",
            ),
            Implied::RoleSns => (Input::SnsTopicArns, "notifies an SNS topic"),
            Implied::RoleKinesis => (Input::KinesisStreamArns, "uses Kinesis streams"),
            Implied::TagOnCreate(ty) => {
                self.tags_used = true;
                if self.tag_on_create {
                    let input = Input::for_resource_type(ty);
                    if let Some(input) = input {
                        self.used.insert(input);
                    }
                    let mut resources = input.map(|i| self.resources(i)).unwrap_or_default();
                    if resources.is_empty() {
                        resources.push("*".into());
                    }
                    self.grant(
                        op,
                        &["rekognition:TagResource"],
                        &resources,
                        Holder::Caller,
                        "tags on create",
                        None,
                    );
                }
                return;
            }
        };
        self.used.insert(input);
        let resources = self.resources(input);
        if resources.is_empty() {
            if always {
                self.missing(
                    index,
                    format!("{} always {what}: set {}.", op.name, input.name()),
                );
            }
            return;
        }
        match implied {
            Implied::S3Read => self.grant(
                op,
                &["s3:GetObject"],
                &resources,
                Holder::Caller,
                "S3 input",
                None,
            ),
            Implied::S3Write => self.grant(
                op,
                &["s3:PutObject"],
                &resources,
                Holder::Caller,
                "S3 output",
                None,
            ),
            Implied::RoleS3Write => self.grant(
                op,
                &["s3:PutObject"],
                &resources,
                Holder::ServiceRole,
                "S3 output written by the service role",
                None,
            ),
            Implied::Kms => self.grant(
                op,
                &KMS_ACTIONS,
                &resources,
                Holder::Caller,
                "KMS key",
                None,
            ),
            Implied::PassRole => self.grant(
                op,
                &["iam:PassRole"],
                &resources,
                Holder::Caller,
                "passes the service role",
                Some((
                    "StringEquals",
                    "iam:PassedToService",
                    "rekognition.amazonaws.com",
                )),
            ),
            Implied::RoleSns => self.grant(
                op,
                &["sns:Publish"],
                &resources,
                Holder::ServiceRole,
                "notification channel",
                None,
            ),
            Implied::RoleKinesis => {
                let video = self.kinesis(true);
                if !video.is_empty() {
                    self.grant(
                        op,
                        &["kinesisvideo:GetDataEndpoint", "kinesisvideo:GetMedia"],
                        &video,
                        Holder::ServiceRole,
                        "Kinesis video stream input",
                        None,
                    );
                }
                let data = self.kinesis(false);
                if !data.is_empty() {
                    self.grant(
                        op,
                        &["kinesis:PutRecord", "kinesis:PutRecords"],
                        &data,
                        Holder::ServiceRole,
                        "Kinesis data stream output",
                        None,
                    );
                }
            }
            Implied::TagOnCreate(_) => {}
        }
    }
}

/// Renders `intent`: every operation known, every value checked, every resource an operation
/// always needs given, and every argument given used by some operation.
pub fn render(intent: &Intent) -> Result<Rendered, Vec<IntentError>> {
    let mut errors = Vec::new();
    let mut ops = Vec::new();
    for (i, name) in intent.operations.iter().enumerate() {
        match check_operation(name) {
            Ok(op) => ops.push((i, op)),
            Err(message) => errors.push(IntentError::unknown_operation(i, message)),
        }
    }
    let values = match checked_values(intent) {
        Ok(v) => v,
        Err(e) => {
            errors.extend(e);
            return Err(errors);
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    if ops.is_empty() {
        return Err(vec![IntentError {
            target: Target::Operations,
            ..IntentError::missing(
                0,
                "operations must list at least one operation, such as \"DetectLabels\".".into(),
            )
        }]);
    }
    let mut b = Builder {
        values: &values,
        tag_on_create: intent.tag_on_create,
        grants: Vec::new(),
        errors: Vec::new(),
        used: BTreeSet::new(),
        tags_used: false,
    };
    let mut seen = BTreeSet::new();
    for (i, op) in ops {
        if !seen.insert(op.name) {
            continue;
        }
        b.own_actions(i, op);
        for (implied, always) in &op.implied {
            b.implied(i, op, *implied, *always);
        }
    }
    for (input, given) in &values {
        if !given.is_empty() && !b.used.contains(input) {
            b.errors.push(IntentError::unused(
                Target::Input(*input, None),
                format!(
                    "None of the operations uses {}, so it would grant nothing: remove it, or add \
                     the operation that needs it.",
                    input.name()
                ),
            ));
        }
    }
    if intent.tag_on_create && !b.tags_used {
        b.errors.push(IntentError::unused(
            Target::TagOnCreate,
            "None of the operations creates a resource that can be tagged on create \
                      (CreateCollection, CreateProject, CreateProjectVersion, CopyProjectVersion, \
                      CreateDataset, CreateStreamProcessor): remove tag_on_create."
                .into(),
        ));
    }
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    let grants = b.grants;
    let identity = document(&grants, Holder::Caller);
    let service_role = grants
        .iter()
        .any(|g| g.holder == Holder::ServiceRole)
        .then(|| document(&grants, Holder::ServiceRole));
    Ok(Rendered {
        grants,
        identity,
        service_role,
    })
}

/// One statement per set of resources and condition, with the actions sorted.
fn document(grants: &[Grant], holder: Holder) -> PolicyDocument {
    type Key<'a> = (
        &'a [String],
        Option<(&'static str, &'static str, &'static str)>,
    );
    let mut groups: Vec<(Key, BTreeSet<&str>)> = Vec::new();
    for g in grants.iter().filter(|g| g.holder == holder) {
        let key: Key = (&g.resources, g.condition);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, actions)) => {
                actions.insert(&g.action);
            }
            None => groups.push((key, BTreeSet::from([g.action.as_str()]))),
        }
    }
    PolicyDocument::new(groups.into_iter().map(|((resources, condition), actions)| {
        let statement = Statement::new(Effect::Allow)
            .with_action(StringList::array(actions))
            .with_resource(StringList::array(resources.iter().cloned()));
        match condition {
            Some((operator, key, value)) => {
                statement.with_condition(ConditionBlock::new([ConditionOperator::new(
                    operator,
                    [ConditionEntry {
                        key: key.into(),
                        values: OneOrMany::one(ConditionValue::string(value)),
                    }],
                )]))
            }
            None => statement,
        }
    }))
}
