//! `terraform-provider-peer`: a provider that does nothing, on the `tf-provider` crate.
//!
//! It is the benchmark floor for any provider built on that framework: one data source that
//! copies its input to its output, and one resource that plans its inputs unchanged. The
//! benchmark configurations give it the same number of data sources and resources, with the
//! same policy texts, as the rekognitioniam configurations.

use std::borrow::Cow;
use std::collections::HashMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, Schema};
use tf_provider::value::{Value, ValueEmpty, ValueMap, ValueString};
use tf_provider::{
    serve, AttributePath, DataSource, Diagnostics, DynamicDataSource, DynamicResource, Provider,
    Resource,
};

fn attribute(attr_type: AttributeType, constraint: AttributeConstraint) -> Attribute {
    Attribute {
        attr_type,
        description: "benchmark attribute".into(),
        constraint,
        ..Default::default()
    }
}

fn schema(attributes: HashMap<String, Attribute>) -> Schema {
    Schema {
        version: 1,
        block: Block {
            attributes,
            ..Default::default()
        },
    }
}

/// `peer_document`: `output` = `input`.
struct Document;

#[derive(Serialize, Deserialize)]
struct DocumentState<'a> {
    #[serde(borrow)]
    input: ValueString<'a>,
    #[serde(borrow)]
    output: ValueString<'a>,
}

#[async_trait]
impl DataSource for Document {
    type State<'a> = DocumentState<'a>;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema(HashMap::from([
            (
                "input".to_string(),
                attribute(AttributeType::String, AttributeConstraint::Required),
            ),
            (
                "output".to_string(),
                attribute(AttributeType::String, AttributeConstraint::Computed),
            ),
        ])))
    }

    async fn read<'a>(
        &self,
        _diags: &mut Diagnostics,
        config: Self::State<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<Self::State<'a>> {
        Some(DocumentState {
            output: config.input.clone(),
            input: config.input,
        })
    }
}

/// `peer_gate`: takes a map of documents, plans an `id`.
struct Gate;

#[derive(Serialize, Deserialize)]
struct GateState<'a> {
    #[serde(borrow)]
    id: ValueString<'a>,
    #[serde(borrow)]
    documents: ValueMap<'a, ValueString<'a>>,
}

#[async_trait]
impl Resource for Gate {
    type State<'a> = GateState<'a>;
    type PrivateState<'a> = ValueEmpty;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema(HashMap::from([
            (
                "id".to_string(),
                attribute(AttributeType::String, AttributeConstraint::Computed),
            ),
            (
                "documents".to_string(),
                attribute(
                    AttributeType::Map(AttributeType::String.into()),
                    AttributeConstraint::Required,
                ),
            ),
        ])))
    }

    async fn read<'a>(
        &self,
        _diags: &mut Diagnostics,
        state: Self::State<'a>,
        private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((state, private))
    }

    async fn plan_create<'a>(
        &self,
        _diags: &mut Diagnostics,
        proposed: Self::State<'a>,
        _config: Self::State<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((
            GateState {
                id: Value::Value(Cow::Borrowed("gate")),
                documents: proposed.documents,
            },
            ValueEmpty::default(),
        ))
    }

    async fn plan_update<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Self::State<'a>,
        proposed: Self::State<'a>,
        _config: Self::State<'a>,
        private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>, Vec<AttributePath>)> {
        Some((proposed, private, Vec::new()))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Self::State<'a>,
        private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<Self::PrivateState<'a>> {
        Some(private)
    }

    async fn create<'a>(
        &self,
        _diags: &mut Diagnostics,
        planned: Self::State<'a>,
        _config: Self::State<'a>,
        private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((planned, private))
    }

    async fn update<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Self::State<'a>,
        planned: Self::State<'a>,
        _config: Self::State<'a>,
        private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((planned, private))
    }

    async fn destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Self::State<'a>,
        _private: Self::PrivateState<'a>,
        _meta: Self::ProviderMetaState<'a>,
    ) -> Option<()> {
        Some(())
    }
}

/// The provider: no configuration.
struct Peer;

#[async_trait]
impl Provider for Peer {
    type Config<'a> = ValueEmpty;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema(HashMap::new()))
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        Some(HashMap::from([(
            "document".to_string(),
            Box::new(Document) as Box<dyn DynamicDataSource>,
        )]))
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        Some(HashMap::from([(
            "gate".to_string(),
            Box::new(Gate) as Box<dyn DynamicResource>,
        )]))
    }
}

#[tokio::main]
async fn main() {
    if let Err(e) = serve("peer", Peer).await {
        eprintln!("peer provider: {e}");
        std::process::exit(1);
    }
}
