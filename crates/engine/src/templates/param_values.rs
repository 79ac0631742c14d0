//! Checks of template parameter values that are not ARNs of a Rekognition resource type.

use crate::arn::{is_account_id, is_pattern, Arn};
use crate::policy::{glob_matches, MatchCase};

/// A 12-digit account ID, exactly (condition values compared with `StringEquals`).
pub(super) fn account_id(text: &str) -> Result<(), String> {
    if is_account_id(text) {
        Ok(())
    } else {
        Err(format!(
            "\"{text}\" is not an AWS account ID: an account ID is exactly 12 digits, such as \
             \"123456789012\" (keep leading zeros; pass it as a string)."
        ))
    }
}

/// The principal ARN for an account ID or IAM principal ARN.
pub(super) fn principal(partition: &str, text: &str) -> Result<String, String> {
    if is_account_id(text) {
        return Ok(format!("arn:{partition}:iam::{text}:root"));
    }
    let described = Arn::parse(text).ok().filter(|arn| {
        arn.service == "iam"
            && is_account_id(&arn.account_id)
            && !is_pattern(text)
            && (arn.resource == "root"
                || arn.resource.starts_with("role/")
                || arn.resource.starts_with("user/"))
    });
    match described {
        Some(_) => Ok(text.to_string()),
        None => Err(format!(
            "\"{text}\" is neither a 12-digit account ID nor the ARN of an account, role or \
             user (arn:aws:iam::111122223333:root, ...:role/name, ...:user/name); principals \
             cannot contain wildcards."
        )),
    }
}

/// An `aws:SourceArn` value for the Rekognition service principal: a Rekognition ARN in
/// `account`, wildcards allowed.
pub(super) fn source_arn(text: &str, account: &str) -> Result<(), String> {
    let arn = Arn::parse(text).map_err(|e| format!("\"{text}\" {e}."))?;
    if arn.service != "rekognition" {
        return Err(format!(
            "\"{text}\" is an ARN of the {} service; the role is assumed by Rekognition, so \
             aws:SourceArn is the ARN of a Rekognition resource, such as \
             arn:aws:rekognition:us-east-1:{account}:streamprocessor/name.",
            arn.service
        ));
    }
    if !glob_matches(&arn.account_id, account, MatchCase::Sensitive) {
        return Err(format!(
            "\"{text}\" is in account \"{}\" but source_account is \"{account}\": both \
             conditions must hold, so the role could never be assumed.",
            arn.account_id
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals() {
        assert_eq!(
            principal("aws", "111122223333"),
            Ok("arn:aws:iam::111122223333:root".to_string())
        );
        assert!(principal("aws", "arn:aws:iam::111122223333:role/Admin").is_ok());
        assert!(principal("aws", "11112222333").is_err());
        assert!(principal("aws", "arn:aws:iam::111122223333:role/*").is_err());
        assert!(principal("aws", "arn:aws:s3:::bucket").is_err());
    }

    #[test]
    fn source_arns() {
        assert!(source_arn("arn:aws:rekognition:*:111122223333:*", "111122223333").is_ok());
        assert!(source_arn(
            "arn:aws:rekognition:us-east-1:*:streamprocessor/x",
            "111122223333"
        )
        .is_ok());
        let err = source_arn("arn:aws:rekognition:*:444455556666:*", "111122223333").unwrap_err();
        assert!(err.contains("could never be assumed"), "{err}");
        assert!(source_arn("arn:aws:sns:*:111122223333:*", "111122223333").is_err());
        assert!(account_id("0123").is_err());
    }
}
