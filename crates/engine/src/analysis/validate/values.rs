//! The formats of condition values: Booleans, numbers, dates, IP ranges, base64, VPC and VPC
//! endpoint IDs, service principals. All are allocation-free.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `true` or `false`, in any letter case.
pub(super) fn is_bool(value: &str) -> bool {
    value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
}

fn digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// An integer or decimal number, optionally negative.
pub(super) fn is_number(value: &str) -> bool {
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// The number for comparisons (decimal text to f64).
pub(super) fn number(value: &str) -> Option<f64> {
    if is_number(value) {
        value.parse().ok()
    } else {
        None
    }
}

fn in_range(text: &str, len: usize, max: u32) -> bool {
    text.len() == len && digits(text) && text.parse::<u32>().is_ok_and(|n| n <= max)
}

fn is_time(time: &str) -> bool {
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let mut parts = clock.split(':');
    let hour = parts.next().is_some_and(|h| in_range(h, 2, 24));
    let minute = parts.next().is_some_and(|m| in_range(m, 2, 59));
    let second = parts.next().is_none_or(|s| in_range(s, 2, 60));
    hour && minute && second && parts.next().is_none() && fraction.is_none_or(digits)
}

fn is_zone(zone: &str) -> bool {
    if zone.is_empty() || zone == "Z" || zone == "z" {
        return true;
    }
    let Some(offset) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    match offset.split_once(':') {
        Some((h, m)) => in_range(h, 2, 23) && in_range(m, 2, 59),
        None => in_range(offset, 2, 23) || (offset.len() == 4 && digits(offset)),
    }
}

/// An ISO 8601 date or date-time (`2026-01-31`, `2026-01-31T12:00:00Z`,
/// `2026-01-31T12:00:00.000+01:00`) or epoch seconds.
pub(super) fn is_date(value: &str) -> bool {
    if digits(value) {
        return true;
    }
    let (date, rest) = value.split_at_checked(10).unwrap_or((value, ""));
    let mut parts = date.split('-');
    let year = parts.next().is_some_and(|y| y.len() == 4 && digits(y));
    let month = parts
        .next()
        .is_some_and(|m| in_range(m, 2, 12) && m != "00");
    let day = parts
        .next()
        .is_some_and(|d| in_range(d, 2, 31) && d != "00");
    if !(year && month && day && parts.next().is_none()) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let Some(time_zone) = rest.strip_prefix(['T', 't']) else {
        return false;
    };
    let zone_start = time_zone
        .find(['Z', 'z', '+', '-'])
        .unwrap_or(time_zone.len());
    let (time, zone) = time_zone.split_at(zone_start);
    is_time(time) && is_zone(zone)
}

/// An IP address or CIDR range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct IpRange {
    pub address: IpAddr,
    pub prefix: u8,
}

/// Parses `203.0.113.0/24`, `203.0.113.7`, `2001:db8::/32`.
pub(super) fn ip_range(value: &str) -> Option<IpRange> {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (value, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(p) if digits(p) && p.len() <= 3 => p.parse::<u8>().ok().filter(|p| *p <= max)?,
        Some(_) => return None,
        None => max,
    };
    Some(IpRange { address, prefix })
}

