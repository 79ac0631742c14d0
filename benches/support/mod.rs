//! Request values shaped as Terraform sends them for the plan benchmark's configurations
//! (`scripts/bench/gen_configs.py`): document `i` has a `Detect` and a `ReadImages` statement,
//! and a gate takes ten documents as inline policies.
#![allow(dead_code)]

use std::collections::BTreeMap;

use host::provider::Provider;
use host::schema::{Block, Nesting};
use host::value::{Type, Value};

/// The provider binary's allocator, so that the benches measure what the plugin does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Data source type name of the plan benchmark.
pub const DOCUMENT: &str = "rekognitioniam_policy_document";
/// Resource type name of the plan benchmark.
pub const ATTACHMENT: &str = "rekognitioniam_policy_attachment";

/// An object of `block` as Terraform fills it from configuration (and proposes it for a
/// create): attributes in `set` as given, every other attribute null (computed ones too: the
/// provider's plan fills them), and nested list or set blocks empty.
pub fn object(block: &Block, set: &[(&str, Value)]) -> Value {
    let mut attrs: BTreeMap<String, Value> = block
        .attributes
        .iter()
        .map(|a| (a.name.clone(), Value::Null))
        .collect();
    for nested in &block.blocks {
        let empty = match nested.nesting {
            Nesting::List => Value::List(Vec::new()),
            Nesting::Set => Value::Set(Vec::new()),
            Nesting::Map => Value::Map(BTreeMap::new()),
            Nesting::Single | Nesting::Group => Value::Null,
        };
        attrs.insert(nested.type_name.clone(), empty);
    }
    for (name, value) in set {
        assert!(attrs.contains_key(*name), "{name} is not in the schema");
        attrs.insert(name.to_string(), value.clone());
    }
    Value::Object(attrs)
}

/// The configuration (and its type) of benchmark document `i`.
pub fn document_config(provider: &Provider, i: usize) -> (Type, Value) {
    let schema = &provider.schema().data_sources[DOCUMENT];
    let statement = schema
        .block
        .blocks
        .iter()
        .find(|b| b.type_name == "statement")
        .expect("the statement block");
    let statements = [
        (
            "Detect",
            vec![
                "rekognition:DetectLabels".to_string(),
                "rekognition:DetectFaces".to_string(),
            ],
            vec!["*".to_string()],
        ),
        (
            "ReadImages",
            vec!["s3:GetObject".to_string()],
            vec![format!("arn:aws:s3:::bench-images-{i}/*")],
        ),
    ]
    .into_iter()
    .map(|(sid, actions, resources)| {
        object(
            &statement.block,
            &[
                ("sid", Value::from(sid)),
                ("actions", Value::string_list(actions)),
                ("resources", Value::string_list(resources)),
            ],
        )
    })
    .collect();
    let config = object(&schema.block, &[("statement", Value::List(statements))]);
    (schema.block.value_type(), config)
}

/// The proposed new state (and its type) of gate `j` over the JSON texts `documents`, as
/// Terraform proposes a create.
pub fn attachment_proposed(provider: &Provider, j: usize, documents: &[String]) -> (Type, Value) {
    let schema = &provider.schema().resources[ATTACHMENT];
    let inline: BTreeMap<String, Value> = documents
        .iter()
        .enumerate()
        .map(|(k, d)| (format!("d{}", 10 * j + k), Value::from(d.as_str())))
        .collect();
    let proposed = object(
        &schema.block,
        &[
            (
                "identity_arn",
                Value::from(format!("arn:aws:iam::111122223333:role/bench-{j}")),
            ),
            ("inline_policies", Value::Map(inline)),
        ],
    );
    (schema.block.value_type(), proposed)
}

/// The `json` the data source renders for document `i`.
pub fn document_json(provider: &Provider, i: usize) -> String {
    let (_, config) = document_config(provider, i);
    let (state, diags) = provider
        .data_source(DOCUMENT)
        .expect("the data source")
        .read(&config);
    assert!(diags.is_empty(), "benchmark document {i}: {diags:?}");
    state
        .as_ref()
        .and_then(|s| s.get("json"))
        .and_then(Value::as_str)
        .expect("json")
        .to_string()
}
