//! Random number plates in the current GB format (two letters, two age digits, three
//! letters), each one checked by the rules crate's own parser.

use permit_rules::Vrm;
use rand::Rng;

// No I, Q or Z: letters the current format does not issue in every position.
const LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUVWXY";

pub(crate) fn random(rng: &mut impl Rng) -> String {
    loop {
        let mut letter = || char::from(LETTERS[rng.random_range(0..LETTERS.len())]);
        let (a, b, c, d, e) = (letter(), letter(), letter(), letter(), letter());
        // Age identifiers from 2002 to 2026: March (02-26) and September (52-76) plates.
        let year = rng.random_range(2..=26u32) + if rng.random_bool(0.5) { 50 } else { 0 };
        let plate = format!("{a}{b}{year:02}{c}{d}{e}");
        if let Ok(vrm) = Vrm::parse(&plate) {
            return vrm.as_str().to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_plate_parses_as_a_vrm() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let plate = random(&mut rng);
            assert_eq!(Vrm::parse(&plate).expect("valid").as_str(), plate);
        }
    }
}
