//! [`PolicySet`]: the compiled statements of an identity's policies.

use super::compile::{Compiled, Compiler};
use super::others::OtherActions;
use super::resource::{RequestResource, ResourcePattern};
use super::rules::{
    action_via, actions_match, not_resource_text, ActionKey, Piece, Rule, SkippedStatement,
    StatementInfo, StatementRef,
};
use crate::policy::{PolicyDocument, Statement, VERSION_2012_10_17};

/// An identity policy and the name (or ARN) reports call it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPolicy {
    /// Name or ARN, as it should appear in reports.
    pub name: String,
    /// The parsed document.
    pub document: PolicyDocument,
}

impl NamedPolicy {
    /// A policy with its report name.
    pub fn new(name: impl Into<String>, document: PolicyDocument) -> Self {
        NamedPolicy {
            name: name.into(),
            document,
        }
    }
}

/// The identity policies of one identity, compiled for evaluation (see the module docs).
#[derive(Debug, Clone)]
pub struct PolicySet {
    /// The policies as given (reports quote their statements).
    policies: Vec<NamedPolicy>,
    pub(super) statements: Vec<StatementInfo>,
    pub(super) rules: Vec<Rule>,
    pub(super) patterns: Vec<ResourcePattern>,
    /// Action names without wildcards, not in the catalogue, that some Allow lists.
    pub(super) others: OtherActions,
    skipped: Vec<SkippedStatement>,
}

impl PolicySet {
    /// Compiles the policies: every statement is checked, its action patterns expanded over
    /// the catalogue, and its resource patterns prepared for matching.
    pub fn new(policies: Vec<NamedPolicy>) -> Self {
        let all = || policies.iter().flat_map(|p| p.document.statements());
        let resources = all()
            .filter_map(|s| s.resource.as_ref().or(s.not_resource.as_ref()))
            .map(|list| list.len())
            .sum();
        let mut compiler = Compiler::with_capacity(all().count(), resources);
        let mut statements = Vec::with_capacity(all().count());
        let mut skipped = Vec::new();
        for (p, policy) in policies.iter().enumerate() {
            // Policy variables exist from version 2012-10-17 on; before, `${...}` is text.
            let variables = policy
                .document
                .version
                .as_ref()
                .is_some_and(|v| v.value == VERSION_2012_10_17);
            for (index, statement) in policy.document.statements().iter().enumerate() {
                match compiler.compile(statement, variables) {
                    Ok(()) => statements.push(StatementInfo { policy: p, index }),
                    Err(reason) => skipped.push(SkippedStatement {
                        policy: policy.name.clone(),
                        statement: index,
                        reason,
                    }),
                }
            }
        }
        let Compiled {
            rules,
            patterns,
            others,
        } = compiler.finish();
        PolicySet {
            policies,
            statements,
            rules,
            patterns,
            others,
            skipped,
        }
    }

    /// Statements left out because IAM would reject them (see the module docs).
    pub fn skipped_statements(&self) -> &[SkippedStatement] {
        &self.skipped
    }

    /// The policies, in the order given.
    pub fn policies(&self) -> &[NamedPolicy] {
        &self.policies
    }

    pub(super) fn info(&self, rule: &Rule) -> Option<&StatementInfo> {
        self.statements.get(rule.statement)
    }

    /// The statement a rule was compiled from.
    pub(super) fn statement(&self, rule: &Rule) -> Option<&Statement> {
        let info = self.info(rule)?;
        let policy = self.policies.get(info.policy)?;
        policy.document.statements().get(info.index)
    }

    pub(super) fn pattern(&self, id: usize) -> Option<&ResourcePattern> {
        self.patterns.get(id)
    }

    /// Whether `rule` matches the action.
    pub(super) fn rule_has_action(&self, rule: &Rule, action: ActionKey) -> bool {
        match action {
            ActionKey::Known(index) => rule.actions.contains(index),
            ActionKey::Other(name) => self.statement(rule).is_some_and(|s| actions_match(s, name)),
        }
    }

