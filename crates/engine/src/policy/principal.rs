//! `Principal` / `NotPrincipal` values.

use super::model::{Span, StringList, Text};

/// The principal types IAM defines as keys of a principal map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    /// `"AWS"`: accounts, users, roles, sessions.
    Aws,
    /// `"Service"`: AWS service principals.
    Service,
    /// `"Federated"`: web identity and SAML providers.
    Federated,
    /// `"CanonicalUser"`: S3 canonical user IDs.
    CanonicalUser,
}

impl PrincipalType {
    /// All types in their documented order.
    pub const ALL: [PrincipalType; 4] = [
        PrincipalType::Aws,
        PrincipalType::Service,
        PrincipalType::Federated,
        PrincipalType::CanonicalUser,
    ];

    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }

    /// Parses the exact JSON key.
    pub fn from_json(key: &str) -> Option<PrincipalType> {
        Self::ALL.into_iter().find(|t| t.as_str() == key)
    }
}

/// One `type: identifiers` pair of a principal map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalEntry {
    /// The key as written (see [`PrincipalEntry::known_type`]).
    pub principal_type: Text,
    /// The identifiers, scalar or array as written.
    pub ids: StringList,
}

impl PrincipalEntry {
    /// An entry of a known type.
    pub fn new(principal_type: PrincipalType, ids: StringList) -> Self {
        PrincipalEntry {
            principal_type: Text::new(principal_type.as_str()),
            ids,
        }
    }

    /// The type if the key is one IAM defines.
    pub fn known_type(&self) -> Option<PrincipalType> {
        PrincipalType::from_json(&self.principal_type.value)
    }
}

/// A principal map (`{"AWS": [...], "Service": "..."}`), entries in written order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrincipalMap {
    /// The entries in order.
    pub entries: Vec<PrincipalEntry>,
    /// The object, braces included.
    pub span: Option<Span>,
}

/// A `Principal` or `NotPrincipal` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The string form. IAM accepts only `"*"` here; the parser keeps any
    /// string so the validator can report it.
    Wildcard(Text),
    /// The map form.
    Map(PrincipalMap),
}

impl Principal {
    /// `"Principal": "*"`.
    pub fn everyone() -> Self {
        Principal::Wildcard(Text::new("*"))
    }

    /// A map of the given entries.
    pub fn map(entries: impl IntoIterator<Item = PrincipalEntry>) -> Self {
        Principal::Map(PrincipalMap {
            entries: entries.into_iter().collect(),
            span: None,
        })
    }

    /// Where the whole value is in the source.
    pub fn span(&self) -> Option<Span> {
        match self {
            Principal::Wildcard(text) => text.span,
            Principal::Map(map) => map.span,
        }
    }

    /// The entries of the map form (none for the string form).
    pub fn entries(&self) -> &[PrincipalEntry] {
        match self {
            Principal::Wildcard(_) => &[],
            Principal::Map(map) => &map.entries,
        }
    }

    pub(crate) fn clear_spans(&mut self) {
        match self {
            Principal::Wildcard(text) => text.span = None,
            Principal::Map(map) => {
                map.span = None;
                for entry in &mut map.entries {
                    entry.principal_type.span = None;
                    entry.ids.span = None;
                    entry.ids.items.iter_mut().for_each(|t| t.span = None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_types_round_trip_their_keys() {
        for t in PrincipalType::ALL {
            assert_eq!(PrincipalType::from_json(t.as_str()), Some(t));
        }
        assert_eq!(PrincipalType::from_json("aws"), None);
    }

    #[test]
    fn entries_of_wildcard_are_empty() {
        assert!(Principal::everyone().entries().is_empty());
        let p = Principal::map([PrincipalEntry::new(
            PrincipalType::Service,
            StringList::scalar("rekognition.amazonaws.com"),
        )]);
        assert_eq!(p.entries()[0].known_type(), Some(PrincipalType::Service));
    }
}
