//! [`ActionName`], the names in [`super::EffectiveActions`].

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use super::universe::universe;
use crate::catalog::AccessLevel;

/// An action name in [`super::EffectiveActions`], e.g. `rekognition:DetectLabels`.
///
/// A catalogue name is held as its rank in the byte order of all catalogue names: 16 bytes and
/// no copy of the text (an identity with `"Action": "*"` gets 22,000 of them), and two such
/// names compare by rank without reading text. Derefs to `str`, displays as the name, and
/// orders like the name's `str` (byte order), so a `BTreeSet<ActionName>` answers
/// `contains("s3:GetObject")` and iterates by name.
#[derive(Clone)]
pub struct ActionName(Repr);

#[derive(Clone)]
enum Repr {
    /// A catalogue name, by its position in the byte order of all catalogue names.
    Ranked(u32),
    /// A name the catalogue lacks, as written.
    Other(Box<str>),
}

impl ActionName {
    /// The catalogue name at `rank` in the byte order of all catalogue names.
    pub(super) fn ranked(rank: u32) -> Self {
        ActionName(Repr::Ranked(rank))
    }

    /// A name the catalogue lacks.
    pub(super) fn other(name: &str) -> Self {
        ActionName(Repr::Other(name.into()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Ranked(rank) => {
                let u = universe();
                u.by_name().get(*rank as usize).map_or("", |&i| u.name(i))
            }
            Repr::Other(name) => name,
        }
    }

    /// The catalogue access level of the action (`None` for a name the catalogue lacks).
    pub fn access_level(&self) -> Option<AccessLevel> {
        let Repr::Ranked(rank) = self.0 else {
            return None;
        };
        let u = universe();
        u.level(*u.by_name().get(rank as usize)?)
    }
}

impl Deref for ActionName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ActionName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for ActionName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for ActionName {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Ranked(a), Repr::Ranked(b)) => a == b,
            _ => self.as_str() == other.as_str(),
        }
    }
}

impl Eq for ActionName {}

impl PartialOrd for ActionName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ActionName {
    /// The byte order of the names; ranks give it without comparing text.
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Ranked(a), Repr::Ranked(b)) => a.cmp(b),
            _ => self.as_str().cmp(other.as_str()),
        }
    }
}

impl Hash for ActionName {
    /// Hashes the text, as `Borrow<str>` requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for ActionName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ActionName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn catalogue(name: &str) -> ActionName {
        let u = universe();
        ActionName::ranked(u.rank(u.index_of(name).expect("catalogue action")))
    }

    #[test]
    fn names_read_and_order_like_their_text() {
        let detect = catalogue("rekognition:DetectLabels");
        assert_eq!(detect.as_str(), "rekognition:DetectLabels");
        assert_eq!(detect.to_string(), "rekognition:DetectLabels");
        assert_eq!(format!("{detect:?}"), "\"rekognition:DetectLabels\"");
        assert_eq!(detect.access_level(), Some(AccessLevel::Read));
        assert_eq!(std::mem::size_of::<ActionName>(), 16);
        let future = ActionName::other("rekognition:FutureAction");
        assert_eq!(future.access_level(), None);
        assert_eq!(future, "rekognition:FutureAction");
        let names: BTreeSet<ActionName> = [
            catalogue("s3:GetObject"),
            future.clone(),
            detect.clone(),
            catalogue("rekognition:DeleteCollection"),
            ActionName::other("a:b"),
        ]
        .into_iter()
        .collect();
        let texts: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        assert_eq!(texts, sorted);
        assert!(names.contains("rekognition:FutureAction") && names.contains("s3:GetObject"));
        assert!(!names.contains("s3:PutObject"));
        assert_eq!(detect, catalogue("REKOGNITION:detectlabels"));
        assert_ne!(detect, future);
    }
}
