//! How many writes each group commit carried: the figure that says whether batching works
//! (issue 20). Counted in memory and logged when the server stops; `scripts/bench.sh` prints
//! the lines from the server's log next to its table.

use std::sync::atomic::{AtomicU64, Ordering};

/// Batches of 1, 2-3, 4-7, ... 512 and more.
const BUCKETS: usize = 10;

#[derive(Debug, Default)]
pub struct BatchSizes {
    batches: AtomicU64,
    writes: AtomicU64,
    largest: AtomicU64,
    /// Batches by size: bucket `k` holds sizes `2^k ..= 2^(k+1) - 1`.
    by_size: [AtomicU64; BUCKETS],
}

impl BatchSizes {
    pub fn record(&self, writes: usize) {
        let n = u64::try_from(writes).unwrap_or(u64::MAX);
        if n == 0 {
            return;
        }
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.writes.fetch_add(n, Ordering::Relaxed);
        self.largest.fetch_max(n, Ordering::Relaxed);
        let bucket = usize::try_from(n.ilog2())
            .unwrap_or(BUCKETS)
            .min(BUCKETS - 1);
        self.by_size[bucket].fetch_add(1, Ordering::Relaxed);
    }

    pub fn batches(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }

    /// One line: batches, writes, mean and largest batch, and how many batches of each size.
    pub fn summary(&self) -> String {
        let batches = self.batches();
        let writes = self.writes.load(Ordering::Relaxed);
        let mean = if batches == 0 {
            0.0
        } else {
            writes as f64 / batches as f64
        };
        let sizes: Vec<String> = self
            .by_size
            .iter()
            .enumerate()
            .filter_map(|(k, count)| {
                let count = count.load(Ordering::Relaxed);
                (count > 0).then(|| {
                    let low = 1u64 << k;
                    let high = (1u64 << (k + 1)) - 1;
                    match (low, k + 1 == BUCKETS) {
                        (_, true) => format!("{low}+: {count}"),
                        (1, _) => format!("1: {count}"),
                        _ => format!("{low}-{high}: {count}"),
                    }
                })
            })
            .collect();
        format!(
            "{batches} batches, {writes} writes, mean {mean:.1}, largest {}; batches by size {}",
            self.largest.load(Ordering::Relaxed),
            if sizes.is_empty() {
                "-".to_owned()
            } else {
                sizes.join(", ")
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_fall_into_power_of_two_buckets() {
        let sizes = BatchSizes::default();
        for n in [1, 1, 2, 3, 4, 7, 8, 16, 600, 0] {
            sizes.record(n);
        }
        assert_eq!(
            sizes.summary(),
            "9 batches, 642 writes, mean 71.3, largest 600; batches by size \
             1: 2, 2-3: 2, 4-7: 2, 8-15: 1, 16-31: 1, 512+: 1"
        );
    }
}
