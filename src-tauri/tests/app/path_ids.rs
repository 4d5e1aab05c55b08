//! Ids the webview hands the shell's commands go into API paths percent-encoded, one path
//! segment each (`permit_api_types::path_segment`, through `permit-client`): an id holding
//! `/`, `?`, `#`, `..` or a space reaches no other endpoint and no other object.

use crate::helpers::{Backend, TestApp};
use serde_json::json;

#[test]
fn an_id_with_path_characters_stays_in_its_segment_from_the_app() {
    let backend = Backend::start();
    let email = backend.resident_with_permits("segments@example.org");
    let app = TestApp::start(&backend.url);
    app.log_in(&backend, &email);
    let booked = app
        .invoke("book_stay", json!({ "vrm": "AB12CDE" }))
        .expect("books a stay");
    let stay = booked["stay"]["id"].as_str().expect("an id").to_owned();
    // Put into `/stays/{id}/cancel` as they are, the first five would cancel the stay booked
    // above (the query, the fragment and the `..` step cut or fold the path onto it).
    let ids = [
        format!("{stay}/cancel?"),
        format!("{stay}/cancel#"),
        format!("../stays/{stay}"),
        format!("x/../{stay}"),
        format!("{stay}/cancel?x=a b"),
        format!("{stay} "),
        "..".to_owned(),
        ".".to_owned(),
        "?when=all".to_owned(),
        "a#b".to_owned(),
        "a b".to_owned(),
        "%2e%2e".to_owned(),
    ];
    for id in &ids {
        let error = app
            .invoke("cancel_stay", json!({ "id": id }))
            .expect_err("no such stay");
        assert_eq!(error["code"], "not_found", "{id:?}: {error}");
        for (command, args) in [
            ("cancel_permit", json!({ "id": id })),
            ("set_auto_renew", json!({ "id": id, "on": false })),
            ("change_vehicle", json!({ "id": id, "vrm": "XY34ZZZ" })),
        ] {
            let error = app.invoke(command, args).expect_err("no such permit");
            assert_eq!(error["code"], "not_found", "{command} {id:?}: {error}");
        }
    }
    let dashboard = app.invoke("dashboard", json!({})).expect("synced");
    let stays = dashboard["upcoming_stays"].as_array().expect("stays");
    assert_eq!(
        (
            stays.len(),
            stays[0]["id"].as_str(),
            stays[0]["status"].as_str()
        ),
        (1, Some(stay.as_str()), Some("active")),
        "the stay is untouched"
    );
}
