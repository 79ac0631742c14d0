//! Malformed RPCs through the real server: broken msgpack, wrong cty types, unknown type names,
//! unknown values everywhere and huge lists, sent to every RPC the provider serves. Each answer
//! is an error diagnostic (or a function error), never a transport error or a panic, and the
//! process keeps serving. Then many concurrent calls over one connection, in bounded time.

use crate::support;

use std::collections::BTreeMap;
use std::io::Read;
use std::time::{Duration, Instant};

use host::proto::tfplugin6 as pb;
use host::proto::tfplugin6::provider_client::ProviderClient;
use host::protocol::codec::MAX_VALUES;
use host::value::{Type, Value};
use rekognitioniam::provider::provider;
use rmpv::Value as Mp;
use support::plugin::{ClientIdentity, PluginProcess};
use support::values::{data_source_type, decode, describe, dynamic, object_of, resource_type};
use tonic::transport::Channel;

const MANAGED: &str = "rekognitioniam_managed_policy";
const ATTACHMENT: &str = "rekognitioniam_policy_attachment";
const ROLE: &str = "arn:aws:iam::111122223333:role/app";
const INTERNAL: &str = "Internal error in the provider";

/// A call must finish within this, or the test fails instead of hanging.
const CALL_LIMIT: Duration = Duration::from_secs(60);

fn msgpack(bytes: Vec<u8>) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: bytes,
        json: Vec::new(),
    }
}

fn encoded(value: &Mp) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).unwrap();
    out
}

fn unknown() -> Mp {
    Mp::Ext(0, vec![0])
}

/// Values no schema accepts, each with a name for failure messages.
fn broken_values() -> Vec<(String, pb::DynamicValue)> {
    let mut deep = vec![0x91; 10_000];
    deep.push(0xc0);
    let mut too_many = vec![0xdd];
    too_many.extend_from_slice(&(MAX_VALUES as u32 + 1).to_be_bytes());
    too_many.extend(std::iter::repeat_n(0xc0, MAX_VALUES + 1));
    let mut cases: Vec<(&str, pb::DynamicValue)> = vec![
        ("a reserved msgpack marker", msgpack(vec![0xc1])),
        ("a truncated array", msgpack(vec![0x92, 0xa1])),
        ("bytes after the value", msgpack(vec![0x80, 0xc0])),
        (
            "an array claiming 4 GiB",
            msgpack(vec![0xdd, 0xff, 0xff, 0xff, 0xff]),
        ),
        (
            "a map claiming 4 GiB",
            msgpack(vec![0xdf, 0xff, 0xff, 0xff, 0xff]),
        ),
        (
            "a string claiming 4 GiB",
            msgpack(vec![0x81, 0xdb, 0xff, 0xff, 0xff, 0xff, b'x']),
        ),
        ("an unsupported extension", msgpack(vec![0xd4, 0x05, 0x00])),
        ("a string for an object", msgpack(encoded(&Mp::from("x")))),
        ("a number for an object", msgpack(vec![0x05])),
        (
            "an array for an object",
            msgpack(encoded(&Mp::Array(vec![Mp::Nil]))),
        ),
        (
            "a number as a map key",
            msgpack(encoded(&Mp::Map(vec![(Mp::from(1), Mp::Nil)]))),
        ),
        (
            "an attribute the schema lacks",
            msgpack(encoded(&Mp::Map(vec![(Mp::from("nope"), Mp::Nil)]))),
        ),
        (
            "a key that is not UTF-8",
            msgpack(vec![0x81, 0xa2, 0xff, 0xfe, 0xc0]),
        ),
        ("10,000 levels of nesting", msgpack(deep)),
        ("more values than the provider accepts", msgpack(too_many)),
        (
            "broken JSON",
            pb::DynamicValue {
                msgpack: Vec::new(),
                json: b"{\"a\":".to_vec(),
            },
        ),
        (
            "JSON of the wrong type",
            pb::DynamicValue {
                msgpack: Vec::new(),
                json: b"[1, 2]".to_vec(),
            },
        ),
    ];
    cases
        .drain(..)
        .map(|(name, dv)| (name.to_string(), dv))
        .collect()
}

