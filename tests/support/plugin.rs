//! Starts the real provider binary as Terraform does and connects a gRPC client over mTLS.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use host::plugin::handshake::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use host::proto::plugin::grpc_controller_client::GrpcControllerClient;
use host::proto::tfplugin6::provider_client::ProviderClient;
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::net::TcpStream;
use tonic::transport::{Channel, Endpoint};

/// Path of the provider binary cargo built for these tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-rekognitioniam");

/// A client identity shaped like Terraform's: self-signed ECDSA P-521, marked as a CA.
pub struct ClientIdentity {
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl ClientIdentity {
    /// A fresh identity.
    pub fn generate() -> ClientIdentity {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "HashiCorp");
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::DigitalSignature,
            rcgen::KeyUsagePurpose::KeyEncipherment,
            rcgen::KeyUsagePurpose::KeyCertSign,
        ];
        params.extended_key_usages = vec![
            rcgen::ExtendedKeyUsagePurpose::ClientAuth,
            rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        ];
        let cert = params.self_signed(&key).unwrap();
        ClientIdentity {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        }
    }
}

/// The parsed handshake line.
#[derive(Debug)]
pub struct Handshake {
    pub core_version: String,
    pub app_version: String,
    pub network: String,
    pub address: String,
    pub protocol: String,
    pub server_cert_der: Vec<u8>,
}

impl Handshake {
    fn parse(line: &str) -> Handshake {
        let parts: Vec<&str> = line.trim_end().split('|').collect();
        assert_eq!(parts.len(), 6, "handshake line {line:?}");
        Handshake {
            core_version: parts[0].into(),
            app_version: parts[1].into(),
            network: parts[2].into(),
            address: parts[3].into(),
            protocol: parts[4].into(),
            server_cert_der: base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(parts[5])
                .expect("certificate is unpadded standard base64"),
        }
    }
}

/// A running plugin process.
pub struct PluginProcess {
    pub child: Child,
    pub handshake: Handshake,
}

impl PluginProcess {
    /// Starts the binary with the cookie and `client`'s certificate, and reads the handshake.
    pub fn start(client: &ClientIdentity) -> PluginProcess {
        Self::start_with(|cmd| {
            cmd.env("PLUGIN_CLIENT_CERT", &client.cert_pem);
        })
    }

    /// Starts the binary with the cookie plus whatever `configure` sets.
    pub fn start_with(configure: impl FnOnce(&mut Command)) -> PluginProcess {
        let mut cmd = Command::new(BINARY);
        cmd.env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
            .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
            .env_remove("PLUGIN_CLIENT_CERT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        configure(&mut cmd);
        let mut child = cmd.spawn().expect("start the provider binary");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        PluginProcess {
            child,
            handshake: Handshake::parse(&line),
        }
    }

    /// Waits up to `timeout` for the process to exit; returns its exit code. Async, so the
    /// test's own runtime keeps running (closing connections needs it).
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// Connects over mTLS, presenting `client` (or no certificate when `None`).
    pub async fn connect(&self, client: Option<&ClientIdentity>) -> Result<Channel, String> {
        connect_tls(
            &self.handshake.address,
            self.handshake.server_cert_der.clone(),
            client,
        )
        .await
    }

    /// A tfplugin6 client over mTLS with `client`.
    pub async fn provider(&self, client: &ClientIdentity) -> ProviderClient<Channel> {
        ProviderClient::new(self.connect(Some(client)).await.expect("mTLS connection"))
            .max_decoding_message_size(256 * 1024 * 1024)
    }

    /// A GRPCController client over mTLS with `client`.
    pub async fn controller(&self, client: &ClientIdentity) -> GrpcControllerClient<Channel> {
        GrpcControllerClient::new(self.connect(Some(client)).await.expect("mTLS connection"))
    }
}

impl Drop for PluginProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Trusts exactly one server certificate, by its bytes (it is self-signed and CA-flagged, which
/// standard verification refuses as a server certificate).
#[derive(Debug)]
struct PinnedServer {
    der: Vec<u8>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.der.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "unexpected server certificate".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

async fn connect_tls(
    address: &str,
    server_der: Vec<u8>,
    client: Option<&ClientIdentity>,
) -> Result<Channel, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedServer {
            der: server_der,
            provider,
        }));
    let mut config = match client {
        Some(id) => builder
            .with_client_auth_cert(
                vec![CertificateDer::from(id.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(id.key_der.clone())),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let address = address.to_string();
    let endpoint = Endpoint::from_shared(format!("http://{address}"))
        .map_err(|e| e.to_string())?
        .connect_timeout(Duration::from_secs(5));
    endpoint
        .connect_with_connector(tower::service_fn(move |_uri| {
            let connector = connector.clone();
            let address = address.clone();
            async move {
                let tcp = TcpStream::connect(&address).await?;
                tcp.set_nodelay(true)?;
                let name = ServerName::try_from("localhost").unwrap();
                let tls = connector.connect(name, tcp).await?;
                Ok::<_, std::io::Error>(TokioIo::new(tls))
            }
        }))
        .await
        .map_err(|e| format!("{e:?}"))
}
