//! Region codes and the partitions they belong to.

/// Region codes AWS publishes, used for did-you-mean suggestions only: a well-formed code that
/// is not listed (a region launched later) is still accepted.
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Region-code prefixes of the partitions other than `aws`, most specific first.
const PARTITION_PREFIXES: &[(&str, &str)] = &[
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
];

/// The partition a region belongs to: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`,
/// `aws-iso`, `aws-iso-b`, `aws-iso-e` and `aws-iso-f` for the isolated regions, else `aws`
/// (also for a wildcard region such as `*` that names no partition).
pub fn partition_for_region(region: &str) -> &'static str {
    PARTITION_PREFIXES
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

/// Whether `region` has the shape of a region code: two letters, one or more `-word` parts,
/// then `-` and a number (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`).
pub fn is_region_code(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let [area, middle @ .., number] = parts.as_slice() else {
        return false;
    };
    area.len() == 2
        && area.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition_for_region("us-east-1"), "aws");
        assert_eq!(partition_for_region("cn-northwest-1"), "aws-cn");
        assert_eq!(partition_for_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_for_region("us-iso-east-1"), "aws-iso");
        assert_eq!(partition_for_region("us-isob-east-1"), "aws-iso-b");
        assert_eq!(partition_for_region("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(partition_for_region("us-isof-south-1"), "aws-iso-f");
        assert_eq!(partition_for_region("*"), "aws");
        assert_eq!(partition_for_region("cn-*"), "aws-cn");
    }

    #[test]
    fn region_codes() {
        for good in KNOWN_REGIONS {
            assert!(is_region_code(good), "{good}");
        }
        assert!(is_region_code("us-isob-east-1"));
        for bad in [
            "us-east1",
            "useast-1",
            "US-EAST-1",
            "us-east-",
            "u-east-1",
            "us--1",
            "",
        ] {
            assert!(!is_region_code(bad), "{bad}");
        }
    }
}