/// A value of the wrong kind for `ty`.
fn wrong_for(ty: &Type) -> Mp {
    match ty {
        Type::String => Mp::Map(Vec::new()),
        Type::Number => Mp::from("not a number"),
        Type::Bool => Mp::from("yes"),
        Type::List(_) | Type::Set(_) | Type::Tuple(_) => Mp::from("not a list"),
        Type::Map(_) | Type::Object(_) => Mp::Array(vec![Mp::from(1)]),
        Type::Dynamic => Mp::Array(vec![Mp::from("strin"), Mp::from("x")]),
    }
}

/// For each attribute of an object type, the object with that attribute of the wrong type.
fn wrong_types(ty: &Type) -> Vec<(String, pb::DynamicValue)> {
    let Type::Object(attrs) = ty else {
        panic!("not an object type");
    };
    attrs
        .iter()
        .map(|(name, t)| {
            let value = Mp::Map(vec![(Mp::from(name.as_str()), wrong_for(t))]);
            (format!("a wrong type for {name}"), msgpack(encoded(&value)))
        })
        .collect()
}

/// `ty` with every leaf unknown: unknown attributes, and one unknown element in every list and
/// map (so nested blocks have unknown attributes too).
fn all_unknown(ty: &Type) -> Mp {
    match ty {
        Type::List(e) | Type::Set(e) => Mp::Array(vec![all_unknown(e)]),
        Type::Map(e) => Mp::Map(vec![(Mp::from("k"), all_unknown(e))]),
        Type::Object(attrs) => Mp::Map(
            attrs
                .iter()
                .map(|(k, t)| (Mp::from(k.as_str()), all_unknown(t)))
                .collect(),
        ),
        _ => unknown(),
    }
}

/// Values with unknowns in every place: Terraform sends these during validate and plan.
fn unknown_values(ty: &Type) -> Vec<(String, pb::DynamicValue)> {
    vec![
        (
            "a wholly unknown value".into(),
            msgpack(encoded(&unknown())),
        ),
        (
            "a refined unknown value".into(),
            msgpack(encoded(&Mp::Ext(12, vec![0x80]))),
        ),
        (
            "unknowns in every attribute".into(),
            msgpack(encoded(&all_unknown(ty))),
        ),
    ]
}

/// Every error diagnostic must be a real answer: no internal error (a caught panic), no success.
fn assert_error(what: &str, diags: &[pb::Diagnostic]) {
    let lines = describe(diags);
    assert!(
        diags
            .iter()
            .any(|d| d.severity == pb::diagnostic::Severity::Error as i32),
        "{what}: expected an error diagnostic, got {lines:?}"
    );
    assert_no_internal_error(what, diags);
}

fn assert_no_internal_error(what: &str, diags: &[pb::Diagnostic]) {
    assert!(
        diags.iter().all(|d| d.summary != INTERNAL),
        "{what}: {:?}",
        describe(diags)
    );
}

/// Awaits an RPC with a time limit; a transport error or a timeout fails the test.
async fn answer<T>(
    what: &str,
    call: impl std::future::Future<Output = Result<tonic::Response<T>, tonic::Status>>,
) -> T {
    match tokio::time::timeout(CALL_LIMIT, call).await {
        Ok(Ok(response)) => response.into_inner(),
        Ok(Err(status)) => panic!("{what}: transport error {status:?}"),
        Err(_) => panic!("{what}: no answer within {CALL_LIMIT:?}"),
    }
}

/// A good call that must succeed: the server is still serving.
async fn still_serving(rpc: &mut ProviderClient<Channel>, after: &str) {
    let ty = data_source_type(MANAGED);
    let config = object_of(&ty, &[("name", Value::from("AmazonRekognitionFullAccess"))]);
    let resp = answer(
        after,
        rpc.read_data_source(pb::read_data_source::Request {
            type_name: MANAGED.into(),
            config: Some(dynamic(&config, &ty)),
            provider_meta: None,
            client_capabilities: None,
        }),
    )
    .await;
    assert!(
        resp.diagnostics.is_empty() && resp.state.is_some(),
        "after {after}: {:?}",
        describe(&resp.diagnostics)
    );
}

