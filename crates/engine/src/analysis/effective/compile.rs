//! Compiling the statements of a policy set into [`Rule`]s, sharing the action expansions and
//! resource patterns of the whole set.
//!
//! The caches borrow the text of the policies being compiled (`'p`), so a pattern or list met
//! again costs a hash lookup and no copy; only distinct resource patterns are stored.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::actions::Expander;
use super::bits::RangeSet;
use super::others::OtherActions;
use super::resource::ResourcePattern;
use super::rules::{Piece, Rule};
use crate::policy::{Effect, Statement, StringList};
use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

/// What compiling the statements of a set gives.
pub(super) struct Compiled {
    pub(super) rules: Vec<Rule>,
    /// The distinct resource patterns, which [`Piece`]s refer to by index.
    pub(super) patterns: Vec<ResourcePattern>,
    pub(super) others: OtherActions,
}

/// Interns resource patterns so each distinct one is compiled and compared once.
#[derive(Default)]
struct PatternTable<'p> {
    patterns: Vec<ResourcePattern>,
    /// Pattern text to id, for documents with and without policy variables.
    index: [FastMap<&'p str, usize>; 2],
    /// The id of [`ResourcePattern::unknown`], once used.
    unknown: Option<usize>,
}

impl<'p> PatternTable<'p> {
    fn intern(&mut self, raw: &'p str, variables: bool) -> usize {
        let patterns = &mut self.patterns;
        let [plain, with_variables] = &mut self.index;
        let index = if variables { with_variables } else { plain };
        *index.entry(raw).or_insert_with(|| {
            patterns.push(ResourcePattern::new(raw, variables));
            patterns.len() - 1
        })
    }

    /// The placeholder for a resource not known until apply (one per set).
    fn unknown(&mut self) -> usize {
        let patterns = &mut self.patterns;
        *self.unknown.get_or_insert_with(|| {
            patterns.push(ResourcePattern::unknown());
            patterns.len() - 1
        })
    }

    fn get(&self, id: usize) -> Option<&ResourcePattern> {
        self.patterns.get(id)
    }
}

/// Compiles the statements of one set, in order.
#[derive(Default)]
pub(super) struct Compiler<'p> {
    expander: Expander<'p>,
    table: PatternTable<'p>,
    rules: Vec<Rule>,
    /// For each statement compiled: the expander's id of its action list, and whether that is
    /// a `NotAction` list.
    lists: Vec<(usize, bool)>,
    /// Names without wildcards that an Allow lists and the catalogue lacks: lower case to the
    /// first spelling.
    other_actions: BTreeMap<String, String>,
    /// Spellings already filed in `other_actions` (most repeat from statement to statement).
    filed: FastSet<&'p str>,
    /// The empty set of other actions, shared by the rules until [`Compiler::finish`].
    no_others: Arc<RangeSet>,
}

impl<'p> Compiler<'p> {
    /// A compiler with room for about `statements` statements and `patterns` resource patterns.
    pub(super) fn with_capacity(statements: usize, patterns: usize) -> Self {
        let mut compiler = Compiler::default();
        compiler.rules.reserve(statements);
        compiler.lists.reserve(statements);
        compiler.table.patterns.reserve(patterns);
        compiler.table.index[1].reserve(patterns);
        compiler
    }

