//! Property tests: no panics on arbitrary text, monotonicity under added statements, and
//! agreement of the bitset paths with the per-action reference paths.

use proptest::prelude::*;

use super::new_access::reference_new_access;
use super::*;
use crate::policy::{
    ConditionBlock, ConditionEntry, ConditionOperator, Effect, PolicyDocument, Statement,
    StringList,
};

const ACTIONS: &[&str] = &[
    "rekognition:DetectLabels",
    "rekognition:DeleteCollection",
    "rekognition:IndexFaces",
    "rekognition:*",
    "rekognition:Describe*",
    "rekognition:*Collection*",
    "s3:GetObject",
    "s3:Get*",
    "s3:*",
    "s3:?utObject",
    "*",
    "iam:Pass*",
    "*:Describe*",
    "rekognition:NotInCatalogue",
    "s3:NotInCatalogue",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::photos/*",
    "arn:aws:s3:::photos/cats/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::logs/*",
    "arn:aws:s3:::${aws:username}/*",
    "arn:aws:rekognition:*:*:collection/*",
    "arn:aws:rekognition:us-east-1:111122223333:collection/faces",
    "arn:aws:rekognition:us-east-1:111122223333:collection/team-?",
    "arn:aws:rekognition",
];

/// Concrete requests the properties are checked on.
const REQUESTS: &[(&str, &str)] = &[
    ("rekognition:DetectLabels", "*"),
    (
        "rekognition:DeleteCollection",
        "arn:aws:rekognition:us-east-1:111122223333:collection/faces",
    ),
    (
        "rekognition:IndexFaces",
        "arn:aws:rekognition:us-east-1:111122223333:collection/team-a",
    ),
    (
        "rekognition:DescribeCollection",
        "arn:aws:rekognition:eu-west-1:111122223333:collection/x",
    ),
    ("s3:GetObject", "arn:aws:s3:::photos/cats/tom.jpg"),
    ("s3:PutObject", "arn:aws:s3:::logs/a"),
    ("s3:GetObject", "arn:aws:s3:::alice/a"),
    ("iam:PassRole", "arn:aws:iam::111122223333:role/r"),
    ("rekognition:NotInCatalogue", "*"),
];

/// Actions the set-level properties are checked on.
const SAMPLE_ACTIONS: &[&str] = &[
    "rekognition:DetectLabels",
    "rekognition:DeleteCollection",
    "rekognition:IndexFaces",
    "rekognition:DescribeProjects",
    "s3:GetObject",
    "s3:PutObject",
    "iam:PassRole",
    "ec2:DescribeInstances",
    "rekognition:NotInCatalogue",
    "s3:NotInCatalogue",
];

fn statement_strategy() -> impl Strategy<Value = Statement> {
    (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(ACTIONS), 1..3),
        any::<u8>(),
        prop::collection::vec(prop::sample::select(RESOURCES), 1..3),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(
            |(allow, actions, negate, resources, not_resource, condition)| {
                let effect = if allow { Effect::Allow } else { Effect::Deny };
                let mut st = Statement::new(effect);
                let actions = StringList::array(actions);
                st = if negate % 6 == 0 {
                    st.with_not_action(actions)
                } else {
                    st.with_action(actions)
                };
                let resources = StringList::array(resources);
                st = if not_resource % 6 == 0 {
                    st.with_not_resource(resources)
                } else {
                    st.with_resource(resources)
                };
                if condition % 4 == 0 {
                    let value = if condition % 8 == 0 { "true" } else { "false" };
                    st = st.with_condition(ConditionBlock::new([ConditionOperator::new(
                        "Bool",
                        [ConditionEntry::strings("aws:SecureTransport", [value])],
                    )]));
                }
                st
            },
        )
}

fn policies_strategy() -> impl Strategy<Value = Vec<Vec<Statement>>> {
    prop::collection::vec(prop::collection::vec(statement_strategy(), 0..5), 1..4)
}

fn build(policies: &[Vec<Statement>]) -> PolicySet {
    PolicySet::new(
        policies
            .iter()
            .enumerate()
            .map(|(i, statements)| {
                NamedPolicy::new(format!("p{i}"), PolicyDocument::new(statements.clone()))
            })
            .collect(),
    )
}

fn with_extra(policies: &[Vec<Statement>], extra: Statement) -> PolicySet {
    let mut more = policies.to_vec();
    more.push(vec![extra]);
    build(&more)
}

fn certainly_allowed(outcome: Outcome) -> bool {
    outcome == Outcome::Allowed
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text_never_panics(
        actions in prop::collection::vec(".{0,12}", 1..3),
        resources in prop::collection::vec(".{0,24}", 1..3),
        action in ".{0,16}",
        resource in ".{0,24}",
        negate in any::<bool>(),
    ) {
        let mut st = Statement::new(Effect::Allow).with_resource(StringList::array(resources.clone()));
        st = if negate {
            st.with_not_action(StringList::array(actions.clone()))
        } else {
            st.with_action(StringList::array(actions.clone()))
        };
        let deny = Statement::new(Effect::Deny)
            .with_action(StringList::array(actions))
            .with_not_resource(StringList::array(resources));
        let set = build(&[vec![st, deny]]);
        let _ = set.decide(&action, &resource);
        let _ = set.decide_anywhere(&action);
        let _ = set.effective_actions();
        let _ = set.actions_above(crate::catalog::AccessLevel::Read);
        let empty = build(&[vec![]]);
        let _ = new_access(&empty, &set);
        let _ = new_access(&set, &empty);
    }

    #[test]
    fn adding_an_allow_never_removes_access(
        policies in policies_strategy(),
        extra in statement_strategy(),
    ) {
        let mut extra = extra;
        extra.effect = Some(crate::policy::Text::new("Allow"));
        let before = build(&policies);
        let after = with_extra(&policies, extra);
        for (action, resource) in REQUESTS {
            let (b, a) = (before.decide(action, resource).outcome, after.decide(action, resource).outcome);
            prop_assert!(!b.may_be_allowed() || a.may_be_allowed(), "{action} {resource}: {b:?} -> {a:?}");
            prop_assert!(!certainly_allowed(b) || certainly_allowed(a), "{action} {resource}: {b:?} -> {a:?}");
        }
        let (b, a) = (before.effective_actions(), after.effective_actions());
        prop_assert!(b.allowed.is_subset(&a.allowed));
        prop_assert!(b.conditional.iter().all(|x| a.allowed.contains(x) || a.conditional.contains(x)));
        prop_assert!(new_access(&after, &before).is_empty());
    }

    #[test]
    fn adding_a_deny_never_adds_access(
        policies in policies_strategy(),
        extra in statement_strategy(),
    ) {
        let mut extra = extra;
        extra.effect = Some(crate::policy::Text::new("Deny"));
        let before = build(&policies);
        let after = with_extra(&policies, extra);
        for (action, resource) in REQUESTS {
            let (b, a) = (before.decide(action, resource).outcome, after.decide(action, resource).outcome);
            prop_assert!(!a.may_be_allowed() || b.may_be_allowed(), "{action} {resource}: {b:?} -> {a:?}");
            prop_assert!(!certainly_allowed(a) || certainly_allowed(b), "{action} {resource}: {b:?} -> {a:?}");
        }
        let (b, a) = (before.effective_actions(), after.effective_actions());
        prop_assert!(a.allowed.is_subset(&b.allowed));
        prop_assert!(a.conditional.iter().all(|x| b.allowed.contains(x) || b.conditional.contains(x)));
        prop_assert!(new_access(&before, &after).is_empty());
    }

    #[test]
    fn bitset_paths_agree_with_per_action_paths(
        prior in policies_strategy(),
        next in policies_strategy(),
    ) {
        let (prior, next) = (build(&prior), build(&next));
        let effective = next.effective_actions();
        let found = new_access(&prior, &next);
        for action in SAMPLE_ACTIONS {
            let outcome = next.decide_anywhere(action).outcome;
            let known = crate::catalog::action(action).map(|(_, a)| a.to_string());
            let name = known.clone().unwrap_or_else(|| action.to_string());
            let conditional = matches!(outcome, Outcome::ConditionallyAllowed | Outcome::ConditionallyDenied);
            if known.is_some() {
                prop_assert_eq!(effective.allowed.contains(name.as_str()), outcome == Outcome::Allowed, "{}", action);
                prop_assert_eq!(effective.conditional.contains(name.as_str()), conditional, "{}", action);
            } else if next.others.written().any(|w| w.eq_ignore_ascii_case(action)) {
                // A name an Allow spells out is evaluated like a catalogue action.
                prop_assert_eq!(effective.allowed.contains(name.as_str()), outcome == Outcome::Allowed, "{}", action);
                prop_assert_eq!(effective.conditional.contains(name.as_str()), conditional, "{}", action);
            } else {
                // Only names an Allow spells out are listed; wildcards reach them in `decide`.
                prop_assert!(!effective.allowed.contains(name.as_str()) || outcome == Outcome::Allowed);
                prop_assert!(!effective.conditional.contains(name.as_str()) || conditional);
            }
            if known.is_none() {
                continue;
            }
            let mut expected: Vec<(String, String, Widening)> = reference_new_access(&prior, &next, action)
                .into_iter()
                .map(|n| (n.action, n.resource, n.widening))
                .collect();
            expected.sort();
            expected.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
            let mut got: Vec<(String, String, Widening)> = found
                .iter()
                .filter(|n| n.action == name)
                .map(|n| (n.action.clone(), n.resource.clone(), n.widening))
                .collect();
            got.sort();
            let keys = |v: &[(String, String, Widening)]| v.iter().map(|(a, r, _)| (a.clone(), r.clone())).collect::<Vec<_>>();
            prop_assert_eq!(keys(&got), keys(&expected), "{}", action);
        }
        prop_assert!(new_access(&next, &next).is_empty());
    }
}

/// `statement` with the elements `mask` picks made unknown, as statements built from Terraform
/// values with unknowns are: unknown elements left out, their parts marked.
fn with_unknowns(statement: &Statement, mask: u32) -> Statement {
    let bit = |n: u32| mask & (1 << n) != 0;
    let mut out = statement.clone();
    if bit(0) {
        out.effect = None;
        out.unknown.effect = true;
    }
    let drop = |list: &mut Option<StringList>, flag: &mut bool, first: u32| {
        if let Some(l) = list {
            let mut i = 0;
            l.items.retain(|_| {
                i += 1;
                let gone = bit(first + (i - 1) % 3);
                *flag |= gone;
                !gone
            });
        }
    };
    drop(&mut out.action, &mut out.unknown.action, 1);
    drop(&mut out.not_action, &mut out.unknown.not_action, 1);
    drop(&mut out.resource, &mut out.unknown.resource, 4);
    drop(&mut out.not_resource, &mut out.unknown.not_resource, 4);
    if bit(7) {
        out.unknown.condition = true;
        if bit(8) {
            out.condition = None; // the condition's test or the whole block list is unknown
        } else if bit(9) {
            // An unknown value: left out of its list, which may become empty.
            if let Some(entry) = out
                .condition
                .as_mut()
                .and_then(|c| c.operators.first_mut())
                .and_then(|o| o.entries.first_mut())
            {
                entry.values.items.pop();
            }
        }
    }
    // An emptied list is left out, as the data source leaves out an attribute with no known
    // element.
    for list in [
        &mut out.action,
        &mut out.not_action,
        &mut out.resource,
        &mut out.not_resource,
    ] {
        if list.as_ref().is_some_and(|l| l.is_empty()) {
            *list = None;
        }
    }
    out
}

fn named(policies: &[Vec<Statement>]) -> Vec<NamedPolicy> {
    policies
        .iter()
        .enumerate()
        .map(|(i, statements)| {
            NamedPolicy::new(format!("p{i}"), PolicyDocument::new(statements.clone()))
        })
        .collect()
}

/// What [`Tri`] claims must hold of the known value.
fn agrees(tri: Tri, known: bool) -> bool {
    match tri {
        Tri::Yes => known,
        Tri::No => !known,
        Tri::NotYet => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn answers_decided_with_unknowns_hold_once_known(
        policies in policies_strategy(),
        prior in policies_strategy(),
        masks in prop::collection::vec(any::<u32>(), 16),
    ) {
        let mut k = 0;
        let partial: Vec<Vec<Statement>> = policies
            .iter()
            .map(|statements| {
                statements
                    .iter()
                    .map(|s| {
                        k += 1;
                        let mask = masks[k % masks.len()];
                        // About half the statements keep everything known.
                        if mask & (1 << 31) != 0 { s.clone() } else { with_unknowns(s, mask) }
                    })
                    .collect()
            })
            .collect();
        let known = build(&policies);
        let bounds = Bounds::new(named(&partial));
        for (action, resource) in REQUESTS {
            let may = bounds.ask(|set| set.decide(action, resource).outcome.may_be_allowed());
            prop_assert!(agrees(may, known.decide(action, resource).outcome.may_be_allowed()), "may {action} {resource}: {may:?}");
            let surely = bounds.ask(|set| certainly_allowed(set.decide(action, resource).outcome));
            prop_assert!(agrees(surely, certainly_allowed(known.decide(action, resource).outcome)), "allowed {action} {resource}: {surely:?}");
        }
        for action in SAMPLE_ACTIONS {
            let anywhere = bounds.ask(|set| set.decide_anywhere(action).outcome.may_be_allowed());
            prop_assert!(agrees(anywhere, known.decide_anywhere(action).outcome.may_be_allowed()), "anywhere {action}: {anywhere:?}");
            let clean = bounds.ask(|set| set.decide_anywhere(action).outcome == Outcome::Allowed);
            prop_assert!(agrees(clean, known.decide_anywhere(action).outcome == Outcome::Allowed), "clean {action}: {clean:?}");
        }
        let above = bounds.ask(|set| !set.actions_above(crate::catalog::AccessLevel::Read).is_empty());
        prop_assert!(agrees(above, !known.actions_above(crate::catalog::AccessLevel::Read).is_empty()));
        let prior = build(&prior);
        let widened = bounds.ask(|set| !new_access(&prior, set).is_empty());
        prop_assert!(agrees(widened, !new_access(&prior, &known).is_empty()), "new access: {widened:?}");
    }
}
