use super::ParseError;
use serde::{Deserialize, Serialize};

/// Money in whole pence: never floating point, never negative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Pence(pub u64);

impl Pence {
    pub const ZERO: Pence = Pence(0);

    /// Parses an amount as people write it: "12.50", "£12.50", "12" (pounds).
    pub fn parse_pounds(raw: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::Money(raw.to_owned());
        let text = raw.trim().trim_start_matches('£');
        let (pounds, pence) = match text.split_once('.') {
            Some((p, q)) if q.len() == 2 => (p, q),
            Some(_) => return Err(bad()),
            None => (text, "00"),
        };
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(pounds) || !digits(pence) {
            return Err(bad());
        }
        let pounds: u64 = pounds.parse().map_err(|_| bad())?;
        let pence: u64 = pence.parse().map_err(|_| bad())?;
        pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .map(Pence)
            .ok_or_else(bad)
    }

    pub fn checked_mul(self, n: u32) -> Option<Pence> {
        self.0.checked_mul(u64::from(n)).map(Pence)
    }

    pub fn checked_add(self, other: Pence) -> Option<Pence> {
        self.0.checked_add(other.0).map(Pence)
    }

    pub fn saturating_sub(self, other: Pence) -> Pence {
        Pence(self.0.saturating_sub(other.0))
    }
}

impl std::fmt::Display for Pence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "£{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_round_trips_through_pounds() {
        assert_eq!(Pence::parse_pounds("£12.50"), Ok(Pence(1250)));
        assert_eq!(Pence::parse_pounds("3"), Ok(Pence(300)));
        assert_eq!(Pence(1205).to_string(), "£12.05");
        assert!(Pence::parse_pounds("12.5").is_err());
        assert!(Pence::parse_pounds("-1").is_err());
        assert!(Pence::parse_pounds("").is_err());
    }
}
