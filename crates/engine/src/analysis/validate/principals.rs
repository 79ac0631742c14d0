//! Principal and NotPrincipal by policy type: forbidden in identity policies and SCPs,
//! required in resource and trust policies, and the form of each principal.

use super::codes::{
    ALLOW_NOT_PRINCIPAL, PRINCIPAL_EMPTY, PRINCIPAL_INVALID_AWS, PRINCIPAL_INVALID_FEDERATED,
    PRINCIPAL_INVALID_FORMAT, PRINCIPAL_INVALID_SERVICE, PRINCIPAL_MISSING, PRINCIPAL_NOT_ALLOWED,
    PRINCIPAL_UNIQUE_ID, PRINCIPAL_UNKNOWN_TYPE, PRINCIPAL_WILDCARD, TRUST_NOT_PRINCIPAL,
    TRUST_WILDCARD_PRINCIPAL,
};
use super::{did_you_mean, quoted, values, variables, Collector, Ctx, PolicyType, Quoted};
use crate::policy::{has_wildcard, Effect, Field, Principal, PrincipalType, Text};
use crate::suggest;

/// Checks Principal and NotPrincipal of one statement.
pub(super) fn check(ctx: &Ctx<'_>, out: &mut Collector) {
    let statement = ctx.statement;
    let present = [
        (Field::Principal, &statement.principal),
        (Field::NotPrincipal, &statement.not_principal),
    ];
    match ctx.policy_type {
        PolicyType::Identity | PolicyType::ServiceControl => {
            for (field, principal) in present {
                if let Some(principal) = principal {
                    let kind = if ctx.policy_type == PolicyType::Identity {
                        "an identity policy"
                    } else {
                        "a service control policy"
                    };
                    out.add(
                        &PRINCIPAL_NOT_ALLOWED,
                        ctx.at(field).with_span(principal.span()),
                        format!("{field} is not allowed in {kind}"),
                        format!(
                            "The policy applies to whoever it is attached to; remove {field}. \
                             To grant access to other principals, use a resource policy or a \
                             role trust policy."
                        ),
                    );
                }
            }
            return;
        }
        PolicyType::Resource | PolicyType::Project | PolicyType::Trust => {}
    }
    if statement.principal.is_none() && statement.not_principal.is_none() {
        out.add(
            &PRINCIPAL_MISSING,
            ctx.at_statement(Field::Principal),
            "Statement has no Principal".to_string(),
            "Name who the statement applies to, e.g. \"Principal\": {\"AWS\": \
             \"arn:aws:iam::123456789012:root\"} or {\"Service\": \"rekognition.amazonaws.com\"}."
                .to_string(),
        );
    }
    if let Some(not_principal) = &statement.not_principal {
        if ctx.policy_type == PolicyType::Trust {
            out.add(
                &TRUST_NOT_PRINCIPAL,
                ctx.at(Field::NotPrincipal).with_span(not_principal.span()),
                "NotPrincipal is not allowed in a role trust policy".to_string(),
                "Name the principals that may assume the role in Principal.".to_string(),
            );
        } else if ctx.effect == Some(Effect::Allow) && ctx.policy_type != PolicyType::Project {
            // A project policy takes no NotPrincipal at all: the project check reports it.
            out.add(
                &ALLOW_NOT_PRINCIPAL,
                ctx.at(Field::NotPrincipal).with_span(not_principal.span()),
                "Allow with NotPrincipal".to_string(),
                "This allows everyone except the listed principals, anonymous users included. \
                 Name the allowed principals in Principal instead."
                    .to_string(),
            );
        }
    }
    for (field, principal) in present {
        if let Some(principal) = principal {
            check_principal(ctx, field, principal, out);
        }
    }
}

