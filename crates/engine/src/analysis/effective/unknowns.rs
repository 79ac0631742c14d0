//! Policies with parts not known until apply: the two completions that bound every value the
//! unknown parts may take, and three-valued answers from them.
//!
//! A statement with unknown parts (see [`crate::policy::UnknownParts`]) stands for every
//! statement its unknown parts could become. [`complete`] turns it into one ordinary statement
//! for each end of that range:
//!
//! - [`Assume::LeastAccess`]: what grants least. An unknown effect is `Deny`. An Allow keeps only
//!   its known actions, is conditional if its condition may hold anything unknown, and grants on
//!   its known resources plus one resource not known yet (a placeholder no request matches and
//!   every Deny covers; see `ResourcePattern::unknown`); an Allow whose unknown `NotAction` or
//!   `NotResource` element could be `*` grants nothing. A Deny takes `*` for each unknown action
//!   or resource and keeps only the known elements of `NotAction` and `NotResource`.
//! - [`Assume::MostAccess`]: what grants most, the mirror image. An unknown effect is `Allow`;
//!   an Allow takes `*` for each unknown action or resource; a Deny keeps only its known actions
//!   and resources (denying nothing when none is known) and is conditional if its condition may
//!   hold anything unknown.
//!
//! Every value the unknowns take at apply gives a policy set that grants at least what the
//! least-access set grants and at most what the most-access set grants, for each question the
//! gates ask (is the action allowed on some resource, in some request context; is it allowed
//! unconditionally on this resource; is it above an access level; is it new access). So a
//! question whose answer only grows with access is answered "yes" now when the least-access set
//! says yes, "no" when the most-access set says no, and "not yet" otherwise ([`Tri::of`]).
//!
//! A completion keeps two marks for `new_access`, which compares names and conditions by their
//! text: an Allow whose `*` stands for unknown action elements keeps `unknown.action` (the
//! element may be a name the catalogue lacks), and a least-access condition that is not known
//! keeps `unknown.condition` (it may turn out to be the very condition it is compared with).
//!
//! Conditions are not evaluated (see the module docs of `effective`): a statement with a
//! condition block is conditional whatever its values, so an unknown condition *value* decides
//! nothing; only a condition that may be absent or present makes the two ends differ.
//! `Sid`, `Principal` and `NotPrincipal` do not change what an identity policy grants.

use super::set::{NamedPolicy, PolicySet};
use crate::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, Effect, PolicyDocument,
    Statement, StringList, Text, UnknownParts,
};

/// Which end of the range of values a completion takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assume {
    /// The unknown parts grant as little as they can.
    LeastAccess,
    /// The unknown parts grant as much as they can.
    MostAccess,
}

/// A three-valued answer: decided now, or only once the unknown values are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// True whatever the unknown values turn out to be.
    Yes,
    /// False whatever the unknown values turn out to be.
    No,
    /// Depends on values not known yet.
    NotYet,
}

impl Tri {
    /// The answer to a question that only grows with access, from its answer on the
    /// least-access and the most-access completions.
    pub fn of(least: bool, most: bool) -> Tri {
        match (least, most) {
            (true, _) => Tri::Yes,
            (false, false) => Tri::No,
            (false, true) => Tri::NotYet,
        }
    }
}

/// A statement whose every part is unknown: what a policy document known only after apply
/// (one unknown JSON string) may hold.
pub fn unknown_statement() -> Statement {
    Statement {
        unknown: UnknownParts {
            sid: true,
            effect: true,
            principal: false,
            not_principal: false,
            action: true,
            not_action: false,
            resource: true,
            not_resource: false,
            condition: true,
        },
        ..Statement::default()
    }
}

/// The condition key of the condition a completion adds when one may be there.
const UNKNOWN_CONDITION_KEY: &str = "(condition known after apply)";

/// A statement that matches nothing (keeps the statement numbers of the others in reports).
fn inert(effect: Effect) -> Statement {
    Statement::new(effect)
        .with_action(StringList::array(Vec::<String>::new()))
        .with_resource(StringList::array(Vec::<String>::new()))
}

fn with_star(list: Option<StringList>) -> StringList {
    let mut list = list.unwrap_or_else(|| StringList::array(Vec::<String>::new()));
    list.items.push(Text::new("*"));
    list
}

fn known_only(list: Option<StringList>) -> StringList {
    list.unwrap_or_else(|| StringList::array(Vec::<String>::new()))
}

