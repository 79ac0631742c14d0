//! The kind of a policy nothing states the kind of, inferred from its content. One rule for
//! every caller: the `check` command (documents no resource uses) and the policy document data
//! source (`policy_type = "auto"`).

use super::project::{known_project_policy, looks_like_project_policy};
use super::PolicyType;
use crate::policy::PolicyDocument;

/// Actions a role trust policy allows: `sts:AssumeRole*` and the session actions that go with
/// them (case-insensitive, as IAM compares action names).
fn is_trust_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.starts_with("sts:assumerole")
        || ["sts:tagsession", "sts:setsourceidentity", "sts:setcontext"].contains(&lower.as_str())
}

/// A statement with a `Principal` or `NotPrincipal` makes the document a trust policy when every
/// such statement names at least one action and only trust actions (`sts:AssumeRole...`), else a
/// resource policy; a document without principals is an identity policy. A resource policy
/// whose every statement names a Principal and only `rekognition:CopyProjectVersion` is a
/// Rekognition project policy (the only policy that grants that action to a principal).
pub fn infer_policy_type(doc: &PolicyDocument) -> PolicyType {
    let with_principal: Vec<_> = doc
        .statements()
        .iter()
        .filter(|s| s.principal.is_some() || s.not_principal.is_some())
        .collect();
    if with_principal.is_empty() {
        return PolicyType::Identity;
    }
    let all_trust = with_principal.iter().all(|s| {
        s.action
            .as_ref()
            .is_some_and(|a| !a.is_empty() && a.strings().all(is_trust_action))
    });
    if all_trust {
        PolicyType::Trust
    } else if looks_like_project_policy(doc) {
        PolicyType::Project
    } else {
        PolicyType::Resource
    }
}

/// The kind of a policy some of whose parts are known only after apply (see
/// [`crate::policy::UnknownParts`]), when the known parts already decide it: `None` when a
/// statement may or may not have a principal, or has one and its unknown actions decide between
/// a trust and a resource policy. A statement with a principal and a known action no trust
/// policy allows makes it a resource policy whatever the unknown parts are, unless the unknown
/// parts may still make it a project policy.
pub fn infer_known_policy_type(doc: &PolicyDocument) -> Option<PolicyType> {
    match known_general_type(doc)? {
        PolicyType::Resource => match known_project_policy(doc)? {
            true => Some(PolicyType::Project),
            false => Some(PolicyType::Resource),
        },
        other => Some(other),
    }
}

/// [`infer_known_policy_type`] before telling project policies apart.
fn known_general_type(doc: &PolicyDocument) -> Option<PolicyType> {
    let mut undecided = false;
    let mut with_principal = false;
    for s in doc.statements() {
        let has_principal = s.principal.is_some() || s.not_principal.is_some();
        if !has_principal {
            undecided |= s.unknown.principal || s.unknown.not_principal;
            continue;
        }
        with_principal = true;
        let actions = s.action.as_ref();
        let known_other_action = actions.is_some_and(|a| a.strings().any(|x| !is_trust_action(x)));
        let no_action = !s.unknown.action && actions.is_none_or(|a| a.is_empty());
        if known_other_action || no_action {
            return Some(PolicyType::Resource);
        }
        undecided |= s.unknown.action;
    }
    match (undecided, with_principal) {
        (true, _) => None,
        (false, true) => Some(PolicyType::Trust),
        (false, false) => Some(PolicyType::Identity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    fn kind(json: &str) -> PolicyType {
        infer_policy_type(&parse_policy(json).document.unwrap())
    }

    #[test]
    fn principals_and_actions_decide_the_kind() {
        assert_eq!(
            kind(r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#),
            PolicyType::Identity
        );
        assert_eq!(
            kind(
                r#"{"Statement":{"Effect":"Allow","Principal":{"Federated":"x"},"Action":["sts:AssumeRoleWithWebIdentity","STS:TagSession"]}}"#
            ),
            PolicyType::Trust
        );
        assert_eq!(
            kind(
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
            ),
            PolicyType::Resource
        );
        // a principal with no action at all is not a trust policy
        assert_eq!(
            kind(
                r#"{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"1"},"NotAction":"sts:AssumeRole"}}"#
            ),
            PolicyType::Resource
        );
    }
}
