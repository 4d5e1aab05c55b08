//! The enforcement check's answers kept in memory (issue 20): for each VRM, every current
//! permission (an active permit or a standing stay) with its zone, from when and until when it
//! permits parking. The check answers from here without a database read; the answer is the one
//! [`super::enforcement::CHECK`] gives, which a property test holds it to.
//!
//! How it stays equal to the database:
//! - Writers of permits and stays take a [`super::Tx`] and name each VRM they change
//!   ([`super::Tx::touch`]); after the commit the transaction re-reads those VRMs' rows here.
//!   A VRM's re-read and replacement run one at a time per shard, so the last one applied read
//!   after the last commit.
//! - At start-up (and after anything went wrong) it is rebuilt from the database.
//! - Other servers on one PostgreSQL tell it of their writes (`permission_changes`); while it is
//!   not listening, or a re-read failed, checks fall back to the database.
//! - It holds permissions that end after its horizon (a little before now, moved on as they
//!   expire); a check of an instant before the horizon asks the database.

use super::Db;
use super::enforcement::Permission;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};

const SHARDS: usize = 64;

/// How far behind the clock the horizon trails: checks of the last hour answer from memory.
pub const HORIZON_LAG_SECS: i64 = 3600;

/// A VRM as stored: up to 15 bytes and its length. Queries are at most 10 characters (UK or
/// foreign plates), so a longer VRM in the database can never be asked about.
type Key = [u8; 16];

fn key(vrm: &str) -> Option<Key> {
    let bytes = vrm.as_bytes();
    let len = u8::try_from(bytes.len()).ok().filter(|l| *l < 16)?;
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = len;
    Some(key)
}

fn shard_index(key: &Key) -> usize {
    // FNV-1a: cheap, and spreads plates that differ in one character.
    let hash = key.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % SHARDS as u64) as usize
}

/// One permission: 24 bytes (40 with its VRM, kept inline in the table for most VRMs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// It permits parking from here (a stay texted: from when its confirmation went, ACT-5)...
    from: i64,
    /// ...until here, exclusive.
    until: i64,
    /// (council, zone) and permit type, by their number in [`Names`].
    zone: u16,
    permit_type: u16,
    stay: bool,
    non_uk: bool,
}

/// Most VRMs have one permission: kept inline, without an allocation of its own.
#[derive(Debug)]
enum Slot {
    One(Entry),
    Many(Box<[Entry]>),
}

impl Slot {
    fn from_vec(mut entries: Vec<Entry>) -> Option<Self> {
        match entries.len() {
            0 => None,
            1 => entries.pop().map(Slot::One),
            _ => Some(Slot::Many(entries.into_boxed_slice())),
        }
    }

    fn entries(&self) -> &[Entry] {
        match self {
            Slot::One(entry) => std::slice::from_ref(entry),
            Slot::Many(entries) => entries,
        }
    }
}

#[derive(Debug, Default)]
struct Shard {
    map: RwLock<HashMap<Key, Slot>>,
    /// Taken across a VRM's read and replacement, so replacements apply in the order read.
    turn: tokio::sync::Mutex<()>,
}

/// Zones and permit types, numbered (a few hundred zones, a handful of types).
#[derive(Debug, Default)]
struct Names {
    zones: HashMap<String, HashMap<String, u16>>,
    zone_count: usize,
    types: HashMap<String, u16>,
    type_names: Vec<Arc<str>>,
}

impl Names {
    fn zone(&mut self, council: &str, zone: &str) -> Option<u16> {
        if let Some(id) = self.zones.get(council).and_then(|z| z.get(zone)) {
            return Some(*id);
        }
        let id = u16::try_from(self.zone_count).ok()?;
        self.zone_count += 1;
        self.zones
            .entry(council.to_owned())
            .or_default()
            .insert(zone.to_owned(), id);
        Some(id)
    }

    fn permit_type(&mut self, name: &str) -> Option<u16> {
        if let Some(id) = self.types.get(name) {
            return Some(*id);
        }
        let id = u16::try_from(self.type_names.len()).ok()?;
        self.types.insert(name.to_owned(), id);
        self.type_names.push(Arc::from(name));
        Some(id)
    }
}

/// A current permission as the database holds it (see [`rows_sql`]).
#[derive(Debug, sqlx::FromRow)]
struct PermissionRow {
    vrm: String,
    council: String,
    zone: String,
    source: String,
    permit_type: String,
    from_at: i64,
    until: i64,
    non_uk_plate: i64,
}

