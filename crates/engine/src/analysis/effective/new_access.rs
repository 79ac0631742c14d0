//! Offline "no new access": [`new_access`] compares what two policy sets grant.

use std::collections::BTreeMap;

use super::bits::Bits;
use super::rules::{ActionKey, Piece, Rule, StatementRef};
use super::set::{Pieces, PolicySet};
use super::universe::universe;
use crate::policy::{matches_everything, statements_equivalent, ConditionBlock, Effect, Statement};

/// How a grant of the new set goes beyond the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Widening {
    /// The old set grants the action on no resource at all.
    NewAction,
    /// The old set grants the action, but no single old statement covers these resources.
    WiderResource,
    /// An old statement covers these resources only under a condition (or policy variable)
    /// the new grant does not have.
    ConditionRelaxed,
    /// The old set denied the action on part of these resources, and the new set does not
    /// deny it there (or only under a condition the old Deny did not have).
    DenyRemoved,
}

/// One action the new set grants on resources the old set did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccess {
    /// `prefix:Name` (catalogue spelling, or as written for actions the catalogue lacks).
    pub action: String,
    /// The resource scope of the new grant: the `Resource` pattern as written, or
    /// `NotResource [...]`.
    pub resource: String,
    /// The statement of the new set that grants it.
    pub granted_by: StatementRef,
    /// What widened.
    pub widening: Widening,
}

fn condition_of(statement: Option<&Statement>) -> Option<ConditionBlock> {
    statement.and_then(|s| s.condition.clone())
}

fn same_condition(a: Option<ConditionBlock>, b: Option<ConditionBlock>) -> bool {
    let wrap = |condition| Statement {
        condition,
        ..Statement::default()
    };
    statements_equivalent(&wrap(a), &wrap(b))
}

struct Comparison<'a> {
    prior: &'a PolicySet,
    next: &'a PolicySet,
}

impl Comparison<'_> {
    /// Whether the old grant (`old`, `old_piece`) holds wherever and whenever the new one does.
    fn grant_covers(&self, old: &Rule, old_piece: &Piece, new: &Rule, new_piece: &Piece) -> bool {
        let pieces = Pieces {
            outer: self.prior,
            inner: self.next,
        };
        pieces.covers(old_piece, new_piece)
            && self.guard_holds(old, old_piece, new, new_piece, true)
    }

    /// Whether the new Deny (`new`, `new_piece`) denies wherever and whenever the old one did.
    fn deny_covers(&self, new: &Rule, new_piece: &Piece, old: &Rule, old_piece: &Piece) -> bool {
        let pieces = Pieces {
            outer: self.next,
            inner: self.prior,
        };
        pieces.covers(new_piece, old_piece)
            && self.guard_holds(new, new_piece, old, old_piece, false)
    }

    /// Whether `wide`'s condition is no stricter than `narrow`'s: `wide` is unconditional, or
    /// both have the same condition and, if `wide` depends on a policy variable, the same
    /// resource text. `wide_is_prior` tells which set `wide` belongs to.
    fn guard_holds(
        &self,
        wide: &Rule,
        wide_piece: &Piece,
        narrow: &Rule,
        narrow_piece: &Piece,
        wide_is_prior: bool,
    ) -> bool {
        if !wide.conditional {
            return true;
        }
        let (wide_set, narrow_set) = if wide_is_prior {
            (self.prior, self.next)
        } else {
            (self.next, self.prior)
        };
        let (wide_statement, narrow_statement) =
            (wide_set.statement(wide), narrow_set.statement(narrow));
        // A condition known only after apply, as the least-access completion marks it, may be
        // exactly the other's (see `unknowns::complete_condition`).
        let may_be_same = [wide_statement, narrow_statement]
            .into_iter()
            .flatten()
            .any(|s| s.unknown.condition);
        (may_be_same
            || same_condition(condition_of(wide_statement), condition_of(narrow_statement)))
            && (!wide.contextual
                || wide_set.piece_text(wide, wide_piece)
                    == narrow_set.piece_text(narrow, narrow_piece))
    }
}

