//! go-plugin hosting: handshake, loopback transport with AutoMTLS, and process lifecycle.

pub mod go_plugin;
pub mod handshake;
pub mod mtls;
pub mod shutdown;
pub mod transport;

use std::env;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;
use tonic::service::Routes;
use tonic::transport::Server;

use crate::proto::plugin as pb;
use shutdown::Shutdown;

/// How long in-flight calls may run after shutdown is requested.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs the plugin server: checks the cookie, negotiates, prints the handshake line and serves
/// the routes `build` returns until Terraform shuts the plugin down or goes away.
pub fn run(build: impl FnOnce(&Shutdown) -> Routes) -> ExitCode {
    if !handshake::cookie_present(env::var(handshake::MAGIC_COOKIE_KEY).ok().as_deref()) {
        eprintln!("{}", handshake::NOT_A_PLUGIN_MESSAGE);
        return ExitCode::from(1);
    }
    install_panic_hook();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("[ERROR] cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(serve(build)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("[ERROR] {message}");
            ExitCode::from(1)
        }
    }
}

async fn serve(build: impl FnOnce(&Shutdown) -> Routes) -> Result<(), String> {
    handshake::negotiate(env::var("PLUGIN_PROTOCOL_VERSIONS").ok().as_deref())?;
    let tls = match env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !pem.trim().is_empty() => {
            let client_cert = mtls::parse_client_cert(&pem)?;
            let identity = mtls::ServerIdentity::generate()?;
            let config = mtls::server_config(&identity, client_cert)?;
            Some((identity.cert_der, TlsAcceptor::from(Arc::new(config))))
        }
        _ => None,
    };
    let listener = transport::bind(
        transport::port_from_env(env::var("PLUGIN_MIN_PORT").ok()),
        transport::port_from_env(env::var("PLUGIN_MAX_PORT").ok()),
    )
    .await
    .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;

    let shutdown = Shutdown::new();
    let (ready_tx, ready_rx) = mpsc::channel(16);
    let tracker = transport::ConnTracker::new(shutdown.clone());
    tokio::spawn(transport::accept_loop(
        listener,
        tls.as_ref().map(|(_, acceptor)| acceptor.clone()),
        tracker,
        ready_tx,
        shutdown.clone(),
    ));
    tokio::spawn(watch_parent(shutdown.clone()));

    let line = handshake::line(
        "tcp",
        &address.to_string(),
        tls.as_ref().map(|(der, _)| der.as_slice()),
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write the handshake line: {e}"))?;
    drop(stdout);

    // Built after the handshake line, while the client connects: the accept loop already
    // queues connections, so this work overlaps the client's TLS handshake instead of
    // delaying the line Terraform waits for.
    let routes = build(&shutdown);
    let services = go_plugin::GoPluginServices::new(shutdown.clone());
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;

    let server = Server::builder()
        .add_routes(routes)
        .add_service(health_service)
        .add_service(pb::grpc_controller_server::GrpcControllerServer::new(
            services.clone(),
        ))
        .add_service(pb::grpc_stdio_server::GrpcStdioServer::new(
            services.clone(),
        ))
        .add_service(pb::grpc_broker_server::GrpcBrokerServer::new(services))
        .serve_with_incoming_shutdown(ReceiverStream::new(ready_rx), {
            let shutdown = shutdown.clone();
            async move { shutdown.wait().await }
        });
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => result.map_err(|e| format!("the gRPC server failed: {e}")),
        () = async {
            shutdown.wait().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    }
}

/// Terraform may die without a Shutdown call; a changed parent process means it has.
async fn watch_parent(shutdown: Shutdown) {
    let parent = std::os::unix::process::parent_id();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            () = shutdown.wait() => return,
            _ = tick.tick() => {
                if std::os::unix::process::parent_id() != parent {
                    shutdown.trigger();
                    return;
                }
            }
        }
    }
}

/// Panics print one line, `panic: <message>`, the form Terraform recognises as a plugin crash,
/// and never a backtrace, whatever RUST_BACKTRACE says. RPC handlers also catch panics and
/// answer with a diagnostic, so this is the last line of defence.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = crate::protocol::service::panic_message(info.payload());
        eprintln!("panic: {message}");
    }));
}
