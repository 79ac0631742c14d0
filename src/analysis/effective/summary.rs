//! The effective action sets: [`PolicySet::effective_actions`] and [`PolicySet::actions_above`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::bits::Bits;
use std::hash::Hasher;

use super::hashing::{FastMap, QuickHasher};
use super::rules::{ActionKey, Piece, Rule, StatementRef};
use super::set::{Pieces, PolicySet};
use super::universe::universe;
use crate::catalog::AccessLevel;
use crate::policy::Effect;

/// An action name in [`EffectiveActions`], e.g. `rekognition:DetectLabels`.
///
/// Catalogue names are borrowed from the catalogue and ordered by a precomputed rank, so an
/// identity with `"Action": "*"` costs neither 22,000 string copies nor string comparisons.
/// Derefs to `str`, displays as the name, and orders like the name's `str` (byte order), so a
/// `BTreeSet<ActionName>` answers `contains("s3:GetObject")` and iterates by name.
#[derive(Debug, Clone)]
pub struct ActionName {
    text: Cow<'static, str>,
    /// Position in the byte order of all catalogue names (catalogue names only).
    rank: Option<u32>,
}

impl ActionName {
    fn catalogue(index: u32) -> Self {
        let u = universe();
        ActionName {
            text: Cow::Borrowed(u.name(index)),
            rank: Some(u.rank(index)),
        }
    }

    fn other(name: &str) -> Self {
        ActionName {
            text: Cow::Owned(name.to_string()),
            rank: None,
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The catalogue access level of the action (`None` for a name the catalogue lacks).
    pub fn access_level(&self) -> Option<AccessLevel> {
        let u = universe();
        let index = u.by_name().get(self.rank? as usize)?;
        u.level(*index)
    }
}

impl std::ops::Deref for ActionName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for ActionName {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::borrow::Borrow<str> for ActionName {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for ActionName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for ActionName {
    fn eq(&self, other: &Self) -> bool {
        match (self.rank, other.rank) {
            (Some(a), Some(b)) => a == b,
            _ => self.text == other.text,
        }
    }
}

impl Eq for ActionName {}

impl PartialOrd for ActionName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ActionName {
    /// The byte order of the names; ranks give it without comparing text.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.rank, other.rank) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.text.cmp(&other.text),
        }
    }
}

impl std::hash::Hash for ActionName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialEq<str> for ActionName {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for ActionName {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// What an identity may do, action by action, on at least some resource.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EffectiveActions {
    /// Actions ([`PolicySet::decide_anywhere`] says `Allowed`) granted by an unconditional Allow
    /// on some resource that no Deny, conditional or not, takes away. Catalogue actions in
    /// catalogue spelling (`rekognition:DetectLabels`); an action an Allow names literally that
    /// the catalogue lacks is included as first written. Sorted by name (byte order).
    pub allowed: BTreeSet<ActionName>,
    /// Actions granted only under a condition, or granted but possibly taken away by a
    /// conditional Deny (`ConditionallyAllowed` or `ConditionallyDenied`). Disjoint from
    /// `allowed`.
    pub conditional: BTreeSet<ActionName>,
    /// The number of catalogue actions in `allowed` at each access level (every level present,
    /// zero included).
    pub access_summary: BTreeMap<AccessLevel, usize>,
}

/// A granted action above an access level, from [`PolicySet::actions_above`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AboveLevel {
    /// `prefix:Name` in catalogue spelling.
    pub action: String,
    /// Its access level.
    pub level: AccessLevel,
    /// Whether it is granted only conditionally (it is in [`EffectiveActions::conditional`]).
    pub conditional: bool,
    /// The statements that grant it ([`PolicySet::decide_anywhere`]'s `by`).
    pub granted_by: Vec<StatementRef>,
}

/// The action bitsets behind [`EffectiveActions`].
pub(super) struct EffectiveBits {
    /// `Allowed` anywhere.
    pub(super) allowed: Bits,
    /// Allowed anywhere in some request context (a superset of `allowed`).
    pub(super) possible: Bits,
}

/// The Denies of a set, indexed for the question "which Denies cover this Allow piece".
///
/// An ARN pattern covers another only if their partition, service, region and account fields
/// agree when literal (the scope key), and its resource field's literal head is a prefix of the
/// other's; so Denies are filed by scope key, head length and head hash, and a piece looks up
/// the heads its own head starts with.
struct DenyIndex<'a> {
    set: &'a PolicySet,
    denies: Vec<&'a Rule>,
    /// Each Deny's actions as bits over its own words.
    bits: Vec<Bits>,
    /// Actions of the Denies on every resource (`*`), certain ones and all.
    universal_certain: Bits,
    universal_all: Bits,
    /// (scope key, head length, head hash) to Denies with such an ARN pattern.
    by_head: FastMap<(Option<u64>, usize, u64), Vec<usize>>,
    /// Scope key to the head lengths filed under it, ascending.
    head_lengths: FastMap<Option<u64>, Vec<usize>>,
    /// Denies with a piece that is not an ARN pattern (checked against every piece).
    general: Vec<usize>,
    /// The actions of the non-universal Denies covering a piece, (certain ones, all): for a
    /// pattern piece by pattern id, for an exclusion piece by (rule, piece index).
    by_pattern: Vec<Option<(Bits, Bits)>>,
    by_exclusion: FastMap<(usize, usize), (Bits, Bits)>,
}

/// Identity of a piece: a pattern piece by its pattern, an exclusion piece by its rule.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum PieceKey {
    Pattern(usize),
    Exclusion(usize, usize),
}

