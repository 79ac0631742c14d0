//! Terraform's value model (cty) as plain Rust data.
//!
//! The protocol layer decodes wire values into these types against a schema-derived [`Type`];
//! provider code reads and builds [`Value`]s and never sees msgpack or JSON.

use std::collections::BTreeMap;
use std::fmt;

/// A cty type: what a schema attribute or block holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// `string`.
    String,
    /// `number`: an arbitrary-precision decimal.
    Number,
    /// `bool`.
    Bool,
    /// `DynamicPseudoType`: the concrete type travels with the value.
    Dynamic,
    /// `list(T)`: an ordered list of values of one type.
    List(Box<Type>),
    /// `set(T)`: an unordered collection of distinct values of one type.
    Set(Box<Type>),
    /// `map(T)`: values of one type keyed by string.
    Map(Box<Type>),
    /// `object({...})`: named attributes, each with its own type.
    Object(BTreeMap<String, Type>),
    /// `tuple([...])`: a fixed sequence of values, each with its own type.
    Tuple(Vec<Type>),
}

impl Type {
    /// `list(elem)`.
    pub fn list(elem: Type) -> Type {
        Type::List(Box::new(elem))
    }
    /// `set(elem)`.
    pub fn set(elem: Type) -> Type {
        Type::Set(Box::new(elem))
    }
    /// `map(elem)`.
    pub fn map(elem: Type) -> Type {
        Type::Map(Box::new(elem))
    }
    /// `object({...})` from `(name, type)` pairs.
    pub fn object<'a>(attrs: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Object(attrs.into_iter().map(|(k, t)| (k.to_string(), t)).collect())
    }

    /// The type in cty's JSON type notation, e.g. `["list","string"]`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Type::String => J::from("string"),
            Type::Number => J::from("number"),
            Type::Bool => J::from("bool"),
            Type::Dynamic => J::from("dynamic"),
            Type::List(e) => J::Array(vec![J::from("list"), e.to_json()]),
            Type::Set(e) => J::Array(vec![J::from("set"), e.to_json()]),
            Type::Map(e) => J::Array(vec![J::from("map"), e.to_json()]),
            Type::Object(attrs) => J::Array(vec![
                J::from("object"),
                J::Object(
                    attrs
                        .iter()
                        .map(|(k, t)| (k.clone(), t.to_json()))
                        .collect(),
                ),
            ]),
            Type::Tuple(elems) => J::Array(vec![
                J::from("tuple"),
                J::Array(elems.iter().map(Type::to_json).collect()),
            ]),
        }
    }

    /// Parses cty's JSON type notation; `None` for anything that is not a cty type.
    pub fn from_json(json: &serde_json::Value) -> Option<Type> {
        use serde_json::Value as J;
        match json {
            J::String(s) => match s.as_str() {
                "string" => Some(Type::String),
                "number" => Some(Type::Number),
                "bool" => Some(Type::Bool),
                "dynamic" => Some(Type::Dynamic),
                _ => None,
            },
            J::Array(parts) => {
                let kind = parts.first()?.as_str()?;
                let arg = parts.get(1)?;
                // Object types may carry a third element listing optional attributes; values do
                // not depend on it, so it is accepted and ignored.
                if parts.len() > 3 || (parts.len() == 3 && kind != "object") {
                    return None;
                }
                match kind {
                    "list" => Some(Type::list(Type::from_json(arg)?)),
                    "set" => Some(Type::set(Type::from_json(arg)?)),
                    "map" => Some(Type::map(Type::from_json(arg)?)),
                    "object" => {
                        let attrs = arg.as_object()?;
                        let mut out = BTreeMap::new();
                        for (k, v) in attrs {
                            out.insert(k.clone(), Type::from_json(v)?);
                        }
                        Some(Type::Object(out))
                    }
                    "tuple" => {
                        let elems = arg.as_array()?;
                        elems
                            .iter()
                            .map(Type::from_json)
                            .collect::<Option<Vec<_>>>()
                            .map(Type::Tuple)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A short human name for diagnostics: `string`, `list of string`, `object`.
    pub fn friendly_name(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Number => "number".into(),
            Type::Bool => "bool".into(),
            Type::Dynamic => "any value".into(),
            Type::List(e) => format!("list of {}", e.friendly_name()),
            Type::Set(e) => format!("set of {}", e.friendly_name()),
            Type::Map(e) => format!("map of {}", e.friendly_name()),
            Type::Object(_) => "object".into(),
            Type::Tuple(_) => "tuple".into(),
        }
    }
}

/// A cty number. Terraform numbers are arbitrary-precision decimals; integers and finite floats
/// cover what our schemas use, and anything else is kept as its decimal text so no value is lost.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// An integer that fits an i64.
    Int(i64),
    /// A finite float.
    Float(f64),
    /// A decimal that fits neither an i64 nor an f64 exactly (as cty sends big numbers).
    Decimal(String),
}

impl Number {
    /// The value as an i64 when it is integral and in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Number::Float(_) => None,
            Number::Decimal(s) => s.parse().ok(),
        }
    }

    /// The value as an f64 (may round for decimals).
    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::Float(f) => *f,
            Number::Decimal(s) => s.parse().unwrap_or(f64::NAN),
        }
    }

    /// Parses a decimal number as written in JSON or HCL.
    pub fn parse(text: &str) -> Option<Number> {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::Int(i));
        }
        let f: f64 = text.parse().ok()?;
        if !f.is_finite() {
            return None;
        }
        // Keep the decimal text when an f64 would not reproduce it (e.g. 20 significant digits).
        if is_plain_decimal(text) && format_float(f) != trim_decimal(text) {
            Some(Number::Decimal(text.to_string()))
        } else {
            Some(Number::Float(f))
        }
    }
}

