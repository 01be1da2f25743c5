//! One language per act, and no machine words in it: every kk and ru document the product can
//! issue, from hearings conducted in either language, read back from the PDF. An act in the
//! other language than that of proceedings is a translation, refused until every text it prints
//! has a recorded translation, and then free of the original's words.

use std::path::Path;

use ::court::documents::issue::render;
use ::court::documents::lack::Lack;
use ::court::documents::protocol::prepare_protocol;
use ::court::documents::ruling::prepare_ruling;
use ::court::documents::{DocumentError, Prepared};
use ::court::hearing::Hearing;
use ::court::hearing::demo::{DemoOptions, write_demo_hearing_with};
use ::journal::{Body, Kind};
use ::law::Lang;
use ::render::{Renderer, Templates};

use super::catalog;
use super::fixtures;
use crate::render::pdf_text::pdf_text;

/// Every document of the hearing at `journal` in `lang`: each ruling its measures need, and the
/// protocol. Errors are returned, not unwrapped, for the refusal tests.
fn documents(h: &Hearing, lang: Lang) -> Vec<(String, Result<Prepared, DocumentError>)> {
    let cat = catalog();
    let mut out: Vec<(String, Result<Prepared, DocumentError>)> = h
        .entries
        .iter()
        .filter_map(|e| match &e.body {
            Some(Body::MeasureApplied(m)) if m.act_form != "protocol_entry" => Some((e.seq, m)),
            _ => None,
        })
        .filter_map(|(seq, m)| {
            let r = prepare_ruling(h, seq, lang, &cat);
            // A measure recorded in the protocol with no act of its own has no document.
            (!matches!(r, Err(DocumentError::NoRuling { .. })))
                .then(|| (format!("ruling #{seq} {}", m.measure_id), r))
        })
        .collect();
    out.push(("protocol".into(), prepare_protocol(h, lang, &cat)));
    out
}

fn text_of(journal: &Path, p: &Prepared) -> String {
    let (pdf, _) = render(journal, p, &Renderer::new(), &Templates::Builtin).unwrap();
    pdf_text(&pdf)
}

/// A token allowed to hold Latin letters: a hash or key id (8+ hex digits, perhaps cut short
/// with "…"), or a file name (a name with an extension). Nothing is allowed by word.
fn allowed_latin(token: &str) -> bool {
    let t = token.trim_end_matches('…');
    let hex = t.len() >= 8
        && t.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    let file = t.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && matches!(ext, "jsonl" | "json" | "mp4" | "mp3" | "wav" | "pdf")
            && stem
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    });
    hex || file
}

/// What is wrong with a document's text, token by token: Latin-script words other than hashes,
/// key ids and file names; ISO dates outside file names; the journal's entry-kind ids. A token
/// is a run of ASCII letters, digits and the characters of file names (table cells on one line
/// come out of the PDF without a space between them, so a Cyrillic letter ends a token too).
fn machine_words(text: &str) -> Vec<String> {
    let mut bad = Vec::new();
    // A long hash or file name may be cut into lines (Typst breaks runs of 30 and more
    // characters): a line break between two characters of a token is not a token break.
    let chars: Vec<char> = text.chars().collect();
    let part = |c: Option<&char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '…'))
    };
    let joined: String = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            **c != '\n'
                || !(part(i.checked_sub(1).and_then(|p| chars.get(p))) && part(chars.get(i + 1)))
        })
        .map(|(_, c)| *c)
        .collect();
    let tokens = joined
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '…')))
        .map(|t| t.trim_matches(|c| matches!(c, '.' | '-' | '…')))
        .filter(|t| !t.is_empty());
    for token in tokens {
        if allowed_latin(token) {
            continue;
        }
        if token.chars().any(|c| c.is_ascii_alphabetic()) {
            bad.push(format!("Latin word {token:?}"));
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = token.split('-').collect();
        if parts.windows(3).any(|w| {
            digits(w[0]) && w[0].len() == 4 && digits(w[1]) && w[1].len() == 2 && digits(w[2])
        }) {
            bad.push(format!("ISO date {token:?}"));
        }
    }
    for kind in Kind::ALL {
        if text.contains(kind.as_str()) {
            bad.push(format!("entry kind {}", kind.as_str()));
        }
    }
    bad
}

