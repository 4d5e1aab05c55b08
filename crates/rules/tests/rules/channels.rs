//! Telling residents how to book by text and by phone (ACT-4, ACT-6): council data, one wording.

use super::support::{repo_path, scheme};
use permit_rules::{
    SAMPLE_VRM, Scheme, SchemeError, Vrm, booking_channels, example_plate, parse_sms,
};

fn vrm(text: &str) -> Vrm {
    Vrm::parse(text).expect("vrm")
}

#[test]
fn act4_the_text_to_send_uses_the_residents_own_plate() {
    let hants = scheme("hampshire");
    let plate = vrm("KM19 XYZ");
    let text = booking_channels(&hants, Some(&plate))
        .and_then(|c| c.text)
        .expect("Hampshire takes texts");
    assert_eq!(text.number, "61600");
    assert_eq!(text.syntax, "VISITOR <registration>");
    assert_eq!(text.example, "VISITOR KM19XYZ");
    assert!(
        text.explanation
            .starts_with("Text VISITOR KM19XYZ to 61600 from the mobile number on your account."),
        "{}",
        text.explanation
    );
    assert!(
        text.explanation.contains("until 23:59"),
        "{}",
        text.explanation
    );
    // The example is a text the service accepts, for the same plate.
    let parsed = parse_sms(hants.stays.as_ref().expect("stays"), &text.example).expect("parses");
    assert_eq!(parsed.vrm, plate);
}

#[test]
fn act4_leicestershire_texts_name_a_duration_and_a_sample_plate_stands_in() {
    let leics = scheme("leicestershire");
    let text = booking_channels(&leics, None)
        .and_then(|c| c.text)
        .expect("Leicestershire takes texts");
    assert_eq!(text.syntax, "VISITOR <registration> <duration>");
    assert_eq!(text.example, format!("VISITOR {SAMPLE_VRM} 3h"));
    assert!(text.explanation.contains("all day"), "{}", text.explanation);
    let parsed = parse_sms(leics.stays.as_ref().expect("stays"), &text.example).expect("parses");
    assert_eq!(parsed.duration_minutes, Some(180));
}

#[test]
fn act6_the_phone_line_and_its_option_are_council_data() {
    for (council, option) in [
        ("hampshire", 2),
        ("cambridgeshire", 1),
        ("leicestershire", 2),
    ] {
        let phone = booking_channels(&scheme(council), None)
            .and_then(|c| c.phone)
            .unwrap_or_else(|| panic!("{council} has a phone line"));
        assert_eq!(phone.options, vec![option], "{council}");
        assert!(
            phone.explanation.starts_with(&format!(
                "Call {} and choose option {option}.",
                phone.number
            )),
            "{council}: {}",
            phone.explanation
        );
    }
    // Leicester sells annual permits only: no visitor stays, nothing to text or call.
    assert_eq!(booking_channels(&scheme("leicester"), None), None);
}

#[test]
fn act4_the_example_plate_is_a_permit_vehicle_then_a_recent_visitor() {
    let (permit, visitor) = (vrm("KM19XYZ"), vrm("AB12CDE"));
    assert_eq!(example_plate([&permit], [&visitor]), Some(&permit));
    assert_eq!(example_plate([], [&visitor]), Some(&visitor));
    assert_eq!(example_plate([], []), None);
}

fn hampshire_with(from: &str, to: &str) -> Result<Scheme, SchemeError> {
    let text = std::fs::read_to_string(repo_path("assets/councils/hampshire.toml")).expect("file");
    assert!(text.contains(from), "{from}");
    Scheme::from_toml(&text.replace(from, to))
}

#[test]
fn act4_act6_a_number_or_option_residents_cannot_use_stops_start_up() {
    for (from, to, problem) in [
        (
            "number = \"61600\"",
            "number = \"616OO\"",
            "stays.sms.number",
        ),
        (
            "keyword = \"VISITOR\"",
            "keyword = \"visitor now\"",
            "stays.sms.keyword",
        ),
        (
            "number = \"01632 960101\"",
            "number = \"1632\"",
            "stays.phone.number",
        ),
        ("options = [2]", "options = []", "stays.phone.options"),
        ("options = [2]", "options = [12]", "stays.phone.options"),
    ] {
        match hampshire_with(from, to) {
            Err(SchemeError::Invalid { problem: p, .. }) => {
                assert!(p.contains(problem), "{to}: {p}");
            }
            other => panic!("{to}: {other:?}"),
        }
    }
}