    /// Compiles one statement into its rules, numbered as the count of statements compiled
    /// before it; `Err` gives the reason it is skipped (and nothing is added).
    pub(super) fn compile(
        &mut self,
        statement: &'p Statement,
        variables: bool,
    ) -> Result<(), &'static str> {
        let effect = statement
            .effect_kind()
            .ok_or("Effect is neither Allow nor Deny")?;
        let (list, negated) = match (&statement.action, &statement.not_action) {
            (Some(list), None) => (list, false),
            (None, Some(list)) => (list, true),
            (None, None) => return Err("neither Action nor NotAction"),
            (Some(_), Some(_)) => return Err("both Action and NotAction"),
        };
        let (resources, excluded) = match (&statement.resource, &statement.not_resource) {
            (Some(list), None) => (list, false),
            (None, Some(list)) => (list, true),
            (None, None) => return Err("neither Resource nor NotResource"),
            (Some(_), Some(_)) => return Err("both Resource and NotResource"),
        };
        let id = self.expander.list(list);
        if effect == Effect::Allow && !negated {
            for &name in self.expander.unknown(id) {
                if self.filed.insert(name) {
                    self.other_actions
                        .entry(name.to_ascii_lowercase())
                        .or_insert_with(|| name.to_string());
                }
            }
        }
        let template = Rule {
            statement: self.lists.len(),
            effect,
            conditional: statement
                .condition
                .as_ref()
                .is_some_and(|c| !c.operators.is_empty()),
            contextual: false,
            actions: self.expander.actions(id, negated),
            others: Arc::clone(&self.no_others),
            pieces: Vec::new(),
        };
        self.lists.push((id, negated));
        if excluded {
            self.excluding(template, resources, variables);
        } else {
            // A `Resource` list marked unknown (as `unknowns::complete` leaves the Allows of the
            // least-access completion) also holds one resource not known yet.
            let unknown = statement.unknown.resource;
            self.including(template, resources, variables, unknown);
        }
        Ok(())
    }

    /// The rules of a `Resource` list: its patterns without policy variables make one rule,
    /// those with variables another (always conditional). With `unknown`, the second rule also
    /// holds the placeholder [`ResourcePattern::unknown`].
    fn including(&mut self, template: Rule, list: &'p StringList, variables: bool, unknown: bool) {
        let mut plain = Vec::with_capacity(list.len());
        let mut contextual = Vec::new();
        if unknown {
            // The resource not known yet may hold a policy variable (`&{aws:username}` in
            // configuration), which makes its grant depend on the request: the least it can
            // stand for is a conditional grant, so it joins the contextual rule.
            contextual.push(Piece::Pattern(self.table.unknown()));
        }
        for raw in list.strings() {
            let id = self.table.intern(raw, variables);
            if self.table.get(id).is_some_and(|p| p.contextual) {
                contextual.push(Piece::Pattern(id));
            } else {
                plain.push(Piece::Pattern(id));
            }
        }
        if !plain.is_empty() {
            self.rules.push(Rule {
                pieces: plain,
                ..template.clone()
            });
        }
        if !contextual.is_empty() {
            self.rules.push(Rule {
                conditional: true,
                contextual: true,
                pieces: contextual,
                ..template
            });
        }
    }

    /// The rule of a `NotResource` list: everything but its patterns without variables (those
    /// with variables are left out of the exclusion and make the rule conditional).
    fn excluding(&mut self, template: Rule, list: &'p StringList, variables: bool) {
        let mut plain = Vec::with_capacity(list.len());
        let mut has_variables = false;
        // `NotResource: "*"` leaves no resource at all.
        let mut nothing = false;
        for raw in list.strings() {
            let id = self.table.intern(raw, variables);
            match self.table.get(id) {
                Some(p) if p.contextual => has_variables = true,
                p => {
                    nothing |= p.is_some_and(ResourcePattern::is_everything);
                    plain.push(id);
                }
            }
        }
        self.rules.push(Rule {
            conditional: template.conditional || has_variables,
            contextual: has_variables,
            pieces: if nothing {
                Vec::new()
            } else {
                vec![Piece::AllExcept(plain)]
            },
            ..template
        });
    }

    /// The rules, with the other action names each matches now that every name is known.
    pub(super) fn finish(self) -> Compiled {
        let others = OtherActions::new(self.other_actions);
        let mut rules = self.rules;
        if !others.is_empty() {
            // Per list and negation: computed once, shared by the rules.
            let mut matched: Vec<Option<Arc<RangeSet>>> = vec![None; 2 * self.expander.len()];
            for rule in &mut rules {
                let Some(&(id, negated)) = self.lists.get(rule.statement) else {
                    continue;
                };
                let Some(slot) = matched.get_mut(2 * id + usize::from(negated)) else {
                    continue;
                };
                let set =
                    slot.get_or_insert_with(|| {
                        let list = self.expander.text(id);
                        Arc::new(list.map_or_else(RangeSet::default, |list| {
                            others.matched_by(list, negated)
                        }))
                    });
                rule.others = Arc::clone(set);
            }
        }
        Compiled {
            rules,
            patterns: self.table.patterns,
            others,
        }
    }
}
