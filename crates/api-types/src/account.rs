//! Properties, registration and PIN login (REG-1 to REG-5).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `GET /properties?postcode=..&house=..`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PropertySearch {
    pub postcode: String,
    /// House number or name; a prefix is enough ("Rose" finds "Rose Cottage").
    #[serde(default)]
    pub house: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Property {
    pub id: String,
    pub council: String,
    pub postcode: String,
    pub house: String,
    pub address: Vec<String>,
    pub zone: String,
}

/// `POST /councils/{council}/registrations`: creates the account and its first registration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationRequest {
    pub property_id: String,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Required where the council checks it (REG-1); never returned in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council_tax_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Registration {
    pub id: String,
    pub council: String,
    pub property: Property,
    /// REG-1: only the last digits, e.g. `*****678`.
    pub council_tax_account_masked: Option<String>,
    /// `awaiting_proof`, `pending`, `approved` or `rejected` (what the council decided).
    pub state: String,
    /// What it means now: `active`, `not_needed`, `pending`, `rejected`, `expired`, `missing`.
    pub status: String,
    pub explanation: String,
    /// Where an approval lasts a limited time (REG-3: 3 months).
    #[serde(default, deserialize_with = "crate::rfc3339::option")]
    pub valid_until: Option<DateTime<Utc>>,
    /// Whether the resident still has to upload proof of address (REG-3).
    pub proof_required: bool,
    pub proof_documents: Vec<String>,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub submitted_at: DateTime<Utc>,
}

/// `POST /auth/pin`: asks for a PIN for a registered email or mobile (REG-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PinRequest {
    pub council: String,
    /// The registered email address or mobile number.
    pub contact: String,
}

/// The same answer whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

/// `POST /auth/session`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub council: String,
    pub contact: String,
    pub pin: String,
}

/// A bearer token for `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub token: String,
    /// The session ends after this long without a request.
    pub idle_timeout_seconds: i64,
    /// The session ends at this instant however active it is.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
}

/// The name of the cookie that carries a "keep me signed in on this device" session. The
/// `__Host-` prefix makes browsers insist on `Secure`, `Path=/` and no `Domain`, so no other
/// host or path can set or shadow it.
pub const SESSION_COOKIE: &str = "__Host-permits_session";

/// The header a write authenticated by [`SESSION_COOKIE`] must carry: the session's
/// [`CookieSession::csrf_token`].
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `POST /auth/cookie-session` and `GET /auth/cookie-session`: a session kept in an
/// `HttpOnly` cookie on this device. The session token itself never reaches the page; the page
/// holds only the CSRF token, which it echoes in [`CSRF_HEADER`] on every write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CookieSession {
    /// Send this in the `X-CSRF-Token` header of every request that changes something.
    pub csrf_token: String,
    /// The session ends after this long without a request.
    pub idle_timeout_seconds: i64,
    /// The session ends at this instant however active it is (the cookie's own expiry).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
}

/// `GET /me`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub resident_id: String,
    pub council: String,
    pub full_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub registration: Option<Registration>,
}

/// `GET` and `PUT /me/settings`: what the account chooses to be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccountSettings {
    /// VP-3 (issue 18): a warning 30 days before unused visitor permits expire (by email, or
    /// by text when a mobile is the only contact). On unless turned off.
    pub expiry_warnings: bool,
}

/// An officer's decision on a registration (operator endpoint, test mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDecision {
    pub approve: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A message the service sent (operator endpoint, test mode: where PINs can be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutboxMessage {
    pub channel: String,
    pub recipient: String,
    pub body: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub created_at: DateTime<Utc>,
}

/// `POST /me/contacts` (REG-2, ACT-4): a new email address or UK mobile number for the
/// account. It is linked only once the code sent to it comes back (`/me/contacts/confirm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactChange {
    pub contact: String,
}

/// Which of the account's contacts a new one replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    Email,
    Mobile,
}

/// The answer to `POST /me/contacts`: the same whether or not the contact can be linked (one
/// already on another account is never revealed; no code goes to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactCodeSent {
    pub kind: ContactKind,
    /// The contact as it will be stored (an email lower-cased, a mobile as +44...).
    pub contact: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /me/contacts/confirm`: the code that was sent to the new contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactConfirmation {
    pub contact: String,
    pub code: String,
}
