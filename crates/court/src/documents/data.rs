//! The blocks every document shares — court, case, dates, people, the binding to the protocol —
//! put into the document's language. Legal words come from the catalog; only dates and numbers
//! are spelled here.

use serde_json::{Value, json};
use time::{Date, OffsetDateTime};

use super::DocLang;
use crate::hearing::{Hearing, Participant};
use journal::entry::{CaseKind, Instance, Language};
use journal::file_name;
use law::{Catalog, Lang};

pub fn case_kind_id(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Civil => "civil",
        CaseKind::Criminal => "criminal",
        CaseKind::Administrative => "administrative",
    }
}

pub fn law_kind(kind: CaseKind) -> law::facts::CaseKind {
    use law::facts::CaseKind as K;
    match kind {
        CaseKind::Civil => K::Civil,
        CaseKind::Criminal => K::Criminal,
        CaseKind::Administrative => K::Administrative,
    }
}

pub fn term(cat: &Catalog, group: &str, id: &str, lang: Lang) -> String {
    cat.term(group, id)
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub fn role_name(cat: &Catalog, kind: CaseKind, role: &str, lang: Lang) -> String {
    cat.role(law_kind(kind), role)
        .map(|r| r.label.get(lang).to_string())
        .unwrap_or_else(|| role.to_string())
}

/// Court, case and hearing: what heads every document.
pub fn heading(h: &Hearing, cat: &Catalog, lang: DocLang) -> Value {
    let o = &h.opened;
    let l = lang.lang();
    let proceedings = match (o.language, lang) {
        (Language::Kk, DocLang::Kk) => "қазақ тілі",
        (Language::Kk, DocLang::Ru) => "казахский",
        (Language::Ru, DocLang::Kk) => "орыс тілі",
        (Language::Ru, DocLang::Ru) => "русский",
    };
    let instance = match (o.instance, lang) {
        (Instance::First, DocLang::Kk) => "бірінші саты",
        (Instance::First, DocLang::Ru) => "первая инстанция",
        (Instance::Appeal, DocLang::Kk) => "апелляциялық саты",
        (Instance::Appeal, DocLang::Ru) => "апелляционная инстанция",
        (Instance::Cassation, DocLang::Kk) => "кассациялық саты",
        (Instance::Cassation, DocLang::Ru) => "кассационная инстанция",
    };
    let opened_at = h.entries.first().map(|e| e.time);
    json!({
        "court": o.court,
        "judge": o.judge,
        "secretary": o.secretary,
        "place": o.place,
        "case_number": o.case_number,
        "hearing_id": o.hearing_id,
        "case_kind": case_kind_id(o.case_kind),
        "case_kind_name": term(cat, "case_kind", case_kind_id(o.case_kind), l),
        "instance": instance,
        "language_of_proceedings": proceedings,
        "online": o.online,
        "recording": o.recording,
        "opened_date": opened_at.map(|t| long_date(t.date(), lang)),
        "opened_time": opened_at.map(clock_time),
    })
}

/// A person as CoAO 822(1)3 describes them.
pub fn person(p: &Participant, h: &Hearing, cat: &Catalog, lang: DocLang) -> Value {
    let d = &p.details;
    json!({
        "id": p.id,
        "name": p.name,
        "role": p.role,
        "role_name": role_name(cat, h.opened.case_kind, &p.role, lang.lang()),
        "iin": p.iin,
        "birth_date": d.birth_date.as_deref().map(numeric_date_text),
        "birth_place": d.birth_place,
        "residence": d.residence,
        "registration": d.registration,
        "id_document": d.id_document,
        "workplace": d.workplace,
    })
}

/// What binds a document to the protocol: the sealed head and the entries it rests on.
pub fn binding(h: &Hearing, basis: &[u64]) -> Value {
    let seal = h.last_seal();
    let entries: Vec<Value> = basis
        .iter()
        .filter_map(|s| h.entry(*s))
        .map(|e| json!({"seq": e.seq, "kind": e.kind.as_str(), "hash": e.hash.to_hex()}))
        .collect();
    json!({
        "journal": file_name(&h.opened.case_number, &h.opened.hearing_id),
        "seal_seq": seal.map(|(e, _)| e.seq),
        "head": seal.map(|(e, _)| e.hash.to_hex()),
        "signers": seal.map(|(_, s)| s.recorded_signers().iter().map(|x| json!({"role": x.role.as_str(), "name": x.name, "public_key": x.key})).collect::<Vec<_>>()),
        "entries": entries,
    })
}

const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// "24 ноября 2026 года" / "2026 жылғы 24 қараша".
pub fn long_date(d: Date, lang: DocLang) -> String {
    let m = usize::from(u8::from(d.month())) - 1;
    match lang {
        DocLang::Ru => format!("{} {} {} года", d.day(), MONTHS_RU[m], d.year()),
        DocLang::Kk => format!("{} жылғы {} {}", d.year(), d.day(), MONTHS_KK[m]),
    }
}

/// "10:42" in the time's own offset (the journal writes Kazakhstan time).
pub fn clock_time(t: OffsetDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "1980-05-01" as "01.05.1980"; anything else as given.
pub fn numeric_date_text(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}.{m}.{y}"),
        _ => iso.to_string(),
    }
}

/// 86500 → "86 500" (thin groups, as Kazakh and Russian documents write amounts).
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_and_amounts_read_naturally() {
        assert_eq!(
            long_date(date!(2026 - 11 - 24), DocLang::Ru),
            "24 ноября 2026 года"
        );
        assert_eq!(
            long_date(date!(2026 - 11 - 24), DocLang::Kk),
            "2026 жылғы 24 қараша"
        );
        assert_eq!(numeric_date_text("1980-05-01"), "01.05.1980");
        assert_eq!(group_digits(86_500), "86\u{a0}500");
        assert_eq!(group_digits(500), "500");
        assert_eq!(group_digits(1_000_000), "1\u{a0}000\u{a0}000");
    }
}
