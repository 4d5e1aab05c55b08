//! In a plain browser: the typed client (`permit-client`, reqwest over fetch) against the
//! server that served this page. The session token lives in this tab's sessionStorage, so a
//! reload keeps the resident logged in and closing the tab logs them out.

use super::{ApiResult, Transport};
use crate::convert;
use crate::model::{
    ApiError, BookStay, Payment, Permit, PurchaseOrder, Receipt, SandboxCard, Stay, Stays, Upload,
    VisitorBalance,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use permit_api_types::{Accepted, Me, Property, Registration, RegistrationRequest, RenewalOrder};
use permit_client::{Client, ClientError};
use permit_rules::{CouncilId, Pence, Pin, Postcode, Vrm};

const TOKEN_KEY: &str = "permit-session";

#[derive(Debug)]
pub(super) struct BrowserTransport {
    base: String,
}

impl BrowserTransport {
    /// The server is the origin this page came from (it serves the web build at `/`).
    pub(super) fn for_this_page() -> Self {
        let base = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        Self { base }
    }

    fn client(&self) -> Client {
        let client = Client::new(&self.base);
        match stored_token() {
            Some(token) => client.with_token(token),
            None => client,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn stored_token() -> Option<String> {
    storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
}

fn store_token(token: Option<&str>) {
    if let Some(storage) = storage() {
        // A storage failure (private mode quota) only costs the session on reload.
        let _ = match token {
            Some(token) => storage.set_item(TOKEN_KEY, token),
            None => storage.remove_item(TOKEN_KEY),
        };
    }
}

fn to_api_error(error: ClientError) -> ApiError {
    match error {
        ClientError::Api {
            body, retry_after, ..
        } => {
            // A 401 leaves the stored token alone: the answer may be to an older token than
            // the one stored since (a login in flight), and a dead token only costs a 401 on
            // the next start, which shows the login prompt anyway.
            ApiError {
                retry_after,
                ..ApiError::from(body)
            }
        }
        ClientError::Transport(_) => ApiError::offline(),
        ClientError::Decode(message) => ApiError::new("unexpected", &message),
    }
}

#[async_trait(?Send)]
impl Transport for BrowserTransport {
    async fn server_now(&self) -> ApiResult<DateTime<Utc>> {
        let health = self.client().health().await.map_err(to_api_error)?;
        Ok(health.now)
    }
    async fn search_properties(
        &self,
        postcode: &Postcode,
        house: &str,
    ) -> ApiResult<Vec<Property>> {
        let client = self.client();
        let found = client.search_properties(postcode.as_str(), house).await;
        found.map_err(to_api_error)
    }
    async fn register(
        &self,
        council: &CouncilId,
        request: &RegistrationRequest,
    ) -> ApiResult<Registration> {
        let client = self.client();
        let registered = client.register(council.as_str(), request).await;
        registered.map_err(to_api_error)
    }
    async fn upload_proof(&self, upload: Upload) -> ApiResult<Registration> {
        let client = self.client();
        let uploaded = client
            .upload_registration_proof(&upload.content_type, upload.bytes)
            .await;
        uploaded.map_err(to_api_error)
    }
    async fn request_pin(&self, council: &CouncilId, contact: &str) -> ApiResult<Accepted> {
        let client = self.client();
        let sent = client.request_pin(council.as_str(), contact).await;
        sent.map_err(to_api_error)
    }
    async fn log_in(&self, council: &CouncilId, contact: &str, pin: &Pin) -> ApiResult<()> {
        let client = self.client();
        let session = client.log_in(council.as_str(), contact, pin.expose()).await;
        let session = session.map_err(to_api_error)?;
        store_token(Some(&session.token));
        Ok(())
    }
    async fn log_out(&self) -> ApiResult<()> {
        let result = self.client().log_out().await.map_err(to_api_error);
        // Logged out locally whatever the server said: the token is gone from this tab.
        store_token(None);
        result
    }
    fn has_session(&self) -> bool {
        stored_token().is_some()
    }
    async fn me(&self) -> ApiResult<Me> {
        self.client().me().await.map_err(to_api_error)
    }
    async fn visitor_balance(&self) -> ApiResult<Vec<VisitorBalance>> {
        let client = self.client();
        let catalogue = client.catalogue().await.map_err(to_api_error)?;
        let bundles = client.visitor_permits().await.map_err(to_api_error)?;
        let now = DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        convert::balances(&catalogue, bundles, now)
    }
    async fn buy(&self, key: &str, order: &PurchaseOrder) -> ApiResult<Receipt> {
        let client = self.client();
        let receipt = client.purchase(key, &convert::purchase_order(order)).await;
        convert::receipt(receipt.map_err(to_api_error)?)
    }
    async fn book_stay(&self, stay: &BookStay) -> ApiResult<Stay> {
        let client = self.client();
        let booked = client.book_stay(&convert::stay_booking(stay)).await;
        convert::stay(booked.map_err(to_api_error)?)
    }
    async fn upcoming_stays(&self) -> ApiResult<Stays> {
        let found = self
            .client()
            .stays("upcoming")
            .await
            .map_err(to_api_error)?;
        let stays = found
            .into_iter()
            .filter(|s| s.cancelled_at.is_none())
            .map(convert::stay)
            .collect::<ApiResult<Vec<_>>>()?;
        // A browser keeps no saved copy: offline is an error here, not a banner.
        Ok(Stays {
            stays,
            offline: false,
            last_synced: None,
        })
    }
    async fn cancel_stay(&self, id: &str) -> ApiResult<()> {
        self.client().cancel_stay(id).await.map_err(to_api_error)?;
        Ok(())
    }
    async fn permits(&self) -> ApiResult<Vec<Permit>> {
        let found = self.client().permits().await.map_err(to_api_error)?;
        found.into_iter().map(convert::permit).collect()
    }
    async fn renew_permit(&self, id: &str, key: &str, card: &SandboxCard) -> ApiResult<Receipt> {
        let order = RenewalOrder {
            duration_months: None,
            card_number: card.number.clone(),
        };
        let client = self.client();
        let receipt = client.renew_permit(id, key, &order).await;
        convert::receipt(receipt.map_err(to_api_error)?)
    }
    async fn set_auto_renew(&self, id: &str, on: bool) -> ApiResult<Permit> {
        let client = self.client();
        let permit = client.set_auto_renew(id, on).await;
        convert::permit(permit.map_err(to_api_error)?)
    }
    async fn change_vehicle(&self, id: &str, vrm: &Vrm) -> ApiResult<Permit> {
        let client = self.client();
        let outcome = client.change_vehicle(id, vrm.as_str()).await;
        let outcome = outcome.map_err(to_api_error)?;
        let waiting = outcome.request.is_some_and(|r| r.state == "pending");
        let mut permit = convert::permit(outcome.permit)?;
        // RP-3: the council decides; the permit keeps its vehicle until then.
        permit.pending_vrm = waiting.then(|| vrm.clone());
        Ok(permit)
    }
    async fn cancel_permit(&self, id: &str) -> ApiResult<Pence> {
        let cancelled = self
            .client()
            .cancel_permit(id)
            .await
            .map_err(to_api_error)?;
        Ok(Pence(cancelled.refund_pence))
    }
    async fn change_address(&self, id: &str, property_id: &str, proof: Upload) -> ApiResult<()> {
        let client = self.client();
        let filed = client
            .change_of_address(id, property_id, &proof.content_type, proof.bytes)
            .await;
        filed.map_err(to_api_error)?;
        Ok(())
    }
    async fn payments(&self) -> ApiResult<Vec<Payment>> {
        let found = self.client().payments().await.map_err(to_api_error)?;
        Ok(found.into_iter().map(convert::payment).collect())
    }
}
