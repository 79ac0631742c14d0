//! cty values in JSON, the encoding Terraform uses for stored state (`RawState.json`).
//!
//! JSON cannot carry unknown values. Objects read from state tolerate attributes a newer schema
//! dropped (they are discarded) and attributes it added (they read as null), which is what a
//! state upgrade needs.

use serde_json::Value as J;

use super::walk::{self, Leaf, Refusal, Trail, Tree};
use super::{too_many_values, CodecError, MAX_VALUES};
use crate::diagnostic::AttributePath;
use crate::value::{Number, Type, Value};

/// Decodes JSON text as a cty value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    if !within_value_budget(bytes, MAX_VALUES) {
        return Err(too_many_values());
    }
    let json: J = serde_json::from_slice(bytes).map_err(|e| {
        CodecError::new(
            AttributePath::default(),
            format!("the value is not valid JSON: {e}"),
        )
    })?;
    walk::decode(&json, ty)
}

/// Whether the JSON text holds at most `budget` values. Every value but the first follows a
/// `[`, `,` or `:` outside strings, so counting those bounds what the parser can build, even
/// for malformed text (which the parser then rejects).
pub(super) fn within_value_budget(bytes: &[u8], budget: usize) -> bool {
    let mut values = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b',' | b':' => {
                    values += 1;
                    if values > budget {
                        return false;
                    }
                }
                _ => {}
            }
        }
    }
    true
}

impl Tree for J {
    type Key = String;
    type Entries<'a> = serde_json::map::Iter<'a>;

    /// JSON has no unknown values.
    fn leaf(&self) -> Result<Leaf, Refusal> {
        Ok(if self.is_null() {
            Leaf::Null
        } else {
            Leaf::Value
        })
    }

    fn describe(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "a bool",
            J::Number(_) => "a number",
            J::String(_) => "a string",
            J::Array(_) => "an array",
            J::Object(_) => "an object",
        }
    }

    fn string(&self) -> Result<&str, Refusal> {
        self.as_str().ok_or(Refusal::Mismatch)
    }

    fn number(&self) -> Result<Number, Refusal> {
        match self {
            J::Number(n) => Number::parse(&n.to_string()).ok_or(Refusal::Mismatch),
            // cty accepts numbers written as strings in JSON.
            J::String(s) => Number::parse(s).ok_or(Refusal::Mismatch),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn bool(&self) -> Result<bool, Refusal> {
        self.as_bool().ok_or(Refusal::Mismatch)
    }

    fn array(&self) -> Result<&[J], Refusal> {
        self.as_array().map(Vec::as_slice).ok_or(Refusal::Mismatch)
    }

    fn entries(&self) -> Result<Self::Entries<'_>, Refusal> {
        self.as_object().map(|o| o.iter()).ok_or(Refusal::Mismatch)
    }

    fn key(key: &String) -> Result<&str, Refusal> {
        Ok(key)
    }

    /// An object with the type's JSON (`type`) and the value (`value`).
    fn dynamic(&self) -> Result<(Type, &J), Refusal> {
        let obj = self.as_object().ok_or(Refusal::Mismatch)?;
        let (Some(type_json), Some(inner)) = (obj.get("type"), obj.get("value")) else {
            return Err(Refusal::Error(
                "a dynamic value needs \"type\" and \"value\"".into(),
            ));
        };
        let concrete = Type::from_json(type_json)
            .ok_or_else(|| Refusal::Error(format!("unknown type name {type_json}")))?;
        Ok((concrete, inner))
    }

    fn tuple_length(_expected: usize, _got: usize) -> Refusal {
        Refusal::Mismatch
    }

    /// State written under an older schema may hold attributes the schema dropped.
    fn extra_attribute(_name: &str) -> Option<Refusal> {
        None
    }
}

/// Encodes a known value as cty JSON.
pub fn encode(value: &Value) -> Result<J, CodecError> {
    to_json(value, &Trail::Root)
}

fn to_json(value: &Value, path: &Trail<'_>) -> Result<J, CodecError> {
    Ok(match value {
        Value::Null => J::Null,
        Value::Unknown => return Err(path.error("unknown values cannot be written as JSON".into())),
        Value::String(s) => J::String(s.clone()),
        Value::Number(n) => match n {
            Number::Int(i) => J::from(*i),
            Number::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or(J::Null),
            Number::Decimal(s) => serde_json::from_str(s).unwrap_or_else(|_| J::String(s.clone())),
        },
        Value::Bool(b) => J::Bool(*b),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &Trail::Index(path, i)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v, &Trail::Attr(path, k))?)))
                .collect::<Result<_, CodecError>>()?,
        ),
        Value::Dynamic(t, v) => {
            let mut obj = serde_json::Map::new();
            obj.insert("value".into(), to_json(v, path)?);
            obj.insert("type".into(), t.to_json());
            J::Object(obj)
        }
    })
}
