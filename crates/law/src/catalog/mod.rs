//! The law catalog: norms with their wording dates, amounts, bars, roles and every legal term
//! and reason text in kk/ru/en. Loaded from `config/law/*.toml` (compiled in, or `--law DIR`)
//! and validated as a whole before the engine sees it.

mod load;
mod schema;

use std::collections::BTreeMap;

use crate::facts::{CaseKind, Day};
use crate::lang::Text;

pub use load::{CatalogError, FILES};
pub use schema::{
    AdministrativePenalty, Bar, BarTest, CodeInfo, CriminalPenalty, Deadline, Mci, Norm,
    NormStatus, OpenPoint, Participant, ReasonDef, RoleDef, Sanction, SettledPoint,
};

/// The whole catalog, immutable once loaded.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// SHA-256 (hex) over the catalog files: the journal records it with every advice shown.
    pub version: String,
    pub codes: BTreeMap<String, CodeInfo>,
    /// Article titles by (code, article number).
    pub articles: BTreeMap<(String, String), schema::Article>,
    /// Norm wordings by citation id, oldest first, ranges never overlapping.
    pub norms: BTreeMap<String, Vec<Norm>>,
    pub mci: BTreeMap<i32, Mci>,
    pub coao653: Vec<Sanction>,
    pub community_service_min_hours: u32,
    pub community_service_min_basis: String,
    pub criminal_penalty: CriminalPenalty,
    pub administrative_penalty: AdministrativePenalty,
    pub deadlines: BTreeMap<String, Deadline>,
    pub arrest_bars: Vec<Bar>,
    pub community_service_bars: Vec<Bar>,
    /// Who is not administratively liable at all (CoAO 30): every CoAO 653 option.
    pub liability_bars: Vec<Bar>,
    pub roles: Vec<RoleDef>,
    /// Terms by group ("measure", "act", "status", "appeal", "unit", ...) then id.
    pub terms: BTreeMap<String, BTreeMap<String, Text>>,
    /// Reason texts by reason id (placeholders `{name}`).
    pub reasons: BTreeMap<String, ReasonDef>,
    pub open_points: BTreeMap<String, OpenPoint>,
    /// Points once open, settled since; kept with their citations.
    pub settled_points: BTreeMap<String, SettledPoint>,
}

/// How the wording of a norm stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InForce<'a> {
    /// This wording is in force that day.
    Yes(&'a Norm),
    /// This wording is in force, but the day is within the weeks after an entry-into-force date
    /// that depends on the publication date, which the catalog does not have.
    Uncertain(&'a Norm),
    /// The catalog holds no wording in force that day.
    NotInCatalog,
}

/// How long after an approximate entry-into-force date the engine still cautions: publication
/// usually follows signature within days; a month covers the gap with room to spare.
const UNCERTAIN_DAYS: i64 = 30;

impl Catalog {
    pub fn norm_exists(&self, id: &str) -> bool {
        self.norms.contains_key(id)
    }

    /// The wording of `id` in force on `day`.
    pub fn in_force(&self, id: &str, day: Day) -> InForce<'_> {
        let Some(wordings) = self.norms.get(id) else {
            return InForce::NotInCatalog;
        };
        for norm in wordings {
            let from = norm.effective_from.0;
            let to_ok = norm.effective_to.is_none_or(|to| day.0 <= to.0);
            if day.0 >= from && to_ok {
                let settled =
                    norm.effective_from_exact || (day.0 - from).num_days() >= UNCERTAIN_DAYS;
                return if settled {
                    InForce::Yes(norm)
                } else {
                    InForce::Uncertain(norm)
                };
            }
        }
        InForce::NotInCatalog
    }

    /// The newest wording of a norm, for showing its title and summary.
    pub fn norm(&self, id: &str) -> Option<&Norm> {
        self.norms.get(id).and_then(|w| w.last())
    }

    pub fn article_title(&self, norm: &Norm) -> Option<&Text> {
        self.articles
            .get(&(norm.code.clone(), norm.article.clone()))
            .map(|a| &a.title)
    }

    pub fn mci_for_year(&self, year: i32) -> Option<u32> {
        self.mci.get(&year).map(|m| m.kzt)
    }

    /// The CoAO 653 sanction of `part` in force on `day`.
    pub fn coao653(&self, part: u8, day: Day) -> Option<&Sanction> {
        self.coao653
            .iter()
            .filter(|s| s.part == part && s.effective_from.0 <= day.0)
            .max_by_key(|s| s.effective_from)
    }

    pub fn deadline(&self, id: &str) -> Option<&Deadline> {
        self.deadlines.get(id)
    }

    pub fn role(&self, kind: CaseKind, id: &str) -> Option<&RoleDef> {
        self.roles.iter().find(|r| r.kind == kind && r.id == id)
    }

    pub fn role_ids(&self, kind: CaseKind) -> Vec<&str> {
        self.roles
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.id.as_str())
            .collect()
    }

    pub fn term(&self, group: &str, id: &str) -> Option<&Text> {
        self.terms.get(group).and_then(|g| g.get(id))
    }

    pub fn reason(&self, id: &str) -> Option<&ReasonDef> {
        self.reasons.get(id)
    }
}
