//! The one type-directed walk that turns a parsed wire tree into a cty [`Value`], shared by the
//! msgpack and JSON codecs. A format says how to read one node ([`Tree`]); the walk does the
//! rest: objects, lists, sets, maps, tuples, dynamic values, null and unknown, the nesting
//! bound and the attribute path of an error.

use std::collections::BTreeMap;

use super::CodecError;
use crate::diagnostic::{AttributePath, PathStep};
use crate::value::{Number, Type, Value};

/// Nesting deeper than this is rejected rather than risking the stack.
pub(super) const MAX_DEPTH: usize = 256;

/// Where the codec is in a value: a chain of borrowed steps that costs nothing to extend while
/// walking, turned into an [`AttributePath`] only when an error needs one.
#[derive(Clone, Copy)]
pub(super) enum Trail<'a> {
    Root,
    Attr(&'a Trail<'a>, &'a str),
    Key(&'a Trail<'a>, &'a str),
    Index(&'a Trail<'a>, usize),
}

impl Trail<'_> {
    /// The path from the root to here.
    pub(super) fn path(&self) -> AttributePath {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match *at {
                Trail::Root => break,
                Trail::Attr(up, name) => {
                    steps.push(PathStep::Attribute(name.to_string()));
                    at = up;
                }
                Trail::Key(up, key) => {
                    steps.push(PathStep::Key(key.to_string()));
                    at = up;
                }
                Trail::Index(up, i) => {
                    steps.push(PathStep::Index(i64::try_from(i).unwrap_or(i64::MAX)));
                    at = up;
                }
            }
        }
        steps.reverse();
        AttributePath(steps)
    }

    /// An error here.
    pub(super) fn error(&self, message: String) -> CodecError {
        CodecError::new(self.path(), message)
    }
}

/// Why a node cannot be read as asked.
pub(super) enum Refusal {
    /// The node has another shape: reported as "expected {type}, got {node}".
    Mismatch,
    /// Something more specific, reported as is.
    Error(String),
}

/// What a node is before its type is looked at.
pub(super) enum Leaf {
    /// A value to be read against the type.
    Value,
    Null,
    Unknown,
}

/// One node of a parsed wire tree, read the way its format writes cty values.
pub(super) trait Tree: Sized {
    /// A map key as the format parses it.
    type Key;
    /// The entries of a map or object node, in wire order.
    type Entries<'a>: Iterator<Item = (&'a Self::Key, &'a Self)>
    where
        Self: 'a;

    /// Whether the node is null, unknown or a value to read against the type.
    fn leaf(&self) -> Result<Leaf, Refusal>;
    /// The node's shape, for mismatch messages: `a string`, `an array`, ...
    fn describe(&self) -> &'static str;
    fn string(&self) -> Result<&str, Refusal>;
    fn number(&self) -> Result<Number, Refusal>;
    fn bool(&self) -> Result<bool, Refusal>;
    fn array(&self) -> Result<&[Self], Refusal>;
    fn entries(&self) -> Result<Self::Entries<'_>, Refusal>;
    fn key(key: &Self::Key) -> Result<&str, Refusal>;
    /// The concrete type and the inner node of a value of a `dynamic` slot.
    fn dynamic(&self) -> Result<(Type, &Self), Refusal>;
    /// A tuple node with `got` elements where the type has `expected`.
    fn tuple_length(expected: usize, got: usize) -> Refusal;
    /// An object attribute the type does not have: `None` drops it.
    fn extra_attribute(name: &str) -> Option<Refusal>;
}

/// Reads `node` as a value of type `ty`.
pub(super) fn decode<T: Tree>(node: &T, ty: &Type) -> Result<Value, CodecError> {
    walk(node, ty, &Trail::Root, 0)
}

fn walk<T: Tree>(node: &T, ty: &Type, path: &Trail<'_>, depth: usize) -> Result<Value, CodecError> {
    if depth > MAX_DEPTH {
        return Err(path.error("the value is nested too deeply".into()));
    }
    let refused = |refusal: Refusal| match refusal {
        Refusal::Mismatch => path.error(format!(
            "expected {}, got {}",
            ty.friendly_name(),
            node.describe()
        )),
        Refusal::Error(message) => path.error(message),
    };
    match node.leaf().map_err(refused)? {
        Leaf::Null => return Ok(Value::Null),
        Leaf::Unknown => return Ok(Value::Unknown),
        Leaf::Value => {}
    }
    match ty {
        Type::String => node.string().map(Value::string).map_err(refused),
        Type::Number => node.number().map(Value::Number).map_err(refused),
        Type::Bool => node.bool().map(Value::Bool).map_err(refused),
        Type::List(elem) | Type::Set(elem) => {
            let items = node.array().map_err(refused)?;
            let values = items
                .iter()
                .enumerate()
                .map(|(i, item)| walk(item, elem, &Trail::Index(path, i), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::List(_)) {
                Value::List(values)
            } else {
                Value::Set(values)
            })
        }
        Type::Tuple(elems) => {
            let items = node.array().map_err(refused)?;
            if items.len() != elems.len() {
                return Err(refused(T::tuple_length(elems.len(), items.len())));
            }
            let values = items
                .iter()
                .zip(elems)
                .enumerate()
                .map(|(i, (item, t))| walk(item, t, &Trail::Index(path, i), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Tuple(values))
        }
        Type::Map(elem) => {
            let mut out = BTreeMap::new();
            for (k, v) in node.entries().map_err(refused)? {
                let key = T::key(k).map_err(refused)?;
                let value = walk(v, elem, &Trail::Key(path, key), depth + 1)?;
                out.insert(key.to_string(), value);
            }
            Ok(Value::Map(out))
        }
        Type::Object(attrs) => {
            let entries = node.entries().map_err(refused)?;
            // Attributes the wire leaves out read as null.
            let mut out: BTreeMap<String, Value> =
                attrs.keys().map(|k| (k.clone(), Value::Null)).collect();
            for (k, v) in entries {
                let key = T::key(k).map_err(refused)?;
                let (Some(attr_ty), Some(slot)) = (attrs.get(key), out.get_mut(key)) else {
                    match T::extra_attribute(key) {
                        Some(refusal) => return Err(refused(refusal)),
                        None => continue,
                    }
                };
                *slot = walk(v, attr_ty, &Trail::Attr(path, key), depth + 1)?;
            }
            Ok(Value::Object(out))
        }
        Type::Dynamic => {
            let (concrete, inner) = node.dynamic().map_err(refused)?;
            let value = walk(inner, &concrete, path, depth + 1)?;
            Ok(Value::Dynamic(Box::new(concrete), Box::new(value)))
        }
    }
}
