use super::support::{london, permit_type, scheme};
use permit_rules::Refusal;
use permit_rules::scheme::{PermitCategory, Product, RefundPolicy, VehiclePermit, VrmChange};
use permit_rules::{
    HeldPermit, Pence, PurchaseRefusal, PurchaseRequest, RegistrationStatus, RenewalFacts,
    RenewalPayment, RenewalRefusal, Vrm, cancel_permit, check_purchase, may_renew, renewal_payment,
};

const ACTIVE: RegistrationStatus = RegistrationStatus::Active { until: None };

fn resident_products() -> Vec<VehiclePermit> {
    scheme("leicestershire")
        .products
        .into_iter()
        .filter_map(|p| match p {
            Product::VehiclePermit(v) if v.category == PermitCategory::Resident => Some(v),
            _ => None,
        })
        .collect()
}

fn buy(id: &str, months: Option<u32>) -> PurchaseRequest {
    PurchaseRequest {
        permit_type: permit_type(id),
        quantity: 1,
        duration_months: months,
        vrm: Some(Vrm::parse("AB12CDE").expect("vrm")),
    }
}

#[test]
fn rp1_five_types_each_with_priced_durations() {
    let names: Vec<String> = resident_products()
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "resident",
            "disabled-resident",
            "motorcycle",
            "temporary-resident",
            "student"
        ]
    );
    assert!(resident_products().iter().all(
        |p| !p.durations.is_empty() && p.durations.iter().all(|d| d.price_pence > Pence::ZERO)
    ));
}

#[test]
fn rp1_standard_resident_permit_is_twelve_months_only() {
    let leics = scheme("leicestershire");
    let now = london("2026-11-21 10:00");
    let quote =
        check_purchase(&leics, &buy("resident", None), &[], &ACTIVE, now).expect("only option");
    assert_eq!(quote.valid_until, london("2027-11-21 00:00"));
    let refused = check_purchase(&leics, &buy("resident", Some(6)), &[], &ACTIVE, now);
    assert_eq!(
        refused,
        Err(PurchaseRefusal::DurationNotOffered {
            requested: 6,
            options: vec![12]
        })
    );
}

#[test]
fn rp1_a_type_with_several_durations_needs_one_chosen_and_prices_it() {
    let leics = scheme("leicestershire");
    let now = london("2026-11-21 10:00");
    let refused = check_purchase(&leics, &buy("temporary-resident", None), &[], &ACTIVE, now)
        .expect_err("which?");
    assert_eq!(refused.code(), "duration_required");
    assert_eq!(
        refused.to_string(),
        "Choose a duration: 1 months or 3 months or 6 months."
    );
    let quote = check_purchase(
        &leics,
        &buy("temporary-resident", Some(3)),
        &[],
        &ACTIVE,
        now,
    )
    .expect("ok");
    assert_eq!(
        (quote.total, quote.valid_until),
        (Pence(2500), london("2027-02-21 00:00"))
    );
}

#[test]
fn rp2_every_resident_permit_is_reviewed() {
    assert!(resident_products().iter().all(|p| p.review));
    let quote = check_purchase(
        &scheme("leicestershire"),
        &buy("resident", None),
        &[],
        &ACTIVE,
        london("2026-11-21 10:00"),
    )
    .expect("ok");
    assert!(quote.needs_review);
}

#[test]
fn rp3_vehicle_change_is_a_request() {
    assert!(
        resident_products()
            .iter()
            .all(|p| p.vrm_change == VrmChange::Request)
    );
}

/// A 12-month resident permit bought on 1 April 2026, not renewed.
fn april_permit() -> HeldPermit {
    HeldPermit {
        permit_type: permit_type("resident"),
        valid_from: london("2026-04-01 10:00"),
        valid_until: london("2027-04-01 00:00"),
        price_paid: Pence(6000),
        months: 12,
        renewed_until: None,
        renewal_under_review: false,
    }
}

#[test]
fn rp4_renewal_opens_exactly_30_days_before_expiry() {
    let leics = scheme("leicestershire");
    let permit = april_permit();
    // Expiry date 31 March 2027 (BST begins 28 March); renewal opens 1 March (GMT).
    assert_eq!(
        may_renew(&leics, &permit, None, london("2027-02-28 23:59:59")),
        Err(RenewalRefusal::TooEarly {
            opens_at: london("2027-03-01 00:00")
        })
    );
    let quote = may_renew(&leics, &permit, None, london("2027-03-01 00:00")).expect("open");
    assert_eq!(quote.valid_until, london("2028-04-01 00:00"));
    assert!(quote.needs_review);
}

#[test]
fn rp4_renewal_of_a_permit_bought_on_29_february() {
    let leics = scheme("leicestershire");
    let quote = check_purchase(
        &leics,
        &buy("resident", None),
        &[],
        &ACTIVE,
        london("2028-02-29 11:00"),
    )
    .expect("ok");
    assert_eq!(quote.valid_until, london("2029-02-28 00:00"));
    let permit = HeldPermit {
        permit_type: permit_type("resident"),
        valid_from: quote.valid_from,
        valid_until: quote.valid_until,
        price_paid: quote.total,
        months: 12,
        renewed_until: None,
        renewal_under_review: false,
    };
    // Expiry date 27 February 2029; 30 days before is 28 January.
    assert!(may_renew(&leics, &permit, None, london("2029-01-27 23:59")).is_err());
    assert!(may_renew(&leics, &permit, None, london("2029-01-28 00:00")).is_ok());
}

