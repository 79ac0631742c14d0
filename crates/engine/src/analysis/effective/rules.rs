//! Statements compiled into rules: the effect, the catalogue actions as ranges, and the
//! resource scope as pieces.

use std::fmt;
use std::sync::Arc;

use super::actions::action_matches;
use super::bits::{Bits, RangeSet};
use super::universe::universe;
use crate::policy::{Effect, Statement, StringList};

/// A statement of a policy in a [`super::PolicySet`], for reports.
///
/// `Display` gives `policy "NAME", Statement[INDEX] (Sid "SID") via ACTION on RESOURCE`, with the
/// 0-based index of the statement in the document's `Statement` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The name or ARN the policy was given in its [`super::NamedPolicy`].
    pub policy: String,
    /// 0-based position of the statement in the document's `Statement` list.
    pub statement: usize,
    /// The statement's `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// Whether the match holds only under a condition: the statement has a `Condition`, or the
    /// resource matched through a policy variable.
    pub conditional: bool,
    /// What matched the action: the first `Action` pattern that matches it as written
    /// (`rekognition:*`), or `NotAction [...]`.
    pub via_action: String,
    /// What matched the resource: the `Resource` pattern as written, or `NotResource [...]`.
    pub via_resource: String,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy {:?}, Statement[{}]", self.policy, self.statement)?;
        if let Some(sid) = &self.sid {
            write!(f, " (Sid {sid:?})")?;
        }
        write!(f, " via {} on {}", self.via_action, self.via_resource)?;
        if self.conditional {
            f.write_str(" (conditional)")?;
        }
        Ok(())
    }
}

/// A statement left out of the evaluation because IAM would not accept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedStatement {
    /// The policy's name.
    pub policy: String,
    /// 0-based position in the `Statement` list.
    pub statement: usize,
    /// Why, e.g. `"Effect is neither Allow nor Deny"`.
    pub reason: &'static str,
}

/// Whether the statement's `Action` (or `NotAction`) list matches the action `name`.
pub(super) fn actions_match(statement: &Statement, name: &str) -> bool {
    let any = |list: &StringList| list.strings().any(|p| action_matches(p, name));
    match (&statement.action, &statement.not_action) {
        (Some(list), _) => any(list),
        (None, Some(list)) => !any(list),
        (None, None) => false,
    }
}

/// How the statement's action list matched `name`, for reports.
pub(super) fn action_via(statement: &Statement, name: &str) -> String {
    match (&statement.action, &statement.not_action) {
        (Some(list), _) => list
            .strings()
            .find(|p| action_matches(p, name))
            .unwrap_or_default()
            .to_string(),
        (None, Some(list)) => format!("NotAction {}", json_list(list)),
        (None, None) => String::new(),
    }
}

/// `NotResource [...]` as written, for reports.
pub(super) fn not_resource_text(statement: &Statement) -> String {
    statement
        .not_resource
        .as_ref()
        .map(|list| format!("NotResource {}", json_list(list)))
        .unwrap_or_default()
}

fn json_list(list: &StringList) -> String {
    let quoted: Vec<String> = list.strings().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Where a compiled statement is: the policy and its position there.
#[derive(Debug, Clone, Copy)]
pub(super) struct StatementInfo {
    pub(super) policy: usize,
    pub(super) index: usize,
}

/// Part of a rule's resource scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// The resources one pattern matches (index into the set's patterns).
    Pattern(usize),
    /// Every resource none of these patterns match.
    AllExcept(Vec<usize>),
}

/// A statement, or the part of one, with a single effect and certainty.
///
/// A `Resource` list with both plain and variable patterns gives two rules: the plain patterns
/// (conditional only if the statement has a condition) and the variable ones (conditional).
#[derive(Debug, Clone)]
pub(super) struct Rule {
    /// Index into the set's statements.
    pub(super) statement: usize,
    pub(super) effect: Effect,
    pub(super) conditional: bool,
    /// The pieces hold patterns with variables.
    pub(super) contextual: bool,
    /// The catalogue actions the statement matches.
    pub(super) actions: Arc<RangeSet>,
    /// The set's action names outside the catalogue the statement matches, by their numbers
    /// after the catalogue's (see `others.rs`); filled in once every policy is compiled.
    pub(super) others: Arc<RangeSet>,
    /// The resource scope: the union of the pieces.
    pub(super) pieces: Vec<Piece>,
}

impl Rule {
    /// Whether the rule matches no action, in the catalogue or among the set's others.
    pub(super) fn has_no_actions(&self) -> bool {
        self.actions.is_empty() && self.others.is_empty()
    }

    /// Identifies the rule's action sets: rules compiled from one `Action` list share them
    /// (the same `Arc`s, see `compile.rs`), so their addresses tell them apart.
    pub(super) fn action_sets_id(&self) -> (usize, usize) {
        (
            Arc::as_ptr(&self.actions) as usize,
            Arc::as_ptr(&self.others) as usize,
        )
    }

    /// The rule's actions, others included, as bits over the words they touch.
    pub(super) fn action_bits(&self) -> Bits {
        let mut bits = Bits::of(&self.actions, self.word_span());
        bits.insert_set(&self.others);
        bits
    }

    /// The words (64 action numbers each) the rule's actions touch, others included.
    pub(super) fn word_span(&self) -> std::ops::Range<usize> {
        let (catalogue, others) = (self.actions.word_span(), self.others.word_span());
        match (catalogue.is_empty(), others.is_empty()) {
            (_, true) => catalogue,
            (true, false) => others,
            (false, false) => catalogue.start..others.end,
        }
    }
}

/// An action being evaluated: a catalogue action by number, or any other name.
#[derive(Debug, Clone, Copy)]
pub(super) enum ActionKey<'a> {
    Known(u32),
    Other(&'a str),
}

impl<'a> ActionKey<'a> {
    pub(super) fn of(name: &'a str) -> Self {
        match universe().index_of(name) {
            Some(index) => ActionKey::Known(index),
            None => ActionKey::Other(name),
        }
    }

    pub(super) fn name(self) -> &'a str {
        match self {
            ActionKey::Known(index) => universe().name(index),
            ActionKey::Other(name) => name,
        }
    }
}
