//! Findings that cannot be decided while parts of a statement are unknown until apply.
//!
//! A statement built from configuration with values known only after apply holds its known
//! elements and marks the parts with unknown ones ([`Statement::unknown`]). The checks run on
//! the known elements as they stand; this module then drops every finding whose truth depends on
//! a part that is not fully known: "Action is missing" when the actions are an unknown list,
//! "matches no resource" when a resource is unknown, a security finding when the condition that
//! might restrict it is unknown. What stays is true whatever the unknown values turn out to be.
//!
//! Each code names the parts it needs in [`needs`]; a code not listed needs every part, so a new
//! check is safe by default and only loses reports on partially known statements until it is
//! listed.

use crate::analysis::finding::Finding;
use crate::policy::{Field, Location, PolicyDocument, SizeQuota, UnknownParts};

use super::codes::SIZE_EXCEEDED;

/// A part of a statement, as far as knowing it in full matters to a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Effect,
    /// Principal and NotPrincipal.
    Principal,
    /// Action and NotAction.
    Action,
    /// Resource and NotResource.
    Resource,
    Condition,
}

impl Part {
    fn is_unknown(self, unknown: &UnknownParts) -> bool {
        match self {
            Part::Effect => unknown.effect,
            Part::Principal => unknown.principal || unknown.not_principal,
            Part::Action => unknown.action || unknown.not_action,
            Part::Resource => unknown.resource || unknown.not_resource,
            Part::Condition => unknown.condition,
        }
    }
}

/// What a finding of a code needs to be known, besides the element it is reported at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Only the element itself (and the policy type and Version, which are always known here).
    /// Also used for findings that stay true when elements are added to a list: a duplicate
    /// action stays a duplicate, whatever else the list holds.
    Element,
    /// These parts of the statement in full.
    Parts(&'static [Part]),
    /// The whole statement (and, for findings across statements, every statement).
    Everything,
}

/// Codes that stay true when elements are added: a repeat stays a repeat, a covered element
/// stays covered. They are reported from known elements, but an unknown element may hold the
/// other half, so a known element alone does not decide them.
const GROWING_CODES: &[&str] = &[
    "sid.duplicate",
    "sid.not_unique",
    "statement.conflicting_elements",
    "action.redundant",
    "resource.redundant",
    "condition.duplicate_key_case",
    "condition.duplicate_value",
    "condition.multiple_bool",
];

/// Codes decided by the element they are reported at (see [`Needs::Element`]).
const ELEMENT_CODES: &[&str] = &[
    "sid.invalid",
    "sid.empty",
    "effect.invalid",
    "action.invalid_format",
    "action.unknown_service",
    "action.retired_service",
    "action.unknown",
    "action.no_match",
    "action.wildcard_service",
    "trust.unsupported_action",
    "trust.resource_not_allowed",
    "trust.not_principal",
    "project.unsupported_action",
    "project.unsupported_element",
    "project.unsupported_principal",
    "project.resource_not_version",
    "resource.invalid_prefix",
    "resource.missing_arn_field",
    "resource.invalid_partition",
    "resource.service_case",
    "resource.unknown_service",
    "resource.invalid_region",
    "resource.invalid_account",
    "resource.region_not_allowed",
    "resource.missing_region",
    "resource.account_not_allowed",
    "principal.not_allowed",
    "principal.invalid_format",
    "principal.unsupported_wildcard",
    "principal.invalid_aws",
    "principal.invalid_service",
    "principal.invalid_federated",
    "principal.unique_id",
    "condition.unknown_operator",
    "condition.null_if_exists",
    "condition.null_with_qualifier",
    "condition.invalid_key_format",
    "condition.unknown_global_key",
    "condition.unknown_service_key",
    "condition.missing_tag_key",
    "condition.deprecated_key",
    "condition.type_mismatch",
    "condition.string_like_on_arn",
    "condition.missing_qualifier",
    "condition.for_all_values_single_valued",
    "condition.invalid_bool",
    "condition.invalid_number",
    "condition.invalid_date",
    "condition.invalid_ip",
    "condition.invalid_binary",
    "condition.improve_ip_range",
    "condition.invalid_vpc",
    "condition.invalid_vpce",
    "condition.invalid_service_principal",
    "condition.wildcard_without_like",
    "condition.mfa_bool_false",
    "condition.variable_not_allowed",
    "variable.not_allowed",
    "variable.requires_version",
    "variable.missing_brace",
    "variable.empty",
    "variable.space",
    "variable.missing_quote",
    "variable.unknown",
];

