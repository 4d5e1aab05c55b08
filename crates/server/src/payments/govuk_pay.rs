//! GOV.UK Pay (<https://docs.payments.service.gov.uk/api_reference/>): card payments on its
//! hosted page, read back by id, refunded, and recurring payments through agreements. One
//! adapter per council, each with its own API key (a bearer token).
//!
//! Every call has a timeout. A reply's body is logged (cut short) and never passed on: callers
//! only see a [`ProviderError`].

use super::provider::{
    AgreementCharge, AgreementState, CreatedPayment, NewPayment, PaymentProvider, PaymentState,
    PaymentStatus, ProviderError, ProviderFuture, Refund, RefundState,
};
use crate::secret::Secret;
use permit_rules::Pence;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::time::Duration;

/// The public API's address, the same for test and live accounts (the key decides which).
pub const DEFAULT_BASE_URL: &str = "https://publicapi.payments.service.gov.uk";
/// How long one call may take before the provider counts as unavailable.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an unexpected reply goes to the log.
const LOGGED_BODY_CHARS: usize = 300;

/// One council's GOV.UK Pay account.
#[derive(Debug, Clone)]
pub struct GovukPaySettings {
    pub api_key: Secret,
    /// Without a trailing slash.
    pub base_url: String,
    pub timeout: Duration,
    /// Signs the account's webhooks (`Pay-Signature`); without it webhooks are refused.
    pub webhook_secret: Option<Secret>,
    /// GOV.UK Pay enabled recurring card payments on the account (they must ask GOV.UK Pay
    /// support): auto-renewal (RP-6) then charges an agreement; without, the resident is sent a
    /// link to pay.
    pub recurring: bool,
}

#[derive(Debug, Clone)]
pub struct GovukPay {
    http: reqwest::Client,
    settings: GovukPaySettings,
}

impl GovukPay {
    pub fn new(settings: GovukPaySettings) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .build()
            .map_err(|e| format!("GOV.UK Pay client: {e}"))?;
        Ok(Self { http, settings })
    }

    /// One API call: the bearer key, JSON both ways, the status mapped to a [`ProviderError`].
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, ProviderError> {
        self.call_once(method, path, body, None).await
    }

    /// [`Self::call`] with GOV.UK Pay's `Idempotency-Key` header where one is given.
    #[tracing::instrument(skip(self, body, idempotency_key), fields(provider = "govuk_pay"))]
    async fn call_once<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ProviderError> {
        let url = format!("{}{path}", self.settings.base_url);
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(self.settings.api_key.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|error| {
            tracing::warn!(timeout = error.is_timeout(), %error, "GOV.UK Pay unreachable");
            ProviderError::Unavailable
        })?;
        let status = response.status();
        let text = response.text().await.map_err(|error| {
            tracing::warn!(%error, "GOV.UK Pay reply cut off");
            ProviderError::Unavailable
        })?;
        if status.is_success() {
            // 204 No Content (a cancel) reads as JSON `null`, for `()` answers.
            let text = if text.is_empty() {
                "null"
            } else {
                text.as_str()
            };
            return serde_json::from_str(text).map_err(|error| {
                tracing::error!(%error, body = %cut(text), "GOV.UK Pay reply not understood");
                ProviderError::BadReply
            });
        }
        tracing::warn!(status = status.as_u16(), body = %cut(&text), "GOV.UK Pay refused");
        Err(match status {
            StatusCode::NOT_FOUND => ProviderError::NotFound,
            StatusCode::TOO_MANY_REQUESTS => ProviderError::Unavailable,
            s if s.is_server_error() => ProviderError::Unavailable,
            s => ProviderError::Refused { status: s.as_u16() },
        })
    }

    async fn status(&self, payment_id: &str) -> Result<PaymentStatus, ProviderError> {
        let reply: PaymentReply = self
            .call(
                Method::GET,
                &format!("/v1/payments/{}", segment(payment_id)?),
                None,
            )
            .await?;
        reply.status()
    }
}