/// Stops the plugin and returns what it wrote on stderr.
fn stderr_of(mut plugin: PluginProcess) -> String {
    let _ = plugin.child.kill();
    let _ = plugin.child.wait();
    let mut text = String::new();
    if let Some(mut err) = plugin.child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}

fn assert_no_panic(plugin: PluginProcess) {
    let stderr = stderr_of(plugin);
    assert!(!stderr.contains("panic"), "the plugin panicked:\n{stderr}");
}

struct Served {
    plugin: PluginProcess,
    rpc: ProviderClient<Channel>,
}

async fn serve() -> Served {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let rpc = plugin
        .provider(&client)
        .await
        .max_encoding_message_size(usize::MAX);
    Served { plugin, rpc }
}

fn schema_types() -> (
    Type,
    BTreeMap<&'static str, Type>,
    BTreeMap<&'static str, Type>,
) {
    let provider = provider();
    let schema = provider.schema();
    let provider_ty = schema.provider.block.value_type();
    let data_sources = schema
        .data_sources
        .keys()
        .map(|k| (*k, schema.data_source_type(k).unwrap().clone()))
        .collect();
    let resources = schema
        .resources
        .keys()
        .map(|k| (*k, schema.resource_type(k).unwrap().clone()))
        .collect();
    (provider_ty, data_sources, resources)
}

#[tokio::test]
async fn metadata_schema_and_functions_answer_between_bad_calls() {
    let Served { plugin, mut rpc } = serve().await;
    for round in 0..3 {
        let meta = answer(
            "GetMetadata",
            rpc.get_metadata(pb::get_metadata::Request {}),
        )
        .await;
        assert!(meta.diagnostics.is_empty() && !meta.data_sources.is_empty());
        let schema = answer(
            "GetProviderSchema",
            rpc.get_provider_schema(pb::get_provider_schema::Request {}),
        )
        .await;
        assert!(schema.diagnostics.is_empty() && !schema.resource_schemas.is_empty());
        let functions = answer(
            "GetFunctions",
            rpc.get_functions(pb::get_functions::Request {}),
        )
        .await;
        assert!(functions.diagnostics.is_empty() && !functions.functions.is_empty());
        // a bad call in between must not disturb the next round
        let resp = answer(
            "ReadDataSource",
            rpc.read_data_source(pb::read_data_source::Request {
                type_name: format!("rekognitioniam_nope_{round}"),
                config: Some(msgpack(vec![0xc1])),
                provider_meta: None,
                client_capabilities: None,
            }),
        )
        .await;
        assert_error("unknown data source", &resp.diagnostics);
    }
    assert_no_panic(plugin);
}

#[tokio::test]
async fn provider_config_rpcs_refuse_bad_values() {
    let Served { plugin, mut rpc } = serve().await;
    let (provider_ty, _, _) = schema_types();
    let mut cases = broken_values();
    cases.push((
        "an attribute the provider block lacks".into(),
        msgpack(encoded(&Mp::Map(vec![(Mp::from("region"), Mp::from("x"))]))),
    ));
    for (what, dv) in cases {
        let resp = answer(
            &what,
            rpc.validate_provider_config(pb::validate_provider_config::Request {
                config: Some(dv.clone()),
            }),
        )
        .await;
        assert_error(
            &format!("ValidateProviderConfig with {what}"),
            &resp.diagnostics,
        );
        let resp = answer(
            &what,
            rpc.configure_provider(pb::configure_provider::Request {
                terraform_version: "1.11.4".into(),
                config: Some(dv),
                client_capabilities: None,
            }),
        )
        .await;
        assert_error(&format!("ConfigureProvider with {what}"), &resp.diagnostics);
    }
    for (what, dv) in unknown_values(&provider_ty) {
        let resp = answer(
            &what,
            rpc.configure_provider(pb::configure_provider::Request {
                terraform_version: "1.11.4".into(),
                config: Some(dv),
                client_capabilities: None,
            }),
        )
        .await;
        assert_no_internal_error(&what, &resp.diagnostics);
    }
    still_serving(&mut rpc, "provider configuration").await;
    assert_no_panic(plugin);
}

