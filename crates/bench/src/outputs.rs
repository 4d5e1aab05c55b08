//! What the load generator reads (tab-separated, one request per line) and the gazetteer the
//! server loads for the generated properties.
//!
//! - `gazetteer/<council>.csv`: the properties, in the server's CSV gazetteer format (read as a
//!   stream: at 10x a TOML file of them took the server 345 MB to parse).
//! - `tokens.tsv`: `token` of each household with visitor permits (the upcoming-stays read).
//! - `bookings.tsv`: `token \t body`: tomorrow's stay for a random plate, each household
//!   [`SPARE_PERMITS`] times, households shuffled, so a run never asks for a permit not held.
//! - `purchases.tsv`: `token \t body`: one bundle of the council's visitor permits, each
//!   household as many times as its allowance still allows, households shuffled, so the
//!   purchase run is never refused for the allowance.
//! - `enforcement.tsv`: `api key \t path`: half the plates parked now with a permit or a stay
//!   in that zone, half unknown plates.
//! - `enforcement-keys.txt`: the `PERMITS_ENFORCEMENT_KEYS` value for those keys.

use crate::dataset::{Dataset, SPARE_PERMITS};
use crate::plates;
use chrono::{DateTime, Duration, NaiveTime, SecondsFormat, Utc};
use permit_rules::scheme::StayKind;
use permit_rules::time::{from_local, local_date, start_of_day};
use permit_rules::{PastPurchase, PermitType, allowance_state};
use permit_server::gazetteer::csv_file;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

const ENFORCEMENT_QUERIES: usize = 100_000;

pub(crate) fn enforcement_key(council: &str) -> String {
    format!("bench-enforcement-key-{council}")
}

pub(crate) fn write_all(dir: &Path, data: &Dataset, now: DateTime<Utc>) -> io::Result<()> {
    let mut rng = StdRng::seed_from_u64(1121);
    gazetteer(dir, data)?;
    let mut visitors = data.visitors.clone();
    visitors.shuffle(&mut rng);
    let tokens: String = visitors
        .iter()
        .map(|&h| format!("{}\n", data.households[h].token))
        .collect();
    std::fs::write(dir.join("tokens.tsv"), tokens)?;
    std::fs::write(
        dir.join("bookings.tsv"),
        bookings(&mut rng, data, &visitors, now),
    )?;
    std::fs::write(
        dir.join("purchases.tsv"),
        // Its own random numbers: the other files stay as they were before it existed.
        purchases(&mut StdRng::seed_from_u64(1616), data, &visitors, now),
    )?;
    std::fs::write(
        dir.join("enforcement.tsv"),
        enforcement(&mut rng, data, now),
    )?;
    let mut councils: Vec<&str> = data
        .households
        .iter()
        .map(|h| h.scheme.id.as_str())
        .collect();
    councils.sort_unstable();
    councils.dedup();
    let keys: Vec<String> = councils
        .iter()
        .map(|c| format!("{c}:{}", enforcement_key(c)))
        .collect();
    std::fs::write(dir.join("enforcement-keys.txt"), keys.join(","))
}

fn gazetteer(dir: &Path, data: &Dataset) -> io::Result<()> {
    let dir = dir.join("gazetteer");
    std::fs::create_dir_all(&dir)?;
    // The folder is this seed's gazetteer only: an earlier seed's files would repeat its ids.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|ext| ext == "csv" || ext == "toml")
        {
            std::fs::remove_file(path)?;
        }
    }
    let mut files: BTreeMap<&str, csv::Writer<std::fs::File>> = BTreeMap::new();
    for home in &data.households {
        let council = home.scheme.id.as_str();
        let file = match files.entry(council) {
            Entry::Occupied(file) => file.into_mut(),
            Entry::Vacant(slot) => {
                let mut file = csv::Writer::from_path(dir.join(format!("{council}.csv")))?;
                let header = csv_file::FIXED_COLUMNS
                    .map(str::to_owned)
                    .into_iter()
                    .chain((1..=2).map(csv_file::address_column));
                file.write_record(header)?;
                slot.insert(file)
            }
        };
        file.write_record([
            home.property_id.as_str(),
            home.postcode.as_str(),
            home.house.as_str(),
            home.council_tax_account.as_str(),
            home.zone.as_str(),
            &format!("{} {}", home.house, home.street),
            "Benchton",
        ])?;
    }
    for file in files.values_mut() {
        file.flush()?;
    }
    Ok(())
}