fn bits(address: IpAddr) -> (u128, u32) {
    match address {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

fn mask(prefix: u8, width: u32) -> u128 {
    let host_bits = width.saturating_sub(u32::from(prefix));
    let all = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    all & !(if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    })
}

impl IpRange {
    /// The range with the host bits cleared (e.g. 10.0.0.0/8 for 10.1.2.3/8), if any were set.
    pub fn network(&self) -> Option<IpRange> {
        let (value, width) = bits(self.address);
        let network = value & mask(self.prefix, width);
        if network == value {
            return None;
        }
        let address = match self.address {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::try_from(network).ok()?)),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(network)),
        };
        Some(IpRange {
            address,
            prefix: self.prefix,
        })
    }

    /// Whether the whole range lies in address space that is never a public source address:
    /// RFC 1918, loopback, link-local, shared (100.64.0.0/10), IPv6 unique-local and link-local.
    pub fn is_private(&self) -> bool {
        const V4: [([u8; 4], u8); 6] = [
            ([10, 0, 0, 0], 8),
            ([172, 16, 0, 0], 12),
            ([192, 168, 0, 0], 16),
            ([127, 0, 0, 0], 8),
            ([169, 254, 0, 0], 16),
            ([100, 64, 0, 0], 10),
        ];
        const V6: [(u128, u8); 3] = [(0xfc00 << 112, 7), (0xfe80 << 112, 10), (1, 128)];
        let (value, width) = bits(self.address);
        let within = |block: u128, block_prefix: u8| {
            self.prefix >= block_prefix
                && value & mask(block_prefix, width) == block & mask(block_prefix, width)
        };
        match self.address {
            IpAddr::V4(_) => V4
                .iter()
                .any(|(octets, p)| within(u128::from(u32::from(Ipv4Addr::from(*octets))), *p)),
            IpAddr::V6(_) => V6.iter().any(|(block, p)| within(*block, *p)),
        }
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// Base64 text (standard alphabet, padded).
pub(super) fn is_base64(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    let padding = value.len() - body.len();
    value.len().is_multiple_of(4)
        && padding <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// `prefix` followed by 8 or 17 lower-case letters or digits (`vpc-1a2b3c4d`).
pub(super) fn is_resource_id(value: &str, prefix: &str) -> bool {
    value.strip_prefix(prefix).is_some_and(|id| {
        (id.len() == 8 || id.len() == 17)
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

const SERVICE_SUFFIXES: [&str; 3] = [".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"];

/// A service principal as it appears in `aws:CalledVia` and similar keys: one lower-case
/// label and an AWS suffix (`athena.amazonaws.com`).
pub(super) fn is_service_principal_name(value: &str) -> bool {
    SERVICE_SUFFIXES.iter().any(|suffix| {
        value.strip_suffix(suffix).is_some_and(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    })
}

/// A service principal in a Principal element: lower-case labels and an AWS suffix
/// (`delivery.logs.amazonaws.com`).
pub(super) fn is_service_principal(value: &str) -> bool {
    SERVICE_SUFFIXES.iter().any(|suffix| {
        value.strip_suffix(suffix).is_some_and(|labels| {
            !labels.is_empty()
                && labels.split('.').all(|label| {
                    !label.is_empty()
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_and_numbers() {
        assert!(is_bool("true") && is_bool("FALSE"));
        assert!(!is_bool("yes"));
        for ok in ["0", "10", "-3", "1.5"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["", "1.", ".5", "1e3", "ten", "--1"] {
            assert!(!is_number(bad), "{bad}");
        }
        assert_eq!(number("2.5"), Some(2.5));
    }

    #[test]
    fn dates() {
        for ok in [
            "2019-07-16",
            "2019-07-16T12:00:00Z",
            "2019-07-16T12:00Z",
            "2019-07-16T12:00:00.123+01:00",
            "2019-07-16T12:00:00-0500",
            "1563278400",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "bad",
            "2019-13-01",
            "2019-7-16",
            "16/07/2019",
            "2019-07-16 12:00",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn ip_ranges() {
        let range = ip_range("10.1.2.3/8");
        assert_eq!(
            range.and_then(|r| r.network()).map(|r| r.to_string()),
            Some("10.0.0.0/8".to_string())
        );
        assert!(ip_range("203.0.113.0/24").is_some_and(|r| r.network().is_none()));
        assert!(ip_range("10.0.0.0/8").is_some_and(|r| r.is_private()));
        assert!(ip_range("192.168.1.1").is_some_and(|r| r.is_private()));
        assert!(ip_range("0.0.0.0/0").is_some_and(|r| !r.is_private()));
        assert!(ip_range("203.0.113.5").is_some_and(|r| !r.is_private()));
        assert!(ip_range("fd00::/8").is_some_and(|r| r.is_private()));
        assert!(ip_range("2001:db8::/32").is_some_and(|r| !r.is_private()));
        assert!(ip_range("10.0.0.0/33").is_none());
        assert!(ip_range("not-an-ip").is_none());
    }

    #[test]
    fn ids_and_principals() {
        assert!(is_base64("QUJD") && is_base64("QUI="));
        assert!(!is_base64("QUJ") && !is_base64("@@@@"));
        assert!(is_resource_id("vpc-1a2b3c4d", "vpc-"));
        assert!(is_resource_id("vpce-0123456789abcdef0", "vpce-"));
        assert!(!is_resource_id("vpc-123", "vpc-"));
        assert!(is_service_principal_name("athena.amazonaws.com"));
        assert!(!is_service_principal_name(
            "application-signals.cloudwatch.amazonaws.com"
        ));
        assert!(is_service_principal("delivery.logs.amazonaws.com"));
        assert!(!is_service_principal("Lambda.amazonaws.com"));
    }
}
