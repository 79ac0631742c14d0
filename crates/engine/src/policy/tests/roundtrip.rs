//! Property tests: render then parse gives back the same model.

use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;

use crate::policy::{
    counted_size, documents_equivalent, parse_policy, ConditionBlock, ConditionEntry,
    ConditionOperator, ConditionValue, ListForm, OneOrMany, PolicyDocument, Principal,
    PrincipalEntry, PrincipalMap, ScalarValue, Statement, Text,
};

/// Any string, including quotes, backslashes, control and non-ASCII characters.
fn any_text() -> BoxedStrategy<Text> {
    prop_oneof![
        "[a-zA-Z0-9:*?/_-]{0,12}",
        any::<String>(),
        "[\"\\\\\u{0}-\u{1f} é\u{2028}\u{feff}]{0,6}",
    ]
    .prop_map(Text::new)
    .boxed()
}

/// A one-or-many value: the scalar form always holds exactly one item.
fn one_or_many<T: std::fmt::Debug + Clone + 'static>(
    item: BoxedStrategy<T>,
) -> BoxedStrategy<OneOrMany<T>> {
    prop_oneof![
        item.clone().prop_map(OneOrMany::one),
        vec(item, 0..4).prop_map(OneOrMany::many),
    ]
    .boxed()
}

fn condition_value() -> BoxedStrategy<ConditionValue> {
    let number = "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?";
    prop_oneof![
        any::<String>().prop_map(ConditionValue::string),
        any::<bool>().prop_map(ConditionValue::bool),
        number.prop_map(|n| ConditionValue {
            value: ScalarValue::Number(n),
            span: None,
        }),
    ]
    .boxed()
}

/// Unique keys, in an arbitrary (not sorted) order.
fn unique_keys(max: usize) -> impl Strategy<Value = Vec<String>> {
    btree_set(any::<String>(), 0..max)
        .prop_map(|set| set.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
}

fn condition() -> impl Strategy<Value = ConditionBlock> {
    unique_keys(3)
        .prop_flat_map(|ops| {
            let per_op: Vec<_> = ops
                .into_iter()
                .map(|op| {
                    unique_keys(3).prop_flat_map(move |keys| {
                        let op = op.clone();
                        vec(one_or_many(condition_value()), keys.len()).prop_map(move |values| {
                            let entries =
                                keys.iter().zip(values).map(|(k, values)| ConditionEntry {
                                    key: Text::new(k.as_str()),
                                    values,
                                });
                            ConditionOperator::new(&op, entries)
                        })
                    })
                })
                .collect();
            per_op
        })
        .prop_map(ConditionBlock::new)
}

fn principal() -> impl Strategy<Value = Principal> {
    prop_oneof![
        any_text().prop_map(Principal::Wildcard),
        unique_keys(4).prop_flat_map(|types| {
            vec(one_or_many(any_text()), types.len()).prop_map(move |ids| {
                Principal::Map(PrincipalMap {
                    entries: types
                        .iter()
                        .zip(ids)
                        .map(|(t, ids)| PrincipalEntry {
                            principal_type: Text::new(t.as_str()),
                            ids,
                        })
                        .collect(),
                    span: None,
                })
            })
        }),
    ]
}

fn statement() -> BoxedStrategy<Statement> {
    let list = || option::of(one_or_many(any_text()));
    (
        (option::of(any_text()), option::of(any_text())),
        (option::of(principal()), option::of(principal())),
        (list(), list(), list(), list()),
        option::of(condition()),
    )
        .prop_map(
            |((sid, effect), (principal, not_principal), (a, na, r, nr), condition)| Statement {
                sid,
                effect,
                principal,
                not_principal,
                action: a,
                not_action: na,
                resource: r,
                not_resource: nr,
                condition,
                span: None,
                unknown: Default::default(),
            },
        )
        .boxed()
}

/// Any document, with every string and list form the model allows.
pub(super) fn document() -> impl Strategy<Value = PolicyDocument> {
    (
        option::of(any_text()),
        option::of(any_text()),
        option::of(one_or_many(statement())),
    )
        .prop_map(|(version, id, statements)| PolicyDocument {
            version,
            id,
            statements,
            span: None,
        })
}

/// Every parsed string node's span covers a JSON string literal.
fn spans_cover_string_literals(source: &str, doc: &PolicyDocument) -> bool {
    let literal = |t: &Text| match t.span {
        Some(s) => source
            .get(s.offset..s.end())
            .is_some_and(|raw| raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"')),
        None => false,
    };
    let mut texts: Vec<&Text> = doc.version.iter().chain(doc.id.iter()).collect();
    for st in doc.statements() {
        texts.extend(st.sid.iter().chain(st.effect.iter()));
        for list in [&st.action, &st.not_action, &st.resource, &st.not_resource]
            .into_iter()
            .flatten()
        {
            texts.extend(list.iter());
        }
    }
    texts.into_iter().all(literal)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn render_then_parse_is_identity(doc in document()) {
        for rendered in [doc.to_json_pretty(), doc.to_json_minified()] {
            let outcome = parse_policy(&rendered);
            prop_assert!(outcome.errors.is_empty(), "{:?}\n{}", outcome.errors, rendered);
            let parsed = outcome.document.unwrap_or_default();
            prop_assert!(spans_cover_string_literals(&rendered, &parsed));
            prop_assert_eq!(&parsed.without_spans(), &doc);
            prop_assert!(documents_equivalent(&parsed, &doc));
        }
        prop_assert_eq!(
            counted_size(&doc.to_json_pretty()),
            counted_size(&doc.to_json_minified())
        );
    }

    #[test]
    fn scalar_form_survives(doc in document()) {
        let parsed = parse_policy(&doc.to_json_minified()).document.unwrap_or_default();
        let forms = |d: &PolicyDocument| {
            d.statements.as_ref().map(|s| s.form).unwrap_or(ListForm::Array)
        };
        prop_assert_eq!(forms(&parsed), forms(&doc));
    }
}
