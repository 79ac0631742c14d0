//! Which attributes of which Terraform resources and data sources hold IAM policy documents,
//! and what kind of policy each is.

use engine::analysis::PolicyType;
use engine::policy::SizeQuota;

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `resource "..."`.
    Managed,
    /// `data "..."`.
    Data,
}

impl Mode {
    /// The spelling in `terraform show -json` (`managed` or `data`).
    pub fn from_json(mode: &str) -> Option<Mode> {
        match mode {
            "managed" => Some(Mode::Managed),
            "data" => Some(Mode::Data),
            _ => None,
        }
    }
}

/// Where in a resource's values the documents are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string attribute, e.g. `policy`.
    Attribute(&'static str),
    /// A string attribute of every block of a nested block list, e.g. `inline_policy[*].policy`.
    Blocks(&'static str, &'static str),
    /// Every value of a map of strings, e.g. `inline_policies["name"]`.
    Map(&'static str),
}

/// What kind of policy the documents are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Always this type, with this size quota (if one applies).
    Fixed(PolicyType, Option<SizeQuota>),
    /// Named by the resource's own `policy_type` attribute (identity when null).
    Declared,
    /// Not stated: a policy document data source, whose use decides (see `merge`).
    Unstated,
    /// An inline policy of `rekognitioniam_policy_attachment`: the quota follows the kind of
    /// its `identity_arn`.
    AttachmentInline,
    /// `aws_organizations_policy.content`: a service control policy when `type` is
    /// SERVICE_CONTROL_POLICY (the default), and no IAM policy otherwise.
    Organizations,
}

/// One attribute that holds policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Resource or data source.
    pub mode: Mode,
    /// The Terraform type, e.g. `aws_iam_policy`.
    pub type_name: &'static str,
    /// Where the documents are.
    pub shape: Shape,
    /// What they are.
    pub kind: Kind,
}

const fn managed(type_name: &'static str, shape: Shape, kind: Kind) -> Source {
    Source {
        mode: Mode::Managed,
        type_name,
        shape,
        kind,
    }
}

const fn data(type_name: &'static str, shape: Shape, kind: Kind) -> Source {
    Source {
        mode: Mode::Data,
        type_name,
        shape,
        kind,
    }
}

const fn identity(quota: SizeQuota) -> Kind {
    Kind::Fixed(PolicyType::Identity, Some(quota))
}

const TRUST: Kind = Kind::Fixed(PolicyType::Trust, Some(SizeQuota::TrustPolicy));
/// The S3 bucket policy quota is the resource-policy quota the policy core knows.
const BUCKET: Kind = Kind::Fixed(PolicyType::Resource, Some(SizeQuota::ResourcePolicy));
/// Other services' resource-policy quotas differ per service: no size check.
const RESOURCE: Kind = Kind::Fixed(PolicyType::Resource, None);

use Shape::{Attribute, Blocks, Map};

