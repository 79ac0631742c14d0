//! Rekognition Custom Labels project policies ([`PolicyType::Project`]): the resource policy a
//! project owner attaches with `PutProjectPolicy` to let other principals copy the project's
//! model versions.
//!
//! On top of the rules of every resource policy (Principal, Action, Resource and Effect
//! required), Rekognition accepts only:
//!
//! - the action `rekognition:CopyProjectVersion`, written out (no wildcard);
//! - principals under `AWS` that are account IDs or IAM ARNs of an account root, a role or a
//!   user: no `"*"`, no service, federated or canonical-user principal, no STS session;
//! - resources that are model versions of one project
//!   (`arn:aws:rekognition:<region>:<account>:project/<name>/version/<version>/<timestamp>`,
//!   wildcards allowed as in any ARN; resources whose project parts are written out in full
//!   must all name the same project);
//! - no `NotAction`, `NotResource` or `NotPrincipal`;
//! - a document of at most 2,000 characters, white space included
//!   ([`crate::policy::SizeQuota::ProjectPolicy`], checked with the other sizes).
//!
//! The same rules decide when `auto` infers a project policy ([`looks_like_project_policy`]).

use super::codes::{
    PROJECT_ACTION, PROJECT_NOT_ELEMENT, PROJECT_OTHER_PROJECT, PROJECT_PRINCIPAL, PROJECT_RESOURCE,
};
use super::{quoted, Collector, Ctx, PolicyType};
use crate::arn::rekognition::{Parts, PROJECT_VERSION};
use crate::arn::{is_pattern, Arn};
use crate::policy::{Field, Location, PolicyDocument, Principal, PrincipalType, Statement};

/// The one action a project policy accepts.
pub const COPY_PROJECT_VERSION: &str = "rekognition:CopyProjectVersion";

/// Whether an action is exactly `rekognition:CopyProjectVersion` (IAM compares action names
/// without regard to case).
fn is_copy_action(action: &str) -> bool {
    action.eq_ignore_ascii_case(COPY_PROJECT_VERSION)
}

/// Checks one statement of a project policy.
pub(super) fn check(ctx: &Ctx<'_>, out: &mut Collector) {
    if ctx.policy_type != PolicyType::Project {
        return;
    }
    let statement = ctx.statement;
    check_not_elements(ctx, out);
    if let Some(actions) = &statement.action {
        for (element, text) in actions.iter().enumerate() {
            if !is_copy_action(text.as_str()) {
                out.add(
                    &PROJECT_ACTION,
                    ctx.at_item(Field::Action, element, text),
                    format!(
                        "Action {} is not allowed in a project policy",
                        quoted(text.as_str())
                    ),
                    format!(
                        "A Rekognition project policy accepts only \"{COPY_PROJECT_VERSION}\", \
                         written out in full. Grant other actions in the identity policies of \
                         the principals."
                    ),
                );
            }
        }
    }
    if let Some(principal) = &statement.principal {
        check_principal(ctx, principal, out);
    }
    if let Some(resources) = &statement.resource {
        for (element, text) in resources.iter().enumerate() {
            if let Err(why) = version_of(text.as_str()) {
                out.add(
                    &PROJECT_RESOURCE,
                    ctx.at_item(Field::Resource, element, text),
                    format!(
                        "Resource {} is not a model version of a project",
                        quoted(text.as_str())
                    ),
                    format!(
                        "{why} A project policy's resources are the project's model versions: \
                         arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/\
                         my-version/1690000000000, or .../version/*/* for every version."
                    ),
                );
            }
        }
    }
}

/// NotAction, NotResource and NotPrincipal, none of which `PutProjectPolicy` accepts.
fn check_not_elements(ctx: &Ctx<'_>, out: &mut Collector) {
    let statement = ctx.statement;
    let present = [
        (
            Field::NotAction,
            Field::Action,
            statement.not_action.as_ref().map(|l| l.span),
        ),
        (
            Field::NotResource,
            Field::Resource,
            statement.not_resource.as_ref().map(|l| l.span),
        ),
        (
            Field::NotPrincipal,
            Field::Principal,
            statement.not_principal.as_ref().map(Principal::span),
        ),
    ];
    for (field, instead, span) in present {
        let Some(span) = span else { continue };
        out.add(
            &PROJECT_NOT_ELEMENT,
            ctx.at(field).with_span(span.or(statement.span)),
            format!("{field} is not allowed in a project policy"),
            format!(
                "Rekognition rejects a project policy with {field}; name what the statement is \
                 about in {instead} instead."
            ),
        );
    }
}

