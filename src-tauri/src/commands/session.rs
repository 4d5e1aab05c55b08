//! Session, dashboard (with its offline copy) and stays.

use super::Reply;
use crate::Core;
use permit_api_types::app::{Dashboard, LoggedOut, PinSent, SessionState, StayChanged};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) fn session_state(core: State<'_, Core>) -> Reply<SessionState> {
    core.session_state()
}

#[tauri::command]
#[tracing::instrument(skip(core, contact))]
pub(crate) async fn request_pin(
    core: State<'_, Core>,
    council: String,
    contact: String,
) -> Reply<PinSent> {
    core.request_pin(&council, &contact).await
}

#[tauri::command]
#[tracing::instrument(skip(core, contact, pin))]
pub(crate) async fn log_in(
    core: State<'_, Core>,
    council: String,
    contact: String,
    pin: String,
) -> Reply<Dashboard> {
    core.log_in(&council, &contact, &pin).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn dashboard(core: State<'_, Core>) -> Reply<Dashboard> {
    core.dashboard().await
}

#[tauri::command]
#[tracing::instrument(skip(core, vrm))]
pub(crate) async fn book_stay(
    core: State<'_, Core>,
    vrm: String,
    permit_type: Option<String>,
    start: Option<chrono::DateTime<chrono::Utc>>,
    duration_minutes: Option<u32>,
    options: Option<permit_api_types::app::BookingOptions>,
) -> Reply<StayChanged> {
    let options = options.unwrap_or_default();
    core.book_visit(
        &vrm,
        permit_type.as_deref(),
        start,
        duration_minutes,
        options,
    )
    .await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn cancel_stay(core: State<'_, Core>, id: String) -> Reply<StayChanged> {
    core.cancel_stay(&id).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn log_out(core: State<'_, Core>) -> Reply<LoggedOut> {
    core.log_out().await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn log_out_everywhere(core: State<'_, Core>) -> Reply<LoggedOut> {
    core.log_out_everywhere().await
}