#[tokio::test]
async fn data_source_rpcs_refuse_bad_values() {
    let Served { plugin, mut rpc } = serve().await;
    let (_, data_sources, _) = schema_types();
    for (type_name, ty) in &data_sources {
        let mut cases = broken_values();
        cases.extend(wrong_types(ty));
        for (what, dv) in cases {
            let what = format!("{type_name} with {what}");
            let resp = answer(
                &what,
                rpc.validate_data_resource_config(pb::validate_data_resource_config::Request {
                    type_name: type_name.to_string(),
                    config: Some(dv.clone()),
                }),
            )
            .await;
            assert_error(
                &format!("ValidateDataResourceConfig: {what}"),
                &resp.diagnostics,
            );
            let resp = answer(
                &what,
                rpc.read_data_source(pb::read_data_source::Request {
                    type_name: type_name.to_string(),
                    config: Some(dv),
                    provider_meta: None,
                    client_capabilities: None,
                }),
            )
            .await;
            assert_error(&format!("ReadDataSource: {what}"), &resp.diagnostics);
            assert!(
                resp.state.is_none(),
                "ReadDataSource: {what} returned a state"
            );
        }
        for (what, dv) in unknown_values(ty) {
            let what = format!("{type_name} with {what}");
            let resp = answer(
                &what,
                rpc.validate_data_resource_config(pb::validate_data_resource_config::Request {
                    type_name: type_name.to_string(),
                    config: Some(dv.clone()),
                }),
            )
            .await;
            assert_no_internal_error(&what, &resp.diagnostics);
            // Terraform defers reading a data source with unknown configuration; read anyway,
            // the answer must still be a clean one.
            let resp = answer(
                &what,
                rpc.read_data_source(pb::read_data_source::Request {
                    type_name: type_name.to_string(),
                    config: Some(dv),
                    provider_meta: None,
                    client_capabilities: None,
                }),
            )
            .await;
            assert_no_internal_error(&what, &resp.diagnostics);
        }
        still_serving(&mut rpc, type_name).await;
    }
    for rpc_name in ["ValidateDataResourceConfig", "ReadDataSource"] {
        let ty = data_source_type(MANAGED);
        let good = dynamic(&object_of(&ty, &[("name", Value::from("x"))]), &ty);
        let diags = if rpc_name == "ReadDataSource" {
            answer(
                rpc_name,
                rpc.read_data_source(pb::read_data_source::Request {
                    type_name: "aws_iam_policy_document".into(),
                    config: Some(good),
                    provider_meta: None,
                    client_capabilities: None,
                }),
            )
            .await
            .diagnostics
        } else {
            answer(
                rpc_name,
                rpc.validate_data_resource_config(pb::validate_data_resource_config::Request {
                    type_name: String::new(),
                    config: Some(good),
                }),
            )
            .await
            .diagnostics
        };
        assert_error(rpc_name, &diags);
        assert_eq!(diags[0].summary, "Unknown data source type");
    }
    still_serving(&mut rpc, "unknown data source types").await;
    assert_no_panic(plugin);
}