/// Principals: only `AWS` accounts, roles and users.
fn check_principal(ctx: &Ctx<'_>, principal: &Principal, out: &mut Collector) {
    let map = match principal {
        Principal::Wildcard(text) => {
            if text.as_str() == "*" {
                report_principal(ctx.at(Field::Principal).with_span(text.span), "*", out);
            }
            return;
        }
        Principal::Map(map) => map,
    };
    for entry in &map.entries {
        let type_name = entry.principal_type.as_str();
        match entry.known_type() {
            Some(PrincipalType::Aws) => {}
            // Unknown types are reported by the principal checks.
            None => continue,
            Some(kind) => {
                out.add(
                    &PROJECT_PRINCIPAL,
                    ctx.at(Field::Principal)
                        .principal_type(type_name)
                        .with_span(entry.principal_type.span),
                    format!(
                        "{} principals are not allowed in a project policy",
                        kind.as_str()
                    ),
                    "A project policy lets AWS accounts, IAM roles and IAM users copy model \
                     versions: name them under \"AWS\", e.g. \"AWS\": \
                     \"arn:aws:iam::111122223333:role/Copier\"."
                        .to_string(),
                );
                continue;
            }
        }
        for (index, id) in entry.ids.iter().enumerate() {
            if refused_aws_principal(id.as_str()) {
                let location = ctx
                    .at(Field::Principal)
                    .principal_type(type_name)
                    .element(index)
                    .with_span(id.span);
                report_principal(location, id.as_str(), out);
            }
        }
    }
}

fn report_principal(location: Location, value: &str, out: &mut Collector) {
    let why = if value == "*" {
        "Rekognition does not accept everyone (\"*\") as the principal of a project policy."
    } else {
        "Rekognition accepts only accounts, IAM roles and IAM users as principals of a project \
         policy."
    };
    out.add(
        &PROJECT_PRINCIPAL,
        location,
        format!(
            "Principal {} is not allowed in a project policy",
            quoted(value)
        ),
        format!(
            "{why} Name a 12-digit account ID or an ARN such as arn:aws:iam::111122223333:root, \
             ...:role/name or ...:user/name."
        ),
    );
}

/// An `AWS` principal the principal checks accept but a project policy does not: `"*"`, STS
/// sessions and IAM ARNs of other kinds than an account root, role or user. Malformed values
/// and partial wildcards are left to the principal checks, which already report them.
fn refused_aws_principal(value: &str) -> bool {
    if value == "*" {
        return true;
    }
    if is_pattern(value) {
        return false;
    }
    let Ok(arn) = Arn::parse(value) else {
        return false;
    };
    match arn.service.as_str() {
        "sts" => true,
        "iam" => {
            !(arn.resource == "root"
                || arn.resource.starts_with("role/")
                || arn.resource.starts_with("user/"))
        }
        _ => false,
    }
}

/// The project a resource of a project policy names, or why it is no model version ARN.
fn version_of(text: &str) -> Result<Parts, String> {
    if text == "*" {
        return Err("\"*\" names every resource.".to_string());
    }
    PROJECT_VERSION
        .parse_arn(text)
        .map_err(|e| format!("It {e}."))
}

/// The project a version ARN belongs to, for comparing resources; `None` when a wildcard in
/// its project part (partition, region, account or name) may match the project the policy is
/// attached to whatever it is.
fn project_key(parts: &Parts) -> Option<String> {
    let name = parts.ids.first().map_or("*", String::as_str);
    let literal = [&parts.partition, &parts.region, &parts.account_id, name]
        .iter()
        .all(|field| !is_pattern(field));
    literal.then(|| format!("{}project/{name}", parts.prefix()))
}

