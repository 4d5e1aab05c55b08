//! GOV.UK Notify's settings: a `[channels.govuk_notify]` table in the config file, overlaid by
//! environment variables. The API key is only ever read from a variable, never from the file.
//!
//! ```toml
//! [channels.govuk_notify]
//! api_key_env = "PERMITS_NOTIFY_API_KEY"   # the default: the variable holding the API key
//! email_template_id = "…"                  # PERMITS_NOTIFY_EMAIL_TEMPLATE_ID; emails go by Notify
//! sms_template_id = "…"                    # PERMITS_NOTIFY_SMS_TEMPLATE_ID; texts go by Notify
//! base_url = "https://api.notifications.service.gov.uk"   # the default (https; http on loopback)
//! timeout_secs = 10                        # each request, 1 to 60
//! ```
//!
//! Notify is on for email when `email_template_id` is set and for texts when `sms_template_id`
//! is; one template per channel carries every message: an email template whose subject is
//! `((subject))` and body `((body))`, a text template whose message is `((body))`.

use super::govuk_notify::{DEFAULT_BASE_URL, DEFAULT_TIMEOUT};
use crate::config::{ConfigError, base_url_allowed};
use crate::secret::Secret;
use serde::Deserialize;
use std::time::Duration;

/// The variable read for the key when `api_key_env` does not name another.
pub const DEFAULT_KEY_VARIABLE: &str = "PERMITS_NOTIFY_API_KEY";

#[derive(Debug, Clone)]
pub struct NotifySettings {
    pub api_key: NotifyKey,
    pub email_template_id: Option<String>,
    pub sms_template_id: Option<String>,
    /// Without a trailing slash.
    pub base_url: String,
    pub timeout: Duration,
}

/// A Notify API key, `{key_name}-{service_id}-{secret}` (both ids UUIDs): the service id is
/// the token's issuer, the secret signs it and never leaves this process (`Debug` hides it).
#[derive(Debug, Clone)]
pub struct NotifyKey {
    pub service_id: String,
    pub secret: Secret,
}