fn is_plain_decimal(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `1.50` -> `1.5`, `2.0` -> `2`: the form `format_float` prints.
fn trim_decimal(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => f.write_str(&format_float(*x)),
            Number::Decimal(s) => f.write_str(s),
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number::Int(i)
    }
}

/// A cty value. Collections keep their elements in wire order; sets are lists with set semantics
/// (Terraform sends them in its own canonical order and compares them as sets).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    /// Null: not set.
    Null,
    /// Not known until apply. Refinements Terraform may attach are not needed by this provider.
    Unknown,
    /// A string.
    String(String),
    /// A number.
    Number(Number),
    /// A bool.
    Bool(bool),
    /// A list, in order.
    List(Vec<Value>),
    /// A set, in Terraform's order.
    Set(Vec<Value>),
    /// A tuple, in order.
    Tuple(Vec<Value>),
    /// A map by key.
    Map(BTreeMap<String, Value>),
    /// An object by attribute name.
    Object(BTreeMap<String, Value>),
    /// A value of a `dynamic` attribute, with its concrete type.
    Dynamic(Box<Type>, Box<Value>),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A list of strings.
    pub fn string_list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::List(items.into_iter().map(|s| Value::String(s.into())).collect())
    }

    /// An object value from `(name, value)` pairs.
    pub fn object<'a>(attrs: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
        Value::Object(attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for [`Value::Unknown`] at the top level.
    pub fn is_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::Dynamic(_, v) => v.is_unknown(),
            _ => false,
        }
    }

    /// True when this value or anything nested in it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                items.iter().any(Value::contains_unknown)
            }
            Value::Map(m) | Value::Object(m) => m.values().any(Value::contains_unknown),
            Value::Dynamic(_, v) => v.contains_unknown(),
            _ => false,
        }
    }

    /// Attribute of an object value (`None` when absent or not an object).
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.get(name),
            Value::Dynamic(_, v) => v.get(name),
            _ => None,
        }
    }

    /// The string, when this is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bool, when this is a known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, when this is a known number.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Elements of a list, set or tuple.
    pub fn as_elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => Some(v),
            _ => None,
        }
    }

    /// Entries of a map or object.
    pub fn as_entries(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A null of the attributes of `ty` (for building objects with every attribute present).
    pub fn null_object(ty: &Type) -> Value {
        match ty {
            Type::Object(attrs) => {
                Value::Object(attrs.keys().map(|k| (k.clone(), Value::Null)).collect())
            }
            _ => Value::Null,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(Number::Int(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_json_round_trip() {
        let ty = Type::object([
            ("a", Type::String),
            ("b", Type::list(Type::Number)),
            ("c", Type::map(Type::set(Type::Bool))),
            ("d", Type::Tuple(vec![Type::String, Type::Dynamic])),
        ]);
        assert_eq!(Type::from_json(&ty.to_json()), Some(ty));
    }

    #[test]
    fn rejects_unknown_type_names() {
        assert_eq!(Type::from_json(&serde_json::json!("strin")), None);
        assert_eq!(Type::from_json(&serde_json::json!(["list"])), None);
        assert_eq!(
            Type::from_json(&serde_json::json!(["lisst", "string"])),
            None
        );
    }

    #[test]
    fn numbers_keep_their_value() {
        assert_eq!(Number::parse("10"), Some(Number::Int(10)));
        assert_eq!(Number::parse("1.5"), Some(Number::Float(1.5)));
        assert_eq!(
            Number::parse("1.5").map(|n| n.to_string()),
            Some("1.5".into())
        );
        assert_eq!(Number::parse("nope"), None);
        assert_eq!(Number::Float(3.0).as_i64(), Some(3));
        assert_eq!(Number::Float(3.5).as_i64(), None);
    }
}