/// The calls of a resource's life with `dv` in the place named by `slot`.
async fn resource_calls(
    rpc: &mut ProviderClient<Channel>,
    type_name: &str,
    slot: &str,
    dv: &pb::DynamicValue,
    good: &pb::DynamicValue,
) -> Vec<(String, Vec<pb::Diagnostic>)> {
    let pick = |name: &str| {
        Some(if name == slot {
            dv.clone()
        } else {
            good.clone()
        })
    };
    let mut out = Vec::new();
    let resp = answer(
        "ValidateResourceConfig",
        rpc.validate_resource_config(pb::validate_resource_config::Request {
            type_name: type_name.into(),
            config: pick("config"),
            client_capabilities: None,
        }),
    )
    .await;
    out.push(("ValidateResourceConfig".to_string(), resp.diagnostics));
    let resp = answer(
        "PlanResourceChange",
        rpc.plan_resource_change(pb::plan_resource_change::Request {
            type_name: type_name.into(),
            prior_state: pick("prior"),
            proposed_new_state: pick("proposed"),
            config: pick("config"),
            prior_private: Vec::new(),
            provider_meta: None,
            client_capabilities: None,
        }),
    )
    .await;
    out.push(("PlanResourceChange".to_string(), resp.diagnostics));
    let resp = answer(
        "ApplyResourceChange",
        rpc.apply_resource_change(pb::apply_resource_change::Request {
            type_name: type_name.into(),
            prior_state: pick("prior"),
            planned_state: pick("proposed"),
            config: pick("config"),
            planned_private: Vec::new(),
            provider_meta: None,
        }),
    )
    .await;
    out.push(("ApplyResourceChange".to_string(), resp.diagnostics));
    let resp = answer(
        "ReadResource",
        rpc.read_resource(pb::read_resource::Request {
            type_name: type_name.into(),
            current_state: pick("prior"),
            private: Vec::new(),
            provider_meta: None,
            client_capabilities: None,
        }),
    )
    .await;
    out.push(("ReadResource".to_string(), resp.diagnostics));
    out
}

#[tokio::test]
async fn resource_rpcs_refuse_bad_values_in_every_slot() {
    let Served { plugin, mut rpc } = serve().await;
    let (_, _, resources) = schema_types();
    for (type_name, ty) in &resources {
        let good_value = object_of(ty, &[("identity_arn", Value::from(ROLE))]);
        let good = dynamic(&good_value, ty);
        let mut cases = broken_values();
        cases.extend(wrong_types(ty));
        for (what, dv) in &cases {
            for slot in ["config", "prior", "proposed"] {
                for (call, diags) in resource_calls(&mut rpc, type_name, slot, dv, &good).await {
                    // ValidateResourceConfig only reads the configuration; ReadResource only
                    // the prior state.
                    let reads_slot = match call.as_str() {
                        "ValidateResourceConfig" => slot == "config",
                        "ReadResource" => slot == "prior",
                        _ => true,
                    };
                    let what = format!("{call}: {type_name} with {what} as {slot}");
                    if reads_slot {
                        assert_error(&what, &diags);
                    } else {
                        assert_no_internal_error(&what, &diags);
                    }
                }
            }
        }
        for (what, dv) in unknown_values(ty) {
            for slot in ["config", "prior", "proposed"] {
                for (call, diags) in resource_calls(&mut rpc, type_name, slot, &dv, &good).await {
                    assert_no_internal_error(
                        &format!("{call}: {type_name} with {what} as {slot}"),
                        &diags,
                    );
                }
            }
        }
        still_serving(&mut rpc, type_name).await;
    }
    for (type_name, what) in [("aws_iam_role", "a foreign type"), ("", "an empty type")] {
        let ty = resource_type(ATTACHMENT);
        let good = dynamic(&object_of(&ty, &[("identity_arn", Value::from(ROLE))]), &ty);
        for (call, diags) in resource_calls(&mut rpc, type_name, "none", &good, &good).await {
            assert_error(&format!("{call} with {what}"), &diags);
            assert_eq!(diags[0].summary, "Unknown resource type", "{call}");
        }
    }
    still_serving(&mut rpc, "unknown resource types").await;
    assert_no_panic(plugin);
}

