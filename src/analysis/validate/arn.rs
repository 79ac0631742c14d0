//! ARNs as written in policies: their fields, and an index of the catalogue's resource types
//! by the service named in their ARN format (built once, on first use).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::{self, ResourceType};

/// The six fields of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Splits at the first five colons that are not inside a `${…}` policy variable; `None` when
/// there are fewer than five. The first field is returned as is (normally `arn`).
pub(super) fn split(text: &str) -> Option<(&str, Arn<'_>)> {
    let mut cuts = [0usize; 5];
    let mut found = 0;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && found < 5 => {
                *cuts.get_mut(found)? = i;
                found += 1;
            }
            _ => {}
        }
    }
    if found < 5 {
        return None;
    }
    let field = |n: usize| {
        let start = if n == 0 { 0 } else { cuts.get(n - 1)? + 1 };
        let end = cuts.get(n).copied().unwrap_or(text.len());
        text.get(start..end)
    };
    Some((
        field(0)?,
        Arn {
            partition: field(1)?,
            service: field(2)?,
            region: field(3)?,
            account: field(4)?,
            resource: field(5)?,
        },
    ))
}

/// Number of colon-separated fields (outside policy variables), for messages.
pub(super) fn field_count(text: &str) -> usize {
    let mut count = 1;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => count += 1,
            _ => {}
        }
    }
    count
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
                    }
                }
            }
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
        let mut probe: Option<String> = None;
        let mut matching: Vec<usize> = Vec::new();
        for (format, &owner) in self.formats.iter().zip(&self.owners) {
            if matching.contains(&owner) || !may_match(format, &loose) {
                continue;
            }
            let overlaps = overlaps(format, &loose).unwrap_or_else(|| {
                let probe = probe
                    .get_or_insert_with(|| format!("arn:*:{}:*:*:{}", arn.service, arn.resource));
                self.types.get(owner).is_some_and(|t| t.matches_arn(probe))
            });
            if overlaps {
                matching.push(owner);
            }
        }
        self.formats
            .iter()
            .zip(&self.owners)
            .filter(|(_, owner)| matching.contains(owner))
            .map(|(format, _)| *format)
            .collect()
    }
}

/// The text of a field before its first wildcard or variable, and whether that is all of it.
fn literal_head(field: &str) -> (&str, bool) {
    let bytes = field.as_bytes();
    let end = bytes.iter().enumerate().position(|(i, &b)| {
        b == b'*' || b == b'?' || (b == b'$' && bytes.get(i + 1) == Some(&b'{'))
    });
    match end {
        Some(end) => (field.get(..end).unwrap_or(""), false),
        None => (field, true),
    }
}

/// Whether two fields can match a common string, judged by their literal beginnings.
fn heads_agree(format_field: &str, arn_field: &str) -> bool {
    let (a, a_whole) = literal_head(format_field);
    let (b, b_whole) = literal_head(arn_field);
    let n = a.len().min(b.len());
    a.as_bytes().get(..n) == b.as_bytes().get(..n)
        && !(a_whole && b.len() > a.len())
        && !(b_whole && a.len() > b.len())
}

/// A cheap necessary condition for an ARN format to match a policy ARN: every field's literal
/// beginning agrees. Used before the exact [`ResourceType::matches_arn`].
pub(super) fn may_match(format: &Arn<'_>, arn: &Arn<'_>) -> bool {
    heads_agree(format.partition, arn.partition)
        && heads_agree(format.service, arn.service)
        && heads_agree(format.region, arn.region)
        && heads_agree(format.account, arn.account)
        && heads_agree(format.resource, arn.resource)
}

/// Whether a policy ARN can name a resource of the type: the same answer as
/// [`ResourceType::matches_arn`], computed without allocating for fields of usual length.
pub(super) fn matches_type(resource_type: &ResourceType, text: &str, arn: &Arn<'_>) -> bool {
    let mut unsure = false;
    let found = resource_type
        .arn_formats()
        .filter_map(|format| split(format))
        .filter(|(_, format)| may_match(format, arn))
        .any(|(_, format)| match overlaps(&format, arn) {
            Some(overlap) => overlap,
            None => {
                unsure = true;
                false
            }
        });
    found || (unsure && resource_type.matches_arn(text))
}

/// Whether every field of an ARN format overlaps the policy ARN's; `None` when a field is
/// too long for [`field_overlap`].
fn overlaps(format: &Arn<'_>, arn: &Arn<'_>) -> Option<bool> {
    let fields = [
        (format.partition, arn.partition),
        (format.service, arn.service),
        (format.region, arn.region),
        (format.account, arn.account),
        (format.resource, arn.resource),
    ];
    let mut result = Some(true);
    for (f, a) in fields {
        match field_overlap(f, a) {
            Some(true) => {}
            Some(false) => return Some(false),
            None => result = None,
        }
    }
    result
}

/// Longest field (in symbols) the stack-based overlap test handles.
const MAX_FIELD: usize = 160;
const ANY: u16 = 256;
const ONE: u16 = 257;

/// The symbols of a field: bytes, `ANY` for `*` and `${…}`, `ONE` for `?` in a policy field;
/// `${*}`, `${?}`, `${$}` in a policy field are the literal characters.
fn symbols(field: &str, policy: bool, out: &mut [u16; MAX_FIELD]) -> Option<usize> {
    let bytes = field.as_bytes();
    let (mut i, mut n) = (0, 0);
    while let Some(&byte) = bytes.get(i) {
        let (symbol, width) = if byte == b'$' && bytes.get(i + 1) == Some(&b'{') {
            match bytes.iter().skip(i).position(|&b| b == b'}') {
                Some(close) => match (policy, bytes.get(i + 2..i + close)) {
                    (true, Some([c @ (b'*' | b'?' | b'$')])) => (u16::from(*c), close + 1),
                    _ => (ANY, close + 1),
                },
                None => (u16::from(byte), 1),
            }
        } else {
            match byte {
                b'*' => (ANY, 1),
                b'?' if policy => (ONE, 1),
                _ => (u16::from(byte), 1),
            }
        };
        *out.get_mut(n)? = symbol;
        n += 1;
        i += width;
    }
    Some(n)
}

