use super::support::{london, permit_type, scheme};
use permit_rules::scheme::{PermitCategory, Product, VrmChange};
use permit_rules::{
    HeldPermit, Pence, PermitCancelRefusal, PurchaseRefusal, PurchaseRequest, RegistrationStatus,
    RenewalRefusal, Vrm, cancel_permit, check_purchase, may_renew,
};

const ACTIVE: RegistrationStatus = RegistrationStatus::Active { until: None };

fn annual(id: &str, vrm: Option<&str>) -> PurchaseRequest {
    PurchaseRequest {
        permit_type: permit_type(id),
        quantity: 1,
        duration_months: None,
        vrm: vrm.map(|v| Vrm::parse(v).expect("vrm")),
    }
}

fn held(id: &str, from: &str, until: &str, paid: u64) -> HeldPermit {
    HeldPermit {
        permit_type: permit_type(id),
        valid_from: london(from),
        valid_until: london(until),
        price_paid: Pence(paid),
        months: 12,
        renewed_until: None,
        renewal_under_review: false,
    }
}

#[test]
fn avp1_single_permits_for_one_vrm_including_care_and_over_pension_age() {
    let leicester = scheme("leicester");
    let ids: Vec<&str> = leicester.products.iter().map(|p| p.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "annual-visitor",
            "annual-visitor-care",
            "annual-visitor-over-spa"
        ]
    );
    for p in &leicester.products {
        assert!(
            matches!(p, Product::VehiclePermit(v) if v.category == PermitCategory::AnnualVisitor)
        );
    }
    let now = london("2026-11-21 10:00");
    assert_eq!(
        check_purchase(
            &leicester,
            &annual("annual-visitor", None),
            &[],
            &ACTIVE,
            now
        ),
        Err(PurchaseRefusal::VrmRequired)
    );
    let quote = check_purchase(
        &leicester,
        &annual("annual-visitor-care", Some("ab12 cde")),
        &[],
        &ACTIVE,
        now,
    )
    .expect("ok");
    assert_eq!(
        (quote.permits, quote.valid_until),
        (1, london("2027-11-21 00:00"))
    );
    let many = PurchaseRequest {
        quantity: 2,
        ..annual("annual-visitor", Some("AB12CDE"))
    };
    assert_eq!(
        check_purchase(&leicester, &many, &[], &ACTIVE, now),
        Err(PurchaseRefusal::QuantityTooLarge { max: 1 })
    );
}

#[test]
fn avp2_leicester_vrm_is_edited_directly() {
    for p in &scheme("leicester").products {
        assert!(matches!(p, Product::VehiclePermit(v) if v.vrm_change == VrmChange::Direct));
    }
}

#[test]
fn avp3_renewal_opens_30_days_before_the_expiry_date() {
    // Expires at the end of 31 December 2026: renewal opens at 00:00 on 1 December.
    let leicester = scheme("leicester");
    let permit = held(
        "annual-visitor",
        "2026-01-01 09:00",
        "2027-01-01 00:00",
        5000,
    );
    let early = may_renew(&leicester, &permit, None, london("2026-11-30 23:59:59"));
    assert_eq!(
        early,
        Err(RenewalRefusal::TooEarly {
            opens_at: london("2026-12-01 00:00")
        })
    );
    let quote =
        may_renew(&leicester, &permit, None, london("2026-12-01 00:00")).expect("window open");
    assert_eq!(
        (quote.valid_from, quote.valid_until),
        (london("2027-01-01 00:00"), london("2028-01-01 00:00"))
    );
    assert_eq!(quote.price, Pence(5000));
}

#[test]
fn avp3_renewal_window_across_the_clock_change() {
    // Expiry date 15 November (GMT); 30 days before is 16 October (BST).
    let permit = held(
        "annual-visitor",
        "2025-11-16 10:00",
        "2026-11-16 00:00",
        5000,
    );
    let early = may_renew(
        &scheme("leicester"),
        &permit,
        None,
        london("2026-10-15 12:00"),
    );
    assert_eq!(
        early,
        Err(RenewalRefusal::TooEarly {
            opens_at: london("2026-10-16 00:00")
        })
    );
    assert!(
        may_renew(
            &scheme("leicester"),
            &permit,
            None,
            london("2026-10-16 00:00")
        )
        .is_ok()
    );
}

