use rand::Rng;
use sha2::{Digest, Sha256};

pub fn sha256_hex(input: &str) -> String {
    crate::db::hex(&Sha256::digest(input.as_bytes()))
}

/// Six digits from the OS-seeded CSPRNG, leading zeros kept.
pub(super) fn new_pin() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// 256 random bits, hex: far beyond guessing, and only its hash is stored.
pub(super) fn new_session_token() -> String {
    random_token()
}

/// 256 random bits from the OS-seeded CSPRNG, as 64 hex digits (sessions, payment return
/// pages): far beyond guessing; callers store only its [`sha256_hex`].
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    crate::db::hex(&bytes)
}

/// A PIN is hashed with its account id, so equal PINs of two accounts hash apart.
pub(super) fn pin_hash(resident_id: &str, pin: &str) -> String {
    sha256_hex(&format!("{resident_id}:{pin}"))
}
