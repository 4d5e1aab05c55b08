//! The SMS gateway signs each delivery: hex HMAC-SHA256, under the shared key, of the moment it
//! signed, the council in the path and the body (`permit_api_types::sms_signed_bytes`). A
//! signature is good for one council, within [`SIGNATURE_WINDOW`] of our clock, once.

use crate::db::sms_signatures;
use crate::error::ApiError;
use crate::secret::Secret;
use crate::state::AppState;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use permit_api_types::sms_signed_bytes;

/// How far the signing moment may be from the service clock, either way: older requests are
/// stale (someone replaying a captured request later), and the replay memory keeps each
/// signature this long after its moment, so within the window a second use is refused too.
pub const SIGNATURE_WINDOW: TimeDelta = TimeDelta::minutes(5);

/// One delivery as the gateway signed it.
#[derive(Debug)]
pub struct Signed<'a> {
    pub council: &'a str,
    /// `X-Sms-Timestamp`: Unix seconds.
    pub timestamp: &'a str,
    /// `X-Sms-Signature`: hex.
    pub signature: &'a str,
    pub body: &'a [u8],
}

/// Accepts a signed delivery once: the signature must be the key's over this council, moment
/// and body (401 `unauthorized`), the moment within the window of `state`'s clock (401
/// `stale_signature`), and the signature not seen before by any server on the database (401
/// `replayed_signature`; a gateway retrying signs its retry afresh).
pub async fn accept_once(
    state: &AppState,
    secret: &Secret,
    signed: &Signed<'_>,
) -> Result<(), ApiError> {
    let timestamp: i64 = signed
        .timestamp
        .trim()
        .parse()
        .map_err(|_| ApiError::Unauthorized)?;
    let bytes = sms_signed_bytes(timestamp, signed.council, signed.body);
    // Remembered as the MAC's bytes, so the same signature spelt in capitals is the same one.
    let mac = verified(secret, &bytes, signed.signature).ok_or(ApiError::Unauthorized)?;
    let now = state.now();
    let remember_until = DateTime::<Utc>::from_timestamp(timestamp, 0)
        .filter(|at| (now - *at).abs() <= SIGNATURE_WINDOW)
        .and_then(|at| at.checked_add_signed(SIGNATURE_WINDOW))
        .ok_or(ApiError::BadCredentials {
            code: "stale_signature",
            message: "The request was signed more than 5 minutes from our clock: sign each delivery when it is sent.",
        })?;
    let mut tx = state.db.write_tx().await?;
    let first =
        sms_signatures::first_sight(&mut tx, &crate::db::hex(&mac), now, remember_until).await?;
    tx.commit().await?;
    if first {
        Ok(())
    } else {
        Err(ApiError::BadCredentials {
            code: "replayed_signature",
            message: "This signed request was already received: sign each delivery afresh.",
        })
    }
}

/// Whether `signature` (hex) is the HMAC-SHA256 of `body` under `secret` (GOV.UK Pay's
/// webhook signs this way); compared in constant time.
pub fn signature_ok(secret: &Secret, body: &[u8], signature: &str) -> bool {
    verified(secret, body, signature).is_some()
}

/// The MAC `signature` (hex) gives, if it is the HMAC-SHA256 of `signed` under the webhook
/// secret; compared in constant time.
fn verified(secret: &Secret, signed: &[u8], signature: &str) -> Option<Vec<u8>> {
    let given = unhex(signature.trim())?;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes()).ok()?;
    mac.update(signed);
    mac.verify_slice(&given).ok()?;
    Some(given)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
