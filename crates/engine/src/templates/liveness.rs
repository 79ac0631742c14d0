//! Face Liveness: the backend that creates sessions and reads their results, and the frontend
//! identity (a Cognito identity pool role) that streams the selfie video.
//!
//! The three Face Liveness actions support only `"Resource": "*"`, so the templates narrow
//! what can be narrowed: the S3 prefix session images are written to, the KMS key that
//! encrypts them, and who may assume the frontend role.

use super::builders::{allow, condition};
use super::{Inputs, Param, TemplateError};
use crate::arn::s3::check_bucket_arn;
use crate::arn::{is_account_id, is_pattern, is_region_code, Arn, KNOWN_REGIONS};
use crate::policy::{
    ConditionBlock, Effect, PolicyDocument, Principal, PrincipalEntry, PrincipalType, Statement,
    StringList,
};

/// The federated principal of Cognito identity pools, and the prefix of its condition keys.
const COGNITO_IDENTITY: &str = "cognito-identity.amazonaws.com";

/// The most characters Rekognition accepts in `OutputConfig.S3KeyPrefix`.
const MAX_KEY_PREFIX: usize = 950;

/// An optional parameter; an empty string counts as not set, as module variables often
/// default to `""`.
fn optional(inputs: &Inputs, param: Param) -> Option<&str> {
    inputs.optional_string(param).filter(|s| !s.is_empty())
}

pub(super) fn backend(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    // The values given are checked before a missing one is reported: while some are unknown
    // until apply, a known bad one still fails the plan.
    let prefix = optional(inputs, Param::OutputKeyPrefix);
    if let Some(prefix) = prefix {
        key_prefix(prefix).map_err(|e| TemplateError::on(Param::OutputKeyPrefix, e))?;
    }
    let key = optional(inputs, Param::KmsKeyArn);
    if let Some(key) = key {
        kms_key(key).map_err(|e| TemplateError::on(Param::KmsKeyArn, e))?;
    }
    let bucket = match optional(inputs, Param::OutputBucketArn) {
        Some(text) => {
            Some(output_bucket(text).map_err(|e| TemplateError::on(Param::OutputBucketArn, e))?)
        }
        // A prefix means nothing without its bucket; reported as the bucket missing so that
        // a bucket unknown until apply is not taken for an absent one.
        None if prefix.is_some() => {
            return Err(TemplateError {
                message: format!(
                    "{} is set, so {} is needed: the prefix is a place inside that bucket.",
                    Param::OutputKeyPrefix.name(),
                    Param::OutputBucketArn.name()
                ),
                ..TemplateError::missing(Param::OutputBucketArn)
            })
        }
        None => None,
    };
    let mut statements = vec![allow(
        "FaceLivenessSessions",
        &[
            "rekognition:CreateFaceLivenessSession",
            "rekognition:GetFaceLivenessSessionResults",
        ],
        ["*"],
    )];
    if let Some(bucket) = bucket {
        // Rekognition names the objects itself, under the prefix.
        statements.push(allow(
            "WriteSessionImages",
            &["s3:PutObject"],
            [format!("{bucket}/{}*", prefix.unwrap_or(""))],
        ));
    }
    if let Some(key) = key {
        statements.push(allow(
            "EncryptSessionImages",
            &["kms:GenerateDataKey", "kms:Decrypt"],
            [key],
        ));
    }
    Ok(PolicyDocument::new(statements))
}

pub(super) fn frontend(_: &Inputs) -> Result<PolicyDocument, TemplateError> {
    Ok(PolicyDocument::new([allow(
        "StartFaceLivenessSession",
        &["rekognition:StartFaceLivenessSession"],
        ["*"],
    )]))
}

pub(super) fn frontend_trust(inputs: &Inputs) -> Result<PolicyDocument, TemplateError> {
    // The identity type first: it is checked even while the pool is unknown until apply.
    let identity_type = optional(inputs, Param::IdentityType).unwrap_or("authenticated");
    if !matches!(identity_type, "authenticated" | "unauthenticated") {
        return Err(TemplateError::on(
            Param::IdentityType,
            format!(
                "\"{identity_type}\" is not an identity type: use \"authenticated\" (signed-in \
                 users, the default) or \"unauthenticated\" (guests, if the identity pool allows \
                 them)."
            ),
        ));
    }
    let pool = inputs.string(Param::IdentityPoolId)?;
    identity_pool_id(pool).map_err(|e| TemplateError::on(Param::IdentityPoolId, e))?;
    let statement = Statement::new(Effect::Allow)
        .with_sid("CognitoIdentityAssumeRole")
        .with_principal(Principal::map([PrincipalEntry::new(
            PrincipalType::Federated,
            StringList::scalar(COGNITO_IDENTITY),
        )]))
        .with_action(StringList::scalar("sts:AssumeRoleWithWebIdentity"))
        .with_condition(ConditionBlock::new([
            condition("StringEquals", &format!("{COGNITO_IDENTITY}:aud"), pool),
            condition(
                "ForAnyValue:StringLike",
                &format!("{COGNITO_IDENTITY}:amr"),
                identity_type,
            ),
        ]));
    Ok(PolicyDocument::new([statement]))
}

