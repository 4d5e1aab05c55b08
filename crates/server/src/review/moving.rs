//! Moving house (RP-7, AVP-5), once the council has accepted proof of the new address: the
//! resident's registration moves to the new property (and with it the zone their stays and
//! future purchases count in), and visitor stays booked at the old address that have not
//! started yet are cancelled with their permits returned.
//!
//! Why cancel those stays: a visitor permit is for the street where the resident lives, and
//! after the move the old address is no longer theirs; moving a booking silently to a new
//! street could surprise a visitor as much as keeping it at the old one. The permits come back,
//! so the resident can book again at their new address at once. A stay already running is left
//! to end: ending it early would leave a parked visitor without a permit mid-visit. The same
//! answer applies to every council and every kind of move, and the resident is told which.

use crate::db::{Tx, bundles, registrations, stays};
use crate::domain::RegistrationState;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use permit_rules::time::display_instant;

/// What the resident is told about their stays when a move is approved (and, before, in the
/// change-of-address answer).
pub const STAYS_AFTER_A_MOVE: &str = "Visitor stays booked at your old address that have not started when the council approves the move are cancelled and their permits returned, so you can book them again at your new address.";

/// Moves `resident_id`'s home to `property_id` as of `now`; returns a sentence for the
/// resident about the stays it cancelled (empty when there were none).
#[tracing::instrument(skip_all, fields(resident_id = %resident_id))]
pub async fn move_home(
    conn: &mut Tx,
    resident_id: &str,
    property_id: &str,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    // The council has just accepted proof of residence at the new property: that is an
    // approved registration there, and the latest registration is the resident's home.
    registrations::insert(
        conn,
        resident_id,
        property_id,
        None,
        RegistrationState::Approved,
        now,
    )
    .await?;
    let mut cancelled = Vec::new();
    for stay in stays::not_started(conn, resident_id, now).await? {
        stays::cancel(conn, &stay.id, now).await?;
        bundles::adjust_remaining(conn, &stay.bundle_id, 1).await?;
        cancelled.push(format!(
            "{} from {}",
            stay.vrm,
            display_instant(stay.starts())
        ));
    }
    Ok(match cancelled.len() {
        0 => String::new(),
        n => format!(
            " {n} visitor stay{} booked at your old address ({}) {} been cancelled and the permits returned: book again at your new address.",
            if n == 1 { "" } else { "s" },
            cancelled.join("; "),
            if n == 1 { "has" } else { "have" },
        ),
    })
}
