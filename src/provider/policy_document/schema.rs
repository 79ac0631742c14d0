//! Schema of `rekognitioniam_policy_document`: argument-compatible with aws_iam_policy_document,
//! plus the checking arguments and results of this provider.

use crate::provider::validation;
use host::schema::{Attribute, Block, Mode, NestedBlock, Schema};
use host::value::Type;

const DESCRIPTION: &str = "\
Builds an IAM policy document from `statement` blocks and/or JSON documents, and validates it \
offline against the IAM catalogue of every AWS service: unknown actions (with did-you-mean), \
resources that match no resource type of the action, condition keys, operators and values, Sid, \
Version, Principal rules for the policy type, size quotas and over-broad access. Errors stop \
`terraform validate` and `terraform plan` at the exact attribute; warnings are shown as warnings; \
every finding is also returned in `findings`.

The arguments and merge rules are those of `aws_iam_policy_document`, so a configuration ports by \
renaming the data source type and renders the same policy for IAM: repeated actions, resources, \
identifiers and equal blocks count once, `condition` blocks with the same `test` and `variable` \
merge their values, empty strings in `source_policy_documents` and `override_policy_documents` \
are skipped, and condition values of JSON documents are written as strings. The kind of policy \
is inferred from the document unless `policy_type` says it. Lists keep the order you write \
where `aws_iam_policy_document` reverse-sorts them; the migration guide lists every difference. \
In JSON documents, whose objects have no order, condition operators, condition keys and \
principal types are put in name order, so re-ordering their keys changes nothing.";

fn string_list(name: &str, description: &str) -> Attribute {
    Attribute::new(name, Type::list(Type::String), Mode::Optional, description)
}

fn principals_block(name: &str, description: &str) -> NestedBlock {
    NestedBlock::list(
        name.to_string(),
        Block {
            description: description.to_string(),
            attributes: vec![
                Attribute::new(
                    "type",
                    Type::String,
                    Mode::Required,
                    "Principal type: `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`.",
                ),
                Attribute::new(
                    "identifiers",
                    Type::list(Type::String),
                    Mode::Required,
                    "Principal identifiers: ARNs, account ids, service principals such as \
                     `rekognition.amazonaws.com`, or `*`.",
                ),
            ],
            ..Block::default()
        },
    )
}

fn statement_block() -> NestedBlock {
    NestedBlock::list(
        "statement".to_string(),
        Block {
            description: "A policy statement. A statement whose `sid` matches a statement of \
                          `source_policy_documents` replaces it."
                .to_string(),
            attributes: vec![
                Attribute::new("sid", Type::String, Mode::Optional, "Statement id (alphanumeric)."),
                Attribute::new(
                    "effect",
                    Type::String,
                    Mode::Optional,
                    "`Allow` or `Deny`.",
                )
                .with_default("Allow"),
                string_list("actions", "Actions this statement applies to, e.g. `rekognition:DetectLabels` or `rekognition:Describe*`."),
                string_list("not_actions", "Actions this statement does not apply to (it applies to every other action)."),
                string_list("resources", "Resource ARNs (or `*`) this statement applies to."),
                string_list("not_resources", "Resource ARNs this statement does not apply to."),
            ],
            blocks: vec![
                principals_block("principals", "Who the statement applies to (resource and trust policies only)."),
                principals_block("not_principals", "Who the statement does not apply to."),
                NestedBlock::list(
                    "condition",
                    Block {
                        description: "A condition: `test` (operator) on `variable` (key) with `values`."
                            .to_string(),
                        attributes: vec![
                            Attribute::new("test", Type::String, Mode::Required, "Condition operator, e.g. `StringEquals` or `ArnLike`."),
                            Attribute::new("variable", Type::String, Mode::Required, "Condition key, e.g. `aws:SourceAccount`."),
                            Attribute::new("values", Type::list(Type::String), Mode::Required, "Values to compare with; any one may match."),
                        ],
                        ..Block::default()
                    },
                ),
            ],
            ..Block::default()
        },
    )
}

