//! Manage Digital Permits: the vehicle on a permit (AVP-2 edit, RP-3 change request).

use super::FormErrors;
use permit_rules::Vrm;

pub fn parse_vrm_change(raw: &str, current: &Vrm) -> Result<Vrm, FormErrors> {
    let mut errors = FormErrors::new();
    match Vrm::parse(raw) {
        Ok(vrm) if &vrm == current => {
            errors.add("new_vrm", "That is the vehicle already on this permit.");
            Err(errors)
        }
        Ok(vrm) => Ok(vrm),
        Err(e) => {
            errors.add("new_vrm", e.to_string());
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avp2_the_new_vrm_must_differ_and_parse() {
        let current = Vrm::parse("AB12CDE").expect("vrm");
        assert!(parse_vrm_change("ab12 cde", &current).is_err());
        assert!(parse_vrm_change("??", &current).is_err());
        assert_eq!(
            parse_vrm_change("xy19 zzz", &current).map(|v| v.to_string()),
            Ok("XY19ZZZ".to_owned())
        );
    }
}
