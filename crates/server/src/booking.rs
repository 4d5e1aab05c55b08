//! Booking a visitor stay: the one code path for the app (`POST /stays`), a text message
//! (ACT-4) and a phone agent (ACT-6). The caller holds a write transaction; this locks the
//! resident, so two bookings cannot both spend the last permit. A multi-day visit (issue 13)
//! is its days booked together in that one transaction: all of them or none.

use crate::db::postgres_booking::{self, VehicleWrite};
use crate::db::saved_vehicles::NewVehicle;
use crate::db::sessions::SessionUse;
use crate::db::{Tx, WriteTx, bundles, new_id, residents, stays};
use crate::domain::BundleState;
use crate::error::ApiError;
use crate::state::AppState;
use crate::vehicles::{AfterBooking, after_booking, save_after_booking_inline};
use chrono::{DateTime, Utc};
use permit_api_types::StayBooking;
use permit_rules::{
    BundleBalance, PermitType, Plate, Scheme, StayPlan, StayRequest, Vrm, check_overlap,
    may_cancel_stay, permits_held, pick_bundles, plan_visit,
};
use std::sync::Arc;

/// A booking parsed at the edge (ACT-3: VRM, permit type, start, duration; the number of days
/// of a multi-day visit; whether an overlap was confirmed).
#[derive(Debug, Clone)]
pub struct Booking {
    pub plate: Plate,
    pub request: StayRequest,
    pub days: u32,
    /// The resident answered "yes" to "This car already has a visit ...; book another?".
    pub confirm_overlap: bool,
    /// The resident unticked "Save this vehicle for next time" (issue 18).
    pub do_not_save_vehicle: bool,
}

pub fn parse_booking(booking: &StayBooking) -> Result<Booking, ApiError> {
    let plate =
        Plate::parse(&booking.vrm, booking.non_uk_plate).map_err(|e| ApiError::parse("vrm", &e))?;
    let permit_type = booking
        .permit_type
        .as_deref()
        .map(PermitType::parse)
        .transpose()
        .map_err(|e| ApiError::parse("permit_type", &e))?;
    let request = StayRequest {
        permit_type,
        start: booking.start,
        duration_minutes: booking.duration_minutes,
    };
    Ok(Booking {
        plate,
        request,
        days: booking.days.unwrap_or(1),
        confirm_overlap: booking.confirm_overlap,
        do_not_save_vehicle: booking.do_not_save_vehicle,
    })
}

#[derive(Debug)]
pub struct Booked {
    /// The stay booked, or a multi-day visit's first day.
    pub row: stays::StayRow,
    /// Every day booked, the first included, in order.
    pub days: Vec<stays::StayRow>,
    /// Permits of the stay's type the resident can still use, after this booking.
    pub permits_left: u32,
}

/// Books one day for a UK plate, asking about overlaps: a text message's stay (ACT-4), which
/// cannot answer the question, so an overlap is refused there.
pub async fn book_stay(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    resident_id: &str,
    vrm: &Vrm,
    request: &StayRequest,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    let booking = Booking {
        plate: Plate::Uk(vrm.clone()),
        request: request.clone(),
        days: 1,
        confirm_overlap: false,
        // Texts and calls leave the app's saved vehicles alone.
        do_not_save_vehicle: true,
    };
    book_visit(state, conn, scheme, resident_id, &booking, now).await
}

/// A booking made in the app (`POST /stays`): the stay, and the vehicle saved for next time
/// unless the resident said no (issue 18; an account already at its limit keeps its list and
/// the booking stands). On SQLite it runs on the inline writer, committed with the other
/// bookings waiting then; on PostgreSQL in its own write transaction, which also stores
/// `session_use` (the request's use of its session, not yet written) when it commits.
pub async fn book_in_app(
    state: &AppState,
    scheme: Arc<Scheme>,
    resident_id: &str,
    booking: &Booking,
    session_use: Option<&SessionUse>,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    let work = {
        let (scheme, resident_id, booking) =
            (scheme.clone(), resident_id.to_owned(), booking.clone());
        move |tx: &mut WriteTx<'_>| {
            let booked = book_visit_inline(tx, &scheme, &resident_id, &booking, now)?;
            if !booking.do_not_save_vehicle {
                save_after_booking_inline(tx, &resident_id, &booking.plate, now)?;
            }
            Ok(booked)
        }
    };
    if let Some(done) = state.db.write_inline(work).await {
        return done;
    }
    book_in_app_postgres(state, &scheme, resident_id, booking, session_use, now).await
}

