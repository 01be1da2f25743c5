//! The individual identification number (IIN, ЖСН/ИИН) of a person in Kazakhstan: 12 digits,
//! the last a check digit.
//!
//! The Law of 12 January 2007 No. 223 "On national registers of identification numbers",
//! art. 1(1)1) (adilet.zan.kz, Z070000223_), defines the control digit as the one that completes
//! the number "to control the correctness of its formation". How it is computed is set by the
//! Rules for forming the identification number, approved by Government Decree No. 406 of
//! 22 May 2007 (adilet.zan.kz, P070000406_): the first eleven digits are weighted 1, 2, …, 11
//! and summed, and the sum modulo 11 is the check digit; if that is 10, the weights 3, 4, …, 11,
//! 1, 2 are used instead; if it is 10 again, the number is not used. (The Rules' text could not
//! be fetched while this was written; the weights and the two rounds are as two independent
//! libraries implement them, each citing those Rules — check against adilet when in doubt.)
//! Since Decree No. 853 of 26 August 2013 the other digits need not encode the date of birth or
//! sex (the Ministry of Justice, 2019: a mismatch "is not an error"), so only the length, the
//! digits and the check digit are checked here.

const WEIGHTS: [[u32; 11]; 2] = [
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2],
];

/// Whether `iin` is 12 ASCII digits whose last is the check digit of the first eleven.
pub fn is_valid(iin: &str) -> bool {
    let digits: Vec<u32> = iin.chars().filter_map(|c| c.to_digit(10)).collect();
    if iin.len() != 12 || digits.len() != 12 {
        return false;
    }
    check_digit(&digits[..11]) == Some(digits[11])
}

/// The check digit of the first eleven digits, `None` where the Rules leave the number unused.
fn check_digit(first: &[u32]) -> Option<u32> {
    WEIGHTS.iter().find_map(|weights| {
        let sum: u32 = first.iter().zip(weights).map(|(d, w)| d * w).sum();
        let digit = sum % 11;
        (digit != 10).then_some(digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_digit_follows_the_rules() {
        // 8·1+5·2+0·3+3·4+1·5+4·6+4·7+0·8+0·9+5·10+6·11 = 203 ≡ 5 (mod 11).
        assert!(is_valid("850314400565"));
        assert!(!is_valid("850314400567"));
        // The first weights give 87 ≡ 10, so the second ones decide: 94 ≡ 6.
        assert!(is_valid("800501300126"));
        assert!(!is_valid("800501300123"));
        for bad in [
            "12",
            "80050130012",
            "8005013001266",
            "80050130012a",
            "８00501300126",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn a_number_whose_check_digit_is_ten_twice_is_never_valid() {
        // Find eleven digits for which both weightings give 10; no last digit makes them valid.
        let unused = (0..100_000_000_000u64)
            .step_by(7_919)
            .map(|n| format!("{n:011}"))
            .find(|s| {
                let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
                check_digit(&d).is_none()
            })
            .expect("such numbers exist");
        for last in 0..10 {
            assert!(!is_valid(&format!("{unused}{last}")));
        }
    }
}
