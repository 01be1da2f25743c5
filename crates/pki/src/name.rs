//! Distinguished names: how a certificate names the court and its people, and reading that back.
//!
//! The layout follows the national PKI's certificates (NCA): the person's full name in `CN`,
//! their IIN as `SERIALNUMBER=IIN…`, the organisation in `O`, its BIN as `OU=BIN…`, `C=KZ`.
//! The court's name is given twice, in Kazakh and in Russian: two `O` attributes, Kazakh first
//! (the state language). The holder's role is the X.520 `title` attribute. Strings are
//! UTF8String, except `C` and `SERIALNUMBER`, which X.520 makes PrintableString.

use der::asn1::{Any, PrintableStringRef, Utf8StringRef};
use der::{Decode, Encode};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::ext::pkix::name::DirectoryString;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use crate::oid;
use crate::{CertRole, PkiError};

/// What a certificate's subject says about its holder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameFields {
    /// `CN`: a person's full name, or the court's name for its authority.
    pub common_name: Option<String>,
    /// The digits of `SERIALNUMBER=IIN…`.
    pub iin: Option<String>,
    /// `title`, when it names a role Hattama knows.
    pub role: Option<CertRole>,
    /// The raw `title`, to report one Hattama does not know.
    pub title: Option<String>,
    /// Every `O`, in order (for the court: Kazakh, then Russian).
    pub organizations: Vec<String>,
    /// The digits of `OU=BIN…`.
    pub bin: Option<String>,
}

