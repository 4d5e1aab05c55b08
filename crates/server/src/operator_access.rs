//! Who may use the test-mode operator endpoints (clock, outbox, decisions, staff): whoever
//! holds the random token printed at start, calling a loopback address. The endpoints exist
//! only with the test flag on a loopback bind and no real email or SMS channel (startup.rs).

use crate::secret::Secret;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The header that carries the operator token.
pub use permit_api_types::OPERATOR_TOKEN_HEADER as HEADER;

#[derive(Debug)]
pub struct OperatorAccess {
    token: Secret,
}

impl OperatorAccess {
    /// `token`, or a fresh random one (256 bits, hex).
    pub fn new(token: Option<Secret>) -> Self {
        let token = token.unwrap_or_else(|| {
            use rand::Rng;
            let bytes: [u8; 32] = rand::rng().random();
            Secret::new(crate::db::hex(&bytes))
        });
        Self { token }
    }

    /// The token, for `main` to print once at start.
    pub fn token(&self) -> &str {
        self.token.expose()
    }

    /// Compared as SHA-256 digests in constant time, so neither the bytes nor the length of
    /// the token leak through timing.
    pub fn accepts(&self, given: &[u8]) -> bool {
        let expected = Sha256::digest(self.token.expose().as_bytes());
        let given = Sha256::digest(given);
        expected.ct_eq(&given).into()
    }
}

/// Whether a `Host` header names this machine: `localhost`, `127.x.x.x` or `[::1]`, any port.
pub fn is_loopback_host(host: &str) -> bool {
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
        return false;
    };
    let name = authority.host();
    name.eq_ignore_ascii_case("localhost")
        || name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_is_accepted() {
        let access = OperatorAccess::new(Some(Secret::new("abc123")));
        assert!(access.accepts(b"abc123"));
        for wrong in [&b""[..], b"abc12", b"abc1234", b"ABC123"] {
            assert!(!access.accepts(wrong));
        }
        let random = OperatorAccess::new(None);
        assert_eq!(random.token().len(), 64);
        assert_ne!(random.token(), OperatorAccess::new(None).token());
    }

    #[test]
    fn loopback_hosts_are_told_from_others() {
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]:80",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.org",
            "10.0.0.1:80",
            "127.0.0.1.nip.io",
            "[::2]",
            "",
            "a b",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