/// The hash [`DenyIndex`] files a head under.
fn head_hash(head: &str) -> u64 {
    let mut hasher = QuickHasher::default();
    for b in head.bytes() {
        hasher.write_u8(b);
    }
    hasher.finish()
}

impl<'a> DenyIndex<'a> {
    fn new(set: &'a PolicySet, words: usize) -> Self {
        let denies: Vec<&Rule> = set
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Deny && !r.pieces.is_empty() && !r.has_no_actions())
            .collect();
        let bits = denies
            .iter()
            .map(|d| {
                let mut bits = Bits::empty(0..0);
                fill(&mut bits, d);
                bits
            })
            .collect();
        let mut index = DenyIndex {
            set,
            denies,
            bits,
            universal_certain: Bits::empty(0..words),
            universal_all: Bits::empty(0..words),
            by_head: FastMap::default(),
            head_lengths: FastMap::default(),
            general: Vec::new(),
            by_pattern: vec![None; set.patterns.len()],
            by_exclusion: FastMap::default(),
        };
        for (d, deny) in index.denies.iter().enumerate() {
            let pattern = |piece: &Piece| match piece {
                Piece::Pattern(id) => set.pattern(*id),
                Piece::AllExcept(_) => None,
            };
            let Some(bits) = index.bits.get(d) else {
                continue;
            };
            if deny
                .pieces
                .iter()
                .filter_map(pattern)
                .any(|p| p.is_everything())
            {
                index.universal_all.union_with(bits);
                if !deny.conditional {
                    index.universal_certain.union_with(bits);
                }
                continue;
            }
            let mut general = false;
            for piece in &deny.pieces {
                match pattern(piece).filter(|p| p.is_arn()) {
                    Some(p) => {
                        let head = p.resource_head();
                        let hash = head_hash(head);
                        let filed = index
                            .by_head
                            .entry((p.scope_key(), head.len(), hash))
                            .or_default();
                        if filed.last() != Some(&d) {
                            filed.push(d);
                        }
                        let lengths = index.head_lengths.entry(p.scope_key()).or_default();
                        if let Err(at) = lengths.binary_search(&head.len()) {
                            lengths.insert(at, head.len());
                        }
                    }
                    None => general = true,
                }
            }
            if general {
                index.general.push(d);
            }
        }
        index
    }

    /// Calls `visit` with each non-universal Deny that may cover `piece` (some more than once).
    fn candidates(&self, piece: &Piece, mut visit: impl FnMut(usize)) {
        let pattern = match piece {
            Piece::Pattern(id) => self.set.pattern(*id).filter(|p| p.is_arn()),
            Piece::AllExcept(_) => None,
        };
        let Some(pattern) = pattern else {
            (0..self.denies.len()).for_each(visit);
            return;
        };
        self.general.iter().copied().for_each(&mut visit);
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
            let mut hasher = QuickHasher::default();
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

    /// Works out the non-universal Denies covering `piece` (of rule number `rule`, at `index`);
    /// [`DenyIndex::lost`] gives them.
    fn covering(&mut self, (rule, index): (usize, usize), piece: &Piece) -> PieceKey {
        let key = match piece {
            Piece::Pattern(id) => PieceKey::Pattern(*id),
            Piece::AllExcept(_) => PieceKey::Exclusion(rule, index),
        };
        if self.lost(key).is_some() {
            return key;
        }
        let pieces = Pieces {
            outer: self.set,
            inner: self.set,
        };
        let mut certain = Vec::new();
        let mut all = Vec::new();
        self.candidates(piece, |d| {
            let (Some(deny), Some(bits)) = (self.denies.get(d), self.bits.get(d)) else {
                return;
            };
            if deny.pieces.iter().any(|q| pieces.covers(q, piece)) {
                all.push(bits);
                if !deny.conditional {
                    certain.push(bits);
                }
            }
        });
        let lost = (
            Bits::union_of(certain.into_iter()),
            Bits::union_of(all.into_iter()),
        );
        match key {
            PieceKey::Pattern(id) => {
                if let Some(slot) = self.by_pattern.get_mut(id) {
                    *slot = Some(lost);
                }
            }
            PieceKey::Exclusion(rule, index) => {
                self.by_exclusion.insert((rule, index), lost);
            }
        }
        key
    }

    /// The actions of the non-universal Denies covering a piece: (certain ones, all).
    fn lost(&self, key: PieceKey) -> Option<&(Bits, Bits)> {
        match key {
            PieceKey::Pattern(id) => self.by_pattern.get(id).and_then(Option::as_ref),
            PieceKey::Exclusion(rule, index) => self.by_exclusion.get(&(rule, index)),
        }
    }
}

