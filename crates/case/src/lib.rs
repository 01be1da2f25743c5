//! The words every part of the house shares about a case: what kind of case it is, at which
//! instance it is heard, and the languages the product speaks. One type per concept, so the law
//! engine, the journal and the interface cannot drift apart on them.
//!
//! This crate has no behaviour beyond naming: it sits below everything else.

use serde::{Deserialize, Serialize};

/// Which procedure governs the case: civil (CPC), criminal (CrPC) or administrative (APPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Civil,
    Criminal,
    Administrative,
}

impl CaseKind {
    pub const ALL: [CaseKind; 3] = [
        CaseKind::Civil,
        CaseKind::Criminal,
        CaseKind::Administrative,
    ];

    /// The id used in facts, journals and the catalog.
    pub fn id(self) -> &'static str {
        match self {
            CaseKind::Civil => "civil",
            CaseKind::Criminal => "criminal",
            CaseKind::Administrative => "administrative",
        }
    }

    /// "a civil case", "an administrative case": for messages that name the kind.
    pub fn a_case(self) -> String {
        let article = if self == CaseKind::Administrative {
            "an"
        } else {
            "a"
        };
        format!("{article} {} case", self.id())
    }
}

/// The instance hearing the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instance {
    First,
    Appeal,
    Cassation,
}

impl Instance {
    pub const ALL: [Instance; 3] = [Instance::First, Instance::Appeal, Instance::Cassation];

    pub fn id(self) -> &'static str {
        match self {
            Instance::First => "first",
            Instance::Appeal => "appeal",
            Instance::Cassation => "cassation",
        }
    }
}

/// The languages of the product. Kazakh and Russian are the languages of proceedings: acts are
/// issued in one of them. English is for the interface only — see [`Lang::is_of_proceedings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];
    /// The languages a court act can be issued in.
    pub const OF_PROCEEDINGS: [Lang; 2] = [Lang::Kk, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Whether a hearing can be conducted, and an act issued, in this language.
    pub fn is_of_proceedings(self) -> bool {
        matches!(self, Lang::Kk | Lang::Ru)
    }

    /// The other language of proceedings (Kazakh for Russian and back); English has none.
    pub fn other(self) -> Lang {
        match self {
            Lang::Kk => Lang::Ru,
            Lang::Ru => Lang::Kk,
            Lang::En => Lang::En,
        }
    }

    /// The Kazakh or the Russian form, for the text of an act. Acts are issued only in a
    /// language of proceedings — preparing one refuses English — so English never reaches
    /// here; were it to, it would read the Russian form rather than stop a document half-made.
    pub fn act<T>(self, kk: T, ru: T) -> T {
        if self == Lang::Kk { kk } else { ru }
    }

    /// The language by its code, if it is one of ours.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Serde for a field that must hold a language of proceedings (`"kk"` or `"ru"`): `"en"` is
/// refused when read, so a journal or an act can never claim to be in English.
pub mod proceedings {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::Lang;

    pub fn serialize<S: Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(d)?;
        match Lang::from_code(&code) {
            Some(lang) if lang.is_of_proceedings() => Ok(lang),
            _ => Err(D::Error::unknown_variant(&code, &["kk", "ru"])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Opening {
        #[serde(with = "proceedings")]
        language: Lang,
    }

    #[test]
    fn a_language_of_proceedings_is_kazakh_or_russian() {
        let kk: Opening = serde_json::from_str(r#"{"language":"kk"}"#).unwrap();
        assert_eq!(kk.language, Lang::Kk);
        assert_eq!(serde_json::to_string(&kk).unwrap(), r#"{"language":"kk"}"#);
        assert!(serde_json::from_str::<Opening>(r#"{"language":"en"}"#).is_err());
        assert!(serde_json::from_str::<Opening>(r#"{"language":"de"}"#).is_err());
    }

    #[test]
    fn ids_match_serde_names() {
        for kind in CaseKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.id())
            );
        }
        for instance in Instance::ALL {
            let json = serde_json::to_string(&instance).unwrap();
            assert_eq!(json, format!("\"{}\"", instance.id()));
        }
        for lang in Lang::ALL {
            assert_eq!(
                serde_json::to_string(&lang).unwrap(),
                format!("\"{}\"", lang.code())
            );
        }
    }
}
