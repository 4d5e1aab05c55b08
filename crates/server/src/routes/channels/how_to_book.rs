//! How a council's residents book a visitor stay by text and by phone (ACT-4, ACT-6): the
//! council file's numbers and options in the rules crate's words.

use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use axum::extract::State;
use permit_api_types::{BookingChannels, ChannelsQuery, ErrorBody, PhoneChannel, TextChannel};
use permit_rules::{Vrm, booking_channels};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(channels))
}

#[utoipa::path(get, path = "/councils/{council}/channels", tag = "channels",
    params(("council" = String, Path), ChannelsQuery),
    description = "ACT-4, ACT-6: the number to text with the exact text (for `vrm`, else a sample plate) and the phone line with its keypad options, from the council's file. 404 for a council without visitor stays.",
    responses((status = 200, body = BookingChannels), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(%council))]
pub(super) async fn channels(
    State(state): State<AppState>,
    Path(council): Path<String>,
    Query(query): Query<ChannelsQuery>,
) -> Result<Json<BookingChannels>, ApiError> {
    let scheme = state.scheme(&council)?;
    let vrm = Vrm::parse_optional(query.vrm.as_deref()).map_err(|e| ApiError::parse("vrm", &e))?;
    let found = booking_channels(&scheme, vrm.as_ref()).ok_or(ApiError::NotFound)?;
    Ok(Json(BookingChannels {
        council: scheme.id.as_str().to_owned(),
        text: found.text.map(|t| TextChannel {
            number: t.number,
            syntax: t.syntax,
            example: t.example,
            explanation: t.explanation,
        }),
        phone: found.phone.map(|p| PhoneChannel {
            number: p.number,
            options: p.options,
            explanation: p.explanation,
        }),
    }))
}
