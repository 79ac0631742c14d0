//! Who a resource or trust policy lets in: everyone (a public principal without a restricting
//! condition), every repository or service account of an OIDC provider (web-identity trust
//! without a subject condition), or any account's use of a service (service-principal trust
//! without `aws:SourceAccount`/`aws:SourceArn`, the confused deputy).
//!
//! Each check looks for a condition that limits the statement. When the statement's Condition
//! is not known yet (a Terraform value known only after apply), a limit may be in the unknown
//! part, so none of these findings is reported: an unknown is never a finding.

use super::codes::{CONFUSED_DEPUTY, OIDC_SUBJECT_UNRESTRICTED, PUBLIC_PRINCIPAL};
use super::operators::{Operator, Qualifier};
use super::{quoted, Collector, Ctx, PolicyType};
use crate::policy::{Effect, Field, Principal, PrincipalType};

/// Condition keys that limit a public principal, after the keys IAM Access Analyzer documents
/// as limiting access in its findings (its `condition.*` filter keys): the caller's account,
/// organization, ARN or user, the network it comes from, and the resource or account on whose
/// behalf a service calls. Compared ignoring ASCII case.
const RESTRICTING_KEYS: [&str; 20] = [
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:userid",
    "aws:username",
    "kms:CallerAccount",
    "lambda:EventSourceToken",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    "sns:Endpoint",
    "sqs:SourceArn",
];

/// Keys that protect a service-principal trust against the confused deputy: the account or
/// resource (or organization) on whose behalf the service assumes the role.
const DEPUTY_KEYS: [&str; 4] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Service principals that assume a role only for compute the account itself runs (an EC2
/// instance profile, a Lambda function's execution role, an ECS task role, an EKS cluster or
/// pod role): another account cannot make the service use the role, and these services do not
/// set aws:SourceAccount when they assume it.
const OWN_COMPUTE_SERVICES: [&str; 7] = [
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "edgelambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "pods.eks.amazonaws.com",
];

/// Checks one statement of a resource or trust policy.
pub(super) fn check(ctx: &Ctx<'_>, out: &mut Collector) {
    let statement = ctx.statement;
    let applies = matches!(ctx.policy_type, PolicyType::Resource | PolicyType::Trust);
    if !applies || ctx.effect != Some(Effect::Allow) || statement.unknown.condition {
        return;
    }
    let Some(principal) = &statement.principal else {
        return;
    };
    check_public(ctx, principal, out);
    if ctx.policy_type == PolicyType::Trust {
        check_web_identity(ctx, principal, out);
        check_confused_deputy(ctx, principal, out);
    }
}

/// The identifiers of one principal type.
fn ids_of(principal: &Principal, kind: PrincipalType) -> Vec<&str> {
    match principal {
        Principal::Wildcard(_) => Vec::new(),
        Principal::Map(map) => map
            .entries
            .iter()
            .filter(|entry| entry.known_type() == Some(kind))
            .flat_map(|entry| entry.ids.strings())
            .collect(),
    }
}

/// The values of every positive, key-requiring comparison of `key` in the statement's
/// condition: operators that are not negated, not `IfExists` and not `ForAllValues:` (which an
/// absent key satisfies). `None` when no such comparison exists.
fn limiting_values<'a>(ctx: &Ctx<'a>, matches_key: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let block = ctx.statement.condition.as_ref()?;
    let mut values: Option<Vec<String>> = None;
    for op in &block.operators {
        let Some(operator) = Operator::parse(op.name.as_str()) else {
            continue;
        };
        let limiting = !operator.is_negated()
            && !operator.if_exists
            && operator.qualifier != Some(Qualifier::ForAllValues)
            && operator.base != "Null";
        if !limiting {
            continue;
        }
        for entry in &op.entries {
            if matches_key(entry.key.as_str()) && !entry.values.is_empty() {
                values
                    .get_or_insert_with(Vec::new)
                    .extend(entry.values.iter().map(|v| v.value.as_text().into_owned()));
            }
        }
    }
    values
}

/// Whether a value limits anything: not only wildcards.
fn specific(value: &str) -> bool {
    !value.is_empty() && !value.chars().all(|c| c == '*' || c == '?')
}

