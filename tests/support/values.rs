//! Building request values and reading response values in tests, with the provider's own codec.

use host::proto::tfplugin6 as pb;
use host::protocol::codec::msgpack;
use host::value::{Type, Value};
use rekognitioniam::provider::provider;

/// The value type of a data source, from the provider's schema.
pub fn data_source_type(name: &str) -> Type {
    provider()
        .schema()
        .data_source_type(name)
        .unwrap_or_else(|| panic!("no data source {name}"))
        .clone()
}

/// The value type of a resource, from the provider's schema.
pub fn resource_type(name: &str) -> Type {
    provider()
        .schema()
        .resource_type(name)
        .unwrap_or_else(|| panic!("no resource {name}"))
        .clone()
}

/// An object of `ty` with the given attributes set and every other attribute null.
pub fn object_of(ty: &Type, set: &[(&str, Value)]) -> Value {
    let mut v = Value::null_object(ty);
    if let Value::Object(m) = &mut v {
        for (k, val) in set {
            assert!(m.contains_key(*k), "attribute {k} not in the schema");
            m.insert(k.to_string(), val.clone());
        }
    }
    v
}

/// A msgpack DynamicValue.
pub fn dynamic(value: &Value, ty: &Type) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: msgpack::encode(value, ty).unwrap(),
        json: Vec::new(),
    }
}

/// Decodes a DynamicValue from a response.
pub fn decode(dv: &pb::DynamicValue, ty: &Type) -> Value {
    msgpack::decode(&dv.msgpack, ty).unwrap()
}

/// "summary: detail @ path" lines of diagnostics, for assertions and failure messages.
pub fn describe(diags: &[pb::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let path: Vec<String> = d
                .attribute
                .iter()
                .flat_map(|p| p.steps.iter())
                .map(|s| format!("{:?}", s.selector))
                .collect();
            format!("{}: {} @ {}", d.summary, d.detail, path.join("."))
        })
        .collect()
}
