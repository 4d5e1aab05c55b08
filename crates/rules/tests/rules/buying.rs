use super::support::{bought, london, permit_type, scheme};
use permit_rules::Refusal;
use permit_rules::scheme::Allowance;
use permit_rules::{
    Pence, PurchaseRefusal, PurchaseRequest, RegistrationStatus, allowance_state,
    bundle_expires_at, check_purchase,
};

const ACTIVE: RegistrationStatus = RegistrationStatus::Active { until: None };

fn bundles(quantity: u32) -> PurchaseRequest {
    PurchaseRequest {
        permit_type: permit_type("visitor-bundle"),
        quantity,
        duration_months: None,
        vrm: None,
    }
}

/// Asks for `quantity` bundles at a London wall-clock time, registered.
fn buy(
    scheme: &permit_rules::Scheme,
    quantity: u32,
    history: &[permit_rules::PastPurchase],
    at: &str,
) -> Result<permit_rules::PurchaseQuote, PurchaseRefusal> {
    check_purchase(scheme, &bundles(quantity), history, &ACTIVE, london(at))
}

fn allowance_of(council: &str) -> Allowance {
    let s = scheme(council);
    s.visitor_products()
        .next()
        .and_then(|b| b.allowance)
        .expect("an allowance")
}

#[test]
fn vp1_hampshire_sells_bundles_of_ten_several_in_one_transaction() {
    let hampshire = scheme("hampshire");
    let quote = buy(&hampshire, 3, &[], "2026-11-21 10:00").expect("allowed");
    assert_eq!(quote.permits, 30);
    assert_eq!(quote.total, Pence(quote.unit_price.0 * 3));
    assert!(!quote.needs_review);
}

#[test]
fn vp1_quantity_must_be_at_least_one_and_at_most_the_limit() {
    let hampshire = scheme("hampshire");
    let now = london("2026-11-21 10:00");
    assert_eq!(
        check_purchase(&hampshire, &bundles(0), &[], &ACTIVE, now),
        Err(PurchaseRefusal::QuantityZero)
    );
    let refused = check_purchase(&hampshire, &bundles(6), &[], &ACTIVE, now).expect_err("too many");
    assert_eq!(refused, PurchaseRefusal::QuantityTooLarge { max: 5 });
    assert_eq!(refused.field(), Some("quantity"));
}

#[test]
fn vp1_a_purchase_needs_an_active_registration() {
    let hampshire = scheme("hampshire");
    let refused = check_purchase(
        &hampshire,
        &bundles(1),
        &[],
        &RegistrationStatus::Missing,
        london("2026-11-21 10:00"),
    )
    .expect_err("not registered");
    assert_eq!(refused.code(), "registration_not_active");
}

#[test]
fn vp2_permits_bought_on_a_date_come_back_on_that_date_next_year() {
    let hampshire = scheme("hampshire");
    let history = [bought("visitor-bundle", 50, london("2026-11-21 14:00"))];
    let refused = buy(&hampshire, 1, &history, "2027-11-20 23:59:59")
        .expect_err("the whole allowance is spent");
    assert_eq!(
        refused,
        PurchaseRefusal::AllowanceExceeded {
            requested: 10,
            left: 0,
            limit: 50,
            available_from: Some(london("2027-11-21 00:00"))
        }
    );
    assert!(buy(&hampshire, 1, &history, "2027-11-21 00:00").is_ok());
}

#[test]
fn vp2_only_as_many_come_back_as_were_bought_that_day() {
    let hampshire = scheme("hampshire");
    let history = [
        bought("visitor-bundle", 10, london("2026-01-10 09:00")),
        bought("visitor-bundle", 40, london("2026-06-01 09:00")),
    ];
    let state = allowance_state(
        allowance_of("hampshire"),
        &permit_type("visitor-bundle"),
        &history,
        london("2026-11-21 10:00"),
    );
    assert_eq!((state.used, state.left), (50, 0));
    let reset = state.next_reset.expect("a reset");
    assert_eq!((reset.at, reset.permits), (london("2027-01-10 00:00"), 10));
    // Two bundles only once the June purchase comes back.
    let refused = buy(&hampshire, 2, &history, "2027-01-10 00:00").expect_err("only 10 back");
    assert!(
        matches!(refused, PurchaseRefusal::AllowanceExceeded { left: 10, available_from: Some(at), .. } if at == london("2027-06-01 00:00"))
    );
}