#[test]
fn avp3_an_expired_permit_is_bought_again_not_renewed() {
    let permit = held(
        "annual-visitor",
        "2025-11-16 10:00",
        "2026-11-16 00:00",
        5000,
    );
    let refused = may_renew(
        &scheme("leicester"),
        &permit,
        None,
        london("2026-11-16 00:00"),
    );
    assert_eq!(
        refused,
        Err(RenewalRefusal::Expired {
            expired_at: london("2026-11-16 00:00")
        })
    );
}

#[test]
fn avp4_cancelling_refunds_the_unstarted_months_by_permit_type() {
    let leicester = scheme("leicester");
    let now = london("2026-03-15 12:00");
    // Bought 10 January: January, February and March have begun, 9 months are unused.
    let standard = cancel_permit(
        &leicester,
        &held(
            "annual-visitor",
            "2026-01-10 09:00",
            "2027-01-10 00:00",
            5000,
        ),
        now,
    )
    .expect("ok");
    assert_eq!(standard.refund, Pence(3750 - 1000));
    let care = cancel_permit(
        &leicester,
        &held(
            "annual-visitor-care",
            "2026-01-10 09:00",
            "2027-01-10 00:00",
            1000,
        ),
        now,
    )
    .expect("ok");
    assert_eq!(care.refund, Pence(750));
    let over_spa = cancel_permit(
        &leicester,
        &held(
            "annual-visitor-over-spa",
            "2026-01-10 09:00",
            "2027-01-10 00:00",
            2500,
        ),
        now,
    )
    .expect("ok");
    assert_eq!(over_spa.refund, Pence::ZERO);
}

#[test]
fn avp4_only_during_its_period() {
    let permit = held(
        "annual-visitor",
        "2025-11-16 10:00",
        "2026-11-16 00:00",
        5000,
    );
    let refused = cancel_permit(&scheme("leicester"), &permit, london("2026-11-16 00:00"));
    assert_eq!(
        refused,
        Err(PermitCancelRefusal::AlreadyEnded {
            ended_at: london("2026-11-16 00:00")
        })
    );
    // The last month has begun: nothing is left to refund, and the fee never makes it negative.
    let late = cancel_permit(&scheme("leicester"), &permit, london("2026-11-15 23:00"))
        .expect("still in period");
    assert_eq!(late.refund, Pence::ZERO);
}

#[test]
fn avp5_change_of_address_proof_documents_are_listed() {
    let docs = scheme("leicester").registration.proof_documents;
    assert!(docs.iter().any(|d| d.contains("Council tax bill")));
    assert!(docs.iter().any(|d| d.contains("signatures")));
}

#[test]
fn avp1_care_and_over_pension_age_permits_ask_for_evidence_and_are_reviewed() {
    let leicester = scheme("leicester");
    let permit = |id: &str| match leicester.product(&permit_type(id)) {
        Some(Product::VehiclePermit(v)) => v.clone(),
        _ => panic!("{id} is a vehicle permit"),
    };
    for id in ["annual-visitor-care", "annual-visitor-over-spa"] {
        let product = permit(id);
        assert!(!product.evidence.is_empty(), "{id} names its evidence");
        assert!(product.review, "{id}: an officer reviews the evidence");
    }
    assert!(permit("annual-visitor").evidence.is_empty());
    assert!(!permit("annual-visitor").review);
}

#[test]
fn avp1_a_council_file_asking_for_evidence_without_review_stops_start_up() {
    let path = super::support::repo_path("assets/councils/leicester.toml");
    let text = std::fs::read_to_string(path).expect("leicester.toml");
    let unreviewed = text.replacen(
        "review = true                        # AVP-1",
        "review = false                       # AVP-1",
        1,
    );
    assert_ne!(unreviewed, text);
    let error = permit_rules::Scheme::from_toml(&unreviewed).expect_err("evidence unreviewed");
    assert!(error.to_string().contains("needs review = true"), "{error}");
}