/// Makes `bits` the set of the rule's actions, the set's others included.
fn fill(bits: &mut Bits, rule: &Rule) {
    bits.refill(&rule.actions, rule.word_span());
    bits.insert_set(&rule.others);
}

/// The catalogue members of `bits` in the byte order of their names. A set much smaller than the
/// catalogue (the usual case: a document names a few actions) is sorted by rank; a larger one
/// is read off the name order in one pass over the catalogue.
fn in_name_order(bits: &Bits) -> Vec<u32> {
    let u = universe();
    let count = bits.len();
    if count.saturating_mul(16) < u.len() as usize {
        let mut members: Vec<u32> = bits.iter().take_while(|&i| i < u.len()).collect();
        members.sort_unstable_by_key(|&index| u.rank(index));
        members
    } else {
        let mut members = Vec::with_capacity(count);
        members.extend(u.by_name().iter().filter(|&&i| bits.contains(i)));
        members
    }
}

impl PolicySet {
    pub(super) fn effective_bits(&self) -> EffectiveBits {
        let words = (self.others.numbers().end as usize).div_ceil(64);
        let mut allowed = Bits::empty(0..words);
        let mut possible = Bits::empty(0..words);
        let mut index = DenyIndex::new(self, words);
        let mut denied = Bits::empty(0..words);
        for bits in &index.bits {
            denied.union_with(bits);
        }
        // Scratch: the words where a rule's actions meet some Deny's, and per such word the
        // actions lost on every piece so far (certainly, possibly).
        let mut touched: Vec<usize> = Vec::new();
        let mut lost: Vec<(u64, u64)> = Vec::new();
        let mut granted = Bits::empty(0..0);
        for (r, rule) in self.rules.iter().enumerate() {
            if rule.effect != Effect::Allow || rule.pieces.is_empty() || rule.has_no_actions() {
                continue;
            }
            fill(&mut granted, rule);
            touched.clear();
            granted.meeting_words(&denied, &mut touched);
            if touched.is_empty() {
                possible.union_with(&granted);
                if !rule.conditional {
                    allowed.union_with(&granted);
                }
                continue;
            }
            lost.clear();
            lost.resize(touched.len(), (u64::MAX, u64::MAX));
            for (p, piece) in rule.pieces.iter().enumerate() {
                let key = index.covering((r, p), piece);
                let covering = index.lost(key);
                for (&w, (certainly, possibly)) in touched.iter().zip(lost.iter_mut()) {
                    *certainly &= covering.map_or(0, |(certain, _)| certain.word(w));
                    *possibly &= covering.map_or(0, |(_, any)| any.word(w));
                }
            }
            // Lost on every piece = lost to a Deny on every resource, or to Denies covering
            // each piece. `possibly` includes `certainly`, so the second mask refines the first.
            for (&w, &(certainly, _)) in touched.iter().zip(&lost) {
                granted.mask_word(w, !(certainly | index.universal_certain.word(w)));
            }
            possible.union_with(&granted);
            if !rule.conditional {
                for (&w, &(_, possibly)) in touched.iter().zip(&lost) {
                    granted.mask_word(w, !(possibly | index.universal_all.word(w)));
                }
                allowed.union_with(&granted);
            }
        }
        EffectiveBits { allowed, possible }
    }

