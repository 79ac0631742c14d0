//! Amazon Resource Names: splitting an ARN into its fields, naming the resource type it denotes,
//! the partition of a region, and building the ARNs of Rekognition's resource types with their
//! ID constraints checked.
//!
//! ARNs here may be written as in policies: `*` and `?` wildcards and policy variables such as
//! `${aws:username}` are allowed in any field.

mod describe;
mod fields;
mod region;
pub mod rekognition;
pub mod s3;
mod segment;

pub use describe::{describe, Described};
pub use fields::{
    all_fields, field_count, field_ranges, separators, split_fields, Variables, ARN_FIELDS,
};
pub use region::{is_region_code, partition_for_region, KNOWN_REGIONS};
pub use segment::{is_account_id, is_pattern};

/// An ARN split into its six fields. The resource part keeps any `:` and `/` it contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: String,
    /// The service prefix, e.g. `rekognition`.
    pub service: String,
    /// The region code; empty for global resources such as S3 buckets or IAM roles.
    pub region: String,
    /// The 12-digit account ID; empty for resources that have none (S3 buckets).
    pub account_id: String,
    /// Everything after the fifth colon, e.g. `collection/faces`.
    pub resource: String,
}

impl Arn {
    /// Splits `text` into its fields. Colons inside a policy variable (`${aws:username}`) do not
    /// separate fields. The error says what is wrong, as a sentence fragment without the input.
    pub fn parse(text: &str) -> Result<Arn, String> {
        if text.is_empty() {
            return Err("is empty; an ARN looks like arn:aws:rekognition:us-east-1:123456789012:collection/faces".into());
        }
        if !text.starts_with("arn:") {
            return Err("does not start with \"arn:\"; an ARN looks like arn:aws:rekognition:us-east-1:123456789012:collection/faces".into());
        }
        let Some([_, partition, service, region, account_id, resource]) =
            split_fields(text, Variables::Policy)
        else {
            return Err(format!(
                "has {} of the 6 colon-separated fields arn:partition:service:region:account-id:resource",
                field_count(text, Variables::Policy)
            ));
        };
        if partition.is_empty() {
            return Err("has an empty partition (the field after \"arn:\", e.g. aws)".into());
        }
        if service.is_empty() {
            return Err("has an empty service (the third field, e.g. rekognition)".into());
        }
        if resource.is_empty() {
            return Err("has an empty resource part (after the fifth colon)".into());
        }
        Ok(Arn {
            partition: partition.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            account_id: account_id.to_string(),
            resource: resource.to_string(),
        })
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account_id, self.resource
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_six_fields() {
        let arn =
            Arn::parse("arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1").unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "rekognition");
        assert_eq!(arn.region, "us-east-1");
        assert_eq!(arn.account_id, "123456789012");
        assert_eq!(arn.resource, "project/p/version/v/1");
        let bucket = Arn::parse("arn:aws:s3:::bucket/a:b").unwrap();
        assert_eq!(
            (bucket.region.as_str(), bucket.resource.as_str()),
            ("", "bucket/a:b")
        );
        assert_eq!(bucket.to_string(), "arn:aws:s3:::bucket/a:b");
    }

    #[test]
    fn variables_keep_their_colons() {
        let arn = Arn::parse("arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}").unwrap();
        assert_eq!(arn.account_id, "${aws:PrincipalAccount}");
        assert_eq!(arn.resource, "user/${aws:username}");
    }

    #[test]
    fn rejects_what_is_not_an_arn() {
        assert!(Arn::parse("").unwrap_err().contains("empty"));
        assert!(Arn::parse("aws:s3:::b").unwrap_err().contains("\"arn:\""));
        assert!(Arn::parse("arn:aws:s3:b")
            .unwrap_err()
            .contains("has 4 of the 6"));
        assert!(Arn::parse("arn::s3:::b").unwrap_err().contains("partition"));
        assert!(Arn::parse("arn:aws::::b").unwrap_err().contains("service"));
        assert!(Arn::parse("arn:aws:s3:::")
            .unwrap_err()
            .contains("resource"));
    }
}
