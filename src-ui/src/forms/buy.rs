//! Buy Digital Permits: product, quantity or duration, and the price before paying (VP-1,
//! VP-4, VP-5, RP-1). No card: the payer pays on the provider's hosted page (issue 16).

use super::{FormErrors, optional};
use crate::model::PurchaseOrder;
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
}

impl BuyForm {
    pub const FIELDS: &'static [&'static str] =
        &["permit_type", "quantity", "duration_months", "vrm"];

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

    /// The whole order, once the quote is accepted; it is paid on the provider's hosted page.
    pub fn order(
        &self,
        scheme: &Scheme,
        history: &[PastPurchase],
        now: DateTime<Utc>,
    ) -> Result<(PurchaseOrder, PurchaseQuote), FormErrors> {
        let quote = self.quote(scheme, history, now)?;
        let request = self.request(scheme)?;
        Ok((
            PurchaseOrder {
                permit_type: request.permit_type,
                quantity: request.quantity,
                duration_months: request.duration_months,
                vrm: request.vrm,
                auto_renew: None,
            },
            quote,
        ))
    }
}

/// One radio of a GOV.UK radios question: its value, the label (the full name) and the hint
/// under it (price, and any eligibility or evidence note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

/// The council's products as radios: the full name, the price per bundle or per duration, and
/// what the council checks (VP-1, RP-1, VP-6, RP-2).
pub fn product_choices(scheme: &Scheme) -> Vec<Choice> {
    scheme
        .products
        .iter()
        .map(|product| {
            let (price, note, review) = match product {
                Product::VisitorBundle(b) => (
                    format!(
                        "{} for {} one-day permits, usable for {} months.",
                        b.price_pence, b.bundle_size, b.validity_months
                    ),
                    String::new(),
                    b.review,
                ),
                Product::VehiclePermit(v) => {
                    let prices: Vec<String> = v
                        .durations
                        .iter()
                        .map(|d| format!("{} for {}", d.price_pence, months(d.months)))
                        .collect();
                    (format!("{}.", prices.join(", ")), v.description.clone(), v.review)
                }
            };
            let review = review.then_some(
                "The council checks each purchase and may ask for evidence; if it refuses, your money is returned.",
            );
            let hint = [Some(price.as_str()), Some(note.trim()), review]
                .into_iter()
                .flatten()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Choice {
                value: product.id().to_string(),
                label: product.name().to_owned(),
                hint: Some(hint),
            }
        })
        .collect()
}

/// A vehicle permit's durations as radios, each with its price (RP-1).
pub fn duration_choices(permit: &permit_rules::scheme::VehiclePermit) -> Vec<Choice> {
    permit
        .durations
        .iter()
        .map(|d| Choice {
            value: d.months.to_string(),
            label: format!("{}: {}", months(d.months), d.price_pence),
            hint: None,
        })
        .collect()
}

/// "1 month", "12 months".
pub(crate) fn months(n: u32) -> String {
    match n {
        1 => "1 month".to_owned(),
        n => format!("{n} months"),
    }
}

/// One row of "Check your answers": what was asked, the answer, and the field to change it
/// (none for what follows from the answers, such as the total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub key: String,
    pub value: String,
    pub field: Option<&'static str>,
}

impl Answer {
    pub(crate) fn new(key: &str, value: impl Into<String>, field: Option<&'static str>) -> Self {
        Self {
            key: key.to_owned(),
            value: value.into(),
            field,
        }
    }
}

/// What "Check your answers" lists before paying: the order as the resident gave it, and what
/// it costs and gives (the amount is on the Pay button too).
pub fn purchase_answers(
    scheme: &Scheme,
    order: &PurchaseOrder,
    quote: &PurchaseQuote,
) -> Vec<Answer> {
    let mut rows = Vec::new();
    if let Some(product) = scheme.product(&order.permit_type) {
        let field = (scheme.products.len() > 1).then_some("permit_type");
        rows.push(Answer::new("Permit", product.name(), field));
        if let Product::VisitorBundle(b) = product {
            let bundles = match order.quantity {
                1 => "1 bundle".to_owned(),
                n => format!("{n} bundles"),
            };
            rows.push(Answer::new(
                "Number of bundles",
                format!(
                    "{bundles} ({} permits, {} each)",
                    order.quantity * b.bundle_size,
                    b.price_pence
                ),
                Some("quantity"),
            ));
        }
    }
    if let Some(m) = order.duration_months {
        rows.push(Answer::new(
            "How long for",
            months(m),
            Some("duration_months"),
        ));
    }
    if let Some(vrm) = &order.vrm {
        rows.push(Answer::new(
            "Vehicle registration",
            // Plates as people read them (issue 18): "AB12 CDE", as on Manage permits.
            vrm.spaced(),
            Some("vrm"),
        ));
    }
    rows.push(Answer::new(
        "Usable until",
        permit_rules::time::display_end(quote.valid_until),
        None,
    ));
    rows.push(Answer::new("Total", quote.total.to_string(), None));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{now, scheme};

    fn bundles(quantity: &str) -> BuyForm {
        BuyForm {
            permit_type: "visitor-bundle".into(),
            quantity: quantity.into(),
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
    fn rp1_vp1_each_product_is_a_radio_with_its_full_name_and_prices() {
        let choices = product_choices(&scheme("leicestershire"));
        let bundle = choices
            .iter()
            .find(|c| c.value == "visitor-bundle")
            .expect("bundle");
        assert_eq!(
            bundle.label,
            "Visitor permits (bundle of 10 one-day permits)"
        );
        let hint = bundle.hint.clone().unwrap_or_default();
        assert!(hint.starts_with("£20.00 for 10 one-day permits"), "{hint}");
        assert!(hint.contains("council checks each purchase"), "{hint}");
        let resident = choices
            .iter()
            .find(|c| c.value == "resident")
            .expect("resident");
        let hint = resident.hint.clone().unwrap_or_default();
        assert!(hint.contains("for 12 months"), "{hint}");
    }

    #[test]
    fn vp1_check_your_answers_names_the_order_and_its_total_and_no_card() {
        let hampshire = scheme("hampshire");
        let (order, quote) = bundles("2").order(&hampshire, &[], now()).expect("order");
        let rows = purchase_answers(&hampshire, &order, &quote);
        let row = |key: &str| rows.iter().find(|r| r.key == key).expect(key).clone();
        assert_eq!(
            row("Number of bundles").value,
            "2 bundles (20 permits, £15.00 each)"
        );
        assert_eq!(row("Number of bundles").field, Some("quantity"));
        assert!(rows.iter().all(|r| r.key != "Card"), "no card is asked for");
        assert_eq!(row("Total").value, "£30.00");
        assert_eq!(row("Total").field, None);
        // One product: nothing to change it to.
        assert_eq!(row("Permit").field, None);
    }

    #[test]
    fn a_good_order_keeps_the_quantity() {
        let (order, quote) = bundles("1")
            .order(&scheme("hampshire"), &[], now())
            .expect("order");
        assert_eq!((order.quantity, quote.permits), (1, 10));
    }
}
