//! Words and numbers as residents read them: the allowance meter, the week of stays, renewal
//! and refund wording. Every time is local (Europe/London), through the rules crate.

use crate::model::{Permit, Stay, VisitSpan, VisitorBalance};
use chrono::{DateTime, Days, NaiveDate, Utc};
use permit_api_types::RenewsBy;
use permit_rules::scheme::VisitorBundle;
use permit_rules::time::{
    clock_time, day_and_month, display_date, display_end, display_instant, local, local_date,
};
use permit_rules::{PastPurchase, Scheme};

/// The allowance meter for one bundle product: (left, limit, words), where it has one.
pub fn allowance_meter(
    bundle: &VisitorBundle,
    history: &[PastPurchase],
    now: DateTime<Utc>,
) -> Option<(u32, u32, String)> {
    let allowance = bundle.allowance?;
    let state = permit_rules::allowance_state(allowance, &bundle.id, history, now);
    Some((state.left, state.limit, state.describe()))
}

/// The service's name, after each page's own in its `<title>`.
const SERVICE: &str = "Resident Parking Permits";

/// "Activate a visitor permit – Resident Parking Permits": each page's `<title>`.
pub fn page_title(path: &str) -> String {
    let page = match path.trim_end_matches('/') {
        "" => return SERVICE.to_owned(),
        "/register" => "Register",
        "/login" => "Log in",
        "/buy" => "Buy permits",
        "/activate" => "Activate a visitor permit",
        "/stays" => "Upcoming stays",
        "/stays/past" => "Past stays",
        "/permits" => "Manage your permits",
        "/payments" => "Payment history",
        "/account" => "Your account",
        "/account/mobile" => "Your new mobile number",
        "/account/mobile/code" => "Enter the code sent to your mobile",
        "/account/email" => "Your new email address",
        "/account/email/code" => "Enter the code sent to your email",
        "/account/vehicles" => "Saved vehicles",
        "/account/vehicles/rename" => "Name a saved vehicle",
        "/account/vehicles/delete" => "Delete a saved vehicle",
        "/account/expiry-warnings" => "Expiry warnings",
        _ => "Page not found",
    };
    titled(page)
}

/// "Check your answers – Resident Parking Permits": a `<title>` for a step within a page.
pub fn titled(page: &str) -> String {
    format!("{page} – {SERVICE}")
}

/// The short reference a resident can read out or quote ("PAY-3F2A-9C1B"): the first eight
/// hex digits of the payment's id, which the confirmation and Payment History both show.
/// Ids are the server's ASCII (ASCII case mapping keeps Unicode's tables out of the wasm).
pub fn short_reference(id: &str) -> String {
    let (prefix, rest) = id.split_once('_').unwrap_or(("", id));
    let digits: String = rest
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    let (a, b) = digits.split_at(digits.len().min(4));
    let head = if prefix.is_empty() {
        "REF".to_owned()
    } else {
        prefix.to_ascii_uppercase()
    };
    if b.is_empty() {
        format!("{head}-{a}")
    } else {
        format!("{head}-{a}-{b}")
    }
}

/// The visitor permits a resident holds, over every visitor product: usable now, and
/// waiting for the council's review (VP-6). Not the purchase allowance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PermitsHeld {
    pub usable: u32,
    pub awaiting_review: u32,
}

impl PermitsHeld {
    pub fn of(balances: &[VisitorBalance]) -> Self {
        balances.iter().fold(Self::default(), |sum, b| Self {
            usable: sum.usable + b.held,
            awaiting_review: sum.awaiting_review + b.awaiting_review,
        })
    }

    /// "You have 29 visitor permits.", with any awaiting the council's approval.
    pub fn words(self) -> String {
        let have = match self.usable {
            0 if self.awaiting_review > 0 => {
                "You have no visitor permits you can use yet".to_owned()
            }
            0 => "You have no visitor permits left".to_owned(),
            n => format!("You have {}", permits(n)),
        };
        match self.awaiting_review {
            0 => format!("{have}."),
            n if self.usable == 0 => format!("{have}: {n} awaiting council approval."),
            n => format!("{have}, and {n} more awaiting council approval."),
        }
    }
}

