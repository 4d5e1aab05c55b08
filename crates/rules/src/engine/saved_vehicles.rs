//! Saved visitor vehicles (issue 18): the plates a resident books again and again, each with an
//! optional name, chosen with one tap on Activate. How many an account may keep is decided
//! here; the server stores them and the clients show them.

use crate::refusal::Refusal;
use std::fmt;

/// Enough for family, carers and cleaners several times over; a limit because every saved
/// vehicle is stored, copied to the app's offline copy and shown on Activate.
pub const MAX_SAVED_VEHICLES: usize = 50;

/// Saving one more vehicle would go over [`MAX_SAVED_VEHICLES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManySavedVehicles;

impl fmt::Display for TooManySavedVehicles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "You can save up to {MAX_SAVED_VEHICLES} vehicles. Delete one you no longer need, then save this one."
        )
    }
}

impl Refusal for TooManySavedVehicles {
    fn code(&self) -> &'static str {
        "too_many_saved_vehicles"
    }

    fn field(&self) -> Option<&'static str> {
        Some("vrm")
    }
}

/// Whether a plate may be saved on an account that holds `saved` vehicles. Saving a plate the
/// account already holds only renames it, so it is always allowed.
pub fn may_save_vehicle(saved: usize, already_saved: bool) -> Result<(), TooManySavedVehicles> {
    if already_saved || saved < MAX_SAVED_VEHICLES {
        Ok(())
    } else {
        Err(TooManySavedVehicles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act3_saved_vehicles_stop_at_the_limit_but_a_saved_one_can_be_renamed() {
        assert_eq!(may_save_vehicle(0, false), Ok(()));
        assert_eq!(may_save_vehicle(MAX_SAVED_VEHICLES - 1, false), Ok(()));
        assert_eq!(
            may_save_vehicle(MAX_SAVED_VEHICLES, false),
            Err(TooManySavedVehicles)
        );
        assert_eq!(may_save_vehicle(MAX_SAVED_VEHICLES, true), Ok(()));
        assert_eq!(TooManySavedVehicles.field(), Some("vrm"));
    }
}