fn iso(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn bookings(rng: &mut StdRng, data: &Dataset, visitors: &[usize], now: DateTime<Utc>) -> String {
    let tomorrow = local_date(now) + Duration::days(1);
    let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default();
    let mut out = String::new();
    for _ in 0..SPARE_PERMITS {
        for &h in visitors {
            let home = &data.households[h];
            let vrm = plates::random(rng);
            let body = match home.scheme.stays.as_ref().map(|s| s.kind) {
                Some(StayKind::Duration) => format!(
                    r#"{{"vrm":"{vrm}","start":"{}","duration_minutes":120}}"#,
                    iso(from_local(tomorrow.and_time(ten)))
                ),
                _ => format!(
                    r#"{{"vrm":"{vrm}","start":"{}"}}"#,
                    iso(start_of_day(tomorrow))
                ),
            };
            let _ = writeln!(out, "{}\t{body}", home.token);
        }
    }
    out
}

fn purchases(rng: &mut StdRng, data: &Dataset, visitors: &[usize], now: DateTime<Utc>) -> String {
    let mut bought: BTreeMap<&str, Vec<PastPurchase>> = BTreeMap::new();
    for bundle in &data.bundles {
        let Ok(permit_type) = PermitType::parse(&bundle.permit_type) else {
            continue;
        };
        bought
            .entry(bundle.resident_id.as_str())
            .or_default()
            .push(PastPurchase {
                permit_type,
                permits: bundle.permits,
                at: DateTime::from_timestamp(bundle.bought_at, 0).unwrap_or(now),
            });
    }
    let mut lines = Vec::new();
    for &h in visitors {
        let home = &data.households[h];
        let Some(product) = home.scheme.visitor_products().next() else {
            continue;
        };
        let history = bought
            .get(home.resident_id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let left = product
            .allowance
            .map_or(product.max_quantity * product.bundle_size, |a| {
                allowance_state(a, &product.id, history, now).left
            });
        for _ in 0..left / product.bundle_size.max(1) {
            lines.push(format!(
                "{}\t{{\"permit_type\":\"{}\",\"quantity\":1}}\n",
                home.token,
                product.id.as_str()
            ));
        }
    }
    lines.shuffle(rng);
    lines.concat()
}

fn enforcement(rng: &mut StdRng, data: &Dataset, now: DateTime<Utc>) -> String {
    let home_of: BTreeMap<&str, usize> = data
        .households
        .iter()
        .enumerate()
        .map(|(i, h)| (h.resident_id.as_str(), i))
        .collect();
    // Still parked ten minutes from now, so the answer cannot change during a run.
    let (now_s, later) = (now.timestamp(), now.timestamp() + 600);
    let parked_stays = data
        .stays
        .iter()
        .filter(|s| s.cancelled_at.is_none() && s.starts_at <= now_s && s.ends_at > later)
        .map(|s| (s.resident_id.as_str(), s.vrm.as_str()));
    let parked_permits = data
        .permits
        .iter()
        .filter(|p| p.starts_at <= now_s && p.expires_at > later)
        .map(|p| (p.resident_id.as_str(), p.vrm.as_str()));
    let parked: Vec<(usize, &str)> = parked_stays
        .chain(parked_permits)
        .filter_map(|(resident, vrm)| Some((*home_of.get(resident)?, vrm)))
        .collect();
    let mut out = String::new();
    for n in 0..ENFORCEMENT_QUERIES {
        let (home, vrm) = if n % 2 == 0 && !parked.is_empty() {
            let (h, vrm) = parked[rng.random_range(0..parked.len())];
            (&data.households[h], vrm.to_owned())
        } else {
            let h = rng.random_range(0..data.households.len());
            (&data.households[h], plates::random(rng))
        };
        let _ = writeln!(
            out,
            "{}\t{}/enforcement/check?vrm={vrm}&zone={}",
            enforcement_key(home.scheme.id.as_str()),
            permit_api_types::API_PREFIX,
            home.zone
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Sizes, generate};
    use permit_server::councils::Councils;
    use permit_server::gazetteer::Gazetteer;

    #[test]
    fn the_server_loads_the_seeds_gazetteer() {
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
        let councils = Councils::load(&assets.join("councils")).expect("the demo councils");
        let schemes: Vec<_> = councils.all().cloned().collect();
        let sizes = Sizes {
            households: 300,
            stays: 10,
            permits: 10,
        };
        let data = generate(&schemes, &sizes, Utc::now()).expect("generated");
        let out = tempfile::tempdir().expect("temp dir");
        let dir = out.path().join("gazetteer");
        std::fs::create_dir_all(&dir).expect("folder");
        // An earlier seed's file (the TOML format) would repeat every id.
        let council = data.households[0].scheme.id.as_str().to_owned();
        std::fs::write(dir.join(format!("{council}.toml")), "stale").expect("written");
        gazetteer(out.path(), &data).expect("written");
        let loaded = Gazetteer::load(&dir).expect("loads");
        for home in &data.households {
            let property = loaded.get(&home.property_id).expect("every household");
            assert_eq!(property.council.as_str(), home.scheme.id.as_str());
            assert_eq!(
                (property.postcode.as_str(), property.house.as_str()),
                (home.postcode.as_str(), home.house.as_str())
            );
            assert_eq!(property.zone, home.zone);
            assert_eq!(property.address.len(), 2);
        }
        assert_eq!(loaded.zones().count(), data.households.len());
    }
}
