//! Decisions for single requests: [`PolicySet::decide`], [`PolicySet::grants`] and
//! [`PolicySet::decide_anywhere`].

use super::resource::RequestResource;
use super::rules::{ActionKey, Rule, StatementRef};
use super::set::{Pieces, PolicySet};
use crate::policy::Effect;

/// The result of evaluating a request, from most to least permissive.
///
/// "Conditional" below means a statement with a `Condition`, or a resource matched through a
/// policy variable (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// An unconditional Allow matches and no Deny does, conditional or not: allowed whatever
    /// the request context.
    Allowed,
    /// An unconditional Allow matches, no unconditional Deny does, but a conditional Deny does:
    /// allowed unless that Deny's condition holds.
    ConditionallyDenied,
    /// Only conditional Allows match, and no unconditional Deny: allowed only when a condition
    /// holds (and no conditional Deny applies).
    ConditionallyAllowed,
    /// An unconditional Deny matches: denied whatever the request context.
    ExplicitlyDenied,
    /// No Allow matches (conditional Denies may): denied.
    ImplicitlyDenied,
}

impl Outcome {
    /// Whether the request is allowed in at least some request context.
    pub fn may_be_allowed(self) -> bool {
        matches!(
            self,
            Outcome::Allowed | Outcome::ConditionallyDenied | Outcome::ConditionallyAllowed
        )
    }
}

/// An [`Outcome`] with the statements behind it.
///
/// | outcome | `by` | `unless` |
/// |---|---|---|
/// | `Allowed` | the unconditional Allows that match | empty |
/// | `ConditionallyDenied` | the unconditional Allows that match | the conditional Denies that match |
/// | `ConditionallyAllowed` | the conditional Allows that match | the conditional Denies that match |
/// | `ExplicitlyDenied` | the unconditional Denies that match | the conditional Denies that match |
/// | `ImplicitlyDenied` | empty | the conditional Denies that match |
///
/// Each list is in policy order, then statement order, one entry per statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The outcome.
    pub outcome: Outcome,
    /// The statements that produce the outcome (see the table).
    pub by: Vec<StatementRef>,
    /// Conditional Denies that can take the access away (see the table).
    pub unless: Vec<StatementRef>,
}

fn push_unique(list: &mut Vec<StatementRef>, item: StatementRef) {
    let seen = list
        .iter()
        .any(|s| s.policy == item.policy && s.statement == item.statement);
    if !seen {
        list.push(item);
    }
}

#[derive(Default)]
struct Matches {
    allows: Vec<StatementRef>,
    conditional_allows: Vec<StatementRef>,
    denies: Vec<StatementRef>,
    conditional_denies: Vec<StatementRef>,
}

impl Matches {
    fn push(&mut self, rule: &Rule, reference: StatementRef) {
        let list = match (rule.effect, rule.conditional) {
            (Effect::Allow, false) => &mut self.allows,
            (Effect::Allow, true) => &mut self.conditional_allows,
            (Effect::Deny, false) => &mut self.denies,
            (Effect::Deny, true) => &mut self.conditional_denies,
        };
        push_unique(list, reference);
    }

    fn decision(mut self) -> Decision {
        // A statement that matched unconditionally is not also listed as conditional.
        let certain = |list: &[StatementRef], s: &StatementRef| {
            list.iter()
                .any(|c| c.policy == s.policy && c.statement == s.statement)
        };
        let allows = self.allows.clone();
        self.conditional_allows.retain(|s| !certain(&allows, s));
        let denies = self.denies.clone();
        self.conditional_denies.retain(|s| !certain(&denies, s));
        let (outcome, by) = if !self.denies.is_empty() {
            (Outcome::ExplicitlyDenied, self.denies)
        } else if !self.allows.is_empty() {
            let outcome = if self.conditional_denies.is_empty() {
                Outcome::Allowed
            } else {
                Outcome::ConditionallyDenied
            };
            (outcome, self.allows)
        } else if !self.conditional_allows.is_empty() {
            (Outcome::ConditionallyAllowed, self.conditional_allows)
        } else {
            (Outcome::ImplicitlyDenied, Vec::new())
        };
        Decision {
            outcome,
            by,
            unless: self.conditional_denies,
        }
    }
}

