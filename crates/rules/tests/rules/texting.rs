use super::support::scheme;
use permit_rules::Refusal;
use permit_rules::scheme::Stays;
use permit_rules::{SmsRefusal, Vrm, parse_sms};

fn stays(council: &str) -> Stays {
    scheme(council).stays.expect("visitor stays")
}

fn vrm(s: &str) -> Vrm {
    Vrm::parse(s).expect("vrm")
}

#[test]
fn act4_visitor_and_registration_starts_a_day_stay() {
    for text in [
        "VISITOR AB12CDE",
        "visitor ab12 cde",
        "  Visitor   AB12 CDE  ",
    ] {
        let parsed = parse_sms(&stays("hampshire"), text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (parsed.vrm, parsed.duration_minutes),
            (vrm("AB12CDE"), None),
            "{text}"
        );
    }
}

#[test]
fn act4_leicestershire_text_names_a_duration_in_any_common_way() {
    let leics = stays("leicestershire");
    for (text, minutes) in [
        ("VISITOR AB12CDE 3h", 180),
        ("visitor ab12 cde 3 hours", 180),
        ("VISITOR AB12CDE 180m", 180),
        ("VISITOR AB12CDE 180 mins", 180),
        ("VISITOR AB12CDE 1 hour", 60),
        ("VISITOR AB12CDE 2", 120),
        ("VISITOR AB12CDE all day", 1440),
    ] {
        let parsed = parse_sms(&leics, text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (parsed.vrm, parsed.duration_minutes),
            (vrm("AB12CDE"), Some(minutes)),
            "{text}"
        );
    }
}

#[test]
fn act5_a_text_that_cannot_be_honoured_says_why_and_how() {
    let leics = stays("leicestershire");
    let cases = [
        ("PARK AB12CDE 3h", "sms_not_an_activation"),
        ("VISITOR", "sms_vrm_missing"),
        ("VISITOR AB12CDE", "sms_duration_missing"),
        ("VISITOR AB 1234", "sms_duration_missing"),
        ("VISITOR AB12CDE 5h", "sms_duration_not_offered"),
        ("VISITOR AB12CDE 7m", "sms_duration_not_offered"),
        ("VISITOR ABCDEFG 3h", "sms_vrm_invalid"),
        ("VISITOR AB12-CDE 3h", "sms_vrm_invalid"),
    ];
    for (text, code) in cases {
        let refused = parse_sms(&leics, text).expect_err(text);
        assert_eq!(refused.code(), code, "{text}: {refused}");
        assert!(
            refused.to_string().contains("VISITOR AB12CDE 3h to 61600"),
            "{text}: {refused}"
        );
    }
}

#[test]
fn act5_day_permit_councils_reply_with_their_own_syntax() {
    let refused =
        parse_sms(&stays("cambridgeshire"), "VISITOR AB12CDE 3h").expect_err("no durations");
    assert!(matches!(refused, SmsRefusal::VrmInvalid { .. }));
    assert!(
        refused
            .to_string()
            .ends_with("Text VISITOR AB12CDE to 61600."),
        "{refused}"
    );
}