#[tokio::test]
async fn import_and_upgrade_refuse_bad_input() {
    let Served { plugin, mut rpc } = serve().await;
    for id in [
        String::new(),
        "not an arn".to_string(),
        "arn:aws:iam::111122223333:policy/not-an-identity".to_string(),
        format!("arn:aws:iam::111122223333:role/{}", "x".repeat(1 << 20)),
        "arn:aws:iam::111122223333:role/\u{0}\u{202e}".to_string(),
    ] {
        let what = format!("ImportResourceState with {} characters", id.len());
        let resp = answer(
            &what,
            rpc.import_resource_state(pb::import_resource_state::Request {
                type_name: ATTACHMENT.into(),
                id,
                client_capabilities: None,
            }),
        )
        .await;
        assert_error(&what, &resp.diagnostics);
        assert!(resp.imported_resources.is_empty(), "{what}");
    }
    let resp = answer(
        "import of an unknown type",
        rpc.import_resource_state(pb::import_resource_state::Request {
            type_name: "rekognitioniam_nope".into(),
            id: ROLE.into(),
            client_capabilities: None,
        }),
    )
    .await;
    assert_error("import of an unknown type", &resp.diagnostics);

    let mut deep = "[".repeat(10_000);
    deep.push_str(&"]".repeat(10_000));
    let mut many = String::from("{\"managed_policy_arns\": [");
    many.push_str(&"\"a\",".repeat(MAX_VALUES));
    many.push_str("\"a\"]}");
    let states: Vec<(&str, pb::RawState)> = vec![
        ("no state at all", pb::RawState::default()),
        (
            "flatmap state only",
            pb::RawState {
                json: Vec::new(),
                flatmap: [("identity_arn".to_string(), ROLE.to_string())].into(),
            },
        ),
        ("broken JSON", raw(b"{\"identity_arn\": ")),
        ("JSON that is not an object", raw(b"[\"identity_arn\"]")),
        ("a wrong type", raw(b"{\"identity_arn\": {\"a\": 1}}")),
        (
            "a list of the wrong type",
            raw(b"{\"managed_policy_arns\": \"x\"}"),
        ),
        ("deep nesting", raw(deep.as_bytes())),
        ("more values than accepted", raw(many.as_bytes())),
        ("invalid UTF-8", raw(b"{\"identity_arn\": \"\xff\xfe\"}")),
    ];
    for (what, raw_state) in states {
        let resp = answer(
            what,
            rpc.upgrade_resource_state(pb::upgrade_resource_state::Request {
                type_name: ATTACHMENT.into(),
                version: 0,
                raw_state: Some(raw_state),
            }),
        )
        .await;
        assert_error(
            &format!("UpgradeResourceState with {what}"),
            &resp.diagnostics,
        );
        assert!(resp.upgraded_state.is_none(), "{what}");
    }
    let resp = answer(
        "upgrade of an unknown type",
        rpc.upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: "rekognitioniam_nope".into(),
            version: 0,
            raw_state: Some(raw(b"{}")),
        }),
    )
    .await;
    assert_error("upgrade of an unknown type", &resp.diagnostics);

    // A good state still upgrades: what a newer or older schema left behind is tolerated.
    let resp = answer(
        "a good upgrade",
        rpc.upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: ATTACHMENT.into(),
            version: 0,
            raw_state: Some(raw(format!(
                "{{\"identity_arn\": \"{ROLE}\", \"retired\": 1}}"
            )
            .as_bytes())),
        }),
    )
    .await;
    assert!(
        resp.diagnostics.is_empty(),
        "{:?}",
        describe(&resp.diagnostics)
    );
    let state = decode(
        resp.upgraded_state.as_ref().unwrap(),
        &resource_type(ATTACHMENT),
    );
    assert_eq!(state.get("identity_arn"), Some(&Value::from(ROLE)));
    still_serving(&mut rpc, "imports and upgrades").await;
    assert_no_panic(plugin);
}

fn raw(json: &[u8]) -> pb::RawState {
    pb::RawState {
        json: json.to_vec(),
        flatmap: Default::default(),
    }
}

