//! The syntax of resource ARNs: prefix, fields, partition, service, region and account, and
//! whether the resource types of the service take a region or account.

use crate::analysis::validate::arn::{Agreement, Arn};
use crate::analysis::validate::codes::{
    RESOURCE_ACCOUNT_NOT_ALLOWED, RESOURCE_INVALID_ACCOUNT, RESOURCE_INVALID_PARTITION,
    RESOURCE_INVALID_PREFIX, RESOURCE_INVALID_REGION, RESOURCE_MISSING_FIELD,
    RESOURCE_MISSING_REGION, RESOURCE_REGION_NOT_ALLOWED, RESOURCE_SERVICE_CASE,
    RESOURCE_SHORT_WILDCARD, RESOURCE_UNKNOWN_SERVICE,
};
use crate::analysis::validate::{arn, did_you_mean, glob, quoted, Collector, Quoted};
use crate::arn::{all_fields, field_count, Variables};
use crate::policy::Location;
use crate::suggest;
pub(super) fn check_syntax(value: &str, location: Location, out: &mut Collector) {
    if value == "*" || value.starts_with(['*', '?', '$']) {
        return;
    }
    let shown = Quoted(value);
    if !value.starts_with("arn:") {
        let detail = if value
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("arn:"))
        {
            format!(
                "ARNs start with lower-case \"arn:\": write \"arn:{}\".",
                value.get(4..).unwrap_or("")
            )
        } else {
            format!(
                "Write \"*\" or an ARN such as {}.",
                example_format(value).unwrap_or("arn:aws:s3:::my-bucket")
            )
        };
        out.add(
            &RESOURCE_INVALID_PREFIX,
            location,
            format!("Resource {shown} is not an ARN"),
            detail,
        );
        return;
    }
    let Some((_, arn)) = arn::split(value) else {
        let service = all_fields(value, Variables::Policy).nth(2).unwrap_or("");
        if let Some(full) = full_form(value, service) {
            out.add(
                &RESOURCE_SHORT_WILDCARD,
                location,
                format!(
                    "ARN {shown} has {} fields and ends in a wildcard",
                    field_count(value, Variables::Policy)
                ),
                format!(
                    "IAM accepts it (the trailing * also matches the missing \":\"-separated \
                     fields), but Access Analyzer reports it as MISSING_ARN_FIELD and the \
                     intent is clearer with all six fields: write \"{full}\"."
                ),
            );
            return;
        }
        out.add(
            &RESOURCE_MISSING_FIELD,
            location,
            format!(
                "ARN {shown} has {} fields; 6 are needed",
                field_count(value, Variables::Policy)
            ),
            format!(
                "Write arn:partition:service:region:account:resource, leaving region or \
                 account empty where the service has none, e.g. {}.",
                example_format(service).unwrap_or("arn:aws:s3:::my-bucket/*")
            ),
        );
        return;
    };
    check_partition(&arn, shown, &location, out);
    if !check_service(&arn, shown, &location, out) {
        return;
    }
    check_region_and_account(&arn, shown, &location, out);
}

/// The six-field form of an ARN with too few fields whose last field is a lone `*`
/// (`arn:aws:logs:*`, `arn:aws:sns:*:*`): IAM lets that `*` span `:`, so the ARN works and
/// the full form says the same. Region and account stay empty for services whose ARNs have
/// none (`arn:aws:s3:*` becomes `arn:aws:s3:::*`). `None` for other short ARNs.
fn full_form(value: &str, service: &str) -> Option<String> {
    let fields: Vec<&str> = all_fields(value, Variables::Policy).collect();
    let (last, head) = fields.split_last()?;
    if fields.len() < 3 || fields.len() >= 6 || *last != "*" || service.is_empty() {
        return None;
    }
    let example =
        example_format(service).map(|f| all_fields(f, Variables::Policy).collect::<Vec<_>>());
    let empty = |i: usize| {
        example
            .as_ref()
            .is_some_and(|f| f.get(i).is_some_and(|field| field.is_empty()))
    };
    let mut full: Vec<&str> = head.to_vec();
    while full.len() < 5 {
        full.push(if empty(full.len()) { "" } else { "*" });
    }
    full.push("*");
    Some(full.join(":"))
}

/// An ARN format of the service, for examples in messages.
fn example_format(service: &str) -> Option<&'static str> {
    arn::service_arns(service)
        .and_then(|s| s.types.first())
        .and_then(|t| t.arn_formats().next())
}

fn check_partition(arn: &Arn<'_>, shown: Quoted<'_>, location: &Location, out: &mut Collector) {
    let partition = arn.partition;
    if partition.contains("${") {
        return;
    }
    if arn::PARTITIONS
        .iter()
        .any(|p| glob::matches(partition, p, false))
    {
        return;
    }
    let suggestion = suggest::closest(partition, arn::PARTITIONS);
    out.add(
        &RESOURCE_INVALID_PARTITION,
        location.clone(),
        format!("Invalid partition {} in ARN {shown}", quoted(partition)),
        format!(
            "{}The partition is aws (or aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, \
             aws-iso-f, aws-eusc); * matches any.",
            did_you_mean(suggestion)
        ),
    );
}

