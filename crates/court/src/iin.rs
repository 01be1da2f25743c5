//! The individual identification number (ЖСН / ИИН): twelve digits. Checked wherever one is
//! typed or read back, from this one place.

/// Why a text is not an IIN. Messages name the rule, never the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("an IIN has exactly 12 digits")]
    Length,
    #[error("an IIN holds digits only")]
    NotDigits,
}

/// Whether `text` has the form of an IIN.
pub fn check(text: &str) -> Result<(), IinError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IinError::NotDigits);
    }
    if text.len() != 12 {
        return Err(IinError::Length);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_digits_and_nothing_else() {
        assert_eq!(check("800501300123"), Ok(()));
        assert_eq!(check("80050130012"), Err(IinError::Length));
        assert_eq!(check("8005013001234"), Err(IinError::Length));
        assert_eq!(check("80050130012x"), Err(IinError::NotDigits));
        assert_eq!(check("８００５０１３００１２３"), Err(IinError::NotDigits));
        assert_eq!(check(""), Err(IinError::Length));
    }
}
