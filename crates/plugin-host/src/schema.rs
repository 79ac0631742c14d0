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
    /// The top-level block: the attributes and nested blocks of the configuration.
    pub block: Block,
}

/// A configuration block: attributes plus nested blocks.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// The attributes, in documentation order.
    pub attributes: Vec<Attribute>,
    /// The nested block types.
    pub blocks: Vec<NestedBlock>,
    /// Markdown description.
    pub description: String,
    /// Whether Terraform warns that the block is deprecated.
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
    /// The attribute name as written in configuration.
    pub name: String,
    /// The cty type of its value.
    pub ty: Type,
    /// Who sets it: configuration, the provider, or either.
    pub mode: Mode,
    /// Markdown description.
    pub description: String,
    /// Whether Terraform hides the value in its output.
    pub sensitive: bool,
    /// Whether Terraform warns that the attribute is deprecated.
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
    /// Exactly one block (or none when `min_items` is 0).
    Single,
    /// An ordered list of blocks.
    List,
    /// An unordered set of blocks.
    Set,
    /// Blocks keyed by a label.
    Map,
    /// One block that is always present; its attributes are null when it is not written.
    Group,
}

/// A nested block type.
#[derive(Clone, Debug)]
pub struct NestedBlock {
    /// The block type name as written in configuration.
    pub type_name: String,
    /// The attributes and blocks inside it.
    pub block: Block,
    /// How often it may appear and how the blocks are collected.
    pub nesting: Nesting,
    /// The fewest blocks allowed (0 for no limit).
    pub min_items: i64,
    /// The most blocks allowed (0 for no limit).
    pub max_items: i64,
}

impl NestedBlock {
    /// Blocks of type `type_name` that may be repeated any number of times, as a list.
    pub fn list(type_name: impl Into<String>, block: Block) -> NestedBlock {
        NestedBlock {
            type_name: type_name.into(),
            block,
            nesting: Nesting::List,
            min_items: 0,
            max_items: 0,
        }
    }
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
    /// The parameter name, shown in errors and docs.
    pub name: String,
    /// The cty type of the argument.
    pub ty: Type,
    /// Markdown description.
    pub description: String,
    /// Null may be passed (the function handles it).
    pub allow_null: bool,
    /// Unknown values may be passed (otherwise Terraform defers the call until they are known).
    pub allow_unknown: bool,
}

/// The signature of a provider-defined function.
#[derive(Clone, Debug)]
pub struct FunctionSignature {
    /// The positional parameters.
    pub parameters: Vec<Parameter>,
    /// The type of any further arguments; `None` when the function takes no more.
    pub variadic: Option<Parameter>,
    /// The cty type of the result.
    pub returns: Type,
    /// One line for the docs.
    pub summary: String,
    /// Markdown description.
    pub description: String,
    /// Why the function is deprecated and what to use instead; `None` when it is not.
    pub deprecation: Option<String>,
}