/// Letters of Kazakh that Russian does not have: none may appear in a Russian act (the names in
/// these hearings are written without them where they appear in Russian acts).
const KAZAKH_ONLY: &str = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";

/// Russian function words: none may stand in a Kazakh act.
const RUSSIAN_WORDS: [&str; 14] = [
    "и",
    "в",
    "на",
    "по",
    "с",
    "что",
    "не",
    "от",
    "для",
    "при",
    "года",
    "суда",
    "ответчик",
    "истца",
];

fn one_language(text: &str, lang: Lang, names: &[&str]) -> Vec<String> {
    let mut unnamed = text.to_string();
    for n in names {
        unnamed = unnamed.replace(n, "");
    }
    let mut bad = Vec::new();
    match lang {
        Lang::Ru | Lang::En => {
            if let Some(c) = unnamed.chars().find(|c| KAZAKH_ONLY.contains(*c)) {
                bad.push(format!("Kazakh letter {c:?} in a Russian act"));
            }
        }
        Lang::Kk => {
            // Compared as written: initials ("И.И.") are capitals and stay allowed.
            for w in unnamed.split(|c: char| !c.is_alphabetic()) {
                if RUSSIAN_WORDS.contains(&w) {
                    bad.push(format!("Russian word {w:?} in a Kazakh act"));
                }
            }
        }
    }
    bad
}

/// The names as entered in the fixtures and the demo: printed as they are in either language.
const NAMES: [&str; 10] = [
    "Серікбаева Әлия Маратқызы",
    "Нұрланов Ерлан Бекұлы",
    "Ахметов Руслан Серікұлы",
    "Омаров Дәурен Асқарұлы",
    "Смирнов Олег Петрович",
    "Ли Виктор Андреевич",
    "Петрова Анна Сергеевна",
    "Ахметова Айгуль Болатовна",
    "Иванов Иван Иванович",
    "Сейткали Дана Ерлановна",
];

/// Check every document of a hearing in both languages. Returns how many were checked.
fn check_hearing(journal: &Path, translated: bool) -> usize {
    let h = Hearing::load(journal).unwrap();
    let own = h.opened.language;
    let mut checked = 0;
    for lang in [Lang::Kk, Lang::Ru] {
        for (what, prepared) in documents(&h, lang) {
            let p = match prepared {
                Ok(p) => p,
                Err(e) if lang != own && !translated => {
                    // Without translations an act in the other language is refused.
                    assert!(
                        matches!(&e, DocumentError::Missing { missing, .. } if missing.iter().all(Lack::is_translation)),
                        "{what} {lang:?}: {e}"
                    );
                    continue;
                }
                Err(e) => panic!("{what} {lang:?}: {e}"),
            };
            let text = text_of(journal, &p);
            let mut bad = machine_words(&text);
            bad.extend(one_language(&text, lang, &NAMES));
            assert!(
                bad.is_empty(),
                "{what} in {lang:?} of a {:?} hearing: {bad:?}\n{text}",
                h.opened.language
            );
            if lang != own {
                assert!(
                    text.contains(if lang == Lang::Kk {
                        "Аударма"
                    } else {
                        "Перевод"
                    }),
                    "{what}: a translation is titled as one\n{text}"
                );
                no_original_words(&h, &text, &what);
            }
            checked += 1;
        }
    }
    checked
}

/// No word of the free text typed in the language of proceedings (names, numbers and words the
/// translation shares aside) stands in a translated act.
fn no_original_words(h: &Hearing, text: &str, what: &str) {
    let other = h.opened.language.other();
    let mut translated = String::new();
    let mut original = Vec::new();
    for e in &h.entries {
        let Some(body) = &e.body else { continue };
        for (field, value) in body.free_text() {
            original.push(value.to_string());
            if let Some(t) = h.text_in(e.seq, field, other) {
                translated.push_str(t);
                translated.push(' ');
            }
        }
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 5)
            .map(str::to_lowercase)
            .collect()
    };
    let shared: Vec<String> = words(&translated)
        .into_iter()
        .chain(NAMES.iter().flat_map(|n| words(n)))
        .collect();
    let printed = words(text);
    for o in &original {
        for w in words(o) {
            assert!(
                shared.contains(&w) || !printed.contains(&w),
                "{what}: the original's word {w:?} is in the translation"
            );
        }
    }
}

