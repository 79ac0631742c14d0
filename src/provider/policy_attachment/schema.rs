//! Schema of `rekognitioniam_policy_attachment`.

use crate::provider::validation;
use host::schema::{Attribute, Block, Mode, NestedBlock, Schema};
use host::value::Type;

const DESCRIPTION: &str = "\
Plans and validates the policy attachments of one IAM user, group or role before apply, offline. \
It is a logical resource: it calls no AWS API and needs no credentials. At plan time it checks \
the managed-policy quota, the inline-policy size quota, every document with the validator, the \
identity's effective permissions against `require` and `forbid` blocks and `max_access_level`, \
and (with `allow_new_access = false`) that an update grants nothing new. When documents hold \
values known only after apply, each gate is decided at plan if no unknown value can change the \
answer (a forbidden action granted on a resource not known yet still fails the plan); otherwise \
the plan warns which gate is left to apply, and why. The validated set is recorded in state; pass its values on to `aws_iam_role_policy_attachment`, \
`aws_iam_role_policy` and friends, so that only a checked set is ever attached.";

fn access_block(name: &str, description: &str, resources_description: &str) -> NestedBlock {
    NestedBlock::list(
        name.to_string(),
        Block {
            description: description.to_string(),
            attributes: vec![
                Attribute::new(
                    "actions",
                    Type::list(Type::String),
                    Mode::Required,
                    "Actions, e.g. `rekognition:DetectLabels`; a wildcard such as `rekognition:Delete*` stands for every catalogue action it matches.",
                ),
                Attribute::new("resources", Type::list(Type::String), Mode::Optional, resources_description),
            ],
            ..Block::default()
        },
    )
}

