//! Writes the data set through the server's own schema (its migrations run first), in
//! multi-row INSERTs inside one transaction: minutes become seconds on both databases.
//! Every value is generated here, so they are written as literals.

use crate::dataset::Dataset;
use permit_server::db::Db;
use permit_server::secret::Secret;
use std::fmt::Write as _;

const ROWS_PER_STATEMENT: usize = 500;

pub(crate) async fn all(url: &str, data: &Dataset, now: i64) -> Result<(), sqlx::Error> {
    let db = Db::connect(&Secret::new(url)).await?;
    let mut tx = db.pool().begin().await?;
    let households = &data.households;
    let h = |i: usize| &households[i];
    batches(
        &mut tx,
        "residents (id, council, full_name, email, mobile, created_at)",
        households.len(),
        |i, row| {
            let home = h(i);
            let _ = write!(
                row,
                "({}, {}, {}, {}, NULL, {})",
                q(&home.resident_id),
                q(home.scheme.id.as_str()),
                q(&format!("Resident {i}")),
                q(&format!("resident{i}@bench.example")),
                now - 400 * 86_400
            );
        },
    )
    .await?;
    batches(&mut tx, "registrations (id, resident_id, property_id, council_tax_masked, state, reason, submitted_at, decided_at)", households.len(), |i, row| {
        let home = h(i);
        // Approved a month ago: within REG-3's three months where registration expires.
        let at = now - 30 * 86_400;
        let masked = format!("******{}", &home.council_tax_account[6..]);
        let _ = write!(
            row,
            "({}, {}, {}, {}, 'approved', NULL, {at}, {at})",
            q(&format!("reg_bench{i:06}")),
            q(&home.resident_id),
            q(&home.property_id),
            q(&masked)
        );
    })
    .await?;
    batches(
        &mut tx,
        "sessions (token_hash, resident_id, created_at, last_seen_at)",
        households.len(),
        |i, row| {
            let home = h(i);
            let _ = write!(
                row,
                "({}, {}, {now}, {now})",
                q(&home.token_hash),
                q(&home.resident_id)
            );
        },
    )
    .await?;
    batches(&mut tx, "payments (id, resident_id, permit_type, description, quantity, amount_pence, refunded_pence, status, charge_ref, created_at)", data.payments.len(), |i, row| {
        let p = &data.payments[i];
        let _ = write!(
            row,
            "({}, {}, {}, {}, 1, {}, 0, 'paid', {}, {})",
            q(&p.id), q(&p.resident_id), q(&p.permit_type), q(&p.description), p.amount_pence,
            q(&format!("sandbox_{}", p.id)), p.created_at
        );
    })
    .await?;
    batches(&mut tx, "bundles (id, resident_id, payment_id, permit_type, permits, remaining, state, bought_at, expires_at)", data.bundles.len(), |i, row| {
        let b = &data.bundles[i];
        let _ = write!(
            row,
            "({}, {}, {}, {}, {}, {}, 'active', {}, {})",
            q(&b.id), q(&b.resident_id), q(&b.payment_id), q(&b.permit_type), b.permits, b.remaining,
            b.bought_at, b.expires_at
        );
    })
    .await?;
    // Auto-renewal off and reminders marked sent: the scheduled jobs stay quiet during a run.
    batches(&mut tx, "permits (id, resident_id, payment_id, permit_type, vrm, property_id, duration_months, price_pence, state, auto_renew, starts_at, expires_at, cancelled_at, renewed_from, reminded_at)", data.permits.len(), |i, row| {
        let p = &data.permits[i];
        let _ = write!(
            row,
            "({}, {}, {}, {}, {}, {}, {}, {}, 'active', 0, {}, {}, NULL, NULL, {})",
            q(&p.id), q(&p.resident_id), q(&p.payment_id), q(&p.permit_type), q(&p.vrm),
            q(&p.property_id), p.months, p.price_pence, p.starts_at, p.expires_at, now
        );
    })
    .await?;
    batches(&mut tx, "stays (id, resident_id, bundle_id, permit_type, vrm, property_id, starts_at, ends_at, cancelled_at, created_at)", data.stays.len(), |i, row| {
        let s = &data.stays[i];
        let cancelled = s.cancelled_at.map_or("NULL".to_owned(), |c| c.to_string());
        let _ = write!(
            row,
            "({}, {}, {}, {}, {}, {}, {}, {}, {cancelled}, {})",
            q(&s.id), q(&s.resident_id), q(&s.bundle_id), q(&s.permit_type), q(&s.vrm),
            q(&s.property_id), s.starts_at, s.ends_at, s.created_at
        );
    })
    .await?;
    tx.commit().await?;
    // Fresh statistics, as a database that has been running for a while would have.
    let analyze = match db.backend() {
        permit_server::db::Backend::Sqlite => "ANALYZE",
        permit_server::db::Backend::Postgres => "VACUUM ANALYZE",
    };
    sqlx::raw_sql(analyze).execute(db.pool()).await?;
    Ok(())
}

fn q(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

async fn batches(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    into: &str,
    rows: usize,
    mut row: impl FnMut(usize, &mut String),
) -> Result<(), sqlx::Error> {
    let mut start = 0;
    while start < rows {
        let end = (start + ROWS_PER_STATEMENT).min(rows);
        let mut sql = format!("INSERT INTO {into} VALUES ");
        for i in start..end {
            if i > start {
                sql.push_str(", ");
            }
            row(i, &mut sql);
        }
        sqlx::raw_sql(&sql).execute(&mut **tx).await?;
        start = end;
    }
    Ok(())
}
