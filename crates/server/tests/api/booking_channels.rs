//! How residents are told to book by text and phone (ACT-4, ACT-6): the council file's data,
//! served with the resident's own plate in the example.

use crate::helpers::{assert_refused, bundles, key, spawn_app, stand_at};
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn act4_the_text_to_send_names_the_residents_plate_and_the_number() {
    let app = spawn_app().await;
    let channels = app
        .client
        .booking_channels("hampshire", Some("km19 xyz"))
        .await
        .expect("channels");
    assert_eq!(channels.council, "hampshire");
    let text = channels.text.expect("Hampshire takes texts");
    assert_eq!(
        (
            text.number.as_str(),
            text.syntax.as_str(),
            text.example.as_str()
        ),
        ("61600", "VISITOR <registration>", "VISITOR KM19XYZ")
    );
    assert!(
        text.explanation
            .starts_with("Text VISITOR KM19XYZ to 61600"),
        "{}",
        text.explanation
    );
    // Without a plate of their own, a sample one; Leicestershire's text names a duration.
    let leics = app
        .client
        .booking_channels("leicestershire", None)
        .await
        .expect("channels");
    assert_eq!(
        leics.text.expect("texts").example,
        "VISITOR AB12CDE 3h".to_owned()
    );
}

#[tokio::test]
async fn act4_the_example_text_books_a_stay_when_sent() {
    let app = spawn_app().await;
    stand_at(&app, "2026-05-12 10:00").await;
    let mobile = "07700 900461";
    let resident = app
        .resident_with_mobile("hampshire", "act4-example@example.org", mobile)
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    let example = app
        .client
        .booking_channels("hampshire", Some("KM19XYZ"))
        .await
        .expect("channels")
        .text
        .expect("texts")
        .example;
    // What residents are told to send is what the service acts on.
    let outcome = app.text("hampshire", mobile, &example).await;
    assert_eq!(outcome.outcome, "activated", "{}", outcome.reply);
    let stays = resident.stays("upcoming").await.expect("stays");
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].vrm, "KM19XYZ");
}

#[tokio::test]
async fn act6_the_phone_line_and_its_option_come_from_the_council_file() {
    let app = spawn_app().await;
    for (council, option) in [("hampshire", 2), ("cambridgeshire", 1)] {
        let phone = app
            .client
            .booking_channels(council, None)
            .await
            .expect("channels")
            .phone
            .expect("a phone line");
        assert_eq!(phone.options, vec![option], "{council}");
        assert!(
            phone
                .explanation
                .contains(&format!("choose option {option}")),
            "{council}: {}",
            phone.explanation
        );
    }
    // Leicester has no visitor stays; a plate that is no plate is refused by its field.
    let error = app
        .client
        .booking_channels("leicester", None)
        .await
        .expect_err("no stays");
    assert_refused(&error, 404, "not_found", None);
    let error = app
        .client
        .booking_channels("hampshire", Some("NOT A PLATE!"))
        .await
        .expect_err("bad plate");
    assert_refused(&error, 422, "vrm_invalid_character", "vrm");
}