/// One attribute to write.
enum Value<'a> {
    Utf8(&'a str),
    Printable(&'a str),
}

fn build(attrs: &[(const_oid::ObjectIdentifier, Value<'_>)]) -> Result<Name, PkiError> {
    let mut seq = RdnSequence::default();
    for (oid, value) in attrs {
        let value = match value {
            Value::Utf8(s) => Utf8StringRef::new(s).and_then(|v| Any::encode_from(&v)),
            Value::Printable(s) => PrintableStringRef::new(s).and_then(|v| Any::encode_from(&v)),
        }
        .map_err(|e| PkiError::Invalid(format!("a name attribute cannot be encoded ({e})")))?;
        let mut rdn = RelativeDistinguishedName::default();
        rdn.insert(AttributeTypeAndValue { oid: *oid, value })
            .map_err(|e| PkiError::build("name", e))?;
        seq.push(rdn);
    }
    // `Name` has no public constructor from RDNs; it is the same DER.
    let der = seq.to_der().map_err(|e| PkiError::build("name", e))?;
    Name::from_der(&der).map_err(|e| PkiError::build("name", e))
}

/// A name, an organisation or a title: 1 to 200 characters, no control characters.
pub fn check_text(what: &str, s: &str) -> Result<(), PkiError> {
    let n = s.chars().count();
    if n == 0 || n > 200 || s.chars().any(char::is_control) || s.trim() != s {
        return Err(PkiError::Invalid(format!(
            "the {what} must be 1 to 200 characters, without line breaks or surrounding spaces"
        )));
    }
    Ok(())
}

/// An IIN or a BIN: exactly 12 digits.
pub fn check_number(what: &str, s: &str) -> Result<(), PkiError> {
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PkiError::Invalid(format!("the {what} must be 12 digits")));
    }
    Ok(())
}

/// The court authority's subject: `C=KZ, O=<kk>, O=<ru>, OU=BIN<bin>, CN=<ru>`.
pub fn court_name(kk: &str, ru: &str, bin: Option<&str>) -> Result<Name, PkiError> {
    check_text("court's Kazakh name", kk)?;
    check_text("court's Russian name", ru)?;
    let bin_value = bin.map(|b| format!("BIN{b}"));
    if let Some(b) = bin {
        check_number("BIN", b)?;
    }
    let mut attrs = vec![
        (oid::COUNTRY, Value::Printable("KZ")),
        (oid::ORGANIZATION, Value::Utf8(kk)),
        (oid::ORGANIZATION, Value::Utf8(ru)),
    ];
    if let Some(b) = &bin_value {
        attrs.push((oid::ORGANIZATIONAL_UNIT, Value::Utf8(b)));
    }
    attrs.push((oid::COMMON_NAME, Value::Utf8(ru)));
    build(&attrs)
}

/// A holder's subject: `C=KZ, O=<court>, OU=BIN<bin>, CN=<name>, SERIALNUMBER=IIN<iin>,
/// title=<role>`.
pub fn holder_name(
    court: &str,
    bin: Option<&str>,
    name: &str,
    iin: Option<&str>,
    role: CertRole,
) -> Result<Name, PkiError> {
    check_text("name", name)?;
    let iin_value = iin.map(|i| format!("IIN{i}"));
    if let Some(i) = iin {
        check_number("IIN", i)?;
    }
    let bin_value = bin.map(|b| format!("BIN{b}"));
    let mut attrs = vec![
        (oid::COUNTRY, Value::Printable("KZ")),
        (oid::ORGANIZATION, Value::Utf8(court)),
    ];
    if let Some(b) = &bin_value {
        attrs.push((oid::ORGANIZATIONAL_UNIT, Value::Utf8(b)));
    }
    attrs.push((oid::COMMON_NAME, Value::Utf8(name)));
    if let Some(i) = &iin_value {
        attrs.push((oid::SERIAL_NUMBER, Value::Printable(i)));
    }
    attrs.push((oid::TITLE, Value::Utf8(role.as_str())));
    build(&attrs)
}

/// Read the fields Hattama uses; attributes it does not know are ignored, a malformed one is an
/// error.
pub fn read(name: &Name) -> Result<NameFields, PkiError> {
    let mut out = NameFields::default();
    for atv in name.iter() {
        let text = || -> Result<String, PkiError> {
            DirectoryString::try_from(&atv.value)
                .map(|d| d.value().into_owned())
                .map_err(|e| PkiError::NotACertificate(format!("a name attribute ({e})")))
        };
        if atv.oid == oid::COMMON_NAME && out.common_name.is_none() {
            out.common_name = Some(text()?);
        } else if atv.oid == oid::SERIAL_NUMBER && out.iin.is_none() {
            let v = PrintableStringRef::try_from(&atv.value)
                .map(|s| s.as_str().to_string())
                .or_else(|_| text())?;
            out.iin = v.strip_prefix("IIN").map(str::to_string);
        } else if atv.oid == oid::TITLE && out.title.is_none() {
            let v = text()?;
            out.role = CertRole::parse(&v);
            out.title = Some(v);
        } else if atv.oid == oid::ORGANIZATION {
            out.organizations.push(text()?);
        } else if atv.oid == oid::ORGANIZATIONAL_UNIT && out.bin.is_none() {
            out.bin = text()?.strip_prefix("BIN").map(str::to_string);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_cyrillic() {
        let n = holder_name(
            "Алмалинский районный суд",
            Some("123456789012"),
            "Ахметова Айгуль Болатовна",
            Some("900515300123"),
            CertRole::Judge,
        )
        .unwrap();
        let f = read(&n).unwrap();
        assert_eq!(f.common_name.as_deref(), Some("Ахметова Айгуль Болатовна"));
        assert_eq!(f.iin.as_deref(), Some("900515300123"));
        assert_eq!(f.role, Some(CertRole::Judge));
        assert_eq!(f.bin.as_deref(), Some("123456789012"));
        assert!(n.to_string().contains("IIN900515300123"), "{n}");
        let c = court_name("Алмалы аудандық соты", "Алмалинский районный суд", None).unwrap();
        let f = read(&c).unwrap();
        assert_eq!(
            f.organizations,
            ["Алмалы аудандық соты", "Алмалинский районный суд"]
        );
    }

    #[test]
    fn bad_names_and_numbers_are_refused() {
        assert!(holder_name("C", None, "", None, CertRole::Judge).is_err());
        assert!(holder_name("C", None, "A\nB", None, CertRole::Judge).is_err());
        assert!(holder_name("C", None, "A", Some("12345"), CertRole::Judge).is_err());
        assert!(court_name("K", "R", Some("12345678901x")).is_err());
    }
}
