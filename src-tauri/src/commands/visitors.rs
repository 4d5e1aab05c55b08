//! Issue 18: past stays to book again, renaming and deleting saved vehicles, and a stay's
//! calendar file saved in the device's downloads folder.

use super::Reply;
use crate::{Core, Downloads};
use permit_api_types::app::SavedFile;
use permit_api_types::{SavedVehicle, Stay};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn past_stays(core: State<'_, Core>, limit: u32, offset: u32) -> Reply<Vec<Stay>> {
    core.past_stays(limit, offset).await
}

#[tauri::command]
#[tracing::instrument(skip(core, nickname))]
pub(crate) async fn rename_vehicle(
    core: State<'_, Core>,
    id: String,
    nickname: Option<String>,
) -> Reply<SavedVehicle> {
    core.rename_vehicle(&id, nickname.as_deref()).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn delete_vehicle(core: State<'_, Core>, id: String) -> Reply<()> {
    core.delete_vehicle(&id).await
}

#[tauri::command]
#[tracing::instrument(skip(core, downloads))]
pub(crate) async fn save_stay_calendar(
    core: State<'_, Core>,
    downloads: State<'_, Downloads>,
    id: String,
) -> Reply<SavedFile> {
    core.save_stay_calendar(&id, &downloads.0).await
}
