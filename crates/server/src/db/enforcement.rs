//! The enforcement check's one query, and its log. The query is the hottest read path: one
//! statement over `permits_vrm` and `stays_vrm` (VRM, start) and the zone table's primary key.
//! A texted stay counts only from when its confirmation text was accepted (ACT-5).

use super::{Conn, Db, secs};
use chrono::{DateTime, Utc};

pub const CHECK: &str = "\
SELECT source, permit_type, until, non_uk_plate FROM ( \
  SELECT 'permit' AS source, p.permit_type AS permit_type, p.expires_at AS until, \
         CAST(0 AS BIGINT) AS non_uk_plate \
    FROM permits p JOIN property_zones z ON z.property_id = p.property_id \
   WHERE p.vrm = $1 AND p.starts_at <= $2 AND p.expires_at > $2 AND p.state = 'active' \
     AND z.council = $3 AND z.zone = $4 \
  UNION ALL \
  SELECT 'stay', s.permit_type, s.ends_at, s.non_uk_plate \
    FROM stays s JOIN property_zones z ON z.property_id = s.property_id \
   WHERE s.vrm = $1 AND s.starts_at <= $2 AND s.ends_at > $2 AND s.cancelled_at IS NULL \
     AND (s.confirmation_seq IS NULL OR s.confirmed_at <= $2) \
     AND z.council = $3 AND z.zone = $4 \
) AS found ORDER BY until DESC, source, permit_type, non_uk_plate LIMIT 1";

/// What allows the vehicle to park: `permit` or `stay`, its permit type, and until when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Permission {
    pub source: String,
    pub permit_type: String,
    pub until: i64,
    /// 1 for a stay booked as "not a UK registration".
    pub non_uk_plate: i64,
}

/// The permission that runs longest among those covering `vrm` in the zone at `instant`
/// (ties: a permit before a stay, then by permit type): from the permission index in memory
/// when it can say, else from the database.
pub async fn find(
    db: &Db,
    council: &str,
    zone: &str,
    vrm: &str,
    instant: DateTime<Utc>,
) -> Result<Option<Permission>, sqlx::Error> {
    if let Some(found) = db.permissions().answer(council, zone, vrm, secs(instant)) {
        return Ok(found);
    }
    find_in_database(db, council, zone, vrm, instant).await
}

/// [`find`] by the [`CHECK`] query (what the index must agree with).
pub async fn find_in_database(
    db: &Db,
    council: &str,
    zone: &str,
    vrm: &str,
    instant: DateTime<Utc>,
) -> Result<Option<Permission>, sqlx::Error> {
    if let Some(reader) = db.inline_reader() {
        let params = rusqlite::params![vrm, secs(instant), council, zone];
        return reader.optional_row(CHECK, params, |row| {
            Ok(Permission {
                source: row.get(0)?,
                permit_type: row.get(1)?,
                until: row.get(2)?,
                non_uk_plate: row.get(3)?,
            })
        });
    }
    let mut conn = db.pool().acquire().await?;
    sqlx::query_as(CHECK)
        .bind(vrm)
        .bind(secs(instant))
        .bind(council)
        .bind(zone)
        .fetch_optional(&mut *conn)
        .await
}

/// One check as logged: who asked (the key's label, never the key), about what, and the answer.
#[derive(Debug)]
pub struct CheckRecord {
    pub council: std::sync::Arc<str>,
    pub key_label: std::sync::Arc<str>,
    pub vrm: String,
    pub zone: String,
    pub checked_for: DateTime<Utc>,
    pub permit_kind: Option<&'static str>,
    pub checked_at: DateTime<Utc>,
}

/// A check's log line on SQLite: one statement, written by the inline writer in the commit
/// it shares with the other writes of the moment (`super::group_commit`).
const LOG_ONE: &str = "INSERT INTO enforcement_checks \
    (council, key_label, vrm, zone, checked_for, permitted, permit_kind, checked_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

pub(crate) fn log_one(
    tx: &super::inline_write::WriteTx<'_>,
    check: &CheckRecord,
) -> Result<(), sqlx::Error> {
    let permitted = i64::from(check.permit_kind.is_some());
    super::inline_write::statements::execute(
        tx,
        LOG_ONE,
        &[
            &&*check.council,
            &&*check.key_label,
            &check.vrm,
            &check.zone,
            &secs(check.checked_for),
            &permitted,
            &check.permit_kind,
            &secs(check.checked_at),
        ],
    )
    .map(drop)
}

/// The checks of a batch on PostgreSQL, as one JSON array in one parameter: the same statement
/// text for every batch size, so the connection's prepared statement is reused.
const LOG_MANY: &str = "INSERT INTO enforcement_checks \
    (council, key_label, vrm, zone, checked_for, permitted, permit_kind, checked_at) \
    SELECT council, key_label, vrm, zone, checked_for, permitted, permit_kind, checked_at \
      FROM json_to_recordset($1::json) AS c(council TEXT, key_label TEXT, vrm TEXT, zone TEXT, \
           checked_for BIGINT, permitted BIGINT, permit_kind TEXT, checked_at BIGINT)";

#[derive(serde::Serialize)]
struct LogRow<'a> {
    council: &'a str,
    key_label: &'a str,
    vrm: &'a str,
    zone: &'a str,
    checked_for: i64,
    permitted: i64,
    permit_kind: Option<&'a str>,
    checked_at: i64,
}

/// Written through [`super::group_commit`] on PostgreSQL: the checks of the moment in one
/// statement.
pub async fn log_many(conn: &mut Conn, checks: &[&CheckRecord]) -> Result<(), sqlx::Error> {
    let rows: Vec<LogRow<'_>> = checks
        .iter()
        .map(|check| LogRow {
            council: &check.council,
            key_label: &check.key_label,
            vrm: &check.vrm,
            zone: &check.zone,
            checked_for: secs(check.checked_for),
            permitted: i64::from(check.permit_kind.is_some()),
            permit_kind: check.permit_kind,
            checked_at: secs(check.checked_at),
        })
        .collect();
    let rows = serde_json::to_string(&rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(LOG_MANY).bind(rows).execute(&mut *conn).await?;
    Ok(())
}

/// Properties per statement when the zones are copied (three parameters each).
const ZONES_PER_STATEMENT: usize = 500;

/// Copies each property's zone from the gazetteer (run at start-up; safe to repeat). Many rows
/// a statement, and a row is written only if its zone changed: one statement a property took
/// over a minute at 500,000 properties on PostgreSQL, at every start.
pub async fn store_zones<'a>(
    conn: &mut Conn,
    zones: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> Result<(), sqlx::Error> {
    let zones: Vec<_> = zones.collect();
    for chunk in zones.chunks(ZONES_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO property_zones (property_id, council, zone) VALUES {} \
             ON CONFLICT (property_id) DO UPDATE SET council = excluded.council, zone = excluded.zone \
             WHERE property_zones.council <> excluded.council OR property_zones.zone <> excluded.zone",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (property_id, council, zone) in chunk {
            query = query.bind(*property_id).bind(*council).bind(*zone);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
