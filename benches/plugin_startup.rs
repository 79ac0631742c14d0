//! Plugin process figures, measured on the release binary as Terraform starts it (magic cookie,
//! protocol versions, a P-521 client certificate):
//!
//! - `exec_to_handshake`: from spawning the process to reading its handshake line;
//! - `mtls_connect`: the client's TLS 1.3 handshake and HTTP/2 set-up (client side included);
//! - `get_provider_schema_first`: the first GetProviderSchema of a fresh process;
//! - `get_provider_schema_warm`: later GetProviderSchema calls on the same connection;
//! - `read_document_first` / `read_document_warm`: a ReadDataSource of the plan benchmark's
//!   `rekognitioniam_policy_document` in a fresh process, and later ones.
//!
//! Prints median, p90 and min per figure, and with `BENCH_JSON=<file>` writes them as JSON.
//! `BENCH_STARTUP_REPS` sets the number of fresh processes (default 100); `BENCH_PEER_BINARY`
//! adds `peer_exec_to_handshake` for another plugin binary.
//! Run with `cargo bench --bench plugin_startup`.

// Test and benchmark code: a failed unwrap, expect or index is a failed run with its message,
// which is what these binaries should do on a broken fixture, never production behaviour.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use host::plugin::handshake::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use host::proto::tfplugin6 as pb;
use host::protocol::convert;
use rekognitioniam::provider::provider;

#[allow(dead_code)]
#[path = "../tests/support/plugin.rs"]
mod plugin;
#[path = "support/mod.rs"]
mod support;

use plugin::{ClientIdentity, PluginProcess, BINARY};

/// Warm calls per process for the warm figures.
const WARM_CALLS: usize = 20;

struct Figure {
    name: String,
    samples: Vec<Duration>,
}

impl Figure {
    fn new(name: &str) -> Figure {
        Figure {
            name: name.to_string(),
            samples: Vec::new(),
        }
    }

    fn quantile(&self, q: f64) -> f64 {
        let mut ms: Vec<f64> = self.samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let index = ((ms.len() as f64 - 1.0) * q).round() as usize;
        ms.get(index).copied().unwrap_or(f64::NAN)
    }
}

/// Spawn to handshake line of `binary` started as Terraform starts plugins.
fn time_handshake(binary: &str, client: &ClientIdentity) -> Duration {
    let start = Instant::now();
    let mut child = Command::new(binary)
        .env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_CLIENT_CERT", &client.cert_pem)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the plugin");
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("handshake line");
    }
    let elapsed = start.elapsed();
    assert!(line.contains("|grpc|"), "unexpected handshake {line:?}");
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// Set in a child process of this harness: time each start-up piece once, cold, and print the
/// times as one JSON line.
const COLD_CHILD: &str = "BENCH_STARTUP_COLD_CHILD";

/// The start-up pieces, each timed on its first call in a fresh process (the costs Terraform
/// pays in every plugin process it starts), in the order the plugin runs them.
fn cold_pieces(client_pem: &str) -> Vec<(&'static str, Duration)> {
    use engine::analysis::effective::{NamedPolicy, PolicySet};
    use engine::analysis::validate::{validate_json, PolicyType, ValidateOptions};
    use host::plugin::mtls::{parse_client_cert, server_config, ServerIdentity};
    use host::plugin::shutdown::Shutdown;
    use host::proto::tfplugin6::provider_server::Provider as _;
    use host::protocol::service::ProviderService;
    use std::sync::Arc;

    let mut out = Vec::new();
    let mut lap = |name: &'static str, start: Instant| out.push((name, start.elapsed()));
    let start = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    lap("cold_runtime", start);
    let start = Instant::now();
    let client = parse_client_cert(client_pem).expect("client certificate");
    lap("cold_parse_client_cert", start);
    let start = Instant::now();
    let identity = ServerIdentity::generate().expect("identity");
    lap("cold_tls_identity", start);
    let start = Instant::now();
    server_config(&identity, client).expect("config");
    lap("cold_tls_server_config", start);
    let start = Instant::now();
    let service = ProviderService::new(Arc::new(provider()), Shutdown::new());
    runtime
        .block_on(
            service.get_provider_schema(tonic::Request::new(pb::get_provider_schema::Request {})),
        )
        .expect("schema");
    lap("cold_schema_response", start);
    // The first document read builds lazily initialised tables; time the two users apart.
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}"#;
    let start = Instant::now();
    let options = ValidateOptions::new(PolicyType::Identity);
    let report = validate_json(text, &options);
    lap("cold_first_validate", start);
    let start = Instant::now();
    if let Some(document) = report.document {
        PolicySet::new(vec![NamedPolicy::new("p", document)]).effective_actions();
    }
    lap("cold_first_effective_actions", start);
    let provider = provider();
    let (ty, config) = support::document_config(&provider, 7);
    let wire = convert::encode(&config, &ty).expect("encode");
    let start = Instant::now();
    runtime
        .block_on(
            service.read_data_source(tonic::Request::new(pb::read_data_source::Request {
                type_name: support::DOCUMENT.to_string(),
                config: Some(wire),
                provider_meta: None,
                client_capabilities: None,
            })),
        )
        .expect("read");
    lap("cold_first_document_read", start);
    out
}