fn check_public(ctx: &Ctx<'_>, principal: &Principal, out: &mut Collector) {
    let public = match principal {
        Principal::Wildcard(text) => text.as_str() == "*",
        Principal::Map(_) => ids_of(principal, PrincipalType::Aws).contains(&"*"),
    };
    // "Principal": "*" in a trust policy is already an error (trust.wildcard_principal).
    let string_form = matches!(principal, Principal::Wildcard(_));
    if !public || (string_form && ctx.policy_type == PolicyType::Trust) {
        return;
    }
    let restricted = limiting_values(ctx, |key| {
        RESTRICTING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
    })
    .is_some_and(|values| values.iter().any(|v| specific(v)));
    if restricted {
        return;
    }
    let whom = if ctx.policy_type == PolicyType::Trust {
        "any AWS account's users and roles can assume this role"
    } else {
        "anyone, in any AWS account or anonymously, gets these actions"
    };
    out.add(
        &PUBLIC_PRINCIPAL,
        ctx.at(Field::Principal).with_span(principal.span()),
        "The statement allows a public principal without a restricting condition".to_string(),
        format!(
            "With Principal \"*\" and no condition on who or where the caller is, {whom}. Name \
             the accounts or roles in Principal, or add a condition such as \
             \"StringEquals\": {{\"aws:PrincipalOrgID\": \"o-exampleorgid\"}} or \
             {{\"aws:SourceVpce\": \"vpce-1a2b3c4d\"}} (other limiting keys: aws:PrincipalAccount, \
             aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceIp, aws:SourceVpc)."
        ),
    );
}

/// The OIDC provider host a federated principal names: the part after `oidc-provider/` of a
/// provider ARN, or the principal itself when it is a domain (`cognito-identity.amazonaws.com`).
/// `None` for SAML providers.
fn oidc_host(id: &str) -> Option<&str> {
    if let Some((_, host)) = id.split_once(":oidc-provider/") {
        return Some(host);
    }
    (!id.starts_with("arn:")).then_some(id)
}

/// The condition key that says which identities of the provider may assume the role, and
/// whether a subject value is narrow enough.
fn subject_rule(host: &str) -> (&'static str, fn(&str) -> bool) {
    let host_lower = host.to_ascii_lowercase();
    if host_lower.starts_with("token.actions.githubusercontent.com")
        || host_lower.contains("gitlab")
    {
        // repo:org/repo:... and project_path:group/project:...: the owner must be written out.
        (":sub", |v| literal(v).contains('/'))
    } else if host_lower.starts_with("oidc.eks.") {
        // system:serviceaccount:<namespace>:<name>: the namespace must be written out.
        (":sub", |v| literal(v).matches(':').count() >= 3)
    } else if host_lower.ends_with("cognito-identity.amazonaws.com")
        || host_lower == "accounts.google.com"
    {
        // Identity pools and Google are limited by their audience (pool or client ID).
        (":aud", specific)
    } else if host_lower == "graph.facebook.com" || host_lower == "www.amazon.com" {
        (":app_id", specific)
    } else {
        (":sub", specific)
    }
}

/// The text of a condition value before its first wildcard.
fn literal(value: &str) -> &str {
    value.split(['*', '?']).next().unwrap_or("")
}

fn check_web_identity(ctx: &Ctx<'_>, principal: &Principal, out: &mut Collector) {
    for id in ids_of(principal, PrincipalType::Federated) {
        let Some(host) = oidc_host(id) else { continue };
        let (suffix, narrow) = subject_rule(host);
        let key = format!("{host}{suffix}");
        let values = limiting_values(ctx, |k| k.eq_ignore_ascii_case(&key));
        let problem = match &values {
            None => format!("has no condition on {}", quoted(&key)),
            Some(values) if !values.iter().all(|v| narrow(v)) => format!(
                "lets {} match any {}",
                quoted(&key),
                if suffix == ":sub" {
                    "repository, project or service account"
                } else {
                    "application"
                }
            ),
            Some(_) => continue,
        };
        out.add(
            &OIDC_SUBJECT_UNRESTRICTED,
            ctx.at(Field::Principal).with_span(principal.span()),
            format!("The web-identity trust for {} {problem}", quoted(host)),
            format!(
                "Every identity the provider issues tokens for can then assume the role (for \
                 GitHub Actions, every repository on GitHub). Add \"StringEquals\" (or \
                 \"StringLike\") on {} naming yours, e.g. \"{}\".",
                quoted(&key),
                subject_example(host, suffix)
            ),
        );
    }
}