/// Everything `next` may allow (unconditionally or under some condition) that `prior` did not,
/// action by action after catalogue expansion, with resource scope widening: `prior` allowing
/// `s3:GetObject` on `arn:aws:s3:::a/*` and `next` on `arn:aws:s3:::*` is new access.
///
/// A grant of `next` (an Allow statement, an action it matches, one of its resource patterns
/// not certainly denied by `next`) is old access when one Allow of `prior` matches the action on
/// a pattern that covers the new one ([`crate::policy::pattern_covers`]), and is unconditional
/// or has the same condition; and when every Deny of `prior` for the action whose scope meets
/// the new pattern is matched by a Deny of `next` that covers it at least as unconditionally.
///
/// Approximations, all towards reporting: coverage is checked one pattern against one pattern
/// (two old patterns that only together cover a new one do not count); conditions compare by
/// equivalence, not by implication; overlaps of scopes are assumed where unsure. Wildcard
/// patterns are only compared over catalogue actions; an action named literally that the
/// catalogue lacks is compared by name. One entry per action and new resource pattern, sorted
/// by action, then resource.
pub fn new_access(prior: &PolicySet, next: &PolicySet) -> Vec<NewAccess> {
    let comparison = Comparison { prior, next };
    let mut found: BTreeMap<(String, String), NewAccess> = BTreeMap::new();
    let mut record = |entry: NewAccess| {
        found
            .entry((entry.action.clone(), entry.resource.clone()))
            .or_insert(entry);
    };
    catalogue_access(&comparison, &mut record);
    for written in next.others.written() {
        for entry in access_for(&comparison, ActionKey::Other(written)) {
            record(entry);
        }
    }
    for entry in unknown_action_access(&comparison) {
        record(entry);
    }
    found.into_values().collect()
}

/// Whether `piece` is a resource not known until apply: it may lie outside every old Deny, so
/// no Deny is certainly removed from it (its grant is new only if it is new anywhere).
fn may_be_anywhere(set: &PolicySet, piece: &Piece) -> bool {
    matches!(piece, Piece::Pattern(id) if set.pattern(*id).is_some_and(|p| p.is_unknown()))
}

fn allows(set: &PolicySet) -> impl Iterator<Item = &Rule> {
    set.rules.iter().filter(|r| r.effect == Effect::Allow)
}

fn denies(set: &PolicySet) -> impl Iterator<Item = &Rule> {
    set.rules.iter().filter(|r| r.effect == Effect::Deny)
}

/// The bitset path over every catalogue action.
fn catalogue_access(c: &Comparison, record: &mut impl FnMut(NewAccess)) {
    let u = universe();
    let own = Pieces {
        outer: c.next,
        inner: c.next,
    };
    let meet = Pieces {
        outer: c.prior,
        inner: c.next,
    };
    let words = (u.len() as usize).div_ceil(64);
    let mut prior_any = Bits::empty(0..words);
    for rule in allows(c.prior) {
        prior_any.insert_set(&rule.actions);
    }
    for rule in allows(c.next).filter(|r| !r.actions.is_empty()) {
        let span = rule.actions.word_span();
        for piece in &rule.pieces {
            let mut live = Bits::of(&rule.actions, span.clone());
            for deny in denies(c.next).filter(|d| !d.conditional) {
                if deny.pieces.iter().any(|d| own.covers(d, piece)) {
                    live.subtract(&Bits::of(&deny.actions, span.clone()));
                }
            }
            if live.is_empty() {
                continue;
            }
            let mut held = Bits::empty(span.clone());
            let mut covered_somehow = Bits::empty(span.clone());
            for old in allows(c.prior).filter(|o| o.actions.intersects(&rule.actions)) {
                for old_piece in &old.pieces {
                    if !meet.covers(old_piece, piece) {
                        continue;
                    }
                    covered_somehow.insert_set(&old.actions);
                    if c.grant_covers(old, old_piece, rule, piece) {
                        held.insert_set(&old.actions);
                    }
                }
            }
            let mut missing = live.clone();
            missing.subtract(&held);
            let resource = c.next.piece_text(rule, piece);
            for index in missing.iter() {
                let widening = if !prior_any.contains(index) {
                    Widening::NewAction
                } else if covered_somehow.contains(index) {
                    Widening::ConditionRelaxed
                } else {
                    Widening::WiderResource
                };
                record(NewAccess {
                    action: u.name(index).to_string(),
                    resource: resource.clone(),
                    granted_by: c.next.reference(rule, ActionKey::Known(index), piece),
                    widening,
                });
            }
            let mut still = live;
            still.subtract(&missing);
            if still.is_empty() || may_be_anywhere(c.next, piece) {
                continue;
            }
            for old_deny in denies(c.prior).filter(|d| d.actions.intersects(&rule.actions)) {
                for old_piece in &old_deny.pieces {
                    if !meet.intersects(old_piece, piece) {
                        continue;
                    }
                    let mut kept = Bits::empty(span.clone());
                    for new_deny in denies(c.next) {
                        if new_deny
                            .pieces
                            .iter()
                            .any(|n| c.deny_covers(new_deny, n, old_deny, old_piece))
                        {
                            kept.insert_set(&new_deny.actions);
                        }
                    }
                    let mut lost = still.clone();
                    lost.intersect_with(&Bits::of(&old_deny.actions, span.clone()));
                    lost.subtract(&kept);
                    for index in lost.iter() {
                        record(NewAccess {
                            action: u.name(index).to_string(),
                            resource: resource.clone(),
                            granted_by: c.next.reference(rule, ActionKey::Known(index), piece),
                            widening: Widening::DenyRemoved,
                        });
                    }
                }
            }
        }
    }
}

