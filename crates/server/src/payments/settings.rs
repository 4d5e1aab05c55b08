//! Which provider takes each council's money: a `[payments]` table in the config file.
//!
//! ```toml
//! [payments]
//! sandbox = false            # env PERMITS_PAYMENTS_SANDBOX; --demo sets it
//! public_url = "https://permits.example.gov.uk"   # env PERMITS_PUBLIC_URL; payers come back here
//!
//! [payments.councils.hampshire]
//! provider = "govuk_pay"
//! api_key_env = "HAMPSHIRE_GOVUK_PAY_KEY"   # or api_key = "..." in the file itself
//! webhook_secret_env = "HAMPSHIRE_GOVUK_PAY_WEBHOOK_SECRET"   # or webhook_secret = "..."
//! base_url = "https://publicapi.payments.service.gov.uk"   # the default
//! timeout_secs = 10                                         # the default
//! recurring = true   # GOV.UK Pay enabled recurring payments on the account (default false)
//! ```
//!
//! Auto-renewal (RP-6) charges a recurring-payment agreement only where the council's account
//! takes recurring payments; elsewhere the resident is sent a link to pay. The sandbox takes
//! them, except for the councils listed in `sandbox_without_recurring` (to show that path).
//!
//! The sandbox runs only where `sandbox` is on (demos and tests): then it also takes the money
//! of any council without a provider of its own.

