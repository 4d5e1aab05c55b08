use super::support::{london, scheme};
use permit_rules::scheme::RegistrationMethod;
use permit_rules::{
    FirstRegistrationState, Refusal, RegistrationForm, RegistrationRecord, RegistrationRefusal,
    RegistrationState, RegistrationStatus, first_registration_state, registration_status,
};

fn approved(at: &str) -> RegistrationRecord {
    RegistrationRecord {
        submitted_at: london(at),
        state: RegistrationState::Approved { at: london(at) },
    }
}

#[test]
fn reg1_hampshire_registers_with_council_tax_account_and_never_expires() {
    let hampshire = scheme("hampshire");
    assert_eq!(
        hampshire.registration.method,
        RegistrationMethod::CouncilTaxAccount
    );
    let status = registration_status(
        &hampshire,
        Some(&approved("2026-01-01 09:00")),
        false,
        london("2030-06-01 12:00"),
    );
    assert_eq!(status, RegistrationStatus::Active { until: None });
    assert!(status.allows_purchase());
}

#[test]
fn reg3_cambridgeshire_registration_is_pending_until_reviewed() {
    let cambs = scheme("cambridgeshire");
    assert_eq!(
        cambs.registration.method,
        RegistrationMethod::ProofOfAddress
    );
    assert!(cambs.registration.review);
    let pending = RegistrationRecord {
        submitted_at: london("2026-11-20 10:00"),
        state: RegistrationState::Pending,
    };
    let status = registration_status(&cambs, Some(&pending), false, london("2026-11-21 10:00"));
    assert_eq!(status, RegistrationStatus::Pending);
    assert!(!status.allows_purchase());
}

#[test]
fn reg3_rejected_registration_must_be_reapplied_for() {
    let cambs = scheme("cambridgeshire");
    let rejected = RegistrationRecord {
        submitted_at: london("2026-11-20 10:00"),
        state: RegistrationState::Rejected {
            reason: "bill is not for this address".into(),
        },
    };
    let status = registration_status(&cambs, Some(&rejected), false, london("2026-11-21 10:00"));
    assert!(!status.allows_purchase());
    assert!(
        status.explain().contains("register again"),
        "{}",
        status.explain()
    );
}

#[test]
fn reg3_approved_registration_lasts_three_months_to_the_second() {
    let cambs = scheme("cambridgeshire");
    let record = approved("2026-11-21 15:00");
    let until = london("2027-02-21 00:00");
    let last_second =
        registration_status(&cambs, Some(&record), false, london("2027-02-20 23:59:59"));
    assert_eq!(
        last_second,
        RegistrationStatus::Active { until: Some(until) }
    );
    let after = registration_status(&cambs, Some(&record), false, london("2027-02-21 00:00"));
    assert_eq!(after, RegistrationStatus::Expired { at: until });
    assert!(!after.allows_purchase());
}

#[test]
fn reg3_month_end_approval_expires_at_the_end_of_the_shorter_month() {
    // 30 November + 3 months has no 30 February: the registration runs to the end of 27 February.
    let cambs = scheme("cambridgeshire");
    let status = registration_status(
        &cambs,
        Some(&approved("2026-11-30 09:00")),
        false,
        london("2027-01-15 12:00"),
    );
    assert_eq!(
        status,
        RegistrationStatus::Active {
            until: Some(london("2027-02-28 00:00"))
        }
    );
}

#[test]
fn reg4_resident_permit_holder_needs_no_visitor_registration_in_cambridgeshire() {
    let cambs = scheme("cambridgeshire");
    let status = registration_status(&cambs, None, true, london("2026-11-21 10:00"));
    assert_eq!(status, RegistrationStatus::NotNeeded);
    assert!(status.allows_purchase());
    // Without the permit, the resident must register.
    assert_eq!(
        registration_status(&cambs, None, false, london("2026-11-21 10:00")),
        RegistrationStatus::Missing
    );
}

#[test]
fn reg4_exemption_is_the_councils_choice_not_a_global_rule() {
    let hampshire = scheme("hampshire");
    assert_eq!(
        registration_status(&hampshire, None, true, london("2026-11-21 10:00")),
        RegistrationStatus::Missing
    );
}

#[test]
fn reg5_leicestershire_account_comes_from_property_and_details() {
    let leics = scheme("leicestershire");
    assert_eq!(
        leics.registration.method,
        RegistrationMethod::PropertyAndDetails
    );
    assert!(
        !leics.registration.review,
        "Leicestershire reviews permits, not accounts"
    );
}

