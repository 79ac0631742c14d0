//! ARNs as written in policies: their fields, and an index of the catalogue's resource types
//! by the service named in their ARN format (built once, on first use).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::arn::{split_fields, Variables};
use crate::catalog::{self, ResourceType};

mod overlap;

use overlap::overlaps;
pub(super) use overlap::{matches_type, ArnProbe};

/// The six fields of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Splits a policy ARN into its six fields (see [`crate::arn::split_fields`]); `None` when
/// there are fewer. The first field is returned as is (normally `arn`).
pub(super) fn split(text: &str) -> Option<(&str, Arn<'_>)> {
    let [first, partition, service, region, account, resource] =
        split_fields(text, Variables::Policy)?;
    Some((
        first,
        Arn {
            partition,
            service,
            region,
            account,
            resource,
        },
    ))
}

/// Whether a field is written out: no wildcard and no policy variable.
pub(super) fn is_literal(field: &str) -> bool {
    !field.contains(['*', '?']) && !field.contains("${")
}

/// The partitions AWS has.
pub(super) const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether `region` has the shape of a region code: two letters, one or more words, a number
/// (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`).
pub(super) fn is_region_code(region: &str) -> bool {
    let mut parts = region.split('-');
    let country = parts.next().unwrap_or("");
    let Some(number) = parts.next_back() else {
        return false;
    };
    let words: Vec<&str> = parts.collect();
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_lowercase())
        && !words.is_empty()
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The resource types whose ARN formats name one service, and those formats.
#[derive(Default)]
pub(super) struct ServiceArns {
    pub types: Vec<&'static ResourceType>,
    pub formats: Vec<Arn<'static>>,
    /// For each format, the index of its type in `types`.
    owners: Vec<usize>,
    /// For each format, its probe (fields with their literal heads).
    probes: Vec<ArnProbe<'static>>,
    /// What all formats agree on (each ARN's syntax check asks).
    pub agreed: Agreement,
}

/// Whether every one of a non-empty list of ARN formats has an empty or a non-empty region
/// and account field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Agreement {
    pub no_region: bool,
    pub region: bool,
    pub no_account: bool,
    pub account: bool,
}

impl Agreement {
    /// The agreement of `formats`.
    pub fn of(formats: &[Arn<'_>]) -> Self {
        let all = |test: fn(&Arn<'_>) -> bool| !formats.is_empty() && formats.iter().all(test);
        Agreement {
            no_region: all(|f| f.region.is_empty()),
            region: all(|f| !f.region.is_empty()),
            no_account: all(|f| f.account.is_empty()),
            account: all(|f| !f.account.is_empty()),
        }
    }

    /// Whether the formats are mixed as to region or account.
    pub fn is_mixed(self) -> bool {
        !(self.no_region || self.region) || !(self.no_account || self.account)
    }
}

/// Resource types by the service field of their ARN format (`s3`, `catalog`, ...), which is
/// usually but not always the IAM prefix of the service that defines them.
fn index() -> &'static HashMap<&'static str, ServiceArns> {
    static INDEX: OnceLock<HashMap<&'static str, ServiceArns>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<&'static str, ServiceArns> = HashMap::new();
        for service in catalog::services() {
            for resource_type in service.resource_types() {
                for format in resource_type.arn_formats() {
                    if let Some((_, arn)) = split(format) {
                        let entry = map.entry(arn.service).or_default();
                        let owner = match entry
                            .types
                            .iter()
                            .position(|t| std::ptr::eq(*t, resource_type))
                        {
                            Some(owner) => owner,
                            None => {
                                entry.types.push(resource_type);
                                entry.types.len() - 1
                            }
                        };
                        entry.formats.push(arn);
                        entry.owners.push(owner);
                        entry.probes.push(ArnProbe::new(arn));
                    }
                }
            }
        }
        for arns in map.values_mut() {
            arns.agreed = Agreement::of(&arns.formats);
        }
        map
    })
}

