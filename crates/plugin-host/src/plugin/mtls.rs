//! go-plugin AutoMTLS: a fresh self-signed server certificate, and a client verifier that pins
//! the exact certificate Terraform passed in `PLUGIN_CLIENT_CERT`.
//!
//! Terraform's client certificate is a self-signed ECDSA P-521 certificate marked as a CA and used
//! as an end entity. Generic WebPKI verification rejects that shape, so trust is by exact bytes:
//! the handshake must present those bytes and prove possession of their key.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, Error, ServerConfig,
    SignatureScheme,
};

/// The one crypto backend of this crate. Chosen explicitly so rustls never has to guess a
/// process default (it panics when it cannot decide).
pub fn crypto_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// A server identity generated at start-up.
pub struct ServerIdentity {
    /// DER of the certificate, as sent in the handshake line.
    pub cert_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl ServerIdentity {
    /// A new self-signed ECDSA P-256 certificate for `localhost` / 127.0.0.1, shaped as go-plugin's
    /// own (CA flag, server and client auth), which is what Terraform's client verifies against.
    pub fn generate() -> Result<ServerIdentity, String> {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map_err(|e| format!("generating the server key: {e}"))?;
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .map_err(|e| format!("preparing the server certificate: {e}"))?;
        params
            .subject_alt_names
            .push(rcgen::SanType::IpAddress([127, 0, 0, 1].into()));
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "localhost");
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "terraform-plugin-host");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::DigitalSignature,
            rcgen::KeyUsagePurpose::KeyEncipherment,
            rcgen::KeyUsagePurpose::KeyCertSign,
        ];
        params.extended_key_usages = vec![
            rcgen::ExtendedKeyUsagePurpose::ServerAuth,
            rcgen::ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let cert = params
            .self_signed(&key)
            .map_err(|e| format!("signing the server certificate: {e}"))?;
        Ok(ServerIdentity {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        })
    }
}

/// Parses the PEM certificate from `PLUGIN_CLIENT_CERT` into DER.
pub fn parse_client_cert(pem: &str) -> Result<Vec<u8>, String> {
    CertificateDer::from_pem_slice(pem.as_bytes())
        .map(|der| der.to_vec())
        .map_err(|e| format!("PLUGIN_CLIENT_CERT does not hold a PEM certificate: {e}"))
}

/// A rustls server configuration that requires the client to present exactly `client_cert_der`.
pub fn server_config(
    identity: &ServerIdentity,
    client_cert_der: Vec<u8>,
) -> Result<ServerConfig, String> {
    let provider = crypto_provider();
    let verifier = PinnedClientCert {
        der: client_cert_der,
        algorithms: provider.signature_verification_algorithms,
    };
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("configuring TLS: {e}"))?
        .with_client_cert_verifier(Arc::new(verifier))
        .with_single_cert(
            vec![CertificateDer::from(identity.cert_der.clone())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key_der.clone())),
        )
        .map_err(|e| format!("loading the server certificate: {e}"))?;
    // grpc-go refuses TLS connections that do not negotiate h2 by ALPN.
    config.alpn_protocols = vec![b"h2".to_vec()];
    // Every plugin process serves one client connection with a fresh certificate, so a session
    // can never be resumed: no tickets (they would be built and sent on every start) and no
    // session cache.
    config.send_tls13_tickets = 0;
    config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
    Ok(config)
}

/// Accepts exactly one client certificate, by its DER bytes.
#[derive(Debug)]
struct PinnedClientCert {
    der: Vec<u8>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedClientCert {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        // An empty list lets the client pick its only certificate without an issuer match.
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        if end_entity.as_ref() == self.der.as_slice() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identity_builds_a_server_config() {
        let id = ServerIdentity::generate().unwrap();
        assert!(!id.cert_der.is_empty());
        assert!(server_config(&id, vec![1, 2, 3]).is_ok());
    }

    #[test]
    fn sessions_are_never_resumed() {
        let id = ServerIdentity::generate().unwrap();
        let config = server_config(&id, vec![1, 2, 3]).unwrap();
        assert_eq!(config.send_tls13_tickets, 0);
        assert!(!config.session_storage.can_cache());
    }

    #[test]
    fn verifier_offers_p521() {
        let provider = crypto_provider();
        let v = PinnedClientCert {
            der: vec![],
            algorithms: provider.signature_verification_algorithms,
        };
        assert!(v
            .supported_verify_schemes()
            .contains(&SignatureScheme::ECDSA_NISTP521_SHA512));
    }

    #[test]
    fn bad_pem_is_a_clear_error() {
        let err = parse_client_cert("not a certificate").unwrap_err();
        assert!(err.contains("PLUGIN_CLIENT_CERT"));
    }
}
