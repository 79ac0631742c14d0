//! Merging `source_policy_documents`, `statement` blocks and `override_policy_documents` by Sid,
//! with the semantics of aws_iam_policy_document, while remembering where each statement came
//! from so that findings point at the right attribute.

use engine::policy::{
    parse_policy, ListForm, OneOrMany, PolicyDocument, ScalarValue, Span, Statement, Text,
    VERSION_2012_10_17,
};
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::value::Value;

/// Where a statement of the merged document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Statement `statement` of `source_policy_documents[index]`.
    Source { index: usize, statement: usize },
    /// The `statement` block at `index`.
    Block { index: usize },
    /// Statement `statement` of `override_policy_documents[index]`.
    Override { index: usize, statement: usize },
}

impl Origin {
    /// The attribute holding this statement.
    pub fn path(&self) -> AttributePath {
        match self {
            Origin::Source { index, .. } => {
                AttributePath::root("source_policy_documents").index(*index)
            }
            Origin::Block { index } => AttributePath::root("statement").index(*index),
            Origin::Override { index, .. } => {
                AttributePath::root("override_policy_documents").index(*index)
            }
        }
    }
}

/// A JSON document given as an argument, parsed.
pub struct JsonInput<'a> {
    pub attribute: &'static str,
    pub index: usize,
    pub text: &'a str,
}

/// The merged document with one origin per statement.
pub struct Merged {
    pub document: PolicyDocument,
    pub origins: Vec<Origin>,
    pub diagnostics: Diagnostics,
}

/// Parses a JSON argument; parse errors become diagnostics naming the list index and line:column.
pub fn parse_input(input: &JsonInput<'_>, diagnostics: &mut Diagnostics) -> Option<PolicyDocument> {
    let outcome = parse_policy(input.text);
    let path = AttributePath::root(input.attribute).index(input.index);
    for error in &outcome.errors {
        let place = error
            .span
            .map(|s| format!(" at line {}, column {}", s.line, s.column))
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::error(
                "Invalid policy JSON",
                format!(
                    "{}[{}]{place}: {} {} [{}]",
                    input.attribute,
                    input.index,
                    error.message,
                    error.detail,
                    error.code.as_str()
                ),
            )
            .at(path.clone()),
        );
    }
    if outcome.errors.is_empty() {
        // JSON objects have no order: re-ordered keys must not change the rendered document
        let mut document = outcome.document;
        if let Some(doc) = &mut document {
            doc.sort_unordered_members();
            normalise_condition_values(doc);
        }
        document
    } else {
        None
    }
}

/// Condition values as aws_iam_policy_document writes them, which IAM reads the same way: `true`
/// and `10` become the strings `"true"` and `"10"` (IAM compares condition values as strings),
/// and a one-element array becomes a string.
fn normalise_condition_values(doc: &mut PolicyDocument) {
    let Some(list) = &mut doc.statements else {
        return;
    };
    for statement in &mut list.items {
        let Some(block) = &mut statement.condition else {
            continue;
        };
        for entry in block
            .operators
            .iter_mut()
            .flat_map(|op| op.entries.iter_mut())
        {
            for value in &mut entry.values.items {
                if !matches!(value.value, ScalarValue::String(_)) {
                    value.value = ScalarValue::String(value.value.as_text().into_owned());
                }
            }
            if entry.values.items.len() == 1 {
                entry.values.form = ListForm::Scalar;
            }
        }
    }
}