/// What a finding of `code` needs to be known.
fn needs(code: &str) -> Needs {
    if ELEMENT_CODES.contains(&code) || GROWING_CODES.contains(&code) {
        return Needs::Element;
    }
    Needs::Parts(match code {
        "effect.missing" => &[Part::Effect],
        "action.missing" | "action.empty" => &[Part::Action],
        "resource.missing" | "resource.empty" => &[Part::Resource],
        // "*" alone is rendered as the string "*" only when it is the only principal, so
        // whether a "*" principal is allowed depends on all of them.
        "principal.missing" | "principal.empty" | "trust.wildcard_principal" => &[Part::Principal],
        // Fit is checked only when every action resolves, and a resource is reported only when
        // some action fits another resource: both need both lists.
        "action.no_matching_resource" | "resource.no_matching_action" => {
            &[Part::Action, Part::Resource]
        }
        "security.allow_not_principal" => &[Part::Effect],
        "condition.key_unsupported"
        | "condition.resource_tag_unsupported_allow"
        | "condition.resource_tag_unsupported_deny" => &[Part::Effect, Part::Action],
        // Whether the values of a key are empty, all private, or redundant, depends on all of
        // them, and an unknown condition block may add values to a known key.
        "condition.empty"
        | "condition.empty_values"
        | "condition.empty_values_for_all_values"
        | "condition.empty_values_for_any_value"
        | "condition.empty_values_if_exists"
        | "condition.private_ip"
        | "condition.private_ip_not_ip_address"
        | "condition.private_ip_subset"
        | "condition.private_ip_subset_not_ip_address"
        | "condition.equivalent_to_null_false"
        | "condition.redundant_numeric_values"
        | "condition.mixed_value_types" => &[Part::Condition],
        _ => return Needs::Everything,
    })
}

/// Whether a finding of `code` reported at a known element of a statement with these unknown
/// parts is reported: it depends on nothing that is unknown. Codes that only grow with more
/// elements are reported when the known elements show them, but are not decided by the element
/// alone, so they answer `false` here.
/// Findings across statements (redundant statements) are not decided by one statement either.
pub fn decided_by_element(code: &str, unknown: &UnknownParts) -> bool {
    match needs(code) {
        _ if GROWING_CODES.contains(&code) || code == "statement.redundant" => false,
        Needs::Element => true,
        Needs::Parts(parts) => !parts.iter().any(|p| p.is_unknown(unknown)),
        Needs::Everything => !unknown.any(),
    }
}

/// Whether any statement of `doc` has unknown parts.
pub(super) fn any_unknown(doc: &PolicyDocument) -> bool {
    doc.statements().iter().any(|s| s.unknown.any())
}

/// Whether `finding` stays true whatever the unknown parts of `doc` turn out to be.
pub(super) fn is_decided(doc: &PolicyDocument, finding: &Finding) -> bool {
    let Some(index) = finding.location.statement else {
        // Version, Id and Statement findings: the size is decided by the caller from the
        // known text (a lower bound), the rest by elements that are always known.
        return true;
    };
    let unknown = match doc.statements().get(index) {
        Some(statement) => statement.unknown,
        None => return true,
    };
    match needs(finding.code) {
        Needs::Element => !everyone_key(&finding.location, &unknown),
        Needs::Parts(parts) => !parts.iter().any(|p| p.is_unknown(&unknown)),
        Needs::Everything => {
            if finding.code == "statement.redundant" {
                !any_unknown(doc)
            } else {
                !unknown.any()
            }
        }
    }
}

/// A `"*"` principal type next to unknown principals: alone it would be the string `"*"`, so
/// what is wrong with it as a map key is not known yet.
fn everyone_key(location: &Location, unknown: &UnknownParts) -> bool {
    let part_unknown = match location.field {
        Field::Principal => unknown.principal,
        Field::NotPrincipal => unknown.not_principal,
        _ => return false,
    };
    part_unknown && location.principal_type.as_deref() == Some("*")
}