impl NotifyKey {
    pub fn parse(key: &str) -> Result<Self, String> {
        let key = key.trim();
        // The key name may hold hyphens itself: the two UUIDs are read from the end.
        let (secret, service_id) = (key.len() >= 74)
            .then(|| (&key[key.len() - 36..], &key[key.len() - 73..key.len() - 37]))
            .filter(|(secret, service_id)| {
                is_uuid(secret) && is_uuid(service_id) && key.as_bytes()[key.len() - 37] == b'-'
            })
            .ok_or("the API key is not {key_name}-{service_id}-{secret} as Notify issues it")?;
        Ok(Self {
            service_id: service_id.to_owned(),
            secret: Secret::new(secret),
        })
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits.
pub(crate) fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The `[channels.govuk_notify]` table of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileNotify {
    api_key_env: Option<String>,
    email_template_id: Option<String>,
    sms_template_id: Option<String>,
    base_url: Option<String>,
    timeout_secs: Option<u64>,
}

impl FileNotify {
    /// `None` when no template id is set anywhere: Notify is off.
    pub(crate) fn overlay(
        self,
        env: &impl Fn(&str) -> Option<String>,
    ) -> Result<Option<NotifySettings>, ConfigError> {
        let invalid = |why: String| ConfigError::Invalid("channels.govuk_notify", why);
        let template =
            |name: &str, variable: &str, file: Option<String>| match env(variable).or(file) {
                Some(id) if is_uuid(id.trim()) => Ok(Some(id.trim().to_owned())),
                Some(id) => Err(invalid(format!(
                    "{name} is not a template id (a UUID): {id}"
                ))),
                None => Ok(None),
            };
        let email_template_id = template(
            "email_template_id",
            "PERMITS_NOTIFY_EMAIL_TEMPLATE_ID",
            self.email_template_id,
        )?;
        let sms_template_id = template(
            "sms_template_id",
            "PERMITS_NOTIFY_SMS_TEMPLATE_ID",
            self.sms_template_id,
        )?;
        if email_template_id.is_none() && sms_template_id.is_none() {
            return Ok(None);
        }
        let variable = self.api_key_env.as_deref().unwrap_or(DEFAULT_KEY_VARIABLE);
        let key = env(variable).ok_or_else(|| {
            invalid(format!(
                "the variable {variable} holding the API key is not set"
            ))
        })?;
        let api_key =
            NotifyKey::parse(&key).map_err(|why| invalid(format!("{variable}: {why}")))?;
        let base_url = self
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
            .trim_end_matches('/')
            .to_owned();
        if !base_url_allowed(&base_url) {
            return Err(invalid(format!(
                "base_url must be https (plain http only on loopback), not {base_url}"
            )));
        }
        let timeout = match self.timeout_secs {
            None => DEFAULT_TIMEOUT,
            Some(secs @ 1..=60) => Duration::from_secs(secs),
            Some(secs) => {
                return Err(invalid(format!(
                    "timeout_secs is 1 to 60 seconds, not {secs}"
                )));
            }
        };
        Ok(Some(NotifySettings {
            api_key,
            email_template_id,
            sms_template_id,
            base_url,
            timeout,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::NotifyKey;
    use crate::Settings;
    use crate::config::load_from_text as load;

    const SERVICE: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
    const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
    const TEMPLATE: &str = "217a419e-6a7d-482a-9596-718b889dffce";

    #[test]
    fn a_key_is_its_name_the_service_id_and_the_secret_and_its_secret_never_shows() {
        let key = NotifyKey::parse(&format!("hants-permits-live-{SERVICE}-{SECRET}"))
            .expect("a Notify key");
        assert_eq!(key.service_id, SERVICE);
        assert_eq!(key.secret.expose(), SECRET);
        assert!(!format!("{key:?}").contains(SECRET));
        for bad in [
            String::new(),
            format!("{SERVICE}-{SECRET}"),
            format!("name-{SERVICE}{SECRET}x"),
            format!("name-{SERVICE}-{}", &SECRET[..35]),
            format!("name-{SERVICE}-{}", SECRET.replace('3', "g")),
        ] {
            assert!(NotifyKey::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn notify_comes_from_the_file_with_its_key_from_the_environment_never_shown() {
        let text = format!(
            "[channels.govuk_notify]\nemail_template_id = \"{TEMPLATE}\"\napi_key_env = \"HANTS_NOTIFY\"\n"
        );
        let key = format!("hants-{SERVICE}-{SECRET}");
        let env = |name: &str| (name == "HANTS_NOTIFY").then(|| key.clone());
        let settings = load(&text, env).expect("loads");
        let notify = settings.channels.govuk_notify.as_ref().expect("on");
        assert_eq!(notify.email_template_id.as_deref(), Some(TEMPLATE));
        assert_eq!(notify.sms_template_id, None);
        assert_eq!(notify.base_url, "https://api.notifications.service.gov.uk");
        assert_eq!(notify.timeout.as_secs(), 10);
        assert!(settings.channels.reaches_people());
        assert!(!format!("{settings:?}").contains(SECRET));

        // The default variable, and a template id from the environment alone.
        let env = |name: &str| match name {
            "PERMITS_NOTIFY_API_KEY" => Some(key.clone()),
            "PERMITS_NOTIFY_SMS_TEMPLATE_ID" => Some(TEMPLATE.to_owned()),
            _ => None,
        };
        let settings = Settings::load_with(None, env).expect("loads");
        let notify = settings.channels.govuk_notify.expect("on");
        assert_eq!(notify.sms_template_id.as_deref(), Some(TEMPLATE));
    }

    #[test]
    fn a_notify_table_without_its_key_or_with_bad_values_is_refused() {
        let key = format!("k-{SERVICE}-{SECRET}");
        let with_key = |name: &str| (name == "PERMITS_NOTIFY_API_KEY").then(|| key.clone());
        let table = |extra: &str| {
            format!("[channels.govuk_notify]\nsms_template_id = \"{TEMPLATE}\"\n{extra}")
        };
        let no_env = |_: &str| None;
        assert!(
            load(&table(""), no_env)
                .expect_err("no key")
                .contains("PERMITS_NOTIFY_API_KEY")
        );
        for (extra, why) in [
            ("base_url = \"http://notify.example.org\"\n", "https"),
            ("timeout_secs = 0\n", "timeout_secs"),
            ("timeout_secs = 61\n", "timeout_secs"),
            ("email_template_id = \"welcome\"\n", "email_template_id"),
            ("api_key = \"in-the-file\"\n", "api_key"),
        ] {
            let error = load(&table(extra), with_key).expect_err(extra);
            assert!(error.contains(why), "{extra}: {error}");
        }
        let bad_key = |name: &str| (name == "PERMITS_NOTIFY_API_KEY").then(|| "nope".to_owned());
        assert!(
            load(&table(""), bad_key)
                .expect_err("bad key")
                .contains("key_name")
        );
        // No template id: Notify is off, whatever else the table says.
        let off = load("[channels.govuk_notify]\ntimeout_secs = 5\n", no_env).expect("loads");
        assert!(off.channels.govuk_notify.is_none());
    }
}
