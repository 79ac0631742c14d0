//! Deterministic JSON rendering of a [`PolicyDocument`].
//!
//! Keys come in IAM's documented order (Version, Id, Statement; Sid, Effect,
//! Principal, NotPrincipal, Action, NotAction, Resource, NotResource,
//! Condition); list elements, principal types and condition operators/keys
//! keep the author's order, and one-or-many values keep their scalar or
//! array form. The pretty form matches `serde_json`'s pretty printer
//! (2-space indent, `"key": value`, `[]`/`{}` when empty).

use super::condition::{is_json_number, ConditionBlock, ConditionValue, ScalarValue};
use super::model::{OneOrMany, PolicyDocument, Statement, StringList};
use super::principal::Principal;

/// A JSON value borrowed from the model, ready to write.
enum Node<'a> {
    Str(&'a str),
    /// Number or boolean text, written unquoted.
    Raw(&'a str),
    Array(Vec<Node<'a>>),
    Object(Vec<(&'a str, Node<'a>)>),
}

impl PolicyDocument {
    /// Pretty JSON with 2-space indentation and no trailing newline.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        write_node(&mut out, &document_node(self), Some(0));
        out
    }

    /// JSON without any whitespace outside strings.
    pub fn to_json_minified(&self) -> String {
        let mut out = String::new();
        write_node(&mut out, &document_node(self), None);
        out
    }
}

fn document_node(doc: &PolicyDocument) -> Node<'_> {
    let mut members = Vec::new();
    if let Some(version) = &doc.version {
        members.push(("Version", Node::Str(&version.value)));
    }
    if let Some(id) = &doc.id {
        members.push(("Id", Node::Str(&id.value)));
    }
    if let Some(statements) = &doc.statements {
        members.push(("Statement", one_or_many(statements, statement_node)));
    }
    Node::Object(members)
}

fn one_or_many<'a, T>(list: &'a OneOrMany<T>, item: impl Fn(&'a T) -> Node<'a>) -> Node<'a> {
    if list.renders_as_scalar() {
        if let Some(first) = list.items.first() {
            return item(first);
        }
    }
    Node::Array(list.items.iter().map(item).collect())
}

fn strings(list: &StringList) -> Node<'_> {
    one_or_many(list, |t| Node::Str(&t.value))
}

fn statement_node(st: &Statement) -> Node<'_> {
    let mut members = Vec::new();
    if let Some(sid) = &st.sid {
        members.push(("Sid", Node::Str(&sid.value)));
    }
    if let Some(effect) = &st.effect {
        members.push(("Effect", Node::Str(&effect.value)));
    }
    if let Some(p) = &st.principal {
        members.push(("Principal", principal_node(p)));
    }
    if let Some(p) = &st.not_principal {
        members.push(("NotPrincipal", principal_node(p)));
    }
    let lists = [
        ("Action", &st.action),
        ("NotAction", &st.not_action),
        ("Resource", &st.resource),
        ("NotResource", &st.not_resource),
    ];
    for (key, list) in lists {
        if let Some(list) = list {
            members.push((key, strings(list)));
        }
    }
    if let Some(condition) = &st.condition {
        members.push(("Condition", condition_node(condition)));
    }
    Node::Object(members)
}

fn principal_node(principal: &Principal) -> Node<'_> {
    match principal {
        Principal::Wildcard(text) => Node::Str(&text.value),
        Principal::Map(map) => Node::Object(
            map.entries
                .iter()
                .map(|e| (e.principal_type.value.as_str(), strings(&e.ids)))
                .collect(),
        ),
    }
}

fn condition_node(block: &ConditionBlock) -> Node<'_> {
    Node::Object(
        block
            .operators
            .iter()
            .map(|op| {
                let entries = op
                    .entries
                    .iter()
                    .map(|e| (e.key.value.as_str(), one_or_many(&e.values, value_node)))
                    .collect();
                (op.name.value.as_str(), Node::Object(entries))
            })
            .collect(),
    )
}

fn value_node(value: &ConditionValue) -> Node<'_> {
    match &value.value {
        ScalarValue::String(s) => Node::Str(s),
        // a number built in code that is not valid JSON is kept as a string
        ScalarValue::Number(n) if is_json_number(n) => Node::Raw(n),
        ScalarValue::Number(n) => Node::Str(n),
        ScalarValue::Bool(true) => Node::Raw("true"),
        ScalarValue::Bool(false) => Node::Raw("false"),
    }
}