/// Checks across statements: every resource names a version of the same project, since the
/// policy is attached to one project.
pub(super) fn check_document(doc: &PolicyDocument, policy_type: PolicyType, out: &mut Collector) {
    if policy_type != PolicyType::Project {
        return;
    }
    let mut first: Option<String> = None;
    for (index, statement) in doc.statements().iter().enumerate() {
        let Some(resources) = &statement.resource else {
            continue;
        };
        for (element, text) in resources.iter().enumerate() {
            let Some(key) = version_of(text.as_str())
                .ok()
                .as_ref()
                .and_then(project_key)
            else {
                continue;
            };
            let Some(project) = &first else {
                first = Some(key);
                continue;
            };
            if *project != key {
                out.add(
                    &PROJECT_OTHER_PROJECT,
                    Location::statement(index, Field::Resource)
                        .element(element)
                        .with_span(text.span),
                    format!(
                        "Resource {} is a version of another project than {project}",
                        quoted(text.as_str())
                    ),
                    format!(
                        "A project policy is attached to one project and covers only that \
                         project's versions; write a policy per project, or keep the versions \
                         of {project} only."
                    ),
                );
            }
        }
    }
}

/// Whether `auto` takes a document for a project policy: it has statements, and every one names
/// a Principal (no NotPrincipal, NotAction or NotResource) and allows or denies exactly
/// `rekognition:CopyProjectVersion` and nothing else. No other policy type grants that action
/// to a principal, so such a document can only be a project policy; anything less certain stays
/// a resource policy, checked by the general rules.
pub fn looks_like_project_policy(doc: &PolicyDocument) -> bool {
    let statements = doc.statements();
    !statements.is_empty() && statements.iter().all(is_project_statement)
}

fn is_project_statement(s: &Statement) -> bool {
    s.principal.is_some()
        && s.not_principal.is_none()
        && s.not_action.is_none()
        && s.not_resource.is_none()
        && s.action
            .as_ref()
            .is_some_and(|a| !a.is_empty() && a.strings().all(is_copy_action))
}