/// The resource's schema.
pub fn schema() -> Schema {
    let computed = |name: &str, ty: Type, description: &str| {
        Attribute::new(name, ty, Mode::Computed, description)
    };
    Schema {
        // 1: inline_policies and policy_documents became dynamic (see `upgrade_v0`).
        version: 1,
        block: Block {
            description: DESCRIPTION.to_string(),
            attributes: vec![
                Attribute::new(
                    "identity_arn",
                    Type::String,
                    Mode::Required,
                    "ARN of the IAM user, group or role, e.g. `arn:aws:iam::111122223333:role/app/detector` (paths allowed; partitions `aws`, `aws-cn`, `aws-us-gov`).",
                )
                .forces_replacement(),
                Attribute::new(
                    "managed_policy_arns",
                    Type::list(Type::String),
                    Mode::Optional,
                    "Managed policies to attach: AWS managed (`arn:aws:iam::aws:policy/...`) or customer managed (`arn:aws:iam::<account>:policy/...`). The Rekognition AWS managed policies are evaluated from the provider's own copy; give the document of any other one in `policy_documents` to have it evaluated.",
                ),
                Attribute::new(
                    "policy_documents",
                    Type::Dynamic,
                    Mode::Optional,
                    "Policy ARN -> document, for the managed policies of `managed_policy_arns` the provider has no copy of (customer managed ones, typically `aws_iam_policy.x.policy`). Each document is a JSON string or a `rekognitioniam_policy_document` data source object (see `inline_policies`).",
                ),
                Attribute::new(
                    "inline_policies",
                    Type::Dynamic,
                    Mode::Optional,
                    "Inline policy name -> document: a JSON string (`jsonencode(...)`, `data.rekognitioniam_policy_document.x.json`), or the `rekognitioniam_policy_document` data source object itself (`{ images = data.rekognitioniam_policy_document.images }`); one map may mix both. Pass the object when the document uses values known only after apply (ARNs of resources created in the same run): its `json` is then unknown at plan, but its known statements are not, and the gates are decided from them. A document that is one unknown string leaves the gates that depend on it to apply, with a warning.",
                ),
                Attribute::new(
                    "max_managed_policies",
                    Type::Number,
                    Mode::OptionalComputed,
                    "Managed policies the identity may have: the account's IAM quota. At most 20 for users and roles; groups are fixed at 10.",
                )
                .with_default("10"),
                Attribute::new(
                    "allow_new_access",
                    Type::Bool,
                    Mode::OptionalComputed,
                    "When false, an update that grants any action or resource the prior state did not grant fails the plan (an offline CheckNoNewAccess). With documents known only in part, the plan fails when grants that exist whatever the unknown values are new, passes when even the widest reading grants nothing new, and otherwise warns and decides at apply.",
                )
                .with_default("true"),
                Attribute::new(
                    "max_access_level",
                    Type::String,
                    Mode::Optional,
                    "The highest access level any granted action may have: `List`, `Read`, `Tagging`, `Write` or `Permissions management`. Decided at plan from the actions known to be granted (whatever their resources); unknown actions leave it to apply, with a warning, unless a known one is already above the level.",
                ),
                Attribute::new(
                    "enforce",
                    Type::Bool,
                    Mode::OptionalComputed,
                    "When true, a failed gate or quota (`require`, `forbid`, `max_access_level`, `allow_new_access`, the managed-policy and inline-size quotas) fails the plan. When false (report only), it is a warning and is recorded in `violations`, with `verdict = \"fail\"`: for rolling a gate out, and for `terraform test`, where a `postcondition` on `verdict` can be the expected failure. Invalid input is an error either way.",
                )
                .with_default("true"),
                computed("id", Type::String, "The identity ARN."),
                computed(
                    "verdict",
                    Type::String,
                    "`pass` when every gate and quota passes, `fail` when one fails (only with `enforce = false`: otherwise the plan stops). Known after apply when a gate is decided at apply.",
                ),
                computed(
                    "violations",
                    Type::list(Type::String),
                    "The failed gates and quotas, one `summary: detail` each, in the order they are checked; empty when `verdict` is `pass`.",
                ),
                computed(
                    "effective_actions",
                    Type::list(Type::String),
                    "Sorted actions the identity is allowed by the union of its policies: wildcards expanded over the catalogue, explicit Deny applied, NotAction and NotResource handled.",
                ),
                computed(
                    "conditional_actions",
                    Type::list(Type::String),
                    "Sorted actions allowed only under a condition (or that a conditional Deny may take away).",
                ),
                computed(
                    "access_summary",
                    Type::map(Type::Number),
                    "Access level -> number of `effective_actions` at that level.",
                ),
                computed(
                    "added_actions",
                    Type::list(Type::String),
                    "Actions in `effective_actions` that the prior state did not have (empty on create).",
                ),
                computed(
                    "removed_actions",
                    Type::list(Type::String),
                    "Actions of the prior state's `effective_actions` that are no longer allowed (empty on create).",
                ),
                computed("managed_policy_count", Type::Number, "Number of managed policies attached."),
                computed(
                    "inline_policy_chars",
                    Type::Number,
                    "Characters of all inline policies together, excluding whitespace, as IAM counts them.",
                ),
                computed(
                    "inline_policy_limit",
                    Type::Number,
                    "The inline policy size quota of the identity: 2,048 for a user, 5,120 for a group, 10,240 for a role.",
                ),
                validation::attribute(),
            ],
            blocks: vec![
                access_block(
                    "require",
                    "Access the identity must have: the plan fails unless every action is allowed on every resource. With documents known only in part, it passes when the grant holds whatever the unknown values are, fails when no value can make it hold, and otherwise (the only grant is on a resource known after apply, a Deny with unknown parts may take it away) warns and is decided at apply.",
                    "Resources the actions must be allowed on. Defaults to `[\"*\"]`.",
                ),
                access_block(
                    "forbid",
                    "Access the identity must not have: the plan fails if any action is allowed (on any of the resources). A statement whose resources are known only after apply grants its known actions on some resource, so a `forbid` without `resources` fails the plan on it, unless a Deny with unknown parts may take it away; on listed resources it may or may not match, and the gate warns and is decided at apply.",
                    "Resources to check. When unset, the action must not be allowed on any resource.",
                ),
                super::intent::block(),
            ],
            ..Block::default()
        },
    }
}
