use super::*;
use crate::policy::model::{Effect, StringList, Text};
use crate::policy::{counted_size, parse_policy};
use proptest::prelude::*;

fn statement(sid: Option<String>, actions: Vec<String>, resource: String) -> Statement {
    let mut s = Statement::new(Effect::Allow)
        .with_action(StringList::array(actions))
        .with_resource(StringList::scalar(resource));
    s.sid = sid.map(Text::new);
    s
}

fn document(statements: Vec<Statement>) -> PolicyDocument {
    PolicyDocument::new(statements)
}

/// The fewest documents, by trying every partition of the statements into groups (each group
/// in input order): the reference the packing is compared with.
fn fewest_by_exhaustive_search(
    doc: &PolicyDocument,
    limit: usize,
    measure: &dyn Fn(&str) -> usize,
) -> usize {
    let statements = doc.statements();
    let n = statements.len();
    let fits: Vec<bool> = (0..1u32 << n)
        .map(|mask| {
            let chosen: Vec<Statement> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| statements[i].clone())
                .collect();
            let group = PolicyDocument {
                statements: Some(OneOrMany::many(chosen)),
                ..doc.clone()
            };
            measure(&group.to_json_minified()) <= limit
        })
        .collect();
    // Restricted growth strings enumerate every set partition once.
    fn walk(i: usize, n: usize, groups: &mut Vec<u32>, fits: &[bool], best: &mut usize) {
        if groups.len() >= *best {
            return;
        }
        if i == n {
            if groups.iter().all(|&g| fits[g as usize]) {
                *best = groups.len();
            }
            return;
        }
        for g in 0..groups.len() {
            groups[g] |= 1 << i;
            if fits[groups[g] as usize] {
                walk(i + 1, n, groups, fits, best);
            }
            groups[g] &= !(1 << i);
        }
        groups.push(1 << i);
        walk(i + 1, n, groups, fits, best);
        groups.pop();
    }
    let mut best = n + 1;
    walk(0, n, &mut Vec::new(), &fits, &mut best);
    best
}

fn arb_statement() -> impl Strategy<Value = (Option<String>, Vec<String>, String)> {
    (
        proptest::option::of("[A-Za-z0-9]{1,8}"),
        prop::collection::vec("[a-z]{1,6}:[A-Za-z]{1,40}", 1..6),
        "arn:aws:s3:::[a-z ]{0,60}",
    )
}

fn arb_document(max: usize) -> impl Strategy<Value = PolicyDocument> {
    prop::collection::vec(arb_statement(), 1..=max).prop_map(|parts| {
        let mut seen = std::collections::HashSet::new();
        document(
            parts
                .into_iter()
                .map(|(sid, actions, resource)| {
                    // Sids stay unique, as in a valid input.
                    let sid = sid.filter(|s| seen.insert(s.clone()));
                    statement(sid, actions, resource)
                })
                .collect(),
        )
    })
}

