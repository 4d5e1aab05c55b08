//! The enforcement log is kept for each council's `[records] enforcement_checks_days` and no
//! longer: every check names a vehicle, a place and a time.

use crate::db::enforcement_log;
use crate::error::ApiError;
use crate::state::AppState;

/// Checks deleted per council per run at most: a minute's run takes a few milliseconds of
/// the writer's turn, and 7 million a day keeps up with any council's enforcement.
pub const ENFORCEMENT_CHECKS_PER_RUN: i64 = 5_000;

/// Deletes each council's checks older than its retention, oldest first, up to the limit.
#[tracing::instrument(skip_all)]
pub(super) async fn delete_old_enforcement_checks(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    for scheme in state.councils.all() {
        let before = permit_rules::enforcement_checks_kept_from(scheme.records, now);
        let mut tx = state.db.write_tx().await?;
        let deleted = enforcement_log::delete_before(
            &mut tx,
            scheme.id.as_str(),
            before,
            ENFORCEMENT_CHECKS_PER_RUN,
        )
        .await?;
        tx.commit().await?;
        if deleted > 0 {
            tracing::info!(council = %scheme.id, deleted, %before, "old enforcement checks deleted");
        }
    }
    Ok(())
}
