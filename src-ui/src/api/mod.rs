//! The one transport trait every page talks to, and how the app picks its implementation:
//! Tauri commands when the page runs inside the app (`window.isTauri`, set by Tauri), else the
//! server's JSON API over fetch (`http.rs`) against the server that served this page.
//! The Tauri transport is compiled only with the `app` feature, in the build the apps embed
//! (src-ui/dist-app); the web build (src-ui/dist) has the fetch transport alone.

mod browser;
mod http;
mod offline;
#[cfg(feature = "app")]
mod tauri;

use crate::model::{
    ApiError, BookStay, CalendarFile, OrderOutcome, Payment, Permit, PurchaseOrder, SavedVehicle,
    StartedPayment, Stay, Stays, Upload, VisitorBalance,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use permit_api_types::{
    Accepted, AccountSettings, ContactCodeSent, Me, Property, Registration, RegistrationRequest,
};
use permit_rules::{CouncilId, Nickname, Pence, PermitType, Pin, Postcode, Vrm};
use std::sync::Arc;

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Everything the UI asks of the service. Inputs are already parsed (newtypes); answers and
/// failures are plain data, so both transports look the same to the pages.
#[async_trait(?Send)]
pub(crate) trait Transport: Send + Sync {
    async fn server_now(&self) -> ApiResult<DateTime<Utc>>;
    async fn search_properties(&self, postcode: &Postcode, house: &str)
    -> ApiResult<Vec<Property>>;
    async fn register(
        &self,
        council: &CouncilId,
        request: &RegistrationRequest,
    ) -> ApiResult<Registration>;
    async fn upload_proof(&self, upload: Upload) -> ApiResult<Registration>;
    async fn request_pin(&self, council: &CouncilId, contact: &str) -> ApiResult<Accepted>;
    /// Logs in and keeps the session (browser: this tab, or with `keep_signed_in` this
    /// device's `HttpOnly` cookie; app: the OS keyring, whatever `keep_signed_in` says).
    async fn log_in(
        &self,
        council: &CouncilId,
        contact: &str,
        pin: &Pin,
        keep_signed_in: bool,
    ) -> ApiResult<()>;
    /// Whether the login page offers "Keep me signed in on this device" (the browser; the
    /// app keeps its session in the OS keyring anyway).
    fn offers_keep_signed_in(&self) -> bool;
    async fn log_out(&self) -> ApiResult<()>;
    /// Ends every session of the resident on every device (issue 19); once the service has
    /// done so, this device forgets its session and its offline copy, as logging out does.
    async fn log_out_everywhere(&self) -> ApiResult<()>;
    /// Whether a session is kept from before (a reload, or the app's keyring).
    fn has_session(&self) -> bool;
    /// Issue 19, the browser's offline copy: its sync time while its answers stand in for
    /// the service's (the service could not be reached). The app, which keeps its own copy,
    /// says so in its stays instead.
    fn offline_since(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// When the browser's offline copy was last synced, if it has one.
    async fn offline_copy_synced(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// No session on this device (a closed tab ended it): the browser wipes its offline copy.
    async fn forget_offline_copy(&self) {}
    async fn me(&self) -> ApiResult<Me>;
    async fn visitor_balance(&self) -> ApiResult<Vec<VisitorBalance>>;
    /// Issue 16: an order awaiting payment on the provider's hosted page (the browser goes
    /// there; the app opens it in the system browser); `key` is the order's idempotency key, so
    /// a retry with the same key never pays twice. No card is taken anywhere in this UI.
    async fn start_purchase(&self, key: &str, order: &PurchaseOrder) -> ApiResult<StartedPayment>;
    /// The order, as the server read it from the payment provider.
    async fn purchase_order(&self, id: &str) -> ApiResult<OrderOutcome>;
    async fn book_stay(&self, stay: &BookStay) -> ApiResult<Stay>;
    async fn upcoming_stays(&self) -> ApiResult<Stays>;
    /// Issue 18: a page of past stays (ended or cancelled), latest first, to book again.
    async fn past_stays(&self, limit: u32, offset: u32) -> ApiResult<Vec<Stay>>;
    async fn cancel_stay(&self, id: &str) -> ApiResult<()>;
    async fn permits(&self) -> ApiResult<Vec<Permit>>;
    /// RP-4 on the provider's hosted page (issue 16): a renewal order awaiting payment, and its
    /// payment page; `key` is kept across retries of the same renewal; `months` is the duration
    /// chosen, where the permit is sold for several; `auto_renew` the "Renew automatically"
    /// answer where it was asked (RP-6).
    async fn start_renewal(
        &self,
        id: &str,
        key: &str,
        (months, auto_renew): (Option<u32>, Option<bool>),
    ) -> ApiResult<StartedPayment>;
    async fn set_auto_renew(&self, id: &str, on: bool) -> ApiResult<Permit>;
    /// RP-6: the products "Check your answers" (buying and renewing) offers "Renew
    /// automatically" for: they renew themselves and the council's payment account takes
    /// recurring payments.
    async fn renews_automatically(&self) -> ApiResult<Vec<PermitType>>;
    /// RP-4, RP-6: the renewal order an email's link opens (`ready`), taken to payment, with
    /// the "Renew automatically" answer where it was asked.
    async fn pay_ready_order(
        &self,
        order_id: &str,
        auto_renew: Option<bool>,
    ) -> ApiResult<StartedPayment>;
    /// AVP-2 edits the VRM at once; RP-3 files a Vehicle Change Request.
    async fn change_vehicle(&self, id: &str, vrm: &Vrm) -> ApiResult<Permit>;
    /// RP-5 / AVP-4: answers with the refund.
    async fn cancel_permit(&self, id: &str) -> ApiResult<Pence>;
    /// AVP-5 / RP-7: the permit's new property and the proof of residency.
    async fn change_address(&self, id: &str, property_id: &str, proof: Upload) -> ApiResult<()>;
    /// RP-7: one document (`proof_of_address` or `v5c`) of the application for a new permit in
    /// another zone; answers with what happens next.
    async fn apply_in_new_zone(
        &self,
        id: &str,
        property_id: &str,
        document: &str,
        upload: Upload,
    ) -> ApiResult<String>;
    /// AVP-1: the evidence a permit held for review needs.
    async fn upload_evidence(&self, id: &str, evidence: Upload) -> ApiResult<()>;
    async fn payments(&self) -> ApiResult<Vec<Payment>>;
    /// REG-2, ACT-4: sends a code to a new email or mobile (already parsed).
    async fn add_contact(&self, contact: &str) -> ApiResult<ContactCodeSent>;
    /// REG-2, ACT-4: links it with the code; the account as it now is.
    async fn confirm_contact(&self, contact: &str, code: &str) -> ApiResult<Me>;
    /// Issue 18: the account's saved visitor vehicles, most recently used first (the app's
    /// saved copy offline).
    async fn saved_vehicles(&self) -> ApiResult<Vec<SavedVehicle>>;
    /// A new name for a saved vehicle; `None` removes it.
    async fn rename_vehicle(
        &self,
        id: &str,
        nickname: Option<&Nickname>,
    ) -> ApiResult<SavedVehicle>;
    async fn delete_vehicle(&self, id: &str) -> ApiResult<()>;
    /// Issue 18: the stay as an RFC 5545 calendar file, made by the service (the browser
    /// gets its text to save through a link; the app saves it in the downloads folder).
    async fn stay_calendar(&self, id: &str) -> ApiResult<CalendarFile>;
    /// VP-3 (issue 18): whether expiry warnings are on.
    async fn account_settings(&self) -> ApiResult<AccountSettings>;
    async fn set_account_settings(&self, settings: AccountSettings) -> ApiResult<AccountSettings>;
}

/// The transport the pages share (through Leptos context).
#[derive(Clone)]
pub(crate) struct Api(Arc<dyn Transport>);

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Api")
    }
}

impl Api {
    /// The app's build still answers as a browser page when it is not in Tauri (served by
    /// `trunk serve --features app` while working on it, for one).
    pub(crate) fn detect() -> Self {
        #[cfg(feature = "app")]
        if tauri::available() {
            return Self(Arc::new(tauri::TauriTransport));
        }
        Self(Arc::new(browser::BrowserTransport::for_this_page()))
    }
}

/// A fresh idempotency key for one order (kept across retries of that order).
pub(crate) fn idempotency_key() -> String {
    let random = (js_sys::Math::random() * 1e15) as u64;
    format!("ui-{:x}-{random:x}", js_sys::Date::now() as u64)
}

impl std::ops::Deref for Api {
    type Target = dyn Transport;
    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}