fn main() {
    if let Ok(pem) = std::env::var(COLD_CHILD) {
        let pieces: serde_json::Map<String, serde_json::Value> = cold_pieces(&pem)
            .into_iter()
            .map(|(name, d)| (name.to_string(), serde_json::json!(d.as_secs_f64())))
            .collect();
        println!("{}", serde_json::Value::Object(pieces));
        return;
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(measure());
}

async fn measure() {
    // `cargo bench` passes `--bench`; a filter argument is not supported here. Without it
    // (`cargo test --all-targets`) one process is measured, as a smoke test of the harness.
    let reps: usize = if std::env::args().any(|a| a == "--bench") {
        std::env::var("BENCH_STARTUP_REPS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100)
    } else {
        1
    };
    let client = ClientIdentity::generate();
    let provider = provider();
    let (doc_ty, doc_config) = support::document_config(&provider, 7);
    let read_request = pb::read_data_source::Request {
        type_name: support::DOCUMENT.to_string(),
        config: Some(convert::encode(&doc_config, &doc_ty).expect("encode")),
        provider_meta: None,
        client_capabilities: None,
    };

    let mut handshake = Figure::new("exec_to_handshake");
    let mut connect = Figure::new("mtls_connect");
    let mut schema_first = Figure::new("get_provider_schema_first");
    let mut schema_warm = Figure::new("get_provider_schema_warm");
    let mut read_first = Figure::new("read_document_first");
    let mut read_warm = Figure::new("read_document_warm");
    let mut peer = Figure::new("peer_exec_to_handshake");
    let mut cold: Vec<Figure> = Vec::new();
    let peer_binary = std::env::var("BENCH_PEER_BINARY")
        .ok()
        .filter(|p| !p.is_empty());

    for rep in 0..reps {
        let output = Command::new(std::env::current_exe().expect("this harness"))
            .env(COLD_CHILD, &client.cert_pem)
            .stderr(Stdio::inherit())
            .output()
            .expect("cold start-up child");
        let pieces: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&output.stdout).expect("cold start-up figures");
        for (name, seconds) in pieces {
            let index = match cold.iter().position(|f| f.name == name) {
                Some(i) => i,
                None => {
                    cold.push(Figure::new(&name));
                    cold.len() - 1
                }
            };
            if let (Some(figure), Some(s)) = (cold.get_mut(index), seconds.as_f64()) {
                figure.samples.push(Duration::from_secs_f64(s));
            }
        }
        handshake.samples.push(time_handshake(BINARY, &client));
        if let Some(binary) = &peer_binary {
            peer.samples.push(time_handshake(binary, &client));
        }

        let process = PluginProcess::start(&client);
        let start = Instant::now();
        let channel = process.connect(Some(&client)).await.expect("mTLS");
        connect.samples.push(start.elapsed());
        let mut rpc = pb::provider_client::ProviderClient::new(channel)
            .max_decoding_message_size(256 * 1024 * 1024);
        // Alternate which call comes first, so each "first" figure is a fresh process's.
        let schema_call = |rpc: &mut pb::provider_client::ProviderClient<_>| {
            let mut rpc = rpc.clone();
            async move {
                let start = Instant::now();
                rpc.get_provider_schema(pb::get_provider_schema::Request {})
                    .await
                    .expect("schema");
                start.elapsed()
            }
        };
        let read_call = |rpc: &mut pb::provider_client::ProviderClient<_>| {
            let mut rpc = rpc.clone();
            let request = read_request.clone();
            async move {
                let start = Instant::now();
                let response = rpc.read_data_source(request).await.expect("read");
                assert!(response.get_ref().diagnostics.is_empty());
                start.elapsed()
            }
        };
        if rep % 2 == 0 {
            schema_first.samples.push(schema_call(&mut rpc).await);
        } else {
            read_first.samples.push(read_call(&mut rpc).await);
        }
        for _ in 0..WARM_CALLS {
            schema_warm.samples.push(schema_call(&mut rpc).await);
            read_warm.samples.push(read_call(&mut rpc).await);
        }
        drop(process);
    }

    let mut figures = vec![
        handshake,
        connect,
        schema_first,
        schema_warm,
        read_first,
        read_warm,
        peer,
    ];
    figures.extend(cold);
    println!(
        "{:<28} {:>7} {:>10} {:>10} {:>10}",
        "plugin_startup", "samples", "median ms", "p90 ms", "min ms"
    );
    let mut json = serde_json::Map::new();
    for f in figures.iter().filter(|f| !f.samples.is_empty()) {
        println!(
            "{:<28} {:>7} {:>10.3} {:>10.3} {:>10.3}",
            f.name,
            f.samples.len(),
            f.quantile(0.5),
            f.quantile(0.9),
            f.quantile(0.0)
        );
        json.insert(
            f.name.clone(),
            serde_json::json!({
                "samples": f.samples.len(),
                "median_ms": f.quantile(0.5),
                "p90_ms": f.quantile(0.9),
                "min_ms": f.quantile(0.0),
            }),
        );
    }
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let text = serde_json::Value::Object(json).to_string();
        std::fs::write(&path, text + "\n").expect("write BENCH_JSON");
    }
}
