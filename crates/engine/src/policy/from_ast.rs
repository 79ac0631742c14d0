//! Builds the model from a JSON AST, reporting structural problems.
//!
//! Values of the wrong JSON type are reported and left out (an element of a
//! list is skipped, the rest kept); for duplicate keys the first occurrence
//! is used.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Range;

use super::condition::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, ScalarValue,
};
use super::location::Field;
use super::model::{ListForm, OneOrMany, PolicyDocument, Span, Statement, StringList, Text};
use super::parse_error::{ParseError, ParseErrorCode as Code};
use super::principal::{Principal, PrincipalEntry, PrincipalMap};
use super::source_map::SourceMap;

/// Converts a parsed AST into a [`PolicyDocument`], collecting errors.
pub(crate) struct Builder<'m, 't> {
    map: &'m SourceMap<'t>,
    errors: Vec<ParseError>,
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::NullKeyword(_) => "null",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
    }
}

fn value_range(value: &Value) -> Range {
    match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::NullKeyword(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
    }
}

fn name_range(name: &ObjectPropName) -> Range {
    match name {
        ObjectPropName::String(lit) => lit.range,
        ObjectPropName::Word(word) => word.range,
    }
}

/// Objects with at most this many keys are checked for duplicates without a hash map.
const SMALL_OBJECT: usize = 16;

/// The properties of `object` without later duplicates (reported separately).
fn first_occurrences<'o, 'a>(object: &'o Object<'a>) -> impl Iterator<Item = &'o ObjectProp<'a>> {
    let properties = &object.properties;
    let small = properties.len() <= SMALL_OBJECT;
    let mut seen = HashSet::new();
    properties
        .iter()
        .enumerate()
        .filter(move |(index, p)| {
            let name = p.name.as_str();
            if small {
                let earlier = properties.get(..*index).unwrap_or(&[]);
                !earlier.iter().any(|q| q.name.as_str() == name)
            } else {
                seen.insert(name)
            }
        })
        .map(|(_, p)| p)
}

impl<'m, 't> Builder<'m, 't> {
    pub(crate) fn new(map: &'m SourceMap<'t>) -> Self {
        Builder {
            map,
            errors: Vec::new(),
        }
    }

    /// The errors found so far.
    pub(crate) fn into_errors(self) -> Vec<ParseError> {
        self.errors
    }

    fn span(&self, range: Range) -> Option<Span> {
        Some(self.map.span(range.start, range.end))
    }

    fn wrong_type(&mut self, value: &Value, what: &dyn Display, expected: &str) {
        let found = json_type(value);
        self.errors.push(ParseError::new(
            Code::PolicyWrongType,
            self.span(value_range(value)),
            format!("{what} must be {expected}, not {found}"),
            format!("Write {what} as {expected}."),
        ));
    }

    /// Reports every repeated key in every object of the tree.
    pub(crate) fn check_duplicate_keys(&mut self, value: &Value) {
        match value {
            Value::Object(object) => {
                // Most objects have a handful of keys: a look back beats hashing them.
                let small = object.properties.len() <= SMALL_OBJECT;
                let mut first: HashMap<&str, Range> = HashMap::new();
                for (index, prop) in object.properties.iter().enumerate() {
                    let name = prop.name.as_str();
                    let range = name_range(&prop.name);
                    let earlier = if small {
                        object
                            .properties
                            .get(..index)
                            .unwrap_or(&[])
                            .iter()
                            .find(|p| p.name.as_str() == name)
                            .map(|p| name_range(&p.name))
                    } else {
                        first.get(name).copied()
                    };
                    if let Some(earlier) = earlier {
                        let earlier = self.map.point(earlier.start);
                        self.errors.push(ParseError::new(
                            Code::JsonDuplicateKey,
                            self.span(range),
                            format!(
                                "duplicate key \"{name}\" (first at {}:{})",
                                earlier.line, earlier.column
                            ),
                            "Keep one of the two: IAM rejects documents with repeated keys \
                             (merge the values into one array if both are needed).",
                        ));
                    } else if !small {
                        first.insert(name, range);
                    }
                    self.check_duplicate_keys(&prop.value);
                }
            }
            Value::Array(array) => array
                .elements
                .iter()
                .for_each(|e| self.check_duplicate_keys(e)),
            _ => {}
        }
    }