use super::govuk_pay::{DEFAULT_BASE_URL, DEFAULT_TIMEOUT, GovukPaySettings};
use crate::config::{ConfigError, base_url_allowed};
use crate::secret::Secret;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct PaymentSettings {
    /// The built-in sandbox may run: `--demo`, or a test setting (never in production).
    pub sandbox: bool,
    /// Each council's own provider, by council id.
    pub councils: BTreeMap<String, ProviderSettings>,
    /// Where residents reach this service (`https://permits.example.gov.uk`): the provider
    /// sends payers back here. Needed with a real provider; on loopback it defaults to the
    /// bound address.
    pub public_url: Option<String>,
    /// Councils whose sandbox account takes no recurring payments (demos and tests of RP-6's
    /// emailed link).
    pub sandbox_without_recurring: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub enum ProviderSettings {
    GovukPay(GovukPaySettings),
}

/// The `[payments]` table of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilePayments {
    sandbox: Option<bool>,
    public_url: Option<String>,
    #[serde(default)]
    councils: BTreeMap<String, FileProvider>,
    #[serde(default)]
    sandbox_without_recurring: std::collections::BTreeSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProvider {
    provider: ProviderKind,
    api_key: Option<String>,
    /// The environment variable holding the key, so the file need not.
    api_key_env: Option<String>,
    base_url: Option<String>,
    timeout_secs: Option<u64>,
    /// The webhook signing secret from the council's GOV.UK Pay admin tool (or its variable).
    webhook_secret: Option<String>,
    webhook_secret_env: Option<String>,
    /// GOV.UK Pay enabled recurring card payments on the account.
    recurring: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ProviderKind {
    GovukPay,
}

impl FilePayments {
    pub(crate) fn overlay(
        self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<PaymentSettings, ConfigError> {
        let sandbox = match env("PERMITS_PAYMENTS_SANDBOX") {
            Some(v) => crate::config::parse_bool("PERMITS_PAYMENTS_SANDBOX", &v)?,
            None => self.sandbox.unwrap_or(false),
        };
        let councils = self
            .councils
            .into_iter()
            .map(|(council, file)| {
                let settings = file.settings(&council, &env)?;
                Ok((council, settings))
            })
            .collect::<Result<_, ConfigError>>()?;
        let public_url = env("PERMITS_PUBLIC_URL")
            .or(self.public_url)
            .map(|url| url.trim_end_matches('/').to_owned());
        if let Some(url) = &public_url
            && !base_url_allowed(url)
        {
            return Err(ConfigError::Invalid(
                "payments.public_url",
                format!("must be https (plain http only on loopback), not {url}"),
            ));
        }
        Ok(PaymentSettings {
            sandbox,
            councils,
            public_url,
            sandbox_without_recurring: self.sandbox_without_recurring,
        })
    }
}

impl FileProvider {
    fn settings(
        self,
        council: &str,
        env: &impl Fn(&str) -> Option<String>,
    ) -> Result<ProviderSettings, ConfigError> {
        let invalid = |why: String| ConfigError::Invalid("payments.councils", why);
        let api_key = match (&self.api_key_env, self.api_key) {
            (Some(name), _) => env(name).ok_or_else(|| {
                invalid(format!(
                    "{council}: the variable {name} holding its API key is not set"
                ))
            })?,
            (None, Some(key)) => key,
            (None, None) => {
                return Err(invalid(format!("{council}: needs api_key or api_key_env")));
            }
        };
        if api_key.trim().is_empty() {
            return Err(invalid(format!("{council}: its API key is empty")));
        }
        let base_url = self
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
            .trim_end_matches('/')
            .to_owned();
        if !base_url_allowed(&base_url) {
            return Err(invalid(format!(
                "{council}: base_url must be https (plain http only on loopback), not {base_url}"
            )));
        }
        let timeout = self
            .timeout_secs
            .filter(|s| (1..=60).contains(s))
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
        let webhook_secret = match (&self.webhook_secret_env, self.webhook_secret) {
            (Some(name), _) => Some(env(name).ok_or_else(|| {
                invalid(format!(
                    "{council}: the variable {name} holding its webhook secret is not set"
                ))
            })?),
            (None, secret) => secret,
        }
        .filter(|s| !s.trim().is_empty())
        .map(Secret::new);
        Ok(match self.provider {
            ProviderKind::GovukPay => ProviderSettings::GovukPay(GovukPaySettings {
                api_key: Secret::new(api_key),
                base_url,
                timeout,
                webhook_secret,
                recurring: self.recurring.unwrap_or(false),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::load_from_text as load;
    use crate::payments::settings::ProviderSettings;

    #[test]
    fn a_councils_govuk_pay_key_comes_from_its_variable_and_never_shows() {
        let text = "[payments.councils.hampshire]\nprovider = \"govuk_pay\"\napi_key_env = \"HANTS_PAY\"\n";
        let env = |key: &str| (key == "HANTS_PAY").then(|| "api_live_hunter2".to_owned());
        let settings = load(text, env).expect("loads");
        assert!(
            !settings.payments.sandbox,
            "the sandbox is off unless asked for"
        );
        let ProviderSettings::GovukPay(pay) = &settings.payments.councils["hampshire"];
        assert_eq!(pay.api_key.expose(), "api_live_hunter2");
        assert_eq!(pay.base_url, "https://publicapi.payments.service.gov.uk");
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn rp_6_recurring_payments_are_off_unless_the_council_says_govuk_pay_enabled_them() {
        let no_env = |_: &str| None;
        let text = "[payments]\nsandbox_without_recurring = [\"leicestershire\"]\n\n[payments.councils.hampshire]\nprovider = \"govuk_pay\"\napi_key = \"k\"\n\n[payments.councils.cambridgeshire]\nprovider = \"govuk_pay\"\napi_key = \"k\"\nrecurring = true\n";
        let settings = load(text, no_env).expect("loads").payments;
        let ProviderSettings::GovukPay(hampshire) = &settings.councils["hampshire"];
        let ProviderSettings::GovukPay(cambridgeshire) = &settings.councils["cambridgeshire"];
        assert!(!hampshire.recurring);
        assert!(cambridgeshire.recurring);
        assert!(
            settings
                .sandbox_without_recurring
                .contains("leicestershire")
        );
    }

    #[test]
    fn a_missing_key_plain_http_or_an_unknown_provider_is_refused() {
        let no_env = |_: &str| None;
        let missing =
            "[payments.councils.hampshire]\nprovider = \"govuk_pay\"\napi_key_env = \"UNSET\"\n";
        assert!(
            load(missing, no_env)
                .expect_err("refused")
                .contains("UNSET")
        );
        let http = "[payments.councils.hampshire]\nprovider = \"govuk_pay\"\napi_key = \"k\"\nbase_url = \"http://pay.example.org\"\n";
        assert!(load(http, no_env).expect_err("refused").contains("https"));
        let unknown = "[payments.councils.hampshire]\nprovider = \"stripe\"\napi_key = \"k\"\n";
        assert!(load(unknown, no_env).is_err());
        let sandbox = |key: &str| (key == "PERMITS_PAYMENTS_SANDBOX").then(|| "true".to_owned());
        assert!(load("", sandbox).expect("loads").payments.sandbox);
    }
}