#[test]
fn rp5_cancelling_is_allowed_but_non_refundable() {
    assert!(
        resident_products()
            .iter()
            .all(|p| p.refund == RefundPolicy::None)
    );
    let permit = HeldPermit {
        permit_type: permit_type("student"),
        valid_from: london("2026-09-01 10:00"),
        valid_until: london("2027-09-01 00:00"),
        price_paid: Pence(5500),
        months: 12,
        renewed_until: None,
        renewal_under_review: false,
    };
    let cancellation = cancel_permit(
        &scheme("leicestershire"),
        &permit,
        london("2026-09-02 10:00"),
    )
    .expect("ok");
    assert_eq!(cancellation.refund, Pence::ZERO);
    assert_eq!(cancellation.policy, "This permit is non-refundable.");
}

/// RP-5 with RP-2: the period that runs is not refunded, but a renewal still awaiting the
/// council's review is withdrawn with it and refunded in full, and the resident is told so
/// before confirming.
#[test]
fn rp5_rp2_cancelling_withdraws_a_renewal_awaiting_review() {
    let leics = scheme("leicestershire");
    let mut permit = april_permit();
    let now = london("2027-03-05 10:00");
    let plain = cancel_permit(&leics, &permit, now).expect("ok");
    assert!(!plain.withdraws_renewal);
    permit.renewed_until = Some(london("2028-04-01 00:00"));
    permit.renewal_under_review = true;
    let cancellation = cancel_permit(&leics, &permit, now).expect("ok");
    assert_eq!(
        (cancellation.refund, cancellation.withdraws_renewal),
        (Pence::ZERO, true)
    );
    assert_eq!(
        cancellation.policy,
        "This permit is non-refundable. Your renewal waiting for the council's approval is withdrawn with it, and what you paid for the renewal is refunded in full."
    );
    // Approved already, the next period is a permit of its own: cancelling this one leaves it.
    permit.renewal_under_review = false;
    assert!(
        !cancel_permit(&leics, &permit, now)
            .expect("ok")
            .withdraws_renewal
    );
}

#[test]
fn rp6_auto_renewal_is_offered_on_standard_permits() {
    let resident = resident_products()
        .into_iter()
        .find(|p| p.id.as_str() == "resident")
        .expect("resident");
    assert!(resident.auto_renewal);
}

/// A permit not renewed yet, of a resident with an email address.
fn facts(on: bool, has_agreement: bool, council_takes_recurring: bool) -> RenewalFacts {
    RenewalFacts {
        on,
        has_agreement,
        council_takes_recurring,
        renewed: false,
        has_email: true,
    }
}

#[test]
fn rp6_an_auto_renewal_is_charged_only_to_an_agreement_at_a_council_taking_recurring_payments() {
    let products = resident_products();
    let product = |id: &str| {
        products
            .iter()
            .find(|p| p.id.as_str() == id)
            .expect("product")
    };
    let (resident, temporary) = (product("resident"), product("temporary-resident"));
    use RenewalPayment::*;
    let cases = [
        (resident, facts(true, true, true), CardOnFile),
        // Switched off and on again: the agreement ended when it was switched off.
        (resident, facts(true, false, true), PaymentLink),
        // The council's account takes no recurring payments: an agreement could not be charged.
        (resident, facts(true, true, false), PaymentLinkNoRecurring),
        (resident, facts(true, false, false), PaymentLinkNoRecurring),
        // Off, or a product that never renews itself: the resident renews after the reminder.
        (resident, facts(false, true, true), Reminder),
        (temporary, facts(true, true, true), Reminder),
    ];
    for (product, facts, paid) in cases {
        assert_eq!(renewal_payment(product, &facts), paid, "{facts:?}");
    }
}

#[test]
fn rp4_rp6_a_renewed_period_is_paid_for_and_without_an_email_no_reminder_is_promised() {
    let leics = scheme("leicestershire");
    let Some(Product::VehiclePermit(resident)) = leics.product(&permit_type("resident")) else {
        panic!("resident permits");
    };
    let card = facts(true, true, true);
    // Renewed (by the card or by hand): the card is not charged again, whatever else holds.
    for on in [true, false] {
        let renewed = RenewalFacts {
            on,
            renewed: true,
            ..card
        };
        assert_eq!(renewal_payment(resident, &renewed), RenewalPayment::Renewed);
    }
    // RP-4: reminders are emailed, so without an email address none is promised.
    let off = RenewalFacts {
        on: false,
        has_email: false,
        ..card
    };
    assert_eq!(renewal_payment(resident, &off), RenewalPayment::NoReminder);
    // Auto-renewal on needs no reminder: the card or a link (texted) renews it.
    let texted = RenewalFacts {
        has_email: false,
        ..card
    };
    assert_eq!(
        renewal_payment(resident, &texted),
        RenewalPayment::CardOnFile
    );
    // A renewed permit is not renewed twice, even inside its window.
    let permit = HeldPermit {
        renewed_until: Some(london("2028-04-01 00:00")),
        renewal_under_review: false,
        ..april_permit()
    };
    let refused = may_renew(&leics, &permit, None, london("2027-03-02 10:00"));
    let until = london("2028-04-01 00:00");
    assert_eq!(refused, Err(RenewalRefusal::AlreadyRenewed { until }));
    let refusal = refused.expect_err("renewed");
    assert_eq!(refusal.code(), "already_renewed");
    assert_eq!(
        refusal.to_string(),
        "Renewed: the new period runs until the end of 31 March 2028."
    );
}

#[test]
fn rp7_resident_permits_belong_to_a_zone() {
    assert!(resident_products().iter().all(|p| p.zone_bound));
}