/// A row of [`rows_sql`], borrowed from wherever it was read.
struct RowRef<'a> {
    vrm: &'a str,
    council: &'a str,
    zone: &'a str,
    stay: bool,
    permit_type: &'a str,
    from_at: i64,
    until: i64,
    non_uk: bool,
}

impl PermissionRow {
    fn as_ref(&self) -> RowRef<'_> {
        RowRef {
            vrm: &self.vrm,
            council: &self.council,
            zone: &self.zone,
            stay: self.source == "stay",
            permit_type: &self.permit_type,
            from_at: self.from_at,
            until: self.until,
            non_uk: self.non_uk_plate != 0,
        }
    }
}

/// Every permission ending after `$1` (and, with `one_vrm`, of VRM `$2`): what
/// [`super::enforcement::CHECK`] would find at any instant from `$1` on.
fn rows_sql(one_vrm: bool) -> String {
    let (permit_vrm, stay_vrm) = if one_vrm {
        (" AND p.vrm = $2", " AND s.vrm = $2")
    } else {
        ("", "")
    };
    format!(
        "SELECT p.vrm AS vrm, z.council AS council, z.zone AS zone, 'permit' AS source, \
                p.permit_type AS permit_type, p.starts_at AS from_at, p.expires_at AS until, \
                CAST(0 AS BIGINT) AS non_uk_plate \
           FROM permits p JOIN property_zones z ON z.property_id = p.property_id \
          WHERE p.state = 'active' AND p.expires_at > $1{permit_vrm} \
         UNION ALL \
         SELECT s.vrm, z.council, z.zone, 'stay', s.permit_type, \
                CASE WHEN s.confirmation_seq IS NOT NULL AND s.confirmed_at > s.starts_at \
                     THEN s.confirmed_at ELSE s.starts_at END, \
                s.ends_at, s.non_uk_plate \
           FROM stays s JOIN property_zones z ON z.property_id = s.property_id \
          WHERE s.cancelled_at IS NULL AND s.ends_at > $1 \
            AND (s.confirmation_seq IS NULL OR s.confirmed_at IS NOT NULL){stay_vrm}"
    )
}

static ALL_ROWS: LazyLock<String> = LazyLock::new(|| rows_sql(false));
static VRM_ROWS: LazyLock<String> = LazyLock::new(|| rows_sql(true));

#[derive(Debug)]
pub struct PermissionIndex {
    shards: Box<[Shard]>,
    names: RwLock<Names>,
    /// Unix seconds: entries ending at or before it may be gone.
    horizon: AtomicI64,
    /// Rebuilt, and no re-read has failed since.
    fresh: AtomicBool,
    /// Told of other servers' writes (always, on SQLite: one process).
    listening: AtomicBool,
}

