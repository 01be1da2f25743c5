//! The law: the catalog (norms, amounts, bars, roles, terms — data from `config/law/`) and the
//! paragraph-10 engine that turns the facts of an incident into advice. Pure: no I/O but the
//! catalog loader, no clock.

pub mod advice;
pub mod catalog;
pub mod citation;
pub mod engine;
pub mod facts;
pub mod lang;
pub mod measure;
pub mod report;

pub use advice::{Advice, Status};
pub use catalog::Catalog;
pub use engine::advise;
pub use facts::{Facts, FactsError};
pub use lang::{Lang, Text};
pub use measure::Measure;
