//! The documents given in `inline_policies` and `policy_documents`: a JSON string, or a
//! `rekognitioniam_policy_document` data source object, either possibly known only after apply.
//!
//! Both attributes are `dynamic`, so that one map may mix the two forms
//! (`{ a = "{...}", b = data.rekognitioniam_policy_document.b }`): Terraform then sends an object
//! value whose attribute types say which entry is which (a `map(string)` when every entry is a
//! string and the map was built with `tomap`).

use crate::provider::policy_document::{is_document_object, read_object, ObjectDocument};
use engine::policy::PolicyDocument;
use host::value::{Type, Value};

/// One document as far as it is known at this point.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A known JSON document (a string, or a data source object whose `json` is known).
    Json(String),
    /// A data source object read before its `json` is known: the known statements.
    Partial {
        document: Box<PolicyDocument>,
        /// A size the document has at least, when one can be told.
        size_at_least: Option<usize>,
    },
    /// Nothing of the document is known yet.
    Unknown {
        /// Why, for messages.
        why: String,
        /// Whether passing the data source object instead would let the plan read it.
        hint: bool,
    },
    /// Neither a string nor a document object.
    Invalid(String),
}

/// The entries of a document map, or `None` when the whole map is known only after apply.
pub struct Entries(pub Option<Vec<(String, Input)>>);

/// The value inside any `dynamic` wrappers.
pub fn plain(v: &Value) -> &Value {
    match v {
        Value::Dynamic(_, inner) => plain(inner),
        other => other,
    }
}

/// Reads one entry's value; `ty` is the entry's type when the map's type is known.
pub fn input(v: &Value, ty: Option<&Type>) -> Input {
    match plain(v) {
        Value::String(text) => Input::Json(text.clone()),
        Value::Unknown => Input::Unknown {
            why: "the whole document is one value known only after apply".to_string(),
            // An unknown string (typically a deferred data source's .json) would be readable
            // as the object; an unknown object would not.
            hint: !matches!(ty, Some(Type::Object(_))),
        },
        object @ Value::Object(_) if is_document_object(object) => match read_object(object) {
            ObjectDocument::Json(text) => Input::Json(text),
            ObjectDocument::Partial {
                document,
                size_at_least,
            } => Input::Partial {
                document,
                size_at_least,
            },
            ObjectDocument::Unknown { why } => Input::Unknown { why, hint: false },
        },
        Value::Null => Input::Invalid("The document is null.".to_string()),
        _ => Input::Invalid(
            "The value is neither a JSON string nor a rekognitioniam_policy_document data \
             source object."
                .to_string(),
        ),
    }
}

/// Reads the map attribute `name` of `v` (absent or null: no entries).
pub fn entries(v: &Value, name: &str) -> Entries {
    let raw = v.get(name).unwrap_or(&Value::Null);
    // The type of each entry, from the dynamic value's concrete type.
    let entry_type = |key: &str| match raw {
        Value::Dynamic(ty, _) => match ty.as_ref() {
            Type::Object(attrs) => attrs.get(key).cloned(),
            Type::Map(elem) => Some((**elem).clone()),
            _ => None,
        },
        _ => None,
    };
    match plain(raw) {
        Value::Unknown => Entries(None),
        Value::Map(m) | Value::Object(m) => Entries(Some(
            m.iter()
                .map(|(k, e)| (k.clone(), input(e, entry_type(k).as_ref())))
                .collect(),
        )),
        _ => Entries(Some(Vec::new())),
    }
}

/// Whether the attribute `name` of `v` is known and set but not a map (a dynamic attribute
/// accepts any value; the type a static schema would have enforced is checked here).
pub fn not_a_map(v: &Value, name: &str) -> bool {
    !matches!(
        v.get(name).map(plain),
        None | Some(Value::Null | Value::Unknown | Value::Map(_) | Value::Object(_))
    )
}

/// `inline_policies["name"]`, as messages name an entry.
pub fn entry_path(attribute: &str, key: &str) -> String {
    format!("{attribute}[{key:?}]")
}

/// Which parts of which statements of a partial document are unknown:
/// `statement 0: resources; statement 2: effect, actions`.
pub fn describe_unknowns(document: &PolicyDocument) -> String {
    let mut out = Vec::new();
    for (i, s) in document.statements().iter().enumerate() {
        let u = s.unknown;
        let parts: Vec<&str> = [
            (u.effect, "effect"),
            (u.action, "actions"),
            (u.not_action, "not_actions"),
            (u.resource, "resources"),
            (u.not_resource, "not_resources"),
            (u.condition, "condition"),
        ]
        .iter()
        .filter(|(flag, _)| *flag)
        .map(|(_, name)| *name)
        .collect();
        if !parts.is_empty() {
            out.push(format!("statement {i}: {}", parts.join(", ")));
        }
    }
    out.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_objects_and_unknowns() {
        let mixed = Value::Dynamic(
            Box::new(Type::object([("a", Type::String), ("b", Type::String)])),
            Box::new(Value::object([
                ("a", Value::from("{}")),
                ("b", Value::Unknown),
            ])),
        );
        let v = Value::object([("inline_policies", mixed)]);
        let Entries(Some(list)) = entries(&v, "inline_policies") else {
            panic!("known map expected");
        };
        assert_eq!(list[0], ("a".to_string(), Input::Json("{}".into())));
        assert!(matches!(list[1].1, Input::Unknown { hint: true, .. }));
        let v = Value::object([("inline_policies", Value::Unknown)]);
        assert!(entries(&v, "inline_policies").0.is_none());
        assert!(matches!(input(&Value::Bool(true), None), Input::Invalid(_)));
        let object_type = Type::object([("json", Type::String)]);
        assert!(matches!(
            input(&Value::Unknown, Some(&object_type)),
            Input::Unknown { hint: false, .. }
        ));
        assert_eq!(entry_path("inline_policies", "a"), "inline_policies[\"a\"]");
        let text = Value::object([("inline_policies", Value::from("{}"))]);
        assert!(not_a_map(&text, "inline_policies"));
        assert!(!not_a_map(&v, "inline_policies") && !not_a_map(&v, "policy_documents"));
    }
}
