//! The browser's offline copy (issue 19): after each sync, the service's answers about the
//! resident, upcoming stays, permits left and saved vehicles, with the sync time, in IndexedDB
//! (through src-ui/offline.js, which only stores one string). Offline, the browser transport
//! answers those reads from it, so a resident at the kerb with no signal can still show a
//! visitor's stay. The app keeps its own copy (permit-app-core); this is the web build's.
//!
//! What is stored is exactly the API's answers: never the session token, which is in no answer
//! (a bearer token stays in this tab's sessionStorage, a "keep me signed in" session in its
//! `HttpOnly` cookie). Logging out, a 401 and having no session at all wipe it.

use super::ApiResult;
use super::http::Http;
use crate::convert;
use crate::model::{SavedVehicle, Stay, Stays, VisitorBalance};
use chrono::{DateTime, Utc};
use permit_api_types as api;
use serde::Deserialize;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `catch`: without offline.js (a page from before it existed) each call fails, it does not
    // throw through the app.
    #[wasm_bindgen(js_namespace = permitsOffline, js_name = save, catch)]
    async fn save_copy(json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = permitsOffline, js_name = load, catch)]
    async fn load_copy() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = permitsOffline, js_name = wipe, catch)]
    async fn wipe_copy() -> Result<JsValue, JsValue>;
}

thread_local! {
    /// Bumped by each wipe, so a sync that was under way when the session ended does not
    /// write its answers back after the wipe.
    static EPOCH: Cell<u32> = const { Cell::new(0) };
    /// The copy's sync time while it answers for the service; none once the service answers.
    static SHOWN: Cell<Option<DateTime<Utc>>> = const { Cell::new(None) };
}

/// What a sync reads, each answer stored as it came under its name. `me` is what the copy is
/// for (who is logged in); the others may be refused for a council without them.
const PARTS: [(&str, &str); 5] = [
    ("me", "/me"),
    ("stays", "/stays?when=upcoming"),
    ("catalogue", "/catalogue"),
    ("bundles", "/visitor-permits"),
    ("vehicles", "/me/vehicles"),
];

#[derive(Deserialize)]
pub(super) struct Copy {
    #[serde(deserialize_with = "permit_api_types::rfc3339::deserialize")]
    synced_at: DateTime<Utc>,
    me: api::Me,
    stays: Option<Vec<api::Stay>>,
    catalogue: Option<api::Catalogue>,
    bundles: Option<Vec<api::VisitorBundle>>,
    vehicles: Option<Vec<api::SavedVehicle>>,
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Reads everything the copy holds from the service and saves it, replacing the last copy.
/// Nothing is saved when the service cannot be reached or the session has ended.
async fn sync(http: Http) {
    let epoch = EPOCH.get();
    let mut json = format!("{{\"synced_at\":\"{}\"", now().to_rfc3339());
    for (name, path) in PARTS {
        let answer = match http.text(path).await {
            Ok(text) => text,
            Err(refused) if name != "me" && !refused.is_offline() && !refused.ends_session() => {
                "null".to_owned()
            }
            Err(_) => return,
        };
        json.push_str(&format!(",\"{name}\":{answer}"));
    }
    json.push('}');
    if EPOCH.get() == epoch && serde_json::from_str::<Copy>(&json).is_ok() {
        // A browser that refuses storage (private mode, quota) only goes without the copy.
        let _ = save_copy(&json).await;
    }
}

/// After the service answered (so it is reachable) or something changed: sync in the
/// background; the copy no longer answers for the service.
pub(super) fn sync_later(http: Http) {
    SHOWN.set(None);
    wasm_bindgen_futures::spawn_local(sync(http));
}

/// The session has ended on this device: the copy goes with it.
pub(super) async fn wipe() {
    EPOCH.set(EPOCH.get().wrapping_add(1));
    SHOWN.set(None);
    let _ = wipe_copy().await;
}

async fn load() -> Option<Copy> {
    let text = load_copy().await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// When the copy was last synced, if there is one.
pub(super) async fn synced_at() -> Option<DateTime<Utc>> {
    load().await.map(|copy| copy.synced_at)
}

/// The copy's sync time while its answers stand in for the service's.
pub(super) fn shown() -> Option<DateTime<Utc>> {
    SHOWN.get()
}

/// A read's answer, or, when the service could not be reached, the copy's (`from_copy`, none
/// when the copy lacks that part): the offline error stays when there is nothing to show.
pub(super) async fn or_copy<T>(
    answer: ApiResult<T>,
    from_copy: impl FnOnce(Copy) -> Option<ApiResult<T>>,
) -> ApiResult<T> {
    match answer {
        Err(error) if error.is_offline() => {
            let Some(copy) = load().await else {
                return Err(error);
            };
            let synced = copy.synced_at;
            let found = from_copy(copy).ok_or(error)?;
            SHOWN.set(Some(synced));
            found
        }
        answer => answer,
    }
}

pub(super) fn me(copy: Copy) -> Option<ApiResult<api::Me>> {
    Some(Ok(copy.me))
}

/// The saved stays that have not ended yet, marked as the copy's, with its sync time.
pub(super) fn stays(copy: Copy) -> Option<ApiResult<Stays>> {
    let now = now();
    let saved = copy.stays?.into_iter().filter(|s| s.ends_at > now);
    Some(upcoming(saved.collect()).map(|stays| Stays {
        stays,
        offline: true,
        last_synced: Some(copy.synced_at),
    }))
}

pub(super) fn balance(copy: Copy) -> Option<ApiResult<Vec<VisitorBalance>>> {
    Some(convert::balances(&copy.catalogue?, copy.bundles?, now()))
}

pub(super) fn vehicles(copy: Copy) -> Option<ApiResult<Vec<SavedVehicle>>> {
    Some(convert::saved_vehicles(copy.vehicles?))
}

/// The service's upcoming stays as the pages show them: the cancelled ones left out.
pub(super) fn upcoming(found: Vec<api::Stay>) -> ApiResult<Vec<Stay>> {
    found
        .into_iter()
        .filter(|s| s.cancelled_at.is_none())
        .map(convert::stay)
        .collect()
}
