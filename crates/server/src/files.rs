//! Start-up data folders: councils and gazetteer are "one file each", read in name order.

use std::path::{Path, PathBuf};

/// The files in `dir` whose extension is one of `extensions`, in name order.
pub(crate) fn data_files(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| extensions.contains(&ext))
        })
        .collect();
    files.sort();
    Ok(files)
}