#[tokio::test]
async fn every_function_refuses_bad_arguments() {
    let Served { plugin, mut rpc } = serve().await;
    let provider = provider();
    let functions = &provider.schema().functions;
    assert!(!functions.is_empty());
    for (name, signature) in functions {
        let count = signature.parameters.len();
        let good_arg = || msgpack(encoded(&Mp::from("x")));
        let mut calls: Vec<(String, Vec<pb::DynamicValue>)> = vec![
            ("no arguments".into(), Vec::new()),
            (
                "one argument too many".into(),
                (0..=count).map(|_| good_arg()).collect(),
            ),
        ];
        for i in 0..count {
            let with = |dv: pb::DynamicValue| -> Vec<pb::DynamicValue> {
                (0..count)
                    .map(|j| if j == i { dv.clone() } else { good_arg() })
                    .collect()
            };
            let param = &signature.parameters[i];
            for (what, dv) in broken_values() {
                calls.push((format!("{what} as {}", param.name), with(dv)));
            }
            calls.push((
                format!("a wrong type as {}", param.name),
                with(msgpack(encoded(&wrong_for(&param.ty)))),
            ));
            calls.push((format!("null as {}", param.name), with(msgpack(vec![0xc0]))));
            calls.push((
                format!("unknown as {}", param.name),
                with(msgpack(encoded(&unknown()))),
            ));
            calls.push((
                format!("a 1 MiB string as {}", param.name),
                with(msgpack(encoded(&Mp::from("x".repeat(1 << 20).as_str())))),
            ));
            calls.push((
                format!("a string that is not UTF-8 as {}", param.name),
                with(msgpack(vec![0xa2, 0xff, 0xfe])),
            ));
        }
        for (what, arguments) in calls {
            let what = format!("{name} with {what}");
            let resp = answer(
                &what,
                rpc.call_function(pb::call_function::Request {
                    name: name.to_string(),
                    arguments,
                }),
            )
            .await;
            let error = resp
                .error
                .unwrap_or_else(|| panic!("{what}: no function error"));
            assert!(!error.text.is_empty(), "{what}");
            assert!(!error.text.contains(INTERNAL), "{what}: {}", error.text);
            assert!(resp.result.is_none(), "{what}");
        }
    }
    let resp = answer(
        "an unknown function",
        rpc.call_function(pb::call_function::Request {
            name: "nope".into(),
            arguments: Vec::new(),
        }),
    )
    .await;
    assert!(resp.error.unwrap().text.contains("no function \"nope\""));
    still_serving(&mut rpc, "function calls").await;
    assert_no_panic(plugin);
}

#[tokio::test]
async fn huge_lists_get_an_answer_in_bounded_time() {
    let Served { plugin, mut rpc } = serve().await;
    let ty = data_source_type("rekognitioniam_policy_document");
    let statement_ty = match &ty {
        Type::Object(attrs) => match &attrs["statement"] {
            Type::List(e) => (**e).clone(),
            other => panic!("statement is {other:?}"),
        },
        _ => unreachable!(),
    };
    let actions: Vec<String> = (0..100_000)
        .map(|i| format!("rekognition:DetectLabels{i}"))
        .collect();
    let statement = object_of(
        &statement_ty,
        &[
            ("effect", Value::from("Allow")),
            ("actions", Value::string_list(actions)),
            ("resources", Value::string_list(["*"])),
        ],
    );
    let config = object_of(&ty, &[("statement", Value::List(vec![statement]))]);
    let started = Instant::now();
    let resp = answer(
        "a statement with 100,000 actions",
        rpc.read_data_source(pb::read_data_source::Request {
            type_name: "rekognitioniam_policy_document".into(),
            config: Some(dynamic(&config, &ty)),
            provider_meta: None,
            client_capabilities: None,
        }),
    )
    .await;
    assert_error("a statement with 100,000 actions", &resp.diagnostics);
    eprintln!(
        "100,000 actions answered in {:?}: {}",
        started.elapsed(),
        resp.diagnostics[0].summary
    );

    let ty = resource_type(ATTACHMENT);
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:*","Resource":"*"}]}"#;
    let documents: BTreeMap<String, Value> = (0..5_000)
        .map(|i| (format!("p{i:05}"), Value::from(policy)))
        .collect();
    let config = object_of(
        &ty,
        &[
            ("identity_arn", Value::from(ROLE)),
            ("inline_policies", Value::Map(documents)),
        ],
    );
    let started = Instant::now();
    let resp = answer(
        "5,000 inline policies",
        rpc.plan_resource_change(pb::plan_resource_change::Request {
            type_name: ATTACHMENT.into(),
            prior_state: None,
            proposed_new_state: Some(dynamic(&config, &ty)),
            config: Some(dynamic(&config, &ty)),
            prior_private: Vec::new(),
            provider_meta: None,
            client_capabilities: None,
        }),
    )
    .await;
    assert_error("5,000 inline policies", &resp.diagnostics);
    eprintln!(
        "5,000 inline policies answered in {:?}: {}",
        started.elapsed(),
        resp.diagnostics[0].summary
    );
    still_serving(&mut rpc, "huge lists").await;
    assert_no_panic(plugin);
}

