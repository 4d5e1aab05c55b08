//! A saved visitor vehicle as the API shows it (issue 18).

use crate::db::saved_vehicles::SavedVehicleRow;
use permit_api_types::SavedVehicle;

pub fn vehicle_view(row: &SavedVehicleRow) -> SavedVehicle {
    SavedVehicle {
        id: row.id.clone(),
        vrm: row.vrm.clone(),
        non_uk_plate: row.non_uk_plate != 0,
        nickname: row.nickname.clone(),
        last_used_at: row.last_used(),
    }
}
