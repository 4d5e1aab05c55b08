//! Settings for the outside channels: the inbound-SMS webhook, enforcement API keys, and the
//! outbound email (SMTP) and SMS gateways. A `[channels]` table in the config file, overlaid
//! by environment variables:
//!
//! | key | env | meaning |
//! |---|---|---|
//! | `sms_webhook_key` | `PERMITS_SMS_WEBHOOK_KEY` | HMAC-SHA256 key of the inbound-SMS webhook (signing the timestamp, council and body), at least 32 bytes (shorter: the server does not start); none: the webhook is off (404) |
//! | `enforcement_keys` | `PERMITS_ENFORCEMENT_KEYS` | `council:key` pairs (env: comma-separated); each key checks at its council only |
//! | `smtp_url` | `PERMITS_SMTP_URL` | `smtps://user:pass@host:465` or `smtp://host:25`; none: email goes to the dev log |
//! | `smtp_from` | `PERMITS_SMTP_FROM` | the sender address |
//! | `sms_gateway_url` | `PERMITS_SMS_GATEWAY_URL` | HTTP endpoint taking `{"to", "body"}` JSON; none: texts go to the dev log |
//! | `[channels.govuk_notify]` | `PERMITS_NOTIFY_*` | GOV.UK Notify for email, texts or both ([`NotifySettings`]) |

use crate::delivery::govuk_notify_settings::FileNotify;
pub use crate::delivery::govuk_notify_settings::{NotifyKey, NotifySettings};
use crate::secret::Secret;
use serde::Deserialize;

/// The shortest inbound-SMS webhook key accepted: an HMAC-SHA256 key should carry at least
/// the hash's 256 bits, and a short one can be guessed offline from one signed request.
pub const MIN_SMS_WEBHOOK_KEY_BYTES: usize = 32;

impl ChannelSettings {
    /// Refuses settings a server must not start with; the error is one sentence for the log.
    pub fn check(&self) -> Result<(), String> {
        match &self.sms_webhook_key {
            Some(key) if key.expose().len() < MIN_SMS_WEBHOOK_KEY_BYTES => Err(format!(
                "channels.sms_webhook_key (PERMITS_SMS_WEBHOOK_KEY) is {} bytes long and must be at least {MIN_SMS_WEBHOOK_KEY_BYTES}: make one with `openssl rand -hex 32`.",
                key.expose().len()
            )),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ChannelSettings {
    pub sms_webhook_key: Option<Secret>,
    pub enforcement_keys: Vec<EnforcementKey>,
    pub smtp_url: Option<Secret>,
    pub smtp_from: Option<String>,
    pub sms_gateway_url: Option<Secret>,
    pub govuk_notify: Option<NotifySettings>,
}

impl ChannelSettings {
    /// Whether any message could reach a real person (SMTP, an SMS gateway, GOV.UK Notify):
    /// then the test-mode operator endpoints do not exist.
    pub fn reaches_people(&self) -> bool {
        self.smtp_url.is_some() || self.sms_gateway_url.is_some() || self.govuk_notify.is_some()
    }
}

/// An enforcement API key, valid at one council.
#[derive(Debug, Clone)]
pub struct EnforcementKey {
    pub council: String,
    pub key: Secret,
}

/// The `[channels]` table of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileChannels {
    sms_webhook_key: Option<String>,
    #[serde(default)]
    enforcement_keys: Vec<String>,
    smtp_url: Option<String>,
    smtp_from: Option<String>,
    sms_gateway_url: Option<String>,
    govuk_notify: Option<FileNotify>,
}

impl FileChannels {
    pub(crate) fn overlay(
        self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ChannelSettings, crate::config::ConfigError> {
        let keys = match env("PERMITS_ENFORCEMENT_KEYS") {
            Some(list) => list.split(',').map(str::to_owned).collect(),
            None => self.enforcement_keys,
        };
        let enforcement_keys = keys
            .iter()
            .map(|pair| {
                pair.trim()
                    .split_once(':')
                    .filter(|(council, key)| !council.is_empty() && key.len() >= 16)
                    .map(|(council, key)| EnforcementKey {
                        council: council.to_owned(),
                        key: Secret::new(key),
                    })
                    .ok_or(crate::config::ConfigError::Invalid(
                        "enforcement_keys",
                        "each is council:key, the key at least 16 characters".into(),
                    ))
            })
            .collect::<Result<_, _>>()?;
        let secret = |name: &str, file: Option<String>| env(name).or(file).map(Secret::new);
        Ok(ChannelSettings {
            sms_webhook_key: secret("PERMITS_SMS_WEBHOOK_KEY", self.sms_webhook_key),
            enforcement_keys,
            smtp_url: secret("PERMITS_SMTP_URL", self.smtp_url),
            smtp_from: env("PERMITS_SMTP_FROM").or(self.smtp_from),
            sms_gateway_url: secret("PERMITS_SMS_GATEWAY_URL", self.sms_gateway_url),
            govuk_notify: self.govuk_notify.unwrap_or_default().overlay(&env)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Settings;

    #[test]
    fn channels_come_from_the_file_and_the_environment_and_never_show_their_keys() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("permits.toml");
        let text = "[channels]\nenforcement_keys = [\"hampshire:abcdefghijklmnop1234\"]\nsmtp_from = \"Permits <p@example.org>\"\n";
        std::fs::write(&path, text).expect("write");
        let env =
            |key: &str| (key == "PERMITS_SMS_WEBHOOK_KEY").then(|| "hook-key-from-env".to_owned());
        let settings = Settings::load_with(Some(&path), env).expect("loads");
        let channels = &settings.channels;
        assert_eq!(channels.enforcement_keys[0].council, "hampshire");
        assert_eq!(
            channels.sms_webhook_key.as_ref().map(|k| k.expose()),
            Some("hook-key-from-env")
        );
        assert!(channels.smtp_url.is_none(), "email goes to the dev log");
        let shown = format!("{settings:?}");
        assert!(!shown.contains("abcdefghijklmnop") && !shown.contains("hook-key"));
    }

    #[test]
    fn a_short_or_councilless_enforcement_key_is_refused() {
        for bad in ["hampshire:short", ":abcdefghijklmnop1234", "nocolon"] {
            let env = |key: &str| (key == "PERMITS_ENFORCEMENT_KEYS").then(|| bad.to_owned());
            let error = Settings::load_with(None, env).expect_err(bad);
            assert!(error.to_string().contains("enforcement_keys"), "{error}");
        }
    }
}
