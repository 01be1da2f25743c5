//! Reading and validating the catalog files. A catalog that loads is complete: every norm has
//! all three languages, no two wordings of a norm overlap, and every cited id exists.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::Catalog;
use super::schema::{
    AdministrativePenalty, Article, Bar, BarTest, CodeInfo, CriminalPenalty, Deadline, Mci, Norm,
    NormStatus, OpenPoint, ReasonDef, RoleDef, Sanction, SettledPoint,
};
use crate::engine::{REQUIRED_TERMS, Why};
use crate::lang::Text;

/// The catalog files, in the order their bytes enter the version hash.
pub const FILES: [&str; 11] = [
    "norms-coao.toml",
    "norms-cpc.toml",
    "norms-crpc.toml",
    "norms-appc.toml",
    "norms-cc.toml",
    "norms-np1.toml",
    "amounts.toml",
    "bars.toml",
    "roles.toml",
    "terms.toml",
    "reasons.toml",
];

const BUILTIN: [&str; 11] = [
    include_str!("../../../../config/law/norms-coao.toml"),
    include_str!("../../../../config/law/norms-cpc.toml"),
    include_str!("../../../../config/law/norms-crpc.toml"),
    include_str!("../../../../config/law/norms-appc.toml"),
    include_str!("../../../../config/law/norms-cc.toml"),
    include_str!("../../../../config/law/norms-np1.toml"),
    include_str!("../../../../config/law/amounts.toml"),
    include_str!("../../../../config/law/bars.toml"),
    include_str!("../../../../config/law/roles.toml"),
    include_str!("../../../../config/law/terms.toml"),
    include_str!("../../../../config/law/reasons.toml"),
];

/// What is wrong with a catalog: the file, the key inside it, and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {key}: {problem}")]
pub struct CatalogError {
    pub file: String,
    pub key: String,
    pub problem: String,
}