/// Whether some string matches both a format field and a policy field (exact, by walking
/// the pairs of positions row by row); `None` when a field is too long for the stack arrays.
fn field_overlap(format: &str, policy: &str) -> Option<bool> {
    // Fast paths: a field that is one variable or `*` matches anything of the other side.
    let whole_variable = |f: &str| {
        f == "*" || (f.starts_with("${") && f.find('}') == Some(f.len() - 1) && f.len() > 3)
    };
    if whole_variable(format) || policy == "*" {
        return Some(true);
    }
    if !format.contains(['*', '$']) && !policy.contains(['*', '?', '$']) {
        return Some(format == policy);
    }
    let (mut a, mut b) = ([0u16; MAX_FIELD], [0u16; MAX_FIELD]);
    let a_len = symbols(format, false, &mut a)?;
    let b_len = symbols(policy, true, &mut b)?;
    let (a, b) = (a.get(..a_len)?, b.get(..b_len)?);
    let width = b.len() + 1;
    let mut rows = [[false; MAX_FIELD + 1]; 2];
    let [current, next] = &mut rows;
    let (mut current, mut next) = (current.get_mut(..width)?, next.get_mut(..width)?);
    *current.first_mut()? = true;
    for i in 0..=a.len() {
        let ta = a.get(i).copied();
        for j in 0..width {
            if !current.get(j).copied().unwrap_or(false) {
                continue;
            }
            let tb = b.get(j).copied();
            let mut advance_a = false;
            let mut advance_b = false;
            let mut advance_both = false;
            if ta == Some(ANY) {
                advance_a = true;
                advance_b |= tb.is_some() && tb != Some(ANY);
            }
            if tb == Some(ANY) {
                advance_b = true;
                advance_a |= ta.is_some() && ta != Some(ANY);
            }
            if let (Some(x), Some(y)) = (ta, tb) {
                advance_both =
                    (x < ANY && x == y) || (x == ONE && y != ANY) || (y == ONE && x < ANY);
            }
            if advance_b {
                if let Some(cell) = current.get_mut(j + 1) {
                    *cell = true;
                }
            }
            if advance_a {
                if let Some(cell) = next.get_mut(j) {
                    *cell = true;
                }
            }
            if advance_both {
                if let Some(cell) = next.get_mut(j + 1) {
                    *cell = true;
                }
            }
        }
        if i == a.len() {
            return Some(current.get(b.len()).copied().unwrap_or(false));
        }
        std::mem::swap(&mut current, &mut next);
        next.fill(false);
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(field_count("arn:aws:iam::*"), 5);
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
    fn cheap_prefilter_agrees_with_exact_matching() {
        let parse = |s: &'static str| split(s).map(|(_, a)| a).unwrap_or_default();
        let format = parse("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(may_match(&format, &parse("arn:aws:s3:::b/k")));
        assert!(may_match(&format, &parse("arn:*:s3:::*")));
        assert!(!may_match(&format, &parse("arn:aws:ec2:::b/k")));
        assert!(!may_match(&format, &parse("arn:aws:s3x:::b/k")));
        let project = parse("arn:${Partition}:rekognition:${Region}:${Account}:project/${P}/${T}");
        assert!(!may_match(
            &project,
            &parse("arn:aws:rekognition:r:1:collection/x")
        ));
        assert!(may_match(&project, &parse("arn:aws:rekognition:r:1:proj*")));
    }

    #[test]
    fn field_overlap_is_exact() {
        let overlap = |f: &str, p: &str| field_overlap(f, p).unwrap_or_default();
        assert!(overlap("collection/${CollectionId}", "collection/faces"));
        assert!(overlap("collection/${CollectionId}", "coll*"));
        assert!(!overlap("collection/${CollectionId}", "project/*"));
        assert!(overlap("project/${P}/${T}", "project/p/1"));
        assert!(overlap("project/${P}/${T}", "project/*"));
        assert!(overlap("${Region}", ""));
        assert!(!overlap("", "?"));
        assert!(overlap("us-west-2", "us-*-?"));
        assert!(!overlap("collectio", "collectio${*}"));
        assert!(overlap("${BucketName}", "b/${aws:username}x"));
        assert!(field_overlap(&"a*".repeat(300), "?").is_none());
    }

    #[test]
    fn matches_type_agrees_with_the_catalogue() {
        let samples = [
            "arn:aws:rekognition:us-east-1:123456789012:collection/faces",
            "arn:aws:rekognition:*:*:project/p",
            "arn:aws:rekognition:*:*:project/p/1",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:us-east-1:123456789012:accesspoint/ap",
            "arn:aws:iam::*:role/${aws:username}",
            "arn:*:*:*:*:*",
        ];
        for service in ["rekognition", "s3", "iam"] {
            let Some(arns) = service_arns(service) else {
                continue;
            };
            for resource_type in &arns.types {
                for text in samples {
                    let parsed = split(text).map(|(_, a)| a).unwrap_or_default();
                    assert_eq!(
                        matches_type(resource_type, text, &parsed),
                        resource_type.matches_arn(text),
                        "{} {text}",
                        resource_type.name()
                    );
                }
            }
        }
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
