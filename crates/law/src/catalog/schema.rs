//! The shapes of the catalog files (`config/law/*.toml`) and of what they load into.

use serde::Deserialize;

use crate::facts::{CaseKind, Day};
use crate::lang::Text;

/// One code or act (`[code]` in a norms file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeInfo {
    pub id: String,
    /// Document id on adilet.zan.kz, where known.
    #[serde(default)]
    pub adilet: Option<String>,
    /// The file in shared/reference the catalog was checked against.
    pub reference: String,
    /// The date of the wording (the export date of the text).
    pub wording_date: Day,
    pub in_force_from: Day,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub number: String,
    pub title: Text,
    /// Whether the Kazakh title is the official heading (false: the project's translation).
    pub kk_official: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NormStatus {
    /// The rule is settled by the texts.
    Confirmed,
    /// The texts leave it open: the engine shows it as a caution.
    Open,
}

/// One wording of one norm (an article, a part, or a sub-item).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// The citation: `CPC 188(2)`, `CoAO 49-1(7)`, `NP1 p.10`, `CoAO 653 note`.
    pub id: String,
    #[serde(default)]
    pub code: String,
    pub article: String,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
    pub summary: Text,
    pub effective_from: Day,
    /// False where the code ties entry into force to the publication date, which the catalog
    /// does not have: `effective_from` is then the earliest possible date.
    #[serde(default = "yes")]
    pub effective_from_exact: bool,
    #[serde(default)]
    pub effective_to: Option<Day>,
    /// True where the norm did not exist before `effective_from` (a new article or part), so an
    /// earlier incident is barred from it rather than governed by an unknown older wording.
    #[serde(default)]
    pub introduced: bool,
    pub status: NormStatus,
    /// False where LAW.md cites the norm but its text is not in shared/reference.
    #[serde(default = "yes")]
    pub text_in_reference: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mci {
    pub year: i32,
    pub kzt: u32,
    pub source: String,
}

/// The sanctions of one part of CoAO 653 in one wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanction {
    pub part: u8,
    pub basis: String,
    pub effective_from: Day,
    pub warning: bool,
    pub fine_mci: u32,
    pub community_service_max_hours: u32,
    pub arrest_max_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriminalPenalty {
    pub max_mci: u32,
    pub basis: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdministrativePenalty {
    pub fixed_mci: u32,
    pub fixed_basis: String,
    pub min_mci: u32,
    pub max_mci: u32,
    pub range_basis: String,
    /// A new penalty after the earlier one was not complied with is increased by this much.
    pub increase_mci: u32,
    pub increase_basis: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: String,
    pub count: u32,
    /// `days` (calendar days, "сутки"), `working_days` or `months`.
    pub unit: String,
    /// What the period runs from: `receipt_of_copy`, `service`, `pronouncement`, ...
    pub from: String,
    pub basis: String,
}

/// The fact tests a bar can use; their parameters come from the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BarTest {
    Pregnant,
    FemaleWithChildUnder,
    MaleAloneWithChildUnder,
    AgeUnder,
    FemaleAgeOver,
    MaleAgeOver,
    FemaleAgeAtLeast,
    MaleAgeAtLeast,
    DisabilityGroupIn,
    NotPermanentResident,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bar {
    pub id: String,
    pub test: BarTest,
    #[serde(default)]
    pub years: Option<u32>,
    #[serde(default)]
    pub groups: Vec<u8>,
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Participant {
    Yes,
    No,
    /// The code does not settle whether this role counts as a participant.
    Open,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub kind: CaseKind,
    pub id: String,
    pub participant: Participant,
    pub basis: String,
    pub label: Text,
}

/// The text of one reason, possibly tied to an open point of the law.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonDef {
    pub kk: String,
    pub ru: String,
    pub en: String,
    /// The open point this reason surfaces, when it rests on one.
    #[serde(default)]
    pub open_point: Option<String>,
}

impl ReasonDef {
    pub fn text(&self) -> Text {
        Text {
            kk: self.kk.clone(),
            ru: self.ru.clone(),
            en: self.en.clone(),
        }
    }
}

/// A point the texts leave open (LAW.md, "Still open", and those found since). The product
/// shows it as a caution with its citations instead of guessing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenPoint {
    pub status: NormStatus,
    pub basis: Vec<String>,
    pub question: Text,
}

/// A point once open and since settled by the texts: kept with its answer and the citations
/// that settle it, so the reasoning stays on record (docs/procedure.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettledPoint {
    pub basis: Vec<String>,
    pub question: Text,
    pub answer: Text,
    /// Where it was settled (an issue, a review).
    pub settled_by: String,
}
