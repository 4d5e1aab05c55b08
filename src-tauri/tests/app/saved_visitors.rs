//! Issue 18 in the app: saved vehicles renamed and deleted through the server, the saved copy
//! then showing the list as the resident left it (offline too), a stay's calendar file saved
//! in the downloads folder, and past stays (a cancelled one) to book again.

use crate::helpers::{Backend, TestApp};
use serde_json::{Value, json};

fn saved(dashboard: &Value) -> Vec<(String, Option<String>)> {
    dashboard["saved_vehicles"]
        .as_array()
        .expect("saved vehicles")
        .iter()
        .map(|v| {
            let vrm = v["vrm"].as_str().expect("a VRM").to_owned();
            (vrm, v["nickname"].as_str().map(str::to_owned))
        })
        .collect()
}

fn vehicle_id(dashboard: &Value, vrm: &str) -> String {
    dashboard["saved_vehicles"]
        .as_array()
        .expect("saved vehicles")
        .iter()
        .find(|v| v["vrm"] == vrm)
        .and_then(|v| v["id"].as_str())
        .expect("saved")
        .to_owned()
}

#[test]
fn act3_saved_vehicles_renamed_and_deleted_in_the_app_show_so_offline() {
    let mut backend = Backend::start();
    let email = backend.resident_with_permits("app-visitors@example.org");
    let app = TestApp::start(&backend.url);
    app.log_in(&backend, &email);

    let first = app
        .invoke("book_stay", json!({ "vrm": "ab12 cde" }))
        .expect("booked");
    let second = app
        .invoke("book_stay", json!({ "vrm": "XY34 ZZZ" }))
        .expect("booked");
    let dashboard = &second["dashboard"];
    let mum = vehicle_id(dashboard, "AB12CDE");
    let other = vehicle_id(dashboard, "XY34ZZZ");

    let renamed = app
        .invoke("rename_vehicle", json!({ "id": mum, "nickname": " Mum " }))
        .expect("renamed");
    assert_eq!(renamed["nickname"], "Mum");
    let too_long = app
        .invoke(
            "rename_vehicle",
            json!({ "id": mum, "nickname": "x".repeat(200) }),
        )
        .expect_err("a nickname has a limit");
    assert_eq!(too_long["field"], "nickname");
    app.invoke("delete_vehicle", json!({ "id": other }))
        .expect("deleted");
    let gone = app
        .invoke("delete_vehicle", json!({ "id": other }))
        .expect_err("already gone");
    assert_eq!(gone["code"], "not_found");

    // The calendar file of the first stay, in the downloads folder.
    let stay_id = first["stay"]["id"].as_str().expect("an id");
    let file = app
        .invoke("save_stay_calendar", json!({ "id": stay_id }))
        .expect("saved");
    let name = file["file_name"].as_str().expect("a name");
    assert!(
        name.starts_with("visit-AB12CDE-") && name.ends_with(".ics"),
        "{name}"
    );
    let path = app.downloads.join(name);
    assert_eq!(file["path"], path.display().to_string());
    let ics = std::fs::read_to_string(&path).expect("the file is there");
    for line in ["BEGIN:VCALENDAR", "TZID:Europe/London", "STATUS:CONFIRMED"] {
        assert!(ics.contains(line), "{line} in\n{ics}");
    }

    // A cancelled stay is a past one, offered to book again.
    let second_id = second["stay"]["id"].as_str().expect("an id");
    app.invoke("cancel_stay", json!({ "id": second_id }))
        .expect("cancelled");
    let past = app
        .invoke("past_stays", json!({ "limit": 10, "offset": 0 }))
        .expect("past stays");
    let past: Vec<&str> = past
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["vrm"].as_str().expect("a VRM"))
        .collect();
    assert_eq!(past, ["XY34ZZZ"]);
    let none = app
        .invoke("past_stays", json!({ "limit": 10, "offset": 1 }))
        .expect("the next page");
    assert_eq!(none, json!([]));

    // Offline: the saved copy has the list as it was left; changing it needs the server.
    backend.stop();
    let offline = app.invoke("dashboard", json!({})).expect("the saved copy");
    assert_eq!(offline["offline"], true);
    assert_eq!(
        saved(&offline),
        [("AB12CDE".to_owned(), Some("Mum".to_owned()))]
    );
    for (cmd, args) in [
        ("rename_vehicle", json!({ "id": mum, "nickname": "Dad" })),
        ("delete_vehicle", json!({ "id": mum })),
        ("save_stay_calendar", json!({ "id": stay_id })),
        ("past_stays", json!({ "limit": 10, "offset": 0 })),
    ] {
        let error = app.invoke(cmd, args).expect_err("needs the server");
        assert_eq!(error["code"], "needs_server", "{cmd}");
    }
}