/// A permit's state in the words a resident reads ("Awaiting council approval", not the API's
/// `pending_review`); a state this build does not know is shown as sent, not hidden.
pub fn permit_status(status: &str) -> String {
    match status {
        "active" => "Active".to_owned(),
        "pending_review" => "Awaiting council approval".to_owned(),
        "rejected" => "Refused by the council".to_owned(),
        "cancelled" => "Cancelled".to_owned(),
        other => other.replace('_', " "),
    }
}

/// "1 visitor permit", "29 visitor permits".
pub fn permits(count: u32) -> String {
    match count {
        1 => "1 visitor permit".to_owned(),
        n => format!("{n} visitor permits"),
    }
}

/// "Saturday 5 December": a day heading in the week calendar.
pub fn day_heading(day: NaiveDate) -> String {
    day_and_month(&day)
}

/// "09:00 to 23:59": a stay's times on its start day.
pub fn stay_times(stay: &Stay) -> String {
    let end = display_end(stay.end);
    let end_time = end.split(' ').next().unwrap_or_default().to_owned();
    format!("{} to {end_time}", clock_time(&local(stay.start)))
}

/// "From 09:00 on Tuesday 1 December 2026 until 23:59 on Tuesday 1 December 2026".
pub fn stay_span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!("From {} until {}", display_instant(start), display_end(end))
}

/// Today and the `horizon_days` after it (ACT-1: as far ahead as a stay can start), each with
/// its stays (starting that local day; a multi-day visit has one a day), for the calendar of
/// Upcoming stays (issue 18).
pub fn horizon_of_stays(
    stays: &[Stay],
    now: DateTime<Utc>,
    horizon_days: u32,
) -> Vec<(NaiveDate, Vec<Stay>)> {
    let today = local_date(now);
    (0..=u64::from(horizon_days))
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .map(|day| {
            let on_day = stays
                .iter()
                .filter(|s| local_date(s.start) == day)
                .cloned()
                .collect();
            (day, on_day)
        })
        .collect()
}

/// "Book again" (issue 18): Activate with this stay's vehicle, time of day, length and permit
/// type filled in (a multi-day visit's days too); the resident picks the date. Plates, times
/// and permit types are letters, digits, `-` and `:`, so the query needs no escaping.
pub fn book_again_href(stay: &Stay) -> String {
    // A multi-day visit's later days start at midnight: the time is the visit's first day's.
    let start = stay.visit.as_ref().map_or(stay.start, |v| v.start);
    let mut href = format!(
        "/activate?vrm={}&time={}&type={}",
        stay.vrm.as_str(),
        clock_time(&local(start)),
        stay.permit_type
    );
    if !stay.vrm.is_uk() {
        href.push_str("&non_uk=1");
    }
    match &stay.visit {
        Some(visit) => href.push_str(&format!("&days={}", visit.days)),
        None => href.push_str(&format!(
            "&duration={}",
            (stay.end - stay.start).num_minutes()
        )),
    }
    href
}

/// Issue 18: what the resident sends their visitor. The plate, where (the permit zone and the
/// council, never the resident's address, contact details or account) and when, in words, and
/// "Show this if asked". Built from the stay and the zone alone, so nothing else can leak in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareWords {
    pub title: String,
    pub text: String,
}

pub fn share_words(stay: &Stay, zone: Option<&str>, council: &str) -> ShareWords {
    let plate = stay.vrm.shown();
    let (start, end) = stay
        .visit
        .as_ref()
        .map_or((stay.start, stay.end), |v| (v.start, v.end));
    let place = match zone {
        Some(zone) => format!("permit zone {zone}, {council}"),
        None => council.to_owned(),
    };
    ShareWords {
        title: format!("Visitor parking for {plate}"),
        text: format!(
            "Visitor parking for {plate} in {place}.\n{}.\nShow this if asked.",
            stay_span(start, end)
        ),
    }
}

/// A calendar day's count: "No permits used", "1 permit used", "2 permits used".
pub fn permits_used(count: usize) -> String {
    match count {
        0 => "No permits used".to_owned(),
        1 => "1 permit used".to_owned(),
        n => format!("{n} permits used"),
    }
}

