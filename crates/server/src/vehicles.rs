//! Saved visitor vehicles (issue 18): saving a plate, by the resident's own choice or after a
//! booking made in the app. How many an account may keep is `permit_rules`' decision.

use crate::db::saved_vehicles::{self, NewVehicle, SavedVehicleRow};
use crate::db::{Conn, WriteTx};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use permit_rules::{Nickname, Plate, may_save_vehicle};

/// What saving a plate the account already holds does to its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming<'a> {
    /// Saved by the resident: the name given replaces the old one.
    Given(Option<&'a Nickname>),
    /// Saved after a booking: a vehicle already saved keeps its name.
    Keep,
}

/// Saves `plate` for `resident_id` (or moves it to the top of the list when already saved).
/// Over the limit, a booking's save is skipped (`Ok(None)`: the booking stands) while the
/// resident's own save is refused with the rules' 422. The caller holds the resident's lock
/// (`residents::lock`) in this transaction: two saves at once must not both take the 50th
/// place (a booking already holds it, so on PostgreSQL it is not taken twice).
#[tracing::instrument(skip_all, fields(resident_id = %resident_id))]
pub async fn save_plate(
    conn: &mut Conn,
    resident_id: &str,
    plate: &Plate,
    naming: Naming<'_>,
    now: DateTime<Utc>,
) -> Result<Option<SavedVehicleRow>, ApiError> {
    let (saved, existing) = saved_vehicles::place(conn, resident_id, plate.as_str()).await?;
    if let Err(refusal) = may_save_vehicle(saved, existing.is_some()) {
        return match naming {
            Naming::Keep => Ok(None),
            Naming::Given(_) => Err(ApiError::refusal(refusal)),
        };
    }
    // Both writes return the row as written: no read after them.
    match existing {
        Some(id) => {
            if let Naming::Given(nickname) = naming {
                saved_vehicles::rename(conn, resident_id, &id, nickname.map(Nickname::as_str))
                    .await?;
            }
            Ok(saved_vehicles::touch(conn, &id, now).await?)
        }
        None => {
            let nickname = match naming {
                Naming::Given(nickname) => nickname.map(Nickname::as_str),
                Naming::Keep => None,
            };
            let new = NewVehicle {
                resident_id,
                vrm: plate.as_str(),
                non_uk_plate: !plate.is_uk(),
                nickname,
            };
            Ok(Some(saved_vehicles::insert(conn, &new, now).await?))
        }
    }
}

/// [`save_plate`] after a booking made in the app, on SQLite's inline writer (see
/// `booking::book_in_app`): the booking's vehicle kept for next time with its name, or the
/// list left alone when it is full (the booking stands).
pub fn save_after_booking_inline(
    tx: &mut WriteTx<'_>,
    resident_id: &str,
    plate: &Plate,
    now: DateTime<Utc>,
) -> Result<Option<SavedVehicleRow>, ApiError> {
    let place = saved_vehicles::place_inline(tx, resident_id, plate.as_str())?;
    match after_booking(place) {
        AfterBooking::Skip => Ok(None),
        AfterBooking::Touch(id) => Ok(saved_vehicles::touch_inline(tx, &id, now)?),
        AfterBooking::Insert => {
            let new = NewVehicle {
                resident_id,
                vrm: plate.as_str(),
                non_uk_plate: !plate.is_uk(),
                nickname: None,
            };
            Ok(Some(saved_vehicles::insert_inline(tx, &new, now)?))
        }
    }
}

/// What saving a booking's vehicle writes (the vehicle keeps its name), from how many the
/// account has saved and this plate's id among them (`saved_vehicles::place`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterBooking {
    /// The list is full: left alone, and the booking stands.
    Skip,
    /// Already saved: moved to the top of the list.
    Touch(String),
    /// Saved anew.
    Insert,
}

pub fn after_booking((saved, existing): (usize, Option<String>)) -> AfterBooking {
    if may_save_vehicle(saved, existing.is_some()).is_err() {
        return AfterBooking::Skip;
    }
    match existing {
        Some(id) => AfterBooking::Touch(id),
        None => AfterBooking::Insert,
    }
}
