//! cty values in msgpack, the encoding of `DynamicValue.msgpack`.
//!
//! Decoding is type-directed: msgpack arrays and maps become lists, sets, tuples, maps or objects
//! according to the schema type. Unknown values are msgpack extension 0 (or extension 12 when
//! Terraform attaches refinements); dynamic values are a two-element array of the type's JSON
//! text and the value.

use rmp::Marker;
use rmpv::Value as Mp;

use super::walk::{self, Leaf, Refusal, Trail, Tree, MAX_DEPTH};
use super::{too_many_values, CodecError, MAX_VALUES};
use crate::diagnostic::AttributePath;
use crate::value::{Number, Type, Value};

/// Extension type of a plain unknown value.
const EXT_UNKNOWN: i8 = 0;
/// Extension type of an unknown value with refinements (Terraform >= 1.6).
const EXT_REFINED_UNKNOWN: i8 = 12;
/// Decodes a msgpack cty value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    match scan(bytes, MAX_VALUES) {
        Ok(()) => {}
        Err(ScanError::TooMany) => return Err(too_many_values()),
        Err(ScanError::Reserved(offset)) => {
            return Err(CodecError::new(
                AttributePath::default(),
                format!("the value is not valid msgpack: reserved marker 0xc1 at byte {offset}"),
            ))
        }
    }
    let mut reader = bytes;
    let tree = rmpv::decode::read_value_with_max_depth(&mut reader, MAX_DEPTH).map_err(|e| {
        CodecError::new(
            AttributePath::default(),
            format!("the value is not valid msgpack: {e}"),
        )
    })?;
    if !reader.is_empty() {
        return Err(CodecError::new(
            AttributePath::default(),
            format!("{} unexpected bytes after the value", reader.len()),
        ));
    }
    walk::decode(&tree, ty)
}

/// Why [`scan`] refused an input.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum ScanError {
    /// More than the budget of values.
    TooMany,
    /// The marker byte msgpack reserves (0xc1), at this offset; rmpv would read it as nil.
    Reserved(usize),
}

/// Walks the msgpack markers of `bytes` without building anything: refuses more than `budget`
/// values and the reserved marker. Truncated input passes: the decoder reports it.
pub(super) fn scan(bytes: &[u8], budget: usize) -> Result<(), ScanError> {
    let mut pos = 0usize;
    // values still to read: 1 for the top-level value, plus the announced elements
    let mut pending: u64 = 1;
    for _ in 0..budget {
        if pending == 0 {
            return Ok(());
        }
        pending -= 1;
        let Some(&byte) = bytes.get(pos) else {
            return Ok(());
        };
        let marker_at = pos;
        pos += 1;
        let mut length = |width: usize| -> Option<u64> {
            let field = bytes.get(pos..pos.checked_add(width)?)?;
            pos += width;
            Some(field.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b)))
        };
        let (payload, elements) = match Marker::from_u8(byte) {
            Marker::FixArray(n) => (0, u64::from(n)),
            Marker::FixMap(n) => (0, 2 * u64::from(n)),
            Marker::FixStr(n) => (u64::from(n), 0),
            Marker::Array16 => (0, length(2).unwrap_or(0)),
            Marker::Array32 => (0, length(4).unwrap_or(0)),
            Marker::Map16 => (0, 2 * length(2).unwrap_or(0)),
            Marker::Map32 => (0, 2 * length(4).unwrap_or(0)),
            Marker::Str8 | Marker::Bin8 => (length(1).unwrap_or(0), 0),
            Marker::Str16 | Marker::Bin16 => (length(2).unwrap_or(0), 0),
            Marker::Str32 | Marker::Bin32 => (length(4).unwrap_or(0), 0),
            // extension payloads are opaque bytes after a type byte
            Marker::Ext8 => (length(1).unwrap_or(0) + 1, 0),
            Marker::Ext16 => (length(2).unwrap_or(0) + 1, 0),
            Marker::Ext32 => (length(4).unwrap_or(0) + 1, 0),
            Marker::FixExt1 => (2, 0),
            Marker::FixExt2 => (3, 0),
            Marker::FixExt4 => (5, 0),
            Marker::FixExt8 => (9, 0),
            Marker::FixExt16 => (17, 0),
            Marker::U8 | Marker::I8 => (1, 0),
            Marker::U16 | Marker::I16 => (2, 0),
            Marker::U32 | Marker::I32 | Marker::F32 => (4, 0),
            Marker::U64 | Marker::I64 | Marker::F64 => (8, 0),
            Marker::FixPos(_) | Marker::FixNeg(_) | Marker::Null | Marker::True | Marker::False => {
                (0, 0)
            }
            Marker::Reserved => return Err(ScanError::Reserved(marker_at)),
        };
        pending += elements;
        let Some(next) = usize::try_from(payload)
            .ok()
            .and_then(|p| pos.checked_add(p))
        else {
            return Ok(());
        };
        pos = next;
    }
    if pending == 0 {
        Ok(())
    } else {
        Err(ScanError::TooMany)
    }
}

