//! Free text in the language of a document. An act is issued in the language of proceedings
//! (CoAO 822(1)4); in the other language it is a translation, and prints only text recorded as
//! translated (`translation` entries, the opening's other-language court and place). Every text
//! the act would print without a translation is noted, so the act is refused with the whole
//! list instead of mixing languages.

use std::cell::RefCell;

use super::lack::Lack;
use crate::hearing::{Hearing, Participant};
use law::Lang;

pub struct Wording<'a> {
    h: &'a Hearing,
    lang: Lang,
    missing: RefCell<Vec<Lack>>,
    /// The `translation` entries whose text was used: the document rests on them too.
    used: RefCell<Vec<u64>>,
}

impl<'a> Wording<'a> {
    pub fn new(h: &'a Hearing, lang: Lang) -> Wording<'a> {
        Wording {
            h,
            lang,
            missing: RefCell::new(Vec::new()),
            used: RefCell::new(Vec::new()),
        }
    }

    /// Whether the document is a translation (its language is not that of proceedings).
    pub fn is_translation(&self) -> bool {
        self.lang != self.h.opened.language
    }

    /// Field `field` of entry `seq` (its recorded value `original`) in the document's language.
    /// Blank text stays blank; a missing translation is noted and the original returned (the
    /// document is then refused, never rendered).
    pub fn text(&self, seq: u64, field: &'static str, original: &str) -> String {
        if original.trim().is_empty() || !self.is_translation() {
            return original.to_string();
        }
        match self.h.text_with_source(seq, field, self.lang) {
            Some((t, source)) => {
                self.used.borrow_mut().extend(source);
                t.to_string()
            }
            None => {
                let lack = Lack::Translation {
                    lang: self.lang,
                    seq,
                    field,
                };
                let mut missing = self.missing.borrow_mut();
                if !missing.contains(&lack) {
                    missing.push(lack);
                }
                original.to_string()
            }
        }
    }

    pub fn opt(&self, seq: u64, field: &'static str, original: Option<&str>) -> Option<String> {
        original.map(|o| self.text(seq, field, o))
    }

    /// A participant's free-text detail, from the entry that gave it its current value.
    pub fn detail(&self, p: &Participant, field: &'static str) -> Option<String> {
        let value = p.details.text(field)?;
        match p.detail_seq(field) {
            Some(seq) => Some(self.text(seq, field, value)),
            None => Some(value.to_string()),
        }
    }

    /// The court's name and the place, from the opening.
    pub fn court(&self) -> String {
        self.text(1, "court", &self.h.opened.court)
    }

    pub fn place(&self) -> Option<String> {
        self.opt(1, "place", self.h.opened.place.as_deref())
    }

    /// What had no translation, in the order met, and the translation entries used.
    pub fn finish(self) -> (Vec<Lack>, Vec<u64>) {
        let mut used = self.used.into_inner();
        used.sort_unstable();
        used.dedup();
        (self.missing.into_inner(), used)
    }
}