/// Every document of the three fixture hearings conducted in `lang`, translations recorded.
fn check_all(lang: Lang) -> usize {
    let dir = tempfile::tempdir().unwrap();
    [
        fixtures::civil(dir.path(), lang, true),
        fixtures::criminal(dir.path(), lang, true),
        fixtures::administrative(dir.path(), lang, true),
    ]
    .iter()
    .map(|journal| check_hearing(journal, true))
    .sum()
}

// Four CoAO 653 rulings (warning, fine, community service, arrest), four coercion rulings (civil
// and criminal removal, criminal and APPC monetary penalty), two short protocols (with a
// recording; the civil one with a correction and remarks) and a full one; in two languages each.
const ALL_DOCUMENTS: usize = 22;

#[test]
fn every_document_of_a_russian_hearing_speaks_russian_and_its_translations_kazakh() {
    assert_eq!(check_all(Lang::Ru), ALL_DOCUMENTS);
}

#[test]
fn every_document_of_a_kazakh_hearing_speaks_kazakh_and_its_translations_russian() {
    assert_eq!(check_all(Lang::Kk), ALL_DOCUMENTS);
}

#[test]
fn without_translations_an_act_in_the_other_language_is_refused_with_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let journal = fixtures::civil(dir.path(), Lang::Ru, false);
    // The Russian acts issue; every Kazakh one is refused (checked inside).
    assert_eq!(check_hearing(&journal, false), 6);
    let h = Hearing::load(&journal).unwrap();
    let fine = h
        .entries
        .iter()
        .find(
            |e| matches!(&e.body, Some(Body::MeasureApplied(m)) if m.measure_id == "coao653_fine"),
        )
        .unwrap()
        .seq;
    let err = prepare_ruling(&h, fine, Lang::Kk, &catalog()).unwrap_err();
    let DocumentError::Missing { missing, .. } = &err else {
        panic!("{err}");
    };
    let fields: Vec<String> = missing
        .iter()
        .map(|m| match m {
            Lack::Translation { seq, field, lang } => {
                assert_eq!(*lang, Lang::Kk);
                format!("{seq}.{field}")
            }
            other => panic!("{other}"),
        })
        .collect();
    // The person's details, the circumstances, both explanations, the grounds.
    for field in [
        "details.residence",
        "details.id_document",
        "details.workplace",
        "description",
        "summary",
        "grounds",
    ] {
        assert!(
            fields.iter().any(|f| f.ends_with(field)),
            "{field} not in {fields:?}"
        );
    }
    // The message names entries and fields, never their text.
    let message = err.to_string();
    assert!(message.contains("Kazakh translation of entry"), "{message}");
    assert!(
        !message.contains("Смирнов") && !message.contains("Ответчик"),
        "{message}"
    );
}

#[test]
fn the_demo_issues_a_translation_only_with_its_translations_recorded() {
    let dir = tempfile::tempdir().unwrap();
    for (translations, sub) in [(true, "with"), (false, "without")] {
        let data = dir.path().join(sub);
        std::fs::create_dir(&data).unwrap();
        let d = write_demo_hearing_with(
            &data,
            &data.join("keys"),
            &catalog(),
            DemoOptions {
                language: Lang::Ru,
                translations,
            },
        )
        .unwrap();
        check_hearing(&d.journal, translations);
        if translations {
            // The translated ruling rests on the translations it prints: they are in its
            // excerpt, in full.
            let h = Hearing::load(&d.journal).unwrap();
            let p = prepare_ruling(&h, d.coao653_seq, Lang::Kk, &catalog()).unwrap();
            let translated: Vec<u64> = p
                .basis
                .iter()
                .copied()
                .filter(|s| h.entry(*s).is_some_and(|e| e.kind == Kind::Translation))
                .collect();
            assert!(translated.len() >= 5, "{:?}", p.basis);
        }
    }
}