#[tokio::test]
async fn a_thousand_concurrent_calls_over_one_connection() {
    let Served { plugin, rpc } = serve().await;
    let names = [
        "AmazonRekognitionFullAccess",
        "AmazonRekognitionReadOnlyAccess",
        "AmazonRekognitionServiceRole",
        "AmazonRekognitionCustomLabelsFullAccess",
    ];
    let ds_ty = data_source_type(MANAGED);
    let res_ty = resource_type(ATTACHMENT);
    let actions = [
        "rekognition:DetectLabels",
        "rekognition:DetectFaces",
        "s3:GetObject",
    ];
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..1_000usize {
        // clones share the one HTTP/2 connection
        let mut rpc = rpc.clone();
        let (ds_ty, res_ty) = (ds_ty.clone(), res_ty.clone());
        calls.spawn(async move {
            if i % 2 == 0 {
                let name = names[i / 2 % names.len()];
                let config = object_of(&ds_ty, &[("name", Value::from(name))]);
                let resp = rpc
                    .read_data_source(pb::read_data_source::Request {
                        type_name: MANAGED.into(),
                        config: Some(dynamic(&config, &ds_ty)),
                        provider_meta: None,
                        client_capabilities: None,
                    })
                    .await
                    .map_err(|s| format!("call {i}: {s:?}"))?
                    .into_inner();
                let state = decode(resp.state.as_ref().ok_or(format!("call {i}: no state"))?, &ds_ty);
                let arn = state.get("arn").and_then(Value::as_str).unwrap_or_default();
                if !arn.ends_with(&format!("/{name}")) {
                    return Err(format!("call {i}: {name} answered with {arn}"));
                }
            } else {
                let action = actions[i / 2 % actions.len()];
                let policy = format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
                );
                let documents = BTreeMap::from([("app".to_string(), Value::from(policy))]);
                let config = object_of(
                    &res_ty,
                    &[
                        ("identity_arn", Value::from(ROLE)),
                        ("inline_policies", Value::Map(documents)),
                    ],
                );
                let resp = rpc
                    .plan_resource_change(pb::plan_resource_change::Request {
                        type_name: ATTACHMENT.into(),
                        prior_state: None,
                        proposed_new_state: Some(dynamic(&config, &res_ty)),
                        config: Some(dynamic(&config, &res_ty)),
                        prior_private: Vec::new(),
                        provider_meta: None,
                        client_capabilities: None,
                    })
                    .await
                    .map_err(|s| format!("call {i}: {s:?}"))?
                    .into_inner();
                let planned = decode(
                    resp.planned_state.as_ref().ok_or(format!("call {i}: no plan"))?,
                    &res_ty,
                );
                let effective = planned.get("effective_actions").cloned().unwrap_or_default();
                if effective != Value::string_list([action]) {
                    return Err(format!("call {i}: {action} planned {effective:?}"));
                }
            }
            Ok::<(), String>(())
        });
    }
    let all = tokio::time::timeout(Duration::from_secs(120), async {
        let mut done = 0;
        while let Some(joined) = calls.join_next().await {
            joined.expect("task").unwrap_or_else(|e| panic!("{e}"));
            done += 1;
        }
        done
    })
    .await
    .expect("1,000 concurrent calls did not finish within 120 s");
    assert_eq!(all, 1_000);
    eprintln!("1,000 concurrent calls answered in {:?}", started.elapsed());
    drop(rpc);
    assert_no_panic(plugin);
}
