//! Loopback TCP listener, TLS accept loop and connection tracking.
//!
//! TCP_NODELAY is set on every accepted socket: gRPC answers are small writes, and with Nagle's
//! algorithm each would wait ~40 ms for the client's delayed ACK.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tonic::transport::server::Connected;

use super::shutdown::Shutdown;

/// A TLS handshake that takes longer than this is abandoned.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Binds 127.0.0.1 on the first free port of `[min, max]`, or any free port when both are 0.
pub async fn bind(min: u16, max: u16) -> io::Result<TcpListener> {
    if min == 0 && max == 0 {
        return TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await;
    }
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    let mut last_err = None;
    for port in lo..=hi {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
            Ok(l) => return Ok(l),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::new(io::ErrorKind::AddrInUse, "no port in range")))
}

/// Reads a port bound from the environment (`PLUGIN_MIN_PORT`, `PLUGIN_MAX_PORT`).
pub fn port_from_env(value: Option<String>) -> u16 {
    value.and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

/// An accepted connection, plain or TLS, that tells the tracker when it closes.
pub struct Conn {
    io: ConnIo,
    _guard: ConnGuard,
}

enum ConnIo {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Connected for Conn {
    type ConnectInfo = ();
    fn connect_info(&self) -> Self::ConnectInfo {}
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            ConnIo::Plain(s) => Pin::new(s).poll_read(cx, buf),
            ConnIo::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().io {
            ConnIo::Plain(s) => Pin::new(s).poll_write(cx, buf),
            ConnIo::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            ConnIo::Plain(s) => Pin::new(s).poll_flush(cx),
            ConnIo::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            ConnIo::Plain(s) => Pin::new(s).poll_shutdown(cx),
            ConnIo::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().io {
            ConnIo::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            ConnIo::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.io {
            ConnIo::Plain(s) => s.is_write_vectored(),
            ConnIo::Tls(s) => s.is_write_vectored(),
        }
    }
}

/// Counts open connections; when the last one closes after at least one was served, the client
/// has gone away and the plugin shuts down (Terraform keeps one connection per plugin process).
#[derive(Clone)]
pub struct ConnTracker {
    open: Arc<AtomicUsize>,
    shutdown: Shutdown,
}

struct ConnGuard {
    tracker: ConnTracker,
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        if self.tracker.open.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.tracker.shutdown.trigger();
        }
    }
}

impl ConnTracker {
    /// A tracker that fires `shutdown` when the last connection closes.
    pub fn new(shutdown: Shutdown) -> ConnTracker {
        ConnTracker {
            open: Arc::new(AtomicUsize::new(0)),
            shutdown,
        }
    }

    fn guard(&self) -> ConnGuard {
        self.open.fetch_add(1, Ordering::AcqRel);
        ConnGuard {
            tracker: self.clone(),
        }
    }
}

/// Accepts connections until shutdown, sending ready (handshaken) connections to `ready`.
///
/// Each TLS handshake runs in its own task so a slow or hostile client cannot stall others; a
/// refused handshake is logged to stderr (which go-plugin copies into Terraform's log).
pub async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    tracker: ConnTracker,
    ready: mpsc::Sender<io::Result<Conn>>,
    shutdown: Shutdown,
) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.wait() => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                eprintln!("[WARN] accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if let Err(e) = stream.set_nodelay(true) {
            eprintln!("[WARN] could not set TCP_NODELAY on a connection from {peer}: {e}");
        }
        let ready = ready.clone();
        let tracker = tracker.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let io = match tls {
                None => ConnIo::Plain(stream),
                Some(acceptor) => match handshake(acceptor, stream, peer).await {
                    Some(tls_stream) => ConnIo::Tls(Box::new(tls_stream)),
                    None => return,
                },
            };
            let conn = Conn {
                io,
                _guard: tracker.guard(),
            };
            let _ = ready.send(Ok(conn)).await;
        });
    }
}

async fn handshake(
    acceptor: TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
) -> Option<TlsStream<TcpStream>> {
    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
        Ok(Ok(s)) => Some(s),
        Ok(Err(e)) => {
            eprintln!("[WARN] refused a TLS connection from {peer}: {e}");
            None
        }
        Err(_) => {
            eprintln!("[WARN] TLS handshake from {peer} timed out");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn binds_loopback_in_range() {
        let l = bind(0, 0).await.unwrap();
        let addr = l.local_addr().unwrap();
        assert!(addr.ip().is_loopback());
        let port = addr.port();
        drop(l);
        let l = bind(port, port).await.unwrap();
        assert_eq!(l.local_addr().unwrap().port(), port);
    }

    #[test]
    fn ports_from_env() {
        assert_eq!(port_from_env(Some("10000".into())), 10000);
        assert_eq!(port_from_env(Some("x".into())), 0);
        assert_eq!(port_from_env(None), 0);
    }

    #[tokio::test]
    async fn last_connection_closing_fires_shutdown() {
        let s = Shutdown::new();
        let t = ConnTracker::new(s.clone());
        let a = t.guard();
        let b = t.guard();
        drop(a);
        assert!(!s.is_triggered());
        drop(b);
        assert!(s.is_triggered());
    }
}
