//! The text-message channel (ACT-4, ACT-5) and the enforcement check.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The header carrying the hex HMAC-SHA256 of an inbound-SMS request's [`sms_signed_bytes`].
pub const SMS_SIGNATURE_HEADER: &str = "X-Sms-Signature";
/// The header carrying when the gateway signed an inbound-SMS request, in Unix seconds.
pub const SMS_TIMESTAMP_HEADER: &str = "X-Sms-Timestamp";

/// What the gateway signs for one delivery to `POST /councils/{council}/sms`: the timestamp
/// it sends in [`SMS_TIMESTAMP_HEADER`], the council in the path and the exact body, joined
/// by newlines, so a signature is good for one council and one moment only.
pub fn sms_signed_bytes(timestamp: i64, council: &str, body: &[u8]) -> Vec<u8> {
    let mut signed = format!("{timestamp}\n{council}\n").into_bytes();
    signed.extend_from_slice(body);
    signed
}

/// The header GOV.UK Pay signs its webhooks in: hex HMAC-SHA256 of the body under the
/// account's webhook signing secret.
pub const PAY_SIGNATURE_HEADER: &str = "Pay-Signature";
/// The header carrying an enforcement API key.
pub const API_KEY_HEADER: &str = "X-Api-Key";

/// `POST /councils/{council}/sms`: a text the gateway received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InboundSms {
    /// The gateway's id for this text; a repeated id is answered as the first time and does
    /// nothing again.
    pub message_id: String,
    /// The sender's mobile number, any common UK or E.164 form.
    pub from: String,
    pub text: String,
}

/// What the service did with a text; the reply itself goes out through the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SmsOutcome {
    /// `activated`, `refused` or `unknown_sender`.
    pub outcome: String,
    pub reply: String,
}

/// `GET /enforcement/check`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnforcementQuery {
    pub vrm: String,
    pub zone: String,
    /// The instant asked about; absent means now.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EnforcementAnswer {
    pub permitted: bool,
    /// Until when (exclusive) the permission found runs.
    #[serde(default, deserialize_with = "crate::rfc3339::option")]
    pub until: Option<DateTime<Utc>>,
    /// `resident_permit`, `annual_visitor_permit` or `visitor_stay`.
    pub permit_kind: Option<String>,
    /// The council's permit type id.
    pub permit_type: Option<String>,
    /// The visitor stay found was booked for a plate the resident said is not a UK
    /// registration.
    #[serde(default)]
    pub non_uk_plate: bool,
}

/// `GET /councils/{council}/channels`: whose plate to show in the example text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChannelsQuery {
    /// One of the resident's own plates; absent means a sample plate.
    #[serde(default)]
    pub vrm: Option<String>,
}

/// How to book a visitor stay by text and by phone at a council (ACT-4, ACT-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BookingChannels {
    pub council: String,
    /// Absent where the council takes no texts.
    pub text: Option<TextChannel>,
    /// Absent where the council has no booking line.
    pub phone: Option<PhoneChannel>,
}

/// ACT-4: the text that starts a stay straight away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TextChannel {
    /// The number to text ("61600").
    pub number: String,
    /// The form of the text: `VISITOR <registration>`, or with `<duration>` where the council asks.
    pub syntax: String,
    /// The exact text for the example plate: `VISITOR AB12CDE`.
    pub example: String,
    /// What to send and what happens, for residents.
    pub explanation: String,
}

/// ACT-6: the council's line where an agent books the stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PhoneChannel {
    pub number: String,
    /// The keypad options that reach visitor bookings, in order.
    pub options: Vec<u32>,
    pub explanation: String,
}