/// The review's ten most important corrections that concern the ruling (section 4: items 1-3,
/// 5-7), read from the PDF of a kk ruling for a kk hearing; none of the rejected wordings.
#[test]
fn the_kazakh_ruling_reads_as_the_reviewed_model_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = write_demo_hearing_with(
        dir.path(),
        &dir.path().join("keys"),
        &catalog(),
        DemoOptions {
            language: Lang::Kk,
            translations: false,
        },
    )
    .unwrap();
    let h = Hearing::load(&d.journal).unwrap();
    let p = prepare_ruling(&h, d.coao653_seq, Lang::Kk, &catalog()).unwrap();
    let text = text_of(&d.journal, &p);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for sentence in [
        // 1: an appeal suspends execution (CoAO 829-4(4)).
        "Мерзімінде берілген шағым (наразылық) қаулының орындалуын тоқтата тұрады",
        // 2: the dative with "білдіру".
        "әкімшілік құқық бұзушылық (сотқа құрметтемеушілік білдіру) туралы істі",
        "әкімшілік жауаптылыққа тартылатын адам (Иванов Иван Иванович, жауапкер) сотқа құрметтемеушілік білдірді",
        // 3: the conduct in the code's words.
        "сотқа (судьяға) құрметтемеушілікті анық куәландыратын өзге де әрекет (әрекетсіздік)",
        // 5: a sentence of the ruling, not the advice note.
        "Қаулының көшірмесі тапсырылған күннен бастап 10 тәулік ішінде оған жоғары тұрған сотқа шағым жасалуы, прокурор наразылық келтіруі мүмкін.",
        // 6: the binding block without machine words or a "stamp".
        "куәландыру жазбасы №",
        "соңғы жазбаның хеші",
        "Тәртіп бұзу / сотты құрметтемеушілік",
        "Қолданылған шара",
        // 7: the date in parentheses, no case ending needed.
        "№ 2-1234/2026 іс бойынша сот отырысы барысында (2026 жылғы 24 қараша, сағат 10:30)",
        "Иванов Иван Иванович (ЖСН 800501300126) ҚР ӘҚБтК 653-бабының 1-бөлігінде көзделген әкімшілік құқық бұзушылық жасағаны үшін кінәлі деп танылып",
        "оған 20 (жиырма) АЕК мөлшерінде, яғни 86 500 теңге сомасында айыппұл түріндегі әкімшілік жаза қолданылсын",
    ] {
        assert!(flat.contains(sentence), "{sentence:?} not in\n{text}");
    }
    for rejected in [
        "сотты құрметтемеушілік көрсет",
        "орындау тоқтатылады",
        "Шағымдану тәртібі",
        "(head)",
        "мөр",
        "incident_recorded",
        "тұлға (",
    ] {
        assert!(!flat.contains(rejected), "{rejected:?} in\n{text}");
    }
    assert!(
        machine_words(&text).is_empty(),
        "{:?}",
        machine_words(&text)
    );
}

#[test]
fn the_checks_catch_what_they_look_for() {
    // A test that cannot fail is a defect: each check finds its planted fault.
    assert!(!machine_words("жазбалар: 9 incident_recorded").is_empty());
    assert!(!machine_words("мерзімі 2025-09-01 бастап").is_empty());
    assert!(!machine_words("соңғы жазба хеші (head)").is_empty());
    assert!(
        machine_words("журнал 2-1234-2026_demo-1_99e96df0.jsonl, хеші ee7abc3943d7003f").is_empty()
    );
    assert!(machine_words("файл zal-3_2026-11-24.mp4").is_empty());
    // A file name and a hash cut into lines are still a file name and a hash.
    assert!(
        machine_words("журнал 2-1234-2026_de\nmo-1_99e96df0.jsonl, хеші ee7abc39\n43d7").is_empty()
    );
    assert!(!one_language("Сот ответчик туралы", Lang::Kk, &[]).is_empty());
    assert!(!one_language("Суд отырысы қаралды", Lang::Ru, &[]).is_empty());
    assert!(one_language("Суд: Серікбаева Әлия Маратқызы", Lang::Ru, &NAMES).is_empty());
}
