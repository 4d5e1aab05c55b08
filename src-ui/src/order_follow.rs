//! How often the app reads an order while the payer pays in the system browser (issue 16):
//! every read asks the payment provider, so the pauses grow, and reading stops once the order
//! has expired. Pure, so it is tested on the host; `pages::order_return` follows the order.

/// The app's first pause between reads of an order while the payer pays in the system browser,
/// doubled after each read up to [`IN_APP_MAX_PAUSE_MS`]: every read asks the payment provider,
/// and a payer who has not finished in the first minute may leave the page open for an hour.
const IN_APP_PAUSE_MS: i32 = 3000;
const IN_APP_MAX_PAUSE_MS: i32 = 30_000;

/// How long the app follows an order: until it expires (90 minutes after it was made, just
/// before following began; the server then ends it unpaid, and the read after that says so),
/// and a minute more for the provider's last word.
const IN_APP_FOLLOW_MS: f64 = 91.0 * 60_000.0;

/// The pause before the app's next read of an order, after `reads` reads and `elapsed_ms` since
/// it began following it: 3 s, 6 s, 12 s, 24 s, then every 30 s, the last one ending at
/// [`IN_APP_FOLLOW_MS`]; none from then on (the order has expired: stop asking).
pub fn in_app_pause_ms(reads: u32, elapsed_ms: f64) -> Option<i32> {
    let left = IN_APP_FOLLOW_MS - elapsed_ms;
    if left <= 0.0 {
        return None;
    }
    let doublings = reads.saturating_sub(1).min(4);
    let pause = (IN_APP_PAUSE_MS << doublings).min(IN_APP_MAX_PAUSE_MS);
    // `left` is at most IN_APP_FOLLOW_MS, well inside an i32.
    Some(pause.min(left.ceil() as i32))
}

#[cfg(test)]
mod tests {
    use super::{IN_APP_FOLLOW_MS, in_app_pause_ms};

    #[test]
    fn the_app_backs_off_from_3_seconds_to_30() {
        let pauses: Vec<_> = (1..=7).map(|read| in_app_pause_ms(read, 0.0)).collect();
        let seconds = [3, 6, 12, 24, 30, 30, 30].map(|s| Some(s * 1000));
        assert_eq!(pauses, seconds);
        assert_eq!(in_app_pause_ms(500, 60_000.0), Some(30_000), "never longer");
    }

    #[test]
    fn the_app_stops_reading_once_the_order_has_expired() {
        // The last pause ends at the expiry (and its minute's grace), so one read comes after it.
        assert_eq!(in_app_pause_ms(40, IN_APP_FOLLOW_MS - 5_000.0), Some(5_000));
        assert_eq!(in_app_pause_ms(2, IN_APP_FOLLOW_MS - 0.5), Some(1));
        assert_eq!(in_app_pause_ms(40, IN_APP_FOLLOW_MS), None);
        assert_eq!(in_app_pause_ms(1, IN_APP_FOLLOW_MS + 1.0), None);
        // 90 minutes of reads is about 190 reads, not 1,800 at a steady 3 seconds.
        let (mut reads, mut elapsed) = (1, 0.0);
        while let Some(pause) = in_app_pause_ms(reads, elapsed) {
            elapsed += f64::from(pause);
            reads += 1;
        }
        assert!((180..=190).contains(&reads), "{reads} reads");
        assert!(
            elapsed >= IN_APP_FOLLOW_MS,
            "the last read is after the expiry"
        );
    }
}