    /// The first piece of `rule` that matches the resource.
    pub(super) fn matching_piece<'r>(
        &self,
        rule: &'r Rule,
        resource: &RequestResource,
    ) -> Option<&'r Piece> {
        rule.pieces.iter().find(|piece| match piece {
            Piece::Pattern(id) => self.pattern(*id).is_some_and(|p| p.matches(resource)),
            Piece::AllExcept(ids) => !ids
                .iter()
                .any(|id| self.pattern(*id).is_some_and(|p| p.matches(resource))),
        })
    }

    /// The piece as written, for reports.
    pub(super) fn piece_text(&self, rule: &Rule, piece: &Piece) -> String {
        match piece {
            Piece::Pattern(id) => self.pattern(*id).map(|p| p.raw.clone()).unwrap_or_default(),
            Piece::AllExcept(_) => self
                .statement(rule)
                .map(not_resource_text)
                .unwrap_or_default(),
        }
    }

    /// The report reference for `rule` matching `action` on `piece`.
    pub(super) fn reference(&self, rule: &Rule, action: ActionKey, piece: &Piece) -> StatementRef {
        let info = self.info(rule);
        let statement = self.statement(rule);
        StatementRef {
            policy: info
                .and_then(|s| self.policies.get(s.policy))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            statement: info.map_or(0, |s| s.index),
            sid: statement
                .and_then(|s| s.sid.as_ref())
                .map(|t| t.value.clone()),
            effect: rule.effect,
            conditional: rule.conditional,
            via_action: statement
                .map(|s| action_via(s, action.name()))
                .unwrap_or_default(),
            via_resource: self.piece_text(rule, piece),
        }
    }
}

/// Relations between pieces of two sets (or of one), the single-pattern approximation of the
/// module docs: `true` from `covers` is certain, `true` from `intersects` may be spurious.
pub(super) struct Pieces<'a> {
    pub(super) outer: &'a PolicySet,
    pub(super) inner: &'a PolicySet,
}

impl Pieces<'_> {
    fn outer_pattern(&self, id: usize) -> Option<&ResourcePattern> {
        self.outer.pattern(id)
    }

    fn inner_pattern(&self, id: usize) -> Option<&ResourcePattern> {
        self.inner.pattern(id)
    }

    /// Whether every resource of `inner` (a piece of the inner set) is in `outer` (a piece of
    /// the outer set).
    pub(super) fn covers(&self, outer: &Piece, inner: &Piece) -> bool {
        match (outer, inner) {
            (Piece::Pattern(o), Piece::Pattern(i)) => {
                match (self.outer_pattern(*o), self.inner_pattern(*i)) {
                    (Some(o), Some(i)) => o.covers(i),
                    _ => false,
                }
            }
            (Piece::Pattern(o), Piece::AllExcept(_)) => self
                .outer_pattern(*o)
                .is_some_and(ResourcePattern::is_everything),
            (Piece::AllExcept(excluded), Piece::Pattern(i)) => {
                let Some(i) = self.inner_pattern(*i) else {
                    return false;
                };
                if i.is_unknown() {
                    return true; // see `ResourcePattern::unknown`
                }
                excluded
                    .iter()
                    .all(|e| self.outer_pattern(*e).is_some_and(|e| !e.intersects(i)))
            }
            (Piece::AllExcept(outer_excluded), Piece::AllExcept(inner_excluded)) => {
                outer_excluded.iter().all(|o| {
                    self.outer_pattern(*o).is_some_and(|o| {
                        inner_excluded
                            .iter()
                            .any(|i| self.inner_pattern(*i).is_some_and(|i| i.covers(o)))
                    })
                })
            }
        }
    }

    /// Whether some resource is in both `outer` and `inner`.
    pub(super) fn intersects(&self, outer: &Piece, inner: &Piece) -> bool {
        match (outer, inner) {
            (Piece::Pattern(o), Piece::Pattern(i)) => {
                match (self.outer_pattern(*o), self.inner_pattern(*i)) {
                    (Some(o), Some(i)) => o.intersects(i),
                    _ => true,
                }
            }
            (Piece::Pattern(o), Piece::AllExcept(excluded)) => {
                let Some(o) = self.outer_pattern(*o) else {
                    return true;
                };
                !excluded
                    .iter()
                    .any(|e| self.inner_pattern(*e).is_some_and(|e| e.covers(o)))
            }
            (Piece::AllExcept(excluded), Piece::Pattern(i)) => {
                let Some(i) = self.inner_pattern(*i) else {
                    return true;
                };
                !excluded
                    .iter()
                    .any(|e| self.outer_pattern(*e).is_some_and(|e| e.covers(i)))
            }
            (Piece::AllExcept(_), Piece::AllExcept(_)) => true,
        }
    }
}