/// What cancelling a stay asks and says: the stay named by its plate and start, and whether
/// its permit comes back (`None` when the council's rule is not known here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelWords {
    pub question: String,
    pub consequence: String,
    /// The banner after it is done.
    pub done: String,
}

impl CancelWords {
    pub fn new(stay: &Stay, returns_permit: Option<bool>) -> Self {
        if let Some(visit) = &stay.visit {
            return Self::for_visit(stay, visit, returns_permit);
        }
        let question = format!(
            "Cancel the visit for {} from {}?",
            stay.vrm.shown(),
            display_instant(stay.start)
        );
        let (consequence, after) = match returns_permit {
            Some(true) => (
                "The visitor permit it uses comes back to you.",
                "; 1 permit returned",
            ),
            Some(false) => (
                "The visitor permit it uses does not come back: your council does not return it.",
                "; the permit is not returned",
            ),
            None => ("", ""),
        };
        Self {
            question,
            consequence: consequence.to_owned(),
            done: format!("Visit for {} cancelled{after}.", stay.vrm.shown()),
        }
    }

    /// A day of a multi-day visit cancels the visit: its days not yet started (issue 13).
    fn for_visit(stay: &Stay, visit: &VisitSpan, returns_permit: Option<bool>) -> Self {
        let question = format!(
            "Cancel the {}-day visit for {} from {} until {}?",
            visit.days,
            stay.vrm.shown(),
            display_instant(visit.start),
            display_end(visit.end)
        );
        let consequence = match returns_permit {
            Some(true) => {
                "Every day of it not yet started is cancelled, and its visitor permit comes back to you."
            }
            Some(false) => {
                "Every day of it not yet started is cancelled; your council does not return the permits."
            }
            None => "Every day of it not yet started is cancelled.",
        };
        Self {
            question,
            consequence: consequence.to_owned(),
            done: format!(
                "Visit for {} cancelled: the days not yet started.",
                stay.vrm.shown()
            ),
        }
    }
}

/// ACT-7: whether a stay can still be cancelled, and the deadline in words either way.
pub fn cancel_deadline(stay: &Stay, now: DateTime<Utc>) -> (bool, String) {
    let when = display_instant(stay.cancel_until);
    if now <= stay.cancel_until {
        (true, format!("You can cancel until {when}."))
    } else {
        (false, format!("It could be cancelled until {when}."))
    }
}

/// RP-4 / AVP-3: renewal open now (with the price), the date it opens (who renews it, where no
/// reminder can be emailed), or until when the new period runs once renewed.
pub fn renewal_status(scheme: &Scheme, permit: &Permit, now: DateTime<Utc>) -> (bool, String) {
    match permit_rules::may_renew(scheme, &permit.held(), Some(permit.months), now) {
        Ok(quote) => (
            true,
            format!(
                "Renewal is open: {} for {} months, until {}.",
                quote.price,
                quote.months,
                display_end(quote.valid_until)
            ),
        ),
        Err(refusal @ permit_rules::RenewalRefusal::TooEarly { .. })
            if permit.renews_by == RenewsBy::NoReminder =>
        {
            (false, format!("{refusal} {NO_REMINDER}"))
        }
        // RP-2: paid for, but the council has not approved the new period yet: this one is
        // still the permit that counts, to its own end.
        Err(permit_rules::RenewalRefusal::AlreadyRenewed { until }) => {
            match permit.renewal_decision_due {
                Some(due) => (false, awaiting_approval(permit, until, due)),
                None => (
                    false,
                    permit_rules::RenewalRefusal::AlreadyRenewed { until }.to_string(),
                ),
            }
        }
        Err(refusal) => (false, refusal.to_string()),
    }
}

/// RP-2: the renewal is paid for and waits for the council's decision.
fn awaiting_approval(permit: &Permit, until: DateTime<Utc>, due: DateTime<Utc>) -> String {
    format!(
        "Your renewal is paid for and is waiting for the council's approval. The council aims to \
         decide by {}. If it is approved, the new period runs until the end of {}. This permit is \
         valid until the end of {}.",
        display_instant(due),
        display_date(permit_rules::expiry_date(until)),
        expiry(permit)
    )
}

/// RP-4, AVP-3: reminders are emailed.
const NO_REMINDER: &str = "We have no email address to remind you, so renew it yourself then.";

