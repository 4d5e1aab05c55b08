//! Booking and cancelling visitor stays: actions only the server can do, so offline they say
//! so instead of pretending. After each, the dashboard is synced so the offline copy has it.

use crate::backend::Backend;
use crate::inputs::StayBooking;
use crate::view::StayChanged;
use crate::{AppCore, AppError};
use chrono::{DateTime, Utc};
use permit_api_types::app::BookingOptions;

impl<B: Backend> AppCore<B> {
    /// ACT-1 to ACT-3: books a stay for a visitor's vehicle.
    pub async fn book_stay(
        &self,
        vrm: &str,
        permit_type: Option<&str>,
        start: Option<DateTime<Utc>>,
        duration_minutes: Option<u32>,
    ) -> Result<StayChanged, AppError> {
        self.book_visit(
            vrm,
            permit_type,
            start,
            duration_minutes,
            BookingOptions::default(),
        )
        .await
    }

    /// A stay or a multi-day visit (issue 13), for a UK or a non-UK plate, and booked over
    /// an overlapping visit of the same car only when confirmed (issue 14).
    pub async fn book_visit(
        &self,
        vrm: &str,
        permit_type: Option<&str>,
        start: Option<DateTime<Utc>>,
        duration_minutes: Option<u32>,
        options: BookingOptions,
    ) -> Result<StayChanged, AppError> {
        let booking = StayBooking::parse(vrm, permit_type, start, duration_minutes, options)?;
        let token = self.token()?;
        let stay = self
            .bounded(self.backend().book_stay(&token, &booking))
            .await
            .map_err(|e| self.ended_session_or("Booking a stay", e))?;
        let dashboard = self.dashboard().await?;
        Ok(StayChanged { stay, dashboard })
    }

    /// ACT-7: cancels a stay.
    pub async fn cancel_stay(&self, id: &str) -> Result<StayChanged, AppError> {
        let token = self.token()?;
        let stay = self
            .bounded(self.backend().cancel_stay(&token, id))
            .await
            .map_err(|e| self.ended_session_or("Cancelling a stay", e))?;
        let dashboard = self.dashboard().await?;
        Ok(StayChanged { stay, dashboard })
    }
}