fn subject_example(host: &str, suffix: &str) -> &'static str {
    let host = host.to_ascii_lowercase();
    if suffix != ":sub" {
        "the application or identity pool ID"
    } else if host.starts_with("token.actions.githubusercontent.com") {
        "repo:my-org/my-repo:ref:refs/heads/main"
    } else if host.contains("gitlab") {
        "project_path:my-group/my-project:ref_type:branch:ref:main"
    } else if host.starts_with("oidc.eks.") {
        "system:serviceaccount:my-namespace:my-service-account"
    } else {
        "the subject your workload's tokens carry"
    }
}

fn check_confused_deputy(ctx: &Ctx<'_>, principal: &Principal, out: &mut Collector) {
    // A malformed service principal is reported by principal.invalid_service already.
    let services: Vec<&str> = ids_of(principal, PrincipalType::Service)
        .into_iter()
        .filter(|s| !s.bytes().any(|b| b.is_ascii_uppercase()) && s.contains('.'))
        .filter(|s| {
            !OWN_COMPUTE_SERVICES
                .iter()
                .any(|o| o.eq_ignore_ascii_case(s))
        })
        .collect();
    let Some(first) = services.first() else {
        return;
    };
    let protected = limiting_values(ctx, |key| {
        DEPUTY_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
    })
    .is_some_and(|values| values.iter().any(|v| specific(v)));
    if protected {
        return;
    }
    out.add(
        &CONFUSED_DEPUTY,
        ctx.at(Field::Principal).with_span(principal.span()),
        format!(
            "The trust for {} has no aws:SourceAccount or aws:SourceArn condition",
            quoted(first)
        ),
        "Without it the service can be made to use this role on behalf of another account (the \
         confused deputy). Add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \
         \"123456789012\"}} with your account ID, or ArnLike on aws:SourceArn with the \
         resources that use the role."
            .to_string(),
    );
}

#[cfg(test)]
mod tests {
    use crate::analysis::validate::{validate, validate_json, PolicyType, ValidateOptions};
    use crate::policy::{
        ConditionBlock, ConditionEntry, ConditionOperator, Effect, PolicyDocument, Principal,
        PrincipalEntry, PrincipalType, Statement, StringList,
    };

