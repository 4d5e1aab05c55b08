//! The councils' schemes, one data file each under `councils_dir` (a new council is a new
//! file, not new code).

use permit_rules::{CouncilId, Scheme};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Councils {
    schemes: BTreeMap<String, Arc<Scheme>>,
}

impl Councils {
    pub fn load(dir: &Path) -> Result<Self, String> {
        let mut schemes = BTreeMap::new();
        for path in crate::files::data_files(dir, &["toml"])? {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let scheme =
                Scheme::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            schemes.insert(scheme.id.as_str().to_owned(), Arc::new(scheme));
        }
        if schemes.is_empty() {
            tracing::warn!(dir = %dir.display(), "no council files (*.toml): no council is served");
        }
        Ok(Self { schemes })
    }

    pub fn get(&self, id: &CouncilId) -> Option<Arc<Scheme>> {
        self.schemes.get(id.as_str()).cloned()
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<Scheme>> {
        self.schemes.values()
    }
}
