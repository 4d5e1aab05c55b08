//! A vehicle permit as the resident sees it, with its product's name and renewal date.

use crate::db::permits::PermitRow;
use permit_api_types::Permit;
use permit_rules::scheme::Product;
use permit_rules::{PermitType, Scheme, renewal_opens_at};

pub fn permit_view(scheme: &Scheme, row: &PermitRow) -> Permit {
    let product =
        PermitType::parse(&row.permit_type)
            .ok()
            .and_then(|id| match scheme.product(&id) {
                Some(Product::VehiclePermit(v)) => Some(v.clone()),
                _ => None,
            });
    Permit {
        id: row.id.clone(),
        permit_type: row.permit_type.clone(),
        name: product.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        vrm: row.vrm.clone(),
        property_id: row.property_id.clone(),
        state: row.state.to_string(),
        auto_renew: row.auto_renew != 0,
        duration_months: u32::try_from(row.duration_months).unwrap_or_default(),
        price_pence: u64::try_from(row.price_pence).unwrap_or_default(),
        starts_at: row.starts(),
        expires_at: row.expires(),
        renewal_opens_at: product.map_or(row.expires(), |p| renewal_opens_at(&p, row.expires())),
    }
}