#[test]
fn reg4_a_cambridgeshire_resident_permit_is_applied_for_without_visitor_registration() {
    use permit_rules::{PurchaseRequest, Vrm, check_purchase};
    let cambs = scheme("cambridgeshire");
    let now = london("2026-11-21 10:00");
    let permit = PurchaseRequest {
        permit_type: permit_rules::PermitType::parse("resident").expect("id"),
        quantity: 1,
        duration_months: None,
        vrm: Some(Vrm::parse("AB12CDE").expect("vrm")),
    };
    let quote = check_purchase(&cambs, &permit, &[], &RegistrationStatus::Missing, now)
        .expect("an application");
    assert!(quote.needs_review);
    let bundle = PurchaseRequest {
        permit_type: permit_rules::PermitType::parse("visitor-bundle").expect("id"),
        quantity: 1,
        duration_months: None,
        vrm: None,
    };
    let refused = check_purchase(&cambs, &bundle, &[], &RegistrationStatus::Missing, now)
        .expect_err("must register");
    assert_eq!(refused.code(), "registration_not_active");
    // Once the permit is approved the resident is exempt and buys visitor permits directly.
    let exempt = registration_status(&cambs, None, true, now);
    assert!(check_purchase(&cambs, &bundle, &[], &exempt, now).is_ok());
}

fn form<'a>(property_id: &'a str, email: &'a str, account: &'a str) -> RegistrationForm<'a> {
    RegistrationForm {
        property_id,
        full_name: " Sam Resident ",
        email,
        council_tax_account: account,
        ..RegistrationForm::default()
    }
}

#[test]
fn reg1_hampshire_needs_the_council_tax_account_and_reports_every_field() {
    let refused = RegistrationForm {
        full_name: "Sam",
        email: "not-an-email",
        ..RegistrationForm::default()
    }
    .parse(&scheme("hampshire"))
    .expect_err("invalid");
    let found: Vec<_> = refused
        .iter()
        .map(|r| (r.code(), r.field().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("property_not_found", "property_id"),
            ("invalid_email", "email"),
            ("council_tax_account_required", "council_tax_account"),
        ]
    );
    assert_eq!(refused.first, RegistrationRefusal::NoProperty);
}

#[test]
fn reg1_the_account_number_is_parsed_and_kept_for_checking() {
    let new = form("hampshire-0001", "sam@example.org", "1234 5678")
        .parse(&scheme("hampshire"))
        .expect("valid");
    assert_eq!(new.full_name, "Sam Resident");
    assert_eq!(
        new.council_tax_account.as_ref().map(|a| a.expose()),
        Some("12345678")
    );
    let refused = form("hampshire-0001", "sam@example.org", "1234")
        .parse(&scheme("hampshire"))
        .expect_err("too short");
    assert_eq!(refused.first.code(), "invalid_council_tax_account");
    assert_eq!(refused.first.field(), Some("council_tax_account"));
}

#[test]
fn reg5_a_name_and_one_contact_are_needed() {
    let leics = scheme("leicestershire");
    let nameless = RegistrationForm {
        property_id: "leicestershire-0001",
        full_name: "  ",
        ..RegistrationForm::default()
    };
    let refused = nameless.parse(&leics).expect_err("no name, no contact");
    let codes: Vec<_> = refused.iter().map(Refusal::code).collect();
    assert_eq!(codes, ["full_name_invalid", "contact_required"]);
    assert_eq!(refused.rest[0].field(), Some("email"));
    let long_name = "x".repeat(101);
    let too_long = RegistrationForm {
        full_name: &long_name,
        ..form("leicestershire-0001", "sam@example.org", "")
    };
    assert_eq!(
        too_long.parse(&leics).expect_err("too long").first,
        RegistrationRefusal::FullName
    );
    let mobile_only = RegistrationForm {
        mobile: "07700 900123",
        ..form("leicestershire-0001", "", "")
    };
    let new = mobile_only.parse(&leics).expect("valid");
    assert!(new.email.is_none() && new.mobile.is_some());
    assert_eq!(new.council_tax_account, None);
}

#[test]
fn reg3_cambridgeshire_registers_without_an_account_and_waits_for_proof() {
    let cambs = scheme("cambridgeshire");
    let new = form("cambridgeshire-0001", "sam@example.org", "")
        .parse(&cambs)
        .expect("valid");
    assert_eq!(new.property_id, "cambridgeshire-0001");
    let first = first_registration_state(&cambs);
    assert_eq!(first, FirstRegistrationState::AwaitingProof);
    assert_eq!(first.name(), "awaiting_proof");
}

#[test]
fn reg3_without_proof_a_registration_is_reviewed_only_where_the_council_says() {
    for council in ["hampshire", "leicester", "leicestershire"] {
        assert_eq!(
            first_registration_state(&scheme(council)),
            FirstRegistrationState::Approved,
            "{council}"
        );
    }
    let mut reviewed = scheme("hampshire");
    reviewed.registration.review = true;
    let first = first_registration_state(&reviewed);
    assert_eq!(first, FirstRegistrationState::Pending);
    assert_eq!(first.name(), "pending");
}