fn err(file: &str, key: impl Into<String>, problem: impl Into<String>) -> CatalogError {
    CatalogError {
        file: file.to_string(),
        key: key.into(),
        problem: problem.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormsFile {
    code: CodeInfo,
    #[serde(default)]
    article: Vec<Article>,
    #[serde(default)]
    norm: Vec<Norm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunityService {
    min_hours: u32,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountsFile {
    mci: Vec<Mci>,
    coao653: Vec<Sanction>,
    community_service: CommunityService,
    criminal_monetary_penalty: CriminalPenalty,
    administrative_monetary_penalty: AdministrativePenalty,
    deadline: Vec<Deadline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BarsFile {
    arrest: Vec<Bar>,
    community_service: Vec<Bar>,
    liability: Vec<Bar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    role: Vec<RoleDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonsFile {
    reason: BTreeMap<String, ReasonDef>,
    open_point: BTreeMap<String, OpenPoint>,
    #[serde(default)]
    settled_point: BTreeMap<String, SettledPoint>,
}

impl Catalog {
    /// The catalog compiled into the binary from `config/law/`.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        let sources: Vec<(&str, String)> = FILES
            .iter()
            .zip(BUILTIN.iter())
            .map(|(name, text)| (*name, (*text).to_string()))
            .collect();
        Catalog::from_sources(&sources)
    }

    /// A catalog read from `dir`, which must hold every file of [`FILES`].
    pub fn load_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut sources = Vec::with_capacity(FILES.len());
        for name in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                err(
                    &path.display().to_string(),
                    "-",
                    format!("cannot read ({e})"),
                )
            })?;
            sources.push((name, text));
        }
        Catalog::from_sources(&sources)
    }

    fn from_sources(sources: &[(&str, String)]) -> Result<Catalog, CatalogError> {
        let mut hasher = Sha256::new();
        for (name, text) in sources {
            // Length-prefixed so that moving bytes between files changes the hash.
            hasher.update(name.as_bytes());
            hasher.update([0u8]);
            hasher.update((text.len() as u64).to_be_bytes());
            hasher.update(text.as_bytes());
        }
        let version = hex(&hasher.finalize());
        let text_of = |name: &str| -> &str {
            sources
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or_default()
        };

        let mut cat = Catalog {
            version,
            codes: BTreeMap::new(),
            articles: BTreeMap::new(),
            norms: BTreeMap::new(),
            mci: BTreeMap::new(),
            coao653: Vec::new(),
            community_service_min_hours: 0,
            community_service_min_basis: String::new(),
            criminal_penalty: CriminalPenalty {
                max_mci: 0,
                basis: Vec::new(),
            },
            administrative_penalty: AdministrativePenalty {
                fixed_mci: 0,
                fixed_basis: String::new(),
                min_mci: 0,
                max_mci: 0,
                range_basis: String::new(),
                increase_mci: 0,
                increase_basis: String::new(),
            },
            deadlines: BTreeMap::new(),
            arrest_bars: Vec::new(),
            community_service_bars: Vec::new(),
            liability_bars: Vec::new(),
            roles: Vec::new(),
            terms: BTreeMap::new(),
            reasons: BTreeMap::new(),
            open_points: BTreeMap::new(),
            settled_points: BTreeMap::new(),
        };
        for name in FILES.iter().filter(|n| n.starts_with("norms-")) {
            let file: NormsFile = parse(name, text_of(name))?;
            add_norms(&mut cat, name, file)?;
        }
        let amounts: AmountsFile = parse("amounts.toml", text_of("amounts.toml"))?;
        add_amounts(&mut cat, amounts)?;
        let bars: BarsFile = parse("bars.toml", text_of("bars.toml"))?;
        cat.arrest_bars = bars.arrest;
        cat.community_service_bars = bars.community_service;
        cat.liability_bars = bars.liability;
        cat.roles = parse::<RolesFile>("roles.toml", text_of("roles.toml"))?.role;
        cat.terms = parse("terms.toml", text_of("terms.toml"))?;
        let reasons: ReasonsFile = parse("reasons.toml", text_of("reasons.toml"))?;
        cat.reasons = reasons.reason;
        cat.open_points = reasons.open_point;
        cat.settled_points = reasons.settled_point;
        super::load::validate_refs(&cat)?;
        Ok(cat)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|e| {
        let key = e
            .span()
            .map(|s| format!("byte {}", s.start))
            .unwrap_or_else(|| "-".to_string());
        err(file, key, e.message().to_string())
    })
}

fn complete(file: &str, key: &str, text: &Text) -> Result<(), CatalogError> {
    match text.missing() {
        Some(lang) => Err(err(file, key, format!("missing {} text", lang.code()))),
        None => Ok(()),
    }
}

fn add_norms(cat: &mut Catalog, file: &str, f: NormsFile) -> Result<(), CatalogError> {
    let code = f.code.id.clone();
    complete(file, "code.name", &f.code.name)?;
    for a in f.article {
        complete(file, &format!("article {}", a.number), &a.title)?;
        let key = (code.clone(), a.number.clone());
        if cat.articles.insert(key, a.clone()).is_some() {
            return Err(err(file, format!("article {}", a.number), "defined twice"));
        }
    }
    for mut n in f.norm {
        let key = format!("norm '{}'", n.id);
        if !n.id.starts_with(&format!("{code} {}", n.article)) {
            return Err(err(
                file,
                key,
                format!("id must start with '{code} {}'", n.article),
            ));
        }
        if !cat
            .articles
            .contains_key(&(code.clone(), n.article.clone()))
        {
            return Err(err(
                file,
                key,
                format!("article {} is not defined", n.article),
            ));
        }
        complete(file, &key, &n.summary)?;
        if n.effective_from < f.code.in_force_from {
            return Err(err(
                file,
                key,
                "effective_from is before the code came into force",
            ));
        }
        if let Some(to) = n.effective_to
            && to < n.effective_from
        {
            return Err(err(file, key, "effective_to is before effective_from"));
        }
        n.code = code.clone();
        let wordings = cat.norms.entry(n.id.clone()).or_default();
        for w in wordings.iter() {
            if overlaps(w, &n) {
                return Err(err(
                    file,
                    key,
                    format!(
                        "wording from {} overlaps the one from {}",
                        n.effective_from, w.effective_from
                    ),
                ));
            }
        }
        wordings.push(n);
        wordings.sort_by_key(|w| w.effective_from);
    }
    if cat.codes.insert(code.clone(), f.code).is_some() {
        return Err(err(
            file,
            "code.id",
            format!("code {code} is defined in two files"),
        ));
    }
    Ok(())
}

fn overlaps(a: &Norm, b: &Norm) -> bool {
    let a_end = a.effective_to.map(|d| d.0);
    let b_end = b.effective_to.map(|d| d.0);
    let a_before_b = a_end.is_some_and(|end| end < b.effective_from.0);
    let b_before_a = b_end.is_some_and(|end| end < a.effective_from.0);
    !(a_before_b || b_before_a)
}

fn add_amounts(cat: &mut Catalog, a: AmountsFile) -> Result<(), CatalogError> {
    const F: &str = "amounts.toml";
    for m in a.mci {
        if m.kzt == 0 {
            return Err(err(F, format!("mci {}", m.year), "kzt must be positive"));
        }
        if cat.mci.insert(m.year, m.clone()).is_some() {
            return Err(err(F, format!("mci {}", m.year), "year given twice"));
        }
    }
    for s in &a.coao653 {
        if !(1..=2).contains(&s.part) {
            return Err(err(
                F,
                format!("coao653 part {}", s.part),
                "CoAO 653 has parts 1 and 2",
            ));
        }
        let same = a
            .coao653
            .iter()
            .filter(|o| o.part == s.part && o.effective_from == s.effective_from)
            .count();
        if same > 1 {
            return Err(err(
                F,
                format!("coao653 part {}", s.part),
                "two wordings from the same date",
            ));
        }
    }
    cat.coao653 = a.coao653;
    cat.community_service_min_hours = a.community_service.min_hours;
    cat.community_service_min_basis = a.community_service.basis;
    cat.criminal_penalty = a.criminal_monetary_penalty;
    cat.administrative_penalty = a.administrative_monetary_penalty;
    for d in a.deadline {
        if !["days", "working_days", "months"].contains(&d.unit.as_str()) {
            return Err(err(
                F,
                format!("deadline {}", d.id),
                format!("unknown unit '{}'", d.unit),
            ));
        }
        if cat.deadlines.insert(d.id.clone(), d.clone()).is_some() {
            return Err(err(F, format!("deadline {}", d.id), "defined twice"));
        }
    }
    Ok(())
}

/// Every id one table cites must exist in another; every term and reason the engine uses must
/// have all three languages.
pub(super) fn validate_refs(cat: &Catalog) -> Result<(), CatalogError> {
    let need = |file: &str, key: String, id: &str| -> Result<(), CatalogError> {
        if cat.norm_exists(id) {
            Ok(())
        } else {
            Err(err(file, key, format!("unknown norm id '{id}'")))
        }
    };
    for s in &cat.coao653 {
        need("amounts.toml", format!("coao653 part {}", s.part), &s.basis)?;
    }
    need(
        "amounts.toml",
        "community_service.basis".into(),
        &cat.community_service_min_basis,
    )?;
    for b in &cat.criminal_penalty.basis {
        need("amounts.toml", "criminal_monetary_penalty.basis".into(), b)?;
    }
    let ap = &cat.administrative_penalty;
    need(
        "amounts.toml",
        "administrative_monetary_penalty.fixed_basis".into(),
        &ap.fixed_basis,
    )?;
    need(
        "amounts.toml",
        "administrative_monetary_penalty.range_basis".into(),
        &ap.range_basis,
    )?;
    need(
        "amounts.toml",
        "administrative_monetary_penalty.increase_basis".into(),
        &ap.increase_basis,
    )?;
    for d in cat.deadlines.values() {
        need("amounts.toml", format!("deadline {}", d.id), &d.basis)?;
    }
    for (group, bars) in [
        ("arrest", &cat.arrest_bars),
        ("community_service", &cat.community_service_bars),
        ("liability", &cat.liability_bars),
    ] {
        for b in bars {
            let key = format!("{group} bar '{}'", b.id);
            need("bars.toml", key.clone(), &b.basis)?;
            let needs_years = !matches!(
                b.test,
                BarTest::Pregnant | BarTest::DisabilityGroupIn | BarTest::NotPermanentResident
            );
            if needs_years && b.years.is_none() {
                return Err(err("bars.toml", key, "this test needs `years`"));
            }
            if b.test == BarTest::DisabilityGroupIn && b.groups.is_empty() {
                return Err(err("bars.toml", key, "this test needs `groups`"));
            }
        }
    }
    for r in &cat.roles {
        let key = format!("role {}.{}", r.kind.id(), r.id);
        need("roles.toml", key.clone(), &r.basis)?;
        complete("roles.toml", &key, &r.label)?;
    }
    for (group, id) in REQUIRED_TERMS {
        let key = format!("{group}.{id}");
        let text = cat
            .term(group, id)
            .ok_or_else(|| err("terms.toml", key.clone(), "missing"))?;
        complete("terms.toml", &key, text)?;
    }
    for (group, entries) in &cat.terms {
        for (id, text) in entries {
            complete("terms.toml", &format!("{group}.{id}"), text)?;
        }
    }
    for why in Why::ALL {
        let key = format!("reason.{}", why.id());
        let def = cat
            .reason(why.id())
            .ok_or_else(|| err("reasons.toml", key.clone(), "missing"))?;
        complete("reasons.toml", &key, &def.text())?;
    }
    for (id, def) in &cat.reasons {
        let key = format!("reason.{id}");
        if Why::from_id(id).is_none() {
            return Err(err("reasons.toml", key, "not a reason the engine gives"));
        }
        if let Some(point) = &def.open_point
            && !cat.open_points.contains_key(point)
        {
            return Err(err(
                "reasons.toml",
                key,
                format!("unknown open point '{point}'"),
            ));
        }
    }
    for (id, point) in &cat.open_points {
        let key = format!("open_point.{id}");
        complete("reasons.toml", &key, &point.question)?;
        if point.status != NormStatus::Open {
            return Err(err(
                "reasons.toml",
                key,
                "an open point must have status = \"open\"",
            ));
        }
        for b in &point.basis {
            need("reasons.toml", key.clone(), b)?;
        }
    }
    for (id, point) in &cat.settled_points {
        let key = format!("settled_point.{id}");
        complete("reasons.toml", &key, &point.question)?;
        complete("reasons.toml", &key, &point.answer)?;
        if cat.open_points.contains_key(id) {
            return Err(err("reasons.toml", key, "is also an open point"));
        }
        if point.basis.is_empty() {
            return Err(err("reasons.toml", key, "a settled point needs its basis"));
        }
        for b in &point.basis {
            need("reasons.toml", key.clone(), b)?;
        }
    }
    Ok(())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
