//! SQLite reads run on the calling thread, for the point lookups every request of a hot path
//! makes: the enforcement check and the session of an authenticated request. sqlx runs each
//! SQLite connection on its own thread, so every statement is a hand-off there and back;
//! the profile of the check under load was mostly those wake-ups (futex, context switches),
//! and `SELECT 1` through the pool answered at a third of the server's bare request rate.
//! An indexed point lookup takes microseconds, so here it simply runs where it is asked,
//! on read-only connections kept in a small stack. WAL lets them read while others write.

use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::Mutex;

/// Prepared statements each inline connection keeps: every read path's, or every write's.
pub(crate) const STATEMENTS_KEPT: usize = 64;

pub(crate) struct InlineReader {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for InlineReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineReader")
            .field("path", &self.path)
            .finish()
    }
}

impl InlineReader {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::default(),
        }
    }

    /// Runs `read` on an idle connection (opening one if none is free) and keeps it after.
    pub(crate) fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                // Every read path's statements stay prepared (rusqlite keeps 16 by default).
                conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
                conn
            }
        };
        let result = read(&conn);
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        result
    }

    /// The one row `sql` finds (cached per connection), mapped by `row`, or none.
    pub(crate) fn optional_row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, sqlx::Error> {
        use rusqlite::OptionalExtension;
        self.read(|conn| conn.prepare_cached(sql)?.query_row(params, row).optional())
            .map_err(|e| sqlx::Error::Protocol(format!("inline read: {e}")))
    }

    /// Every row `sql` finds (cached per connection), mapped by `row`.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        self.read(|conn| conn.prepare_cached(sql)?.query_map(params, row)?.collect())
            .map_err(|e| sqlx::Error::Protocol(format!("inline read: {e}")))
    }
}

#[cfg(test)]
mod tests {
    /// `.cargo/config.toml` builds SQLite without STAT4, which re-planned every cached
    /// statement at each new bound value once `ANALYZE` had run (issue 20).
    #[test]
    fn sqlite_is_built_without_stat4() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let options: Vec<String> = conn
            .prepare("PRAGMA compile_options")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        assert!(
            options.iter().any(|o| o.starts_with("THREADSAFE")),
            "{options:?}"
        );
        assert!(!options.iter().any(|o| o == "ENABLE_STAT4"), "{options:?}");
        Ok(())
    }
}
