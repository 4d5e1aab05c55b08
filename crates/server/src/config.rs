//! Settings: a TOML file (optional) overlaid by `PERMITS_*` environment variables.
//!
//! | key | env | default |
//! |---|---|---|
//! | `bind` | `PERMITS_BIND` | `127.0.0.1:8080` |
//! | `database_url` | `PERMITS_DATABASE_URL` | `sqlite://data/permits.db` |
//! | `councils_dir` | `PERMITS_COUNCILS_DIR` | `assets/councils` |
//! | `gazetteer_dir` | `PERMITS_GAZETTEER_DIR` | `assets/gazetteer` |
//! | `test_clock` | `PERMITS_TEST_CLOCK` | `false` (loopback binds only) |
//! | `log_outbox` | `PERMITS_LOG_OUTBOX` | `false` (dev: print PINs sent) |
//! | `web_dir` | `PERMITS_WEB_DIR` | none (the built web UI, served at `/`) |
//! | `office_dir` | `PERMITS_OFFICE_DIR` | none (the built staff UI, served at `/office/`) |
//! | `[channels]` | see `channel_settings.rs` | webhook secret, enforcement keys, SMTP, SMS gateway |
//! | `[payments]` | see `payments/settings.rs` | each council's payment provider; the sandbox (demos, tests) |
//!
//! Three settings come from neither: `http` (timeouts and the concurrency cap, fixed
//! numbers that tests shorten), `demo` (the `--demo` flag) and `operator_token` (random
//! at each start unless an embedder, such as the test harness, fixes it).

use crate::secret::Secret;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: Secret,
    pub councils_dir: PathBuf,
    pub gazetteer_dir: PathBuf,
    pub test_clock: bool,
    pub log_outbox: bool,
    /// The release web build (src-ui/dist), served at `/` for any path the API does not own.
    pub web_dir: Option<PathBuf>,
    /// The release back-office build (src-office/dist), served at `/office/`.
    pub office_dir: Option<PathBuf>,
    pub channels: crate::channel_settings::ChannelSettings,
    pub payments: crate::payments::settings::PaymentSettings,
    /// `--demo`: messages without a configured channel go to the log (PINs included).
    pub demo: bool,
    /// The test-mode operator token; `None`: a random one at start, printed by `main`.
    pub operator_token: Option<Secret>,
    /// Timeouts and the cap on requests in flight (numbers in crates/server/README.md).
    pub http: HttpLimits,
}

/// What one client can hold of the server: how long, and how many requests at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// From a connection's first byte (or its previous response) to its headers' end.
    pub header_read_timeout: std::time::Duration,
    /// From the headers to the response, body upload included: 408 after it.
    pub request_timeout: std::time::Duration,
    /// Requests handled at once, all clients together; more wait their turn.
    pub max_concurrent_requests: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(30),
            max_concurrent_requests: 512,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("config file {0} is not valid: {1}")]
    Parse(PathBuf, toml::de::Error),
    #[error("setting {0} has an invalid value: {1}")]
    Invalid(&'static str, String),
}

/// The file's shape: every key optional, so a file names only what it changes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    councils_dir: Option<PathBuf>,
    gazetteer_dir: Option<PathBuf>,
    test_clock: Option<bool>,
    log_outbox: Option<bool>,
    web_dir: Option<PathBuf>,
    office_dir: Option<PathBuf>,
    channels: Option<crate::channel_settings::FileChannels>,
    payments: Option<crate::payments::settings::FilePayments>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: Secret::new("sqlite://data/permits.db"),
            councils_dir: PathBuf::from("assets/councils"),
            gazetteer_dir: PathBuf::from("assets/gazetteer"),
            test_clock: false,
            log_outbox: false,
            web_dir: None,
            office_dir: None,
            channels: Default::default(),
            payments: Default::default(),
            demo: false,
            operator_token: None,
            http: HttpLimits::default(),
        }
    }
}

