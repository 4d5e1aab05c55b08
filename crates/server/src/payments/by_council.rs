//! Each council's payment provider, chosen once at start-up from `[payments]`.

use super::SandboxPayments;
use super::govuk_pay::GovukPay;
use super::provider::PaymentProvider;
use super::settings::{PaymentSettings, ProviderSettings};
use crate::councils::Councils;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct PaymentProviders {
    by_council: BTreeMap<String, Arc<dyn PaymentProvider>>,
    /// Each council's webhook signing secret, where its provider signs webhooks.
    webhook_secrets: BTreeMap<String, crate::secret::Secret>,
    /// Councils whose account takes recurring payments (auto-renewal by agreement, RP-6).
    recurring: std::collections::BTreeSet<String>,
}

/// Why the server will not start with these payment settings: each a sentence for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ProvidersError {
    #[error(
        "council {0} sells permits but has no payment provider: configure [payments.councils.{0}] with provider = \"govuk_pay\" (crates/server/README.md), or run with --demo"
    )]
    Missing(String),
    #[error("[payments.councils.{0}] names a council that is not in the councils folder")]
    UnknownCouncil(String),
    #[error("the payment provider of council {0} cannot start: {1}")]
    Client(String, String),
    #[error(
        "council {0} takes payments through GOV.UK Pay, which sends payers back to this service: set [payments] public_url (or PERMITS_PUBLIC_URL) to its https address"
    )]
    NoPublicUrl(String),
}

impl PaymentProviders {
    /// Every council that sells something gets its configured provider, or the sandbox where
    /// the sandbox may run; anything else refuses to start.
    pub fn build(
        settings: &PaymentSettings,
        councils: &Councils,
        sandbox: &Arc<SandboxPayments>,
    ) -> Result<Self, ProvidersError> {
        let mut by_council = BTreeMap::new();
        let mut webhook_secrets = BTreeMap::new();
        let mut recurring = std::collections::BTreeSet::new();
        for (council, provider) in &settings.councils {
            if !councils.all().any(|s| s.id.as_str() == council) {
                return Err(ProvidersError::UnknownCouncil(council.clone()));
            }
            let provider: Arc<dyn PaymentProvider> = match provider {
                ProviderSettings::GovukPay(pay) => {
                    if settings.public_url.is_none() {
                        return Err(ProvidersError::NoPublicUrl(council.clone()));
                    }
                    if pay.recurring {
                        recurring.insert(council.clone());
                    }
                    if let Some(secret) = &pay.webhook_secret {
                        webhook_secrets.insert(council.clone(), secret.clone());
                    }
                    Arc::new(
                        GovukPay::new(pay.clone())
                            .map_err(|e| ProvidersError::Client(council.clone(), e))?,
                    )
                }
            };
            by_council.insert(council.clone(), provider);
        }
        for scheme in councils.all() {
            let id = scheme.id.as_str();
            if scheme.products.is_empty() || by_council.contains_key(id) {
                continue;
            }
            if !settings.sandbox {
                return Err(ProvidersError::Missing(id.to_owned()));
            }
            by_council.insert(id.to_owned(), sandbox.clone() as Arc<dyn PaymentProvider>);
            if !settings.sandbox_without_recurring.contains(id) {
                recurring.insert(id.to_owned());
            }
        }
        Ok(Self {
            by_council,
            webhook_secrets,
            recurring,
        })
    }

    /// The council's provider; `None` where it sells nothing.
    pub fn get(&self, council: &permit_rules::CouncilId) -> Option<Arc<dyn PaymentProvider>> {
        self.by_council.get(council.as_str()).cloned()
    }

    /// Whether the council's account takes recurring payments: auto-renewal (RP-6) then sets up
    /// and charges an agreement; otherwise the resident is sent a link to pay.
    pub fn recurring(&self, council: &str) -> bool {
        self.recurring.contains(council)
    }

    /// The secret the council's provider signs its webhooks with; `None` refuses them all.
    pub fn webhook_secret(&self, council: &str) -> Option<&crate::secret::Secret> {
        self.webhook_secrets.get(council)
    }
}
