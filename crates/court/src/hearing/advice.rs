//! The engine's advice on an incident as the protocol recorded it. The facts are read back from
//! the `incident_recorded` entry and run through the catalog, so what the wizard, the follow-ups
//! and a ruling show is what the judge was advised — done here, once, for all of them.

use journal::entry::IncidentRecorded;
use law::{Advice, Catalog, Facts};

use super::Hearing;
use journal::Body;

/// Why recorded facts cannot be advised on again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadviseError {
    #[error("entry {0} is not an incident_recorded entry")]
    NotAnIncident(u64),
    /// The facts no longer pass the catalog (e.g. a newer catalog refuses them); the text names
    /// the field, never a value.
    #[error("the recorded facts are refused by the law catalog: {0}")]
    Facts(String),
}

/// The advice on `incident`'s facts under `catalog`.
pub fn readvise(incident: &IncidentRecorded, catalog: &Catalog) -> Result<Advice, ReadviseError> {
    let facts = Facts::from_json(&incident.facts.to_string())
        .and_then(|f| f.validate(catalog).map(|()| f))
        .map_err(|e| ReadviseError::Facts(e.to_string()))?;
    Ok(law::advise(&facts, catalog))
}

impl Hearing {
    /// The advice on the incident recorded at `seq`.
    pub fn advice_on(&self, seq: u64, catalog: &Catalog) -> Result<Advice, ReadviseError> {
        match self.entry(seq).and_then(|e| e.body.as_ref()) {
            Some(Body::IncidentRecorded(i)) => readvise(i, catalog),
            _ => Err(ReadviseError::NotAnIncident(seq)),
        }
    }
}