/// A payment id as a path segment: GOV.UK Pay's ids are letters and digits only.
fn segment(id: &str) -> Result<&str, ProviderError> {
    if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(id)
    } else {
        Err(ProviderError::NotFound)
    }
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(LOGGED_BODY_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[derive(Debug, Deserialize)]
struct PaymentReply {
    payment_id: String,
    state: StateReply,
    #[serde(default)]
    refund_summary: Option<RefundSummary>,
    #[serde(rename = "_links", default)]
    links: Option<Links>,
}

#[derive(Debug, Deserialize)]
struct StateReply {
    status: String,
    #[serde(default)]
    finished: bool,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RefundSummary {
    #[serde(default)]
    amount_available: u64,
}

#[derive(Debug, Deserialize)]
struct Links {
    #[serde(default)]
    next_url: Option<Link>,
}

#[derive(Debug, Deserialize)]
struct Link {
    href: String,
}

impl PaymentReply {
    fn state(&self) -> Result<PaymentState, ProviderError> {
        PaymentState::from_status(&self.state.status).ok_or_else(|| {
            tracing::error!(status = %self.state.status, "GOV.UK Pay state not known");
            ProviderError::BadReply
        })
    }

    fn created(self) -> Result<CreatedPayment, ProviderError> {
        Ok(CreatedPayment {
            state: self.state()?,
            next_url: self.links.and_then(|l| l.next_url).map(|l| l.href),
            payment_id: self.payment_id,
        })
    }

    fn status(self) -> Result<PaymentStatus, ProviderError> {
        Ok(PaymentStatus {
            state: self.state()?,
            finished: self.state.finished,
            code: self.state.code,
            refundable: Pence(self.refund_summary.map_or(0, |r| r.amount_available)),
        })
    }
}

#[derive(Debug, Deserialize)]
struct RefundReply {
    refund_id: String,
    status: String,
}

#[derive(Debug, Deserialize)]
struct AgreementReply {
    agreement_id: String,
    #[serde(default)]
    status: Option<String>,
}

impl AgreementReply {
    fn state(&self) -> Result<AgreementState, ProviderError> {
        let status = self.status.as_deref().unwrap_or_default();
        AgreementState::from_status(status).ok_or_else(|| {
            tracing::error!(%status, "GOV.UK Pay agreement status not known");
            ProviderError::BadReply
        })
    }
}

impl PaymentProvider for GovukPay {
    fn create_payment<'a>(
        &'a self,
        payment: &'a NewPayment<'a>,
    ) -> ProviderFuture<'a, CreatedPayment> {
        Box::pin(async move {
            let mut body = json!({
                "amount": payment.amount.0,
                "reference": payment.reference,
                "description": payment.description,
                "return_url": payment.return_url,
            });
            if let Some(agreement) = payment.set_up_agreement {
                body["set_up_agreement"] = json!(agreement);
            }
            let reply: PaymentReply = self.call(Method::POST, "/v1/payments", Some(body)).await?;
            reply.created()
        })
    }

    fn payment_status<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, PaymentStatus> {
        Box::pin(self.status(payment_id))
    }

    fn cancel_payment<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, ()> {
        Box::pin(async move {
            let path = format!("/v1/payments/{}/cancel", segment(payment_id)?);
            self.call(Method::POST, &path, None).await
        })
    }

    fn refund<'a>(&'a self, payment_id: &'a str, amount: Pence) -> ProviderFuture<'a, Refund> {
        Box::pin(async move {
            // GOV.UK Pay refuses a refund whose `refund_amount_available` is out of date, so
            // read it first; asking for more than that is refused here, not sent.
            let available = self.status(payment_id).await?.refundable;
            if amount > available || amount == Pence::ZERO {
                return Err(ProviderError::RefundTooLarge { available });
            }
            let body = json!({ "amount": amount.0, "refund_amount_available": available.0 });
            let path = format!("/v1/payments/{}/refunds", segment(payment_id)?);
            let reply: RefundReply = self.call(Method::POST, &path, Some(body)).await?;
            let state = match reply.status.as_str() {
                "submitted" => RefundState::Submitted,
                "success" => RefundState::Success,
                "error" => RefundState::Error,
                other => {
                    tracing::error!(status = %other, "GOV.UK Pay refund state not known");
                    return Err(ProviderError::BadReply);
                }
            };
            Ok(Refund {
                refund_id: reply.refund_id,
                state,
            })
        })
    }

    fn create_agreement<'a>(
        &'a self,
        reference: &'a str,
        description: &'a str,
        payer: &'a str,
    ) -> ProviderFuture<'a, String> {
        Box::pin(async move {
            let body = json!({
                "reference": reference,
                "description": description,
                "user_identifier": payer,
            });
            let reply: AgreementReply = self
                .call(Method::POST, "/v1/agreements", Some(body))
                .await?;
            Ok(reply.agreement_id)
        })
    }

    fn charge_agreement<'a>(
        &'a self,
        charge: &'a AgreementCharge<'a>,
    ) -> ProviderFuture<'a, CreatedPayment> {
        Box::pin(async move {
            // No return_url: GOV.UK Pay refuses one on an agreement payment.
            let body = json!({
                "amount": charge.amount.0,
                "reference": charge.reference,
                "description": charge.description,
                "agreement_id": charge.agreement_id,
                "authorisation_mode": "agreement",
            });
            let reply: PaymentReply = self
                .call_once(
                    Method::POST,
                    "/v1/payments",
                    Some(body),
                    Some(charge.idempotency_key),
                )
                .await?;
            reply.created()
        })
    }

    fn agreement_status<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, AgreementState> {
        Box::pin(async move {
            let path = format!("/v1/agreements/{}", segment(agreement_id)?);
            let reply: AgreementReply = self.call(Method::GET, &path, None).await?;
            if reply.agreement_id != agreement_id {
                tracing::error!("GOV.UK Pay answered with another agreement");
                return Err(ProviderError::BadReply);
            }
            reply.state()
        })
    }

    fn cancel_agreement<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, ()> {
        Box::pin(async move {
            let path = format!("/v1/agreements/{}/cancel", segment(agreement_id)?);
            self.call(Method::POST, &path, None).await
        })
    }
}

#[cfg(test)]
mod tests;