    /// Builds the document from the root value; `None` unless it is an object.
    pub(crate) fn document(&mut self, root: &Value) -> Option<PolicyDocument> {
        let Value::Object(object) = root else {
            self.wrong_type(root, &"the policy document", "a JSON object");
            return None;
        };
        let mut doc = PolicyDocument {
            span: self.span(object.range),
            ..PolicyDocument::default()
        };
        for prop in first_occurrences(object) {
            match prop.name.as_str() {
                "Version" => doc.version = self.text(&prop.value, &"`Version`"),
                "Id" => doc.id = self.text(&prop.value, &"`Id`"),
                "Statement" => doc.statements = self.statements(&prop.value),
                other => self.unknown_element(prop, other, &Field::DOCUMENT_FIELDS, "top-level"),
            }
        }
        Some(doc)
    }

    fn unknown_element(&mut self, prop: &ObjectProp, name: &str, known: &[Field], place: &str) {
        let names: Vec<&str> = known.iter().map(|f| f.json_key()).collect();
        let hint = match suggest(name, &names) {
            Some(s) => format!("Did you mean \"{s}\"? "),
            None => String::new(),
        };
        self.errors.push(ParseError::new(
            Code::PolicyUnknownElement,
            self.span(name_range(&prop.name)),
            format!("unknown {place} element \"{name}\""),
            format!(
                "{hint}IAM accepts only these {place} elements (case-sensitive): {}.",
                names.join(", ")
            ),
        ));
    }

    fn text(&mut self, value: &Value, what: &dyn Display) -> Option<Text> {
        match value {
            Value::StringLit(lit) => Some(Text {
                value: lit.value.to_string(),
                span: self.span(lit.range),
            }),
            other => {
                self.wrong_type(other, what, "a string");
                None
            }
        }
    }

    fn statements(&mut self, value: &Value) -> Option<OneOrMany<Statement>> {
        let (form, items) = match value {
            Value::Object(object) => (ListForm::Scalar, vec![self.statement(object)]),
            Value::Array(array) => {
                let mut items = Vec::new();
                for element in &array.elements {
                    match element {
                        Value::Object(object) => items.push(self.statement(object)),
                        other => self.wrong_type(other, &"each statement", "a JSON object"),
                    }
                }
                (ListForm::Array, items)
            }
            other => {
                self.wrong_type(other, &"`Statement`", "an object or an array of objects");
                return None;
            }
        };
        Some(OneOrMany {
            form,
            items,
            span: self.span(value_range(value)),
        })
    }

    fn statement(&mut self, object: &Object) -> Statement {
        let mut st = Statement {
            span: self.span(object.range),
            ..Statement::default()
        };
        for prop in first_occurrences(object) {
            let v = &prop.value;
            match prop.name.as_str() {
                "Sid" => st.sid = self.text(v, &"`Sid`"),
                "Effect" => st.effect = self.text(v, &"`Effect`"),
                "Principal" => st.principal = self.principal(v, &"`Principal`"),
                "NotPrincipal" => st.not_principal = self.principal(v, &"`NotPrincipal`"),
                "Action" => st.action = self.string_list(v, &"`Action`"),
                "NotAction" => st.not_action = self.string_list(v, &"`NotAction`"),
                "Resource" => st.resource = self.string_list(v, &"`Resource`"),
                "NotResource" => st.not_resource = self.string_list(v, &"`NotResource`"),
                "Condition" => st.condition = self.condition(v),
                other => self.unknown_element(prop, other, &Field::STATEMENT_FIELDS, "statement"),
            }
        }
        st
    }

    fn string_list(&mut self, value: &Value, what: &dyn Display) -> Option<StringList> {
        match value {
            Value::StringLit(_) => {
                let item = self.text(value, what)?;
                Some(OneOrMany {
                    form: ListForm::Scalar,
                    span: item.span,
                    items: vec![item],
                })
            }
            Value::Array(array) => {
                // the description is formatted only for an error, not for every list
                let items = array
                    .elements
                    .iter()
                    .filter_map(|e| self.text(e, &format_args!("each entry of {what}")))
                    .collect();
                Some(OneOrMany {
                    form: ListForm::Array,
                    items,
                    span: self.span(array.range),
                })
            }
            other => {
                self.wrong_type(other, what, "a string or an array of strings");
                None
            }
        }
    }

