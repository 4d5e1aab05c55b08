//! Finding a property, registering, the service's clock: no session needed.

use super::Reply;
use crate::Core;
use chrono::{DateTime, Utc};
use permit_api_types::app::ProofUpload;
use permit_api_types::{Property, Registration, RegistrationRequest};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn server_now(core: State<'_, Core>) -> Reply<DateTime<Utc>> {
    core.server_now().await
}

#[tauri::command]
#[tracing::instrument(skip(core, house))]
pub(crate) async fn search_properties(
    core: State<'_, Core>,
    postcode: String,
    house: String,
) -> Reply<Vec<Property>> {
    core.search_properties(&postcode, &house).await
}

#[tauri::command]
#[tracing::instrument(skip(core, request))]
pub(crate) async fn register(
    core: State<'_, Core>,
    council: String,
    request: RegistrationRequest,
) -> Reply<Registration> {
    core.register(&council, &request).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn upload_registration_proof(
    core: State<'_, Core>,
    upload: ProofUpload,
) -> Reply<Registration> {
    core.upload_registration_proof(upload).await
}