impl Settings {
    /// Defaults, then the file (if given), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with(file, |key| std::env::var(key).ok())
    }

    /// As [`Settings::load`], reading variables through `var` (tests pass their own).
    pub fn load_with(
        file: Option<&Path>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut raw = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError::Read(path.to_owned(), e))?;
                toml::from_str(&text).map_err(|e| ConfigError::Parse(path.to_owned(), e))?
            }
            None => FileSettings::default(),
        };
        let env = |key: &str| var(key).filter(|v| !v.is_empty());
        raw.bind = env("PERMITS_BIND").or(raw.bind);
        raw.database_url = env("PERMITS_DATABASE_URL").or(raw.database_url);
        raw.councils_dir = env("PERMITS_COUNCILS_DIR")
            .map(PathBuf::from)
            .or(raw.councils_dir);
        raw.gazetteer_dir = env("PERMITS_GAZETTEER_DIR")
            .map(PathBuf::from)
            .or(raw.gazetteer_dir);
        raw.web_dir = env("PERMITS_WEB_DIR").map(PathBuf::from).or(raw.web_dir);
        raw.office_dir = env("PERMITS_OFFICE_DIR")
            .map(PathBuf::from)
            .or(raw.office_dir);
        if let Some(v) = env("PERMITS_TEST_CLOCK") {
            raw.test_clock = Some(parse_bool("PERMITS_TEST_CLOCK", &v)?);
        }
        if let Some(v) = env("PERMITS_LOG_OUTBOX") {
            raw.log_outbox = Some(parse_bool("PERMITS_LOG_OUTBOX", &v)?);
        }
        let mut settings = Settings::default();
        if let Some(bind) = raw.bind {
            settings.bind = bind
                .parse()
                .map_err(|_| ConfigError::Invalid("bind", bind.clone()))?;
        }
        if let Some(url) = raw.database_url {
            settings.database_url = Secret::new(url);
        }
        settings.councils_dir = raw.councils_dir.unwrap_or(settings.councils_dir);
        settings.gazetteer_dir = raw.gazetteer_dir.unwrap_or(settings.gazetteer_dir);
        settings.test_clock = raw.test_clock.unwrap_or(false);
        settings.log_outbox = raw.log_outbox.unwrap_or(false);
        settings.web_dir = raw.web_dir;
        settings.office_dir = raw.office_dir;
        settings.channels = raw.channels.unwrap_or_default().overlay(env)?;
        settings.payments = raw.payments.unwrap_or_default().overlay(env)?;
        Ok(settings)
    }
}

/// A provider's address: its key is a bearer token (or signs one), so it only ever goes over
/// TLS, or to a fake on this machine.
pub(crate) fn base_url_allowed(url: &str) -> bool {
    match reqwest::Url::parse(url) {
        Ok(url) => match url.scheme() {
            "https" => url.host_str().is_some(),
            "http" => matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
            _ => false,
        },
        Err(_) => false,
    }
}

pub(crate) fn parse_bool(key: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        other => Err(ConfigError::Invalid(key, other.to_owned())),
    }
}

/// Settings read from `text` as a config file, with `env` for variables: the config tests of
/// each settings module (payments, channels) read a file the same way.
#[cfg(test)]
pub(crate) fn load_from_text(
    text: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, String> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("permits.toml");
    std::fs::write(&path, text).expect("write");
    Settings::load_with(Some(&path), env).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("permits.toml");
        let text = "bind = \"127.0.0.1:9000\"\ndatabase_url = \"postgres://u:secret@h/db\"\ntest_clock = true\n";
        std::fs::write(&path, text).expect("write");
        let from_file = Settings::load_with(Some(&path), no_env).expect("loads");
        assert_eq!(from_file.bind.port(), 9000);
        assert!(from_file.test_clock);
        assert_eq!(
            from_file.councils_dir,
            PathBuf::from("assets/councils"),
            "default kept"
        );
        assert!(
            !format!("{from_file:?}").contains("secret"),
            "the URL's password never shows"
        );
        let env = |key: &str| match key {
            "PERMITS_BIND" => Some("127.0.0.1:9100".to_owned()),
            "PERMITS_TEST_CLOCK" => Some("false".to_owned()),
            _ => None,
        };
        let layered = Settings::load_with(Some(&path), env).expect("loads");
        assert_eq!(layered.bind.port(), 9100);
        assert!(!layered.test_clock);
        assert_eq!(layered.database_url.expose(), "postgres://u:secret@h/db");
    }

    #[test]
    fn bad_values_name_the_setting() {
        let env = |key: &str| (key == "PERMITS_BIND").then(|| "not an address".to_owned());
        let error = Settings::load_with(None, env).expect_err("refused");
        assert!(error.to_string().contains("bind"), "{error}");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "unknown_key = 1").expect("write");
        assert!(matches!(
            Settings::load_with(Some(&path), no_env),
            Err(ConfigError::Parse(..))
        ));
    }
}