/// Merges the documents: sources first (Sids unique across them), then each block replaces the
/// source statement with its Sid or is appended, then each override replaces by Sid or appends.
pub fn merge(
    version: Option<String>,
    policy_id: Option<String>,
    sources: &[(usize, PolicyDocument)],
    blocks: Vec<(usize, Statement)>,
    overrides: &[(usize, PolicyDocument)],
) -> Merged {
    let mut statements: Vec<Statement> = Vec::new();
    let mut origins: Vec<Origin> = Vec::new();
    let mut diagnostics = Vec::new();
    // as aws_iam_policy_document: each document in merge order may raise the Version (the
    // statement blocks' own Version takes part) and the last non-empty Id wins
    let block_version = version.unwrap_or_else(|| VERSION_2012_10_17.to_string());
    let versions = sources
        .iter()
        .chain(overrides)
        .filter_map(|(_, d)| d.version.as_ref().map(|v| v.value.as_str()));
    let version = versions
        .fold(block_version.as_str(), |a, b| a.max(b))
        .to_string();
    let ids: Vec<&str> = sources
        .iter()
        .filter_map(|(_, d)| d.id.as_ref().map(|t| t.value.as_str()))
        .chain(policy_id.as_deref())
        .chain(
            overrides
                .iter()
                .filter_map(|(_, d)| d.id.as_ref().map(|t| t.value.as_str())),
        )
        .filter(|id| !id.is_empty())
        .collect();
    let id = ids.last().map(|id| Text::new(*id));

    for (index, doc) in sources {
        let index = *index;
        for (n, s) in doc.statements().iter().enumerate() {
            if let Some(sid) = sid_of(s) {
                if let Some(pos) = position_of_sid(&statements, sid) {
                    diagnostics.push(
                        Diagnostic::error(
                            "Duplicate Sid across source documents",
                            format!(
                                "Sid \"{sid}\" appears in source_policy_documents[{index}]{} and \
                                 already in {}. Sids must be unique across \
                                 source_policy_documents; rename one, or move one into \
                                 override_policy_documents to replace the other.",
                                at_line(s.sid.as_ref().and_then(|t| t.span)),
                                origins
                                    .get(pos)
                                    .map_or_else(|| "an earlier statement".to_owned(), describe)
                            ),
                        )
                        .at(AttributePath::root("source_policy_documents").index(index)),
                    );
                    continue;
                }
            }
            statements.push(s.clone());
            origins.push(Origin::Source {
                index,
                statement: n,
            });
        }
    }

    for (index, s) in blocks {
        // A block replaces a source statement by Sid, but never an earlier block: that would
        // drop the earlier block's permissions without a word (aws_iam_policy_document refuses
        // duplicate Sids too).
        let earlier = sid_of(&s)
            .and_then(|sid| position_of_sid(&statements, sid))
            .and_then(|pos| match origins.get(pos) {
                Some(Origin::Block { index }) => Some(*index),
                _ => None,
            });
        if let (Some(earlier), Some(sid)) = (earlier, sid_of(&s)) {
            diagnostics.push(
                Diagnostic::error(
                    "Duplicate Sid in statement blocks",
                    format!(
                        "statement[{index}] has Sid \"{sid}\" like statement[{earlier}]. Sids must \
                         be unique among statement blocks: rename one, or remove the Sid."
                    ),
                )
                .at(AttributePath::root("statement").index(index).attr("sid")),
            );
            continue;
        }
        replace_or_append(&mut statements, &mut origins, s, Origin::Block { index });
    }

    for (index, doc) in overrides {
        let index = *index;
        for (n, s) in doc.statements().iter().enumerate() {
            replace_or_append(
                &mut statements,
                &mut origins,
                s.clone(),
                Origin::Override {
                    index,
                    statement: n,
                },
            );
        }
    }

    // no statement at all renders `{"Version": "2012-10-17"}`, as aws_iam_policy_document does
    let statements = (!statements.is_empty()).then(|| OneOrMany::many(statements));
    let document = PolicyDocument {
        version: Some(Text::new(version)),
        id,
        statements,
        span: None,
    };
    Merged {
        document,
        origins,
        diagnostics,
    }
}

fn replace_or_append(
    statements: &mut Vec<Statement>,
    origins: &mut Vec<Origin>,
    statement: Statement,
    origin: Origin,
) {
    let pos = sid_of(&statement).and_then(|sid| position_of_sid(statements, sid));
    // `statements` and `origins` run in step, so a statement found has its origin.
    match pos.and_then(|pos| statements.get_mut(pos).zip(origins.get_mut(pos))) {
        Some((kept, kept_origin)) => {
            *kept = statement;
            *kept_origin = origin;
        }
        None => {
            statements.push(statement);
            origins.push(origin);
        }
    }
}

fn sid_of(s: &Statement) -> Option<&str> {
    s.sid
        .as_ref()
        .map(|t| t.value.as_str())
        .filter(|v| !v.is_empty())
}

fn position_of_sid(statements: &[Statement], sid: &str) -> Option<usize> {
    statements.iter().position(|s| sid_of(s) == Some(sid))
}

fn at_line(span: Option<Span>) -> String {
    span.map(|s| format!(" (line {}, column {})", s.line, s.column))
        .unwrap_or_default()
}

fn describe(origin: &Origin) -> String {
    match origin {
        Origin::Source { index, .. } => format!("source_policy_documents[{index}]"),
        Origin::Block { index } => format!("statement[{index}]"),
        Origin::Override { index, .. } => format!("override_policy_documents[{index}]"),
    }
}

/// The known JSON inputs of one list argument (`source_policy_documents`, ...) of a
/// configuration or data source object, parsed as the data source parses them; errors go to
/// `diagnostics`.
pub(super) struct KnownInputs {
    /// The parsed documents with their indexes in the list.
    pub(super) documents: Vec<(usize, PolicyDocument)>,
    /// Whether the list or an element of it is unknown, or did not parse: it may add
    /// statements, or replace statements by Sid, that are not known now.
    pub(super) pending: bool,
}

