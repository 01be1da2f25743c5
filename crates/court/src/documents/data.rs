//! The blocks every document shares — court, case, dates, people, the binding to the protocol —
//! put into the document's language. Legal words come from the catalog; only dates and numbers
//! are spelled here.

use chrono::{Datelike, NaiveDate, Timelike};
use journal::Time;
use serde_json::{Value, json};

use super::wording::Wording;
use crate::hearing::{Hearing, Participant};
use journal::entry::{CaseKind, DETAIL_FIELDS, Instance, Lang, Role};
use journal::{Kind, file_name};
use law::Catalog;

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

/// Court, case and hearing: what heads every document. The court and the place come in the
/// document's language (`w`); a translation says so.
pub fn heading(h: &Hearing, cat: &Catalog, lang: Lang, w: &Wording) -> Value {
    let o = &h.opened;
    let l = lang;
    let proceedings = language_name(o.language, lang);
    let instance = match (o.instance, lang) {
        (Instance::First, Lang::Kk) => "бірінші саты",
        (Instance::First, Lang::Ru | Lang::En) => "первая инстанция",
        (Instance::Appeal, Lang::Kk) => "апелляциялық саты",
        (Instance::Appeal, Lang::Ru | Lang::En) => "апелляционная инстанция",
        (Instance::Cassation, Lang::Kk) => "кассациялық саты",
        (Instance::Cassation, Lang::Ru | Lang::En) => "кассационная инстанция",
    };
    let opened_at = h.entries.first().map(|e| e.time);
    json!({
        "court": w.court(),
        "judge": o.judge,
        "secretary": o.secretary,
        "place": w.place(),
        "translation": w.is_translation(),
        "case_number": o.case_number,
        "hearing_id": o.hearing_id,
        "case_kind": case_kind_id(o.case_kind),
        "case_kind_name": term(cat, "case_kind", case_kind_id(o.case_kind), l),
        "instance": instance,
        "language_of_proceedings": proceedings,
        "online": o.online,
        "recording": o.recording,
        "opened_date": opened_at.map(|t| long_date(t.date_naive(), lang)),
        "opened_time": opened_at.map(clock_time),
    })
}

/// The PDF's title (no personal data: it shows in file managers); a translation says so.
pub fn pdf_title(h: &Hearing, lang: Lang, title: &str) -> String {
    let title = if lang == h.opened.language {
        title.to_string()
    } else {
        match lang {
            Lang::Kk => format!("Аударма. {title}"),
            Lang::Ru | Lang::En => format!("Перевод. {title}"),
        }
    };
    format!("{title} — {}", h.opened.case_number)
}

/// A person as CoAO 822(1)3 describes them; the name as entered, free-text details in the
/// document's language.
pub fn person(p: &Participant, h: &Hearing, cat: &Catalog, lang: Lang, w: &Wording) -> Value {
    let d = &p.details;
    let mut v = json!({
        "id": p.id,
        "name": p.name,
        "role": p.role,
        "role_name": role_name(cat, h.opened.case_kind, &p.role, lang),
        "iin": p.iin,
        "birth_date": d.birth_date.as_deref().map(numeric_date_text),
    });
    for field in DETAIL_FIELDS {
        let key = field.trim_start_matches("details.");
        v[key] = w.detail(p, field).map_or(Value::Null, Value::String);
    }
    v
}

/// What binds a document to the protocol: the sealed head and the entries it rests on, each
/// named in the document's language.
pub fn binding(h: &Hearing, basis: &[u64], lang: Lang) -> Value {
    let seal = h.last_seal();
    let entries: Vec<Value> = basis
        .iter()
        .filter_map(|s| h.entry(*s))
        .map(|e| json!({"seq": e.seq, "label": kind_label(e.kind, lang), "hash": e.hash.to_hex()}))
        .collect();
    json!({
        "journal": file_name(&h.opened.case_number, &h.opened.hearing_id),
        "seal_seq": seal.map(|(e, _)| e.seq),
        "head": seal.map(|(e, _)| e.hash.to_hex()),
        "signers": seal.map(|(_, s)| signers(&s.recorded_signers(), lang)),
        "entries": entries,
    })
}

/// Who signed a seal: name as entered, role in words, key.
pub fn signers(recorded: &[journal::seal_v2::RecordedSigner], lang: Lang) -> Vec<Value> {
    recorded
        .iter()
        .map(|x| json!({"role": role_of_signer(x.role, lang), "name": x.name, "public_key": x.key}))
        .collect()
}

/// A signer's role as documents write it.
pub fn role_of_signer(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Judge, _) => "судья",
        (Role::Secretary, Lang::Kk) => "сот отырысының хатшысы",
        (Role::Secretary, Lang::Ru | Lang::En) => "секретарь судебного заседания",
    }
}

