//! Policy analysis: the validator and effective permissions.
//!
//! The validator tells, before anything reaches AWS, what IAM would reject and what would
//! silently grant nothing or more than meant, with the exact place and a concrete fix:
//!
//! ```
//! use rekognitioniam_engine::analysis::{validate_json, ValidateOptions};
//!
//! let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
//!     "Action": "rekognition:DetectLabel", "Resource": "*"}]}"#;
//! let report = validate_json(policy, &ValidateOptions::default());
//! let finding = &report.findings[0];
//! assert_eq!(finding.code, "action.unknown");
//! assert_eq!(finding.message, r#"Unknown action "rekognition:DetectLabel""#);
//! assert!(finding.detail.starts_with(r#"Did you mean "rekognition:DetectLabels"?"#));
//! assert_eq!(finding.place(), "2:15");
//! ```
//!
//! - [`validate`] checks a [`crate::policy::PolicyDocument`] (parsed, or built from
//!   Terraform blocks without spans); [`validate_json`] parses text first and turns parse
//!   errors into findings with the parse error's code (`json.trailing_comma`, ...; see
//!   [`crate::policy`]) and severity error.
//! - [`ValidateOptions`] chooses the [`PolicyType`] (identity by default, resource, role trust,
//!   service control, Rekognition project), an optional IAM [`crate::policy::SizeQuota`], and codes to ignore.
//! - Every [`Finding`] has a stable `code`, a [`Severity`] fixed per code, a one-line
//!   `message`, a `detail` that says how to fix it, and a [`crate::policy::Location`]
//!   (statement, element, index; with the source span when parsed). All findings are
//!   returned, never just the first, in document order, deterministically.
//!
//! Severities: **error** — IAM rejects the policy, or IAM Access Analyzer reports the mistake
//! as an error (an unknown action, a malformed ARN); **security_warning** — the policy grants
//! more than it looks like; **warning** — accepted, but part of it silently does nothing or
//! not what it says; **suggestion** — harmless, but simpler or clearer written otherwise.
//!
//! Names are checked against the IAM catalogue ([`crate::catalog`], dated
//! [`crate::catalog::CATALOG_VERSION`]): actions, services, resource types and their ARN
//! formats, condition keys and their types. `docs/conformance.md` compares the findings with
//! IAM Access Analyzer's on 1,444 AWS managed policies and with Parliament's test cases.
//!
//! # Codes
//!
//! The same table is [`CODES`], from which documentation pages are generated. "Access
//! Analyzer" is the `ValidatePolicy` issue code that reports the same problem, "Parliament"
//! the Parliament finding.
//!
//! | code | severity | meaning | Access Analyzer | Parliament |
//! |---|---|---|---|---|
//! | `version.missing` | warning | The document has no Version; IAM then uses 2008-10-17, which does not substitute policy variables. | `MISSING_VERSION` | `NO_VERSION` |
//! | `version.invalid` | error | Version is not 2012-10-17 or 2008-10-17; IAM rejects the policy. | `INVALID_VERSION` | `INVALID_VERSION` |
//! | `version.legacy` | suggestion | Version 2008-10-17 is the legacy policy language: policy variables are not substituted. | — | `OLD_VERSION` |
//! | `statement.missing` | error | The document has no Statement, or an empty one; IAM rejects it. | `MISSING_STATEMENT` | `MALFORMED` |
//! | `statement.conflicting_elements` | error | A statement has both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal. | `UNSUPPORTED_ELEMENT_COMBINATION` | `MALFORMED` |
//! | `statement.redundant` | suggestion | Two statements grant or deny exactly the same; one can be removed. | `REDUNDANT_STATEMENT` | — |
//! | `sid.invalid` | error | IAM policies accept only ASCII letters and digits in Sid. | `UNSUPPORTED_SID` | `INVALID_SID` |
//! | `sid.empty` | suggestion | Sid is an empty string; give it a name or remove it. | `EMPTY_SID_VALUE` | — |
//! | `sid.duplicate` | error | Two statements of an IAM policy have the same Sid; IAM requires them to be unique. | `UNIQUE_SIDS_REQUIRED` | `DUPLICATE_SID` |
//! | `sid.not_unique` | warning | Two statements of a resource policy have the same Sid. | `UNIQUE_SIDS_RECOMMENDED` | `DUPLICATE_SID` |
//! | `effect.missing` | error | A statement has no Effect; IAM rejects it. | `MISSING_EFFECT` | `MALFORMED` |
//! | `effect.invalid` | error | Effect is not exactly Allow or Deny (the values are case-sensitive). | `INVALID_EFFECT` | `MALFORMED` |
//! | `action.missing` | error | A statement has neither Action nor NotAction. | `MISSING_ACTION` | `MALFORMED` |
//! | `resource.missing` | error | A statement has neither Resource nor NotResource. | `MISSING_RESOURCE` | `MALFORMED` |
//! | `size.exceeded` | error | The policy has more non-white-space characters than the chosen IAM quota allows (for a project policy, more characters, white space included, than PutProjectPolicy accepts). | `POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA` | — |
//! | `principal.not_allowed` | error | Identity policies and service control policies take no Principal or NotPrincipal: the principal is whoever the policy is attached to. | `UNSUPPORTED_PRINCIPAL` | — |
//! | `principal.missing` | error | Resource policies and role trust policies need a Principal (or NotPrincipal) in every statement. | `MISSING_PRINCIPAL` | — |
//! | `principal.invalid_format` | error | The string form of Principal accepts only "*"; anything else needs the map form {"AWS": ...}. | `INVALID_PRINCIPAL_FORMAT` | — |
//! | `principal.unknown_type` | error | A principal map key is not AWS, Service, Federated or CanonicalUser (case-sensitive). | `INVALID_PRINCIPAL_KEY` | — |
//! | `principal.empty` | suggestion | A principal map or list is empty, so the statement applies to no one (Access Analyzer: EMPTY_ARRAY_PRINCIPAL, EMPTY_OBJECT_PRINCIPAL). | `EMPTY_ARRAY_PRINCIPAL` | — |
//! | `principal.unsupported_wildcard` | error | Wildcards are allowed in principals only as a whole "*" (or {"AWS": "*"}). | `UNSUPPORTED_WILDCARD_IN_PRINCIPAL` | — |
//! | `principal.invalid_aws` | error | An AWS principal is not "*", a 12-digit account ID or an IAM/STS ARN. | — | `UNKNOWN_PRINCIPAL` |
//! | `principal.invalid_service` | error | A service principal does not look like service.amazonaws.com (lower case). | `INVALID_SERVICE_PRINCIPAL_FORMAT` | — |
//! | `principal.invalid_federated` | error | A federated principal is neither a domain name nor a SAML or OIDC provider ARN. | `INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY` | `UNKNOWN_FEDERATION_SOURCE` |
//! | `principal.unique_id` | warning | A principal is an IAM unique ID (AIDA..., AROA...); IAM shows it in place of a deleted user or role (Access Analyzer: INVALID_USER_REFERENCE, INVALID_ROLE_REFERENCE). | `INVALID_ROLE_REFERENCE` | — |
//! | `security.allow_not_principal` | security_warning | Allow with NotPrincipal grants access to everyone except the listed principals, anonymous users included. | `ALLOW_WITH_NOTPRINCIPAL` | `NOTPRINCIPAL_WITH_ALLOW` |
//! | `trust.resource_not_allowed` | error | A role trust policy applies to its role: it takes no Resource or NotResource. | `ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE` | — |
//! | `trust.not_principal` | error | Role trust policies do not support NotPrincipal. | `ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL` | — |
//! | `trust.wildcard_principal` | error | "Principal": "*" is not supported in a role trust policy. | `ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL` | — |
//! | `trust.unsupported_action` | error | A role trust policy can only allow sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext. | — | — |
//! | `project.unsupported_action` | error | A Rekognition project policy accepts only the action rekognition:CopyProjectVersion, written out in full (no wildcard). | — | — |
//! | `project.unsupported_element` | error | Rekognition rejects a project policy with NotAction, NotResource or NotPrincipal. | — | — |
//! | `project.unsupported_principal` | error | The principals of a project policy are AWS accounts (12-digit IDs or root ARNs), IAM roles and IAM users, under "AWS": not "*", service, federated or canonical-user principals, or STS sessions. | — | — |
//! | `project.resource_not_version` | error | Every Resource of a project policy is the ARN of a model version of a project (arn:aws:rekognition:region:account:project/name/version/version-name/timestamp; wildcards allowed, e.g. .../version/*/* for every version). | — | — |
//! | `project.resource_other_project` | error | A project policy is attached to one project, so all its resources are versions of that one project: two resources name different projects in full. | — | — |
//! | `action.empty` | suggestion | Action or NotAction is an empty list, so the statement affects nothing. | `EMPTY_ARRAY_ACTION` | — |
//! | `action.invalid_format` | error | An action is not of the form service:Action (or "*"). | `INVALID_ACTION` | `UNKNOWN_ACTION` |
//! | `action.unknown_service` | error | The service prefix of an action is not an IAM service prefix. | `INVALID_SERVICE_IN_ACTION` | `UNKNOWN_PREFIX` |
//! | `action.retired_service` | warning | The action belongs to a service AWS has discontinued and removed from the catalogue, so it grants nothing. | `INVALID_SERVICE_IN_ACTION` | `UNKNOWN_PREFIX` |
//! | `action.unknown` | error | The service exists but has no such action (API operation names are not always IAM action names). | `INVALID_ACTION` | `UNKNOWN_ACTION` |
//! | `action.no_match` | error | A wildcard action pattern matches no action of the catalogue. | `INVALID_ACTION` | `UNKNOWN_ACTION` |
//! | `action.wildcard_service` | suggestion | A wildcard in the service part of an action can grant actions of other services with similar names. | `WILDCARD_IN_SERVICE_NAME` | — |
//! | `action.redundant` | suggestion | An action is listed twice or is covered by a wildcard pattern in the same statement. | `REDUNDANT_ACTION` | — |
//! | `action.no_matching_resource` | warning | None of the statement's resources is of a type the action can be scoped to, so the statement grants or denies nothing for it. | — | `RESOURCE_MISMATCH` |
//! | `lifecycle.end_of_support` | warning | An Allow statement names an action of a feature AWS no longer supports (e.g. rekognition:StartPersonTracking of People Pathing), so the grant does nothing. Only actions written out are reported, not wildcards that happen to match them. | — | — |
//! | `lifecycle.closed_to_new_customers` | warning | An Allow statement names an action of a feature AWS no longer offers to new customers (e.g. the stream processors of Streaming Video Analysis); it works only for accounts that already use the feature. Only actions written out are reported, not wildcards that happen to match them. | — | — |
//! | `resource.empty` | suggestion | Resource or NotResource is an empty list, so the statement affects nothing. | `EMPTY_ARRAY_RESOURCE` | — |
//! | `resource.invalid_prefix` | error | A resource is neither "*" nor an ARN starting with arn:. | `INVALID_ARN_PREFIX` | `INVALID_ARN` |
//! | `resource.missing_arn_field` | error | An ARN needs six colon-separated fields: arn:partition:service:region:account:resource. | `MISSING_ARN_FIELD` | `INVALID_ARN` |
//! | `resource.short_wildcard_arn` | warning | An ARN such as arn:aws:logs:* has fewer than six fields; IAM's trailing * matches the rest, so it works, but the six-field form (arn:aws:logs:*:*:*) says so plainly. | `MISSING_ARN_FIELD` | `INVALID_ARN` |
//! | `resource.invalid_partition` | error | The partition of an ARN is not one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc. | `INVALID_PARTITION` | `INVALID_ARN` |
//! | `resource.service_case` | error | The service field of an ARN must be lower case; ARNs are case-sensitive. | `INVALID_ARN_SERVICE_CASE` | — |
//! | `resource.unknown_service` | error | The service field of an ARN is no service of the catalogue. | `INVALID_SERVICE` | — |
//! | `resource.invalid_region` | error | The region field of an ARN is not a region code such as us-east-1 (an availability zone such as us-east-1a is not a region). | `INVALID_ARN_REGION` | `INVALID_ARN` |
//! | `resource.invalid_account` | error | The account field of an ARN is not a 12-digit account ID. | `INVALID_ARN_ACCOUNT` | `INVALID_ARN` |
//! | `resource.region_not_allowed` | error | The resource type's ARNs have an empty region field (e.g. S3 buckets, IAM roles). | `ARN_REGION_NOT_ALLOWED` | — |
//! | `resource.missing_region` | error | The resource type's ARNs always name a region, but the region field is empty. | `MISSING_ARN_REGION` | — |
//! | `resource.account_not_allowed` | error | The resource type's ARNs have an empty account field (e.g. S3 buckets). | `ARN_ACCOUNT_NOT_ALLOWED` | — |
//! | `resource.no_matching_action` | warning | A resource is of no type any action of the statement can be scoped to, so it has no effect. | — | `RESOURCE_MISMATCH` |
//! | `resource.redundant` | suggestion | A resource is listed twice or is covered by a wildcard ARN in the same statement. | `REDUNDANT_RESOURCE` | — |
//! | `resource.star_could_be_scoped` | suggestion | The statement allows actions that support resource-level permissions on every resource; naming the resources grants less. | — | `RESOURCE_STAR` |
//! | `condition.empty` | suggestion | A Condition block or an operator in it is empty and has no effect. | `EMPTY_OBJECT_CONDITION` | — |
//! | `condition.unknown_operator` | error | The operator is not one IAM defines (names are case-sensitive); IAM rejects the policy. | `INVALID_CONDITION_OPERATOR` | `UNKNOWN_OPERATOR` |
//! | `condition.null_if_exists` | error | The Null operator cannot take the IfExists suffix. | `NULL_WITH_IF_EXISTS` | — |
//! | `condition.null_with_qualifier` | suggestion | ForAllValues:Null and ForAnyValue:Null always evaluate to true and false respectively. | `NULL_WITH_QUALIFIER` | — |
//! | `condition.invalid_key_format` | error | A condition key is not of the form service:name. | `INVALID_CONDITION_KEY_FORMAT` | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.unknown_global_key` | error | An aws: condition key is not a global condition key. | `INVALID_GLOBAL_CONDITION_KEY` | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.unknown_service_key` | error | The service of a condition key defines no such key. | `INVALID_SERVICE_CONDITION_KEY` | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.missing_tag_key` | error | A tag condition key such as aws:ResourceTag/ lacks the tag key after the slash. | `MISSING_TAG_KEY_IN_CONDITION` | — |
//! | `condition.deprecated_key` | warning | aws:ARN is deprecated; use aws:PrincipalArn or aws:SourceArn. | `DEPRECATED_GLOBAL_CONDITION_KEY` | — |
//! | `condition.duplicate_key_case` | error | The same condition key appears twice under one operator, spelled with different case. | `DUPLICATE_KEYS_WITH_DIFFERENT_CASE` | — |
//! | `condition.type_mismatch` | warning | The operator compares a different type than the key has (e.g. StringEquals on a Bool key, NumericLessThan on a string key). | `TYPE_MISMATCH` | `MISMATCHED_TYPE` |
//! | `condition.string_like_on_arn` | security_warning | StringLike/StringNotLike on an ARN key lets a wildcard span ARN fields; ArnLike/ArnNotLike matches field by field. | `STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS` | `MISMATCHED_TYPE_BUT_USABLE` |
//! | `condition.missing_qualifier` | error | A multivalued condition key needs ForAllValues: or ForAnyValue: before the operator. | `MISSING_QUALIFIER` | — |
//! | `condition.for_all_values_single_valued` | security_warning | ForAllValues on a single-valued key is also true when the key is absent from the request. | `FORALLVALUES_WITH_SINGLE_VALUED_KEY` | `SINGLE_VALUE_CONDITION_TOO_PERMISSIVE` |
//! | `condition.invalid_bool` | warning | Bool and Null compare with true or false only. | `TYPE_MISMATCH_BOOLEAN` | `MISMATCHED_TYPE_OPERATION_TO_NULL` |
//! | `condition.multiple_bool` | error | A Bool or Null condition takes one value. | `INVALID_CONDITION_MULTIPLE_BOOLEAN` | — |
//! | `condition.invalid_number` | warning | Numeric operators compare with integers or decimals. | `TYPE_MISMATCH_NUMBER` | `MISMATCHED_TYPE` |
//! | `condition.invalid_date` | warning | Date operators compare with ISO 8601 dates (2026-01-31, 2026-01-31T12:00:00Z) or epoch seconds. | `TYPE_MISMATCH_DATE` | `MISMATCHED_TYPE` |
//! | `condition.invalid_ip` | warning | IpAddress and NotIpAddress compare with IPv4 or IPv6 addresses or CIDR ranges. | `TYPE_MISMATCH_IP_RANGE` | — |
//! | `condition.invalid_binary` | warning | BinaryEquals compares with base64-encoded values. | `TYPE_MISMATCH_STRING` | — |
//! | `condition.mixed_value_types` | error | The values of one condition key mix JSON types (strings, numbers, Booleans). | `INVALID_CONDITION_DATA_TYPE` | — |
//! | `condition.improve_ip_range` | suggestion | Bits after the prefix length of a CIDR range are ignored; write the network address. | `IMPROVE_IP_RANGE` | — |
//! | `condition.private_ip` | error | aws:SourceIp holds public addresses only, so IpAddress with only private ranges never matches. | `PRIVATE_IP_ADDRESS` | — |
//! | `condition.private_ip_not_ip_address` | error | aws:SourceIp holds public addresses only, so NotIpAddress with only private ranges always matches. | `PRIVATE_NOTIPADDRESS` | — |
//! | `condition.private_ip_subset` | suggestion | The private ranges among the values of aws:SourceIp have no effect. | `PRIVATE_IP_ADDRESS_SUBSET` | — |
//! | `condition.private_ip_subset_not_ip_address` | suggestion | The private ranges among the NotIpAddress values of aws:SourceIp have no effect. | `PRIVATE_NOTIPADDRESS_SUBSET` | — |
//! | `condition.invalid_vpc` | error | A VPC ID is vpc- followed by 8 or 17 lower-case hexadecimal characters. | `INVALID_VPC_FORMAT` | — |
//! | `condition.invalid_vpce` | error | A VPC endpoint ID is vpce- followed by 8 or 17 lower-case hexadecimal characters. | `INVALID_VPCE_FORMAT` | — |
//! | `condition.invalid_service_principal` | error | Values of aws:CalledVia, aws:PrincipalServiceName and similar keys are service principals such as service.amazonaws.com. | `INVALID_SERVICE_PRINCIPAL_FORMAT` | — |
//! | `condition.wildcard_without_like` | warning | A value contains * or ?, which only StringLike, StringNotLike and the Arn operators treat as wildcards. | `WILDCARD_WITHOUT_LIKE_OPERATOR` | — |
//! | `condition.empty_values` | suggestion | A condition key has an empty list of values and the condition never matches. | `EMPTY_ARRAY_CONDITION` | — |
//! | `condition.empty_values_for_all_values` | suggestion | ForAllValues with no values matches only when the key is absent; say so with Null. | `EMPTY_ARRAY_CONDITION_FORALLVALUES` | — |
//! | `condition.empty_values_for_any_value` | suggestion | ForAnyValue with no values never matches. | `EMPTY_ARRAY_CONDITION_FORANYVALUE` | — |
//! | `condition.empty_values_if_exists` | suggestion | An IfExists operator with no values matches only when the key is absent; say so with Null. | `EMPTY_ARRAY_CONDITION_IFEXISTS` | — |
//! | `condition.redundant_numeric_values` | suggestion | A less-than or greater-than operator with several values is decided by one of them. | `REDUNDANT_CONDITION_VALUE_NUM` | — |
//! | `condition.equivalent_to_null_false` | suggestion | StringLike with the value "*" only checks that the key is present; Null with false says so directly. | `EQUIVALENT_TO_NULL_FALSE` | — |
//! | `condition.duplicate_value` | suggestion | A condition key lists the same value twice. | — | — |
//! | `condition.resource_tag_unsupported_allow` | warning | Some actions of an Allow statement do not support the aws:ResourceTag key, so the statement never allows them. | `ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE` | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.resource_tag_unsupported_deny` | security_warning | Some actions of a Deny statement do not support the aws:ResourceTag key, so the statement never denies them. | `DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE` | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.key_unsupported` | warning | Some actions of the statement do not have the service key (or a tag key) in their requests, so the condition cannot limit them: it is always false for them (an Allow never allows them) or, with a negated, IfExists or ForAllValues operator, always true. | — | `UNKNOWN_CONDITION_FOR_ACTION` |
//! | `condition.mfa_bool_false` | warning | aws:MultiFactorAuthPresent is absent, not false, for long-term access keys, so Bool false does not match them. | — | `BAD_PATTERN_FOR_MFA` |
//! | `condition.variable_not_allowed` | error | Policy variables can only be used with String and Arn operators. | `INVALID_VARIABLE_FOR_OPERATOR` | — |
//! | `variable.not_allowed` | error | Policy variables are substituted only in Resource, NotResource and condition values. | `VARIABLE_UNSUPPORTED_IN_ELEMENT` | — |
//! | `variable.requires_version` | error | Without "Version": "2012-10-17" a policy variable is taken literally. | `VARIABLE_UNSUPPORTED_IN_VERSION` | `OLD_VERSION` |
//! | `variable.missing_brace` | error | A policy variable starts with ${ but has no closing }. | `MISSING_BRACE_IN_VARIABLE` | — |
//! | `variable.empty` | error | ${} names no variable. | `EMPTY_VARIABLE` | — |
//! | `variable.space` | error | The name of a policy variable cannot contain spaces. | `UNSUPPORTED_SPACE_IN_VARIABLE` | — |
//! | `variable.missing_quote` | error | The default value of a policy variable is written in single quotes: ${aws:username, 'none'}. | `MISSING_QUOTE_IN_VARIABLE` | — |
//! | `variable.unknown` | warning | The variable is no condition key of the catalogue, so it is never substituted and the element never matches. | — | — |
//! | `security.public_principal` | security_warning | An Allow statement of a resource or trust policy names "*" (or {"AWS": "*"}) as principal and no condition limits the caller's account, organization, ARN, network or source (the condition keys IAM Access Analyzer counts as limiting), so anyone gets the access. | — | — |
//! | `security.oidc_subject_unrestricted` | security_warning | A trust policy for an OIDC provider (GitHub Actions, GitLab, EKS IRSA, ...) has no condition on the provider's :sub key, or one that matches any repository, project or service account, so every identity of the provider can assume the role. | — | — |
//! | `security.confused_deputy` | security_warning | A trust policy lets a service principal (e.g. rekognition.amazonaws.com) assume the role with no aws:SourceAccount or aws:SourceArn condition, so the service can be made to use it on behalf of another account (the confused deputy). | — | — |
//! | `security.full_access` | security_warning | Allow "*" on "*" makes the principal an administrator. | — | — |
//! | `security.service_full_access` | security_warning | Allow service:* on "*" grants every action of the service, including future ones and permission management. | — | `RESOURCE_STAR` |
//! | `security.permissions_management` | security_warning | The statement allows actions of access level Permissions management, which can change who may access resources. | — | `PERMISSIONS_MANAGEMENT_ACTIONS` |
//! | `security.allow_not_action` | security_warning | Allow with NotAction grants every other action of every service, including ones added later. | — | — |
//! | `security.allow_not_resource` | security_warning | Allow with NotResource grants the actions on every other resource, including ones created later. | — | `NOTRESOURCE_WITH_ALLOW` |
//! | `pass_role.star_resource` | security_warning | iam:PassRole on "*" lets the principal hand any role to a service. | `PASS_ROLE_WITH_STAR_IN_RESOURCE` | — |
//! | `pass_role.star_action_and_resource` | security_warning | A wildcard action that includes iam:PassRole on "*" lets the principal hand any role to a service. | `PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE` | — |
//! | `pass_role.not_action_star_resource` | security_warning | NotAction without iam:PassRole on "*" lets the principal hand any role to a service. | `PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION` | — |
//! | `pass_role.not_resource` | security_warning | iam:PassRole with NotResource allows passing every role not listed. | `PASS_ROLE_WITH_NOTRESOURCE` | — |
//! | `pass_role.star_action_not_resource` | security_warning | A wildcard action that includes iam:PassRole with NotResource allows passing every role not listed. | `PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE` | — |
//! | `pass_role.not_action_not_resource` | security_warning | NotAction with NotResource allows passing every role not listed. | `PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE` | — |
//! | `create_slr.star_resource` | warning | iam:CreateServiceLinkedRole on "*" can create service-linked roles for any service. | `CREATE_SLR_WITH_STAR_IN_RESOURCE` | — |
//! | `create_slr.star_action_and_resource` | warning | A wildcard action that includes iam:CreateServiceLinkedRole on "*" can create service-linked roles for any service. | `CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE` | — |
//! | `create_slr.not_action_star_resource` | warning | NotAction without iam:CreateServiceLinkedRole on "*" can create service-linked roles for any service. | `CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION` | — |
//! | `create_slr.not_resource` | warning | iam:CreateServiceLinkedRole with NotResource can create service-linked roles not listed. | `CREATE_SLR_WITH_NOTRESOURCE` | — |
//! | `create_slr.star_action_not_resource` | warning | A wildcard action that includes iam:CreateServiceLinkedRole with NotResource can create service-linked roles not listed. | `CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE` | — |
//! | `create_slr.not_action_not_resource` | warning | NotAction with NotResource can create service-linked roles not listed. | `CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE` | — |

pub mod effective;
pub mod finding;
pub mod validate;

pub use finding::{line_column, CodeInfo, Finding, Severity};
pub use validate::{
    code_info, validate, validate_json, PolicyType, Report, ValidateOptions, CODES,
};