fn check_principal(ctx: &Ctx<'_>, field: Field, principal: &Principal, out: &mut Collector) {
    let map = match principal {
        Principal::Wildcard(text) => {
            if text.as_str() != "*" {
                out.add(
                    &PRINCIPAL_INVALID_FORMAT,
                    ctx.at(field).with_span(text.span),
                    format!("{field} {} is not valid", quoted(text.as_str())),
                    "The string form accepts only \"*\"; write a map such as {\"AWS\": \
                     \"arn:aws:iam::123456789012:root\"}."
                        .to_string(),
                );
            } else if ctx.policy_type == PolicyType::Trust && field == Field::Principal {
                out.add(
                    &TRUST_WILDCARD_PRINCIPAL,
                    ctx.at(field).with_span(text.span),
                    "\"Principal\": \"*\" is not supported in a role trust policy".to_string(),
                    "Name the accounts, roles, services or identity providers that may \
                     assume the role."
                        .to_string(),
                );
            }
            return;
        }
        Principal::Map(map) => map,
    };
    if map.entries.is_empty() {
        out.add(
            &PRINCIPAL_EMPTY,
            ctx.at(field).with_span(map.span),
            format!("{field} is empty"),
            "The statement applies to no one; name principals or remove the statement.".to_string(),
        );
    }
    for entry in &map.entries {
        let type_name = entry.principal_type.as_str();
        let at_type = || {
            ctx.at(field)
                .principal_type(type_name)
                .with_span(entry.principal_type.span)
        };
        let Some(kind) = entry.known_type() else {
            let names = PrincipalType::ALL.map(PrincipalType::as_str);
            let suggestion = suggest::closest(type_name, names);
            out.add(
                &PRINCIPAL_UNKNOWN_TYPE,
                at_type(),
                format!("Unknown principal type {}", quoted(type_name)),
                format!(
                    "{}Principal types are AWS, Service, Federated and CanonicalUser \
                     (case-sensitive).",
                    did_you_mean(suggestion)
                ),
            );
            continue;
        };
        if entry.ids.is_empty() {
            out.add(
                &PRINCIPAL_EMPTY,
                at_type().with_span(entry.ids.span.or(entry.principal_type.span)),
                format!("{field} {type_name} has no values"),
                "The entry names no one; add principals or remove it.".to_string(),
            );
        }
        for (index, id) in entry.ids.iter().enumerate() {
            let location = ctx
                .at(field)
                .principal_type(type_name)
                .element(index)
                .with_span(id.span);
            if variables::has_variable(id.as_str()) {
                variables::reject(ctx, field, index, id, out);
                continue;
            }
            check_id(kind, id, location, out);
        }
    }
}

fn check_id(
    kind: PrincipalType,
    id: &Text,
    location: crate::policy::Location,
    out: &mut Collector,
) {
    let value = id.as_str();
    let shown = Quoted(value);
    if (value != "*" && has_wildcard(value)) || (value == "*" && kind != PrincipalType::Aws) {
        out.add(
            &PRINCIPAL_WILDCARD,
            location,
            format!("Wildcard in {} principal {shown}", kind.as_str()),
            "Principals take no wildcards except \"*\" alone for AWS; to match many \
             principals use \"*\" with a condition such as aws:PrincipalOrgID or \
             aws:PrincipalArn."
                .to_string(),
        );
        return;
    }
    match kind {
        PrincipalType::Aws => {
            if value == "*" || is_account(value) || is_iam_arn(value) {
                return;
            }
            if is_unique_id(value) {
                out.add(
                    &PRINCIPAL_UNIQUE_ID,
                    location,
                    format!("Principal {shown} is a unique ID"),
                    "IAM shows a unique ID where a principal was deleted; the statement no \
                     longer applies to anyone. Remove it, or name the new principal by ARN."
                        .to_string(),
                );
                return;
            }
            out.add(
                &PRINCIPAL_INVALID_AWS,
                location,
                format!("Invalid AWS principal {shown}"),
                "Write \"*\", a 12-digit account ID, or an ARN such as \
                 arn:aws:iam::123456789012:role/name."
                    .to_string(),
            );
        }
        PrincipalType::Service => {
            if !values::is_service_principal(value) {
                out.add(
                    &PRINCIPAL_INVALID_SERVICE,
                    location,
                    format!("Invalid service principal {shown}"),
                    format!(
                        "Service principals are lower case, e.g. rekognition.amazonaws.com{}.",
                        if value.to_ascii_lowercase() != value {
                            format!(" (write \"{}\")", value.to_ascii_lowercase())
                        } else {
                            String::new()
                        }
                    ),
                );
            }
        }
        PrincipalType::Federated => {
            let provider = value.starts_with("arn:")
                && (value.contains(":saml-provider/") || value.contains(":oidc-provider/"));
            let domain = !value.starts_with("arn:")
                && value.contains('.')
                && !value.contains(char::is_whitespace);
            if !provider && !domain {
                out.add(
                    &PRINCIPAL_INVALID_FEDERATED,
                    location,
                    format!("Invalid federated principal {shown}"),
                    "Write an identity provider's domain (cognito-identity.amazonaws.com, \
                     accounts.google.com) or a SAML/OIDC provider ARN \
                     (arn:aws:iam::123456789012:saml-provider/name)."
                        .to_string(),
                );
            }
        }
        PrincipalType::CanonicalUser => {}
    }
}

fn is_account(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

fn is_iam_arn(value: &str) -> bool {
    [
        "arn:aws:iam::",
        "arn:aws:sts::",
        "arn:aws-cn:iam::",
        "arn:aws-cn:sts::",
    ]
    .iter()
    .any(|prefix| value.starts_with(prefix))
        || (value.starts_with("arn:aws-") && (value.contains(":iam::") || value.contains(":sts::")))
}

/// IAM unique IDs of users (AIDA) and roles (AROA): 21 characters, upper case and digits.
fn is_unique_id(value: &str) -> bool {
    (value.starts_with("AIDA") || value.starts_with("AROA"))
        && value.len() == 21
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