/// One S3 bucket, written out: session images go to one place.
fn output_bucket(text: &str) -> Result<Arn, String> {
    let bucket = check_bucket_arn(text)?;
    if is_pattern(text) {
        return Err(format!(
            "\"{text}\" is a pattern; Face Liveness writes to one bucket, so name it (the bucket \
             of the session's OutputConfig.S3Bucket)."
        ));
    }
    Ok(bucket)
}

/// The `OutputConfig.S3KeyPrefix` of the sessions: no white space (as Rekognition requires),
/// and no IAM wildcard or policy variable, which would widen or change the resource.
fn key_prefix(prefix: &str) -> Result<(), String> {
    if let Some(c) = prefix.chars().find(|c| c.is_whitespace()) {
        return Err(format!(
            "\"{prefix}\" contains white space ({c:?}); Rekognition accepts no white space in \
             S3KeyPrefix."
        ));
    }
    if let Some(c) = prefix.chars().find(|c| matches!(c, '*' | '?' | '$')) {
        return Err(format!(
            "\"{prefix}\" contains {c:?}, which IAM would read as a wildcard or policy \
             variable; give the prefix exactly as the sessions' S3KeyPrefix (the template adds \
             the \"*\")."
        ));
    }
    let count = prefix.chars().count();
    if count > MAX_KEY_PREFIX {
        return Err(format!(
            "The prefix has {count} characters; S3KeyPrefix takes at most {MAX_KEY_PREFIX}."
        ));
    }
    Ok(())
}

/// The ARN of one KMS key (not an alias: IAM authorizes key operations on the key's ARN).
fn kms_key(text: &str) -> Result<(), String> {
    const EXAMPLE: &str =
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let arn = Arn::parse(text).map_err(|e| format!("\"{text}\" {e}."))?;
    if arn.service != "kms" {
        return Err(format!(
            "\"{text}\" is an ARN of the {} service, not of a KMS key ({EXAMPLE}).",
            arn.service
        ));
    }
    if arn.resource.starts_with("alias/") {
        return Err(format!(
            "\"{text}\" is an alias ARN. IAM checks KMS permissions against the key itself, so a \
             grant on the alias allows nothing; give the key ARN ({EXAMPLE}), e.g. \
             aws_kms_key's arn or data.aws_kms_alias's target_key_arn."
        ));
    }
    let well_formed = arn.resource.strip_prefix("key/").is_some_and(|id| {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }) && is_account_id(&arn.account_id)
        && !arn.region.is_empty()
        && !is_pattern(text);
    if !well_formed {
        return Err(format!(
            "\"{text}\" is not the ARN of one KMS key: it has a region, a 12-digit account ID and \
             key/<key id>, with no wildcard ({EXAMPLE})."
        ));
    }
    Ok(())
}