/// [`book_visit`] and saving the vehicle after it, on PostgreSQL in four round trips
/// (`db::postgres_booking`): the same reads under the resident's lock, composed into one
/// statement; the same decisions; the same writes, composed into one statement.
async fn book_in_app_postgres(
    state: &AppState,
    scheme: &Scheme,
    resident_id: &str,
    booking: &Booking,
    session_use: Option<&SessionUse>,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    let (plans, (from, until)) = planned(scheme, booking, now)?;
    let plate = booking.plate.as_str();
    let mut tx = postgres_booking::begin_locked(&state.db, resident_id).await?;
    let reads = postgres_booking::read(&mut tx, resident_id, plate, from, until).await?;
    check_overlap(&reads.overlapping, &plans, booking.confirm_overlap, now)
        .map_err(ApiError::conflict)?;
    let spend = spend(&plans, reads.bundles, now)?;
    let days = spend.stays(resident_id, booking, &plans, reads.home.as_deref());
    let save = match booking.do_not_save_vehicle {
        true => AfterBooking::Skip,
        false => after_booking(reads.saved),
    };
    let vehicle = match &save {
        AfterBooking::Skip => None,
        AfterBooking::Touch(id) => Some(VehicleWrite::Touch(id)),
        AfterBooking::Insert => Some(VehicleWrite::Insert(NewVehicle {
            resident_id,
            vrm: plate,
            non_uk_plate: !booking.plate.is_uk(),
            nickname: None,
        })),
    };
    let written = postgres_booking::write(&mut tx, &days, vehicle, session_use, now).await?;
    tx.commit().await?;
    Ok(spend.booked(written))
}

/// Books a stay, or every day of a multi-day visit, for `resident_id` at `now`. A rule's
/// refusal is an [`ApiError::Invalid`]; an unconfirmed overlap a 409 `overlapping_stay`.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, permit_type = ?booking.request.permit_type, days = booking.days))]
pub async fn book_visit(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    resident_id: &str,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    residents::lock(&state.db, conn, resident_id).await?;
    let (plans, (from, until)) = planned(scheme, booking, now)?;
    let plate = booking.plate.as_str();
    let existing = stays::overlapping(conn, resident_id, plate, from, until).await?;
    check_overlap(&existing, &plans, booking.confirm_overlap, now).map_err(ApiError::conflict)?;
    // The resident's property places the stay in a zone for enforcement. It is read here,
    // under the lock, with the bundles (one statement): read before the lock, a move approved
    // meanwhile (which cancels stays not yet started at the old address) could be missed.
    let (bundles, property_id) = bundles::list_with_home(conn, resident_id).await?;
    let spend = spend(&plans, bundles, now)?;
    let mut days = Vec::with_capacity(plans.len());
    for new in spend.stays(resident_id, booking, &plans, property_id.as_deref()) {
        bundles::adjust_remaining(conn, new.bundle_id, -1).await?;
        days.push(stays::insert(conn, &new, now).await?);
    }
    Ok(spend.booked(days))
}

/// [`book_visit`] on SQLite's inline writer (`db::inline_write`): the same reads, decisions
/// and writes, run on the calling thread inside a batch's transaction.
pub fn book_visit_inline(
    tx: &mut WriteTx<'_>,
    scheme: &Scheme,
    resident_id: &str,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    let (plans, (from, until)) = planned(scheme, booking, now)?;
    let plate = booking.plate.as_str();
    let existing = stays::overlapping_inline(tx, resident_id, plate, from, until)?;
    check_overlap(&existing, &plans, booking.confirm_overlap, now).map_err(ApiError::conflict)?;
    // Under the writer's turn, as in `book_visit`.
    let (bundles, property_id) = bundles::list_with_home_inline(tx, resident_id)?;
    let spend = spend(&plans, bundles, now)?;
    let mut days = Vec::with_capacity(plans.len());
    for new in spend.stays(resident_id, booking, &plans, property_id.as_deref()) {
        bundles::adjust_remaining_inline(tx, new.bundle_id, -1)?;
        days.push(stays::insert_inline(tx, &new, now)?);
    }
    Ok(spend.booked(days))
}

