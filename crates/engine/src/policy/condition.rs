//! The `Condition` block: operator -> key -> one-or-many values.

use std::borrow::Cow;

use super::model::{OneOrMany, Span, Text};

/// A condition value as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScalarValue {
    /// A JSON string (decoded).
    String(String),
    /// A JSON number, kept as its source text (`"10"`, `1.50`, `2e3`).
    Number(String),
    /// A JSON boolean.
    Bool(bool),
}

impl ScalarValue {
    /// The value as IAM compares it: condition values are evaluated as
    /// strings, so `true` and `"true"` mean the same.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            ScalarValue::String(s) | ScalarValue::Number(s) => Cow::Borrowed(s),
            ScalarValue::Bool(true) => Cow::Borrowed("true"),
            ScalarValue::Bool(false) => Cow::Borrowed("false"),
        }
    }
}

/// One condition value with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionValue {
    /// The value.
    pub value: ScalarValue,
    /// Where it is in the source.
    pub span: Option<Span>,
}

impl ConditionValue {
    /// A string value.
    pub fn string(value: impl Into<String>) -> Self {
        ConditionValue {
            value: ScalarValue::String(value.into()),
            span: None,
        }
    }

    /// A boolean value.
    pub fn bool(value: bool) -> Self {
        ConditionValue {
            value: ScalarValue::Bool(value),
            span: None,
        }
    }

    /// A number value from its JSON text; `None` unless `raw` is a valid JSON number.
    pub fn number(raw: &str) -> Option<Self> {
        is_json_number(raw).then(|| ConditionValue {
            value: ScalarValue::Number(raw.to_string()),
            span: None,
        })
    }
}

/// `key: value(s)` under one operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionEntry {
    /// The condition key as written (IAM compares keys case-insensitively).
    pub key: Text,
    /// The values, scalar or array as written.
    pub values: OneOrMany<ConditionValue>,
}

impl ConditionEntry {
    /// An entry whose values are strings written as an array.
    pub fn strings<S: Into<String>>(key: &str, values: impl IntoIterator<Item = S>) -> Self {
        ConditionEntry {
            key: Text::new(key),
            values: OneOrMany::many(values.into_iter().map(ConditionValue::string)),
        }
    }
}

/// One operator (`StringEquals`, `ForAnyValue:StringLike`, `...IfExists`) and its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionOperator {
    /// The operator name as written.
    pub name: Text,
    /// Its keys in written order.
    pub entries: Vec<ConditionEntry>,
    /// The operator's object value, braces included.
    pub span: Option<Span>,
}

impl ConditionOperator {
    /// An operator with the given entries.
    pub fn new(name: &str, entries: impl IntoIterator<Item = ConditionEntry>) -> Self {
        ConditionOperator {
            name: Text::new(name),
            entries: entries.into_iter().collect(),
            span: None,
        }
    }
}

/// The whole `Condition` object, operators in written order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConditionBlock {
    /// The operators in order.
    pub operators: Vec<ConditionOperator>,
    /// The object, braces included.
    pub span: Option<Span>,
}

impl ConditionBlock {
    /// A block of the given operators.
    pub fn new(operators: impl IntoIterator<Item = ConditionOperator>) -> Self {
        ConditionBlock {
            operators: operators.into_iter().collect(),
            span: None,
        }
    }

    /// The entry for `operator` / `key` (exact operator name, key case-insensitive).
    pub fn entry(&self, operator: &str, key: &str) -> Option<&ConditionEntry> {
        self.operators
            .iter()
            .filter(|op| op.name.value == operator)
            .flat_map(|op| op.entries.iter())
            .find(|e| e.key.value.eq_ignore_ascii_case(key))
    }

    pub(crate) fn clear_spans(&mut self) {
        self.span = None;
        for op in &mut self.operators {
            op.span = None;
            op.name.span = None;
            for entry in &mut op.entries {
                entry.key.span = None;
                entry.values.span = None;
                entry.values.items.iter_mut().for_each(|v| v.span = None);
            }
        }
    }
}

/// Whether `raw` follows the JSON number grammar (RFC 8259 section 6).
pub fn is_json_number(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar() {
        for ok in ["0", "-0", "10", "1.5", "-2.25e10", "3E+2", "4e-1"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in [
            "", "-", "01", "+1", ".5", "5.", "0x1F", "1e", "NaN", "Infinity", "1 ",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn values_compare_as_text() {
        assert_eq!(ScalarValue::Bool(true).as_text(), "true");
        assert_eq!(ScalarValue::Number("1.50".into()).as_text(), "1.50");
        assert!(ConditionValue::number("1x").is_none());
    }

    #[test]
    fn entry_lookup_ignores_key_case() {
        let block = ConditionBlock::new([ConditionOperator::new(
            "StringEquals",
            [ConditionEntry::strings(
                "aws:RequestedRegion",
                ["us-east-1"],
            )],
        )]);
        assert!(block.entry("StringEquals", "AWS:requestedregion").is_some());
        assert!(block.entry("StringLike", "aws:RequestedRegion").is_none());
    }
}
