//! Services AWS no longer lists: prefixes an older catalogue has and the current one does not
//! (`data/catalog/retired-services.tsv`, derived by `scripts/catalog/retired.py`). Policies
//! written for them still exist; their actions grant nothing now.

const DATA: &str = include_str!("../../data/catalog/retired-services.tsv");

/// A service that an older catalogue lists and the current one does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetiredService {
    /// The IAM prefix, e.g. `gamesparks`.
    pub prefix: &'static str,
    /// The service's name in the older catalogue, e.g. `Amazon GameSparks`.
    pub name: &'static str,
    /// Which older catalogue lists it, e.g. `parliament-1.6.4`.
    pub source: &'static str,
}

/// Every retired service, by prefix.
pub fn retired_services() -> impl Iterator<Item = RetiredService> {
    DATA.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some(RetiredService {
                prefix: fields.next()?,
                name: fields.next()?,
                source: fields.next()?,
            })
        })
}

/// The retired service with this prefix, ignoring ASCII case, unless the catalogue in use
/// knows the prefix again.
pub fn retired_service(prefix: &str) -> Option<RetiredService> {
    if super::service(prefix).is_some() {
        return None;
    }
    retired_services().find(|s| s.prefix.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_derived_list_names_services_gone_from_the_catalogue() {
        let all: Vec<RetiredService> = retired_services().collect();
        assert!(all.len() >= 10, "{all:?}");
        for service in &all {
            assert!(
                super::super::service(service.prefix).is_none(),
                "{service:?}"
            );
            assert!(!service.name.is_empty() && !service.source.is_empty());
        }
        for prefix in [
            "gamesparks",
            "iotroborunner",
            "sagemaker-groundtruth-synthetic",
        ] {
            assert!(retired_service(prefix).is_some(), "{prefix}");
        }
        assert_eq!(
            retired_service("GameSparks").map(|s| s.name),
            Some("Amazon GameSparks")
        );
        assert!(retired_service("rekognition").is_none());
        assert!(retired_service("notaservice").is_none());
    }
}