/// The data source's schema.
pub fn schema() -> Schema {
    Schema {
        version: 0,
        block: Block {
            description: DESCRIPTION.to_string(),
            attributes: vec![
                Attribute::new("version", Type::String, Mode::Optional, "Policy language version: `2012-10-17` (needed for policy variables) or `2008-10-17`.")
                    .with_default("2012-10-17"),
                Attribute::new("policy_id", Type::String, Mode::Optional, "The document's `Id`."),
                string_list(
                    "source_policy_documents",
                    "JSON policy documents merged first. Their Sids must be unique across the list; `statement` blocks replace statements with the same Sid.",
                ),
                string_list(
                    "override_policy_documents",
                    "JSON policy documents applied last: a statement replaces the statement with the same Sid, or is appended.",
                ),
                Attribute::new(
                    "policy_type",
                    Type::String,
                    Mode::Optional,
                    "What the document is checked as: `identity` (attached to a user, group or role), `resource` (e.g. a bucket or key policy), `trust` (a role's assume-role policy), `project` (a Rekognition Custom Labels project policy: only `rekognition:CopyProjectVersion`, principals that are accounts, roles or users, resources that are versions of one project, no `NotAction`, `NotResource` or `NotPrincipal`, at most 2,000 characters) or `auto`: a document with a `Principal` or `NotPrincipal` is a trust policy when those statements allow only `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity` or `sts:SetContext`; a project policy when every statement has a `Principal` and allows or denies exactly `rekognition:CopyProjectVersion`; else a resource policy; without principals it is an identity policy (the rule of the `check` command). Principal rules and the size limit follow it. Without it, the provider block's `default_policy_type` applies.",
                )
                .with_default("auto"),
                Attribute::new("strict", Type::Bool, Mode::Optional, "Treat warnings and security warnings as errors. Without it, the provider block's `strict` applies.")
                    .with_default("false"),
                string_list(
                    "ignore_findings",
                    "Finding codes to leave out of diagnostics and `findings`, e.g. `[\"action.redundant\"]`, in addition to the provider block's `ignore_findings`.",
                ),
                Attribute {
                    deprecated: true,
                    ..Attribute::new("source_json", Type::String, Mode::Optional, "Deprecated, as in `aws_iam_policy_document`: accepted only empty, and not used. Use `source_policy_documents`.")
                },
                Attribute {
                    deprecated: true,
                    ..Attribute::new("override_json", Type::String, Mode::Optional, "Deprecated, as in `aws_iam_policy_document`: accepted only empty, and not used. Use `override_policy_documents`.")
                },
                Attribute::new("policy_type_effective", Type::String, Mode::Computed, "The policy type the document was checked as: `policy_type`, or the inferred kind for `auto`."),
                Attribute::new("json", Type::String, Mode::Computed, "The document, pretty-printed with a 2-space indent, keys in IAM's order."),
                Attribute::new("minified_json", Type::String, Mode::Computed, "The document without whitespace."),
                validation::attribute(),
                Attribute::new("size", Type::Number, Mode::Computed, "Characters counted against the size quota: all non-whitespace characters as IAM counts them, or every character of `minified_json` for a project policy (the `PutProjectPolicy` length limit)."),
                Attribute::new(
                    "size_limit",
                    Type::Number,
                    Mode::Computed,
                    "The size quota for `policy_type_effective`: 6,144 for a managed (identity) policy, 2,048 for a trust policy, 20,480 for a resource policy, 2,000 for a project policy.",
                ),
                Attribute::new(
                    "access_levels",
                    Type::map(Type::list(Type::String)),
                    Mode::Computed,
                    "For each access level (`List`, `Read`, `Tagging`, `Write`, `Permissions management`), the sorted actions the document allows after wildcard expansion over the catalogue and explicit Deny.",
                ),
                Attribute::new("catalog_version", Type::String, Mode::Computed, "The IAM catalogue the document was checked against: the built-in catalogue's date (e.g. 2026-09-26), followed by the service reference files laid over it when the provider block sets service_reference_directory."),
            ],
            blocks: vec![statement_block()],
            ..Block::default()
        },
    }
}