/// Every attribute searched. Resource policies whose `Resource` elements use service shorthand
/// instead of ARNs (API Gateway's `execute-api:/...`) or that are not IAM policies (IoT) are
/// left out.
pub const SOURCES: &[Source] = &[
    // identity policies and trust policies
    managed(
        "aws_iam_policy",
        Attribute("policy"),
        identity(SizeQuota::ManagedPolicy),
    ),
    managed(
        "aws_iam_role_policy",
        Attribute("policy"),
        identity(SizeQuota::InlineRole),
    ),
    managed(
        "aws_iam_user_policy",
        Attribute("policy"),
        identity(SizeQuota::InlineUser),
    ),
    managed(
        "aws_iam_group_policy",
        Attribute("policy"),
        identity(SizeQuota::InlineGroup),
    ),
    managed("aws_iam_role", Attribute("assume_role_policy"), TRUST),
    managed(
        "aws_iam_role",
        Blocks("inline_policy", "policy"),
        identity(SizeQuota::InlineRole),
    ),
    managed(
        "aws_ssoadmin_permission_set_inline_policy",
        Attribute("inline_policy"),
        Kind::Fixed(PolicyType::Identity, None),
    ),
    managed(
        "aws_organizations_policy",
        Attribute("content"),
        Kind::Organizations,
    ),
    // policy documents
    data("aws_iam_policy_document", Attribute("json"), Kind::Unstated),
    data(
        "rekognitioniam_policy_document",
        Attribute("json"),
        Kind::Declared,
    ),
    data(
        "rekognitioniam_policy_template",
        Attribute("json"),
        Kind::Declared,
    ),
    data(
        "rekognitioniam_policy_from_intent",
        Attribute("json"),
        Kind::Fixed(PolicyType::Identity, None),
    ),
    data(
        "rekognitioniam_policy_from_intent",
        Attribute("service_role_json"),
        Kind::Fixed(PolicyType::Identity, None),
    ),
    managed(
        "rekognitioniam_policy_attachment",
        Map("inline_policies"),
        Kind::AttachmentInline,
    ),
    managed(
        "rekognitioniam_policy_attachment",
        Map("policy_documents"),
        identity(SizeQuota::ManagedPolicy),
    ),
    // resource-based policies
    managed("aws_s3_bucket_policy", Attribute("policy"), BUCKET),
    managed("aws_s3_bucket", Attribute("policy"), BUCKET),
    managed("aws_sns_topic_policy", Attribute("policy"), RESOURCE),
    managed("aws_sns_topic", Attribute("policy"), RESOURCE),
    managed("aws_sqs_queue_policy", Attribute("policy"), RESOURCE),
    managed("aws_sqs_queue", Attribute("policy"), RESOURCE),
    managed("aws_kms_key", Attribute("policy"), RESOURCE),
    managed("aws_kms_replica_key", Attribute("policy"), RESOURCE),
    managed("aws_ecr_repository_policy", Attribute("policy"), RESOURCE),
    managed("aws_ecr_registry_policy", Attribute("policy"), RESOURCE),
    managed(
        "aws_secretsmanager_secret_policy",
        Attribute("policy"),
        RESOURCE,
    ),
    managed("aws_secretsmanager_secret", Attribute("policy"), RESOURCE),
    managed("aws_backup_vault_policy", Attribute("policy"), RESOURCE),
    managed("aws_efs_file_system_policy", Attribute("policy"), RESOURCE),
    managed("aws_glacier_vault", Attribute("access_policy"), RESOURCE),
    managed(
        "aws_opensearch_domain_policy",
        Attribute("access_policies"),
        RESOURCE,
    ),
    managed(
        "aws_opensearch_domain",
        Attribute("access_policies"),
        RESOURCE,
    ),
    managed(
        "aws_elasticsearch_domain_policy",
        Attribute("access_policies"),
        RESOURCE,
    ),
    managed(
        "aws_elasticsearch_domain",
        Attribute("access_policies"),
        RESOURCE,
    ),
    managed(
        "aws_dynamodb_resource_policy",
        Attribute("policy"),
        RESOURCE,
    ),
    managed("aws_kinesis_resource_policy", Attribute("policy"), RESOURCE),
    managed(
        "aws_codeartifact_domain_permissions_policy",
        Attribute("policy_document"),
        RESOURCE,
    ),
    managed(
        "aws_codeartifact_repository_permissions_policy",
        Attribute("policy_document"),
        RESOURCE,
    ),
    managed(
        "aws_s3tables_table_bucket_policy",
        Attribute("resource_policy"),
        RESOURCE,
    ),
    managed(
        "aws_s3tables_table_policy",
        Attribute("resource_policy"),
        RESOURCE,
    ),
    managed(
        "aws_sagemaker_model_package_group_policy",
        Attribute("resource_policy"),
        RESOURCE,
    ),
];

/// The policy attributes of a resource or data source type.
pub fn sources_for(mode: Mode, type_name: &str) -> impl Iterator<Item = &'static Source> + '_ {
    SOURCES
        .iter()
        .filter(move |s| s.mode == mode && s.type_name == type_name)
}

/// The inline-policy quota of the identity an ARN names (user, group or role).
pub fn inline_quota_of(identity_arn: &str) -> Option<SizeQuota> {
    let resource = identity_arn.splitn(6, ':').nth(5)?;
    match resource.split('/').next()? {
        "user" => Some(SizeQuota::InlineUser),
        "group" => Some(SizeQuota::InlineGroup),
        "role" => Some(SizeQuota::InlineRole),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iam_policy_attribute_is_searched() {
        let find = |mode, name| sources_for(mode, name).map(|s| s.shape).collect::<Vec<_>>();
        assert_eq!(
            find(Mode::Managed, "aws_iam_role"),
            [
                Attribute("assume_role_policy"),
                Blocks("inline_policy", "policy")
            ]
        );
        assert_eq!(
            find(Mode::Managed, "rekognitioniam_policy_attachment"),
            [Map("inline_policies"), Map("policy_documents")]
        );
        assert_eq!(
            find(Mode::Data, "aws_iam_policy_document"),
            [Attribute("json")]
        );
        assert!(find(Mode::Managed, "aws_iam_policy_document").is_empty());
        assert!(find(Mode::Managed, "aws_instance").is_empty());
    }

    #[test]
    fn no_source_is_listed_twice() {
        for (i, a) in SOURCES.iter().enumerate() {
            assert!(
                !SOURCES[i + 1..]
                    .iter()
                    .any(|b| a.mode == b.mode && a.type_name == b.type_name && a.shape == b.shape),
                "{a:?}"
            );
        }
    }

    #[test]
    fn quota_follows_the_identity() {
        assert_eq!(
            inline_quota_of("arn:aws:iam::111122223333:role/app"),
            Some(SizeQuota::InlineRole)
        );
        assert_eq!(
            inline_quota_of("arn:aws:iam::111122223333:user/path/u"),
            Some(SizeQuota::InlineUser)
        );
        assert_eq!(
            inline_quota_of("arn:aws:iam::111122223333:group/g"),
            Some(SizeQuota::InlineGroup)
        );
        assert_eq!(inline_quota_of("not an arn"), None);
    }
}
