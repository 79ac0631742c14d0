//! Semantic equality of policy documents.
//!
//! Two documents are equivalent when they have the same canonical form,
//! which ignores:
//! - whitespace, key order and escapes (the model holds decoded values);
//! - scalar-vs-array form of every one-or-many value, and of `Statement`;
//! - the order of statements, of list elements, of principal types and of
//!   condition operators and keys;
//! - duplicates among statements and among list elements;
//! - letter case of actions (IAM matches them case-insensitively) and of
//!   condition key names (IAM documents them as case-insensitive);
//! - the JSON type of condition values (IAM compares them as strings, so
//!   `true` equals `"true"`; a number keeps its written digits, so `1.0` is
//!   not `1`);
//! - a missing `Version` versus `"2008-10-17"` (IAM's default), and a missing
//!   or empty `Condition` block.
//!
//! `Sid`, `Id`, `Effect`, resources, principals, condition operator names and
//! values compare exactly. Nothing is expanded: `s3:Get*` is not equal to the
//! list of actions it matches, and a 12-digit account principal is not equal
//! to its `:root` ARN.

use std::collections::BTreeSet;

use super::model::{PolicyDocument, Statement, StringList, Text, VERSION_2008_10_17};
use super::principal::Principal;

type Strings = BTreeSet<String>;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum CanonicalPrincipal {
    Wildcard(String),
    /// (type, identifiers), sorted by type.
    Map(BTreeSet<(String, Strings)>),
}

/// A statement reduced to what affects its meaning.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CanonicalStatement {
    sid: Option<String>,
    effect: Option<String>,
    principal: Option<CanonicalPrincipal>,
    not_principal: Option<CanonicalPrincipal>,
    action: Option<Strings>,
    not_action: Option<Strings>,
    resource: Option<Strings>,
    not_resource: Option<Strings>,
    /// (operator, lower-cased key, values) triples.
    condition: BTreeSet<(String, String, Strings)>,
}

#[derive(Debug, PartialEq, Eq)]
struct CanonicalDocument {
    version: String,
    id: Option<String>,
    statements: Option<BTreeSet<CanonicalStatement>>,
}

fn text(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.value.clone())
}

fn set(list: &Option<StringList>, lowercase: bool) -> Option<Strings> {
    list.as_ref().map(|l| {
        l.strings()
            .map(|s| {
                if lowercase {
                    s.to_lowercase()
                } else {
                    s.to_string()
                }
            })
            .collect()
    })
}

fn principal(p: &Option<Principal>) -> Option<CanonicalPrincipal> {
    p.as_ref().map(|p| match p {
        Principal::Wildcard(t) => CanonicalPrincipal::Wildcard(t.value.clone()),
        Principal::Map(map) => CanonicalPrincipal::Map(
            map.entries
                .iter()
                .map(|e| {
                    let ids = e.ids.strings().map(str::to_string).collect();
                    (e.principal_type.value.clone(), ids)
                })
                .collect(),
        ),
    })
}

fn statement(st: &Statement) -> CanonicalStatement {
    let condition = st
        .condition
        .iter()
        .flat_map(|block| &block.operators)
        .flat_map(|op| {
            op.entries.iter().map(move |entry| {
                let values = entry
                    .values
                    .iter()
                    .map(|v| v.value.as_text().into_owned())
                    .collect();
                (
                    op.name.value.clone(),
                    entry.key.value.to_lowercase(),
                    values,
                )
            })
        })
        .collect();
    CanonicalStatement {
        sid: text(&st.sid),
        effect: text(&st.effect),
        principal: principal(&st.principal),
        not_principal: principal(&st.not_principal),
        action: set(&st.action, true),
        not_action: set(&st.not_action, true),
        resource: set(&st.resource, false),
        not_resource: set(&st.not_resource, false),
        condition,
    }
}

