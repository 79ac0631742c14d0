//! Process lifecycle: StopProvider and GRPCController.Shutdown while calls are in flight, the
//! client going away mid-call, and no plugin process left behind by a real `terraform` run.

use crate::support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use host::plugin::handshake::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use host::proto::plugin as gp;
use host::proto::tfplugin6 as pb;
use host::proto::tfplugin6::provider_client::ProviderClient;
use host::value::Value;
use support::plugin::{ClientIdentity, PluginProcess};
use support::terraform::{available, provider_binaries, Workspace};
use support::values::{decode, describe, dynamic, object_of, resource_type};
use tokio::task::JoinSet;
use tonic::transport::Channel;

const ATTACHMENT: &str = "rekognitioniam_policy_attachment";
const ROLE: &str = "arn:aws:iam::111122223333:role/app";
const IN_FLIGHT: usize = 40;

/// Starts `IN_FLIGHT` plans heavy enough to still be running when the test acts: each expands
/// `*` over the whole catalogue. Each task yields whether its call was answered.
fn start_calls(rpc: &ProviderClient<Channel>) -> JoinSet<Result<bool, String>> {
    let ty = resource_type(ATTACHMENT);
    let mut calls = JoinSet::new();
    for i in 0..IN_FLIGHT {
        let mut rpc = rpc.clone();
        let ty = ty.clone();
        calls.spawn(async move {
            let policy = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"S{i}","Effect":"Allow","Action":"*","Resource":"*"}}]}}"#
            );
            let config = object_of(
                &ty,
                &[
                    ("identity_arn", Value::from(ROLE)),
                    (
                        "inline_policies",
                        Value::Map(BTreeMap::from([("all".to_string(), Value::from(policy))])),
                    ),
                ],
            );
            let result = rpc
                .plan_resource_change(pb::plan_resource_change::Request {
                    type_name: ATTACHMENT.into(),
                    prior_state: None,
                    proposed_new_state: Some(dynamic(&config, &ty)),
                    config: Some(dynamic(&config, &ty)),
                    prior_private: Vec::new(),
                    provider_meta: None,
                    client_capabilities: None,
                })
                .await;
            match result {
                // A call that completes is complete and correct.
                Ok(resp) => {
                    let resp = resp.into_inner();
                    let planned = resp
                        .planned_state
                        .as_ref()
                        .ok_or_else(|| format!("call {i}: {:?}", describe(&resp.diagnostics)))?;
                    let count = decode(planned, &ty)
                        .get("effective_actions")
                        .and_then(Value::as_elements)
                        .map_or(0, <[Value]>::len);
                    if count < 10_000 {
                        return Err(format!("call {i}: only {count} effective actions"));
                    }
                    Ok(true)
                }
                // One that fails, fails as a transport status: the connection went away.
                Err(status) => match status.code() {
                    tonic::Code::Unavailable | tonic::Code::Cancelled | tonic::Code::Unknown => {
                        Ok(false)
                    }
                    _ => Err(format!("call {i}: unexpected status {status:?}")),
                },
            }
        });
    }
    calls
}

/// Waits for every call; none may hang or answer wrongly. Returns how many completed.
async fn settle(mut calls: JoinSet<Result<bool, String>>) -> usize {
    tokio::time::timeout(Duration::from_secs(120), async {
        let mut completed = 0;
        while let Some(joined) = calls.join_next().await {
            if joined.expect("call task").unwrap_or_else(|e| panic!("{e}")) {
                completed += 1;
            }
        }
        completed
    })
    .await
    .expect("calls in flight did not settle within 120 s")
}

async fn served() -> (PluginProcess, ClientIdentity, ProviderClient<Channel>) {
    let client = ClientIdentity::generate();
    let plugin = PluginProcess::start(&client);
    let rpc = plugin.provider(&client).await;
    (plugin, client, rpc)
}

/// Lets the calls reach the server before the test interrupts them.
async fn until_in_flight() {
    tokio::time::sleep(Duration::from_millis(200)).await;
}

#[tokio::test]
async fn stop_provider_with_calls_in_flight_exits_zero() {
    let (mut plugin, _client, mut rpc) = served().await;
    let calls = start_calls(&rpc);
    until_in_flight().await;
    let stop = rpc
        .stop_provider(pb::stop_provider::Request {})
        .await
        .expect("StopProvider answers")
        .into_inner();
    assert_eq!(stop.error, "");
    let completed = settle(calls).await;
    eprintln!("{completed} of {IN_FLIGHT} calls completed after StopProvider");
    drop(rpc);
    assert_eq!(plugin.wait_exit(Duration::from_secs(15)).await, Some(0));
}

