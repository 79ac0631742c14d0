//! The Denies of a set, indexed for the question "which Denies cover this Allow piece", and
//! the actions they take away there ([`Loss`]), interned so that pieces covered by the same
//! Denies share one loss.
//!
//! Denies fall into four kinds:
//!
//! - *universal*: a piece is `*`; they cover every piece and are kept apart.
//! - *pattern* Denies with ARN patterns: an ARN pattern covers another only if their partition,
//!   service, region and account fields agree when literal (the scope key), and its resource
//!   field's literal head is a prefix of the other's; so they are filed by scope key, head
//!   length and head hash, and a piece looks up the heads its own head starts with.
//! - *exclusion* Denies (`NotResource`): they cover a pattern unless an excluded pattern meets
//!   it, and a pattern meets few of them, so the excluded patterns are filed by their literal
//!   service field and a piece looks up the Denies that do *not* cover it.
//! - *general*: a pattern that is not an ARN; checked against every piece.

use std::hash::{Hash, Hasher};

use super::bits::Bits;
use super::resource::ResourcePattern;
use super::rules::{Piece, Rule};
use super::set::{Pieces, PolicySet};
use crate::policy::Effect;
use rustc_hash::{FxHashMap as FastMap, FxHasher};

/// The actions the non-universal Denies covering a piece take away.
pub(super) struct Loss {
    /// By unconditional Denies.
    pub(super) certain: Bits,
    /// By any Deny (a superset of `certain`).
    pub(super) all: Bits,
}

impl Loss {
    /// No actions, over the words `0..words`.
    fn empty(words: usize) -> Self {
        Loss {
            certain: Bits::empty(0..words),
            all: Bits::empty(0..words),
        }
    }

    /// Adds a Deny's actions.
    fn add(&mut self, actions: &Bits, conditional: bool) {
        self.all.union_with(actions);
        if !conditional {
            self.certain.union_with(actions);
        }
    }
}

/// Which Denies cover a piece, the key its [`Loss`] is interned by.
#[derive(Debug, Clone, Default, Eq)]
struct Cover {
    /// The exclusion Denies that do *not* cover the piece (usually none), ascending.
    uncovering: Vec<usize>,
    /// The other non-universal Denies that cover it, ascending.
    covering: Vec<usize>,
}

impl Cover {
    fn clear(&mut self) {
        self.uncovering.clear();
        self.covering.clear();
    }
}

impl PartialEq for Cover {
    fn eq(&self, other: &Self) -> bool {
        same(&self.uncovering, &other.uncovering) && same(&self.covering, &other.covering)
    }
}

impl Hash for Cover {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // as the derived hash would: equal covers have equal parts
        self.uncovering.hash(state);
        self.covering.hash(state);
    }
}

/// Slice equality that never compares two empty slices' contents: the standard comparison of
/// two empty vectors is a zero-length `memcmp` through dangling pointers, which glibc's AVX-512
/// code runs as a masked load from an unmapped page, a microcode assist costing microseconds per
/// comparison (and most covers have no `uncovering` part).
fn same(a: &[usize], b: &[usize]) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}

/// See the module docs.
pub(super) struct DenyIndex<'a> {
    set: &'a PolicySet,
    denies: Vec<&'a Rule>,
    /// Each Deny's actions as bits over its own words.
    bits: Vec<Bits>,
    /// The actions of the universal Denies.
    pub(super) universal: Loss,
    /// The actions of every Deny: an Allow's actions outside them lose nothing.
    pub(super) any: Bits,
    /// The Denies that are not universal.
    regular: Vec<usize>,
    /// (scope key, head length, head hash) to pattern Denies with such an ARN pattern.
    by_head: FastMap<(Option<u64>, usize, u64), Vec<usize>>,
    /// Scope key to the head lengths filed under it, ascending.
    head_lengths: FastMap<Option<u64>, Vec<usize>>,
    general: Vec<usize>,
    /// The exclusion Denies, ascending.
    exclusions: Vec<usize>,
    /// Their excluded patterns as (Deny, pattern id): by literal service field, and the others
    /// (a wildcard service, or not an ARN).
    excluded_by_service: FastMap<u64, Vec<(usize, usize)>>,
    excluded_elsewhere: Vec<(usize, usize)>,
    /// The loss of a pattern piece by pattern id, of an exclusion piece by (rule, piece index).
    by_pattern: Vec<Option<usize>>,
    by_exclusion: FastMap<(usize, usize), usize>,
    covers: FastMap<Cover, usize>,
    losses: Vec<Loss>,
    /// The cover being looked up (reused, so a known cover allocates nothing).
    scratch: Cover,
}