/// Returns whether the service is known (so that type-based checks make sense).
fn check_service(
    arn: &Arn<'_>,
    shown: Quoted<'_>,
    location: &Location,
    out: &mut Collector,
) -> bool {
    let service = arn.service;
    if !arn::is_literal(service) {
        return false;
    }
    if arn::is_known_service(service) {
        return true;
    }
    let lower = service.to_ascii_lowercase();
    if lower != service && arn::is_known_service(&lower) {
        out.add(
            &RESOURCE_SERVICE_CASE,
            location.clone(),
            format!(
                "Service {} in ARN {shown} is not lower case",
                quoted(service)
            ),
            format!("ARNs are case-sensitive: write \"{lower}\"."),
        );
        return false;
    }
    let suggestion = suggest::closest(service, arn::known_services());
    out.add(
        &RESOURCE_UNKNOWN_SERVICE,
        location.clone(),
        format!("Unknown service {} in ARN {shown}", quoted(service)),
        format!(
            "{}No AWS resource has ARNs with this service, so the entry matches nothing.",
            did_you_mean(suggestion)
        ),
    );
    false
}

fn check_region_and_account(
    arn: &Arn<'_>,
    shown: Quoted<'_>,
    location: &Location,
    out: &mut Collector,
) {
    let region_literal = !arn.region.is_empty() && arn::is_literal(arn.region);
    if region_literal && !arn::is_region_code(arn.region) {
        let trimmed = arn
            .region
            .trim_end_matches(|c: char| c.is_ascii_lowercase());
        let hint = if trimmed != arn.region && arn::is_region_code(trimmed) {
            format!(
                "{} looks like an availability zone; the region is \"{trimmed}\". ",
                quoted(arn.region)
            )
        } else {
            String::new()
        };
        out.add(
            &RESOURCE_INVALID_REGION,
            location.clone(),
            format!("Invalid region {} in ARN {shown}", quoted(arn.region)),
            format!("{hint}Regions are written like us-east-1; * matches any."),
        );
    }
    let Some(arns) = arn::service_arns(arn.service) else {
        return;
    };
    let account_literal = !arn.account.is_empty() && arn::is_literal(arn.account);
    // "aws" is the account of resources AWS owns (managed policies, public SageMaker hubs).
    if account_literal
        && !is_account_id(arn.account)
        && arn.account != "aws"
        && !arns.formats.iter().any(|f| f.account == arn.account)
    {
        out.add(
            &RESOURCE_INVALID_ACCOUNT,
            location.clone(),
            format!("Invalid account {} in ARN {shown}", quoted(arn.account)),
            "An account ID has 12 digits, e.g. 123456789012; * matches any.".to_string(),
        );
    }
    let needs = region_literal || arn.region.is_empty() || account_literal;
    if !needs {
        return;
    }
    // Decide on the whole service when its formats agree, else on the resource types the
    // resource part can name.
    let candidates;
    let (formats, agreed): (&[Arn<'_>], Agreement) = if arns.agreed.is_mixed() {
        candidates = arns.candidates(arn);
        (&candidates, Agreement::of(&candidates))
    } else {
        (&arns.formats, arns.agreed)
    };
    let example = || {
        formats
            .first()
            .map(|f| {
                format!(
                    "arn:aws:{}:{}:{}:{}",
                    f.service, f.region, f.account, f.resource
                )
            })
            .unwrap_or_default()
    };
    if region_literal && agreed.no_region {
        out.add(
            &RESOURCE_REGION_NOT_ALLOWED,
            location.clone(),
            format!(
                "ARN {shown} has a region, but {} ARNs have none",
                arn.service
            ),
            format!(
                "Leave the region field empty, as in {}; the entry matches nothing otherwise.",
                example()
            ),
        );
    }
    if arn.region.is_empty() && agreed.region {
        out.add(
            &RESOURCE_MISSING_REGION,
            location.clone(),
            format!("ARN {shown} has no region"),
            format!(
                "{} ARNs name a region, as in {}: write the region, or * for any.",
                arn.service,
                example()
            ),
        );
    }
    if account_literal && agreed.no_account {
        out.add(
            &RESOURCE_ACCOUNT_NOT_ALLOWED,
            location.clone(),
            format!(
                "ARN {shown} has an account, but these {} ARNs have none",
                arn.service
            ),
            format!(
                "Leave the account field empty, as in {}; the entry matches nothing otherwise.",
                example()
            ),
        );
    }
}

fn is_account_id(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}
