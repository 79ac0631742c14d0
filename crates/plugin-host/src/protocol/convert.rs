//! The one place where provider types meet the generated protobuf types.

use crate::diagnostic::{AttributePath, Diagnostic, PathStep, Severity};
use crate::proto::tfplugin6 as pb;
use crate::schema::{
    Attribute, Block, FunctionSignature, Mode, NestedBlock, Nesting, Parameter, Schema,
};
use crate::value::{Type, Value};

use super::codec::{json, msgpack, CodecError};

/// A schema for GetProviderSchema.
pub fn schema(s: &Schema) -> pb::Schema {
    pb::Schema {
        version: s.version,
        block: Some(block(&s.block, s.version)),
    }
}

fn block(b: &Block, version: i64) -> pb::schema::Block {
    pb::schema::Block {
        version,
        attributes: b.attributes.iter().map(attribute).collect(),
        block_types: b.blocks.iter().map(|n| nested_block(n, version)).collect(),
        description: b.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: b.deprecated,
    }
}

fn attribute(a: &Attribute) -> pb::schema::Attribute {
    pb::schema::Attribute {
        name: a.name.clone(),
        r#type: type_bytes(&a.ty),
        nested_type: None,
        description: a.description.clone(),
        required: a.mode == Mode::Required,
        optional: matches!(a.mode, Mode::Optional | Mode::OptionalComputed),
        computed: matches!(a.mode, Mode::Computed | Mode::OptionalComputed),
        sensitive: a.sensitive,
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: a.deprecated,
        write_only: false,
    }
}

fn nested_block(n: &NestedBlock, version: i64) -> pb::schema::NestedBlock {
    use pb::schema::nested_block::NestingMode;
    let nesting = match n.nesting {
        Nesting::Single => NestingMode::Single,
        Nesting::List => NestingMode::List,
        Nesting::Set => NestingMode::Set,
        Nesting::Map => NestingMode::Map,
        Nesting::Group => NestingMode::Group,
    };
    pb::schema::NestedBlock {
        type_name: n.type_name.clone(),
        block: Some(block(&n.block, version)),
        nesting: nesting as i32,
        min_items: n.min_items,
        max_items: n.max_items,
    }
}

/// A cty type in its wire form: JSON type notation as bytes.
pub fn type_bytes(ty: &Type) -> Vec<u8> {
    ty.to_json().to_string().into_bytes()
}

/// A function signature for GetProviderSchema / GetFunctions.
pub fn function(f: &FunctionSignature) -> pb::Function {
    pb::Function {
        parameters: f.parameters.iter().map(parameter).collect(),
        variadic_parameter: f.variadic.as_ref().map(parameter),
        r#return: Some(pb::function::Return {
            r#type: type_bytes(&f.returns),
        }),
        summary: f.summary.clone(),
        description: f.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecation_message: f.deprecation.clone().unwrap_or_default(),
    }
}

fn parameter(p: &Parameter) -> pb::function::Parameter {
    pb::function::Parameter {
        name: p.name.clone(),
        r#type: type_bytes(&p.ty),
        allow_null_value: p.allow_null,
        allow_unknown_values: p.allow_unknown,
        description: p.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
    }
}

/// Diagnostics for any response.
pub fn diagnostics(diags: &[Diagnostic]) -> Vec<pb::Diagnostic> {
    diags.iter().map(diagnostic).collect()
}

fn diagnostic(d: &Diagnostic) -> pb::Diagnostic {
    let severity = match d.severity {
        Severity::Error => pb::diagnostic::Severity::Error,
        Severity::Warning => pb::diagnostic::Severity::Warning,
    };
    pb::Diagnostic {
        severity: severity as i32,
        summary: d.summary.clone(),
        detail: d.detail.clone(),
        attribute: d.path.as_ref().filter(|p| !p.0.is_empty()).map(path),
    }
}

/// An attribute path on the wire.
pub fn path(p: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: p
            .0
            .iter()
            .map(|s| pb::attribute_path::Step {
                selector: Some(match s {
                    PathStep::Attribute(n) => Selector::AttributeName(n.clone()),
                    PathStep::Key(k) => Selector::ElementKeyString(k.clone()),
                    PathStep::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

/// Decodes a request value: msgpack when present, else JSON, else null (an absent value).
pub fn decode(dv: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, CodecError> {
    match dv {
        Some(dv) if !dv.msgpack.is_empty() => msgpack::decode(&dv.msgpack, ty),
        Some(dv) if !dv.json.is_empty() => json::decode(&dv.json, ty),
        _ => Ok(Value::Null),
    }
}

/// Encodes a response value as msgpack.
pub fn encode(value: &Value, ty: &Type) -> Result<pb::DynamicValue, CodecError> {
    Ok(pb::DynamicValue {
        msgpack: msgpack::encode(value, ty)?,
        json: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_modes_map_to_flags() {
        let a = attribute(&Attribute::new(
            "x",
            Type::String,
            Mode::OptionalComputed,
            "d",
        ));
        assert!(a.optional && a.computed && !a.required);
        assert_eq!(a.r#type, br#""string""#.to_vec());
        assert!(
            a.nested_type.is_none(),
            "Terraform rejects type together with nested_type"
        );
    }

    #[test]
    fn paths_keep_every_step() {
        let p = AttributePath::root("statement")
            .index(2)
            .attr("actions")
            .key("k");
        assert_eq!(path(&p).steps.len(), 4);
    }

    #[test]
    fn empty_dynamic_value_is_null() {
        let dv = pb::DynamicValue::default();
        assert_eq!(decode(Some(&dv), &Type::String), Ok(Value::Null));
        assert_eq!(decode(None, &Type::String), Ok(Value::Null));
    }
}
