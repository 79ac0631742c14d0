//! cty values in JSON, the encoding Terraform uses for stored state (`RawState.json`).
//!
//! JSON cannot carry unknown values. Objects read from state tolerate attributes a newer schema
//! dropped (they are discarded) and attributes it added (they read as null), which is what a
//! state upgrade needs.

use std::collections::BTreeMap;

use serde_json::Value as J;

use super::{too_many_values, CodecError, MAX_VALUES};
use crate::diagnostic::AttributePath;
use crate::value::{Number, Type, Value};

/// Nesting deeper than this is rejected rather than risking the stack.
const MAX_DEPTH: usize = 256;

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
    from_json(&json, ty, &AttributePath::default(), 0)
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

/// Converts a parsed JSON value to a cty value of type `ty`.
pub fn from_json(
    json: &J,
    ty: &Type,
    path: &AttributePath,
    depth: usize,
) -> Result<Value, CodecError> {
    if depth > MAX_DEPTH {
        return Err(CodecError::new(
            path.clone(),
            "the value is nested too deeply".into(),
        ));
    }
    if json.is_null() {
        return Ok(Value::Null);
    }
    let mismatch = || {
        CodecError::new(
            path.clone(),
            format!("expected {}, got {}", ty.friendly_name(), describe(json)),
        )
    };
    match ty {
        Type::String => json.as_str().map(Value::string).ok_or_else(mismatch),
        Type::Number => match json {
            J::Number(n) => Number::parse(&n.to_string())
                .map(Value::Number)
                .ok_or_else(mismatch),
            // cty accepts numbers written as strings in JSON.
            J::String(s) => Number::parse(s).map(Value::Number).ok_or_else(mismatch),
            _ => Err(mismatch()),
        },
        Type::Bool => json.as_bool().map(Value::Bool).ok_or_else(mismatch),
        Type::List(elem) | Type::Set(elem) => {
            let items = json.as_array().ok_or_else(mismatch)?;
            let values = items
                .iter()
                .enumerate()
                .map(|(i, item)| from_json(item, elem, &path.clone().index(i), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::List(_)) {
                Value::List(values)
            } else {
                Value::Set(values)
            })
        }
        Type::Tuple(elems) => {
            let items = json.as_array().ok_or_else(mismatch)?;
            if items.len() != elems.len() {
                return Err(mismatch());
            }
            let values = items
                .iter()
                .zip(elems)
                .enumerate()
                .map(|(i, (item, t))| from_json(item, t, &path.clone().index(i), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Tuple(values))
        }
        Type::Map(elem) => {
            let entries = json.as_object().ok_or_else(mismatch)?;
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                out.insert(
                    k.clone(),
                    from_json(v, elem, &path.clone().key(k), depth + 1)?,
                );
            }
            Ok(Value::Map(out))
        }
        Type::Object(attrs) => {
            let entries = json.as_object().ok_or_else(mismatch)?;
            let mut out = BTreeMap::new();
            for (k, t) in attrs {
                let v = match entries.get(k) {
                    Some(v) => from_json(v, t, &path.clone().attr(k), depth + 1)?,
                    None => Value::Null,
                };
                out.insert(k.clone(), v);
            }
            Ok(Value::Object(out))
        }
        Type::Dynamic => {
            let obj = json.as_object().ok_or_else(mismatch)?;
            let (Some(type_json), Some(inner)) = (obj.get("type"), obj.get("value")) else {
                return Err(CodecError::new(
                    path.clone(),
                    "a dynamic value needs \"type\" and \"value\"".into(),
                ));
            };
            let concrete = Type::from_json(type_json).ok_or_else(|| {
                CodecError::new(path.clone(), format!("unknown type name {type_json}"))
            })?;
            let value = from_json(inner, &concrete, path, depth + 1)?;
            Ok(Value::Dynamic(Box::new(concrete), Box::new(value)))
        }
    }
}

fn describe(json: &J) -> &'static str {
    match json {
        J::Null => "null",
        J::Bool(_) => "a bool",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    }
}

/// Encodes a known value as cty JSON.
pub fn encode(value: &Value) -> Result<J, CodecError> {
    to_json(value, &AttributePath::default())
}

fn to_json(value: &Value, path: &AttributePath) -> Result<J, CodecError> {
    Ok(match value {
        Value::Null => J::Null,
        Value::Unknown => {
            return Err(CodecError::new(
                path.clone(),
                "unknown values cannot be written as JSON".into(),
            ))
        }
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
                .map(|(i, v)| to_json(v, &path.clone().index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v, &path.clone().attr(k))?)))
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