/// Writes `node`; `indent` is the current depth for pretty output, `None` for minified.
fn write_node(out: &mut String, node: &Node, indent: Option<usize>) {
    match node {
        Node::Str(s) => write_string(out, s),
        Node::Raw(r) => out.push_str(r),
        Node::Array(items) => {
            write_container(out, '[', ']', items, indent, |out, item, inner| {
                write_node(out, item, inner)
            });
        }
        Node::Object(members) => {
            write_container(
                out,
                '{',
                '}',
                members,
                indent,
                |out, (key, value), inner| {
                    write_string(out, key);
                    out.push_str(if inner.is_some() { ": " } else { ":" });
                    write_node(out, value, inner);
                },
            );
        }
    }
}

fn write_container<T>(
    out: &mut String,
    open: char,
    close: char,
    items: &[T],
    indent: Option<usize>,
    write_item: impl Fn(&mut String, &T, Option<usize>),
) {
    out.push(open);
    if items.is_empty() {
        out.push(close);
        return;
    }
    let inner = indent.map(|level| level + 1);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, inner);
        write_item(out, item, inner);
    }
    newline(out, indent);
    out.push(close);
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

/// Writes a JSON string literal, escaping as RFC 8259 requires (the same
/// choices as `serde_json`: short escapes where they exist, `\u00XX` for
/// other control characters, everything else literal).
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::condition::{ConditionEntry, ConditionOperator};
    use crate::policy::model::{Effect, Text};
    use crate::policy::principal::{PrincipalEntry, PrincipalType};

    fn sample() -> PolicyDocument {
        let condition = ConditionBlock::new([ConditionOperator {
            name: Text::new("Bool"),
            entries: vec![ConditionEntry {
                key: Text::new("aws:SecureTransport"),
                values: OneOrMany::one(ConditionValue::bool(true)),
            }],
            span: None,
        }]);
        let st = Statement::new(Effect::Allow)
            .with_sid("Read")
            .with_principal(Principal::map([PrincipalEntry::new(
                PrincipalType::Aws,
                StringList::scalar("arn:aws:iam::123456789012:root"),
            )]))
            .with_resource(StringList::array(["*"]))
            .with_action(StringList::array([
                "rekognition:DetectLabels",
                "s3:GetObject",
            ]))
            .with_condition(condition);
        PolicyDocument::new([st])
    }

    #[test]
    fn pretty_layout_and_key_order() {
        let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::123456789012:root"
      },
      "Action": [
        "rekognition:DetectLabels",
        "s3:GetObject"
      ],
      "Resource": [
        "*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": true
        }
      }
    }
  ]
}"#;
        assert_eq!(sample().to_json_pretty(), expected);
    }

    #[test]
    fn minified_has_no_whitespace() {
        let min = sample().to_json_minified();
        assert!(min.starts_with(r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read""#));
        assert!(!min.contains(' ') && !min.contains('\n'));
    }

    #[test]
    fn empty_containers_and_scalar_statement() {
        let mut doc = PolicyDocument::new([Statement::default()]);
        doc.version = None;
        assert_eq!(
            doc.to_json_pretty(),
            "{\n  \"Statement\": [\n    {}\n  ]\n}"
        );
        if let Some(list) = &mut doc.statements {
            list.form = crate::policy::model::ListForm::Scalar;
        }
        assert_eq!(doc.to_json_minified(), r#"{"Statement":{}}"#);
        let mut empty = PolicyDocument::new([
            Statement::new(Effect::Deny).with_action(StringList::array(Vec::<String>::new()))
        ]);
        empty.version = None;
        assert_eq!(
            empty.to_json_minified(),
            r#"{"Statement":[{"Effect":"Deny","Action":[]}]}"#
        );
    }

    #[test]
    fn escaping() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\u{1}\u{7f}é/");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001\u{7f}é/\"");
    }

    #[test]
    fn invalid_numbers_render_as_strings() {
        let v = ConditionValue {
            value: ScalarValue::Number("0x10".into()),
            span: None,
        };
        let mut out = String::new();
        write_node(&mut out, &value_node(&v), None);
        assert_eq!(out, "\"0x10\"");
    }
}
