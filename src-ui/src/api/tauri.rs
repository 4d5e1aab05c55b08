//! Inside the Tauri app: calls go to the app's commands (`src-tauri`, one line each into
//! `permit-app-core`), which keep the session token in the OS keyring and answer from the saved
//! copy when offline. Commands and their answers are `permit_api_types::app`'s, the types the
//! shell uses; arguments are named in camelCase, as Tauri expects.

use super::{ApiResult, Transport};
use crate::convert;
use crate::model::{
    ApiError, BookStay, CalendarFile, OrderOutcome, Payment, Permit, PurchaseOrder, SavedVehicle,
    StartedPayment, Stay, Stays, Upload, VisitorBalance,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use permit_api_types::app::{self, Dashboard, StayChanged, commands};
use permit_api_types::{
    Accepted, AccountSettings, ContactCodeSent, Me, Property, Registration, RegistrationRequest,
};
use permit_rules::{CouncilId, Nickname, Pence, PermitType, Pin, Postcode, Vrm};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use wasm_bindgen::prelude::*;

// `withGlobalTauri` is off (tauri.conf.json): no `window.__TAURI__` bundle of every API for
// any script in the page to reach. Tauri 2 always injects its IPC core, which the
// `@tauri-apps/api` package itself calls: `core.invoke` is
// `window.__TAURI_INTERNALS__.invoke(cmd, args, options)`, and `core.isTauri()` reads
// `window.isTauri`. The UI binds to those two directly instead of shipping that package.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI_INTERNALS__"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Whether this page runs inside the app: Tauri defines `window.isTauri` (true) in every
/// webview it opens, global API or not.
pub(super) fn available() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("isTauri")).ok())
        .is_some_and(|v| v.is_truthy())
}

#[derive(Debug)]
pub(super) struct TauriTransport;

/// Calls a command; Tauri names its arguments in camelCase. A command's error is the app's
/// `{code, message, field}`; anything else (an unknown command) is reported as it came.
/// Arguments and answers cross as JSON (what Tauri's IPC carries anyway), read with serde_json
/// like the browser transport's: one deserializer for the API types in the wasm, not two.
async fn call<T: DeserializeOwned>(cmd: &str, args: Args) -> ApiResult<T> {
    let args = args
        .finish()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .ok_or_else(|| ApiError::new("bad_request", "The app could not read that request."))?;
    match invoke(cmd, args).await {
        Ok(value) => from_js(&value).map_err(|e| ApiError::new("unexpected", &e)),
        Err(error) => Err(from_js(&error).unwrap_or_else(|_| {
            let text = error
                .as_string()
                .unwrap_or_else(|| "The app could not do that.".to_owned());
            ApiError::new("app_error", &text)
        })),
    }
}

/// A command's arguments as one JSON object, each value written by `serde_json::to_string` as
/// the browser transport writes its bodies. `serde_json::json!` built a `Value` first, through a
/// second serializer monomorphised for every argument type: bytes of the web build for nothing.
macro_rules! args {
    ({ $($name:literal : $value:expr),* $(,)? }) => {{
        #[allow(unused_mut)]
        let mut args = Args::default();
        $( args.push($name, &$value); )*
        args
    }};
}

#[derive(Default)]
struct Args {
    text: String,
    failed: bool,
}

impl Args {
    fn push<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_string(value) {
            Ok(json) => {
                self.text.push(if self.text.is_empty() { '{' } else { ',' });
                self.text.push('"');
                self.text.push_str(name);
                self.text.push_str("\":");
                self.text.push_str(&json);
            }
            Err(_) => self.failed = true,
        }
    }

    /// The object's JSON text; none if a value could not be written.
    fn finish(mut self) -> Option<String> {
        if self.failed {
            return None;
        }
        if self.text.is_empty() {
            self.text.push('{');
        }
        self.text.push('}');
        Some(self.text)
    }
}

/// A value from JavaScript, through its JSON text (`undefined`, a command's `()`, is `null`).
fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let json = js_sys::JSON::stringify(value).map_err(|_| "not JSON".to_owned())?;
    let json = JsValue::from(json).as_string();
    serde_json::from_str(json.as_deref().unwrap_or("null")).map_err(|e| e.to_string())
}

async fn dashboard() -> ApiResult<Dashboard> {
    call(commands::DASHBOARD, args!({})).await
}