/// The completion of `statement` at the end `assume` of its range (see the module docs). A
/// fully known statement is returned as it is.
pub fn complete(statement: &Statement, assume: Assume) -> Statement {
    let u = statement.unknown;
    if !u.any() {
        return statement.clone();
    }
    let effect = match (statement.effect_kind(), u.effect) {
        (Some(effect), false) => effect,
        (_, true) => match assume {
            Assume::LeastAccess => Effect::Deny,
            Assume::MostAccess => Effect::Allow,
        },
        // An effect IAM rejects: the statement is skipped as it is.
        (None, false) => return statement.clone(),
    };
    // Widen: the statement's own scope grows (an Allow at most access, a Deny at least).
    let widen = (effect == Effect::Allow) == (assume == Assume::MostAccess);
    let mut out = Statement {
        effect: Some(Text::new(effect.as_str())),
        unknown: UnknownParts::default(),
        ..statement.clone()
    };
    if u.action {
        if widen {
            out.action = Some(with_star(out.action));
            // Kept as a mark: the element may also be a name the catalogue lacks, which `*`
            // only stands for where names are compared by pattern (see `new_access`).
            out.unknown.action = effect == Effect::Allow;
        } else if out.action.as_ref().is_none_or(|l| l.is_empty()) {
            return inert(effect);
        }
    }
    if u.not_action {
        if widen {
            out.not_action = Some(known_only(out.not_action));
        } else {
            return inert(effect); // an unknown element may be `*`
        }
    }
    if u.resource {
        if widen {
            out.resource = Some(with_star(out.resource));
        } else {
            out.resource = Some(known_only(out.resource));
            if effect == Effect::Allow {
                out.unknown.resource = true; // granted on some resource, which is not known
            } else if out.resource.as_ref().is_some_and(|l| l.is_empty()) {
                return inert(effect);
            }
        }
    }
    if u.not_resource {
        if widen {
            out.not_resource = Some(known_only(out.not_resource));
        } else {
            return inert(effect); // an unknown element may be `*`
        }
    }
    if u.condition {
        complete_condition(&mut out, widen, assume);
    }
    out
}

/// The condition of a statement whose condition holds something unknown, at the end `assume`.
///
/// Whether the statement is conditional: a condition that may be absent is there when that
/// narrows the statement (an Allow at least access, a Deny at most); widening keeps the known
/// condition, and with none known, unconditional is the wider reading.
///
/// What it is, for `new_access`, which compares conditions by their text: at least access it
/// may turn out to be any other statement's condition, so the completion is marked
/// (`unknown.condition`) and compares as the same; at most access it may turn out to be none of
/// them, so a placeholder test is added that no written condition has.
fn complete_condition(out: &mut Statement, widen: bool, assume: Assume) {
    let has_condition = out
        .condition
        .as_ref()
        .is_some_and(|c| !c.operators.is_empty());
    if widen && !has_condition {
        return;
    }
    let block = out.condition.get_or_insert_with(|| ConditionBlock::new([]));
    match assume {
        Assume::LeastAccess => {
            out.unknown.condition = true;
            if !has_condition {
                block.operators.push(placeholder_test());
            }
        }
        Assume::MostAccess => block.operators.push(placeholder_test()),
    }
}

/// The test a completion adds for a condition not known yet; no written condition has it.
fn placeholder_test() -> ConditionOperator {
    ConditionOperator::new(
        "StringEquals",
        [ConditionEntry {
            key: Text::new(UNKNOWN_CONDITION_KEY),
            values: crate::policy::OneOrMany::one(ConditionValue::string("?")),
        }],
    )
}

/// The completion of every statement of a document.
fn complete_document(document: &PolicyDocument, assume: Assume) -> PolicyDocument {
    let mut out = document.clone();
    if let Some(list) = &mut out.statements {
        for statement in &mut list.items {
            *statement = complete(statement, assume);
        }
    }
    out
}

/// Whether any statement of the policies has unknown parts.
fn has_unknowns(policies: &[NamedPolicy]) -> bool {
    policies
        .iter()
        .flat_map(|p| p.document.statements())
        .any(|s| s.unknown.any())
}

/// The two completions of a set of policies (one set when everything is known).
#[derive(Debug, Clone)]
pub struct Bounds {
    least: PolicySet,
    /// `None` when the policies are fully known: both ends are `least`.
    most: Option<PolicySet>,
}

impl Bounds {
    /// Compiles both completions of `policies`.
    pub fn new(policies: Vec<NamedPolicy>) -> Self {
        if !has_unknowns(&policies) {
            return Bounds {
                least: PolicySet::new(policies),
                most: None,
            };
        }
        let at = |assume| {
            PolicySet::new(
                policies
                    .iter()
                    .map(|p| {
                        NamedPolicy::new(p.name.clone(), complete_document(&p.document, assume))
                    })
                    .collect(),
            )
        };
        Bounds {
            least: at(Assume::LeastAccess),
            most: Some(at(Assume::MostAccess)),
        }
    }

    /// The least-access completion.
    pub fn least(&self) -> &PolicySet {
        &self.least
    }

    /// The most-access completion.
    pub fn most(&self) -> &PolicySet {
        self.most.as_ref().unwrap_or(&self.least)
    }

    /// Whether nothing is unknown (both completions are the policies as given).
    pub fn is_exact(&self) -> bool {
        self.most.is_none()
    }