    fn principal(&mut self, value: &Value, what: &dyn Display) -> Option<Principal> {
        match value {
            Value::StringLit(_) => self.text(value, what).map(Principal::Wildcard),
            Value::Object(object) => {
                let mut entries = Vec::new();
                for prop in first_occurrences(object) {
                    let name = prop.name.as_str();
                    let ids = self.string_list(&prop.value, &format_args!("{what} \"{name}\""));
                    if let Some(ids) = ids {
                        entries.push(PrincipalEntry {
                            principal_type: Text {
                                value: name.to_string(),
                                span: self.span(name_range(&prop.name)),
                            },
                            ids,
                        });
                    }
                }
                Some(Principal::Map(PrincipalMap {
                    entries,
                    span: self.span(object.range),
                }))
            }
            other => {
                self.wrong_type(other, what, "\"*\" or an object of principal types");
                None
            }
        }
    }

    fn condition(&mut self, value: &Value) -> Option<ConditionBlock> {
        let Value::Object(object) = value else {
            self.wrong_type(value, &"`Condition`", "an object of condition operators");
            return None;
        };
        let mut block = ConditionBlock {
            operators: Vec::new(),
            span: self.span(object.range),
        };
        for prop in first_occurrences(object) {
            let name = prop.name.as_str();
            let Value::Object(keys) = &prop.value else {
                let what = format_args!("condition operator \"{name}\"");
                self.wrong_type(&prop.value, &what, "an object of condition keys");
                continue;
            };
            let mut operator = ConditionOperator {
                name: Text {
                    value: name.to_string(),
                    span: self.span(name_range(&prop.name)),
                },
                entries: Vec::new(),
                span: self.span(keys.range),
            };
            for key_prop in first_occurrences(keys) {
                let key = key_prop.name.as_str();
                let values = self
                    .condition_values(&key_prop.value, &format_args!("condition key \"{key}\""));
                if let Some(values) = values {
                    operator.entries.push(ConditionEntry {
                        key: Text {
                            value: key.to_string(),
                            span: self.span(name_range(&key_prop.name)),
                        },
                        values,
                    });
                }
            }
            block.operators.push(operator);
        }
        Some(block)
    }

    fn condition_values(
        &mut self,
        value: &Value,
        what: &dyn Display,
    ) -> Option<OneOrMany<ConditionValue>> {
        const EXPECTED: &str = "a string, number or boolean, or an array of them";
        match value {
            Value::Array(array) => Some(self.condition_array(array, what)),
            scalar => match self.scalar(scalar) {
                Some(item) => Some(OneOrMany {
                    form: ListForm::Scalar,
                    span: item.span,
                    items: vec![item],
                }),
                None => {
                    self.wrong_type(scalar, what, EXPECTED);
                    None
                }
            },
        }
    }

    fn condition_array(&mut self, array: &Array, what: &dyn Display) -> OneOrMany<ConditionValue> {
        let mut items = Vec::new();
        for element in &array.elements {
            match self.scalar(element) {
                Some(item) => items.push(item),
                None => self.wrong_type(
                    element,
                    &format_args!("each value of {what}"),
                    "a string, number or boolean",
                ),
            }
        }
        OneOrMany {
            form: ListForm::Array,
            items,
            span: self.span(array.range),
        }
    }

    fn scalar(&self, value: &Value) -> Option<ConditionValue> {
        let scalar = match value {
            Value::StringLit(lit) => ScalarValue::String(lit.value.to_string()),
            Value::NumberLit(lit) => ScalarValue::Number(lit.value.to_string()),
            Value::BooleanLit(lit) => ScalarValue::Bool(lit.value),
            _ => return None,
        };
        Some(ConditionValue {
            value: scalar,
            span: self.span(value_range(value)),
        })
    }
}

/// The known name closest to `name`: same letters in another case, or a small edit away.
fn suggest<'n>(name: &str, known: &[&'n str]) -> Option<&'n str> {
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let lowered = name.to_ascii_lowercase();
    let chars = lowered.chars().count();
    known
        .iter()
        // the distance is at least the difference in length: skip before the quadratic part
        .filter(|k| chars.abs_diff(k.chars().count()) <= (k.len() / 3).max(1))
        .map(|k| {
            (
                strsim::damerau_levenshtein(&lowered, &k.to_ascii_lowercase()),
                *k,
            )
        })
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let known = ["Action", "NotAction", "Resource"];
        assert_eq!(suggest("action", &known), Some("Action"));
        assert_eq!(suggest("Actions", &known), Some("Action"));
        assert_eq!(suggest("Resorce", &known), Some("Resource"));
        assert_eq!(suggest("Banana", &known), None);
    }
}
