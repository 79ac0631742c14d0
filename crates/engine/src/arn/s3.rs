//! S3 bucket ARNs, as the templates take them.

use super::segment::{is_pattern, literals};
use super::Arn;

/// Checks that `text` is the ARN of an S3 bucket (or a pattern of bucket ARNs) and returns it
/// split. The error is a whole sentence naming the value.
pub fn check_bucket_arn(text: &str) -> Result<Arn, String> {
    if !text.starts_with("arn:") && !text.is_empty() && !text.contains([':', '/']) {
        return Err(format!(
            "\"{text}\" is not an ARN. Did you mean \"arn:aws:s3:::{text}\"?"
        ));
    }
    let arn = Arn::parse(text).map_err(|e| format!("\"{text}\" {e}."))?;
    if arn.service != "s3" {
        return Err(format!(
            "\"{text}\" is an ARN of the {} service, not of an S3 bucket (arn:aws:s3:::bucket-name).",
            arn.service
        ));
    }
    if !arn.region.is_empty() || !arn.account_id.is_empty() {
        return Err(format!(
            "\"{text}\" is not an S3 bucket ARN: bucket ARNs have empty region and account \
             fields, as in arn:aws:s3:::bucket-name."
        ));
    }
    if arn.resource.contains('/') {
        return Err(format!(
            "\"{text}\" names objects, not a bucket: give the bucket ARN (arn:{}:s3:::{}); the \
             template adds \"/*\" where objects are meant.",
            arn.partition,
            arn.resource.split('/').next().unwrap_or("bucket-name")
        ));
    }
    let name = &arn.resource;
    let (bad, count) = literals(name, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')
    });
    if let Some(c) = bad {
        return Err(format!(
            "\"{text}\" is not a valid bucket ARN: {c:?} is not allowed in a bucket name, which \
             has lower-case letters, digits, \".\" and \"-\" only."
        ));
    }
    let fits = if is_pattern(name) {
        count <= 63
    } else {
        (3..=63).contains(&count)
    };
    if !fits {
        return Err(format!(
            "\"{text}\" is not a valid bucket ARN: a bucket name has 3 to 63 characters."
        ));
    }
    Ok(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_arns() {
        assert!(check_bucket_arn("arn:aws:s3:::my-images").is_ok());
        assert!(check_bucket_arn("arn:aws-cn:s3:::my.images-2").is_ok());
        assert!(check_bucket_arn("arn:aws:s3:::*custom-labels*").is_ok());
        let err = |t: &str| check_bucket_arn(t).unwrap_err();
        assert!(err("my-images").contains("Did you mean \"arn:aws:s3:::my-images\"?"));
        assert!(err("arn:aws:s3:::my-images/*").contains("names objects"));
        assert!(err("arn:aws:s3:us-east-1::b-1").contains("empty region"));
        assert!(err("arn:aws:sqs:::b-1").contains("sqs service"));
        assert!(err("arn:aws:s3:::My_Images").contains("'M'"));
        assert!(err("arn:aws:s3:::ab").contains("3 to 63"));
    }
}
