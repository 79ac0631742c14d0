//! Schemas of the provider, data sources, resources and functions as plain Rust data.
//!
//! One declarative definition per data source or resource drives what Terraform is told
//! (GetProviderSchema), how values are decoded, and the generated documentation.

use std::collections::BTreeMap;

use super::value::Type;

/// A versioned schema of a provider, data source or resource.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Bumped when stored state needs upgrading.
    pub version: i64,
    pub block: Block,
}

/// A configuration block: attributes plus nested blocks.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    /// Markdown description.
    pub description: String,
    pub deprecated: bool,
}

/// How an attribute is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Must be set in configuration.
    Required,
    /// May be set; null when not set.
    Optional,
    /// May be set; the provider fills it in when not set.
    OptionalComputed,
    /// Set by the provider only.
    Computed,
}

/// An attribute of a block.
#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub ty: Type,
    pub mode: Mode,
    /// Markdown description.
    pub description: String,
    pub sensitive: bool,
    pub deprecated: bool,
    /// Documented default applied by the provider (for docs only).
    pub default: Option<String>,
    /// A change to this attribute replaces a resource instead of updating it.
    pub forces_replacement: bool,
}

impl Attribute {
    /// A new attribute; use the builder methods to refine it.
    pub fn new(name: &str, ty: Type, mode: Mode, description: &str) -> Attribute {
        Attribute {
            name: name.to_string(),
            ty,
            mode,
            description: description.to_string(),
            sensitive: false,
            deprecated: false,
            default: None,
            forces_replacement: false,
        }
    }

    /// Records the default the provider applies when the attribute is not set.
    pub fn with_default(mut self, default: &str) -> Attribute {
        self.default = Some(default.to_string());
        self
    }

    /// Marks a resource attribute whose change replaces the resource.
    pub fn forces_replacement(mut self) -> Attribute {
        self.forces_replacement = true;
        self
    }
}

/// How often a nested block may appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    List,
    Set,
    Map,
    Group,
}

/// A nested block type.
#[derive(Clone, Debug)]
pub struct NestedBlock {
    pub type_name: String,
    pub block: Block,
    pub nesting: Nesting,
    pub min_items: i64,
    pub max_items: i64,
}

impl Block {
    /// The cty object type of values of this block.
    pub fn value_type(&self) -> Type {
        let mut attrs: BTreeMap<String, Type> = self
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.ty.clone()))
            .collect();
        for nested in &self.blocks {
            let inner = nested.block.value_type();
            let ty = match nested.nesting {
                Nesting::Single | Nesting::Group => inner,
                Nesting::List => Type::list(inner),
                Nesting::Set => Type::set(inner),
                Nesting::Map => Type::map(inner),
            };
            attrs.insert(nested.type_name.clone(), ty);
        }
        Type::Object(attrs)
    }

    /// The attribute named `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// A parameter of a provider-defined function.
#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    pub ty: Type,
    pub description: String,
    /// Null may be passed (the function handles it).
    pub allow_null: bool,
    /// Unknown values may be passed (otherwise Terraform defers the call until they are known).
    pub allow_unknown: bool,
}

/// The signature of a provider-defined function.
#[derive(Clone, Debug)]
pub struct FunctionSignature {
    pub parameters: Vec<Parameter>,
    pub variadic: Option<Parameter>,
    pub returns: Type,
    pub summary: String,
    pub description: String,
    pub deprecation: Option<String>,
}
