//! Text that carries all three languages of the product (the language type itself is
//! [`case::Lang`], shared by the whole house).

use serde::{Deserialize, Serialize};

pub use case::Lang;

/// One text in kk, ru and en. Loading the catalog rejects an entry with any of the three empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub kk: String,
    #[serde(default)]
    pub ru: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The first language whose text is missing, if any.
    pub fn missing(&self) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| self.get(*lang).trim().is_empty())
    }

    /// Fill `{name}` placeholders. Unknown placeholders stay visible rather than vanish.
    pub fn fill(&self, lang: Lang, params: &[(&str, String)]) -> String {
        let mut out = self.get(lang).to_string();
        for (name, value) in params {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}