impl PolicySet {
    /// Evaluates `action` (any case; catalogue or not) on the concrete `resource` (an ARN, or
    /// `*` for actions that take no resource). Wildcards in `resource` are plain characters.
    pub fn decide(&self, action: &str, resource: &str) -> Decision {
        let key = ActionKey::of(action);
        let request = RequestResource::new(resource);
        let mut matches = Matches::default();
        for rule in &self.rules {
            if !self.rule_has_action(rule, key) {
                continue;
            }
            if let Some(piece) = self.matching_piece(rule, &request) {
                matches.push(rule, self.reference(rule, key, piece));
            }
        }
        matches.decision()
    }

    /// The statement that allows `action` on `resource`, when [`PolicySet::decide`] says it may
    /// be allowed: the first of [`Decision::by`]. Its `conditional` flag tells whether the grant
    /// is conditional; a [`Outcome::ConditionallyDenied`] grant is returned too.
    pub fn grants(&self, action: &str, resource: &str) -> Option<StatementRef> {
        let decision = self.decide(action, resource);
        if decision.outcome.may_be_allowed() {
            decision.by.into_iter().next()
        } else {
            None
        }
    }

    /// Evaluates `action` on *some* resource: the outcome of the most permissive resource, with
    /// the resource-aware denial of the module docs. This is what [`PolicySet::effective_actions`]
    /// reports for every catalogue action: `Allowed` actions are in `allowed`,
    /// `ConditionallyDenied` and `ConditionallyAllowed` ones in `conditional`.
    ///
    /// `by` holds the Allows that grant (for `ExplicitlyDenied`: the Denies that take every
    /// grant away), each with the resource pattern it grants on; `unless` the conditional
    /// Denies that cover those patterns.
    pub fn decide_anywhere(&self, action: &str) -> Decision {
        self.decide_anywhere_key(ActionKey::of(action))
    }

    pub(super) fn decide_anywhere_key(&self, key: ActionKey) -> Decision {
        let pieces = Pieces {
            outer: self,
            inner: self,
        };
        let denies: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Deny && self.rule_has_action(r, key))
            .collect();
        let mut clean = Vec::new();
        let mut conditionally_denied = Vec::new();
        let mut conditional = Vec::new();
        let mut unless = Vec::new();
        let mut denied_by = Vec::new();
        let allows = self
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Allow && self.rule_has_action(r, key));
        for rule in allows {
            for piece in &rule.pieces {
                let mut certain_denial = false;
                let mut conditional_denial = false;
                for deny in &denies {
                    let Some(covering) = deny.pieces.iter().find(|d| pieces.covers(d, piece))
                    else {
                        continue;
                    };
                    let reference = self.reference(deny, key, covering);
                    if deny.conditional {
                        conditional_denial = true;
                        push_unique(&mut unless, reference);
                    } else {
                        certain_denial = true;
                        push_unique(&mut denied_by, reference);
                    }
                }
                let reference = self.reference(rule, key, piece);
                match (certain_denial, conditional_denial, rule.conditional) {
                    (true, _, _) => {}
                    (false, false, false) => push_unique(&mut clean, reference),
                    (false, true, false) => push_unique(&mut conditionally_denied, reference),
                    (false, _, true) => push_unique(&mut conditional, reference),
                }
            }
        }
        let (outcome, by, unless) = if !clean.is_empty() {
            (Outcome::Allowed, clean, Vec::new())
        } else if !conditionally_denied.is_empty() {
            (Outcome::ConditionallyDenied, conditionally_denied, unless)
        } else if !conditional.is_empty() {
            (Outcome::ConditionallyAllowed, conditional, unless)
        } else if !denied_by.is_empty() {
            (Outcome::ExplicitlyDenied, denied_by, unless)
        } else {
            (Outcome::ImplicitlyDenied, Vec::new(), unless)
        };
        Decision {
            outcome,
            by,
            unless,
        }
    }
}
