//! Least-privilege policy templates: the examples of the Rekognition security documentation,
//! and the permissions the developer guide lists for Face Liveness, as parameterised documents.
//!
//! One table, [`TEMPLATES`], says what each template is, which [`Param`]s it takes and
//! requires, and how it is built; the data source and its documentation are driven by it.

mod builders;
mod liveness;
mod param_values;

use crate::policy::PolicyDocument;

/// A template parameter. Each is an optional argument of the data source, named after what
/// it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    /// `project_version_arn`: a Custom Labels model (project version) ARN.
    ProjectVersionArn,
    /// `project_arn`: a Custom Labels project ARN.
    ProjectArn,
    /// `bucket_arns`: S3 bucket ARNs.
    BucketArns,
    /// `versioned`: whether the buckets have versioning enabled.
    Versioned,
    /// `source_account`: the account that owns the Rekognition resources using the role.
    SourceAccount,
    /// `source_arn`: the Rekognition resource allowed to use the role.
    SourceArn,
    /// `account_ids`: the accounts or principals allowed in.
    AccountIds,
    /// `output_bucket_arn`: the bucket Face Liveness writes its images to.
    OutputBucketArn,
    /// `output_key_prefix`: the key prefix of the Face Liveness images.
    OutputKeyPrefix,
    /// `kms_key_arn`: the KMS key that encrypts the Face Liveness images.
    KmsKeyArn,
    /// `identity_pool_id`: the Cognito identity pool whose identities may assume the role.
    IdentityPoolId,
    /// `identity_type`: `authenticated` or `unauthenticated` identities of the pool.
    IdentityType,
}

/// The shape of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// One string.
    String,
    /// A list of strings.
    StringList,
    /// A boolean.
    Bool,
}

impl Param {
    /// Every parameter, in documentation order.
    pub const ALL: [Param; 12] = [
        Param::ProjectVersionArn,
        Param::ProjectArn,
        Param::BucketArns,
        Param::Versioned,
        Param::SourceAccount,
        Param::SourceArn,
        Param::AccountIds,
        Param::OutputBucketArn,
        Param::OutputKeyPrefix,
        Param::KmsKeyArn,
        Param::IdentityPoolId,
        Param::IdentityType,
    ];