#[test]
fn vp2_a_purchase_on_29_february_comes_back_on_28_february() {
    let hampshire = scheme("hampshire");
    let history = [bought("visitor-bundle", 50, london("2028-02-29 12:00"))];
    assert!(buy(&hampshire, 1, &history, "2029-02-27 23:59:59").is_err());
    assert!(buy(&hampshire, 1, &history, "2029-02-28 00:00").is_ok());
}

#[test]
fn vp2_allowance_is_described_for_residents() {
    let history = [bought("visitor-bundle", 10, london("2026-11-21 14:00"))];
    let state = allowance_state(
        allowance_of("hampshire"),
        &permit_type("visitor-bundle"),
        &history,
        london("2026-11-22 10:00"),
    );
    assert_eq!(
        state.describe(),
        "40 of 50 left this year; 10 come back on 21 November 2027"
    );
}

#[test]
fn vp3_visitor_permits_expire_twelve_months_after_purchase_at_local_midnight() {
    assert_eq!(
        bundle_expires_at(12, london("2026-11-21 14:00")),
        london("2027-11-21 00:00")
    );
    // Bought in BST, expires in BST: the local date, not the UTC one, counts.
    assert_eq!(
        bundle_expires_at(12, london("2026-07-01 00:30")),
        london("2027-07-01 00:00")
    );
    assert_eq!(
        bundle_expires_at(12, london("2028-02-29 10:00")),
        london("2029-02-28 00:00")
    );
    let quote = buy(&scheme("cambridgeshire"), 1, &[], "2026-11-21 10:00").expect("ok");
    assert_eq!(quote.valid_until, london("2027-11-21 00:00"));
}

#[test]
fn vp4_leicestershire_two_bundles_a_calendar_month_then_refused_until_the_first() {
    let leics = scheme("leicestershire");
    let history = [bought("visitor-bundle", 20, london("2026-11-02 10:00"))];
    let refused = buy(&leics, 1, &history, "2026-11-30 23:59:59").expect_err("month spent");
    assert_eq!(
        refused,
        PurchaseRefusal::AllowanceExceeded {
            requested: 10,
            left: 0,
            limit: 20,
            available_from: Some(london("2026-12-01 00:00"))
        }
    );
    assert!(
        refused
            .to_string()
            .contains("00:00 on Tuesday 1 December 2026"),
        "{refused}"
    );
    assert!(buy(&leics, 2, &history, "2026-12-01 00:00").is_ok());
}

#[test]
fn vp4_third_bundle_in_one_transaction_is_refused() {
    let leics = scheme("leicestershire");
    let refused = buy(&leics, 3, &[], "2026-11-21 10:00").expect_err("max 2");
    assert_eq!(refused, PurchaseRefusal::QuantityTooLarge { max: 2 });
}

#[test]
fn vp4_month_is_judged_in_local_time_not_utc() {
    // 00:30 BST on 1 May is 23:30 UTC on 30 April: it counts in May.
    let leics = scheme("leicestershire");
    let history = [bought("visitor-bundle", 20, london("2026-05-01 00:30"))];
    let state = allowance_state(
        allowance_of("leicestershire"),
        &permit_type("visitor-bundle"),
        &history,
        london("2026-04-30 23:59"),
    );
    assert_eq!(state.left, 20, "April is untouched");
    assert!(buy(&leics, 1, &history, "2026-05-31 23:59:59").is_err());
    assert_eq!(
        state.describe(),
        "20 of 20 left this month, resets 1 May 2026"
    );
}