/// The size of `doc` that every completion of its unknown parts reaches at least.
///
/// Leaving out unknown elements only shortens the text, except for principals: `"*"` alone
/// renders as the string `"*"`, shorter than the map the known part alone renders as, so
/// principals with unknown parts are not counted.
pub fn known_size(doc: &PolicyDocument) -> usize {
    if !any_unknown(doc) {
        return doc.counted_size();
    }
    let mut known = doc.clone();
    let statements = known
        .statements
        .iter_mut()
        .flat_map(|list| list.items.iter_mut());
    for statement in statements {
        if statement.unknown.principal {
            statement.principal = None;
        }
        if statement.unknown.not_principal {
            statement.not_principal = None;
        }
    }
    known.counted_size()
}

/// The size finding for a document whose known text already has `size` characters, while more
/// may come at apply.
pub fn size_lower_bound_finding(size: usize, quota: SizeQuota) -> Option<Finding> {
    let limit = quota.limit();
    if size <= limit {
        return None;
    }
    Some(Finding::new(
        &SIZE_EXCEEDED,
        Location::document(Field::Statement),
        format!(
            "Policy has at least {size} characters (white space not counted) before the values \
             known only after apply are added; the limit for {} is {limit}",
            quota.describe()
        ),
        format!(
            "The known part alone is {} characters over the limit. Merge statements with the \
             same Effect, Resource and Condition, use wildcards such as rekognition:Describe* \
             for families of actions, or split the permissions into several policies.",
            size - limit
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{validate, PolicyType, ValidateOptions};
    use super::*;
    use crate::policy::{Effect, Principal, PrincipalEntry, Statement, StringList};

    fn codes(doc: &PolicyDocument, policy_type: PolicyType) -> Vec<&'static str> {
        validate(doc, &ValidateOptions::new(policy_type))
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn element_findings_stay_and_whole_part_findings_wait() {
        let mut statement = Statement::new(Effect::Allow).with_action(StringList::array([
            "rekognition:DetectLabel",
            "s3:GetObject",
        ]));
        let doc = PolicyDocument::new([statement.clone()]);
        assert_eq!(
            codes(&doc, PolicyType::Identity),
            ["action.unknown", "resource.missing"]
        );
        statement.unknown.resource = true;
        let doc = PolicyDocument::new([statement]);
        assert_eq!(codes(&doc, PolicyType::Identity), ["action.unknown"]);
    }

    #[test]
    fn security_findings_wait_for_an_unknown_condition() {
        let mut statement = Statement::new(Effect::Allow)
            .with_action(StringList::scalar("iam:PassRole"))
            .with_resource(StringList::scalar("*"));
        let doc = PolicyDocument::new([statement.clone()]);
        assert!(codes(&doc, PolicyType::Identity).contains(&"pass_role.star_resource"));
        statement.unknown.condition = true;
        let doc = PolicyDocument::new([statement]);
        assert!(!codes(&doc, PolicyType::Identity).contains(&"pass_role.star_resource"));
    }

    #[test]
    fn a_star_principal_next_to_unknown_ones_is_not_judged_as_a_map_key() {
        let mut statement = Statement::new(Effect::Allow)
            .with_action(StringList::scalar("s3:GetObject"))
            .with_resource(StringList::scalar("arn:aws:s3:::images/*"))
            .with_principal(Principal::map([PrincipalEntry {
                principal_type: "*".into(),
                ids: StringList::scalar("*"),
            }]));
        statement.unknown.principal = true;
        let doc = PolicyDocument::new([statement.clone()]);
        let found = codes(&doc, PolicyType::Resource);
        assert!(!found.contains(&"principal.unknown_type"), "{found:?}");
        let known = PolicyDocument::new([Statement {
            unknown: Default::default(),
            ..statement.clone()
        }]);
        assert!(codes(&known, PolicyType::Resource).contains(&"principal.unknown_type"));
        // the known size leaves such principals out: "*" alone is shorter than the map
        let everyone = PolicyDocument::new([Statement {
            principal: Some(Principal::everyone()),
            unknown: Default::default(),
            ..statement
        }]);
        assert!(known_size(&doc) <= everyone.counted_size());
    }
}
