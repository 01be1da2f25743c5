//! Citations in the words of a document: "CPC 188(2)" becomes "ч. 2 ст. 188 ГПК РК" or
//! "ҚР АПК 188-бабының 2-бөлігі". Code abbreviations come from the catalog's code names (the
//! part in parentheses), so no legal name is spelled in code.

use super::{Catalog, Lang};

/// `id` as a document cites it in `lang`; ids the pattern does not fit are returned as given.
pub fn cite(cat: &Catalog, id: &str, lang: Lang) -> String {
    let Some((code, rest)) = id.split_once(' ') else {
        return id.to_string();
    };
    let Some(info) = cat.codes.get(code) else {
        return id.to_string();
    };
    let name = info.name.get(lang);
    if let Some(point) = rest.strip_prefix("p.") {
        return match lang {
            // "…нормативтік қаулысының 10-тармағы": the genitive after the possessive ending.
            Lang::Kk if name.ends_with('ы') => format!("{name}ның {point}-тармағы"),
            Lang::Kk if name.ends_with('і') => format!("{name}нің {point}-тармағы"),
            Lang::Kk => format!("{name}, {point}-тармақ"),
            Lang::Ru => format!("{name}, п. {point}"),
            Lang::En => format!("{name}, para. {point}"),
        };
    }
    let abbr = match (name.rfind('('), name.rfind(')')) {
        (Some(open), Some(close)) if open < close => &name[open + 1..close],
        _ => name,
    };
    let (article, part) = match rest.split_once('(') {
        Some((article, part)) => (article, part.strip_suffix(')')),
        None => (rest, None),
    };
    // "CoAO 653 note": the note to an article.
    if let Some(article) = article.strip_suffix(" note").filter(|a| !a.contains(' ')) {
        return match lang {
            Lang::Kk => format!("ҚР {abbr} {article}-бабына ескертпе"),
            Lang::Ru => format!("примечание к ст. {article} {abbr} РК"),
            Lang::En => format!("{abbr} art. {article}, note"),
        };
    }
    if article.contains(' ') {
        return id.to_string();
    }
    match (lang, part) {
        (Lang::Kk, Some(p)) => format!("ҚР {abbr} {article}-бабының {p}-бөлігі"),
        (Lang::Kk, None) => format!("ҚР {abbr} {article}-бабы"),
        (Lang::Ru, Some(p)) => format!("ч. {p} ст. {article} {abbr} РК"),
        (Lang::Ru, None) => format!("ст. {article} {abbr} РК"),
        (Lang::En, Some(p)) => format!("{abbr} art. {article}({p})"),
        (Lang::En, None) => format!("{abbr} art. {article}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_as_documents_write_them() {
        let cat = Catalog::builtin().unwrap();
        assert_eq!(cite(&cat, "CPC 188(2)", Lang::Ru), "ч. 2 ст. 188 ГПК РК");
        assert_eq!(
            cite(&cat, "CPC 188(2)", Lang::Kk),
            "ҚР АПК 188-бабының 2-бөлігі"
        );
        assert_eq!(cite(&cat, "CoAO 653(1)", Lang::Ru), "ч. 1 ст. 653 КоАП РК");
        assert_eq!(
            cite(&cat, "CoAO 829-4(1)", Lang::Kk),
            "ҚР ӘҚБтК 829-4-бабының 1-бөлігі"
        );
        assert_eq!(cite(&cat, "APPC 125", Lang::Ru), "ст. 125 АППК РК");
        assert!(cite(&cat, "NP1 p.10", Lang::Ru).ends_with("№ 1, п. 10"));
        assert!(
            cite(&cat, "NP1 p.10", Lang::Kk).ends_with("№ 1 нормативтік қаулысының 10-тармағы")
        );
        assert_eq!(
            cite(&cat, "CoAO 653 note", Lang::Ru),
            "примечание к ст. 653 КоАП РК"
        );
        assert_eq!(
            cite(&cat, "CoAO 653 note", Lang::Kk),
            "ҚР ӘҚБтК 653-бабына ескертпе"
        );
        assert_eq!(cite(&cat, "nonsense", Lang::Ru), "nonsense");
    }
}