/// A Cognito identity pool ID: `<region>:<UUID>`, e.g.
/// `us-east-1:12345678-1234-1234-1234-123456789012`.
fn identity_pool_id(text: &str) -> Result<(), String> {
    const FORMAT: &str = "an identity pool ID is <region>:<UUID>, such as \
                          \"us-east-1:12345678-abcd-1234-abcd-123456789012\" (aws_cognito_identity_pool's id)";
    let Some((region, uuid)) = text.split_once(':') else {
        return Err(format!("\"{text}\" is not an identity pool ID: {FORMAT}."));
    };
    if !is_region_code(region) {
        let hint = crate::suggest::did_you_mean(region, KNOWN_REGIONS.iter().copied());
        return Err(
            format!("\"{text}\" does not start with a region code: {FORMAT}. {hint}")
                .trim_end()
                .to_string(),
        );
    }
    if !is_uuid(uuid) {
        return Err(format!(
            "\"{text}\" is not an identity pool ID: after the region comes a UUID of lower-case \
             hexadecimal digits in groups of 8-4-4-4-12; {FORMAT}."
        ));
    }
    Ok(())
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, len)| {
            g.len() == len
                && g.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{template, ParamValue, Problem};

    const BUCKET: &str = "arn:aws:s3:::liveness-images";
    const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const POOL: &str = "us-east-1:12345678-abcd-1234-abcd-123456789012";

    fn s(v: &str) -> ParamValue {
        ParamValue::String(v.to_string())
    }

    fn render(name: &str, inputs: &Inputs) -> serde_json::Value {
        let doc = template(name).unwrap().build(inputs).unwrap();
        serde_json::from_str(&doc.to_json_minified()).unwrap()
    }

    #[test]
    fn backend_writes_under_the_prefix_with_the_key() {
        let inputs = Inputs::default()
            .with(Param::OutputBucketArn, s(BUCKET))
            .with(Param::OutputKeyPrefix, s("audit/"))
            .with(Param::KmsKeyArn, s(KEY));
        assert_eq!(
            render("face_liveness_backend", &inputs)["Statement"],
            serde_json::json!([
                {
                    "Sid": "FaceLivenessSessions",
                    "Effect": "Allow",
                    "Action": [
                        "rekognition:CreateFaceLivenessSession",
                        "rekognition:GetFaceLivenessSessionResults"
                    ],
                    "Resource": ["*"]
                },
                {
                    "Sid": "WriteSessionImages",
                    "Effect": "Allow",
                    "Action": ["s3:PutObject"],
                    "Resource": ["arn:aws:s3:::liveness-images/audit/*"]
                },
                {
                    "Sid": "EncryptSessionImages",
                    "Effect": "Allow",
                    "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                    "Resource": [KEY]
                }
            ])
        );
        let bare = render("face_liveness_backend", &Inputs::default());
        assert_eq!(bare["Statement"].as_array().unwrap().len(), 1);
        let empty = [
            Param::OutputBucketArn,
            Param::OutputKeyPrefix,
            Param::KmsKeyArn,
        ]
        .into_iter()
        .fold(Inputs::default(), |inputs, p| inputs.with(p, s("")));
        assert_eq!(render("face_liveness_backend", &empty), bare);
        let whole = Inputs::default().with(Param::OutputBucketArn, s(BUCKET));
        assert_eq!(
            render("face_liveness_backend", &whole)["Statement"][1]["Resource"],
            serde_json::json!(["arn:aws:s3:::liveness-images/*"])
        );
    }

    #[test]
    fn a_prefix_without_its_bucket_reports_the_bucket_missing() {
        let inputs = Inputs::default().with(Param::OutputKeyPrefix, s("audit/"));
        let errors = template("face_liveness_backend")
            .unwrap()
            .build(&inputs)
            .unwrap_err();
        assert_eq!(errors[0].param, Some(Param::OutputBucketArn));
        assert_eq!(errors[0].problem, Problem::Missing);
        assert!(errors[0].message.contains("output_key_prefix is set"));
        let wildcard = Inputs::default().with(Param::OutputBucketArn, s("arn:aws:s3:::live-*"));
        let errors = template("face_liveness_backend")
            .unwrap()
            .build(&wildcard)
            .unwrap_err();
        assert_eq!(errors[0].param, Some(Param::OutputBucketArn));
    }

    #[test]
    fn frontend_trust_names_the_pool_and_the_identity_type() {
        let inputs = Inputs::default().with(Param::IdentityPoolId, s(POOL));
        assert_eq!(
            render("face_liveness_frontend_trust", &inputs)["Statement"][0],
            serde_json::json!({
                "Sid": "CognitoIdentityAssumeRole",
                "Effect": "Allow",
                "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": POOL},
                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
                }
            })
        );
        let guests = inputs
            .clone()
            .with(Param::IdentityType, s("unauthenticated"));
        assert_eq!(
            render("face_liveness_frontend_trust", &guests)["Statement"][0]["Condition"]
                ["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"],
            "unauthenticated"
        );
        let bad = inputs.with(Param::IdentityType, s("guest"));
        let errors = template("face_liveness_frontend_trust")
            .unwrap()
            .build(&bad)
            .unwrap_err();
        assert_eq!(errors[0].param, Some(Param::IdentityType));
        assert_eq!(
            render("face_liveness_frontend", &Inputs::default())["Statement"][0]["Action"],
            serde_json::json!(["rekognition:StartFaceLivenessSession"])
        );
    }

    #[test]
    fn identity_pool_ids() {
        assert!(identity_pool_id("us-east-1:12345678-1234-1234-1234-123456789012").is_ok());
        assert!(identity_pool_id("us-gov-west-1:0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f").is_ok());
        for bad in [
            "12345678-1234-1234-1234-123456789012",
            "useast1:12345678-1234-1234-1234-123456789012",
            "us-east-1:12345678",
            "us-east-1:12345678-1234-1234-1234-12345678901G",
            "us-east-1:*",
            "",
        ] {
            assert!(identity_pool_id(bad).is_err(), "{bad}");
        }
        let err = identity_pool_id("useast-1:12345678-1234-1234-1234-123456789012").unwrap_err();
        assert!(err.contains("region"), "{err}");
        let err = identity_pool_id("us-easst-1:12345678-1234-1234-1234-123456789012");
        assert!(
            err.is_ok(),
            "a well-formed region launched later is accepted"
        );
    }

    #[test]
    fn kms_keys() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert!(kms_key(key).is_ok());
        let err = kms_key("arn:aws:kms:us-east-1:111122223333:alias/liveness").unwrap_err();
        assert!(err.contains("alias ARN"), "{err}");
        assert!(kms_key("arn:aws:kms:us-east-1:111122223333:key/*").is_err());
        assert!(kms_key("arn:aws:s3:::bucket").is_err());
        assert!(kms_key("1234abcd-12ab-34cd-56ef-1234567890ab").is_err());
    }

    #[test]
    fn key_prefixes() {
        assert!(key_prefix("liveness/audit/").is_ok());
        assert!(key_prefix("a b").is_err());
        assert!(key_prefix("audit/*").is_err());
        assert!(key_prefix("${aws:username}").is_err());
        assert!(key_prefix(&"a".repeat(951)).is_err());
    }
}
