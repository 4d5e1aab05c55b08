//! Visitor permits left, per permit type: what the resident can still book stays with, and
//! how much more the council's allowance lets them buy.

use permit_api_types::app::Balance;
use permit_api_types::{Catalogue, VisitorBundle};

/// One balance per visitor product the council sells.
pub fn balances(catalogue: &Catalogue, bundles: &[VisitorBundle]) -> Vec<Balance> {
    catalogue
        .products
        .iter()
        .filter(|product| product.kind == "visitor_bundle")
        .map(|product| Balance {
            permit_type: product.id.clone(),
            name: product.name.clone(),
            permits_left: bundles
                .iter()
                .filter(|b| b.permit_type == product.id && b.state == "active")
                .map(|b| b.remaining)
                .sum(),
            allowance: product.allowance.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use permit_api_types::Product;

    fn product(id: &str, kind: &str) -> Product {
        Product {
            id: id.into(),
            name: format!("{id} name"),
            kind: kind.into(),
            description: String::new(),
            bundle_size: Some(10),
            bundle_price_pence: Some(500),
            max_quantity: None,
            durations: vec![],
            needs_review: false,
            allowance: None,
            evidence: vec![],
            renew_automatically: false,
        }
    }

    fn bundle(permit_type: &str, remaining: u32, state: &str) -> VisitorBundle {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .expect("instant");
        VisitorBundle {
            id: format!("b-{permit_type}-{remaining}"),
            permit_type: permit_type.into(),
            permits: 10,
            remaining,
            state: state.into(),
            bought_at: at,
            expires_at: at,
        }
    }

    #[test]
    fn counts_unused_permits_of_active_bundles_per_visitor_product() {
        let catalogue = Catalogue {
            council: "hampshire".into(),
            can_buy: true,
            registration_explanation: String::new(),
            products: vec![
                product("visitor", "visitor_bundle"),
                product("resident", "vehicle_permit"),
            ],
        };
        let bundles = [
            bundle("visitor", 7, "active"),
            bundle("visitor", 10, "active"),
            bundle("visitor", 10, "pending_review"),
        ];
        let balances = balances(&catalogue, &bundles);
        assert_eq!(balances.len(), 1);
        assert_eq!(balances[0].permit_type, "visitor");
        assert_eq!(balances[0].permits_left, 17);
    }
}