/// The days the rules plan for the booking (ACT-1, ACT-2, issue 13), at least one, and their
/// span: from the first day's start to the last day's end.
fn planned(
    scheme: &Scheme,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<(Vec<StayPlan>, stays::Period), ApiError> {
    let plans =
        plan_visit(scheme, &booking.request, booking.days, now).map_err(ApiError::refusal)?;
    let (Some(first), Some(last)) = (plans.first(), plans.last()) else {
        return Err(ApiError::Internal("a visit planned no days".into()));
    };
    let span = (first.start, last.end);
    Ok((plans, span))
}

/// Which bundle pays for each day (VP-3: the one expiring soonest), and what is left after.
struct Spend {
    bundle_ids: Vec<String>,
    permits_left: u32,
    /// A multi-day visit's id, shared by its days.
    visit_id: Option<String>,
}

fn spend(
    plans: &[StayPlan],
    bundles: Vec<bundles::BundleRow>,
    now: DateTime<Utc>,
) -> Result<Spend, ApiError> {
    let Some(first) = plans.first() else {
        return Err(ApiError::Internal("a visit planned no days".into()));
    };
    let balances = balances(bundles);
    let starts: Vec<DateTime<Utc>> = plans.iter().map(|p| p.start).collect();
    let picked = pick_bundles(&balances, &first.permit_type, &starts).map_err(ApiError::refusal)?;
    let permits_left = permits_held(&balances, &first.permit_type, now)
        .saturating_sub(u32::try_from(plans.len()).unwrap_or(u32::MAX));
    Ok(Spend {
        bundle_ids: picked.into_iter().cloned().collect(),
        permits_left,
        visit_id: (plans.len() > 1).then(|| new_id("visit")),
    })
}

impl Spend {
    /// The stays to write, one a day.
    fn stays<'a>(
        &'a self,
        resident_id: &'a str,
        booking: &'a Booking,
        plans: &'a [StayPlan],
        property_id: Option<&'a str>,
    ) -> Vec<stays::NewStay<'a>> {
        plans
            .iter()
            .zip(&self.bundle_ids)
            .map(|(plan, bundle_id)| stays::NewStay {
                resident_id,
                bundle_id,
                permit_type: plan.permit_type.as_str(),
                vrm: booking.plate.as_str(),
                property_id,
                starts_at: plan.start,
                ends_at: plan.end,
                visit_id: self.visit_id.as_deref(),
                non_uk_plate: !booking.plate.is_uk(),
            })
            .collect()
    }

    fn booked(self, days: Vec<stays::StayRow>) -> Booked {
        Booked {
            row: days[0].clone(),
            days,
            permits_left: self.permits_left,
        }
    }
}

fn balances(bundles: Vec<bundles::BundleRow>) -> Vec<BundleBalance<String>> {
    bundles
        .into_iter()
        .filter_map(|b| {
            Some(BundleBalance {
                permit_type: PermitType::parse(&b.permit_type).ok()?,
                remaining: u32::try_from(b.remaining).ok()?,
                expires_at: crate::db::at(b.expires_at),
                usable: b.state == BundleState::Active,
                id: b.id,
            })
        })
        .collect()
}

/// Cancels the resident's stay (ACT-7) and returns its permit where the council's policy says
/// so; another resident's stay is not found. A day of a multi-day visit cancels the visit:
/// every day still cancellable (those not yet started, and one running within its window),
/// each giving its permit back by the same policy; a day past its window is kept.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, stay_id = %id))]
pub async fn cancel_stay(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    resident_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<stays::StayRow, ApiError> {
    residents::lock(&state.db, conn, resident_id).await?;
    let row = stays::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.cancelled_at.is_some() {
        return Err(ApiError::Conflict {
            code: "stay_already_cancelled",
            message: "This stay is already cancelled.".into(),
        });
    }
    // The asked-for day decides whether cancelling is allowed at all.
    may_cancel_stay(scheme, row.starts(), now).map_err(ApiError::refusal)?;
    let days = match &row.visit_id {
        Some(visit) => stays::of_visit(conn, resident_id, visit).await?,
        None => vec![row.clone()],
    };
    for day in days.iter().filter(|d| d.cancelled_at.is_none()) {
        let Ok(cancellation) = may_cancel_stay(scheme, day.starts(), now) else {
            continue;
        };
        stays::cancel(conn, &day.id, now).await?;
        if cancellation.returns_permit {
            bundles::adjust_remaining(conn, &day.bundle_id, 1).await?;
        }
    }
    stays::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}
