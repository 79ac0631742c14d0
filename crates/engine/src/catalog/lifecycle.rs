//! Features AWS has ended or closed to new customers, by the IAM actions that use them
//! (`data/catalog/end-of-support.tsv`, kept by hand from AWS's announcements). The actions are
//! still in the Service Authorization Reference, so a policy granting them is valid; it just
//! grants something that no longer works, or works only for accounts already using it.

use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/catalog/end-of-support.tsv");

/// Where a feature stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// AWS no longer supports the feature: its actions fail for everyone.
    Ended,
    /// New customers cannot start using the feature; accounts that used it recently can.
    ClosedToNewCustomers,
}

impl Availability {
    fn parse(text: &str) -> Option<Availability> {
        match text {
            "ended" => Some(Availability::Ended),
            "closed" => Some(Availability::ClosedToNewCustomers),
            _ => None,
        }
    }
}

/// One action of a feature AWS has ended or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureLifecycle {
    /// The action, as the catalogue spells it, e.g. `rekognition:StartPersonTracking`.
    pub action: &'static str,
    /// The feature's name, e.g. `Amazon Rekognition People Pathing`.
    pub feature: &'static str,
    /// Whether the feature has ended or is closed to new customers.
    pub availability: Availability,
    /// The date the change took effect, `YYYY-MM-DD`.
    pub date: &'static str,
    /// The AWS page that announces it.
    pub announcement: &'static str,
}

fn parse_line(line: &'static str) -> Option<FeatureLifecycle> {
    let mut fields = line.split('\t');
    Some(FeatureLifecycle {
        action: fields.next()?,
        feature: fields.next()?,
        availability: Availability::parse(fields.next()?)?,
        date: fields.next()?,
        announcement: fields.next()?,
    })
}

/// Every row of the table, in file order.
pub fn feature_lifecycles() -> &'static [FeatureLifecycle] {
    static ROWS: OnceLock<Vec<FeatureLifecycle>> = OnceLock::new();
    ROWS.get_or_init(|| {
        DATA.lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .filter_map(parse_line)
            .collect()
    })
}

/// The row for the action `prefix:name`, ignoring ASCII case as IAM does.
pub fn feature_lifecycle(prefix: &str, name: &str) -> Option<&'static FeatureLifecycle> {
    feature_lifecycles().iter().find(|row| {
        row.action
            .split_once(':')
            .is_some_and(|(p, n)| p.eq_ignore_ascii_case(prefix) && n.eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_read_and_names_a_catalogue_action() {
        let data_rows = DATA
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .count();
        let rows = feature_lifecycles();
        assert_eq!(rows.len(), data_rows, "a row does not parse");
        for row in rows {
            let (_, action) = super::super::action(row.action)
                .unwrap_or_else(|| panic!("{} is not in the catalogue", row.action));
            assert_eq!(action.full_name(), row.action, "spelling");
            assert!(row.announcement.starts_with("https://"), "{row:?}");
            let date: Vec<&str> = row.date.split('-').collect();
            assert!(
                date.len() == 3 && date.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())),
                "{row:?}"
            );
            assert!(!row.feature.is_empty());
        }
    }

    #[test]
    fn people_pathing_has_ended() {
        let row = feature_lifecycle("rekognition", "startpersontracking").unwrap();
        assert_eq!(row.availability, Availability::Ended);
        assert_eq!(row.date, "2025-10-31");
        assert!(feature_lifecycle("rekognition", "DetectLabels").is_none());
        assert!(feature_lifecycle("s3", "StartPersonTracking").is_none());
    }
}
