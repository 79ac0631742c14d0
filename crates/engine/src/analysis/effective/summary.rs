//! The effective action sets: [`PolicySet::effective_actions`] and [`PolicySet::actions_above`].

use std::collections::{BTreeMap, BTreeSet};

use super::bits::Bits;
use super::denies::DenyIndex;
use super::name::ActionName;
use super::rules::{ActionKey, StatementRef};
use super::set::PolicySet;
use super::universe::universe;
use crate::catalog::AccessLevel;
use crate::policy::Effect;
use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

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

/// The ranks (positions in the byte order of all catalogue names) of the catalogue members of
/// `bits`, ascending. A set much smaller than the catalogue (the usual case: a document names
/// a few actions) is sorted by rank; a larger one is read off the name order in one pass.
fn ranks(bits: &Bits) -> Vec<u32> {
    let u = universe();
    let count = bits.len();
    if count.saturating_mul(16) < u.len() as usize {
        let mut ranks: Vec<u32> = bits
            .iter()
            .take_while(|&i| i < u.len())
            .map(|i| u.rank(i))
            .collect();
        ranks.sort_unstable();
        ranks
    } else {
        let mut ranks = Vec::with_capacity(count);
        for (rank, &i) in (0u32..).zip(u.by_name()) {
            if bits.contains(i) {
                ranks.push(rank);
            }
        }
        ranks
    }
}

impl PolicySet {
    pub(super) fn effective_bits(&self) -> EffectiveBits {
        let words = (self.others.numbers().end as usize).div_ceil(64);
        let mut allowed = Bits::empty(0..words);
        let mut possible = Bits::empty(0..words);
        let mut index = DenyIndex::new(self, words);
        // Rules with the same action sets (see `Rule::action_sets_id`), certainty and losses on
        // their pieces grant the same: each such combination is evaluated once.
        // The bits of each distinct pair of action sets, and whether they meet a Deny's.
        let mut sets: FastMap<(usize, usize), (Bits, bool)> = FastMap::default();
        // Keys: the action sets, the certainty and the id of the losses in `loss_lists`.
        let mut done: FastSet<(usize, usize, bool, usize)> = FastSet::default();
        // The distinct sorted lists of losses of rules meeting a Deny (never empty: see
        // `denies::Cover` on comparing empty vectors).
        let mut loss_lists: FastMap<Vec<usize>, usize> = FastMap::default();
        // Scratch: the losses of a rule's pieces, the words where its actions meet some Deny's,
        // and per such word the actions lost on every piece (certainly, possibly).
        let mut losses: Vec<usize> = Vec::new();
        let mut touched: Vec<usize> = Vec::new();
        let mut lost: Vec<(u64, u64)> = Vec::new();
        let mut granted = Bits::empty(0..0);
        for (r, rule) in self.rules.iter().enumerate() {
            if rule.effect != Effect::Allow || rule.pieces.is_empty() || rule.has_no_actions() {
                continue;
            }
            let actions = rule.action_sets_id();
            let (bits, meets) = sets.entry(actions).or_insert_with(|| {
                let bits = rule.action_bits();
                let meets = bits.meets(&index.any);
                (bits, meets)
            });
            let meets = *meets;
            losses.clear();
            let mut losses_id = usize::MAX;
            if meets {
                for (p, piece) in rule.pieces.iter().enumerate() {
                    losses.push(index.loss_of((r, p), piece));
                }
                losses.sort_unstable();
                losses.dedup();
                let next = loss_lists.len();
                losses_id = match loss_lists.get(losses.as_slice()) {
                    Some(&id) => id,
                    None => *loss_lists.entry(losses.clone()).or_insert(next),
                };
            }
            if !done.insert((actions.0, actions.1, rule.conditional, losses_id)) {
                continue;
            }
            granted.copy_from(bits);
            let losses = losses.iter().filter_map(|&id| index.loss_by_id(id));
            touched.clear();
            granted.meeting_words(&index.any, &mut touched);
            lost.clear();
            lost.resize(touched.len(), (u64::MAX, u64::MAX));
            for loss in losses {
                for (&w, (certainly, possibly)) in touched.iter().zip(lost.iter_mut()) {
                    *certainly &= loss.certain.word(w);
                    *possibly &= loss.all.word(w);
                }
            }
            // Lost on every piece = lost to a Deny on every resource, or to Denies covering
            // each piece. `possibly` includes `certainly`, so the second mask refines the first.
            let universal = &index.universal;
            for (&w, &(certainly, _)) in touched.iter().zip(&lost) {
                granted.mask_word(w, !(certainly | universal.certain.word(w)));
            }
            possible.union_with(&granted);
            if !rule.conditional {
                for (&w, &(_, possibly)) in touched.iter().zip(&lost) {
                    granted.mask_word(w, !(possibly | universal.all.word(w)));
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
        // `AccessLevel::ALL` lists the levels in declaration order, so `level as usize` is the
        // position of `level` in it.
        let mut counts = [0; AccessLevel::ALL.len()];
        let allowed = ranks(&bits.allowed);
        for &rank in &allowed {
            let level = u.by_name().get(rank as usize).and_then(|&i| u.level(i));
            if let Some(count) = level.and_then(|l| counts.get_mut(l as usize)) {
                *count += 1;
            }
        }
        let access_summary = AccessLevel::ALL.into_iter().zip(counts).collect();
        // Ranks ascend, so collecting needs no sorting.
        let mut allowed: BTreeSet<ActionName> =
            allowed.into_iter().map(ActionName::ranked).collect();
        let mut only_possible = bits.possible.clone();
        only_possible.subtract(&bits.allowed);
        let mut conditional: BTreeSet<ActionName> = ranks(&only_possible)
            .into_iter()
            .map(ActionName::ranked)
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
