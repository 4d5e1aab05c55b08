//! [`Backend`] over the typed HTTP client.

use super::{Backend, BackendError};
use crate::inputs::{Login, PinRequest, StayBooking};
use crate::session::SessionToken;
use crate::view::{Snapshot, Stay, balances};
use permit_api_types::ErrorBody;
use permit_client::{Client, ClientError};

impl Backend for Client {
    async fn request_pin(&self, request: &PinRequest) -> Result<String, BackendError> {
        let accepted =
            Client::request_pin(self, request.council.as_str(), request.contact.as_str())
                .await
                .map_err(anonymous)?;
        Ok(accepted.message)
    }

    async fn log_in(&self, login: &Login) -> Result<SessionToken, BackendError> {
        let session = Client::log_in(
            self,
            login.council.as_str(),
            login.contact.as_str(),
            login.pin.expose(),
        )
        .await
        .map_err(anonymous)?;
        Ok(SessionToken::new(session.token))
    }

    async fn log_out(&self, token: &SessionToken) -> Result<(), BackendError> {
        Client::log_out(&self.with_token(token.expose()))
            .await
            .map_err(classify)
    }

    async fn log_out_everywhere(&self, token: &SessionToken) -> Result<(), BackendError> {
        Client::log_out_everywhere(&self.with_token(token.expose()))
            .await
            .map_err(classify)
    }

    async fn snapshot(&self, token: &SessionToken) -> Result<Snapshot, BackendError> {
        let client = self.with_token(token.expose());
        // Sequential: each call is small, and the first failure (offline, 401) decides.
        let resident = client.me().await.map_err(classify)?;
        let mut upcoming_stays = client.stays("upcoming").await.map_err(classify)?;
        upcoming_stays.sort_by_key(|stay| stay.starts_at);
        let permits = client.permits().await.map_err(classify)?;
        let catalogue = client.catalogue().await.map_err(classify)?;
        let bundles = client.visitor_permits().await.map_err(classify)?;
        let saved_vehicles = client.saved_vehicles().await.map_err(classify)?;
        Ok(Snapshot {
            resident,
            upcoming_stays,
            permits,
            balances: balances(&catalogue, &bundles),
            saved_vehicles,
        })
    }

    async fn book_stay(
        &self,
        token: &SessionToken,
        booking: &StayBooking,
    ) -> Result<Stay, BackendError> {
        let booking = permit_api_types::StayBooking {
            vrm: booking.vrm.as_str().to_owned(),
            permit_type: booking.permit_type.as_ref().map(|t| t.as_str().to_owned()),
            start: booking.start,
            duration_minutes: booking.duration_minutes,
            days: booking.options.days,
            non_uk_plate: booking.options.non_uk_plate,
            confirm_overlap: booking.options.confirm_overlap,
            do_not_save_vehicle: booking.options.do_not_save_vehicle,
        };
        self.with_token(token.expose())
            .book_stay(&booking)
            .await
            .map_err(classify)
    }

    async fn cancel_stay(&self, token: &SessionToken, id: &str) -> Result<Stay, BackendError> {
        self.with_token(token.expose())
            .cancel_stay(id)
            .await
            .map_err(classify)
    }
}

/// For calls made without a session: a 401 there is wrong login details, which the server
/// explains in its own `{code, message}`, not an ended session.
pub(crate) fn anonymous(error: ClientError) -> BackendError {
    match error {
        ClientError::Api {
            status: 401,
            body,
            retry_after,
        } => refused(body, retry_after),
        other => classify(other),
    }
}

/// Sorts the client's errors into what the app does about them.
pub(crate) fn classify(error: ClientError) -> BackendError {
    match error {
        ClientError::Transport(e) => BackendError::Unreachable(e.to_string()),
        // On a call made with the session: it expired or was revoked.
        ClientError::Api { status: 401, .. } => BackendError::Unauthorized,
        // A gateway or proxy in front of a server that is down or restarting: as offline.
        ClientError::Api {
            status: 502..=504,
            body,
            ..
        } => BackendError::Unreachable(format!("{} ({})", body.message, body.code)),
        ClientError::Api {
            body, retry_after, ..
        } => refused(body, retry_after),
        ClientError::Decode(why) => BackendError::Unexpected(why),
    }
}

fn refused(body: ErrorBody, retry_after: Option<u64>) -> BackendError {
    BackendError::Refused {
        code: body.code,
        message: body.message,
        retry_after,
    }
}