#[test]
fn vp4_allowance_meter_reads_as_the_ui_shows_it() {
    let history = [bought("visitor-bundle", 10, london("2026-11-03 18:00"))];
    let state = allowance_state(
        allowance_of("leicestershire"),
        &permit_type("visitor-bundle"),
        &history,
        london("2026-11-21 10:00"),
    );
    assert_eq!(
        state.describe(),
        "10 of 20 left this month, resets 1 December 2026"
    );
}

#[test]
fn vp5_cambridgeshire_twenty_a_year_from_1_april() {
    let cambs = scheme("cambridgeshire");
    let history = [bought("visitor-bundle", 20, london("2026-04-01 00:30"))];
    let refused = buy(&cambs, 1, &history, "2027-03-31 23:59").expect_err("year spent");
    assert!(
        matches!(refused, PurchaseRefusal::AllowanceExceeded { left: 0, limit: 20, available_from: Some(at), .. } if at == london("2027-04-01 00:00"))
    );
    let quote = buy(&cambs, 4, &history, "2027-04-01 00:00").expect("new year");
    assert_eq!((quote.permits, quote.allowance_left_after), (20, Some(0)));
}

#[test]
fn vp5_a_purchase_at_0030_bst_on_1_april_falls_in_the_new_year() {
    let allowance = allowance_of("cambridgeshire");
    let history = [bought("visitor-bundle", 5, london("2026-04-01 00:30"))];
    let before = allowance_state(
        allowance,
        &permit_type("visitor-bundle"),
        &history,
        london("2026-03-31 23:59"),
    );
    assert_eq!(before.left, 20);
    let after = allowance_state(
        allowance,
        &permit_type("visitor-bundle"),
        &history,
        london("2026-04-01 00:31"),
    );
    assert_eq!((after.used, after.left), (5, 15));
    assert_eq!(
        after.describe(),
        "15 of 20 left this year, resets 1 April 2027"
    );
}

#[test]
fn vp5_bundles_of_five_visits_several_in_one_basket() {
    let quote = buy(&scheme("cambridgeshire"), 2, &[], "2026-11-21 10:00").expect("ok");
    assert_eq!(quote.permits, 10);
    let refused = buy(&scheme("cambridgeshire"), 5, &[], "2026-11-21 10:00");
    assert_eq!(refused, Err(PurchaseRefusal::QuantityTooLarge { max: 4 }));
}

#[test]
fn vp6_leicestershire_purchases_are_reviewed_and_a_rejection_frees_the_allowance() {
    let leics = scheme("leicestershire");
    let quote = buy(&leics, 2, &[], "2026-11-21 10:00").expect("ok");
    assert!(quote.needs_review);
    // The rejected purchase is no longer in the counted history: the allowance is back.
    assert!(buy(&leics, 2, &[], "2026-11-21 11:00").is_ok());
}

#[test]
fn vp2_vp5_a_refusal_says_when_the_purchase_can_go_ahead() {
    let history = [bought("visitor-bundle", 10, london("2026-11-01 10:00"))];
    let refused = buy(&scheme("hampshire"), 5, &history, "2026-11-21 10:00").expect_err("over");
    assert_eq!(
        refused,
        PurchaseRefusal::AllowanceExceeded {
            requested: 50,
            left: 40,
            limit: 50,
            available_from: Some(london("2027-11-01 00:00"))
        }
    );
    let history = [bought("visitor-bundle", 5, london("2026-11-01 10:00"))];
    let refused =
        buy(&scheme("cambridgeshire"), 4, &history, "2026-11-21 10:00").expect_err("over");
    assert_eq!(
        refused,
        PurchaseRefusal::AllowanceExceeded {
            requested: 20,
            left: 15,
            limit: 20,
            available_from: Some(london("2027-04-01 00:00"))
        }
    );
}
