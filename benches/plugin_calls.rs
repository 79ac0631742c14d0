//! In-process costs behind a plan: what each plugin process pays at start-up, and what each
//! ReadDataSource / PlanResourceChange call of the plan benchmark costs inside the provider.
//!
//! Terraform starts the plugin several times per plan, so the start-up group multiplies; the
//! call group multiplies by the number of data sources and resources.

// Test and benchmark code: a failed unwrap, expect or index is a failed run with its message,
// which is what these binaries should do on a broken fixture, never production behaviour.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use host::plugin::mtls::{parse_client_cert, server_config, ServerIdentity};
use host::plugin::shutdown::Shutdown;
use host::proto::tfplugin6 as pb;
use host::proto::tfplugin6::provider_server::Provider as _;
use host::protocol::convert;
use host::protocol::service::ProviderService;
use tonic::Request;

#[path = "support/mod.rs"]
mod support;

use support::{attachment_proposed, document_config, document_json, ATTACHMENT, DOCUMENT};

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.bench_function("runtime_multi_thread_2", |b| {
        b.iter(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime")
        })
    });
    group.bench_function("runtime_current_thread", |b| b.iter(current_thread));
    group.bench_function("tls_server_identity", |b| {
        b.iter(|| ServerIdentity::generate().expect("identity"))
    });
    let client_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).expect("key");
    let client_pem = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .expect("params")
        .self_signed(&client_key)
        .expect("certificate")
        .pem();
    let identity = ServerIdentity::generate().expect("identity");
    group.bench_function("tls_server_config", |b| {
        b.iter(|| {
            let client = parse_client_cert(&client_pem).expect("client certificate");
            server_config(&identity, client).expect("config")
        })
    });
    group.bench_function("provider_schema", |b| {
        b.iter(|| {
            let provider = rekognitioniam::provider::provider();
            provider.schema();
            provider
        })
    });
    let rt = current_thread();
    group.bench_function("get_provider_schema_first_call", |b| {
        b.iter(|| {
            let service = ProviderService::new(
                Arc::new(rekognitioniam::provider::provider()),
                Shutdown::new(),
            );
            rt.block_on(
                service.get_provider_schema(Request::new(pb::get_provider_schema::Request {})),
            )
            .expect("schema")
        })
    });
    let service = ProviderService::new(
        Arc::new(rekognitioniam::provider::provider()),
        Shutdown::new(),
    );
    group.bench_function("get_provider_schema_cached", |b| {
        b.iter(|| {
            rt.block_on(
                service.get_provider_schema(Request::new(pb::get_provider_schema::Request {})),
            )
            .expect("schema")
        })
    });
    group.finish();
}

fn calls(c: &mut Criterion) {
    let provider = rekognitioniam::provider::provider();
    let (ty, config) = document_config(&provider, 7);
    let wire = convert::encode(&config, &ty).expect("encode");
    let data_source = provider.data_source(DOCUMENT).expect("data source");
    let (state, _) = data_source.read(&config);
    let state = state.expect("state");

    let mut group = c.benchmark_group("policy_document");
    group.bench_function("decode_config", |b| {
        b.iter(|| convert::decode(Some(&wire), &ty).expect("decode"))
    });
    group.bench_function("validate", |b| b.iter(|| data_source.validate(&config)));
    group.bench_function("read", |b| b.iter(|| data_source.read(&config)));
    group.bench_function("encode_state", |b| {
        b.iter(|| convert::encode(&state, &ty).expect("encode"))
    });
    let rt = current_thread();
    let service = ProviderService::new(
        Arc::new(rekognitioniam::provider::provider()),
        Shutdown::new(),
    );
    group.bench_function("read_data_source_rpc", |b| {
        b.iter(|| {
            rt.block_on(
                service.read_data_source(Request::new(pb::read_data_source::Request {
                    type_name: DOCUMENT.to_string(),
                    config: Some(wire.clone()),
                    provider_meta: None,
                    client_capabilities: None,
                })),
            )
            .expect("read")
        })
    });
    group.finish();

    let documents: Vec<String> = (0..10).map(|i| document_json(&provider, 30 + i)).collect();
    let (ty, proposed) = attachment_proposed(&provider, 3, &documents);
    let wire = convert::encode(&proposed, &ty).expect("encode");
    let prior = convert::encode(&host::value::Value::Null, &ty).expect("null");
    let mut group = c.benchmark_group("policy_attachment");
    group.bench_function("plan_resource_change_rpc", |b| {
        b.iter(|| {
            rt.block_on(service.plan_resource_change(Request::new(
                pb::plan_resource_change::Request {
                    type_name: ATTACHMENT.to_string(),
                    prior_state: Some(prior.clone()),
                    proposed_new_state: Some(wire.clone()),
                    config: Some(wire.clone()),
                    prior_private: Vec::new(),
                    provider_meta: None,
                    client_capabilities: None,
                },
            )))
            .expect("plan")
        })
    });
    group.finish();
}

criterion_group!(benches, startup, calls);
criterion_main!(benches);
