//! Protocol tests: the real binary, started as Terraform starts it, driven by a gRPC client
//! generated from our own proto files over mutual TLS.

use crate::support;

use std::process::{Command, Stdio};
use std::time::Duration;

use host::proto::plugin as gp;
use host::proto::tfplugin6 as pb;
use host::value::Value;
use support::plugin::{ClientIdentity, PluginProcess, BINARY};
use support::values::{data_source_type, decode, describe, dynamic, object_of};

const MANAGED: &str = "rekognitioniam_managed_policy";

#[test]
fn without_cookie_explains_and_exits_1() {
    let out = Command::new(BINARY)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("This binary is a plugin"), "{stderr}");
    assert!(stderr.contains("Terraform or OpenTofu"), "{stderr}");
}

#[test]
fn handshake_line_is_go_plugin_format() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let h = &plugin.handshake;
    assert_eq!(
        (h.core_version.as_str(), h.app_version.as_str()),
        ("1", "6")
    );
    assert_eq!(h.network, "tcp");
    assert!(h.address.starts_with("127.0.0.1:"), "{}", h.address);
    assert_eq!(h.protocol, "grpc");
    assert!(
        !h.server_cert_der.is_empty(),
        "a server certificate for AutoMTLS"
    );
}

#[test]
fn honours_the_port_range() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start_with(|cmd| {
        cmd.env("PLUGIN_CLIENT_CERT", &client.cert_pem)
            .env("PLUGIN_MIN_PORT", port.to_string())
            .env("PLUGIN_MAX_PORT", port.to_string());
    });
    assert_eq!(plugin.handshake.address, format!("127.0.0.1:{port}"));
}

#[test]
fn refuses_protocol_5_only_clients() {
    let out = Command::new(BINARY)
        .env(
            "TF_PLUGIN_MAGIC_COOKIE",
            host::plugin::handshake::MAGIC_COOKIE_VALUE,
        )
        .env("PLUGIN_PROTOCOL_VERSIONS", "5")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only version 6"));
}

#[tokio::test]
async fn schema_over_mtls() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let schema = rpc
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .unwrap()
        .into_inner();
    assert!(schema.diagnostics.is_empty());
    let ds = &schema.data_source_schemas[MANAGED];
    let block = ds.block.as_ref().unwrap();
    let name = block.attributes.iter().find(|a| a.name == "name").unwrap();
    assert!(name.required);
    assert_eq!(name.r#type, br#""string""#);
    for a in &block.attributes {
        assert!(
            a.nested_type.is_none() || a.r#type.is_empty(),
            "{} sets type and nested_type",
            a.name
        );
    }
    let caps = schema.server_capabilities.unwrap();
    assert!(caps.get_provider_schema_optional);
}

#[tokio::test]
async fn validate_reports_the_attribute_path() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let ty = data_source_type(MANAGED);
    let config = object_of(&ty, &[("name", Value::from("AmazonRekognitionFulAccess"))]);
    let resp = rpc
        .validate_data_resource_config(pb::validate_data_resource_config::Request {
            type_name: MANAGED.into(),
            config: Some(dynamic(&config, &ty)),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        resp.diagnostics.len(),
        1,
        "{:?}",
        describe(&resp.diagnostics)
    );
    let d = &resp.diagnostics[0];
    assert_eq!(d.severity, pb::diagnostic::Severity::Error as i32);
    assert_eq!(d.summary, "Unknown managed policy");
    assert!(d
        .detail
        .contains("Did you mean \"AmazonRekognitionFullAccess\"?"));
    let steps = &d.attribute.as_ref().unwrap().steps;
    assert_eq!(
        steps[0].selector,
        Some(pb::attribute_path::step::Selector::AttributeName(
            "name".into()
        ))
    );
}

#[tokio::test]
async fn read_data_source_returns_the_document() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let ty = data_source_type(MANAGED);
    let config = object_of(
        &ty,
        &[("name", Value::from("AmazonRekognitionServiceRole"))],
    );
    let resp = rpc
        .read_data_source(pb::read_data_source::Request {
            type_name: MANAGED.into(),
            config: Some(dynamic(&config, &ty)),
            provider_meta: None,
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        resp.diagnostics.is_empty(),
        "{:?}",
        describe(&resp.diagnostics)
    );
    let state = decode(resp.state.as_ref().unwrap(), &ty);
    assert_eq!(
        state.get("arn"),
        Some(&Value::from(
            "arn:aws:iam::aws:policy/service-role/AmazonRekognitionServiceRole"
        ))
    );
    assert_eq!(state.get("path"), Some(&Value::from("/service-role/")));
    let json = state.get("json").and_then(Value::as_str).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(parsed["Version"], "2012-10-17");
}