#[tokio::test]
async fn controller_shutdown_with_calls_in_flight_exits_zero() {
    let (mut plugin, client, rpc) = served().await;
    let calls = start_calls(&rpc);
    until_in_flight().await;
    let mut controller = plugin.controller(&client).await;
    // The answer may be lost when the process exits first; either way it must exit cleanly.
    let _ = tokio::time::timeout(Duration::from_secs(30), controller.shutdown(gp::Empty {})).await;
    let completed = settle(calls).await;
    eprintln!("{completed} of {IN_FLIGHT} calls completed after Shutdown");
    drop((rpc, controller));
    assert_eq!(plugin.wait_exit(Duration::from_secs(15)).await, Some(0));
}

#[tokio::test]
async fn client_going_away_mid_call_ends_the_process() {
    let (mut plugin, _client, rpc) = served().await;
    let mut calls = start_calls(&rpc);
    until_in_flight().await;
    calls.abort_all();
    drop(rpc);
    while calls.join_next().await.is_some() {}
    assert_eq!(plugin.wait_exit(Duration::from_secs(15)).await, Some(0));
}

/// Processes whose executable is one of `binaries`.
fn processes_running(binaries: &[PathBuf]) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(e.path().join("exe")).ok()?;
            // a binary replaced while running reads as "<path> (deleted)"
            let exe = PathBuf::from(exe.to_string_lossy().trim_end_matches(" (deleted)"));
            binaries.contains(&exe).then_some(pid)
        })
        .collect()
}

/// Waits up to `grace` for every plugin process to be gone; returns those still running.
fn left_running(binaries: &[PathBuf], grace: Duration) -> Vec<u32> {
    let deadline = Instant::now() + grace;
    loop {
        let running = processes_running(binaries);
        if running.is_empty() || Instant::now() >= deadline {
            return running;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn terraform_leaves_no_plugin_process_behind() {
    if !available() || !std::path::Path::new("/proc/self/exe").exists() {
        return;
    }
    let ws = Workspace::new(&format!(
        r#"
data "rekognitioniam_managed_policy" "read_only" {{
  name = "AmazonRekognitionReadOnlyAccess"
}}

resource "rekognitioniam_policy_attachment" "app" {{
  identity_arn        = "{ROLE}"
  managed_policy_arns = [data.rekognitioniam_managed_policy.read_only.arn]
}}
"#
    ));
    let binaries = provider_binaries(&ws);
    assert!(!binaries.is_empty(), "no provider binary found");
    assert_eq!(processes_running(&binaries), Vec::<u32>::new(), "before");
    // The scan sees a plugin started from the copy terraform uses.
    let mut probe = std::process::Command::new(&binaries[0])
        .env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the provider copy");
    let mut line = String::new();
    let _ = std::io::BufRead::read_line(
        &mut std::io::BufReader::new(probe.stdout.take().expect("stdout")),
        &mut line,
    );
    let seen = processes_running(&binaries);
    let _ = probe.kill();
    let _ = probe.wait();
    assert_eq!(seen, vec![probe.id()], "the scan misses a running plugin");
    let grace = Duration::from_secs(3);
    for args in [
        &["validate", "-no-color"][..],
        &["plan", "-no-color", "-input=false"],
        &["apply", "-no-color", "-input=false", "-auto-approve"],
        &["plan", "-no-color", "-input=false", "-detailed-exitcode"],
        &["destroy", "-no-color", "-input=false", "-auto-approve"],
    ] {
        let out = ws.run(args);
        assert!(
            out.status.success(),
            "terraform {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let running = left_running(&binaries, grace);
        assert!(
            running.is_empty(),
            "after terraform {args:?} plugin processes {running:?} still run"
        );
    }
    // A failing run must not leave one behind either.
    ws.write(
        "main.tf",
        &format!(
            "{}\ndata \"rekognitioniam_managed_policy\" \"bad\" {{\n  name = \"Nope\"\n}}\n",
            support::terraform::PROVIDER_BLOCK
        ),
    );
    let _ = ws.fails(&["plan", "-no-color", "-input=false"]);
    assert_eq!(
        left_running(&binaries, grace),
        Vec::<u32>::new(),
        "after a failed plan"
    );
}