/// An entry kind as a document names it (the protocol's "kind of entry" column, the binding
/// block): never the journal's identifier.
pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    let (kk, ru) = match kind {
        Kind::HearingOpened => ("Отырыс ашылды", "Заседание открыто"),
        Kind::ParticipantAdded => ("Қатысушы", "Участник"),
        Kind::ParticipantUpdated => ("Қатысушы туралы мәліметтер", "Сведения об участнике"),
        Kind::ParticipantLeft => ("Қатысушы залдан шықты", "Участник покинул зал"),
        Kind::Note => ("Жазба", "Запись"),
        Kind::Recess => ("Үзіліс", "Перерыв"),
        Kind::Resumed => ("Отырыс жалғасты", "Заседание продолжено"),
        Kind::IncidentRecorded => (
            "Тәртіп бұзу / сотты құрметтемеушілік",
            "Нарушение порядка / неуважение к суду",
        ),
        Kind::AdviceShown => ("Жүйенің анықтамасы", "Справка системы"),
        Kind::MeasureApplied => ("Қолданылған шара", "Применённая мера"),
        Kind::ExplanationHeard => ("Түсініктеме", "Объяснение"),
        Kind::RulingIssued => ("Сот актісі шығарылды", "Вынесен судебный акт"),
        Kind::Correction => ("Түзету", "Исправление"),
        Kind::Translation => ("Аударма", "Перевод"),
        Kind::RemarkFiled => ("Хаттамаға ескертулер", "Замечания на протокол"),
        Kind::RemarkDecided => ("Ескертулер бойынша шешім", "Решение по замечаниям"),
        Kind::HearingClosed => ("Отырыс жабылды", "Заседание закрыто"),
        Kind::Recovered => ("Журнал қалпына келтірілді", "Журнал восстановлен"),
        Kind::Sealed => ("Куәландырылды", "Заверено"),
    };
    match lang {
        Lang::Kk => kk,
        Lang::Ru | Lang::En => ru,
    }
}

/// A language named in a document: "қазақ тілі" / "казахский язык".
pub fn language_name(of: Lang, lang: Lang) -> &'static str {
    match (of, lang) {
        (Lang::Kk, Lang::Kk) => "қазақ тілі",
        (Lang::Kk, Lang::Ru | Lang::En) => "казахский",
        (Lang::Ru | Lang::En, Lang::Kk) => "орыс тілі",
        (Lang::Ru | Lang::En, Lang::Ru | Lang::En) => "русский",
    }
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
pub fn long_date(d: NaiveDate, lang: Lang) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::Ru | Lang::En => format!("{} {} {} года", d.day(), MONTHS_RU[m], d.year()),
        Lang::Kk => format!("{} жылғы {} {}", d.year(), d.day(), MONTHS_KK[m]),
    }
}

/// "10:42" in the time's own offset (the journal writes Kazakhstan time).
pub fn clock_time(t: Time) -> String {
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

/// A number below 1000 in words, as acts write amounts beside the figures: 20 → "жиырма",
/// "двадцать" (Russian in the masculine, as for МРП). `None` for 0 and from 1000 on.
pub fn number_words(n: u32, lang: Lang) -> Option<String> {
    if n == 0 || n >= 1000 {
        return None;
    }
    const KK_UNITS: [&str; 10] = [
        "",
        "бір",
        "екі",
        "үш",
        "төрт",
        "бес",
        "алты",
        "жеті",
        "сегіз",
        "тоғыз",
    ];
    const KK_TENS: [&str; 10] = [
        "",
        "он",
        "жиырма",
        "отыз",
        "қырық",
        "елу",
        "алпыс",
        "жетпіс",
        "сексен",
        "тоқсан",
    ];
    const RU_UNITS: [&str; 10] = [
        "",
        "один",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ];
    const RU_TEENS: [&str; 10] = [
        "десять",
        "одиннадцать",
        "двенадцать",
        "тринадцать",
        "четырнадцать",
        "пятнадцать",
        "шестнадцать",
        "семнадцать",
        "восемнадцать",
        "девятнадцать",
    ];
    const RU_TENS: [&str; 10] = [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    const RU_HUNDREDS: [&str; 10] = [
        "",
        "сто",
        "двести",
        "триста",
        "четыреста",
        "пятьсот",
        "шестьсот",
        "семьсот",
        "восемьсот",
        "девятьсот",
    ];
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let words: Vec<String> = match lang {
        // Kazakh legal texts write the hundreds with their count: "бір жүз алпыс".
        Lang::Kk => [
            (h > 0).then(|| format!("{} жүз", KK_UNITS[h])),
            (t > 0).then(|| KK_TENS[t].to_string()),
            (u > 0).then(|| KK_UNITS[u].to_string()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Lang::Ru | Lang::En => [
            (h > 0).then(|| RU_HUNDREDS[h].to_string()),
            (t == 1).then(|| RU_TEENS[u].to_string()),
            (t > 1).then(|| RU_TENS[t].to_string()),
            (t != 1 && u > 0).then(|| RU_UNITS[u].to_string()),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    Some(words.join(" "))
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

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_and_amounts_read_naturally() {
        assert_eq!(
            long_date(date(2026, 11, 24), Lang::Ru),
            "24 ноября 2026 года"
        );
        assert_eq!(
            long_date(date(2026, 11, 24), Lang::Kk),
            "2026 жылғы 24 қараша"
        );
        assert_eq!(numeric_date_text("1980-05-01"), "01.05.1980");
        assert_eq!(number_words(20, Lang::Kk).as_deref(), Some("жиырма"));
        assert_eq!(
            number_words(160, Lang::Kk).as_deref(),
            Some("бір жүз алпыс")
        );
        assert_eq!(number_words(15, Lang::Kk).as_deref(), Some("он бес"));
        assert_eq!(number_words(20, Lang::Ru).as_deref(), Some("двадцать"));
        assert_eq!(
            number_words(115, Lang::Ru).as_deref(),
            Some("сто пятнадцать")
        );
        assert_eq!(
            number_words(251, Lang::Ru).as_deref(),
            Some("двести пятьдесят один")
        );
        assert_eq!(number_words(0, Lang::Ru), None);
        assert_eq!(group_digits(86_500), "86\u{a0}500");
        assert_eq!(group_digits(500), "500");
        assert_eq!(group_digits(1_000_000), "1\u{a0}000\u{a0}000");
    }
}
