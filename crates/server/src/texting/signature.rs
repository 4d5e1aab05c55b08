//! The SMS gateway signs each webhook body: hex HMAC-SHA256 under the shared key.

use crate::secret::Secret;
use hmac::{Hmac, Mac};

/// Whether `signature` (hex) is the HMAC-SHA256 of `body` under the webhook secret; compared
/// in constant time.
pub fn signature_ok(secret: &Secret, body: &[u8], signature: &str) -> bool {
    let Some(given) = unhex(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
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