    /// The argument name, e.g. `project_version_arn`.
    pub fn name(self) -> &'static str {
        match self {
            Param::ProjectVersionArn => "project_version_arn",
            Param::ProjectArn => "project_arn",
            Param::BucketArns => "bucket_arns",
            Param::Versioned => "versioned",
            Param::SourceAccount => "source_account",
            Param::SourceArn => "source_arn",
            Param::AccountIds => "account_ids",
            Param::OutputBucketArn => "output_bucket_arn",
            Param::OutputKeyPrefix => "output_key_prefix",
            Param::KmsKeyArn => "kms_key_arn",
            Param::IdentityPoolId => "identity_pool_id",
            Param::IdentityType => "identity_type",
        }
    }

    /// The shape of its value.
    pub fn shape(self) -> ParamShape {
        match self {
            Param::BucketArns | Param::AccountIds => ParamShape::StringList,
            Param::Versioned => ParamShape::Bool,
            _ => ParamShape::String,
        }
    }

    /// What it holds (markdown).
    pub fn description(self) -> &'static str {
        match self {
            Param::ProjectVersionArn => {
                "ARN of a Custom Labels model (project version), e.g. from \
                 `provider::rekognitioniam::project_version_arn`. Wildcards are allowed, as in \
                 `arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*`."
            }
            Param::ProjectArn => {
                "ARN of a Custom Labels project, e.g. from `provider::rekognitioniam::project_arn`. \
                 Wildcards are allowed, as in `arn:aws:rekognition:*:*:project/MyProject/*`."
            }
            Param::BucketArns => {
                "ARNs of S3 buckets, such as `arn:aws:s3:::my-images` (buckets, not objects: the \
                 template adds `/*` where objects are meant)."
            }
            Param::Versioned => {
                "Whether the buckets have versioning enabled; `true` also grants \
                 `s3:GetObjectVersion`. Defaults to `false`."
            }
            Param::SourceAccount => {
                "The 12-digit account ID that owns the Rekognition resources allowed to use the \
                 role (condition `aws:SourceAccount`)."
            }
            Param::SourceArn => {
                "ARN of the Rekognition resource allowed to use the role (condition \
                 `aws:SourceArn`), such as a stream processor ARN; wildcards are allowed. \
                 Defaults to any Rekognition resource of `source_account`: \
                 `arn:aws:rekognition:*:<source_account>:*`."
            }
            Param::AccountIds => {
                "The accounts allowed in: 12-digit account IDs (each becomes its `:root` \
                 principal) or IAM principal ARNs such as `arn:aws:iam::111122223333:role/Admin`."
            }
            Param::OutputBucketArn => {
                "ARN of the S3 bucket that Face Liveness sessions write their reference and audit \
                 images to (`OutputConfig.S3Bucket` of `CreateFaceLivenessSession`), such as \
                 `arn:aws:s3:::liveness-images`; one bucket, in the caller's account and region. \
                 Without it (or with `\"\"`) the template grants no S3 access (the images come \
                 back as bytes)."
            }
            Param::OutputKeyPrefix => {
                "The sessions' `OutputConfig.S3KeyPrefix`, such as `audit/`: `s3:PutObject` is \
                 granted on the objects under it only. Needs `output_bucket_arn`; without it (or \
                 with `\"\"`) the whole bucket."
            }
            Param::KmsKeyArn => {
                "ARN of the KMS key the sessions encrypt their images with (`KmsKeyId` of \
                 `CreateFaceLivenessSession`), such as \
                 `arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`; \
                 grants `kms:GenerateDataKey` and `kms:Decrypt` on it. A key ARN, not an alias; \
                 `\"\"` is the same as leaving it out."
            }
            Param::IdentityPoolId => {
                "The Cognito identity pool whose identities may assume the role (condition \
                 `cognito-identity.amazonaws.com:aud`): `<region>:<UUID>`, such as \
                 `us-east-1:12345678-abcd-1234-abcd-123456789012`."
            }
            Param::IdentityType => {
                "Which identities of the pool may assume the role (condition \
                 `cognito-identity.amazonaws.com:amr`): `authenticated` (signed-in users, the \
                 default, also for `\"\"`) or `unauthenticated` (guests)."
            }
        }
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// The value of a [`ParamShape::String`] parameter.
    String(String),
    /// The value of a [`ParamShape::StringList`] parameter.
    StringList(Vec<String>),
    /// The value of a [`ParamShape::Bool`] parameter.
    Bool(bool),
}

/// The parameters given to a template (those not set are absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    values: Vec<(Param, ParamValue)>,
}

impl Inputs {
    /// Sets `param`.
    pub fn set(&mut self, param: Param, value: ParamValue) {
        self.values.retain(|(p, _)| *p != param);
        self.values.push((param, value));
    }

    /// Sets `param` (builder style).
    pub fn with(mut self, param: Param, value: ParamValue) -> Inputs {
        self.set(param, value);
        self
    }

    fn get(&self, param: Param) -> Option<&ParamValue> {
        self.values
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, v)| v)
    }

    /// Whether `param` is set.
    pub fn has(&self, param: Param) -> bool {
        self.get(param).is_some()
    }

    fn string(&self, param: Param) -> Result<&str, TemplateError> {
        match self.get(param) {
            Some(ParamValue::String(s)) => Ok(s),
            _ => Err(TemplateError::missing(param)),
        }
    }

    fn optional_string(&self, param: Param) -> Option<&str> {
        match self.get(param) {
            Some(ParamValue::String(s)) => Some(s),
            _ => None,
        }
    }

    fn list(&self, param: Param) -> Result<&[String], TemplateError> {
        match self.get(param) {
            Some(ParamValue::StringList(items)) if !items.is_empty() => Ok(items),
            Some(ParamValue::StringList(_)) => Err(TemplateError::on(
                param,
                format!("{} must list at least one value.", param.name()),
            )),
            _ => Err(TemplateError::missing(param)),
        }
    }

    fn flag(&self, param: Param) -> bool {
        matches!(self.get(param), Some(ParamValue::Bool(true)))
    }
}

/// What is wrong with a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Set, but the template does not take it.
    NotTaken,
    /// Required by the template, but not set.
    Missing,
    /// Set to a value that does not fit.
    Invalid,
}

/// Why a template cannot be built: the parameter (and list element) at fault, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `None` for a defect of the provider's own data.
    pub param: Option<Param>,
    /// The element of a list parameter.
    pub index: Option<usize>,
    /// What kind of error it is.
    pub problem: Problem,
    /// One or more sentences.
    pub message: String,
}

