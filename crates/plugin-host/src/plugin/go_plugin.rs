//! go-plugin's own services: GRPCController (shutdown), GRPCStdio and GRPCBroker.
//!
//! This provider writes nothing to stdout after the handshake and brokers no extra
//! connections, so the streams stay open and empty until shutdown, which ends them so that
//! graceful shutdown is not held up by a long-lived stream.

use std::pin::Pin;

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::Stream;
use tonic::{Request, Response, Status, Streaming};

use super::shutdown::Shutdown;
use crate::proto::plugin as pb;

/// Serves go-plugin's controller, stdio and broker services.
#[derive(Clone)]
pub struct GoPluginServices {
    shutdown: Shutdown,
}

impl GoPluginServices {
    /// Services that end their streams, and handle Shutdown, through `shutdown`.
    pub fn new(shutdown: Shutdown) -> GoPluginServices {
        GoPluginServices { shutdown }
    }

    /// A stream that yields nothing and ends at shutdown.
    fn idle_stream<T: Send + 'static>(&self) -> ReceiverStream<Result<T, Status>> {
        let (tx, rx) = mpsc::channel(1);
        let shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            shutdown.wait().await;
            drop(tx);
        });
        ReceiverStream::new(rx)
    }
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

#[tonic::async_trait]
impl pb::grpc_controller_server::GrpcController for GoPluginServices {
    async fn shutdown(&self, _request: Request<pb::Empty>) -> Result<Response<pb::Empty>, Status> {
        self.shutdown.trigger();
        Ok(Response::new(pb::Empty {}))
    }
}

#[tonic::async_trait]
impl pb::grpc_stdio_server::GrpcStdio for GoPluginServices {
    type StreamStdioStream = BoxStream<pb::StdioData>;

    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        Ok(Response::new(Box::pin(self.idle_stream())))
    }
}

#[tonic::async_trait]
impl pb::grpc_broker_server::GrpcBroker for GoPluginServices {
    type StartStreamStream = BoxStream<pb::ConnInfo>;

    async fn start_stream(
        &self,
        request: Request<Streaming<pb::ConnInfo>>,
    ) -> Result<Response<Self::StartStreamStream>, Status> {
        // Drain what the client sends so its stream does not stall; nothing is brokered.
        let mut inbound = request.into_inner();
        tokio::spawn(async move { while let Ok(Some(_)) = inbound.message().await {} });
        Ok(Response::new(Box::pin(self.idle_stream())))
    }
}