#[tokio::test]
async fn unknown_type_names_get_a_diagnostic() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let resp = rpc
        .read_data_source(pb::read_data_source::Request {
            type_name: "rekognitioniam_nope".into(),
            config: None,
            provider_meta: None,
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(resp.diagnostics[0].summary, "Unknown data source type");
}

#[tokio::test]
async fn unserved_rpcs_answer_unimplemented() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let err = rpc
        .open_ephemeral_resource(pb::open_ephemeral_resource::Request::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unimplemented);
    let err = rpc
        .move_resource_state(pb::move_resource_state::Request::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unimplemented);
}

#[tokio::test]
async fn refuses_a_client_without_certificate() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let refused = match plugin.connect(None).await {
        Err(_) => true,
        // TLS 1.3 finishes the client side before the server checks the certificate; the
        // refusal then arrives on the first call.
        Ok(channel) => pb::provider_client::ProviderClient::new(channel)
            .get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .is_err(),
    };
    assert!(refused, "a client without a certificate was served");
}

#[tokio::test]
async fn refuses_a_client_with_another_certificate() {
    let client = ClientIdentity::generate();
    let intruder = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let refused = match plugin.connect(Some(&intruder)).await {
        Err(_) => true,
        Ok(channel) => pb::provider_client::ProviderClient::new(channel)
            .get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .is_err(),
    };
    assert!(refused, "a client with a different certificate was served");
    // The rightful client is still served afterwards.
    let mut rpc = plugin.provider(&client).await;
    assert!(rpc
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .is_ok());
}

#[tokio::test]
async fn controller_shutdown_ends_the_process() {
    let client = ClientIdentity::generate();
    let mut plugin = PluginProcess::start(&client);
    let mut controller = plugin.controller(&client).await;
    controller.shutdown(gp::Empty {}).await.unwrap();
    drop(controller);
    assert_eq!(plugin.wait_exit(Duration::from_secs(10)).await, Some(0));
}

#[tokio::test]
async fn stop_provider_ends_the_process() {
    let client = ClientIdentity::generate();
    let mut plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    let resp = rpc
        .stop_provider(pb::stop_provider::Request {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(resp.error, "");
    drop(rpc);
    assert_eq!(plugin.wait_exit(Duration::from_secs(10)).await, Some(0));
}

#[tokio::test]
async fn exits_when_the_client_goes_away() {
    let client = ClientIdentity::generate();
    let mut plugin = PluginProcess::start(&client);
    {
        let mut rpc = plugin.provider(&client).await;
        rpc.get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .unwrap();
    }
    assert_eq!(plugin.wait_exit(Duration::from_secs(10)).await, Some(0));
}

#[tokio::test]
async fn plaintext_when_tls_is_disabled() {
    // TF_DISABLE_PLUGIN_TLS: Terraform sends no client certificate and expects plain gRPC.
    let mut plugin = PluginProcess::start_with(|_| {});
    assert!(plugin.handshake.server_cert_der.is_empty());
    let channel =
        tonic::transport::Endpoint::from_shared(format!("http://{}", plugin.handshake.address))
            .unwrap()
            .connect()
            .await
            .unwrap();
    let mut rpc = pb::provider_client::ProviderClient::new(channel);
    assert!(rpc
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .is_ok());
    drop(rpc);
    assert_eq!(plugin.wait_exit(Duration::from_secs(10)).await, Some(0));
}

#[tokio::test]
async fn broken_values_get_diagnostics_and_serving_continues() {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let mut rpc = plugin.provider(&client).await;
    for bad in [
        vec![0xc1],
        vec![0x92, 0xa1],
        vec![0x81, 0xa4, b'n', b'a', b'm', b'e', 0x01],
    ] {
        let resp = rpc
            .read_data_source(pb::read_data_source::Request {
                type_name: MANAGED.into(),
                config: Some(pb::DynamicValue {
                    msgpack: bad,
                    json: Vec::new(),
                }),
                provider_meta: None,
                client_capabilities: None,
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(resp.diagnostics.len(), 1);
        assert_eq!(resp.diagnostics[0].summary, "Invalid configuration value");
        assert!(resp.state.is_none());
    }
    let ty = data_source_type(MANAGED);
    let ok = object_of(&ty, &[("name", Value::from("AmazonRekognitionFullAccess"))]);
    let resp = rpc
        .read_data_source(pb::read_data_source::Request {
            type_name: MANAGED.into(),
            config: Some(dynamic(&ok, &ty)),
            provider_meta: None,
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(resp.diagnostics.is_empty());
}