impl PermissionIndex {
    /// Empty and not yet usable: [`Self::rebuild`] fills it.
    pub(super) fn new(listening: bool) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            names: RwLock::default(),
            horizon: AtomicI64::new(i64::MAX),
            fresh: AtomicBool::new(false),
            listening: AtomicBool::new(listening),
        }
    }

    fn shard(&self, key: &Key) -> &Shard {
        &self.shards[shard_index(key)]
    }

    /// Whether checks answer from here (else from the database).
    pub fn usable(&self) -> bool {
        self.fresh.load(Ordering::SeqCst) && self.listening.load(Ordering::SeqCst)
    }

    /// Listening, but a re-read failed since the last rebuild.
    pub(crate) fn needs_rebuild(&self) -> bool {
        self.listening.load(Ordering::SeqCst) && !self.fresh.load(Ordering::SeqCst)
    }

    pub(crate) fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::SeqCst);
    }

    pub fn horizon(&self) -> i64 {
        self.horizon.load(Ordering::SeqCst)
    }

    /// The permission the check would find for `vrm` in the zone at `instant` (unix seconds),
    /// or `None` when this index cannot say (not usable, or `instant` before its horizon).
    pub fn answer(
        &self,
        council: &str,
        zone: &str,
        vrm: &str,
        instant: i64,
    ) -> Option<Option<Permission>> {
        if !self.usable() || instant < self.horizon() {
            return None;
        }
        let key = key(vrm)?;
        let names = self.names.read().ok()?;
        let Some(zone) = names.zones.get(council).and_then(|z| z.get(zone)).copied() else {
            // No permission was ever indexed in this zone.
            return self.still_covers(instant).then_some(None);
        };
        let best = {
            let map = self.shard(&key).map.read().ok()?;
            map.get(&key).and_then(|slot| {
                slot.entries()
                    .iter()
                    .filter(|e| e.zone == zone && e.from <= instant && instant < e.until)
                    .copied()
                    // The check's order: latest end, then permit before stay, then type, then
                    // UK plate first.
                    .min_by(|a, b| {
                        b.until
                            .cmp(&a.until)
                            .then(a.stay.cmp(&b.stay))
                            .then_with(|| {
                                let name =
                                    |e: &Entry| names.type_names[e.permit_type as usize].as_bytes();
                                name(a).cmp(name(b))
                            })
                            .then(a.non_uk.cmp(&b.non_uk))
                    })
            })
        };
        // Expired entries are removed after the horizon moves: read again, so an entry removed
        // while this answer was being found makes it ask the database instead.
        if !self.still_covers(instant) {
            return None;
        }
        Some(best.map(|e| Permission {
            source: if e.stay { "stay" } else { "permit" }.to_owned(),
            permit_type: names.type_names[e.permit_type as usize].to_string(),
            until: e.until,
            non_uk_plate: i64::from(e.non_uk),
        }))
    }

    fn still_covers(&self, instant: i64) -> bool {
        self.usable() && instant >= self.horizon()
    }

    /// `row` as kept: its VRM's key and the permission, or `None` for a VRM too long to be
    /// asked about. `Err` when the names' lock was poisoned or they ran out of numbers.
    fn entry_of(&self, row: &RowRef<'_>) -> Result<Option<(Key, Entry)>, ()> {
        let Some(key) = key(row.vrm) else {
            return Ok(None);
        };
        let mut names = self.names.write().map_err(|_| ())?;
        let entry = Entry {
            from: row.from_at,
            until: row.until,
            zone: names.zone(row.council, row.zone).ok_or(())?,
            permit_type: names.permit_type(row.permit_type).ok_or(())?,
            stay: row.stay,
            non_uk: row.non_uk,
        };
        Ok(Some((key, entry)))
    }

    fn entries_of(&self, rows: Vec<PermissionRow>) -> Option<Vec<(Key, Entry)>> {
        let mut entries = Vec::with_capacity(rows.len());
        for row in &rows {
            entries.extend(self.entry_of(&row.as_ref()).ok()?);
        }
        Some(entries)
    }

    /// Reads `vrms`' permissions again (after a commit that changed them, here or on another
    /// server) and replaces what is kept of them. A failure leaves the index unusable until
    /// the next rebuild: the check then asks the database.
    pub(crate) async fn refresh(&self, db: &Db, vrms: &[String]) {
        for vrm in vrms {
            let Some(key) = key(vrm) else { continue };
            let shard = self.shard(&key);
            let _turn = shard.turn.lock().await;
            let read = load(db, Some(vrm), self.horizon()).await;
            let entries = read.map(|rows| self.entries_of(rows));
            let replaced = match entries {
                Ok(Some(entries)) => shard.map.write().is_ok_and(|mut map| {
                    let mine = entries.into_iter().map(|(_, e)| e).collect();
                    match Slot::from_vec(mine) {
                        Some(slot) => map.insert(key, slot),
                        None => map.remove(&key),
                    };
                    true
                }),
                Ok(None) => false,
                Err(error) => {
                    tracing::error!(%error, "permission index: a VRM was not read again");
                    false
                }
            };
            if !replaced {
                self.fresh.store(false, Ordering::SeqCst);
            }
        }
    }

    /// Reads every permission ending after `horizon` and replaces the whole index with them.
    /// Writers' re-reads wait meanwhile, so none is overwritten by this older read.
    pub async fn rebuild(&self, db: &Db, horizon: i64) -> Result<usize, sqlx::Error> {
        let mut turns = Vec::with_capacity(SHARDS);
        for shard in self.shards.iter() {
            turns.push(shard.turn.lock().await);
        }
        let mut entries = match self.load_all(db, horizon).await {
            Ok(entries) => entries,
            Err(error) => {
                self.fresh.store(false, Ordering::SeqCst);
                return Err(error);
            }
        };
        let poisoned = || sqlx::Error::Protocol("permission index: a lock was poisoned".into());
        let count = entries.len();
        // Grouped by shard and VRM in one sorted list rather than a list per VRM: at 10x the
        // data that was a million small allocations, kept by the allocator after start-up.
        entries.sort_unstable_by_key(|(key, _)| (shard_index(key), *key));
        let mut maps: Vec<HashMap<Key, Slot>> = Vec::with_capacity(SHARDS);
        let mut rest = entries.as_slice();
        for shard in 0..SHARDS {
            let end = rest.partition_point(|(key, _)| shard_index(key) == shard);
            let (mine, later) = rest.split_at(end);
            rest = later;
            let vrms = mine.chunk_by(|a, b| a.0 == b.0);
            let mut map = HashMap::with_capacity(vrms.clone().count());
            for same in vrms {
                let list: Vec<Entry> = same.iter().map(|(_, e)| *e).collect();
                if let Some(slot) = Slot::from_vec(list) {
                    map.insert(same[0].0, slot);
                }
            }
            maps.push(map);
        }
        drop(entries);
        // Checks before the new horizon go to the database from now on.
        self.horizon.store(horizon, Ordering::SeqCst);
        for (shard, map) in self.shards.iter().zip(maps) {
            *shard.map.write().map_err(|_| poisoned())? = map;
        }
        self.fresh.store(true, Ordering::SeqCst);
        drop(turns);
        Ok(count)
    }

    /// Every permission ending after `horizon`, as kept. On SQLite the rows are read on a
    /// blocking thread straight into entries (no string per row: at 10x the data, the whole
    /// result as rows took hundreds of megabytes and most of the start-up time).
    async fn load_all(&self, db: &Db, horizon: i64) -> Result<Vec<(Key, Entry)>, sqlx::Error> {
        let names_failed = || sqlx::Error::Protocol("permission index: names unavailable".into());
        if db.inline_reader().is_none() {
            // A row at a time: the whole result at once took hundreds of megabytes at 10x the
            // data, which the allocator kept after start-up.
            use futures_util::TryStreamExt;
            let mut rows = sqlx::query_as::<_, PermissionRow>(&ALL_ROWS)
                .bind(horizon)
                .fetch(db.pool());
            let mut entries = Vec::new();
            while let Some(row) = rows.try_next().await? {
                entries.extend(self.entry_of(&row.as_ref()).map_err(|()| names_failed())?);
            }
            return Ok(entries);
        }
        let db = db.clone();
        let read = tokio::task::spawn_blocking(move || {
            let index = db.permissions();
            let mut names_ok = true;
            let Some(reader) = db.inline_reader() else {
                return (Ok(Vec::new()), false);
            };
            let entries = reader.read(|conn| {
                let mut statement = conn.prepare(&ALL_ROWS)?;
                let mut rows = statement.query(rusqlite::params![horizon])?;
                let mut entries = Vec::new();
                while let Some(row) = rows.next()? {
                    let text = |i: usize| -> rusqlite::Result<&str> {
                        row.get_ref(i)?.as_str().map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                i,
                                rusqlite::types::Type::Text,
                                e.into(),
                            )
                        })
                    };
                    let row = RowRef {
                        vrm: text(0)?,
                        council: text(1)?,
                        zone: text(2)?,
                        stay: text(3)? == "stay",
                        permit_type: text(4)?,
                        from_at: row.get(5)?,
                        until: row.get(6)?,
                        non_uk: row.get::<_, i64>(7)? != 0,
                    };
                    match index.entry_of(&row) {
                        Ok(entry) => entries.extend(entry),
                        Err(()) => {
                            names_ok = false;
                            break;
                        }
                    }
                }
                Ok(entries)
            });
            (entries, names_ok)
        });
        let (entries, names_ok) = read
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("permission index: {e}")))?;
        let entries = entries.map_err(|e| sqlx::Error::Protocol(format!("inline read: {e}")))?;
        if names_ok {
            Ok(entries)
        } else {
            Err(names_failed())
        }
    }

    /// Expiry: forgets permissions that ended at or before `horizon` (moving the horizon
    /// there first, so no check is answered from a half-pruned index). Returns how many went.
    pub fn prune(&self, horizon: i64) -> usize {
        if horizon <= self.horizon() {
            return 0;
        }
        self.horizon.store(horizon, Ordering::SeqCst);
        let mut removed = 0;
        for shard in self.shards.iter() {
            let Ok(mut map) = shard.map.write() else {
                self.fresh.store(false, Ordering::SeqCst);
                continue;
            };
            map.retain(|_, slot| {
                let before = slot.entries().len();
                let kept: Vec<Entry> = slot
                    .entries()
                    .iter()
                    .filter(|e| e.until > horizon)
                    .copied()
                    .collect();
                removed += before - kept.len();
                if kept.len() == before {
                    return true;
                }
                match Slot::from_vec(kept) {
                    Some(rest) => {
                        *slot = rest;
                        true
                    }
                    None => false,
                }
            });
        }
        removed
    }

    /// How many permissions are kept.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .filter_map(|s| s.map.read().ok())
            .map(|map| map.values().map(|slot| slot.entries().len()).sum::<usize>())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The heap the index takes, approximately: the hash tables' buckets (key, slot, control
    /// byte), and the lists of VRMs with more than one permission.
    pub fn approx_bytes(&self) -> usize {
        let bucket = std::mem::size_of::<(Key, Slot)>() + 1;
        self.shards
            .iter()
            .filter_map(|s| s.map.read().ok())
            .map(|map| {
                let lists: usize = map
                    .values()
                    .map(|slot| match slot {
                        Slot::One(_) => 0,
                        Slot::Many(many) => many.len() * std::mem::size_of::<Entry>(),
                    })
                    .sum();
                // `capacity` is 7/8 of the buckets, a power of two.
                (map.capacity() * 8 / 7).next_power_of_two() * bucket + lists
            })
            .sum()
    }
}

