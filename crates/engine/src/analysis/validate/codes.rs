//! The table of every check: code, severity, title, description and the Access Analyzer and
//! Parliament findings each corresponds to. Findings are built from these rows, so a code and
//! its severity cannot disagree.

use crate::analysis::finding::{CodeInfo, Severity};

macro_rules! codes {
    ($($name:ident: $code:literal, $severity:ident, $title:literal, $aa:expr, $parliament:expr,
       $description:literal;)*) => {
        $(
            #[doc = $title]
            pub const $name: CodeInfo = CodeInfo {
                code: $code,
                severity: Severity::$severity,
                title: $title,
                description: $description,
                access_analyzer: $aa,
                parliament: $parliament,
            };
        )*
        /// Every check, in documentation order.
        pub const CODES: &[CodeInfo] = &[$($name),*];
    };
}

const fn aa(code: &'static str) -> Option<&'static str> {
    Some(code)
}

const fn pm(code: &'static str) -> Option<&'static str> {
    Some(code)
}

const NONE: Option<&str> = None;

codes! {
    // --- document and statement structure ---
    VERSION_MISSING: "version.missing", Warning, "Missing Version", aa("MISSING_VERSION"), pm("NO_VERSION"),
        "The document has no Version; IAM then uses 2008-10-17, which does not substitute policy variables.";
    VERSION_INVALID: "version.invalid", Error, "Invalid Version", aa("INVALID_VERSION"), pm("INVALID_VERSION"),
        "Version is not 2012-10-17 or 2008-10-17; IAM rejects the policy.";
    VERSION_LEGACY: "version.legacy", Suggestion, "Legacy Version", NONE, pm("OLD_VERSION"),
        "Version 2008-10-17 is the legacy policy language: policy variables are not substituted.";
    STATEMENT_MISSING: "statement.missing", Error, "Missing Statement", aa("MISSING_STATEMENT"), pm("MALFORMED"),
        "The document has no Statement, or an empty one; IAM rejects it.";
    STATEMENT_CONFLICT: "statement.conflicting_elements", Error, "Conflicting elements", aa("UNSUPPORTED_ELEMENT_COMBINATION"), pm("MALFORMED"),
        "A statement has both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal.";
    STATEMENT_REDUNDANT: "statement.redundant", Suggestion, "Redundant statement", aa("REDUNDANT_STATEMENT"), NONE,
        "Two statements grant or deny exactly the same; one can be removed.";
    SID_INVALID: "sid.invalid", Error, "Invalid Sid", aa("UNSUPPORTED_SID"), pm("INVALID_SID"),
        "IAM policies accept only ASCII letters and digits in Sid.";
    SID_EMPTY: "sid.empty", Suggestion, "Empty Sid", aa("EMPTY_SID_VALUE"), NONE,
        "Sid is an empty string; give it a name or remove it.";
    SID_DUPLICATE: "sid.duplicate", Error, "Duplicate Sid", aa("UNIQUE_SIDS_REQUIRED"), pm("DUPLICATE_SID"),
        "Two statements of an IAM policy have the same Sid; IAM requires them to be unique.";
    SID_NOT_UNIQUE: "sid.not_unique", Warning, "Sid not unique", aa("UNIQUE_SIDS_RECOMMENDED"), pm("DUPLICATE_SID"),
        "Two statements of a resource policy have the same Sid.";
    EFFECT_MISSING: "effect.missing", Error, "Missing Effect", aa("MISSING_EFFECT"), pm("MALFORMED"),
        "A statement has no Effect; IAM rejects it.";
    EFFECT_INVALID: "effect.invalid", Error, "Invalid Effect", aa("INVALID_EFFECT"), pm("MALFORMED"),
        "Effect is not exactly Allow or Deny (the values are case-sensitive).";
    ACTION_MISSING: "action.missing", Error, "Missing Action", aa("MISSING_ACTION"), pm("MALFORMED"),
        "A statement has neither Action nor NotAction.";
    RESOURCE_MISSING: "resource.missing", Error, "Missing Resource", aa("MISSING_RESOURCE"), pm("MALFORMED"),
        "A statement has neither Resource nor NotResource.";
    SIZE_EXCEEDED: "size.exceeded", Error, "Policy too large", aa("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"), NONE,
        "The policy has more non-white-space characters than the chosen IAM quota allows (for a project policy, more characters, white space included, than PutProjectPolicy accepts).";

    // --- principals and policy types ---
    PRINCIPAL_NOT_ALLOWED: "principal.not_allowed", Error, "Principal not allowed", aa("UNSUPPORTED_PRINCIPAL"), NONE,
        "Identity policies and service control policies take no Principal or NotPrincipal: the principal is whoever the policy is attached to.";
    PRINCIPAL_MISSING: "principal.missing", Error, "Missing Principal", aa("MISSING_PRINCIPAL"), NONE,
        "Resource policies and role trust policies need a Principal (or NotPrincipal) in every statement.";
    PRINCIPAL_INVALID_FORMAT: "principal.invalid_format", Error, "Invalid principal format", aa("INVALID_PRINCIPAL_FORMAT"), NONE,
        "The string form of Principal accepts only \"*\"; anything else needs the map form {\"AWS\": ...}.";
    PRINCIPAL_UNKNOWN_TYPE: "principal.unknown_type", Error, "Unknown principal type", aa("INVALID_PRINCIPAL_KEY"), NONE,
        "A principal map key is not AWS, Service, Federated or CanonicalUser (case-sensitive).";
    PRINCIPAL_EMPTY: "principal.empty", Suggestion, "Empty principal", aa("EMPTY_ARRAY_PRINCIPAL"), NONE,
        "A principal map or list is empty, so the statement applies to no one (Access Analyzer: EMPTY_ARRAY_PRINCIPAL, EMPTY_OBJECT_PRINCIPAL).";
    PRINCIPAL_WILDCARD: "principal.unsupported_wildcard", Error, "Unsupported wildcard in principal", aa("UNSUPPORTED_WILDCARD_IN_PRINCIPAL"), NONE,
        "Wildcards are allowed in principals only as a whole \"*\" (or {\"AWS\": \"*\"}).";
    PRINCIPAL_INVALID_AWS: "principal.invalid_aws", Error, "Invalid AWS principal", NONE, pm("UNKNOWN_PRINCIPAL"),
        "An AWS principal is not \"*\", a 12-digit account ID or an IAM/STS ARN.";
    PRINCIPAL_INVALID_SERVICE: "principal.invalid_service", Error, "Invalid service principal", aa("INVALID_SERVICE_PRINCIPAL_FORMAT"), NONE,
        "A service principal does not look like service.amazonaws.com (lower case).";
    PRINCIPAL_INVALID_FEDERATED: "principal.invalid_federated", Error, "Invalid federated principal", aa("INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY"), pm("UNKNOWN_FEDERATION_SOURCE"),
        "A federated principal is neither a domain name nor a SAML or OIDC provider ARN.";
    PRINCIPAL_UNIQUE_ID: "principal.unique_id", Warning, "Principal given by unique ID", aa("INVALID_ROLE_REFERENCE"), NONE,
        "A principal is an IAM unique ID (AIDA..., AROA...); IAM shows it in place of a deleted user or role (Access Analyzer: INVALID_USER_REFERENCE, INVALID_ROLE_REFERENCE).";
    ALLOW_NOT_PRINCIPAL: "security.allow_not_principal", SecurityWarning, "Allow with NotPrincipal", aa("ALLOW_WITH_NOTPRINCIPAL"), pm("NOTPRINCIPAL_WITH_ALLOW"),
        "Allow with NotPrincipal grants access to everyone except the listed principals, anonymous users included.";
    TRUST_RESOURCE: "trust.resource_not_allowed", Error, "Resource in a trust policy", aa("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"), NONE,
        "A role trust policy applies to its role: it takes no Resource or NotResource.";
    TRUST_NOT_PRINCIPAL: "trust.not_principal", Error, "NotPrincipal in a trust policy", aa("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"), NONE,
        "Role trust policies do not support NotPrincipal.";
    TRUST_WILDCARD_PRINCIPAL: "trust.wildcard_principal", Error, "Principal \"*\" in a trust policy", aa("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"), NONE,
        "\"Principal\": \"*\" is not supported in a role trust policy.";
    TRUST_ACTION: "trust.unsupported_action", Error, "Action not allowed in a trust policy", NONE, NONE,
        "A role trust policy can only allow sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext.";

    // --- Rekognition Custom Labels project policies ---
    PROJECT_ACTION: "project.unsupported_action", Error, "Action not allowed in a project policy", NONE, NONE,
        "A Rekognition project policy accepts only the action rekognition:CopyProjectVersion, written out in full (no wildcard).";
    PROJECT_NOT_ELEMENT: "project.unsupported_element", Error, "NotAction, NotResource or NotPrincipal in a project policy", NONE, NONE,
        "Rekognition rejects a project policy with NotAction, NotResource or NotPrincipal.";
    PROJECT_PRINCIPAL: "project.unsupported_principal", Error, "Principal not allowed in a project policy", NONE, NONE,
        "The principals of a project policy are AWS accounts (12-digit IDs or root ARNs), IAM roles and IAM users, under \"AWS\": not \"*\", service, federated or canonical-user principals, or STS sessions.";
    PROJECT_RESOURCE: "project.resource_not_version", Error, "Resource is not a model version", NONE, NONE,
        "Every Resource of a project policy is the ARN of a model version of a project (arn:aws:rekognition:region:account:project/name/version/version-name/timestamp; wildcards allowed, e.g. .../version/*/* for every version).";
    PROJECT_OTHER_PROJECT: "project.resource_other_project", Error, "Versions of several projects", NONE, NONE,
        "A project policy is attached to one project, so all its resources are versions of that one project: two resources name different projects in full.";

    // --- actions ---
    ACTION_EMPTY: "action.empty", Suggestion, "Empty action list", aa("EMPTY_ARRAY_ACTION"), NONE,
        "Action or NotAction is an empty list, so the statement affects nothing.";
    ACTION_INVALID_FORMAT: "action.invalid_format", Error, "Invalid action format", aa("INVALID_ACTION"), pm("UNKNOWN_ACTION"),
        "An action is not of the form service:Action (or \"*\").";
    ACTION_UNKNOWN_SERVICE: "action.unknown_service", Error, "Unknown service in action", aa("INVALID_SERVICE_IN_ACTION"), pm("UNKNOWN_PREFIX"),
        "The service prefix of an action is not an IAM service prefix.";
    ACTION_RETIRED_SERVICE: "action.retired_service", Warning, "Discontinued service in action", aa("INVALID_SERVICE_IN_ACTION"), pm("UNKNOWN_PREFIX"),
        "The action belongs to a service AWS has discontinued and removed from the catalogue, so it grants nothing.";
    ACTION_UNKNOWN: "action.unknown", Error, "Unknown action", aa("INVALID_ACTION"), pm("UNKNOWN_ACTION"),
        "The service exists but has no such action (API operation names are not always IAM action names).";
    ACTION_NO_MATCH: "action.no_match", Error, "Action pattern matches nothing", aa("INVALID_ACTION"), pm("UNKNOWN_ACTION"),
        "A wildcard action pattern matches no action of the catalogue.";
    ACTION_WILDCARD_SERVICE: "action.wildcard_service", Suggestion, "Wildcard in service name", aa("WILDCARD_IN_SERVICE_NAME"), NONE,
        "A wildcard in the service part of an action can grant actions of other services with similar names.";
    ACTION_REDUNDANT: "action.redundant", Suggestion, "Redundant action", aa("REDUNDANT_ACTION"), NONE,
        "An action is listed twice or is covered by a wildcard pattern in the same statement.";
    ACTION_NO_MATCHING_RESOURCE: "action.no_matching_resource", Warning, "Action matches no resource", NONE, pm("RESOURCE_MISMATCH"),
        "None of the statement's resources is of a type the action can be scoped to, so the statement grants or denies nothing for it.";

    // --- features AWS has ended or closed (data/catalog/end-of-support.tsv) ---
    LIFECYCLE_END_OF_SUPPORT: "lifecycle.end_of_support", Warning, "Feature past its end of support", NONE, NONE,
        "An Allow statement names an action of a feature AWS no longer supports (e.g. rekognition:StartPersonTracking of People Pathing), so the grant does nothing. Only actions written out are reported, not wildcards that happen to match them.";
    LIFECYCLE_CLOSED: "lifecycle.closed_to_new_customers", Warning, "Feature closed to new customers", NONE, NONE,
        "An Allow statement names an action of a feature AWS no longer offers to new customers (e.g. the stream processors of Streaming Video Analysis); it works only for accounts that already use the feature. Only actions written out are reported, not wildcards that happen to match them.";

    // --- resources ---
    RESOURCE_EMPTY: "resource.empty", Suggestion, "Empty resource list", aa("EMPTY_ARRAY_RESOURCE"), NONE,
        "Resource or NotResource is an empty list, so the statement affects nothing.";
    RESOURCE_INVALID_PREFIX: "resource.invalid_prefix", Error, "Resource is not an ARN", aa("INVALID_ARN_PREFIX"), pm("INVALID_ARN"),
        "A resource is neither \"*\" nor an ARN starting with arn:.";
    RESOURCE_MISSING_FIELD: "resource.missing_arn_field", Error, "ARN has too few fields", aa("MISSING_ARN_FIELD"), pm("INVALID_ARN"),
        "An ARN needs six colon-separated fields: arn:partition:service:region:account:resource.";
    RESOURCE_SHORT_WILDCARD: "resource.short_wildcard_arn", Warning, "ARN with too few fields ends in a wildcard", aa("MISSING_ARN_FIELD"), pm("INVALID_ARN"),
        "An ARN such as arn:aws:logs:* has fewer than six fields; IAM's trailing * matches the rest, so it works, but the six-field form (arn:aws:logs:*:*:*) says so plainly.";
    RESOURCE_INVALID_PARTITION: "resource.invalid_partition", Error, "Invalid ARN partition", aa("INVALID_PARTITION"), pm("INVALID_ARN"),
        "The partition of an ARN is not one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc.";
    RESOURCE_SERVICE_CASE: "resource.service_case", Error, "ARN service not lower case", aa("INVALID_ARN_SERVICE_CASE"), NONE,
        "The service field of an ARN must be lower case; ARNs are case-sensitive.";
    RESOURCE_UNKNOWN_SERVICE: "resource.unknown_service", Error, "Unknown service in ARN", aa("INVALID_SERVICE"), NONE,
        "The service field of an ARN is no service of the catalogue.";
    RESOURCE_INVALID_REGION: "resource.invalid_region", Error, "Invalid ARN region", aa("INVALID_ARN_REGION"), pm("INVALID_ARN"),
        "The region field of an ARN is not a region code such as us-east-1 (an availability zone such as us-east-1a is not a region).";
    RESOURCE_INVALID_ACCOUNT: "resource.invalid_account", Error, "Invalid ARN account", aa("INVALID_ARN_ACCOUNT"), pm("INVALID_ARN"),
        "The account field of an ARN is not a 12-digit account ID.";
    RESOURCE_REGION_NOT_ALLOWED: "resource.region_not_allowed", Error, "Region not allowed in ARN", aa("ARN_REGION_NOT_ALLOWED"), NONE,
        "The resource type's ARNs have an empty region field (e.g. S3 buckets, IAM roles).";
    RESOURCE_MISSING_REGION: "resource.missing_region", Error, "Missing ARN region", aa("MISSING_ARN_REGION"), NONE,
        "The resource type's ARNs always name a region, but the region field is empty.";
    RESOURCE_ACCOUNT_NOT_ALLOWED: "resource.account_not_allowed", Error, "Account not allowed in ARN", aa("ARN_ACCOUNT_NOT_ALLOWED"), NONE,
        "The resource type's ARNs have an empty account field (e.g. S3 buckets).";
    RESOURCE_NO_MATCHING_ACTION: "resource.no_matching_action", Warning, "Resource matches no action", NONE, pm("RESOURCE_MISMATCH"),
        "A resource is of no type any action of the statement can be scoped to, so it has no effect.";
    RESOURCE_REDUNDANT: "resource.redundant", Suggestion, "Redundant resource", aa("REDUNDANT_RESOURCE"), NONE,
        "A resource is listed twice or is covered by a wildcard ARN in the same statement.";
    RESOURCE_STAR_SCOPABLE: "resource.star_could_be_scoped", Suggestion, "Resource \"*\" could be scoped", NONE, pm("RESOURCE_STAR"),
        "The statement allows actions that support resource-level permissions on every resource; naming the resources grants less.";

    // --- conditions ---
    CONDITION_EMPTY: "condition.empty", Suggestion, "Empty condition", aa("EMPTY_OBJECT_CONDITION"), NONE,
        "A Condition block or an operator in it is empty and has no effect.";
    CONDITION_UNKNOWN_OPERATOR: "condition.unknown_operator", Error, "Unknown condition operator", aa("INVALID_CONDITION_OPERATOR"), pm("UNKNOWN_OPERATOR"),
        "The operator is not one IAM defines (names are case-sensitive); IAM rejects the policy.";
    CONDITION_NULL_IF_EXISTS: "condition.null_if_exists", Error, "Null with IfExists", aa("NULL_WITH_IF_EXISTS"), NONE,
        "The Null operator cannot take the IfExists suffix.";
    CONDITION_NULL_QUALIFIER: "condition.null_with_qualifier", Suggestion, "Null with a set qualifier", aa("NULL_WITH_QUALIFIER"), NONE,
        "ForAllValues:Null and ForAnyValue:Null always evaluate to true and false respectively.";
    CONDITION_KEY_FORMAT: "condition.invalid_key_format", Error, "Invalid condition key format", aa("INVALID_CONDITION_KEY_FORMAT"), pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "A condition key is not of the form service:name.";
    CONDITION_UNKNOWN_GLOBAL_KEY: "condition.unknown_global_key", Error, "Unknown global condition key", aa("INVALID_GLOBAL_CONDITION_KEY"), pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "An aws: condition key is not a global condition key.";
    CONDITION_UNKNOWN_SERVICE_KEY: "condition.unknown_service_key", Error, "Unknown service condition key", aa("INVALID_SERVICE_CONDITION_KEY"), pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "The service of a condition key defines no such key.";
    CONDITION_MISSING_TAG_KEY: "condition.missing_tag_key", Error, "Missing tag key", aa("MISSING_TAG_KEY_IN_CONDITION"), NONE,
        "A tag condition key such as aws:ResourceTag/ lacks the tag key after the slash.";
    CONDITION_DEPRECATED_KEY: "condition.deprecated_key", Warning, "Deprecated condition key", aa("DEPRECATED_GLOBAL_CONDITION_KEY"), NONE,
        "aws:ARN is deprecated; use aws:PrincipalArn or aws:SourceArn.";
    CONDITION_DUPLICATE_KEY_CASE: "condition.duplicate_key_case", Error, "Duplicate key with different case", aa("DUPLICATE_KEYS_WITH_DIFFERENT_CASE"), NONE,
        "The same condition key appears twice under one operator, spelled with different case.";
    CONDITION_TYPE_MISMATCH: "condition.type_mismatch", Warning, "Operator does not fit the key's type", aa("TYPE_MISMATCH"), pm("MISMATCHED_TYPE"),
        "The operator compares a different type than the key has (e.g. StringEquals on a Bool key, NumericLessThan on a string key).";
    CONDITION_STRING_ON_ARN: "condition.string_like_on_arn", SecurityWarning, "String pattern on an ARN key", aa("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"), pm("MISMATCHED_TYPE_BUT_USABLE"),
        "StringLike/StringNotLike on an ARN key lets a wildcard span ARN fields; ArnLike/ArnNotLike matches field by field.";
    CONDITION_MISSING_QUALIFIER: "condition.missing_qualifier", Error, "Multivalued key without ForAllValues/ForAnyValue", aa("MISSING_QUALIFIER"), NONE,
        "A multivalued condition key needs ForAllValues: or ForAnyValue: before the operator.";
    CONDITION_FOR_ALL_SINGLE: "condition.for_all_values_single_valued", SecurityWarning, "ForAllValues with a single-valued key", aa("FORALLVALUES_WITH_SINGLE_VALUED_KEY"), pm("SINGLE_VALUE_CONDITION_TOO_PERMISSIVE"),
        "ForAllValues on a single-valued key is also true when the key is absent from the request.";
    CONDITION_INVALID_BOOL: "condition.invalid_bool", Warning, "Value is not a Boolean", aa("TYPE_MISMATCH_BOOLEAN"), pm("MISMATCHED_TYPE_OPERATION_TO_NULL"),
        "Bool and Null compare with true or false only.";
    CONDITION_MULTIPLE_BOOL: "condition.multiple_bool", Error, "Several Boolean values", aa("INVALID_CONDITION_MULTIPLE_BOOLEAN"), NONE,
        "A Bool or Null condition takes one value.";
    CONDITION_INVALID_NUMBER: "condition.invalid_number", Warning, "Value is not a number", aa("TYPE_MISMATCH_NUMBER"), pm("MISMATCHED_TYPE"),
        "Numeric operators compare with integers or decimals.";
    CONDITION_INVALID_DATE: "condition.invalid_date", Warning, "Value is not a date", aa("TYPE_MISMATCH_DATE"), pm("MISMATCHED_TYPE"),
        "Date operators compare with ISO 8601 dates (2026-01-31, 2026-01-31T12:00:00Z) or epoch seconds.";
    CONDITION_INVALID_IP: "condition.invalid_ip", Warning, "Value is not an IP range", aa("TYPE_MISMATCH_IP_RANGE"), NONE,
        "IpAddress and NotIpAddress compare with IPv4 or IPv6 addresses or CIDR ranges.";
    CONDITION_INVALID_BINARY: "condition.invalid_binary", Warning, "Value is not base64", aa("TYPE_MISMATCH_STRING"), NONE,
        "BinaryEquals compares with base64-encoded values.";
    CONDITION_MIXED_TYPES: "condition.mixed_value_types", Error, "Values of different JSON types", aa("INVALID_CONDITION_DATA_TYPE"), NONE,
        "The values of one condition key mix JSON types (strings, numbers, Booleans).";
    CONDITION_IMPROVE_IP: "condition.improve_ip_range", Suggestion, "Host bits set in an IP range", aa("IMPROVE_IP_RANGE"), NONE,
        "Bits after the prefix length of a CIDR range are ignored; write the network address.";
    CONDITION_PRIVATE_IP: "condition.private_ip", Error, "Private IP range in aws:SourceIp", aa("PRIVATE_IP_ADDRESS"), NONE,
        "aws:SourceIp holds public addresses only, so IpAddress with only private ranges never matches.";
    CONDITION_PRIVATE_NOT_IP: "condition.private_ip_not_ip_address", Error, "Private IP range in NotIpAddress", aa("PRIVATE_NOTIPADDRESS"), NONE,
        "aws:SourceIp holds public addresses only, so NotIpAddress with only private ranges always matches.";
    CONDITION_PRIVATE_IP_SUBSET: "condition.private_ip_subset", Suggestion, "Some private IP ranges in aws:SourceIp", aa("PRIVATE_IP_ADDRESS_SUBSET"), NONE,
        "The private ranges among the values of aws:SourceIp have no effect.";
    CONDITION_PRIVATE_NOT_IP_SUBSET: "condition.private_ip_subset_not_ip_address", Suggestion, "Some private IP ranges in NotIpAddress", aa("PRIVATE_NOTIPADDRESS_SUBSET"), NONE,
        "The private ranges among the NotIpAddress values of aws:SourceIp have no effect.";
    CONDITION_INVALID_VPC: "condition.invalid_vpc", Error, "Invalid VPC ID", aa("INVALID_VPC_FORMAT"), NONE,
        "A VPC ID is vpc- followed by 8 or 17 lower-case hexadecimal characters.";
    CONDITION_INVALID_VPCE: "condition.invalid_vpce", Error, "Invalid VPC endpoint ID", aa("INVALID_VPCE_FORMAT"), NONE,
        "A VPC endpoint ID is vpce- followed by 8 or 17 lower-case hexadecimal characters.";
    CONDITION_INVALID_SERVICE_PRINCIPAL: "condition.invalid_service_principal", Error, "Invalid service principal in condition", aa("INVALID_SERVICE_PRINCIPAL_FORMAT"), NONE,
        "Values of aws:CalledVia, aws:PrincipalServiceName and similar keys are service principals such as service.amazonaws.com.";
    CONDITION_WILDCARD_WITHOUT_LIKE: "condition.wildcard_without_like", Warning, "Wildcard without a Like operator", aa("WILDCARD_WITHOUT_LIKE_OPERATOR"), NONE,
        "A value contains * or ?, which only StringLike, StringNotLike and the Arn operators treat as wildcards.";
    CONDITION_EMPTY_VALUES: "condition.empty_values", Suggestion, "No condition values", aa("EMPTY_ARRAY_CONDITION"), NONE,
        "A condition key has an empty list of values and the condition never matches.";
    CONDITION_EMPTY_FOR_ALL: "condition.empty_values_for_all_values", Suggestion, "No values with ForAllValues", aa("EMPTY_ARRAY_CONDITION_FORALLVALUES"), NONE,
        "ForAllValues with no values matches only when the key is absent; say so with Null.";
    CONDITION_EMPTY_FOR_ANY: "condition.empty_values_for_any_value", Suggestion, "No values with ForAnyValue", aa("EMPTY_ARRAY_CONDITION_FORANYVALUE"), NONE,
        "ForAnyValue with no values never matches.";
    CONDITION_EMPTY_IF_EXISTS: "condition.empty_values_if_exists", Suggestion, "No values with IfExists", aa("EMPTY_ARRAY_CONDITION_IFEXISTS"), NONE,
        "An IfExists operator with no values matches only when the key is absent; say so with Null.";
    CONDITION_REDUNDANT_NUMBERS: "condition.redundant_numeric_values", Suggestion, "Redundant numeric values", aa("REDUNDANT_CONDITION_VALUE_NUM"), NONE,
        "A less-than or greater-than operator with several values is decided by one of them.";
    CONDITION_NULL_FALSE: "condition.equivalent_to_null_false", Suggestion, "StringLike \"*\" means the key exists", aa("EQUIVALENT_TO_NULL_FALSE"), NONE,
        "StringLike with the value \"*\" only checks that the key is present; Null with false says so directly.";
    CONDITION_DUPLICATE_VALUE: "condition.duplicate_value", Suggestion, "Duplicate condition value", NONE, NONE,
        "A condition key lists the same value twice.";
    CONDITION_TAG_UNSUPPORTED_ALLOW: "condition.resource_tag_unsupported_allow", Warning, "aws:ResourceTag not supported by actions (Allow)", aa("ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"), pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "Some actions of an Allow statement do not support the aws:ResourceTag key, so the statement never allows them.";
    CONDITION_TAG_UNSUPPORTED_DENY: "condition.resource_tag_unsupported_deny", SecurityWarning, "aws:ResourceTag not supported by actions (Deny)", aa("DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"), pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "Some actions of a Deny statement do not support the aws:ResourceTag key, so the statement never denies them.";
    CONDITION_KEY_UNSUPPORTED: "condition.key_unsupported", Warning, "Condition key not supported by actions", NONE, pm("UNKNOWN_CONDITION_FOR_ACTION"),
        "Some actions of the statement do not have the service key (or a tag key) in their requests, so the condition cannot limit them: it is always false for them (an Allow never allows them) or, with a negated, IfExists or ForAllValues operator, always true.";
    CONDITION_MFA_FALSE: "condition.mfa_bool_false", Warning, "aws:MultiFactorAuthPresent compared with false", NONE, pm("BAD_PATTERN_FOR_MFA"),
        "aws:MultiFactorAuthPresent is absent, not false, for long-term access keys, so Bool false does not match them.";
    CONDITION_VARIABLE_OPERATOR: "condition.variable_not_allowed", Error, "Policy variable with a non-string operator", aa("INVALID_VARIABLE_FOR_OPERATOR"), NONE,
        "Policy variables can only be used with String and Arn operators.";

    // --- policy variables ---
    VARIABLE_NOT_ALLOWED: "variable.not_allowed", Error, "Policy variable in an unsupported element", aa("VARIABLE_UNSUPPORTED_IN_ELEMENT"), NONE,
        "Policy variables are substituted only in Resource, NotResource and condition values.";
    VARIABLE_REQUIRES_VERSION: "variable.requires_version", Error, "Policy variable needs Version 2012-10-17", aa("VARIABLE_UNSUPPORTED_IN_VERSION"), pm("OLD_VERSION"),
        "Without \"Version\": \"2012-10-17\" a policy variable is taken literally.";
    VARIABLE_MISSING_BRACE: "variable.missing_brace", Error, "Policy variable not closed", aa("MISSING_BRACE_IN_VARIABLE"), NONE,
        "A policy variable starts with ${ but has no closing }.";
    VARIABLE_EMPTY: "variable.empty", Error, "Empty policy variable", aa("EMPTY_VARIABLE"), NONE,
        "${} names no variable.";
    VARIABLE_SPACE: "variable.space", Error, "Space in policy variable", aa("UNSUPPORTED_SPACE_IN_VARIABLE"), NONE,
        "The name of a policy variable cannot contain spaces.";
    VARIABLE_MISSING_QUOTE: "variable.missing_quote", Error, "Default value not quoted", aa("MISSING_QUOTE_IN_VARIABLE"), NONE,
        "The default value of a policy variable is written in single quotes: ${aws:username, 'none'}.";
    VARIABLE_UNKNOWN: "variable.unknown", Warning, "Unknown policy variable", NONE, NONE,
        "The variable is no condition key of the catalogue, so it is never substituted and the element never matches.";

    // --- who a resource or trust policy lets in ---
    PUBLIC_PRINCIPAL: "security.public_principal", SecurityWarning, "Public principal without a restricting condition", NONE, NONE,
        "An Allow statement of a resource or trust policy names \"*\" (or {\"AWS\": \"*\"}) as principal and no condition limits the caller's account, organization, ARN, network or source (the condition keys IAM Access Analyzer counts as limiting), so anyone gets the access.";
    OIDC_SUBJECT_UNRESTRICTED: "security.oidc_subject_unrestricted", SecurityWarning, "Web-identity trust without a subject condition", NONE, NONE,
        "A trust policy for an OIDC provider (GitHub Actions, GitLab, EKS IRSA, ...) has no condition on the provider's :sub key, or one that matches any repository, project or service account, so every identity of the provider can assume the role.";
    CONFUSED_DEPUTY: "security.confused_deputy", SecurityWarning, "Service trust without aws:SourceAccount or aws:SourceArn", NONE, NONE,
        "A trust policy lets a service principal (e.g. rekognition.amazonaws.com) assume the role with no aws:SourceAccount or aws:SourceArn condition, so the service can be made to use it on behalf of another account (the confused deputy).";

    // --- broad grants ---
    FULL_ACCESS: "security.full_access", SecurityWarning, "All actions on all resources", NONE, NONE,
        "Allow \"*\" on \"*\" makes the principal an administrator.";
    SERVICE_FULL_ACCESS: "security.service_full_access", SecurityWarning, "All actions of a service on all resources", NONE, pm("RESOURCE_STAR"),
        "Allow service:* on \"*\" grants every action of the service, including future ones and permission management.";
    PERMISSIONS_MANAGEMENT: "security.permissions_management", SecurityWarning, "Permissions-management actions allowed", NONE, pm("PERMISSIONS_MANAGEMENT_ACTIONS"),
        "The statement allows actions of access level Permissions management, which can change who may access resources.";
    ALLOW_NOT_ACTION: "security.allow_not_action", SecurityWarning, "Allow with NotAction", NONE, NONE,
        "Allow with NotAction grants every other action of every service, including ones added later.";
    ALLOW_NOT_RESOURCE: "security.allow_not_resource", SecurityWarning, "Allow with NotResource", NONE, pm("NOTRESOURCE_WITH_ALLOW"),
        "Allow with NotResource grants the actions on every other resource, including ones created later.";
    PASS_ROLE_STAR_RESOURCE: "pass_role.star_resource", SecurityWarning, "iam:PassRole on all resources", aa("PASS_ROLE_WITH_STAR_IN_RESOURCE"), NONE,
        "iam:PassRole on \"*\" lets the principal hand any role to a service.";
    PASS_ROLE_STAR_ACTION_RESOURCE: "pass_role.star_action_and_resource", SecurityWarning, "Wildcard action includes iam:PassRole on all resources", aa("PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"), NONE,
        "A wildcard action that includes iam:PassRole on \"*\" lets the principal hand any role to a service.";
    PASS_ROLE_NOT_ACTION_STAR: "pass_role.not_action_star_resource", SecurityWarning, "NotAction allows iam:PassRole on all resources", aa("PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION"), NONE,
        "NotAction without iam:PassRole on \"*\" lets the principal hand any role to a service.";
    PASS_ROLE_NOT_RESOURCE: "pass_role.not_resource", SecurityWarning, "iam:PassRole with NotResource", aa("PASS_ROLE_WITH_NOTRESOURCE"), NONE,
        "iam:PassRole with NotResource allows passing every role not listed.";
    PASS_ROLE_STAR_ACTION_NOT_RESOURCE: "pass_role.star_action_not_resource", SecurityWarning, "Wildcard action includes iam:PassRole with NotResource", aa("PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE"), NONE,
        "A wildcard action that includes iam:PassRole with NotResource allows passing every role not listed.";
    PASS_ROLE_NOT_ACTION_NOT_RESOURCE: "pass_role.not_action_not_resource", SecurityWarning, "NotAction and NotResource allow iam:PassRole", aa("PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE"), NONE,
        "NotAction with NotResource allows passing every role not listed.";
    CREATE_SLR_STAR_RESOURCE: "create_slr.star_resource", Warning, "iam:CreateServiceLinkedRole on all resources", aa("CREATE_SLR_WITH_STAR_IN_RESOURCE"), NONE,
        "iam:CreateServiceLinkedRole on \"*\" can create service-linked roles for any service.";
    CREATE_SLR_STAR_ACTION_RESOURCE: "create_slr.star_action_and_resource", Warning, "Wildcard action includes iam:CreateServiceLinkedRole on all resources", aa("CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"), NONE,
        "A wildcard action that includes iam:CreateServiceLinkedRole on \"*\" can create service-linked roles for any service.";
    CREATE_SLR_NOT_ACTION_STAR: "create_slr.not_action_star_resource", Warning, "NotAction allows iam:CreateServiceLinkedRole on all resources", aa("CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION"), NONE,
        "NotAction without iam:CreateServiceLinkedRole on \"*\" can create service-linked roles for any service.";
    CREATE_SLR_NOT_RESOURCE: "create_slr.not_resource", Warning, "iam:CreateServiceLinkedRole with NotResource", aa("CREATE_SLR_WITH_NOTRESOURCE"), NONE,
        "iam:CreateServiceLinkedRole with NotResource can create service-linked roles not listed.";
    CREATE_SLR_STAR_ACTION_NOT_RESOURCE: "create_slr.star_action_not_resource", Warning, "Wildcard action includes iam:CreateServiceLinkedRole with NotResource", aa("CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE"), NONE,
        "A wildcard action that includes iam:CreateServiceLinkedRole with NotResource can create service-linked roles not listed.";
    CREATE_SLR_NOT_ACTION_NOT_RESOURCE: "create_slr.not_action_not_resource", Warning, "NotAction and NotResource allow iam:CreateServiceLinkedRole", aa("CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE"), NONE,
        "NotAction with NotResource can create service-linked roles not listed.";
}

/// The check with this code.
pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|check| check.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_dotted_and_described() {
        let mut seen = HashSet::new();
        for check in CODES {
            assert!(seen.insert(check.code), "duplicate code {}", check.code);
            let (family, name) = check.code.split_once('.').unwrap_or_default();
            assert!(!family.is_empty() && !name.is_empty(), "{}", check.code);
            assert!(check
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'));
            assert!(check.description.ends_with('.'), "{}", check.code);
            assert!(!check.title.ends_with('.'), "{}", check.code);
        }
    }

    #[test]
    fn parse_error_codes_do_not_clash() {
        for code in crate::policy::ParseErrorCode::ALL {
            assert!(code_info(code.as_str()).is_none(), "{code}");
        }
    }
}