fn canonical(doc: &PolicyDocument) -> CanonicalDocument {
    CanonicalDocument {
        version: doc
            .version
            .as_ref()
            .map_or(VERSION_2008_10_17.to_string(), |v| v.value.clone()),
        id: text(&doc.id),
        statements: doc
            .statements
            .as_ref()
            .map(|list| list.iter().map(statement).collect()),
    }
}

/// Whether `a` and `b` mean the same (see the module docs for what is normalised).
pub fn documents_equivalent(a: &PolicyDocument, b: &PolicyDocument) -> bool {
    canonical(a) == canonical(b)
}

/// Whether two statements mean the same, by the same rules as [`documents_equivalent`].
pub fn statements_equivalent(a: &Statement, b: &Statement) -> bool {
    statement(a) == statement(b)
}

/// What a statement means apart from its `Sid`, by the rules of [`documents_equivalent`]:
/// two statements are equivalent but for their Sids when their meanings are equal. Computed
/// once per statement, it saves comparing many pairs afresh.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StatementMeaning(CanonicalStatement);

impl StatementMeaning {
    /// The meaning of `statement`, its Sid left out.
    pub(crate) fn without_sid(statement: &Statement) -> Self {
        let mut canonical = self::statement(statement);
        canonical.sid = None;
        StatementMeaning(canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse::parse_policy;

    fn doc(json: &str) -> PolicyDocument {
        match parse_policy(json).into_result() {
            Ok(doc) => doc,
            Err(errors) => panic!("{json}: {errors:?}"),
        }
    }

    fn same(a: &str, b: &str) -> bool {
        documents_equivalent(&doc(a), &doc(b))
    }

    #[test]
    fn ignores_form_order_case_and_duplicates() {
        let a = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
        let b = r#"{
            "Statement": [{"Resource": ["*", "*"], "Action": ["S3:getobject"], "Effect": "Allow"}],
            "Version": "2012-10-17"
        }"#;
        assert!(same(a, b));
    }

    #[test]
    fn statement_order_and_condition_normalisation() {
        let a = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"A","Effect":"Allow","Action":"a:x","Resource":"*",
             "Condition":{"Bool":{"aws:SecureTransport":true},"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}},
            {"Sid":"B","Effect":"Deny","Action":"a:y","Resource":"*","Condition":{}}]}"#;
        let b = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"B","Effect":"Deny","Action":"a:y","Resource":"*"},
            {"Sid":"A","Effect":"Allow","Action":"a:x","Resource":"*",
             "Condition":{"StringEquals":{"AWS:RequestedRegion":["eu-west-1","us-east-1"]},"Bool":{"aws:securetransport":"true"}}}]}"#;
        assert!(same(a, b));
    }

    #[test]
    fn meaningful_differences() {
        let base = r#"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"a:x","Resource":"arn:x"}]}"#;
        for other in [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Deny","Action":"a:x","Resource":"arn:x"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"T","Effect":"Allow","Action":"a:x","Resource":"arn:x"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"a:x","Resource":"arn:X"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","NotAction":"a:x","Resource":"arn:x"}]}"#,
            r#"{"Version":"2008-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"a:x","Resource":"arn:x"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"a:*","Resource":"arn:x"}]}"#,
        ] {
            assert!(!same(base, other), "{other}");
        }
    }

    #[test]
    fn missing_version_is_2008() {
        assert!(same(
            r#"{"Statement":[]}"#,
            r#"{"Version":"2008-10-17","Statement":[]}"#
        ));
        assert!(!same(
            r#"{"Statement":[]}"#,
            r#"{"Version":"2012-10-17","Statement":[]}"#
        ));
    }

    #[test]
    fn principals_ignore_order_and_form() {
        let a = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:a","Service":["s.amazonaws.com"]}}}"#;
        let b = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"s.amazonaws.com","AWS":["arn:a","arn:a"]}}}"#;
        assert!(same(a, b));
        let c = r#"{"Statement":{"Effect":"Allow","Principal":"*"}}"#;
        let d = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"}}}"#;
        assert!(!same(c, d));
    }
}
