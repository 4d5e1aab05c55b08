//! The generated data set: households spread over the councils' data files, each with a
//! property, an approved registration and a session; visitor bundles and a year of stays
//! where the council sells visitor permits; vehicle permits (current, last year's, a second
//! vehicle) where it sells those. Purchases respect each council's bundle sizes, so the
//! server's own checks see a realistic account. The random numbers are seeded: the same
//! sizes give the same data set, apart from the instants, which follow the clock.

use crate::plates;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use permit_rules::scheme::{Product, StayKind, VehiclePermit, VisitorBundle};
use permit_rules::time::{from_local, local_date, start_of_day};
use permit_rules::{Scheme, bundle_expires_at};
use permit_server::auth::sha256_hex;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct Sizes {
    pub(crate) households: usize,
    pub(crate) stays: usize,
    pub(crate) permits: usize,
}

impl Default for Sizes {
    fn default() -> Self {
        Self {
            households: 50_000,
            stays: 500_000,
            permits: 100_000,
        }
    }
}

/// Visitor permits each household keeps unspent, for the booking benchmark to use.
pub(crate) const SPARE_PERMITS: u32 = 5;
const ZONES_PER_COUNCIL: usize = 4;

#[derive(Debug)]
pub(crate) struct Household {
    pub(crate) resident_id: String,
    pub(crate) scheme: Arc<Scheme>,
    pub(crate) property_id: String,
    pub(crate) postcode: String,
    pub(crate) house: String,
    pub(crate) street: String,
    pub(crate) council_tax_account: String,
    pub(crate) zone: String,
    pub(crate) token: String,
    pub(crate) token_hash: String,
}

#[derive(Debug)]
pub(crate) struct Payment {
    pub(crate) id: String,
    pub(crate) resident_id: String,
    pub(crate) permit_type: String,
    pub(crate) description: String,
    pub(crate) amount_pence: u64,
    pub(crate) created_at: i64,
}

#[derive(Debug)]
pub(crate) struct Bundle {
    pub(crate) id: String,
    pub(crate) resident_id: String,
    pub(crate) payment_id: String,
    pub(crate) permit_type: String,
    pub(crate) permits: u32,
    pub(crate) remaining: u32,
    pub(crate) bought_at: i64,
    pub(crate) expires_at: i64,
}

#[derive(Debug)]
pub(crate) struct Permit {
    pub(crate) id: String,
    pub(crate) resident_id: String,
    pub(crate) payment_id: String,
    pub(crate) permit_type: String,
    pub(crate) vrm: String,
    pub(crate) property_id: String,
    pub(crate) months: u32,
    pub(crate) price_pence: u64,
    pub(crate) starts_at: i64,
    pub(crate) expires_at: i64,
}

#[derive(Debug)]
pub(crate) struct Stay {
    pub(crate) id: String,
    pub(crate) resident_id: String,
    pub(crate) bundle_id: String,
    pub(crate) permit_type: String,
    pub(crate) vrm: String,
    pub(crate) property_id: String,
    pub(crate) starts_at: i64,
    pub(crate) ends_at: i64,
    pub(crate) cancelled_at: Option<i64>,
    pub(crate) created_at: i64,
}

#[derive(Debug, Default)]
pub(crate) struct Dataset {
    pub(crate) households: Vec<Household>,
    pub(crate) payments: Vec<Payment>,
    pub(crate) bundles: Vec<Bundle>,
    pub(crate) permits: Vec<Permit>,
    pub(crate) stays: Vec<Stay>,
    /// The households whose council sells visitor bundles (they have stays), by index.
    pub(crate) visitors: Vec<usize>,
}

fn visitor_product(scheme: &Scheme) -> Option<&VisitorBundle> {
    scheme.visitor_products().next()
}

fn vehicle_product(scheme: &Scheme) -> Option<&VehiclePermit> {
    scheme.products.iter().find_map(|p| match p {
        Product::VehiclePermit(v) => Some(v),
        Product::VisitorBundle(_) => None,
    })
}

/// Postcodes per council: an outward code of the council's area and generated inward codes.
fn outward(council: &str) -> &'static str {
    match council {
        "hampshire" => "SO23",
        "leicestershire" => "LE11",
        "cambridgeshire" => "CB4",
        "leicester" => "LE2",
        _ => "ZZ99",
    }
}

