use super::support::{permit_type, scheme};
use permit_rules::{
    AddressChange, AddressChangeRefusal, Refusal, address_change, new_zone_application,
};

#[test]
fn rp7_a_resident_permit_moves_within_its_zone() {
    let cambs = scheme("cambridgeshire");
    let outcome = address_change(&cambs, &permit_type("resident"), Some("C1"), "C1");
    assert_eq!(outcome, Ok(AddressChange::PermitMoves));
}

#[test]
fn rp7_another_zone_needs_a_new_application_with_proof_and_v5c() {
    let cambs = scheme("cambridgeshire");
    let refused = address_change(&cambs, &permit_type("resident"), Some("C1"), "C2")
        .expect_err("another zone");
    assert_eq!(refused, AddressChangeRefusal::NewApplicationRequired);
    assert_eq!(refused.code(), "new_application_required");
    assert_eq!(refused.field(), Some("property_id"));
    assert!(refused.message().contains("V5C"), "{refused}");
}

#[test]
fn rp7_an_old_property_no_longer_listed_is_not_the_same_zone() {
    let leics = scheme("leicestershire");
    let resident = permit_type("resident");
    assert_eq!(
        address_change(&leics, &resident, None, "L1"),
        Err(AddressChangeRefusal::NewApplicationRequired)
    );
}

#[test]
fn avp5_an_annual_visitor_permit_ends_at_the_old_address_in_any_zone() {
    let leicester = scheme("leicester");
    for new_zone in ["A", "B"] {
        assert_eq!(
            address_change(
                &leicester,
                &permit_type("annual-visitor"),
                Some("A"),
                new_zone
            ),
            Ok(AddressChange::OldPermitsEnd)
        );
    }
}

#[test]
fn rp7_visitor_bundles_do_not_move_address() {
    let cambs = scheme("cambridgeshire");
    let bundle = cambs
        .visitor_products()
        .next()
        .expect("a bundle")
        .id
        .clone();
    assert_eq!(
        address_change(&cambs, &bundle, Some("C1"), "C1"),
        Err(AddressChangeRefusal::NotAVehiclePermit)
    );
}

#[test]
fn rp7_a_new_application_is_for_another_zone_only() {
    let leics = scheme("leicestershire");
    let resident = permit_type("resident");
    assert_eq!(
        new_zone_application(&leics, &resident, Some("L1"), "L2"),
        Ok(())
    );
    let same = new_zone_application(&leics, &resident, Some("L1"), "L1").expect_err("same zone");
    assert_eq!(same, AddressChangeRefusal::NoNewApplicationNeeded);
    assert_eq!(
        (same.code(), same.field()),
        ("change_of_address_instead", Some("property_id"))
    );
    assert_eq!(
        new_zone_application(
            &scheme("leicester"),
            &permit_type("annual-visitor"),
            Some("R1"),
            "R2"
        ),
        Err(AddressChangeRefusal::NoNewApplicationNeeded),
        "AVP-5: annual visitor permits end at the old address and are bought again"
    );
}