/// Checks the properties every split has, and returns the number of documents.
fn check_split(doc: &PolicyDocument, limit: usize, quota_like: Option<SizeQuota>) -> usize {
    let measure = |text: &str| quota_like.map_or_else(|| counted_size(text), |q| q.measure(text));
    let out = split_document(doc, limit, measure).expect("every statement fits alone");
    // The union is the input, each document keeps input order, and no statement is repeated.
    let mut positions: Vec<usize> = Vec::new();
    for part in &out {
        assert_eq!(part.version, doc.version);
        assert!(!part.statements().is_empty());
        let mine: Vec<usize> = part
            .statements()
            .iter()
            .map(|s| {
                doc.statements()
                    .iter()
                    .enumerate()
                    .position(|(i, t)| t == s && !positions.contains(&i))
                    .expect("every output statement is an input statement")
            })
            .collect();
        assert!(mine.windows(2).all(|w| w[0] < w[1]), "order kept: {mine:?}");
        positions.extend(mine);
        // Within the limit, measured on the text the caller gets, however it is rendered.
        let text = part.to_json_minified();
        assert!(measure(&text) <= limit, "{} > {limit}", measure(&text));
        assert_eq!(counted_size(&part.to_json_pretty()), counted_size(&text));
        let reparsed = parse_policy(&text);
        assert!(reparsed.errors.is_empty());
    }
    positions.sort_unstable();
    assert_eq!(positions, (0..doc.statements().len()).collect::<Vec<_>>());
    out.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn outputs_cover_the_input_fit_and_are_fewest(doc in arb_document(8), slack in 0usize..600) {
        let measure = |text: &str| counted_size(text);
        let largest = doc
            .statements()
            .iter()
            .map(|s| measure(&document(vec![s.clone()]).to_json_minified()))
            .max()
            .unwrap_or(0);
        let limit = largest + slack;
        let count = check_split(&doc, limit, None);
        prop_assert_eq!(count, fewest_by_exhaustive_search(&doc, limit, &measure));
    }

    #[test]
    fn white_space_counting_quotas_are_respected(doc in arb_document(8), slack in 0usize..300) {
        let measure = |text: &str| SizeQuota::ProjectPolicy.measure(text);
        let largest = doc
            .statements()
            .iter()
            .map(|s| measure(&document(vec![s.clone()]).to_json_minified()))
            .max()
            .unwrap_or(0);
        let limit = largest + slack;
        let count = check_split(&doc, limit, Some(SizeQuota::ProjectPolicy));
        prop_assert_eq!(count, fewest_by_exhaustive_search(&doc, limit, &measure));
    }

    #[test]
    fn larger_inputs_are_split_within_the_limit(doc in arb_document(40), slack in 0usize..2000) {
        let largest = doc
            .statements()
            .iter()
            .map(|s| document(vec![s.clone()]).counted_size())
            .max()
            .unwrap_or(0);
        check_split(&doc, largest + slack, None);
    }

    #[test]
    fn the_same_input_gives_the_same_split(doc in arb_document(12), limit in 300usize..1500) {
        let first = split_document(&doc, limit, counted_size);
        let second = split_document(&doc.clone(), limit, counted_size);
        prop_assert_eq!(first, second);
    }
}

#[test]
fn a_document_that_fits_stays_whole() {
    let doc = document(vec![
        statement(
            Some("A".into()),
            vec!["s3:GetObject".into()],
            "arn:aws:s3:::b/*".into(),
        ),
        statement(None, vec!["s3:PutObject".into()], "arn:aws:s3:::b/*".into()),
    ]);
    let out = split_for_quota(&doc, SizeQuota::ManagedPolicy).unwrap();
    assert_eq!(out, [doc.without_spans()]);
}

#[test]
fn version_and_id_are_kept_in_every_document() {
    let text = r#"{"Version":"2012-10-17","Id":"Shared","Statement":[
        {"Sid":"One","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::aaaaaaaaaaaaaaaaaaaaaaaa/*"},
        {"Sid":"Two","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bbbbbbbbbbbbbbbbbbbbbbbb/*"}]}"#;
    let doc = parse_policy(text).document.unwrap();
    let one = split_document(&doc, 1000, counted_size).unwrap();
    assert_eq!(one.len(), 1);
    let limit = one[0].counted_size() - 1;
    let two = split_document(&doc, limit, counted_size).unwrap();
    assert_eq!(two.len(), 2);
    for (part, sid) in two.iter().zip(["One", "Two"]) {
        assert_eq!(part.id.as_ref().map(Text::as_str), Some("Shared"));
        assert_eq!(part.version.as_ref().map(Text::as_str), Some("2012-10-17"));
        assert_eq!(
            part.statements()[0].sid.as_ref().map(Text::as_str),
            Some(sid)
        );
    }
}

#[test]
fn a_statement_too_large_alone_is_named() {
    let big = "x".repeat(300);
    let doc = document(vec![
        statement(None, vec!["s3:GetObject".into()], "arn:aws:s3:::b".into()),
        statement(Some("Huge".into()), vec![format!("s3:{big}")], "*".into()),
    ]);
    let err = split_document(&doc, 200, counted_size).unwrap_err();
    let SplitError::StatementTooLarge {
        index,
        sid,
        size,
        limit,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*index, sid.as_deref(), *limit), (1, Some("Huge"), 200));
    assert!(*size > 300);
    assert!(
        err.to_string().contains("statement 1 (Sid \"Huge\")"),
        "{err}"
    );
    assert_eq!(
        split_document(&document(vec![]), 200, counted_size),
        Err(SplitError::NoStatements)
    );
}