pub(crate) fn generate(
    schemes: &[Arc<Scheme>],
    sizes: &Sizes,
    now: DateTime<Utc>,
) -> Result<Dataset, String> {
    if schemes.is_empty() {
        return Err("no council data files".into());
    }
    let mut rng = StdRng::seed_from_u64(20_261_121);
    let mut data = Dataset::default();
    for n in 0..sizes.households {
        let scheme = schemes[n % schemes.len()].clone();
        let i = n / schemes.len();
        data.households.push(household(&mut rng, scheme, n, i));
    }
    data.visitors = (0..data.households.len())
        .filter(|&h| visitor_product(&data.households[h].scheme).is_some())
        .collect();
    let drivers: Vec<usize> = (0..data.households.len())
        .filter(|&h| vehicle_product(&data.households[h].scheme).is_some())
        .collect();
    if data.visitors.is_empty() || drivers.is_empty() {
        return Err("the councils sell no visitor bundles or no vehicle permits".into());
    }
    for k in 0..data.visitors.len() {
        let (h, count) = (data.visitors[k], share(sizes.stays, data.visitors.len(), k));
        visitor_history(&mut rng, &mut data, h, count, now);
    }
    for (k, &h) in drivers.iter().enumerate() {
        let count = share(sizes.permits, drivers.len(), k);
        vehicle_permits(&mut rng, &mut data, h, count, now);
    }
    Ok(data)
}

/// The k-th of `parts` shares of `total`, the remainder going to the first ones.
fn share(total: usize, parts: usize, k: usize) -> usize {
    total / parts + usize::from(k < total % parts)
}

fn household(rng: &mut StdRng, scheme: Arc<Scheme>, n: usize, i: usize) -> Household {
    const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let council = scheme.id.as_str().to_owned();
    // Twenty houses share a postcode, as on a real street.
    let street = i / 20;
    let inward = format!(
        "{}{}{}",
        street % 10,
        char::from(INWARD[(street / 10) % INWARD.len()]),
        char::from(INWARD[(street / 200) % INWARD.len()])
    );
    let token_bytes: [u8; 32] = rng.random();
    let token = permit_server::db::hex(&token_bytes);
    Household {
        resident_id: format!("res_bench{n:06}"),
        property_id: format!("{council}-b{i:06}"),
        postcode: format!("{} {inward}", outward(&council)),
        house: (i % 20 * 2 + 1).to_string(),
        street: format!("{} Bench Street", street + 1),
        council_tax_account: format!("9{n:08}"),
        zone: format!("B{}", i % ZONES_PER_COUNCIL + 1),
        // Hashed as the server hashes bearer tokens, so the sessions are found.
        token_hash: sha256_hex(&token),
        token,
        scheme,
    }
}

fn day_start(now: DateTime<Utc>, offset_days: i64) -> DateTime<Utc> {
    start_of_day(local_date(now) + Duration::days(offset_days))
}