pub(super) fn known_inputs(
    config: &Value,
    attribute: &'static str,
    diagnostics: &mut Diagnostics,
) -> KnownInputs {
    let value = config.get(attribute);
    let mut pending = value.is_some_and(Value::is_unknown);
    let mut documents = Vec::new();
    for (index, item) in value
        .and_then(Value::as_elements)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let Some(text) = item.as_str() else {
            // An input not known yet may add statements, or replace them by Sid.
            pending |= !item.is_null();
            continue;
        };
        if text.is_empty() {
            // Skipped, as aws_iam_policy_document skips it (`var.extra_policy` defaulting to "").
            continue;
        }
        let input = JsonInput {
            attribute,
            index,
            text,
        };
        match parse_input(&input, diagnostics) {
            Some(document) => documents.push((index, document)),
            None => pending = true,
        }
    }
    KnownInputs { documents, pending }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::policy::{Effect, StringList};

    fn doc(json: &str) -> PolicyDocument {
        parse_policy(json).document.unwrap()
    }

    fn stmt(sid: &str, action: &str) -> Statement {
        Statement::new(Effect::Allow)
            .with_sid(sid)
            .with_action(StringList::scalar(action))
    }

    #[test]
    fn blocks_replace_source_statements_by_sid_and_overrides_win() {
        let source = doc(r#"{"Version":"2012-10-17","Statement":[
              {"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
              {"Sid":"B","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#);
        let over = doc(r#"{"Version":"2012-10-17","Statement":[
              {"Sid":"B","Effect":"Deny","Action":"s3:PutObject","Resource":"*"},
              {"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#);
        let m = merge(
            None,
            None,
            &[(0, source)],
            vec![
                (0, stmt("A", "rekognition:DetectLabels")),
                (1, stmt("C", "x:Y")),
            ],
            &[(0, over)],
        );
        assert!(m.diagnostics.is_empty());
        assert_eq!(
            m.origins,
            vec![
                Origin::Block { index: 0 },
                Origin::Override {
                    index: 0,
                    statement: 0
                },
                Origin::Block { index: 1 },
                Origin::Override {
                    index: 0,
                    statement: 1
                },
            ]
        );
        assert_eq!(
            m.document.statements()[1].effect.as_ref().unwrap().value,
            "Deny"
        );
    }

    #[test]
    fn duplicate_sids_across_sources_are_errors() {
        let a = doc(r#"{"Statement":{"Sid":"X","Effect":"Allow","Action":"a:b","Resource":"*"}}"#);
        let b = doc(r#"{"Statement":{"Sid":"X","Effect":"Allow","Action":"c:d","Resource":"*"}}"#);
        let m = merge(None, None, &[(0, a), (1, b)], Vec::new(), &[]);
        assert_eq!(m.diagnostics.len(), 1);
        assert_eq!(
            m.diagnostics[0].path,
            Some(AttributePath::root("source_policy_documents").index(1))
        );
        assert!(m.diagnostics[0].detail.contains("line 1, column"));
    }

    #[test]
    fn duplicate_sids_among_blocks_are_errors() {
        let source =
            doc(r#"{"Statement":{"Sid":"A","Effect":"Allow","Action":"a:b","Resource":"*"}}"#);
        let m = merge(
            None,
            None,
            &[(0, source)],
            vec![
                (0, stmt("A", "rekognition:DetectLabels")),
                (1, stmt("A", "rekognition:DetectFaces")),
            ],
            &[],
        );
        assert_eq!(m.diagnostics.len(), 1);
        assert_eq!(
            m.diagnostics[0].summary,
            "Duplicate Sid in statement blocks"
        );
        assert_eq!(
            m.diagnostics[0].path,
            Some(AttributePath::root("statement").index(1).attr("sid"))
        );
        // the first block keeps its place; the second does not silently replace it
        assert_eq!(m.origins, vec![Origin::Block { index: 0 }]);
    }

    #[test]
    fn version_is_raised_by_any_document_and_the_last_id_wins() {
        let source = doc(r#"{"Version":"2012-10-17","Id":"S","Statement":[]}"#);
        let over = doc(r#"{"Id":"O","Statement":[]}"#);
        let m = merge(
            Some("2008-10-17".into()),
            Some("P".into()),
            &[(0, source)],
            Vec::new(),
            &[(3, over)],
        );
        assert_eq!(
            m.document.to_json_minified(),
            r#"{"Version":"2012-10-17","Id":"O"}"#
        );
        let m = merge(Some("2008-10-17".into()), None, &[], Vec::new(), &[]);
        assert_eq!(m.document.to_json_minified(), r#"{"Version":"2008-10-17"}"#);
    }

    #[test]
    fn condition_values_of_json_inputs_are_strings_and_single_values_scalars() {
        let mut diags = Vec::new();
        let input = JsonInput {
            attribute: "source_policy_documents",
            index: 0,
            text: r#"{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*",
              "Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[10]}}}}"#,
        };
        let d = parse_input(&input, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert!(d.to_json_minified().contains(
            r#""Condition":{"Bool":{"aws:SecureTransport":"false"},"NumericLessThan":{"s3:max-keys":"10"}}"#
        ));
    }

    #[test]
    fn json_errors_name_index_and_line() {
        let mut diags = Vec::new();
        let input = JsonInput {
            attribute: "source_policy_documents",
            index: 2,
            text: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n  ,}",
        };
        assert!(parse_input(&input, &mut diags).is_none());
        assert!(!diags.is_empty());
        assert!(
            diags[0]
                .detail
                .starts_with("source_policy_documents[2] at line 4"),
            "{}",
            diags[0].detail
        );
    }
}