    /// A question that grows with access, asked of both completions.
    pub fn ask(&self, question: impl Fn(&PolicySet) -> bool) -> Tri {
        let least = question(self.least());
        if least || self.is_exact() {
            return Tri::of(least, least);
        }
        Tri::of(least, question(self.most()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::effective::Outcome;

    fn allow(actions: &[&str], resources: &[&str]) -> Statement {
        Statement::new(Effect::Allow)
            .with_action(StringList::array(actions.iter().copied()))
            .with_resource(StringList::array(resources.iter().copied()))
    }

    fn unknown_resources(mut s: Statement) -> Statement {
        s.unknown.resource = true;
        s
    }

    fn bounds(statements: Vec<Statement>) -> Bounds {
        Bounds::new(vec![NamedPolicy::new("p", PolicyDocument::new(statements))])
    }

    fn anywhere(b: &Bounds, action: &str) -> Tri {
        b.ask(|s| s.decide_anywhere(action).outcome.may_be_allowed())
    }

    #[test]
    fn an_allow_on_unknown_resources_grants_on_some_resource() {
        let b = bounds(vec![unknown_resources(allow(&["s3:DeleteObject"], &[]))]);
        assert_eq!(anywhere(&b, "s3:DeleteObject"), Tri::Yes);
        assert_eq!(anywhere(&b, "s3:GetObject"), Tri::No);
        let reference = b.least().decide_anywhere("s3:DeleteObject").by;
        assert!(reference[0]
            .to_string()
            .contains("(a resource known after apply)"));
        // On a given resource it may or may not be granted.
        let on = b.ask(|s| {
            s.decide("s3:DeleteObject", "arn:aws:s3:::b/k")
                .outcome
                .may_be_allowed()
        });
        assert_eq!(on, Tri::NotYet);
    }

    #[test]
    fn a_deny_with_unknown_parts_may_or_may_not_take_a_grant_away() {
        let grant = allow(&["s3:GetObject"], &["arn:aws:s3:::images/*"]);
        let deny = |resources: &[&str]| {
            let mut d = Statement::new(Effect::Deny)
                .with_action(StringList::array(["s3:GetObject"]))
                .with_resource(StringList::array(resources.iter().copied()));
            d.unknown.resource = true;
            d
        };
        let b = bounds(vec![grant.clone(), deny(&[])]);
        let allowed = |b: &Bounds| {
            b.ask(|s| s.decide("s3:GetObject", "arn:aws:s3:::images/a").outcome == Outcome::Allowed)
        };
        assert_eq!(allowed(&b), Tri::NotYet);
        // A known element already covering the grant decides it.
        let b = bounds(vec![grant.clone(), deny(&["arn:aws:s3:::*"])]);
        assert_eq!(allowed(&b), Tri::No);
        // A grant behind a Deny of unknown effect: not yet.
        let mut unknown_effect = Statement::new(Effect::Deny)
            .with_action(StringList::array(["s3:*"]))
            .with_resource(StringList::array(["*"]));
        unknown_effect.effect = None;
        unknown_effect.unknown.effect = true;
        let b = bounds(vec![grant, unknown_effect]);
        assert_eq!(allowed(&b), Tri::NotYet);
        assert_eq!(anywhere(&b, "s3:PutObject"), Tri::NotYet);
    }

    #[test]
    fn conditions_that_may_be_absent_decide_nothing_about_certainty() {
        let mut s = allow(&["rekognition:DetectLabels"], &["*"]);
        s.unknown.condition = true;
        let b = bounds(vec![s.clone()]);
        let certain =
            b.ask(|p| p.decide("rekognition:DetectLabels", "*").outcome == Outcome::Allowed);
        assert_eq!(certain, Tri::NotYet);
        assert_eq!(anywhere(&b, "rekognition:DetectLabels"), Tri::Yes);
        // A known condition block with an unknown value: conditional either way.
        s.condition = Some(ConditionBlock::new([ConditionOperator::new(
            "StringEquals",
            [ConditionEntry::strings(
                "aws:SourceAccount",
                Vec::<String>::new(),
            )],
        )]));
        let b = bounds(vec![s]);
        let certain =
            b.ask(|p| p.decide("rekognition:DetectLabels", "*").outcome == Outcome::Allowed);
        assert_eq!(certain, Tri::No);
    }

    #[test]
    fn unknown_actions_and_whole_unknown_documents() {
        let mut s = allow(&["rekognition:DetectLabels"], &["*"]);
        s.unknown.action = true;
        let b = bounds(vec![s]);
        assert_eq!(anywhere(&b, "rekognition:DetectLabels"), Tri::Yes);
        assert_eq!(anywhere(&b, "rekognition:DeleteCollection"), Tri::NotYet);
        let b = bounds(vec![unknown_statement()]);
        assert_eq!(anywhere(&b, "rekognition:DetectLabels"), Tri::NotYet);
        assert!(!b.is_exact());
        let known = bounds(vec![allow(&["s3:GetObject"], &["*"])]);
        assert!(known.is_exact());
        assert_eq!(anywhere(&known, "s3:GetObject"), Tri::Yes);
        assert_eq!(anywhere(&known, "s3:PutObject"), Tri::No);
    }
}
