//! Inside the Tauri app: every call is one of the app's commands (`src-tauri`), which keeps the
//! session token in the OS keyring and answers from its saved copy when offline.

use super::{ApiResult, Transport};
use crate::model::{
    ApiError, BookStay, Payment, Permit, PurchaseOrder, Receipt, SandboxCard, Stay, Stays, Upload,
    VisitorBalance,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use permit_api_types::{Accepted, Me, Property, Registration, RegistrationRequest};
use permit_rules::{CouncilId, Pence, Pin, Postcode, Vrm};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Whether this page runs inside the app (`withGlobalTauri` puts `__TAURI__` on window).
pub(super) fn available() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::has(&w, &JsValue::from_str("__TAURI__")).ok())
        .unwrap_or(false)
}

#[derive(Debug)]
pub(super) struct TauriTransport;

/// Calls a command; Tauri names its arguments in camelCase. A command's error is the app's
/// `{code, message}` (plus `field` where the server named one).
async fn call<T: DeserializeOwned>(cmd: &str, args: impl Serialize) -> ApiResult<T> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| ApiError::new("bad_request", &e.to_string()))?;
    match invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| ApiError::new("unexpected", &e.to_string())),
        Err(error) => Err(serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| {
            ApiError::new("app_error", "The app could not do that. Please try again.")
        })),
    }
}

#[async_trait(?Send)]
impl Transport for TauriTransport {
    async fn server_now(&self) -> ApiResult<DateTime<Utc>> {
        call("server_now", json!({})).await
    }
    async fn search_properties(
        &self,
        postcode: &Postcode,
        house: &str,
    ) -> ApiResult<Vec<Property>> {
        call(
            "search_properties",
            json!({ "postcode": postcode, "house": house }),
        )
        .await
    }
    async fn register(
        &self,
        council: &CouncilId,
        request: &RegistrationRequest,
    ) -> ApiResult<Registration> {
        call(
            "register",
            json!({ "council": council, "request": request }),
        )
        .await
    }
    async fn upload_proof(&self, upload: Upload) -> ApiResult<Registration> {
        call("upload_registration_proof", json!({ "upload": upload })).await
    }
    async fn request_pin(&self, council: &CouncilId, contact: &str) -> ApiResult<Accepted> {
        call(
            "request_pin",
            json!({ "council": council, "contact": contact }),
        )
        .await
    }
    async fn log_in(&self, council: &CouncilId, contact: &str, pin: &Pin) -> ApiResult<()> {
        let args = json!({ "council": council, "contact": contact, "pin": pin.expose() });
        call("log_in", args).await
    }
    async fn log_out(&self) -> ApiResult<()> {
        call("log_out", json!({})).await
    }
    fn has_session(&self) -> bool {
        // The app knows from its keyring; `me` answers 401 when there is none.
        true
    }
    async fn me(&self) -> ApiResult<Me> {
        call("me", json!({})).await
    }
    async fn visitor_balance(&self) -> ApiResult<Vec<VisitorBalance>> {
        call("visitor_balance", json!({})).await
    }
    async fn buy(&self, key: &str, order: &PurchaseOrder) -> ApiResult<Receipt> {
        call("buy", json!({ "idempotencyKey": key, "order": order })).await
    }
    async fn book_stay(&self, stay: &BookStay) -> ApiResult<Stay> {
        call("book_stay", json!({ "stay": stay })).await
    }
    async fn upcoming_stays(&self) -> ApiResult<Stays> {
        call("upcoming_stays", json!({})).await
    }
    async fn cancel_stay(&self, id: &str) -> ApiResult<()> {
        call("cancel_stay", json!({ "id": id })).await
    }
    async fn permits(&self) -> ApiResult<Vec<Permit>> {
        call("permits", json!({})).await
    }
    async fn renew_permit(&self, id: &str, key: &str, card: &SandboxCard) -> ApiResult<Receipt> {
        let args = json!({ "id": id, "idempotencyKey": key, "card": card });
        call("renew_permit", args).await
    }
    async fn set_auto_renew(&self, id: &str, on: bool) -> ApiResult<Permit> {
        call("set_auto_renew", json!({ "id": id, "on": on })).await
    }
    async fn change_vehicle(&self, id: &str, vrm: &Vrm) -> ApiResult<Permit> {
        call("change_vehicle", json!({ "id": id, "vrm": vrm })).await
    }
    async fn cancel_permit(&self, id: &str) -> ApiResult<Pence> {
        call("cancel_permit", json!({ "id": id })).await
    }
    async fn change_address(&self, id: &str, property_id: &str, proof: Upload) -> ApiResult<()> {
        let args = json!({ "id": id, "propertyId": property_id, "proof": proof });
        call("change_address", args).await
    }
    async fn payments(&self) -> ApiResult<Vec<Payment>> {
        call("payments", json!({})).await
    }
}
