//! The offline copy of the last sync, one JSON file in the app data directory.
//!
//! Written to a temp file in the same directory, flushed to disk, then renamed over the old
//! one: a crash or a full disk leaves the previous copy, never half a file.

use crate::view::Snapshot;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "offline-cache.json";
/// Bumped when the saved shape changes; an older file is ignored, not misread.
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
#[error("cannot use the saved data in {path}: {reason}")]
pub struct CacheError {
    path: PathBuf,
    reason: String,
}

/// What was saved, and when it came from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cached {
    pub synced_at: DateTime<Utc>,
    pub snapshot: Snapshot,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    version: u32,
    #[serde(flatten)]
    cached: Cached,
}

#[derive(Debug, Clone)]
pub struct OfflineCache {
    dir: PathBuf,
}

impl OfflineCache {
    /// A cache in `dir` (the app data directory), created on first save.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    pub fn save(&self, snapshot: &Snapshot, synced_at: DateTime<Utc>) -> Result<(), CacheError> {
        let on_disk = OnDisk {
            version: FORMAT_VERSION,
            cached: Cached {
                synced_at,
                snapshot: snapshot.clone(),
            },
        };
        let bytes = serde_json::to_vec(&on_disk).map_err(|e| self.error(e))?;
        std::fs::create_dir_all(&self.dir).map_err(|e| self.error(e))?;
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir).map_err(|e| self.error(e))?;
        temp.write_all(&bytes).map_err(|e| self.error(e))?;
        temp.as_file().sync_all().map_err(|e| self.error(e))?;
        temp.persist(self.path()).map_err(|e| self.error(e.error))?;
        Ok(())
    }

    /// The saved copy; `None` when there is none or it is from an older app version.
    pub fn load(&self) -> Result<Option<Cached>, CacheError> {
        let bytes = match std::fs::read(self.path()) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.error(e)),
        };
        match serde_json::from_slice::<OnDisk>(&bytes) {
            Ok(on_disk) if on_disk.version == FORMAT_VERSION => Ok(Some(on_disk.cached)),
            // Unreadable or another version: as good as no copy, and the next sync replaces it.
            Ok(_) | Err(_) => Ok(None),
        }
    }

    /// Removes the saved copy (logout); nothing to remove is fine.
    pub fn wipe(&self) -> Result<(), CacheError> {
        match std::fs::remove_file(self.path()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn error(&self, reason: impl std::fmt::Display) -> CacheError {
        CacheError {
            path: self.path(),
            reason: reason.to_string(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::test_data::snapshot;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, hour, 0, 0)
            .single()
            .expect("valid instant")
    }

    #[test]
    fn saves_and_loads_with_the_sync_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OfflineCache::new(dir.path().join("data"));
        assert_eq!(cache.load().expect("load"), None);
        cache.save(&snapshot("AB12CDE"), at(9)).expect("save");
        cache
            .save(&snapshot("XY34ZZZ"), at(10))
            .expect("save again");
        let cached = cache.load().expect("load").expect("a copy");
        assert_eq!(cached.synced_at, at(10));
        assert_eq!(cached.snapshot, snapshot("XY34ZZZ"));
        // Only the cache file is left: the temp files were renamed, not left behind.
        let names: Vec<_> = std::fs::read_dir(cache.dir())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(FILE_NAME)]);
    }

    #[test]
    fn wipe_removes_the_copy_and_tolerates_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OfflineCache::new(dir.path());
        cache.wipe().expect("nothing to wipe");
        cache.save(&snapshot("AB12CDE"), at(9)).expect("save");
        cache.wipe().expect("wipe");
        assert_eq!(cache.load().expect("load"), None);
        assert!(!cache.path().exists());
    }

    #[test]
    fn an_unreadable_or_older_copy_counts_as_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OfflineCache::new(dir.path());
        std::fs::write(cache.path(), b"{ half a fi").expect("write");
        assert_eq!(cache.load().expect("load"), None);
        std::fs::write(cache.path(), br#"{"version":0}"#).expect("write");
        assert_eq!(cache.load().expect("load"), None);
    }
}