/// [`looks_like_project_policy`] for a document with parts known only after apply: `None` when
/// the unknown parts could still change the answer.
pub fn known_project_policy(doc: &PolicyDocument) -> Option<bool> {
    let statements = doc.statements();
    if statements.is_empty() {
        return Some(false);
    }
    let mut undecided = false;
    for s in statements {
        let u = &s.unknown;
        let refuted = s.not_principal.is_some()
            || s.not_action.is_some()
            || s.not_resource.is_some()
            || s.action
                .as_ref()
                .is_some_and(|a| a.strings().any(|x| !is_copy_action(x)));
        if refuted {
            return Some(false);
        }
        let open = u.principal
            || u.not_principal
            || u.action
            || u.not_action
            || u.not_resource
            || s.principal.is_none()
            || s.action.as_ref().is_none_or(|a| a.is_empty());
        if open {
            let could_be = (s.principal.is_some() || u.principal)
                && (u.action || s.action.as_ref().is_some_and(|a| !a.is_empty()));
            if !could_be {
                return Some(false);
            }
            undecided = true;
        }
    }
    if undecided {
        None
    } else {
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{validate_json, PolicyType, ValidateOptions};
    use super::*;
    use crate::policy::{parse_policy, SizeQuota};

    const VERSION_ARN: &str =
        "arn:aws:rekognition:us-east-1:111122223333:project/faces/version/v1/1690000000000";

    fn codes(json: &str) -> Vec<&'static str> {
        let options = ValidateOptions {
            size_quota: Some(SizeQuota::ProjectPolicy),
            ..ValidateOptions::new(PolicyType::Project)
        };
        validate_json(json, &options)
            .findings
            .iter()
            .map(|f| f.code)
            .collect()
    }

    fn policy(statement: &str) -> String {
        format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#)
    }

    #[test]
    fn the_documented_shape_is_clean() {
        let json = policy(&format!(
            r#"{{"Sid":"AllowCopy","Effect":"Allow","Principal":{{"AWS":["444455556666","arn:aws:iam::777788889999:role/Admin"]}},"Action":"rekognition:CopyProjectVersion","Resource":"{VERSION_ARN}"}}"#
        ));
        assert_eq!(codes(&json), Vec::<&str>::new());
        let all_versions = json.replace("version/v1/1690000000000", "version/*/*");
        assert_eq!(codes(&all_versions), Vec::<&str>::new());
    }

    #[test]
    fn other_actions_and_wildcards_are_refused() {
        let json = policy(&format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"444455556666"}},"Action":["rekognition:copyprojectversion","rekognition:Copy*","rekognition:DetectLabels"],"Resource":"{VERSION_ARN}"}}"#
        ));
        let project: Vec<_> = codes(&json)
            .into_iter()
            .filter(|c| c.starts_with("project."))
            .collect();
        assert_eq!(
            project,
            ["project.unsupported_action", "project.unsupported_action"]
        );
    }

    #[test]
    fn not_elements_are_refused() {
        let json = policy(&format!(
            r#"{{"Effect":"Deny","NotPrincipal":{{"AWS":"444455556666"}},"NotAction":"rekognition:DetectLabels","NotResource":"{VERSION_ARN}"}}"#
        ));
        let found = codes(&json);
        assert_eq!(
            found
                .iter()
                .filter(|c| **c == "project.unsupported_element")
                .count(),
            3,
            "{found:?}"
        );
        // Allow with NotPrincipal is reported once, as a project error.
        let allow = json.replace("Deny", "Allow");
        assert!(!codes(&allow).contains(&"security.allow_not_principal"));
    }

    #[test]
    fn principals_are_accounts_roles_and_users() {
        for (principal, refused) in [
            (r#""*""#, true),
            (r#"{"AWS":"*"}"#, true),
            (r#"{"Service":"rekognition.amazonaws.com"}"#, true),
            (
                r#"{"AWS":"arn:aws:sts::444455556666:assumed-role/R/s"}"#,
                true,
            ),
            (r#"{"AWS":"arn:aws:iam::444455556666:group/G"}"#, true),
            (r#"{"AWS":"arn:aws:iam::444455556666:user/U"}"#, false),
            (r#"{"AWS":"arn:aws:iam::444455556666:root"}"#, false),
        ] {
            let json = policy(&format!(
                r#"{{"Effect":"Allow","Principal":{principal},"Action":"rekognition:CopyProjectVersion","Resource":"{VERSION_ARN}"}}"#
            ));
            let found = codes(&json);
            assert_eq!(
                found.contains(&"project.unsupported_principal"),
                refused,
                "{principal}: {found:?}"
            );
        }
    }

    #[test]
    fn resources_are_versions_of_one_project() {
        let other = VERSION_ARN.replace("faces", "cars");
        let json = policy(&format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"444455556666"}},"Action":"rekognition:CopyProjectVersion","Resource":["{VERSION_ARN}","{other}","*","arn:aws:rekognition:us-east-1:111122223333:project/faces/1690000000000","arn:aws:rekognition:*:111122223333:project/faces/version/*/*"]}}"#
        ));
        let found = codes(&json);
        assert_eq!(
            found
                .iter()
                .filter(|c| c.starts_with("project."))
                .collect::<Vec<_>>(),
            [
                &"project.resource_other_project",
                &"project.resource_not_version",
                &"project.resource_not_version"
            ],
            "{found:?}"
        );
    }

    #[test]
    fn the_size_limit_counts_white_space() {
        let statement = format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"444455556666"}},"Action":"rekognition:CopyProjectVersion","Resource":"{VERSION_ARN}"}}"#
        );
        let compact = policy(&statement);
        let padded = compact.replace(',', &format!(",{}", " ".repeat(600)));
        assert!(compact.len() < 2000 && padded.len() > 2000);
        assert!(!codes(&compact).contains(&"size.exceeded"));
        assert!(codes(&padded).contains(&"size.exceeded"));
    }

    #[test]
    fn auto_infers_a_project_policy_only_when_certain() {
        let doc = |json: &str| parse_policy(json).document.unwrap();
        let copy = format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"444455556666"}},"Action":"rekognition:CopyProjectVersion","Resource":"{VERSION_ARN}"}}"#
        );
        assert!(looks_like_project_policy(&doc(&policy(&copy))));
        let mixed = format!(
            r#"{copy},{{"Effect":"Allow","Principal":{{"AWS":"1"}},"Action":"s3:GetObject","Resource":"*"}}"#
        );
        assert!(!looks_like_project_policy(&doc(&policy(&mixed))));
        let wildcard = copy.replace("CopyProjectVersion", "Copy*");
        assert!(!looks_like_project_policy(&doc(&policy(&wildcard))));
        assert!(!looks_like_project_policy(&doc(&policy(""))));
        assert_eq!(known_project_policy(&doc(&policy(&copy))), Some(true));
        let mut unknown = doc(&policy(&copy));
        if let Some(list) = &mut unknown.statements {
            list.items[0].unknown.action = true;
        }
        assert_eq!(known_project_policy(&unknown), None);
    }
}