#[async_trait(?Send)]
impl Transport for TauriTransport {
    async fn server_now(&self) -> ApiResult<DateTime<Utc>> {
        call(commands::SERVER_NOW, args!({})).await
    }
    async fn search_properties(
        &self,
        postcode: &Postcode,
        house: &str,
    ) -> ApiResult<Vec<Property>> {
        call(
            commands::SEARCH_PROPERTIES,
            args!({ "postcode": postcode, "house": house }),
        )
        .await
    }
    async fn register(
        &self,
        council: &CouncilId,
        request: &RegistrationRequest,
    ) -> ApiResult<Registration> {
        call(
            commands::REGISTER,
            args!({ "council": council, "request": request }),
        )
        .await
    }
    async fn upload_proof(&self, upload: Upload) -> ApiResult<Registration> {
        call(
            commands::UPLOAD_REGISTRATION_PROOF,
            args!({ "upload": upload }),
        )
        .await
    }
    async fn request_pin(&self, council: &CouncilId, contact: &str) -> ApiResult<Accepted> {
        call(
            commands::REQUEST_PIN,
            args!({ "council": council, "contact": contact }),
        )
        .await
    }
    async fn log_in(
        &self,
        council: &CouncilId,
        contact: &str,
        pin: &Pin,
        _keep_signed_in: bool,
    ) -> ApiResult<()> {
        let args = args!({ "council": council, "contact": contact, "pin": pin.expose() });
        let _: IgnoredAny = call(commands::LOG_IN, args).await?;
        Ok(())
    }
    async fn log_out(&self) -> ApiResult<()> {
        let _: IgnoredAny = call(commands::LOG_OUT, args!({})).await?;
        Ok(())
    }
    async fn log_out_everywhere(&self) -> ApiResult<()> {
        let _: IgnoredAny = call(commands::LOG_OUT_EVERYWHERE, args!({})).await?;
        Ok(())
    }
    fn offers_keep_signed_in(&self) -> bool {
        false
    }
    fn has_session(&self) -> bool {
        // The app knows from its keyring: `dashboard` answers `not_logged_in` without one.
        true
    }
    async fn me(&self) -> ApiResult<Me> {
        Ok(dashboard().await?.snapshot.resident)
    }
    async fn visitor_balance(&self) -> ApiResult<Vec<VisitorBalance>> {
        let balances = dashboard().await?.snapshot.balances;
        balances.into_iter().map(convert::app_balance).collect()
    }
    /// Issue 16: the app makes the order and opens its payment page in the system browser.
    async fn start_purchase(&self, key: &str, order: &PurchaseOrder) -> ApiResult<StartedPayment> {
        let args = args!({ "idempotencyKey": key, "order": convert::purchase_order(order) });
        convert::started_payment(call(commands::START_PURCHASE, args).await?, true)
    }
    async fn purchase_order(&self, id: &str) -> ApiResult<OrderOutcome> {
        convert::order_outcome(call(commands::PURCHASE_ORDER, args!({ "id": id })).await?)
    }
    async fn book_stay(&self, stay: &BookStay) -> ApiResult<Stay> {
        let booking = convert::stay_booking(stay);
        let args = args!({
            "vrm": booking.vrm,
            "permitType": booking.permit_type,
            "start": booking.start,
            "durationMinutes": booking.duration_minutes,
            "options": app::BookingOptions {
                days: booking.days,
                non_uk_plate: booking.non_uk_plate,
                confirm_overlap: booking.confirm_overlap,
                do_not_save_vehicle: booking.do_not_save_vehicle,
            },
        });
        let changed: StayChanged = call(commands::BOOK_STAY, args).await?;
        convert::stay(changed.stay)
    }
    async fn upcoming_stays(&self) -> ApiResult<Stays> {
        convert::dashboard_stays(dashboard().await?)
    }
    async fn past_stays(&self, limit: u32, offset: u32) -> ApiResult<Vec<Stay>> {
        let args = args!({ "limit": limit, "offset": offset });
        let found: Vec<permit_api_types::Stay> = call(commands::PAST_STAYS, args).await?;
        found.into_iter().map(convert::stay).collect()
    }
    async fn cancel_stay(&self, id: &str) -> ApiResult<()> {
        let _: StayChanged = call(commands::CANCEL_STAY, args!({ "id": id })).await?;
        Ok(())
    }
    async fn permits(&self) -> ApiResult<Vec<Permit>> {
        let permits = dashboard().await?.snapshot.permits;
        permits.into_iter().map(convert::permit).collect()
    }
    async fn start_renewal(
        &self,
        id: &str,
        key: &str,
        (months, auto_renew): (Option<u32>, Option<bool>),
    ) -> ApiResult<StartedPayment> {
        let args = args!({
            "id": id,
            "idempotencyKey": key,
            "durationMonths": months,
            "autoRenew": auto_renew,
        });
        convert::started_payment(call(commands::START_RENEWAL, args).await?, true)
    }
    async fn set_auto_renew(&self, id: &str, on: bool) -> ApiResult<Permit> {
        convert::permit(call(commands::SET_AUTO_RENEW, args!({ "id": id, "on": on })).await?)
    }
    async fn renews_automatically(&self) -> ApiResult<Vec<PermitType>> {
        let ids: Vec<String> = call(commands::RENEWS_AUTOMATICALLY, args!({})).await?;
        Ok(ids
            .iter()
            .filter_map(|id| PermitType::parse(id).ok())
            .collect())
    }
    async fn pay_ready_order(
        &self,
        order_id: &str,
        auto_renew: Option<bool>,
    ) -> ApiResult<StartedPayment> {
        let args = args!({ "id": order_id, "autoRenew": auto_renew });
        convert::started_payment(call(commands::PAY_READY_ORDER, args).await?, true)
    }
    async fn change_vehicle(&self, id: &str, vrm: &Vrm) -> ApiResult<Permit> {
        let mut permit = convert::permit(
            call(commands::CHANGE_VEHICLE, args!({ "id": id, "vrm": vrm })).await?,
        )?;
        // RP-3: a change request leaves the permit on its vehicle until the council decides.
        if &permit.vrm != vrm {
            permit.pending_vrm = Some(vrm.clone());
        }
        Ok(permit)
    }
    async fn cancel_permit(&self, id: &str) -> ApiResult<Pence> {
        call(commands::CANCEL_PERMIT, args!({ "id": id })).await
    }
    async fn change_address(&self, id: &str, property_id: &str, proof: Upload) -> ApiResult<()> {
        let args = args!({ "id": id, "propertyId": property_id, "proof": proof });
        let _: IgnoredAny = call(commands::CHANGE_ADDRESS, args).await?;
        Ok(())
    }
    async fn apply_in_new_zone(
        &self,
        _id: &str,
        _property_id: &str,
        _document: &str,
        _upload: Upload,
    ) -> ApiResult<String> {
        // RP-7: as for the evidence, the app has no command for it yet.
        Err(ApiError::new(
            "not_in_app",
            "Apply for your new permit on the council's website: the app cannot send it yet.",
        ))
    }
    async fn upload_evidence(&self, _id: &str, _evidence: Upload) -> ApiResult<()> {
        // AVP-1: the app has no command for it yet; the resident is told where to upload.
        Err(ApiError::new(
            "not_in_app",
            "Upload your evidence on the council's website: the app cannot send it yet.",
        ))
    }
    async fn payments(&self) -> ApiResult<Vec<Payment>> {
        let payments: Vec<permit_api_types::Payment> = call(commands::PAYMENTS, args!({})).await?;
        Ok(payments.into_iter().map(convert::payment).collect())
    }
    async fn add_contact(&self, contact: &str) -> ApiResult<ContactCodeSent> {
        call(commands::ADD_CONTACT, args!({ "contact": contact })).await
    }
    async fn confirm_contact(&self, contact: &str, code: &str) -> ApiResult<Me> {
        let args = args!({ "contact": contact, "code": code });
        call(commands::CONFIRM_CONTACT, args).await
    }
    async fn saved_vehicles(&self) -> ApiResult<Vec<SavedVehicle>> {
        // Issue 18: from the dashboard, so the saved copy shows them offline too.
        convert::saved_vehicles(dashboard().await?.snapshot.saved_vehicles)
    }
    async fn rename_vehicle(
        &self,
        id: &str,
        nickname: Option<&Nickname>,
    ) -> ApiResult<SavedVehicle> {
        let args = args!({ "id": id, "nickname": nickname.map(Nickname::as_str) });
        convert::saved_vehicle(call(commands::RENAME_VEHICLE, args).await?)
    }
    async fn delete_vehicle(&self, id: &str) -> ApiResult<()> {
        let _: IgnoredAny = call(commands::DELETE_VEHICLE, args!({ "id": id })).await?;
        Ok(())
    }
    async fn stay_calendar(&self, id: &str) -> ApiResult<CalendarFile> {
        let saved: app::SavedFile = call(commands::SAVE_STAY_CALENDAR, args!({ "id": id })).await?;
        Ok(CalendarFile::Saved {
            file_name: saved.file_name,
            path: saved.path,
        })
    }
    async fn account_settings(&self) -> ApiResult<AccountSettings> {
        call(commands::ACCOUNT_SETTINGS, args!({})).await
    }
    async fn set_account_settings(&self, settings: AccountSettings) -> ApiResult<AccountSettings> {
        call(
            commands::SET_ACCOUNT_SETTINGS,
            args!({ "settings": settings }),
        )
        .await
    }
}