/// Whether `service` names a service in ARNs: an IAM prefix or the service field of some
/// resource type's ARN format.
pub(super) fn is_known_service(service: &str) -> bool {
    catalog::service(service).is_some_and(|s| s.prefix() == service)
        || index().contains_key(service)
}

/// Every service name that can appear in an ARN, for suggestions.
pub(super) fn known_services() -> impl Iterator<Item = &'static str> {
    catalog::services()
        .iter()
        .map(|s| s.prefix())
        .chain(index().keys().copied())
}

/// The resource types and formats whose ARN format has this service field.
pub(super) fn service_arns(service: &str) -> Option<&'static ServiceArns> {
    index().get(service)
}

impl ServiceArns {
    /// The formats of the resource types whose resource part can match the ARN's resource
    /// part, whatever its region and account.
    pub fn candidates(&self, arn: &Arn<'_>) -> Vec<Arn<'static>> {
        let loose = Arn {
            partition: "*",
            region: "*",
            account: "*",
            ..*arn
        };
        let loose_probe = ArnProbe::new(loose);
        let mut probe: Option<String> = None;
        // By type: whether one of its formats matches (a flag per type, since services such
        // as ec2 have a hundred types and a scan per format made this quadratic).
        let mut matching = vec![false; self.types.len()];
        let matched = |matching: &[bool], owner: usize| matching.get(owner).copied() == Some(true);
        for (format, &owner) in self.probes.iter().zip(&self.owners) {
            if matched(&matching, owner) || !format.may_match(&loose_probe) {
                continue;
            }
            let overlaps = overlaps(&format.arn, &loose).unwrap_or_else(|| {
                let probe = probe
                    .get_or_insert_with(|| format!("arn:*:{}:*:*:{}", arn.service, arn.resource));
                self.types.get(owner).is_some_and(|t| t.matches_arn(probe))
            });
            if let (true, Some(flag)) = (overlaps, matching.get_mut(owner)) {
                *flag = true;
            }
        }
        self.formats
            .iter()
            .zip(&self.owners)
            .filter(|(_, &owner)| matched(&matching, owner))
            .map(|(format, _)| *format)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arn::field_count;

    #[test]
    fn splits_six_fields_outside_variables() {
        let (prefix, arn) = split("arn:aws:s3:::bucket/${aws:username}/*").unwrap_or_default();
        assert_eq!(prefix, "arn");
        assert_eq!(arn.service, "s3");
        assert_eq!(arn.resource, "bucket/${aws:username}/*");
        let (_, arn) = split("arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s")
            .unwrap_or_default();
        assert_eq!(arn.resource, "log-group:g:log-stream:s");
        assert!(split("arn:aws:iam::*").is_none());
        assert_eq!(field_count("arn:aws:iam::*", Variables::Policy), 5);
    }

    #[test]
    fn region_codes() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "eu-isoe-west-1",
            "ap-southeast-7",
        ] {
            assert!(is_region_code(ok), "{ok}");
        }
        for bad in [
            "us-east-1a",
            "useast1",
            "US-EAST-1",
            "us-east",
            "global",
            "",
        ] {
            assert!(!is_region_code(bad), "{bad}");
        }
    }

    #[test]
    fn services_in_arns() {
        assert!(is_known_service("rekognition"));
        assert!(is_known_service("s3"));
        assert!(!is_known_service("S3"));
        assert!(!is_known_service("recognition"));
        assert!(service_arns("rekognition").is_some_and(|s| !s.types.is_empty()));
    }

    #[test]
    fn candidates_by_resource_part() {
        let (_, arn) = split("arn:aws:s3:us-east-1::bucket").unwrap_or_default();
        let formats = service_arns("s3")
            .map(|s| s.candidates(&arn))
            .unwrap_or_default();
        assert!(!formats.is_empty());
        assert!(formats.iter().all(|f| f.region.is_empty()));
    }
}
