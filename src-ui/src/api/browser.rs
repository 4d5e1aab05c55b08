//! In a plain browser: the server's JSON API over fetch (`http.rs`, the same requests as
//! `permit-client`) against the server that served this page. The session token lives in this
//! tab's sessionStorage, so a reload keeps the resident logged in and closing the tab logs
//! them out.
//!
//! With "Keep me signed in on this device" (issue 19) the server keeps the session in an
//! `HttpOnly` cookie instead: no token is stored here at all. The page holds only the
//! session's CSRF token, in memory, sent on writes; a new tab or a reload asks
//! `GET /auth/cookie-session` for it. localStorage keeps one flag, no secret, saying that
//! this device has such a session, so a visitor who never chose it makes no extra request.
//!
//! Reads that work offline (who is logged in, upcoming stays, permits left, saved vehicles)
//! fall back to the offline copy in IndexedDB (`offline.rs`) when the service cannot be
//! reached; each answer from the service, and each change made, syncs that copy.

use super::http::{Body, Http, query};
use super::offline;
use super::{ApiResult, Transport};
use crate::convert;
use crate::model::{
    BookStay, CalendarFile, OrderOutcome, Payment, Permit, PurchaseOrder, SavedVehicle,
    StartedPayment, Stay, Stays, Upload, VisitorBalance,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use permit_api_types::CookieSession;
use permit_api_types::path_segment as seg;
use permit_api_types::{
    Accepted, AccountSettings, AutoRenew, Catalogue, ContactChange, ContactCodeSent,
    ContactConfirmation, Health, IDEMPOTENCY_KEY_HEADER, LoginRequest, Me, PermitCancelled,
    PermitRequest, PinRequest, Property, ReadyRenewalPayment, Registration, RegistrationRequest,
    RenameVehicle, RenewalOrder, Session, VehicleChange, VehicleChangeOutcome,
};
use permit_rules::{CouncilId, Nickname, Pence, PermitType, Pin, Postcode, Vrm};
use std::cell::RefCell;

const TOKEN_KEY: &str = "permit-session";
/// In localStorage: "1" while this device has a cookie session. Not a secret.
const DEVICE_KEY: &str = "permit-device-session";

thread_local! {
    /// The cookie session's CSRF token, in this page's memory only.
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

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

    fn client(&self) -> Http {
        Http::new(&self.base, stored_token()).with_csrf(CSRF.with_borrow(Clone::clone))
    }

    /// Who is logged in, from the service (a device session's CSRF token first).
    async fn me_online(&self) -> ApiResult<Me> {
        if stored_token().is_none() && has_device_session() && CSRF.with_borrow(Option::is_none) {
            self.resume_device_session().await?;
        }
        self.client().get("/me").await
    }

    /// A page opened with the device's cookie session: fetch its CSRF token.
    async fn resume_device_session(&self) -> ApiResult<()> {
        let found: CookieSession = self.client().get("/auth/cookie-session").await?;
        CSRF.set(Some(found.csrf_token));
        Ok(())
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn has_device_session() -> bool {
    local_storage().is_some_and(|s| s.get_item(DEVICE_KEY).ok().flatten().is_some())
}

/// This device's cookie session has ended (logout, a 401): forget the flag and the CSRF token.
pub(super) fn forget_device_session() {
    CSRF.set(None);
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(DEVICE_KEY);
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

#[async_trait(?Send)]
impl Transport for BrowserTransport {
    async fn server_now(&self) -> ApiResult<DateTime<Utc>> {
        let health: Health = self.client().get("/health").await?;
        Ok(health.now)
    }
    async fn search_properties(
        &self,
        postcode: &Postcode,
        house: &str,
    ) -> ApiResult<Vec<Property>> {
        let q = query(&[("postcode", postcode.as_str()), ("house", house)]);
        self.client().get(&format!("/properties?{}", q)).await
    }
    async fn register(
        &self,
        council: &CouncilId,
        request: &RegistrationRequest,
    ) -> ApiResult<Registration> {
        let path = format!("/councils/{}/registrations", council.as_str());
        self.client().post(&path, request).await
    }
    async fn upload_proof(&self, upload: Upload) -> ApiResult<Registration> {
        let body = Body::Bytes {
            content_type: &upload.content_type,
            bytes: upload.bytes,
        };
        let client = self.client();
        client
            .send("PUT", "/me/registration/proof", &[], body)
            .await
    }
    async fn request_pin(&self, council: &CouncilId, contact: &str) -> ApiResult<Accepted> {
        let body = PinRequest {
            council: council.as_str().into(),
            contact: contact.into(),
        };
        self.client().post("/auth/pin", &body).await
    }
    async fn log_in(
        &self,
        council: &CouncilId,
        contact: &str,
        pin: &Pin,
        keep_signed_in: bool,
    ) -> ApiResult<()> {
        let body = LoginRequest {
            council: council.as_str().into(),
            contact: contact.into(),
            pin: pin.expose().into(),
        };
        if keep_signed_in {
            // The server sets the HttpOnly cookie; this page keeps only the CSRF token.
            let session: CookieSession = self.client().post("/auth/cookie-session", &body).await?;
            store_token(None);
            CSRF.set(Some(session.csrf_token));
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(DEVICE_KEY, "1");
            }
            return Ok(());
        }
        let session: Session = self.client().post("/auth/session", &body).await?;
        store_token(Some(&session.token));
        Ok(())
    }
    fn offers_keep_signed_in(&self) -> bool {
        true
    }
    async fn log_out(&self) -> ApiResult<()> {
        let result = self.client().post("/auth/logout", &()).await;
        // Logged out locally whatever the server said: the token is gone from this tab, and
        // the server's answer has cleared the device's cookie; the offline copy goes too.
        store_token(None);
        forget_device_session();
        offline::wipe().await;
        result
    }
    async fn log_out_everywhere(&self) -> ApiResult<()> {
        // Unlike logging out, this device forgets nothing until the service has ended the
        // sessions: told "not done" (offline, say), the resident can try again from here. A
        // refusal that ends this session forgets it already (`Http::refused`).
        let () = self.client().post("/auth/logout-all", &()).await?;
        store_token(None);
        forget_device_session();
        offline::wipe().await;
        Ok(())
    }
    fn has_session(&self) -> bool {
        stored_token().is_some() || has_device_session()
    }
    async fn me(&self) -> ApiResult<Me> {
        let found = self.me_online().await;
        if found.is_ok() {
            // Every page start asks `me` first: the service is reachable, the copy is synced.
            offline::sync_later(self.client());
        }
        offline::or_copy(found, offline::me).await
    }
    fn offline_since(&self) -> Option<DateTime<Utc>> {
        offline::shown()
    }
    async fn offline_copy_synced(&self) -> Option<DateTime<Utc>> {
        offline::synced_at().await
    }
    async fn forget_offline_copy(&self) {
        offline::wipe().await;
    }
    async fn visitor_balance(&self) -> ApiResult<Vec<VisitorBalance>> {
        let client = self.client();
        let found = async {
            let catalogue: Catalogue = client.get("/catalogue").await?;
            let bundles = client.get("/visitor-permits").await?;
            let now =
                DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
            convert::balances(&catalogue, bundles, now)
        };
        offline::or_copy(found.await, offline::balance).await
    }
    async fn start_purchase(&self, key: &str, order: &PurchaseOrder) -> ApiResult<StartedPayment> {
        let body = Body::json(&convert::purchase_order(order))?;
        let headers = [(IDEMPOTENCY_KEY_HEADER, key)];
        let started = self
            .client()
            .send("POST", "/purchases", &headers, body)
            .await?;
        convert::started_payment(started, false)
    }
    async fn purchase_order(&self, id: &str) -> ApiResult<OrderOutcome> {
        let path = format!("/purchases/{}", permit_api_types::path_segment(id));
        let outcome = convert::order_outcome(self.client().get(&path).await?);
        // A paid order changes the permits left.
        offline::sync_later(self.client());
        outcome
    }
    async fn book_stay(&self, stay: &BookStay) -> ApiResult<Stay> {
        let booking = convert::stay_booking(stay);
        let booked = convert::stay(self.client().post("/stays", &booking).await?);
        offline::sync_later(self.client());
        booked
    }
    async fn upcoming_stays(&self) -> ApiResult<Stays> {
        let path = format!("/stays?{}", query(&[("when", "upcoming")]));
        let found = self.client().get(&path).await.and_then(offline::upcoming);
        let online = found.map(|stays| Stays {
            stays,
            offline: false,
            last_synced: None,
        });
        // Offline: the copy, with its sync time.
        offline::or_copy(online, offline::stays).await
    }
    async fn past_stays(&self, limit: u32, offset: u32) -> ApiResult<Vec<Stay>> {
        let (limit, offset) = (limit.to_string(), offset.to_string());
        let pairs = [("when", "past"), ("limit", &limit), ("offset", &offset)];
        let found: Vec<permit_api_types::Stay> = self
            .client()
            .get(&format!("/stays?{}", query(&pairs)))
            .await?;
        found.into_iter().map(convert::stay).collect()
    }
    async fn cancel_stay(&self, id: &str) -> ApiResult<()> {
        let path = format!("/stays/{}/cancel", seg(id));
        let _cancelled: permit_api_types::Stay = self.client().post(&path, &()).await?;
        offline::sync_later(self.client());
        Ok(())
    }
    async fn permits(&self) -> ApiResult<Vec<Permit>> {
        let found: Vec<permit_api_types::Permit> = self.client().get("/permits").await?;
        found.into_iter().map(convert::permit).collect()
    }
    async fn start_renewal(
        &self,
        id: &str,
        key: &str,
        (months, auto_renew): (Option<u32>, Option<bool>),
    ) -> ApiResult<StartedPayment> {
        let order = RenewalOrder {
            duration_months: months,
            auto_renew,
            ..RenewalOrder::default()
        };
        let path = format!("/permits/{}/renew", seg(id));
        let headers = [(IDEMPOTENCY_KEY_HEADER, key)];
        let client = self.client();
        let started = client
            .send("POST", &path, &headers, Body::json(&order)?)
            .await?;
        convert::started_payment(started, false)
    }
    async fn set_auto_renew(&self, id: &str, on: bool) -> ApiResult<Permit> {
        let path = format!("/permits/{}/auto-renew", seg(id));
        let body = Body::json(&AutoRenew { on })?;
        let permit: permit_api_types::Permit = self.client().send("PUT", &path, &[], body).await?;
        convert::permit(permit)
    }
    async fn change_vehicle(&self, id: &str, vrm: &Vrm) -> ApiResult<Permit> {
        let path = format!("/permits/{}/vehicle", seg(id));
        let body = VehicleChange {
            vrm: vrm.as_str().into(),
        };
        let outcome: VehicleChangeOutcome = self.client().post(&path, &body).await?;
        let waiting = outcome.request.is_some_and(|r| r.state == "pending");
        let mut permit = convert::permit(outcome.permit)?;
        // RP-3: the council decides; the permit keeps its vehicle until then.
        permit.pending_vrm = waiting.then(|| vrm.clone());
        Ok(permit)
    }
    async fn cancel_permit(&self, id: &str) -> ApiResult<Pence> {
        let path = format!("/permits/{}/cancel", seg(id));
        let cancelled: PermitCancelled = self.client().post(&path, &()).await?;
        Ok(Pence(cancelled.refund_pence))
    }
    async fn change_address(&self, id: &str, property_id: &str, proof: Upload) -> ApiResult<()> {
        let q = query(&[("property_id", property_id)]);
        let path = format!("/permits/{}/change-of-address?{}", seg(id), q);
        let body = Body::Bytes {
            content_type: &proof.content_type,
            bytes: proof.bytes,
        };
        let _filed: PermitRequest = self.client().send("POST", &path, &[], body).await?;
        Ok(())
    }
    async fn apply_in_new_zone(
        &self,
        id: &str,
        property_id: &str,
        document: &str,
        upload: Upload,
    ) -> ApiResult<String> {
        let q = query(&[("property_id", property_id), ("document", document)]);
        let path = format!("/permits/{}/new-zone-application?{}", seg(id), q);
        let body = Body::Bytes {
            content_type: &upload.content_type,
            bytes: upload.bytes,
        };
        let filed: PermitRequest = self.client().send("POST", &path, &[], body).await?;
        Ok(filed.explanation)
    }
    async fn upload_evidence(&self, id: &str, evidence: Upload) -> ApiResult<()> {
        let path = format!("/permits/{}/evidence", seg(id));
        let body = Body::Bytes {
            content_type: &evidence.content_type,
            bytes: evidence.bytes,
        };
        let _held: permit_api_types::Permit = self.client().send("PUT", &path, &[], body).await?;
        Ok(())
    }
    async fn payments(&self) -> ApiResult<Vec<Payment>> {
        let found: Vec<permit_api_types::Payment> = self.client().get("/payments").await?;
        Ok(found.into_iter().map(convert::payment).collect())
    }
    async fn add_contact(&self, contact: &str) -> ApiResult<ContactCodeSent> {
        let body = ContactChange {
            contact: contact.into(),
        };
        self.client().post("/me/contacts", &body).await
    }
    async fn confirm_contact(&self, contact: &str, code: &str) -> ApiResult<Me> {
        let body = ContactConfirmation {
            contact: contact.into(),
            code: code.into(),
        };
        self.client().post("/me/contacts/confirm", &body).await
    }
    async fn saved_vehicles(&self) -> ApiResult<Vec<SavedVehicle>> {
        let found = self.client().get("/me/vehicles").await;
        offline::or_copy(found.and_then(convert::saved_vehicles), offline::vehicles).await
    }
    async fn rename_vehicle(
        &self,
        id: &str,
        nickname: Option<&Nickname>,
    ) -> ApiResult<SavedVehicle> {
        let body = Body::json(&RenameVehicle {
            nickname: nickname.map(ToString::to_string),
        })?;
        let path = format!("/me/vehicles/{}", seg(id));
        let renamed = self.client().send("PATCH", &path, &[], body).await?;
        offline::sync_later(self.client());
        convert::saved_vehicle(renamed)
    }
    async fn delete_vehicle(&self, id: &str) -> ApiResult<()> {
        let path = format!("/me/vehicles/{}", seg(id));
        let () = self
            .client()
            .send("DELETE", &path, &[], Body::Empty)
            .await?;
        offline::sync_later(self.client());
        Ok(())
    }
    async fn stay_calendar(&self, id: &str) -> ApiResult<CalendarFile> {
        let path = format!("/stays/{}/calendar", seg(id));
        self.client().text(&path).await.map(CalendarFile::Text)
    }
    async fn account_settings(&self) -> ApiResult<AccountSettings> {
        self.client().get("/me/settings").await
    }
    async fn set_account_settings(&self, settings: AccountSettings) -> ApiResult<AccountSettings> {
        let body = Body::json(&settings)?;
        self.client().send("PUT", "/me/settings", &[], body).await
    }
    async fn renews_automatically(&self) -> ApiResult<Vec<PermitType>> {
        let catalogue: Catalogue = self.client().get("/catalogue").await?;
        Ok(catalogue
            .products
            .into_iter()
            .filter(|p| p.renew_automatically)
            .filter_map(|p| PermitType::parse(&p.id).ok())
            .collect())
    }
    async fn pay_ready_order(
        &self,
        order_id: &str,
        auto_renew: Option<bool>,
    ) -> ApiResult<StartedPayment> {
        let path = format!("/purchases/{}/payment", seg(order_id));
        // The emailed link's browser pays, and comes back to the web page for the order.
        let body = ReadyRenewalPayment {
            auto_renew,
            ..ReadyRenewalPayment::default()
        };
        convert::started_payment(self.client().post(&path, &body).await?, false)
    }
}
