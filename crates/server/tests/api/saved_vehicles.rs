//! Saved visitor vehicles (issue 18, with ACT-3's plates): saved by booking unless the resident
//! opts out, named, renamed and deleted, at most 50 an account, and another account's are 404.

use crate::helpers::{assert_refused, bundles, key, spawn_app};
use permit_client::Client;
use permit_client::types::{SaveVehicle, StayBooking};
use permit_test_support::PaysOnSandbox;

fn plates(vehicles: &[permit_client::types::SavedVehicle]) -> Vec<&str> {
    vehicles.iter().map(|v| v.vrm.as_str()).collect()
}

fn save(vrm: &str, nickname: Option<&str>) -> SaveVehicle {
    SaveVehicle {
        vrm: vrm.into(),
        nickname: nickname.map(str::to_owned),
        ..SaveVehicle::default()
    }
}

async fn with_permits(app: &crate::helpers::TestApp, email: &str) -> Client {
    let resident = app.resident("hampshire", email).await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    resident
}

#[tokio::test]
async fn act_3_a_booking_saves_its_vehicle_unless_the_resident_opts_out() {
    let app = spawn_app().await;
    let resident = with_permits(&app, "saves@example.org").await;
    resident
        .book_stay(&StayBooking {
            vrm: "ab12 cde".into(),
            ..StayBooking::default()
        })
        .await
        .expect("books");
    resident
        .book_stay(&StayBooking {
            vrm: "XY34ZZZ".into(),
            do_not_save_vehicle: true,
            ..StayBooking::default()
        })
        .await
        .expect("books without saving");
    let saved = resident.saved_vehicles().await.expect("list");
    assert_eq!(plates(&saved), ["AB12CDE"]);
    assert_eq!(saved[0].nickname, None);
    assert!(!saved[0].non_uk_plate);

    // A name given later is kept when the vehicle is booked again.
    resident
        .rename_vehicle(&saved[0].id, Some("Mum"))
        .await
        .expect("renames");
    app.client.advance_clock(60).await.expect("clock");
    resident
        .book_stay(&StayBooking {
            vrm: "MAB1234E".into(),
            non_uk_plate: true,
            ..StayBooking::default()
        })
        .await
        .expect("a foreign plate");
    let saved = resident.saved_vehicles().await.expect("list");
    assert_eq!(plates(&saved), ["MAB1234E", "AB12CDE"], "most recent first");
    assert!(saved[0].non_uk_plate);
    assert_eq!(saved[1].nickname.as_deref(), Some("Mum"));
}

#[tokio::test]
async fn act_3_saved_vehicles_are_named_renamed_and_deleted() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "names@example.org").await;
    let mum = resident
        .save_vehicle(&save("ab12cde", Some("  Mum ")))
        .await
        .expect("saves");
    assert_eq!(
        (mum.vrm.as_str(), mum.nickname.as_deref()),
        ("AB12CDE", Some("Mum"))
    );
    // Saving the same plate again names it, it is not a second vehicle.
    let again = resident
        .save_vehicle(&save("AB12 CDE", Some("Carer – Tues")))
        .await
        .expect("saves again");
    assert_eq!(again.id, mum.id);
    assert_eq!(resident.saved_vehicles().await.expect("list").len(), 1);

    let too_long = "x".repeat(permit_rules::MAX_NICKNAME_CHARS + 1);
    assert_refused(
        resident
            .rename_vehicle(&mum.id, Some(&too_long))
            .await
            .expect_err("too long"),
        422,
        "nickname_too_long",
        "nickname",
    );
    assert_refused(
        resident
            .save_vehicle(&save("AB12-CDE", None))
            .await
            .expect_err("not a plate"),
        422,
        "vrm_invalid_character",
        "vrm",
    );
    let unnamed = resident
        .rename_vehicle(&mum.id, Some("  "))
        .await
        .expect("blank removes the name");
    assert_eq!(unnamed.nickname, None);

    resident.delete_vehicle(&mum.id).await.expect("deletes");
    assert!(resident.saved_vehicles().await.expect("list").is_empty());
    assert_eq!(
        resident
            .delete_vehicle(&mum.id)
            .await
            .expect_err("gone")
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn act_3_an_account_keeps_at_most_50_saved_vehicles() {
    let app = spawn_app().await;
    let resident = with_permits(&app, "fifty@example.org").await;
    for n in 0..permit_rules::MAX_SAVED_VEHICLES {
        resident
            .save_vehicle(&save(&format!("AB{n:02}CDE"), None))
            .await
            .expect("within the limit");
    }
    assert_refused(
        resident
            .save_vehicle(&save("XY34ZZZ", Some("One more")))
            .await
            .expect_err("over the limit"),
        422,
        "too_many_saved_vehicles",
        "vrm",
    );
    // A saved one can still be renamed by saving it again.
    resident
        .save_vehicle(&save("AB07CDE", Some("Cleaner")))
        .await
        .expect("renames at the limit");
    // A booking at the limit still books; the list stays as it was.
    resident
        .book_stay(&StayBooking {
            vrm: "XY34ZZZ".into(),
            ..StayBooking::default()
        })
        .await
        .expect("books at the limit");
    let saved = resident.saved_vehicles().await.expect("list");
    assert_eq!(saved.len(), permit_rules::MAX_SAVED_VEHICLES);
    assert!(!plates(&saved).contains(&"XY34ZZZ"));
}

#[tokio::test]
async fn act_3_another_residents_saved_vehicle_is_not_found() {
    let app = spawn_app().await;
    let a = app.resident("hampshire", "veh-a@example.org").await;
    let b = app.resident("hampshire", "veh-b@example.org").await;
    let mum = a
        .save_vehicle(&save("AB12CDE", Some("Mum")))
        .await
        .expect("saves");
    assert!(b.saved_vehicles().await.expect("own list").is_empty());
    assert_eq!(
        b.rename_vehicle(&mum.id, Some("Mine"))
            .await
            .expect_err("rename")
            .status(),
        Some(404)
    );
    assert_eq!(
        b.delete_vehicle(&mum.id)
            .await
            .expect_err("delete")
            .status(),
        Some(404)
    );
    let kept = a.saved_vehicles().await.expect("owner's list");
    assert_eq!(kept[0].nickname.as_deref(), Some("Mum"));
}