impl Tree for Mp {
    type Key = Mp;
    type Entries<'a> = std::iter::Map<std::slice::Iter<'a, (Mp, Mp)>, fn(&(Mp, Mp)) -> (&Mp, &Mp)>;

    fn leaf(&self) -> Result<Leaf, Refusal> {
        match self {
            Mp::Nil => Ok(Leaf::Null),
            Mp::Ext(EXT_UNKNOWN | EXT_REFINED_UNKNOWN, _) => Ok(Leaf::Unknown),
            Mp::Ext(code, _) => Err(Refusal::Error(format!(
                "unsupported msgpack extension type {code}"
            ))),
            _ => Ok(Leaf::Value),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Mp::Nil => "null",
            Mp::Boolean(_) => "a bool",
            Mp::Integer(_) | Mp::F32(_) | Mp::F64(_) => "a number",
            Mp::String(_) => "a string",
            Mp::Binary(_) => "binary data",
            Mp::Array(_) => "an array",
            Mp::Map(_) => "a map",
            Mp::Ext(..) => "an extension value",
        }
    }

    fn string(&self) -> Result<&str, Refusal> {
        match self {
            Mp::String(s) => s
                .as_str()
                .ok_or_else(|| Refusal::Error("a string is not valid UTF-8".to_string())),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn number(&self) -> Result<Number, Refusal> {
        match self {
            Mp::Integer(i) => {
                if let Some(v) = i.as_i64() {
                    Ok(Number::Int(v))
                } else if let Some(v) = i.as_u64() {
                    Ok(Number::Decimal(v.to_string()))
                } else {
                    Err(Refusal::Mismatch)
                }
            }
            Mp::F32(f) => finite(f64::from(*f)),
            Mp::F64(f) => finite(*f),
            // cty sends numbers that fit neither form as their decimal text.
            Mp::String(s) => s.as_str().and_then(Number::parse).ok_or(Refusal::Mismatch),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn bool(&self) -> Result<bool, Refusal> {
        match self {
            Mp::Boolean(b) => Ok(*b),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn array(&self) -> Result<&[Mp], Refusal> {
        match self {
            Mp::Array(items) => Ok(items),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn entries(&self) -> Result<Self::Entries<'_>, Refusal> {
        match self {
            Mp::Map(entries) => Ok(entries.iter().map(entry)),
            _ => Err(Refusal::Mismatch),
        }
    }

    fn key(key: &Mp) -> Result<&str, Refusal> {
        key.as_str().ok_or_else(|| {
            Refusal::Error(format!("map keys must be strings, got {}", key.describe()))
        })
    }

    /// A two-element array: the type's JSON text (binary or string) and the value.
    fn dynamic(&self) -> Result<(Type, &Mp), Refusal> {
        let [type_json, inner] = self.array()? else {
            return Err(Refusal::Mismatch);
        };
        let text: &[u8] = match type_json {
            Mp::Binary(b) => b,
            Mp::String(s) => s.as_bytes(),
            _ => return Err(Refusal::Mismatch),
        };
        let concrete = serde_json::from_slice(text)
            .ok()
            .and_then(|j| Type::from_json(&j))
            .ok_or_else(|| {
                Refusal::Error(format!(
                    "unknown type name {:?} in a dynamic value",
                    String::from_utf8_lossy(text)
                ))
            })?;
        Ok((concrete, inner))
    }

    fn tuple_length(expected: usize, got: usize) -> Refusal {
        Refusal::Error(format!(
            "expected a tuple of {expected} elements, got {got}"
        ))
    }

    /// Terraform sends exactly the schema's attributes, so another one is an error.
    fn extra_attribute(name: &str) -> Option<Refusal> {
        Some(Refusal::Error(format!("unsupported attribute {name:?}")))
    }
}

fn entry((key, value): &(Mp, Mp)) -> (&Mp, &Mp) {
    (key, value)
}

fn finite(f: f64) -> Result<Number, Refusal> {
    if f.is_finite() {
        Ok(Number::Float(f))
    } else {
        Err(Refusal::Error("numbers must be finite".to_string()))
    }
}

/// Encodes `value` of type `ty` as msgpack.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(64);
    write(&mut out, value, ty, &Trail::Root)?;
    Ok(out)
}

fn write(out: &mut Vec<u8>, value: &Value, ty: &Type, path: &Trail<'_>) -> Result<(), CodecError> {
    // Writing into a Vec cannot fail; rmp's io errors are mapped for completeness.
    let io = |e: rmp::encode::ValueWriteError| path.error(e.to_string());
    match (value, ty) {
        (Value::Null, _) => rmp::encode::write_nil(out).map_err(|e| path.error(e.to_string())),
        (Value::Unknown, _) => {
            out.extend_from_slice(&[0xd4, EXT_UNKNOWN as u8, 0]);
            Ok(())
        }
        (Value::String(s), Type::String) => rmp::encode::write_str(out, s).map_err(io),
        (Value::Number(n), Type::Number) => match n {
            Number::Int(i) => rmp::encode::write_sint(out, *i).map(|_| ()).map_err(io),
            Number::Float(f) => rmp::encode::write_f64(out, *f).map_err(io),
            Number::Decimal(s) => rmp::encode::write_str(out, s).map_err(io),
        },
        (Value::Bool(b), Type::Bool) => {
            rmp::encode::write_bool(out, *b).map_err(|e| path.error(e.to_string()))
        }
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => {
            write_array_len(out, items.len(), path)?;
            for (i, item) in items.iter().enumerate() {
                write(out, item, elem, &Trail::Index(path, i))?;
            }
            Ok(())
        }
        (Value::Tuple(items), Type::Tuple(elems)) if items.len() == elems.len() => {
            write_array_len(out, items.len(), path)?;
            for (i, (item, t)) in items.iter().zip(elems).enumerate() {
                write(out, item, t, &Trail::Index(path, i))?;
            }
            Ok(())
        }
        (Value::Map(entries), Type::Map(elem)) => {
            write_map_len(out, entries.len(), path)?;
            for (k, v) in entries {
                rmp::encode::write_str(out, k).map_err(io)?;
                write(out, v, elem, &Trail::Key(path, k))?;
            }
            Ok(())
        }
        (Value::Object(entries), Type::Object(attrs)) => {
            if let Some(extra) = entries.keys().find(|k| !attrs.contains_key(*k)) {
                return Err(path.error(format!("attribute {extra:?} is not in the schema")));
            }
            // Every attribute of the type is written; absent ones as null.
            write_map_len(out, attrs.len(), path)?;
            for (k, t) in attrs {
                rmp::encode::write_str(out, k).map_err(io)?;
                let v = entries.get(k).unwrap_or(&Value::Null);
                write(out, v, t, &Trail::Attr(path, k))?;
            }
            Ok(())
        }
        (Value::Dynamic(concrete, inner), Type::Dynamic) => {
            write_array_len(out, 2, path)?;
            let type_json = concrete.to_json().to_string();
            rmp::encode::write_bin(out, type_json.as_bytes()).map_err(io)?;
            write(out, inner, concrete, path)
        }
        (v, Type::Dynamic) => {
            // A plain value for a dynamic slot: infer its type from its shape.
            let inferred = infer_type(v);
            write(
                out,
                &Value::Dynamic(Box::new(inferred), Box::new(v.clone())),
                ty,
                path,
            )
        }
        (v, t) => Err(path.error(format!(
            "internal type mismatch: cannot encode {v:?} as {}",
            t.friendly_name()
        ))),
    }
}

fn write_array_len(out: &mut Vec<u8>, len: usize, path: &Trail<'_>) -> Result<(), CodecError> {
    let len = u32::try_from(len).map_err(|_| path.error("too many elements".into()))?;
    rmp::encode::write_array_len(out, len)
        .map(|_| ())
        .map_err(|e| path.error(e.to_string()))
}

fn write_map_len(out: &mut Vec<u8>, len: usize, path: &Trail<'_>) -> Result<(), CodecError> {
    let len = u32::try_from(len).map_err(|_| path.error("too many entries".into()))?;
    rmp::encode::write_map_len(out, len)
        .map(|_| ())
        .map_err(|e| path.error(e.to_string()))
}

/// The type a value has on its own (used for values of `dynamic` slots).
pub fn infer_type(v: &Value) -> Type {
    match v {
        Value::String(_) => Type::String,
        Value::Number(_) => Type::Number,
        Value::Bool(_) => Type::Bool,
        Value::List(items) => Type::list(items.first().map(infer_type).unwrap_or(Type::Dynamic)),
        Value::Set(items) => Type::set(items.first().map(infer_type).unwrap_or(Type::Dynamic)),
        Value::Tuple(items) => Type::Tuple(items.iter().map(infer_type).collect()),
        Value::Map(m) => Type::map(m.values().next().map(infer_type).unwrap_or(Type::Dynamic)),
        Value::Object(m) => {
            Type::Object(m.iter().map(|(k, v)| (k.clone(), infer_type(v))).collect())
        }
        Value::Dynamic(t, _) => (**t).clone(),
        Value::Null | Value::Unknown => Type::Dynamic,
    }
}
