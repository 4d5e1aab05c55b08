//! Buy Digital Permits: product, quantity or duration, the price before paying, and the
//! sandbox card (VP-1, VP-4, VP-5, RP-1).

use super::{FormErrors, optional};
use crate::model::{PurchaseOrder, SandboxCard};
use chrono::{DateTime, Utc};
use permit_rules::scheme::Product;
use permit_rules::{
    PastPurchase, PermitType, PurchaseQuote, PurchaseRequest, RegistrationStatus, Scheme, Vrm,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyForm {
    pub permit_type: String,
    pub quantity: String,
    pub duration_months: String,
    pub vrm: String,
    pub card_number: String,
    pub card_expiry: String,
    pub card_cvc: String,
}

impl BuyForm {
    pub const FIELDS: &'static [&'static str] = &[
        "permit_type",
        "quantity",
        "duration_months",
        "vrm",
        "card_number",
        "card_expiry",
        "card_cvc",
    ];

    /// The product chosen, if it is one of this council's.
    pub fn product<'a>(&self, scheme: &'a Scheme) -> Option<&'a Product> {
        let id = PermitType::parse(self.permit_type.trim()).ok()?;
        scheme.product(&id)
    }

    /// The price and what the purchase leaves, before paying; the server quotes again.
    pub fn quote(
        &self,
        scheme: &Scheme,
        history: &[PastPurchase],
        now: DateTime<Utc>,
    ) -> Result<PurchaseQuote, FormErrors> {
        let request = self.request(scheme)?;
        // The preview assumes an active registration: the page shows the registration's state
        // itself, and the server refuses a purchase it does not allow.
        let registration = RegistrationStatus::Active { until: None };
        permit_rules::check_purchase(scheme, &request, history, &registration, now).map_err(
            |refusal| {
                let mut errors = FormErrors::new();
                errors.add_refusal(&refusal);
                errors
            },
        )
    }

    fn request(&self, scheme: &Scheme) -> Result<PurchaseRequest, FormErrors> {
        let mut errors = FormErrors::new();
        let Some(product) = self.product(scheme) else {
            errors.add("permit_type", "Choose what to buy.");
            return Err(errors);
        };
        let (quantity, duration_months, vrm) = match product {
            Product::VisitorBundle(_) => {
                let quantity = self.quantity.trim().parse::<u32>().map_err(|_| {
                    errors.add("quantity", "Enter how many bundles to buy, for example 1.")
                });
                (quantity.unwrap_or(0), None, None)
            }
            Product::VehiclePermit(_) => {
                let months = optional(&self.duration_months)
                    .map(str::parse::<u32>)
                    .transpose()
                    .map_err(|_| errors.add("duration_months", "Choose a duration."))
                    .unwrap_or(None);
                let vrm = Vrm::parse(&self.vrm)
                    .map_err(|e| errors.add("vrm", e.to_string()))
                    .ok();
                (1, months, vrm)
            }
        };
        errors.into_result(|| {
            Some(PurchaseRequest {
                permit_type: product.id().clone(),
                quantity,
                duration_months,
                vrm,
            })
        })
    }

    /// The whole order, once the quote is accepted and the card typed.
    pub fn order(
        &self,
        scheme: &Scheme,
        history: &[PastPurchase],
        now: DateTime<Utc>,
    ) -> Result<(PurchaseOrder, PurchaseQuote), FormErrors> {
        let quote = self.quote(scheme, history, now);
        let card = card_from(&self.card_number, &self.card_expiry, &self.card_cvc);
        let request = self.request(scheme);
        match (quote, card, request) {
            (Ok(quote), Ok(card), Ok(request)) => Ok((
                PurchaseOrder {
                    permit_type: request.permit_type,
                    quantity: request.quantity,
                    duration_months: request.duration_months,
                    vrm: request.vrm,
                    card,
                },
                quote,
            )),
            (quote, card, _) => {
                let mut errors = quote.err().unwrap_or_default();
                for error in card.err().unwrap_or_default().all() {
                    if let Some(field) = &error.field {
                        errors.add(field, error.message.clone());
                    }
                }
                Err(errors)
            }
        }
    }
}

/// The sandbox card: 16 digits (spaces allowed), MM/YY, and a 3-digit security code.
pub fn card_from(number: &str, expiry: &str, cvc: &str) -> Result<SandboxCard, FormErrors> {
    let mut errors = FormErrors::new();
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 16 || !digits.chars().all(|c| c.is_ascii_digit()) {
        errors.add("card_number", "Enter the 16-digit card number.");
    }
    let expiry = expiry.trim();
    let valid_expiry = match expiry.split_once('/') {
        Some((mm, yy)) => {
            mm.len() == 2
                && yy.len() == 2
                && mm.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                && yy.parse::<u32>().is_ok()
        }
        None => false,
    };
    if !valid_expiry {
        errors.add(
            "card_expiry",
            "Enter the expiry date as MM/YY, for example 12/29.",
        );
    }
    let cvc = cvc.trim();
    if cvc.len() != 3 || !cvc.chars().all(|c| c.is_ascii_digit()) {
        errors.add(
            "card_cvc",
            "Enter the 3-digit security code from the back of the card.",
        );
    }
    errors.into_result(|| {
        Some(SandboxCard {
            number: digits.clone(),
            expiry: expiry.to_owned(),
            cvc: cvc.to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{now, scheme};

    fn bundles(quantity: &str) -> BuyForm {
        BuyForm {
            permit_type: "visitor-bundle".into(),
            quantity: quantity.into(),
            card_number: "4242 4242 4242 4242".into(),
            card_expiry: "12/29".into(),
            card_cvc: "123".into(),
            ..BuyForm::default()
        }
    }

    #[test]
    fn vp1_the_price_is_shown_before_paying() {
        let quote = bundles("2")
            .quote(&scheme("hampshire"), &[], now())
            .expect("quote");
        assert_eq!(
            (quote.permits, quote.total.to_string()),
            (20, "£30.00".into())
        );
    }

    #[test]
    fn vp4_a_third_bundle_in_a_month_is_a_quantity_error() {
        let bought = PastPurchase {
            permit_type: PermitType::parse("visitor-bundle").expect("id"),
            permits: 10,
            at: "2026-11-02T10:00:00Z".parse().expect("instant"),
        };
        let errors = bundles("2")
            .quote(&scheme("leicestershire"), &[bought], now())
            .expect_err("over the allowance");
        let message = errors.for_field("quantity").expect("next to quantity");
        assert!(message.contains("10 of your 20"), "{message}");
    }

    #[test]
    fn rp1_a_resident_permit_needs_a_vrm_and_a_duration() {
        let form = BuyForm {
            permit_type: "motorcycle".into(),
            ..BuyForm::default()
        };
        let errors = form
            .quote(&scheme("leicestershire"), &[], now())
            .expect_err("no vrm");
        assert!(errors.for_field("vrm").is_some());
    }

    #[test]
    fn the_sandbox_card_is_checked_field_by_field() {
        let errors = card_from("4242", "13/29", "12").expect_err("bad card");
        for field in ["card_number", "card_expiry", "card_cvc"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        let card = card_from("4242 4242 4242 4242", "12/29", "123").expect("good card");
        assert_eq!(card.number, "4242424242424242");
    }

    #[test]
    fn a_good_order_keeps_the_card_and_quantity() {
        let (order, quote) = bundles("1")
            .order(&scheme("hampshire"), &[], now())
            .expect("order");
        assert_eq!((order.quantity, quote.permits), (1, 10));
    }
}