async fn load(db: &Db, vrm: Option<&str>, horizon: i64) -> Result<Vec<PermissionRow>, sqlx::Error> {
    if let (Some(vrm), Some(reader)) = (vrm, db.inline_reader()) {
        return reader.rows(&VRM_ROWS, rusqlite::params![horizon, vrm], |row| {
            Ok(PermissionRow {
                vrm: row.get(0)?,
                council: row.get(1)?,
                zone: row.get(2)?,
                source: row.get(3)?,
                permit_type: row.get(4)?,
                from_at: row.get(5)?,
                until: row.get(6)?,
                non_uk_plate: row.get(7)?,
            })
        });
    }
    let query = match vrm {
        Some(vrm) => sqlx::query_as(&VRM_ROWS).bind(horizon).bind(vrm.to_owned()),
        None => sqlx::query_as(&ALL_ROWS).bind(horizon),
    };
    query.fetch_all(db.pool()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(vrms: usize) -> PermissionIndex {
        let index = PermissionIndex::new(true);
        let rows = (0..vrms)
            .map(|n| PermissionRow {
                vrm: format!("AB{:02}{}", n % 100, n),
                council: "hampshire".into(),
                zone: format!("Z{}", n % 40),
                source: "permit".into(),
                permit_type: "resident".into(),
                from_at: 0,
                until: 100,
                non_uk_plate: 0,
            })
            .collect();
        let entries = index.entries_of(rows).expect("named");
        for (key, entry) in entries {
            let shard = index.shard(&key);
            shard
                .map
                .write()
                .expect("lock")
                .insert(key, Slot::One(entry));
        }
        index.horizon.store(0, Ordering::SeqCst);
        index.fresh.store(true, Ordering::SeqCst);
        index
    }

    /// The memory figure the report gives: bytes per permission at a realistic count.
    #[test]
    fn a_permission_costs_under_100_bytes_of_heap() {
        assert_eq!(std::mem::size_of::<Entry>(), 24);
        // A VRM with one permission: its key and the permission in the table's bucket.
        assert_eq!(std::mem::size_of::<(Key, Slot)>(), 40);
        let index = filled(500_000);
        assert_eq!(index.len(), 500_000);
        let per_entry = index.approx_bytes() / index.len();
        eprintln!(
            "{per_entry} bytes per permission, {} bytes for 500,000",
            index.approx_bytes()
        );
        // A table is between 7/16 and 7/8 full: 47 to 94 bytes a permission.
        assert!(per_entry < 100, "{per_entry} bytes per permission");
    }

    #[test]
    fn pruning_moves_the_horizon_and_forgets_what_ended() {
        let index = filled(10);
        let found = index.answer("hampshire", "Z3", "AB033", 50);
        assert_eq!(found.flatten().map(|p| p.until), Some(100));
        assert_eq!(index.prune(100), 10);
        assert!(index.answer("hampshire", "Z3", "AB033", 50).is_none());
        assert_eq!(index.answer("hampshire", "Z3", "AB033", 100), Some(None));
    }
}
