//! Issue 18 in the app: past stays to book again, renaming and deleting saved visitor
//! vehicles, and a stay's calendar file saved on the device. Each needs the server (offline
//! they answer `needs_server`); a change to the saved vehicles refreshes the saved copy, so
//! the list shown offline is the one the resident just left.

use crate::inputs::field;
use crate::{AppCore, AppError};
use permit_api_types::app::SavedFile;
use permit_api_types::{SavedVehicle, Stay};
use permit_client::Client;
use permit_rules::Nickname;
use std::path::Path;

/// At most this many past stays a page (the server's own limit is 100).
const PAST_PAGE_MAX: u32 = 100;

impl AppCore<Client> {
    /// One page of past stays (ended or cancelled), latest first.
    pub async fn past_stays(&self, limit: u32, offset: u32) -> Result<Vec<Stay>, AppError> {
        let limit = limit.clamp(1, PAST_PAGE_MAX);
        self.as_resident("Reading your past stays", |c| async move {
            c.stays_page("past", limit, offset).await
        })
        .await
    }

    /// Names a saved vehicle (`None` or blank removes its name); the vehicle as it now is.
    pub async fn rename_vehicle(
        &self,
        id: &str,
        nickname: Option<&str>,
    ) -> Result<SavedVehicle, AppError> {
        let nickname = field("nickname", Nickname::parse_optional(nickname))?;
        let renamed = self
            .as_resident("Renaming a saved vehicle", |c| async move {
                c.rename_vehicle(id, nickname.as_ref().map(Nickname::as_str))
                    .await
            })
            .await?;
        self.refresh_saved_copy().await;
        Ok(renamed)
    }

    /// Deletes a saved vehicle.
    pub async fn delete_vehicle(&self, id: &str) -> Result<(), AppError> {
        self.as_resident("Deleting a saved vehicle", |c| async move {
            c.delete_vehicle(id).await
        })
        .await?;
        self.refresh_saved_copy().await;
        Ok(())
    }

    /// Fetches a stay's calendar file from the service and writes it into `folder` (the
    /// shell passes the device's downloads folder), named as the service names it.
    pub async fn save_stay_calendar(&self, id: &str, folder: &Path) -> Result<SavedFile, AppError> {
        let file = self
            .as_resident("Saving a calendar file", |c| async move {
                c.stay_calendar(id).await
            })
            .await?;
        let file_name = file_name(&file.disposition);
        let path = folder.join(&file_name);
        std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&path, file.text.as_bytes()))
            .map_err(|e| AppError::FileNotSaved(e.to_string()))?;
        Ok(SavedFile {
            file_name,
            path: path.display().to_string(),
        })
    }
}

/// The file name in the service's `Content-Disposition`, kept to letters, digits, `-`, `_`
/// and `.` so it can only name a file in the folder (never a path), else `visit.ics`.
fn file_name(disposition: &str) -> String {
    let named = disposition
        .split_once("filename=")
        .map(|(_, name)| name.trim().trim_matches('"'))
        .filter(|name| {
            name.ends_with(".ics")
                && !name.starts_with('.')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    named.unwrap_or("visit.ics").to_owned()
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_calendar_file_is_named_as_the_service_names_it_and_never_as_a_path() {
        assert_eq!(
            file_name("attachment; filename=\"visit-AB12CDE-2026-11-22.ics\""),
            "visit-AB12CDE-2026-11-22.ics"
        );
        for hostile in [
            "attachment; filename=\"../../.bashrc.ics\"",
            "attachment; filename=\"/etc/x.ics\"",
            "attachment; filename=\"visit.txt\"",
            "attachment",
            "",
        ] {
            assert_eq!(file_name(hostile), "visit.ics", "{hostile}");
        }
    }
}
