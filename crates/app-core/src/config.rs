//! Where the backend is. Parsed once at start-up: https, or plain http only to a loopback
//! address (a developer's own server), so a session token never crosses a network in clear.

use std::fmt;
use url::{Host, Url};

/// The environment variable naming the backend at run time (else the build-time value, else
/// the local development server).
pub const API_URL_ENV: &str = "PERMITS_API_URL";
const DEV_API_URL: &str = "http://127.0.0.1:8080";

/// A backend base URL that is safe to send a session token to.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiUrl(Url);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiUrlError {
    #[error("'{0}' is not a URL")]
    NotAUrl(String),
    #[error("'{0}' must use https (plain http is allowed only for a loopback address)")]
    NotHttps(String),
    #[error("'{0}' must be a plain origin and path, without credentials, query or fragment")]
    Extras(String),
}

impl ApiUrl {
    pub fn parse(raw: &str) -> Result<Self, ApiUrlError> {
        let url = Url::parse(raw.trim()).map_err(|_| ApiUrlError::NotAUrl(raw.to_owned()))?;
        let loopback = match url.host() {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        match (url.scheme(), loopback) {
            ("https", _) | ("http", true) => {}
            _ => return Err(ApiUrlError::NotHttps(raw.to_owned())),
        }
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(ApiUrlError::Extras(raw.to_owned()));
        }
        Ok(Self(url))
    }

    /// `PERMITS_API_URL` at run time, else the value it had at build time, else the local
    /// development server.
    pub fn from_env() -> Result<Self, ApiUrlError> {
        let configured = std::env::var(API_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let raw = configured
            .as_deref()
            .or(option_env!("PERMITS_API_URL"))
            .unwrap_or(DEV_API_URL);
        Self::parse(raw)
    }

    /// Without a trailing slash, as `permit_client::Client::new` expects.
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }
}

impl fmt::Debug for ApiUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiUrl({})", self.as_str())
    }
}

impl fmt::Display for ApiUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_on_loopback() {
        assert!(ApiUrl::parse("https://permits.example.gov.uk").is_ok());
        assert!(ApiUrl::parse("http://127.0.0.1:8080").is_ok());
        assert!(ApiUrl::parse("http://[::1]:8080/").is_ok());
        assert!(ApiUrl::parse("http://localhost:3000").is_ok());
        assert_eq!(
            ApiUrl::parse("http://permits.example.gov.uk"),
            Err(ApiUrlError::NotHttps(
                "http://permits.example.gov.uk".into()
            ))
        );
        assert!(matches!(
            ApiUrl::parse("http://10.0.0.2"),
            Err(ApiUrlError::NotHttps(_))
        ));
        assert!(matches!(
            ApiUrl::parse("ftp://127.0.0.1"),
            Err(ApiUrlError::NotHttps(_))
        ));
        assert!(matches!(
            ApiUrl::parse("not a url"),
            Err(ApiUrlError::NotAUrl(_))
        ));
        assert!(matches!(
            ApiUrl::parse("https://user:pw@permits.example.gov.uk"),
            Err(ApiUrlError::Extras(_))
        ));
    }

    #[test]
    fn base_has_no_trailing_slash() {
        let url = ApiUrl::parse("https://permits.example.gov.uk/api/").expect("valid");
        assert_eq!(url.as_str(), "https://permits.example.gov.uk/api");
    }
}