fn visitor_history(
    rng: &mut StdRng,
    data: &mut Dataset,
    h: usize,
    count: usize,
    now: DateTime<Utc>,
) {
    let home = &data.households[h];
    let Some(product) = visitor_product(&home.scheme) else {
        return;
    };
    let Some(stays_rules) = home.scheme.stays.clone() else {
        return;
    };
    let (resident, property) = (home.resident_id.clone(), home.property_id.clone());
    let mut planned: Vec<(i64, i64, bool)> = (0..count)
        .map(|_| {
            // One stay in ten is today's, so enforcement finds vehicles parked now.
            let offset = if rng.random_bool(0.1) {
                0
            } else {
                rng.random_range(-180..=14)
            };
            let (start, end) = match stays_rules.kind {
                StayKind::WholeDay => (day_start(now, offset), day_start(now, offset + 1)),
                StayKind::Duration => {
                    let minutes = *stays_rules
                        .durations_minutes
                        .get(rng.random_range(0..stays_rules.durations_minutes.len().max(1)))
                        .unwrap_or(&120);
                    let start = if offset == 0 {
                        now - Duration::minutes(rng.random_range(0..60))
                    } else {
                        let hour = rng.random_range(8..=20);
                        let date = local_date(now) + Duration::days(offset);
                        from_local(
                            date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()),
                        )
                    };
                    let midnight = start_of_day(local_date(start) + Duration::days(1));
                    (
                        start,
                        (start + Duration::minutes(i64::from(minutes))).min(midnight),
                    )
                }
            };
            let cancelled = rng.random_bool(0.03);
            (start.timestamp(), end.timestamp(), cancelled)
        })
        .collect();
    planned.sort_unstable();
    let used = planned.iter().filter(|s| !s.2).count() as u32;
    let bundles = (used + SPARE_PERMITS).div_ceil(product.bundle_size);
    // Bought 200 days ago: every stay of the last 180 days falls inside their 12 months.
    let bought = from_local(
        (local_date(now) - Duration::days(200))
            .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default()),
    );
    let expires = bundle_expires_at(product.validity_months, bought);
    let first_bundle = data.bundles.len();
    for b in 0..bundles {
        let payment_id = format!("pay_bench{h:06}v{b}");
        data.payments.push(Payment {
            id: payment_id.clone(),
            resident_id: resident.clone(),
            permit_type: product.id.as_str().to_owned(),
            description: product.name.clone(),
            amount_pence: product.price_pence.0,
            created_at: bought.timestamp(),
        });
        data.bundles.push(Bundle {
            id: format!("bun_bench{h:06}v{b}"),
            resident_id: resident.clone(),
            payment_id,
            permit_type: product.id.as_str().to_owned(),
            permits: product.bundle_size,
            remaining: product.bundle_size,
            bought_at: bought.timestamp(),
            expires_at: expires.timestamp(),
        });
    }
    // The soonest-expiring bundle pays first; all expire together, so fill them in order.
    let mut current = first_bundle;
    for (j, (start, end, cancelled)) in planned.into_iter().enumerate() {
        if data.bundles[current].remaining == 0 {
            current += 1;
        }
        if !cancelled {
            data.bundles[current].remaining -= 1;
        }
        data.stays.push(Stay {
            id: format!("stay_bench{h:06}s{j:02}"),
            resident_id: resident.clone(),
            bundle_id: data.bundles[current].id.clone(),
            permit_type: product.id.as_str().to_owned(),
            vrm: plates::random(rng),
            property_id: property.clone(),
            starts_at: start,
            ends_at: end,
            cancelled_at: cancelled.then_some(start - 3600),
            created_at: (start - 86_400).min(now.timestamp()),
        });
    }
}

fn vehicle_permits(
    rng: &mut StdRng,
    data: &mut Dataset,
    h: usize,
    count: usize,
    now: DateTime<Utc>,
) {
    let home = &data.households[h];
    let Some(product) = vehicle_product(&home.scheme) else {
        return;
    };
    let Some(duration) = product.durations.first() else {
        return;
    };
    let (resident, property) = (home.resident_id.clone(), home.property_id.clone());
    let current_start = day_start(now, -rng.random_range(1..330));
    for k in 0..count {
        // The current permit, last year's (expired), then further vehicles' current ones.
        let start = if k == 1 {
            start_of_day(permit_rules::time::sub_months(
                local_date(current_start),
                duration.months,
            ))
        } else {
            current_start
        };
        let expires = start_of_day(permit_rules::time::add_months(
            local_date(start),
            duration.months,
        ));
        let payment_id = format!("pay_bench{h:06}p{k}");
        data.payments.push(Payment {
            id: payment_id.clone(),
            resident_id: resident.clone(),
            permit_type: product.id.as_str().to_owned(),
            description: product.name.clone(),
            amount_pence: duration.price_pence.0,
            created_at: start.timestamp(),
        });
        data.permits.push(Permit {
            id: format!("per_bench{h:06}p{k}"),
            resident_id: resident.clone(),
            payment_id,
            permit_type: product.id.as_str().to_owned(),
            vrm: plates::random(rng),
            property_id: property.clone(),
            months: duration.months,
            price_pence: duration.price_pence.0,
            starts_at: start.timestamp(),
            expires_at: expires.timestamp(),
        });
    }
}
