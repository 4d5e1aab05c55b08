//! The enforcement API keys, hashed once when the server starts: a check hashes the key it is
//! given and looks the hash up, instead of hashing every configured key on every request.

use crate::channel_settings::EnforcementKey;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// Whose key a check came with: its council, and a label for the log that is not the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOwner {
    pub council: Arc<str>,
    pub label: Arc<str>,
}

#[derive(Default)]
pub struct EnforcementKeys {
    /// By the SHA-256 of the key. A lookup compares hashes of equal length, never the keys, so
    /// its timing says nothing about a key's length or leading characters.
    by_hash: HashMap<[u8; 32], KeyOwner>,
}

impl EnforcementKeys {
    pub fn new(keys: &[EnforcementKey]) -> Self {
        let by_hash = keys
            .iter()
            .map(|k| {
                let hash = digest(k.key.expose());
                let owner = KeyOwner {
                    council: Arc::from(k.council.as_str()),
                    // The first 6 bytes of the hash, as 12 hex digits (as logged since the start).
                    label: Arc::from(format!("key:{}", hex::encode(&hash[..6]))),
                };
                (hash, owner)
            })
            .collect();
        Self { by_hash }
    }

    /// The owner of `given` (surrounding spaces ignored), if it is a configured key.
    pub fn owner(&self, given: &str) -> Option<&KeyOwner> {
        self.by_hash.get(&digest(given.trim()))
    }
}

impl std::fmt::Debug for EnforcementKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EnforcementKeys({} keys)", self.by_hash.len())
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn a_key_is_found_by_its_hash_and_labelled_by_the_hash_not_the_key() {
        let keys = EnforcementKeys::new(&[EnforcementKey {
            council: "hampshire".into(),
            key: Secret::new("abcdefghijklmnop1234"),
        }]);
        let owner = keys.owner(" abcdefghijklmnop1234 ").expect("configured");
        assert_eq!(&*owner.council, "hampshire");
        let hash = crate::auth::sha256_hex("abcdefghijklmnop1234");
        assert_eq!(&*owner.label, format!("key:{}", &hash[..12]));
        assert_eq!(keys.owner("abcdefghijklmnop123"), None);
    }
}