    fn codes(policy: &str, policy_type: PolicyType) -> Vec<&'static str> {
        validate_json(policy, &ValidateOptions::new(policy_type))
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| c.starts_with("security."))
            .collect()
    }

    fn statement(body: &str) -> String {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {body}}}]}}"#)
    }

    #[test]
    fn public_principals_need_a_positive_limiting_condition() {
        let public = |condition: &str| {
            let body = format!(
                r#""Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"{condition}"#
            );
            codes(&statement(&body), PolicyType::Resource)
        };
        assert_eq!(public(""), ["security.public_principal"]);
        for limited in [
            r#", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}"#,
            r#", "Condition": {"StringEquals": {"AWS:SourceVpce": "vpce-1a2b3c4d"}}"#,
            r#", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
        ] {
            assert_eq!(public(limited), Vec::<&str>::new(), "{limited}");
        }
        for open in [
            r#", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}"#,
            r#", "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}"#,
            r#", "Condition": {"StringLike": {"aws:PrincipalArn": "*"}}"#,
            r#", "Condition": {"Bool": {"aws:SecureTransport": "true"}}"#,
        ] {
            assert_eq!(public(open), ["security.public_principal"], "{open}");
        }
        // Deny statements and named principals are not public grants.
        let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}"#;
        assert!(codes(deny, PolicyType::Resource).is_empty());
    }

    #[test]
    fn an_unknown_condition_is_no_missing_condition() {
        let public = Statement::new(Effect::Allow)
            .with_principal(Principal::map([PrincipalEntry::new(
                PrincipalType::Aws,
                StringList::scalar("*"),
            )]))
            .with_action(StringList::scalar("kms:Decrypt"))
            .with_resource(StringList::scalar("*"));
        let service = Statement::new(Effect::Allow)
            .with_principal(Principal::map([PrincipalEntry::new(
                PrincipalType::Service,
                StringList::scalar("rekognition.amazonaws.com"),
            )]))
            .with_action(StringList::scalar("sts:AssumeRole"));
        for (statement, policy_type, code) in [
            (public, PolicyType::Resource, "security.public_principal"),
            (service, PolicyType::Trust, "security.confused_deputy"),
        ] {
            let options = ValidateOptions::new(policy_type);
            let known = PolicyDocument::new([statement.clone()]);
            assert!(validate(&known, &options).iter().any(|f| f.code == code));
            // The condition's values are known only after apply: a limit may be among them.
            let mut unknown =
                statement.with_condition(ConditionBlock::new([ConditionOperator::new(
                    "StringEquals",
                    [ConditionEntry::strings("aws:SourceAccount", ["x"])],
                )]));
            unknown.unknown.condition = true;
            let doc = PolicyDocument::new([unknown]);
            assert!(
                !validate(&doc, &options).iter().any(|f| f.code == code),
                "{code}"
            );
        }
    }

    #[test]
    fn web_identity_trust_needs_a_narrow_subject() {
        let trust = |provider: &str, condition: &str| {
            let body = format!(
                r#""Principal": {{"Federated": "arn:aws:iam::123456789012:oidc-provider/{provider}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {condition}"#
            );
            codes(&statement(&body), PolicyType::Trust)
        };
        let gh = "token.actions.githubusercontent.com";
        let eks = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789";
        let gitlab = "gitlab.com";
        let finding = ["security.oidc_subject_unrestricted"];
        let none: [&str; 0] = [];
        for (provider, condition, expected) in [
            (
                gh,
                format!(r#"{{"StringEquals": {{"{gh}:aud": "sts.amazonaws.com"}}}}"#),
                &finding[..],
            ),
            (
                gh,
                format!(r#"{{"StringLike": {{"{gh}:sub": "repo:*"}}}}"#),
                &finding,
            ),
            (
                gh,
                format!(r#"{{"StringLike": {{"{gh}:sub": "repo:*/labeler:*"}}}}"#),
                &finding,
            ),
            (
                gh,
                format!(r#"{{"StringLike": {{"{gh}:sub": "repo:my-org/*"}}}}"#),
                &none,
            ),
            (
                gh,
                format!(
                    r#"{{"StringEquals": {{"{gh}:sub": "repo:my-org/labeler:ref:refs/heads/main"}}}}"#
                ),
                &none,
            ),
            (
                eks,
                format!(r#"{{"StringEquals": {{"{eks}:aud": "sts.amazonaws.com"}}}}"#),
                &finding,
            ),
            (
                eks,
                format!(r#"{{"StringLike": {{"{eks}:sub": "system:serviceaccount:*"}}}}"#),
                &finding,
            ),
            (
                eks,
                format!(
                    r#"{{"StringEquals": {{"{eks}:sub": "system:serviceaccount:vision:labeler"}}}}"#
                ),
                &none,
            ),
            (
                gitlab,
                format!(r#"{{"StringLike": {{"{gitlab}:sub": "project_path:*"}}}}"#),
                &finding,
            ),
            (
                gitlab,
                format!(r#"{{"StringLike": {{"{gitlab}:sub": "project_path:my-group/*"}}}}"#),
                &none,
            ),
        ] {
            assert_eq!(trust(provider, &condition), expected, "{condition}");
        }
    }

    #[test]
    fn service_trust_needs_a_source_condition_except_for_own_compute() {
        let trust = |service: &str, condition: &str| {
            let body = format!(
                r#""Principal": {{"Service": "{service}"}}, "Action": "sts:AssumeRole"{condition}"#
            );
            codes(&statement(&body), PolicyType::Trust)
        };
        assert_eq!(
            trust("rekognition.amazonaws.com", ""),
            ["security.confused_deputy"]
        );
        assert!(trust(
            "rekognition.amazonaws.com",
            r#", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}"#
        )
        .is_empty());
        assert!(trust(
            "rekognition.amazonaws.com",
            r#", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:rekognition:*:123456789012:*"}}"#
        )
        .is_empty());
        assert!(trust("ec2.amazonaws.com", "").is_empty());
        assert!(trust("lambda.amazonaws.com", "").is_empty());
    }
}
