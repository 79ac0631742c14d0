//! go-plugin's start-up contract: the magic cookie, protocol negotiation and the handshake line.

use base64::Engine;

/// Environment variable holding go-plugin's magic cookie.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// The value Terraform and OpenTofu set; a plugin started without it was not started by them.
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// go-plugin's core protocol version, the first field of the handshake line.
pub const CORE_PROTOCOL_VERSION: u32 = 1;
/// The Terraform plugin protocol this provider speaks.
pub const APP_PROTOCOL_VERSION: u32 = 6;

/// Printed when the binary is run by hand instead of by Terraform (go-plugin's wording, so it
/// reads like every other provider's).
pub const NOT_A_PLUGIN_MESSAGE: &str = "\
This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically";

/// True when the environment carries Terraform's magic cookie.
pub fn cookie_present(value: Option<&str>) -> bool {
    value == Some(MAGIC_COOKIE_VALUE)
}

/// Picks the protocol version from `PLUGIN_PROTOCOL_VERSIONS` (e.g. "5,6").
///
/// An absent variable means the client accepts the plugin's default, as in go-plugin.
pub fn negotiate(offered: Option<&str>) -> Result<u32, String> {
    let Some(list) = offered.filter(|s| !s.trim().is_empty()) else {
        return Ok(APP_PROTOCOL_VERSION);
    };
    let supported = list
        .split(',')
        .filter_map(|v| v.trim().parse::<u32>().ok())
        .any(|v| v == APP_PROTOCOL_VERSION);
    if supported {
        Ok(APP_PROTOCOL_VERSION)
    } else {
        Err(format!(
            "the client offers plugin protocol versions {list:?}, but this provider speaks only \
             version {APP_PROTOCOL_VERSION} (Terraform >= 1.0 or OpenTofu)"
        ))
    }
}

/// The single line go-plugin reads from the plugin's stdout:
/// `1|6|tcp|127.0.0.1:PORT|grpc|<base64 DER certificate, no padding>`.
pub fn line(network: &str, address: &str, server_cert_der: Option<&[u8]>) -> String {
    let cert = server_cert_der
        .map(|der| base64::engine::general_purpose::STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!("{CORE_PROTOCOL_VERSION}|{APP_PROTOCOL_VERSION}|{network}|{address}|grpc|{cert}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_must_match_exactly() {
        assert!(cookie_present(Some(MAGIC_COOKIE_VALUE)));
        assert!(!cookie_present(None));
        assert!(!cookie_present(Some("")));
        assert!(!cookie_present(Some(&MAGIC_COOKIE_VALUE[1..])));
    }

    #[test]
    fn negotiates_protocol_six() {
        assert_eq!(negotiate(Some("5,6")), Ok(6));
        assert_eq!(negotiate(Some("6")), Ok(6));
        assert_eq!(negotiate(None), Ok(6));
        assert!(negotiate(Some("5")).unwrap_err().contains("only version 6"));
    }

    #[test]
    fn handshake_line_format() {
        assert_eq!(
            line("tcp", "127.0.0.1:1234", Some(&[0xff, 0xee])),
            "1|6|tcp|127.0.0.1:1234|grpc|/+4"
        );
        assert_eq!(line("unix", "/tmp/x/s", None), "1|6|unix|/tmp/x/s|grpc|");
    }
}