/// The hash [`DenyIndex`] files a head under.
fn head_hash(head: &str) -> u64 {
    let mut hasher = FxHasher::default();
    for b in head.bytes() {
        hasher.write_u8(b);
    }
    hasher.finish()
}

impl<'a> DenyIndex<'a> {
    /// Indexes the Denies of `set`, whose actions are numbered below `words * 64`.
    pub(super) fn new(set: &'a PolicySet, words: usize) -> Self {
        let denies: Vec<&Rule> = set
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Deny && !r.pieces.is_empty() && !r.has_no_actions())
            .collect();
        // Denies compiled from one list share their action sets: their bits are made once.
        let mut made: FastMap<(usize, usize), usize> = FastMap::default();
        let mut bits: Vec<Bits> = Vec::with_capacity(denies.len());
        for (d, deny) in denies.iter().enumerate() {
            let first = *made.entry(deny.action_sets_id()).or_insert(d);
            let deny_bits = match bits.get(first) {
                Some(same) => same.clone(),
                None => deny.action_bits(),
            };
            bits.push(deny_bits);
        }
        let mut any = Bits::empty(0..words);
        for b in &bits {
            any.union_with(b);
        }
        let mut index = DenyIndex {
            set,
            denies,
            bits,
            universal: Loss::empty(words),
            any,
            regular: Vec::new(),
            by_head: FastMap::default(),
            head_lengths: FastMap::default(),
            general: Vec::new(),
            exclusions: Vec::new(),
            excluded_by_service: FastMap::default(),
            excluded_elsewhere: Vec::new(),
            by_pattern: vec![None; set.patterns.len()],
            by_exclusion: FastMap::default(),
            covers: FastMap::default(),
            losses: Vec::new(),
            scratch: Cover::default(),
        };
        for d in 0..index.denies.len() {
            index.file(d);
        }
        index
    }

    /// Files Deny `d` under its kind (see the module docs).
    fn file(&mut self, d: usize) {
        let (Some(deny), Some(bits)) = (self.denies.get(d).copied(), self.bits.get(d)) else {
            return;
        };
        let set = self.set;
        let pattern = |piece: &Piece| match piece {
            Piece::Pattern(id) => set.pattern(*id),
            Piece::AllExcept(_) => None,
        };
        if deny
            .pieces
            .iter()
            .filter_map(pattern)
            .any(ResourcePattern::is_everything)
        {
            self.universal.add(bits, deny.conditional);
            return;
        }
        self.regular.push(d);
        if let [Piece::AllExcept(excluded)] = deny.pieces.as_slice() {
            self.exclusions.push(d);
            for &id in excluded {
                match set.pattern(id).and_then(ResourcePattern::service_key) {
                    Some(service) => self
                        .excluded_by_service
                        .entry(service)
                        .or_default()
                        .push((d, id)),
                    None => self.excluded_elsewhere.push((d, id)),
                }
            }
            return;
        }
        let mut general = false;
        for piece in &deny.pieces {
            match pattern(piece).filter(|p| p.is_arn()) {
                Some(p) => {
                    let head = p.resource_head();
                    let filed = self
                        .by_head
                        .entry((p.scope_key(), head.len(), head_hash(head)))
                        .or_default();
                    if filed.last() != Some(&d) {
                        filed.push(d);
                    }
                    let lengths = self.head_lengths.entry(p.scope_key()).or_default();
                    if let Err(at) = lengths.binary_search(&head.len()) {
                        lengths.insert(at, head.len());
                    }
                }
                None => general = true,
            }
        }
        if general {
            self.general.push(d);
        }
    }

    /// Calls `visit` with each pattern Deny that may cover the ARN pattern `pattern` (some
    /// more than once).
    fn by_heads(&self, pattern: &ResourcePattern, mut visit: impl FnMut(usize)) {
        let head = pattern.resource_head();
        let scopes = [pattern.scope_key(), None];
        let scopes = if scopes[0].is_some() {
            &scopes[..]
        } else {
            &scopes[1..]
        };
        for &scope in scopes {
            let Some(lengths) = self.head_lengths.get(&scope) else {
                continue;
            };
            // Hash the head's prefixes in one pass, stopping at each filed length.
            let mut hasher = FxHasher::default();
            let mut hashed = 0;
            for &length in lengths.iter().take_while(|&&l| l <= head.len()) {
                for &b in head.as_bytes().get(hashed..length).unwrap_or(&[]) {
                    hasher.write_u8(b);
                }
                hashed = length;
                if let Some(denies) = self.by_head.get(&(scope, length, hasher.finish())) {
                    denies.iter().copied().for_each(&mut visit);
                }
            }
        }
    }

    /// Whether Deny `d` covers `piece`.
    fn deny_covers(&self, d: usize, piece: &Piece) -> bool {
        let pieces = Pieces {
            outer: self.set,
            inner: self.set,
        };
        self.denies
            .get(d)
            .is_some_and(|deny| deny.pieces.iter().any(|q| pieces.covers(q, piece)))
    }

    /// Which Denies cover `piece` (see [`Cover`]).
    #[cfg(test)]
    fn cover(&self, piece: &Piece) -> Cover {
        let mut cover = Cover::default();
        self.cover_into(piece, &mut cover);
        cover
    }

    /// [`DenyIndex::cover`] into `cover` (cleared first; reused across pieces).
    fn cover_into(&self, piece: &Piece, cover: &mut Cover) {
        cover.clear();
        let Cover {
            uncovering,
            covering,
        } = cover;
        let arn = match piece {
            Piece::Pattern(id) => self.set.pattern(*id).filter(|p| p.is_arn()),
            Piece::AllExcept(_) => None,
        };
        match arn {
            Some(pattern) => {
                let set = self.set;
                let mut check = |&(d, e): &(usize, usize)| {
                    if set.pattern(e).is_none_or(|e| e.intersects(pattern)) {
                        uncovering.push(d);
                    }
                };
                match pattern.service_key() {
                    Some(service) => self
                        .excluded_by_service
                        .get(&service)
                        .into_iter()
                        .flatten()
                        .for_each(&mut check),
                    None => self
                        .excluded_by_service
                        .values()
                        .flatten()
                        .for_each(&mut check),
                }
                self.excluded_elsewhere.iter().for_each(check);
                let mut visit = |d: usize| {
                    if self.deny_covers(d, piece) {
                        covering.push(d);
                    }
                };
                self.by_heads(pattern, &mut visit);
                self.general.iter().copied().for_each(visit);
            }
            None => {
                for &d in &self.regular {
                    let covers = self.deny_covers(d, piece);
                    if self.exclusions.binary_search(&d).is_ok() {
                        if !covers {
                            uncovering.push(d);
                        }
                    } else if covers {
                        covering.push(d);
                    }
                }
            }
        }
        for list in [uncovering, covering] {
            list.sort_unstable();
            list.dedup();
        }
    }

    /// The loss of `piece`, of rule number `rule` at `index` (an id for [`DenyIndex::loss`]).
    pub(super) fn loss_of(&mut self, (rule, index): (usize, usize), piece: &Piece) -> usize {
        let cached = match piece {
            Piece::Pattern(id) => self.by_pattern.get(*id).copied().flatten(),
            Piece::AllExcept(_) => self.by_exclusion.get(&(rule, index)).copied(),
        };
        if let Some(id) = cached {
            return id;
        }
        let mut cover = std::mem::take(&mut self.scratch);
        self.cover_into(piece, &mut cover);
        let id = match self.covers.get(&cover) {
            Some(&id) => id,
            None => {
                let id = self.losses.len();
                self.losses.push(self.loss(&cover));
                self.covers.insert(cover.clone(), id);
                id
            }
        };
        self.scratch = cover;
        match piece {
            Piece::Pattern(pattern) => {
                if let Some(slot) = self.by_pattern.get_mut(*pattern) {
                    *slot = Some(id);
                }
            }
            Piece::AllExcept(_) => {
                self.by_exclusion.insert((rule, index), id);
            }
        }
        id
    }

    /// The actions the Denies of `cover` take away.
    fn loss(&self, cover: &Cover) -> Loss {
        let exclusions = self
            .exclusions
            .iter()
            .filter(|d| cover.uncovering.binary_search(d).is_err());
        let denies = exclusions
            .chain(&cover.covering)
            .filter_map(|&d| Some((self.denies.get(d)?, self.bits.get(d)?)));
        let certain = denies.clone().filter(|(deny, _)| !deny.conditional);
        Loss {
            certain: Bits::union_of(certain.map(|(_, bits)| bits)),
            all: Bits::union_of(denies.map(|(_, bits)| bits)),
        }
    }

    /// A loss by id.
    pub(super) fn loss_by_id(&self, id: usize) -> Option<&Loss> {
        self.losses.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    const DENIES: &str = r#"
        {"Effect":"Deny","Action":"s3:Delete*","Resource":"arn:aws:s3:::logs/*"},
        {"Effect":"Deny","Action":"s3:Put*","Resource":["arn:aws:s3:::logs/a/*","arn:aws:s3:::b?/*"]},
        {"Effect":"Deny","Action":"rekognition:*","NotResource":"arn:aws:rekognition:*:*:collection/keep"},
        {"Effect":"Deny","Action":"s3:Get*","NotResource":["arn:aws:s3:::public/*","text","arn:aws:*:*:*:secret"],
         "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
        {"Effect":"Deny","Action":"kms:*","Resource":"not-an-arn*"},
        {"Effect":"Deny","Action":"iam:*","Resource":"*"},
        {"Effect":"Deny","Action":"sqs:*","NotResource":"*"}"#;

    const ALLOWS: &str = r#"
        {"Effect":"Allow","Action":"*","Resource":[
            "arn:aws:s3:::logs/x","arn:aws:s3:::logs/a/*","arn:aws:s3:::logs","arn:aws:s3:::bb/k",
            "arn:aws:s3:::public/p","arn:aws:s3:::*","*","not-an-arn-really","text",
            "arn:aws:rekognition:us-east-1:1:collection/keep",
            "arn:aws:rekognition:us-east-1:1:collection/other",
            "arn:aws:rekognition:*:*:collection/*","arn:aws:*:*:*:*"]},
        {"Effect":"Allow","Action":"*","NotResource":["arn:aws:s3:::logs/*"]},
        {"Effect":"Allow","Action":"*","NotResource":["arn:aws:rekognition:*:*:collection/keep"]}"#;

    fn set() -> PolicySet {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{DENIES},{ALLOWS}]}}"#);
        let document = parse_policy(&text).into_result().expect("parses");
        PolicySet::new(vec![super::super::NamedPolicy::new("p", document)])
    }

    /// The cover key worked out by trying every non-universal Deny on the piece.
    fn brute_force(index: &DenyIndex, piece: &Piece) -> Cover {
        let mut cover = Cover::default();
        for &d in &index.regular {
            let covers = index.deny_covers(d, piece);
            match (index.exclusions.contains(&d), covers) {
                (true, false) => cover.uncovering.push(d),
                (false, true) => cover.covering.push(d),
                _ => {}
            }
        }
        cover
    }

    #[test]
    fn covers_compare_by_both_parts() {
        let cover = |uncovering: &[usize], covering: &[usize]| Cover {
            uncovering: uncovering.to_vec(),
            covering: covering.to_vec(),
        };
        assert_eq!(cover(&[], &[]), Cover::default());
        assert_eq!(cover(&[], &[1, 2]), cover(&[], &[1, 2]));
        // the same Denies in the other part are another cover
        assert_ne!(cover(&[1], &[2]), cover(&[], &[1, 2]));
        assert_ne!(cover(&[1, 2], &[]), cover(&[], &[1, 2]));
        assert_ne!(cover(&[], &[1]), cover(&[], &[]));
        let mut interned: FastMap<Cover, usize> = FastMap::default();
        interned.insert(cover(&[3], &[]), 0);
        assert_eq!(interned.get(&cover(&[3], &[])), Some(&0));
        assert_eq!(interned.get(&cover(&[], &[3])), None);
    }

    #[test]
    fn kinds_are_told_apart() {
        let set = set();
        let index = DenyIndex::new(&set, 1 + set.others.numbers().end as usize / 64);
        // Deny 6 (`NotResource: "*"`) has no piece and is left out; deny 5 is universal.
        assert_eq!(index.denies.len(), 6);
        assert_eq!(index.regular, [0, 1, 2, 3, 4]);
        assert_eq!(index.exclusions, [2, 3]);
        assert_eq!(index.general, [4]);
        assert_eq!(
            index.excluded_elsewhere.len(),
            2,
            "a wildcard service, and text"
        );
        assert_eq!(index.excluded_by_service.len(), 2, "rekognition and s3");
        assert!(!index.universal.all.is_empty() && !index.universal.certain.is_empty());
    }

    #[test]
    fn the_index_finds_what_trying_every_deny_finds() {
        let set = set();
        let mut index = DenyIndex::new(&set, 1 + set.others.numbers().end as usize / 64);
        let mut ids = Vec::new();
        for (r, rule) in set.rules.iter().enumerate() {
            if rule.effect != Effect::Allow {
                continue;
            }
            for (p, piece) in rule.pieces.iter().enumerate() {
                let expected = brute_force(&index, piece);
                assert_eq!(
                    index.cover(piece),
                    expected,
                    "{}",
                    set.piece_text(rule, piece)
                );
                let id = index.loss_of((r, p), piece);
                assert_eq!(index.loss_of((r, p), piece), id, "cached");
                ids.push((expected, id));
            }
        }
        // Equal covers share a loss; different ones do not.
        for (a, x) in &ids {
            for (b, y) in &ids {
                assert_eq!(a == b, x == y);
            }
        }
        assert!(ids.len() > 10);
    }

    #[test]
    fn losses_hold_the_covering_denies_actions() {
        let set = set();
        let mut index = DenyIndex::new(&set, 1 + set.others.numbers().end as usize / 64);
        let u = crate::analysis::effective::universe::universe();
        let number = |name: &str| u.index_of(name).expect("catalogue action");
        let (rule, piece) = set
            .rules
            .iter()
            .enumerate()
            .find_map(|(r, rule)| {
                let p = rule
                    .pieces
                    .iter()
                    .position(|p| set.piece_text(rule, p) == "arn:aws:s3:::logs/a/*")?;
                Some((r, p))
            })
            .expect("the allow piece");
        let pieces = &set.rules.get(rule).expect("rule").pieces;
        let id = index.loss_of((rule, piece), pieces.get(piece).expect("piece"));
        let loss = index.loss_by_id(id).expect("loss");
        // Covered by both Resource Denies, by the NotResource Deny of another service, and by
        // the conditional one whose exclusions it does not meet.
        for certain in [
            "s3:DeleteObject",
            "s3:PutObject",
            "rekognition:DetectLabels",
        ] {
            assert!(loss.certain.contains(number(certain)), "{certain}");
        }
        assert!(!loss.certain.contains(number("s3:GetObject")));
        assert!(loss.all.contains(number("s3:GetObject")));
        assert!(
            !loss.all.contains(number("kms:Decrypt")),
            "not an ARN, does not cover"
        );
        assert!(
            !loss.all.contains(number("iam:GetUser")),
            "universal Denies are apart"
        );
    }
}