/// RP-6: how a permit with auto-renewal on will renew, after "Auto-renewal is on" (or "is
/// now on"), as the service says it will pay for it. Renewing asks "Renew automatically" where
/// the council's payment account takes recurring payments (on the web and in the app), which
/// is how a card is set up for a permit already held.
pub fn renews_by(by: RenewsBy) -> &'static str {
    match by {
        RenewsBy::CardOnFile => {
            ". When renewal opens, we'll charge the card you set up for it. If the payment does not go through, we'll send you a link to pay."
        }
        RenewsBy::PaymentLink => {
            ", but no card is set up to pay for it. When renewal opens, we'll send you a link to pay and renew it. To pay by card automatically after that, choose \u{201c}Renew automatically\u{201d} when you renew it."
        }
        RenewsBy::PaymentLinkNoRecurring => {
            ", but this council does not take card payments automatically. When renewal opens, we'll send you a link to pay and renew it."
        }
        RenewsBy::Reminder | RenewsBy::Ended => ". We'll email you a reminder when renewal opens.",
        RenewsBy::NoReminder => ". Renew it yourself when renewal opens.",
        RenewsBy::Renewed => ". It has been renewed.",
    }
}

/// RP-5 / AVP-4: what cancelling gives back, stated before the resident confirms (with RP-2,
/// a renewal awaiting review is refunded in full besides: the refund named is this period's).
pub fn refund_policy(scheme: &Scheme, permit: &Permit, now: DateTime<Utc>) -> String {
    match permit_rules::cancel_permit(scheme, &permit.held(), now) {
        Ok(cancellation) => format!(
            "{} Refund {}if you cancel now: {}.",
            cancellation.policy,
            if cancellation.withdraws_renewal {
                "for this period "
            } else {
                ""
            },
            cancellation.refund
        ),
        Err(refusal) => refusal.to_string(),
    }
}

