//! After a booking run: every visitor permit spent is exactly one live stay, no bundle is
//! below zero, and no stay starts beyond the 14-day horizon from when it was booked (ACT-1).
//! A race that let two bookings spend the same permit would show here.

use sqlx::AnyPool;

const CHECKS: &[(&str, &str)] = &[
    (
        "bundles below zero",
        "SELECT COUNT(*) FROM bundles WHERE remaining < 0",
    ),
    (
        "bundles whose spent permits are not their live stays",
        "SELECT COUNT(*) FROM bundles b LEFT JOIN \
           (SELECT bundle_id, COUNT(*) AS used FROM stays WHERE cancelled_at IS NULL GROUP BY bundle_id) u \
           ON u.bundle_id = b.id \
         WHERE b.permits - b.remaining <> COALESCE(u.used, 0)",
    ),
    (
        "stays starting more than 15 days after they were booked",
        "SELECT COUNT(*) FROM stays WHERE starts_at > created_at + 15 * 86400",
    ),
];

pub(crate) async fn run(url: &str) -> Result<(), String> {
    // Reads only: no migrations, so it never waits for the running server's writer.
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(url).await.map_err(|e| e.to_string())?;
    let stays: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stays")
        .fetch_one(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let mut broken = Vec::new();
    for (what, sql) in CHECKS {
        let count: i64 = sqlx::query_scalar(sql)
            .fetch_one(&pool)
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        if count != 0 {
            broken.push(format!("{count} {what}"));
        }
    }
    println!("stays={stays} broken={}", broken.len());
    if broken.is_empty() {
        Ok(())
    } else {
        Err(broken.join("; "))
    }
}
