//! A `rekognitioniam_policy_document` object as another resource receives it (for example
//! `inline_policies = { images = data.rekognitioniam_policy_document.images }`), read as far as
//! it is known.
//!
//! When the data source is read at plan its `json` is known and is the document. When its read
//! is deferred to apply (its configuration holds values known only after apply), Terraform still
//! passes its configuration with the known values in place: the document is then built from the
//! `statement` blocks and the known source and override documents with the unknown elements
//! left out and marked (see [`hcl::statement`] and [`engine::policy::UnknownParts`]).

use engine::analysis::effective::unknown_statement;
use engine::policy::{counted_size, PolicyDocument, Statement};
use host::diagnostic::has_errors;
use host::value::Value;

use super::{blocks, hcl, merge};

/// What can be read from a data source object.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectDocument {
    /// `json` is known: the document as the data source rendered it.
    Json(String),
    /// `json` is not known yet; the document as far as its configuration is known.
    Partial {
        /// The known statements (unknown parts marked; a wholly unknown block is a statement
        /// with every part unknown).
        document: Box<PolicyDocument>,
        /// A size (IAM's count, without whitespace) the final document has at least, when one
        /// can be told: the known parts rendered. `None` when sources or overrides may still
        /// replace statements.
        size_at_least: Option<usize>,
    },
    /// Which statements the document will hold is not known yet.
    Unknown {
        /// Why, for messages (`"its statement blocks are known only after apply"`).
        why: String,
    },
}

/// Whether `value` looks like a `rekognitioniam_policy_document` object.
pub fn is_document_object(value: &Value) -> bool {
    ["json", "statement", "minified_json"]
        .iter()
        .all(|name| value.get(name).is_some())
}

/// The known JSON documents of a list argument with their indexes, read as the data source
/// reads them (empty strings skipped), or why they cannot be used yet.
fn documents(object: &Value, name: &'static str) -> Result<Vec<(usize, PolicyDocument)>, String> {
    let mut diagnostics = Vec::new();
    let inputs = merge::known_inputs(object, name, &mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(format!("one of its {name} is not valid policy JSON"));
    }
    if inputs.pending {
        return Err(format!("its {name} are known only after apply"));
    }
    Ok(inputs.documents)
}

/// Reads a data source object (see the module docs).
pub fn read_object(object: &Value) -> ObjectDocument {
    if let Some(json) = object.get("json").and_then(Value::as_str) {
        return ObjectDocument::Json(json.to_string());
    }
    let unknown = |why: String| ObjectDocument::Unknown { why };
    if object.get("statement").is_some_and(Value::is_unknown) {
        return unknown("its statement blocks are known only after apply".to_string());
    }
    let (sources, overrides) = match (
        documents(object, "source_policy_documents"),
        documents(object, "override_policy_documents"),
    ) {
        (Ok(s), Ok(o)) => (s, o),
        (Err(why), _) | (_, Err(why)) => return unknown(why),
    };
    let statements: Vec<Statement> = blocks(object)
        .iter()
        .map(|block| {
            if block.is_unknown() {
                unknown_statement()
            } else {
                hcl::statement(block)
            }
        })
        .collect();
    let merging = !sources.is_empty() || !overrides.is_empty();
    if merging && statements.iter().any(|s| s.unknown.sid) {
        return unknown(
            "a statement's sid is known only after apply, so which source or override \
             statements it replaces is not known"
                .to_string(),
        );
    }
    let unknown_header = ["version", "policy_id"]
        .iter()
        .any(|name| object.get(name).is_some_and(Value::is_unknown));
    let merged = merge::merge(
        hcl::string(object, "version"),
        hcl::string(object, "policy_id"),
        &sources,
        statements.into_iter().enumerate().collect(),
        &overrides,
    );
    // Leaving unknown elements out only shortens the rendered text, unless a merge may still
    // drop statements (an override's Sid could meet an unknown one) or the header is unknown.
    let size_at_least =
        (!merging && !unknown_header).then(|| counted_size(&merged.document.to_json_minified()));
    ObjectDocument::Partial {
        document: Box::new(merged.document),
        size_at_least,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: &[(&str, Value)]) -> Value {
        let mut all: Vec<(&str, Value)> = [
            "json",
            "minified_json",
            "statement",
            "source_policy_documents",
            "override_policy_documents",
            "version",
            "policy_id",
        ]
        .iter()
        .map(|n| (*n, Value::Null))
        .collect();
        for (k, v) in pairs {
            if let Some(slot) = all.iter_mut().find(|(n, _)| n == k) {
                slot.1 = v.clone();
            }
        }
        Value::object(all)
    }

    fn block(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (*k, v.clone())))
    }

    #[test]
    fn known_json_is_the_document() {
        let o = object(&[
            ("json", Value::from("{}")),
            ("minified_json", Value::from("{}")),
        ]);
        assert!(is_document_object(&o));
        assert_eq!(read_object(&o), ObjectDocument::Json("{}".into()));
        assert!(!is_document_object(&Value::from("{}")));
    }

    #[test]
    fn deferred_objects_give_their_known_statements() {
        let o = object(&[
            ("json", Value::Unknown),
            (
                "statement",
                Value::List(vec![
                    block(&[
                        ("actions", Value::string_list(["s3:GetObject"])),
                        ("resources", Value::List(vec![Value::Unknown])),
                    ]),
                    Value::Unknown,
                ]),
            ),
        ]);
        let ObjectDocument::Partial {
            document,
            size_at_least,
        } = read_object(&o)
        else {
            panic!("partial expected");
        };
        let statements = document.statements();
        assert_eq!(statements.len(), 2);
        assert!(statements[0].unknown.resource && !statements[0].unknown.action);
        assert!(statements[1].unknown.effect);
        assert!(size_at_least.is_some_and(|n| n > 30));
    }

    #[test]
    fn unknown_statement_lists_and_sources_are_not_read() {
        let o = object(&[("json", Value::Unknown), ("statement", Value::Unknown)]);
        assert!(matches!(read_object(&o), ObjectDocument::Unknown { .. }));
        let o = object(&[
            ("json", Value::Unknown),
            ("statement", Value::List(vec![])),
            ("source_policy_documents", Value::List(vec![Value::Unknown])),
        ]);
        let ObjectDocument::Unknown { why } = read_object(&o) else {
            panic!("unknown expected");
        };
        assert!(why.contains("source_policy_documents"), "{why}");
    }
}