/// The same comparison for a single action (used for actions the catalogue lacks, and as a
/// reference for the bitset path in tests).
fn access_for(c: &Comparison, key: ActionKey) -> Vec<NewAccess> {
    access_where(c, key, &|set: &PolicySet, rule: &Rule| {
        set.rule_has_action(rule, key)
    })
}

/// How reports name an action element not known until apply.
const UNKNOWN_ACTION: &str = "(an action known after apply)";

/// New access through an action element of `next` that is not known until apply, in the
/// most-access completion (its Allows mark it: see `unknowns::complete`). Beyond every
/// catalogue action (its `*`), the element may be a name the catalogue lacks, which no
/// literal, prefix or `NotAction` pattern is certain to match: it is taken as matched by what
/// grants more (the new Allow, every old Deny) and by nothing else but a pattern that matches
/// every name.
fn unknown_action_access(c: &Comparison) -> Vec<NewAccess> {
    let marked = allows(c.next)
        .filter_map(|rule| c.next.statement(rule))
        .any(|s| s.unknown.action);
    if !marked {
        return Vec::new();
    }
    let has = |set: &PolicySet, rule: &Rule| {
        let Some(statement) = set.statement(rule) else {
            return false;
        };
        match (std::ptr::eq(set, c.next), rule.effect) {
            (true, Effect::Allow) => statement.unknown.action,
            (false, Effect::Deny) => true,
            (_, _) => matches_every_name(statement),
        }
    };
    access_where(c, ActionKey::Other(UNKNOWN_ACTION), &has)
}

/// Whether the statement's action list matches every action name: an `Action` pattern of
/// stars only, or an empty `NotAction`.
fn matches_every_name(statement: &Statement) -> bool {
    match (&statement.action, &statement.not_action) {
        (Some(list), _) => list.strings().any(matches_everything),
        (None, Some(list)) => list.is_empty(),
        (None, None) => false,
    }
}

/// [`access_for`] with the rules that match the action given by `has`.
fn access_where(
    c: &Comparison,
    key: ActionKey,
    has: &dyn Fn(&PolicySet, &Rule) -> bool,
) -> Vec<NewAccess> {
    let own = Pieces {
        outer: c.next,
        inner: c.next,
    };
    let meet = Pieces {
        outer: c.prior,
        inner: c.next,
    };
    let prior_grants = allows(c.prior).any(|r| has(c.prior, r));
    let mut out = Vec::new();
    for rule in allows(c.next).filter(|r| has(c.next, r)) {
        for piece in &rule.pieces {
            let denied = denies(c.next)
                .filter(|d| !d.conditional && has(c.next, d))
                .any(|d| d.pieces.iter().any(|p| own.covers(p, piece)));
            if denied {
                continue;
            }
            let old_grants = allows(c.prior).filter(|o| has(c.prior, o));
            let mut covered_somehow = false;
            let mut held = false;
            for old in old_grants {
                for old_piece in &old.pieces {
                    if meet.covers(old_piece, piece) {
                        covered_somehow = true;
                        held |= c.grant_covers(old, old_piece, rule, piece);
                    }
                }
            }
            let widening = if !prior_grants {
                Some(Widening::NewAction)
            } else if !held && covered_somehow {
                Some(Widening::ConditionRelaxed)
            } else if !held {
                Some(Widening::WiderResource)
            } else if may_be_anywhere(c.next, piece) {
                None
            } else {
                let deny_lost = denies(c.prior).filter(|d| has(c.prior, d)).any(|old_deny| {
                    old_deny.pieces.iter().any(|old_piece| {
                        meet.intersects(old_piece, piece)
                            && !denies(c.next).filter(|d| has(c.next, d)).any(|new_deny| {
                                new_deny
                                    .pieces
                                    .iter()
                                    .any(|n| c.deny_covers(new_deny, n, old_deny, old_piece))
                            })
                    })
                });
                deny_lost.then_some(Widening::DenyRemoved)
            };
            if let Some(widening) = widening {
                out.push(NewAccess {
                    action: key.name().to_string(),
                    resource: c.next.piece_text(rule, piece),
                    granted_by: c.next.reference(rule, key, piece),
                    widening,
                });
            }
        }
    }
    out
}

#[cfg(test)]
pub(super) fn reference_new_access(
    prior: &PolicySet,
    next: &PolicySet,
    action: &str,
) -> Vec<NewAccess> {
    access_for(&Comparison { prior, next }, ActionKey::of(action))
}