/// A stay duration as offered: "2 hours", "All day".
pub fn minutes_label(minutes: u32) -> String {
    match minutes {
        1440 => "All day".to_owned(),
        60 => "1 hour".to_owned(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

/// The last local day a permit is valid on, as the councils write dates.
pub fn expiry(permit: &Permit) -> String {
    display_date(permit_rules::expiry_date(permit.valid_until))
}

/// "Last updated 14:05 on Saturday 21 November 2026": the offline banner (app only).
pub fn last_synced(at: Option<DateTime<Utc>>) -> String {
    match at {
        Some(at) => format!(
            "You are offline. Showing your stays as saved at {}.",
            display_instant(at)
        ),
        None => "You are offline and no saved copy of your stays exists yet.".to_owned(),
    }
}

/// "Offline – last updated 09:42" (issue 19): the web build's offline copy, by London time,
/// with the day when it was not synced today.
pub fn offline_since(synced: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let when = if local_date(synced) == local_date(now) {
        clock_time(&local(synced))
    } else {
        display_instant(synced)
    };
    format!("Offline – last updated {when}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{now, scheme};
    use permit_rules::scheme::Product;
    use permit_rules::{PermitType, Vrm};

    #[test]
    fn rp2_a_permit_held_for_review_reads_as_awaiting_council_approval() {
        assert_eq!(permit_status("pending_review"), "Awaiting council approval");
        assert_eq!(permit_status("active"), "Active");
        assert_eq!(permit_status("rejected"), "Refused by the council");
        assert_eq!(permit_status("some_new_state"), "some new state");
    }

    #[test]
    fn vp7_a_payment_has_a_short_reference_to_quote() {
        assert_eq!(
            short_reference("pay_3f2a9c1b0d4e5f60718293a4"),
            "PAY-3F2A-9C1B"
        );
        assert_eq!(short_reference("ab12"), "REF-AB12");
    }

    #[test]
    fn each_page_has_its_own_title_ending_with_the_service() {
        assert_eq!(
            page_title("/activate"),
            "Activate a visitor permit – Resident Parking Permits"
        );
        assert_eq!(page_title("/"), "Resident Parking Permits");
        assert_eq!(
            page_title("/nowhere"),
            "Page not found – Resident Parking Permits"
        );
        let pages: Vec<&str> = permit_api_types::WEB_PAGES
            .iter()
            .copied()
            .filter(|p| *p != "/")
            .collect();
        let titles: std::collections::HashSet<String> =
            pages.iter().map(|p| page_title(p)).collect();
        assert_eq!(titles.len(), pages.len(), "no two pages share a title");
    }

    #[test]
    fn cancelling_names_the_stay_and_says_whether_the_permit_comes_back() {
        let visit = stay("2026-12-01T09:00:00Z", "2026-12-02T00:00:00Z");
        let words = CancelWords::new(&visit, Some(true));
        assert_eq!(
            words.question,
            "Cancel the visit for AB12 CDE from 09:00 on Tuesday 1 December 2026?"
        );
        assert!(words.consequence.contains("comes back"));
        assert_eq!(
            words.done,
            "Visit for AB12 CDE cancelled; 1 permit returned."
        );
        let kept = CancelWords::new(&visit, Some(false));
        assert!(kept.consequence.contains("does not come back"));
        assert_eq!(
            kept.done,
            "Visit for AB12 CDE cancelled; the permit is not returned."
        );
    }

    #[test]
    fn permits_held_are_counted_apart_from_those_awaiting_approval() {
        let held = |usable, awaiting_review| PermitsHeld {
            usable,
            awaiting_review,
        };
        assert_eq!(held(29, 0).words(), "You have 29 visitor permits.");
        assert_eq!(held(1, 0).words(), "You have 1 visitor permit.");
        assert_eq!(held(0, 0).words(), "You have no visitor permits left.");
        assert_eq!(
            held(0, 10).words(),
            "You have no visitor permits you can use yet: 10 awaiting council approval."
        );
        assert_eq!(
            held(3, 10).words(),
            "You have 3 visitor permits, and 10 more awaiting council approval."
        );
    }

    fn stay(start: &str, end: &str) -> Stay {
        let start: DateTime<Utc> = start.parse().expect("start");
        Stay {
            id: "s1".into(),
            vrm: Vrm::parse("AB12CDE").expect("vrm").into(),
            permit_type: PermitType::parse("visitor-bundle").expect("type"),
            start,
            end: end.parse().expect("end"),
            cancel_until: start,
            visit: None,
            awaiting_confirmation: false,
            cancelled: false,
        }
    }

    #[test]
    fn vp4_the_meter_says_what_is_left_and_when_it_resets() {
        let scheme = scheme("leicestershire");
        let Some(bundle) = scheme.visitor_products().next() else {
            panic!("no bundle")
        };
        let bought = PastPurchase {
            permit_type: bundle.id.clone(),
            permits: 10,
            at: "2026-11-02T10:00:00Z".parse().expect("instant"),
        };
        let (left, limit, words) = allowance_meter(bundle, &[bought], now()).expect("meter");
        assert_eq!((left, limit), (10, 20));
        assert_eq!(words, "10 of 20 left this month, resets 1 December 2026");
    }

    #[test]
    fn durations_read_as_hours() {
        assert_eq!(minutes_label(120), "2 hours");
        assert_eq!(minutes_label(1440), "All day");
        assert_eq!(minutes_label(90), "90 minutes");
    }

    #[test]
    fn act2_a_day_stay_reads_until_2359() {
        let day = stay("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z");
        assert_eq!(stay_times(&day), "00:00 to 23:59");
        assert_eq!(
            stay_span(day.start, day.end),
            "From 00:00 on Tuesday 1 December 2026 until 23:59 on Tuesday 1 December 2026"
        );
    }

    #[test]
    fn act1_the_calendar_spans_today_to_the_horizon_each_stay_on_its_local_start_day() {
        let tomorrow = stay("2026-12-01T09:00:00Z", "2026-12-02T00:00:00Z");
        let last = stay("2026-12-14T09:00:00Z", "2026-12-15T00:00:00Z");
        let beyond = stay("2026-12-20T09:00:00Z", "2026-12-21T00:00:00Z");
        let days = horizon_of_stays(&[tomorrow, last, beyond], now(), 14);
        assert_eq!(days.len(), 15, "today and the 14 days after it");
        assert_eq!(days[1].1.len(), 1);
        assert_eq!(days[14].1.len(), 1);
        assert_eq!(days.iter().map(|(_, s)| s.len()).sum::<usize>(), 2);
        assert_eq!(day_heading(days[1].0), "Tuesday 1 December");
        assert_eq!(day_heading(days[14].0), "Monday 14 December");
        assert_eq!(permits_used(days[1].1.len()), "1 permit used");
        assert_eq!(permits_used(0), "No permits used");
        assert_eq!(permits_used(3), "3 permits used");
    }

    #[test]
    fn act3_book_again_from_a_later_day_of_a_visit_carries_the_visits_start_time() {
        let mut second_day = stay("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z");
        second_day.visit = Some(VisitSpan {
            days: 2,
            start: "2026-12-01T10:15:00Z".parse().expect("start"),
            end: "2026-12-03T00:00:00Z".parse().expect("end"),
        });
        assert_eq!(
            book_again_href(&second_day),
            "/activate?vrm=AB12CDE&time=10:15&type=visitor-bundle&days=2"
        );
    }

    #[test]
    fn act3_book_again_carries_the_vehicle_time_and_length_but_not_the_date() {
        let three_hours = stay("2026-12-01T14:30:00Z", "2026-12-01T17:30:00Z");
        assert_eq!(
            book_again_href(&three_hours),
            "/activate?vrm=AB12CDE&time=14:30&type=visitor-bundle&duration=180"
        );
    }

    #[test]
    fn act3_the_confirmation_to_share_names_plate_zone_and_times_and_nothing_of_the_resident() {
        let resident: permit_api_types::Me = serde_json::from_value(serde_json::json!({
            "resident_id": "res_42", "council": "hampshire", "full_name": "Ada Resident",
            "email": "ada@example.org", "mobile": "07700900123", "registration": null,
        }))
        .expect("a resident");
        let visit = stay("2026-12-01T09:00:00Z", "2026-12-02T00:00:00Z");
        let words = share_words(&visit, Some("W2"), "Hampshire County Council");
        assert_eq!(words.title, "Visitor parking for AB12 CDE");
        assert_eq!(
            words.text,
            "Visitor parking for AB12 CDE in permit zone W2, Hampshire County Council.\nFrom 09:00 on Tuesday 1 December 2026 until 23:59 on Tuesday 1 December 2026.\nShow this if asked."
        );
        let shared = format!("{} {}", words.title, words.text);
        for private in [
            resident.resident_id.as_str(),
            resident.full_name.as_str(),
            resident.email.as_deref().unwrap_or("@"),
            resident.mobile.as_deref().unwrap_or("07"),
            visit.id.as_str(),
        ] {
            assert!(!shared.contains(private), "{private} shared");
        }
    }

    #[test]
    fn act7_the_cancel_deadline_is_inclusive() {
        let s = stay("2026-11-30T10:00:00Z", "2026-12-01T00:00:00Z");
        assert!(cancel_deadline(&s, now()).0);
        assert!(!cancel_deadline(&s, now() + chrono::Duration::seconds(1)).0);
    }

    #[test]
    fn rp4_rp5_renewal_opens_30_days_before_expiry_and_no_refund() {
        let scheme = scheme("leicestershire");
        let Some(Product::VehiclePermit(product)) = scheme.products.get(1) else {
            panic!("resident permit")
        };
        let permit = Permit {
            id: "p1".into(),
            permit_type: product.id.clone(),
            vrm: Vrm::parse("AB12CDE").expect("vrm"),
            valid_from: "2026-01-10T00:00:00Z".parse().expect("from"),
            valid_until: "2027-01-10T00:00:00Z".parse().expect("until"),
            months: 12,
            price_paid: permit_rules::Pence(6000),
            status: "active".into(),
            property_id: "leicestershire-0001".into(),
            auto_renew: true,
            renews_by: RenewsBy::CardOnFile,
            renewed_until: None,
            renewal_decision_due: None,
            pending_vrm: None,
        };
        let (open, words) = renewal_status(&scheme, &permit, now());
        assert!(!open);
        assert!(words.contains("10 December 2026"), "{words}");
        assert!(renewal_status(&scheme, &permit, "2026-12-10T00:00:00Z".parse().expect("t")).0);
        assert!(refund_policy(&scheme, &permit, now()).contains("non-refundable"));
        assert_eq!(expiry(&permit), "9 January 2027");
        // RP-4: without an email address no reminder is promised.
        let unreminded = Permit {
            auto_renew: false,
            renews_by: RenewsBy::NoReminder,
            ..permit.clone()
        };
        let (_, words) = renewal_status(&scheme, &unreminded, now());
        assert!(words.contains("10 December 2026"), "{words}");
        assert!(words.ends_with("renew it yourself then."), "{words}");
        assert!(!words.contains("We'll email"), "{words}");
        // Renewed: not offered again, and the new period's end is given.
        let renewed = Permit {
            renews_by: RenewsBy::Renewed,
            renewed_until: Some("2028-01-10T00:00:00Z".parse().expect("until")),
            ..permit
        };
        let at_open = "2026-12-10T00:00:00Z".parse().expect("t");
        let (open, words) = renewal_status(&scheme, &renewed, at_open);
        assert!(!open);
        assert_eq!(
            words,
            "Renewed: the new period runs until the end of 9 January 2028."
        );
        // RP-2: while the council reviews the new period, this one still counts.
        let awaiting = Permit {
            renewal_decision_due: Some("2026-12-12T14:05:00Z".parse().expect("due")),
            ..renewed
        };
        let (open, words) = renewal_status(&scheme, &awaiting, at_open);
        assert!(!open);
        assert_eq!(
            words,
            "Your renewal is paid for and is waiting for the council's approval. The council aims \
             to decide by 14:05 on Saturday 12 December 2026. If it is approved, the new period \
             runs until the end of 9 January 2028. This permit is valid until the end of \
             9 January 2027."
        );
        // RP-5 with RP-2: cancelling now withdraws that renewal, refunded in full.
        assert_eq!(
            refund_policy(&scheme, &awaiting, at_open),
            "This permit is non-refundable. Your renewal waiting for the council's approval is \
             withdrawn with it, and what you paid for the renewal is refunded in full. Refund for \
             this period if you cancel now: £0.00."
        );
    }

    #[test]
    fn rp6_auto_renewal_on_says_whether_a_card_is_charged_or_a_link_sent() {
        let on = |by| format!("Auto-renewal is on{}", renews_by(by));
        let card = on(RenewsBy::CardOnFile);
        assert!(card.starts_with("Auto-renewal is on. "), "{card}");
        assert!(card.contains("we'll charge the card"), "{card}");
        for by in [RenewsBy::PaymentLink, RenewsBy::PaymentLinkNoRecurring] {
            let link = on(by);
            assert!(
                link.contains("send you a link to pay and renew it"),
                "{link}"
            );
            assert!(!link.contains("charge"), "{link}");
        }
        assert!(on(RenewsBy::PaymentLink).contains("no card is set up"));
        assert!(on(RenewsBy::PaymentLinkNoRecurring).contains("this council does not take"));
        // Where renewing asks "Renew automatically" (on the web and in the app), the resident is
        // told how to set a card up; nowhere else.
        let how = "choose \u{201c}Renew automatically\u{201d} when you renew it";
        assert!(renews_by(RenewsBy::PaymentLink).contains(how));
        for by in [RenewsBy::CardOnFile, RenewsBy::PaymentLinkNoRecurring] {
            assert!(!renews_by(by).contains(how), "{by:?}");
        }
    }

    #[test]
    fn the_offline_banner_gives_the_last_sync_in_london_time() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("instant");
        // 08:42 UTC is 09:42 in London in summer.
        assert_eq!(
            offline_since(at("2026-07-01T08:42:00Z"), at("2026-07-01T15:00:00Z")),
            "Offline – last updated 09:42"
        );
        assert_eq!(
            offline_since(at("2026-12-01T09:42:00Z"), at("2026-12-01T23:30:00Z")),
            "Offline – last updated 09:42"
        );
        // A copy from another day says which.
        assert_eq!(
            offline_since(at("2026-11-30T23:30:00Z"), at("2026-12-01T08:00:00Z")),
            "Offline – last updated 23:30 on Monday 30 November 2026"
        );
    }
}