impl TemplateError {
    fn on(param: Param, message: String) -> TemplateError {
        TemplateError {
            param: Some(param),
            index: None,
            problem: Problem::Invalid,
            message,
        }
    }

    fn at(param: Param, index: usize, message: String) -> TemplateError {
        TemplateError {
            param: Some(param),
            index: Some(index),
            problem: Problem::Invalid,
            message,
        }
    }

    fn missing(param: Param) -> TemplateError {
        TemplateError {
            problem: Problem::Missing,
            ..TemplateError::on(param, format!("{} is required.", param.name()))
        }
    }
}

/// Whether a template needs a parameter or merely accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The template cannot be built without it.
    Required,
    /// The template uses it when set.
    Optional,
}

/// The kind of policy a template produces, named as the validator names policy types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Attached to a user, group or role.
    Identity,
    /// Attached to a resource (here a Custom Labels project).
    Resource,
    /// A role's trust policy.
    Trust,
    /// A Rekognition Custom Labels project policy (a resource policy with narrower rules).
    Project,
}

impl PolicyKind {
    /// `identity`, `resource`, `trust` or `project`.
    pub fn as_str(self) -> &'static str {
        self.policy_type().name()
    }

    /// The validator's policy type of the same name.
    pub fn policy_type(self) -> crate::analysis::validate::PolicyType {
        use crate::analysis::validate::PolicyType;
        match self {
            PolicyKind::Identity => PolicyType::Identity,
            PolicyKind::Resource => PolicyType::Resource,
            PolicyKind::Trust => PolicyType::Trust,
            PolicyKind::Project => PolicyType::Project,
        }
    }
}

/// A template.
pub struct Template {
    /// The template name, the value of the data source's `name` argument.
    pub name: &'static str,
    /// What it grants and where it comes from (markdown, one paragraph).
    pub description: &'static str,
    /// The kind of policy it produces.
    pub kind: PolicyKind,
    /// The parameters it takes, and whether each is required.
    pub params: &'static [(Param, Need)],
    build: fn(&Inputs) -> Result<PolicyDocument, TemplateError>,
}