    /// The effective actions (see [`EffectiveActions`] and the module docs): the catalogue
    /// expansion of every Allow, less what Denies take away on every resource the Allow names.
    pub fn effective_actions(&self) -> EffectiveActions {
        let u = universe();
        let bits = self.effective_bits();
        let mut access_summary: BTreeMap<AccessLevel, usize> =
            AccessLevel::ALL.into_iter().map(|l| (l, 0)).collect();
        // Names are produced in byte order, so collecting needs no sorting.
        let mut allowed: BTreeSet<ActionName> = in_name_order(&bits.allowed)
            .into_iter()
            .map(|index| {
                if let Some(count) = u.level(index).and_then(|l| access_summary.get_mut(&l)) {
                    *count += 1;
                }
                ActionName::catalogue(index)
            })
            .collect();
        let mut only_possible = bits.possible.clone();
        only_possible.subtract(&bits.allowed);
        let mut conditional: BTreeSet<ActionName> = in_name_order(&only_possible)
            .into_iter()
            .map(ActionName::catalogue)
            .collect();
        for number in self.others.numbers() {
            let Some(written) = self.others.name(number) else {
                continue;
            };
            if bits.allowed.contains(number) {
                allowed.insert(ActionName::other(written));
            } else if bits.possible.contains(number) {
                conditional.insert(ActionName::other(written));
            }
        }
        EffectiveActions {
            allowed,
            conditional,
            access_summary,
        }
    }

    /// The catalogue actions granted on some resource, unconditionally or conditionally, whose
    /// access level is above `level`, sorted by name, each with the statements granting it.
    pub fn actions_above(&self, level: AccessLevel) -> Vec<AboveLevel> {
        let u = universe();
        let bits = self.effective_bits();
        let mut found: Vec<AboveLevel> = bits
            .possible
            .iter()
            .take_while(|&index| index < u.len())
            .filter_map(|index| {
                let action_level = u.level(index).filter(|l| *l > level)?;
                let decision = self.decide_anywhere_key(ActionKey::Known(index));
                Some(AboveLevel {
                    action: u.name(index).to_string(),
                    level: action_level,
                    conditional: !bits.allowed.contains(index),
                    granted_by: decision.by,
                })
            })
            .collect();
        found.sort_by(|a, b| a.action.cmp(&b.action));
        found
    }
}