impl Template {
    /// How this template uses `param`, if at all.
    pub fn need(&self, param: Param) -> Option<Need> {
        self.params
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, need)| *need)
    }

    /// `project_arn (required), versioned (optional)`, or `none`; each name between `quote`s
    /// (a backtick for markdown).
    pub fn params_summary(&self, quote: &str) -> String {
        if self.params.is_empty() {
            return "none".to_string();
        }
        self.params
            .iter()
            .map(|(p, need)| {
                let need = match need {
                    Need::Required => "required",
                    Need::Optional => "optional",
                };
                format!("{quote}{}{quote} ({need})", p.name())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The parameters set that the template does not take, and those it requires that are
    /// not set, given which are set.
    pub fn check_presence(&self, is_set: impl Fn(Param) -> bool) -> Vec<TemplateError> {
        let mut errors = Vec::new();
        for param in Param::ALL {
            let (problem, verb) = match (self.need(param), is_set(param)) {
                (None, true) => (Problem::NotTaken, "does not take"),
                (Some(Need::Required), false) => (Problem::Missing, "needs"),
                _ => continue,
            };
            errors.push(TemplateError {
                param: Some(param),
                index: None,
                problem,
                message: format!(
                    "Template \"{}\" {verb} {}. It takes {}.",
                    self.name,
                    param.name(),
                    self.params_summary("")
                ),
            });
        }
        errors
    }

    /// Builds the document: every parameter it does not take or lacks is an error, then the
    /// values are checked.
    pub fn build(&self, inputs: &Inputs) -> Result<PolicyDocument, Vec<TemplateError>> {
        let errors = self.check_presence(|p| inputs.has(p));
        if !errors.is_empty() {
            return Err(errors);
        }
        (self.build)(inputs).map_err(|e| vec![e])
    }

    /// Builds from the parameters given without checking first that the required ones are
    /// there: a parameter not given is reported missing only when the build reaches it. For
    /// checking the known parameters while others are unknown until apply.
    pub fn build_from_known(&self, inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
        (self.build)(inputs)
    }
}

/// Every template, in documentation order.
pub static TEMPLATES: [Template; 10] = [
    Template {
        name: "detect_custom_labels",
        description: "Only `rekognition:DetectCustomLabels`, on one Custom Labels model: for \
                      the application that calls the model, which needs no other Rekognition \
                      access.",
        kind: PolicyKind::Identity,
        params: &[(Param::ProjectVersionArn, Need::Required)],
        build: builders::detect_custom_labels,
    },
    Template {
        name: "custom_labels_model_lifecycle",
        description: "Create, start, stop and describe the model versions of one Custom Labels \
                      project: `CreateProjectVersion` and `DescribeProjectVersions` on the \
                      project, `StartProjectVersion` and `StopProjectVersion` on its versions.",
        kind: PolicyKind::Identity,
        params: &[(Param::ProjectArn, Need::Required)],
        build: builders::custom_labels_model_lifecycle,
    },
    Template {
        name: "custom_labels_console",
        description: "What the Custom Labels console needs, as in the AWS managed policy \
                      AmazonRekognitionCustomLabelsFullAccess, but with its S3 access scoped to \
                      the given buckets instead of every bucket whose name contains \
                      `custom-labels`; the Rekognition actions are the managed policy's.",
        kind: PolicyKind::Identity,
        params: &[(Param::BucketArns, Need::Required)],
        build: builders::custom_labels_console,
    },
    Template {
        name: "s3_image_read",
        description: "`s3:GetObject` on the objects of the given buckets, so that Rekognition \
                      can read the images a caller passes by S3 reference; with \
                      `versioned = true` also `s3:GetObjectVersion`.",
        kind: PolicyKind::Identity,
        params: &[
            (Param::BucketArns, Need::Required),
            (Param::Versioned, Need::Optional),
        ],
        build: builders::s3_image_read,
    },
    Template {
        name: "view_own_permissions",
        description: "Lets IAM users see the policies attached to themselves (user \
                      `${aws:username}`) in the console or with the CLI.",
        kind: PolicyKind::Identity,
        params: &[],
        build: builders::view_own_permissions,
    },
    Template {
        name: "service_role_trust",
        description: "A trust policy that lets `rekognition.amazonaws.com` assume a service \
                      role only on behalf of the given account's resources (conditions \
                      `aws:SourceAccount` and `aws:SourceArn`), which prevents the cross-service \
                      confused deputy problem.",
        kind: PolicyKind::Trust,
        params: &[
            (Param::SourceAccount, Need::Required),
            (Param::SourceArn, Need::Optional),
        ],
        build: builders::service_role_trust,
    },
    Template {
        name: "project_policy",
        description: "A project policy (the resource policy of a Custom Labels project) that \
                      lets the given accounts copy the project's model versions \
                      (`rekognition:CopyProjectVersion`).",
        kind: PolicyKind::Project,
        params: &[
            (Param::ProjectArn, Need::Required),
            (Param::AccountIds, Need::Required),
        ],
        build: builders::project_policy,
    },
    Template {
        name: "face_liveness_backend",
        description: "The backend of Face Liveness: `rekognition:CreateFaceLivenessSession` and \
                      `rekognition:GetFaceLivenessSessionResults` (both take `\"*\"` only), with \
                      `s3:PutObject` under the one S3 prefix the sessions write reference and \
                      audit images to, and `kms:GenerateDataKey` and `kms:Decrypt` on the key \
                      that encrypts them, when given.",
        kind: PolicyKind::Identity,
        params: &[
            (Param::OutputBucketArn, Need::Optional),
            (Param::OutputKeyPrefix, Need::Optional),
            (Param::KmsKeyArn, Need::Optional),
        ],
        build: liveness::backend,
    },
    Template {
        name: "face_liveness_frontend",
        description: "The frontend identity of Face Liveness (the role of a Cognito identity \
                      pool that the Amplify FaceLivenessDetector component signs in with): only \
                      `rekognition:StartFaceLivenessSession`, which takes `\"*\"` only. Pair it \
                      with `face_liveness_frontend_trust` as the role's trust policy.",
        kind: PolicyKind::Identity,
        params: &[],
        build: liveness::frontend,
    },
    Template {
        name: "face_liveness_frontend_trust",
        description: "The trust policy of that frontend role: `sts:AssumeRoleWithWebIdentity` \
                      for `cognito-identity.amazonaws.com`, only for identities of the given \
                      identity pool (`aud`) of the given type (`amr`: authenticated by \
                      default, or unauthenticated guests).",
        kind: PolicyKind::Trust,
        params: &[
            (Param::IdentityPoolId, Need::Required),
            (Param::IdentityType, Need::Optional),
        ],
        build: liveness::frontend_trust,
    },
];

/// The template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// The names of all templates.
pub fn names() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.name).collect()
}

#[cfg(test)]
mod tests;
