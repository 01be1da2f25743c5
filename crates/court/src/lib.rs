//! The court's side of a hearing: what the journal says happened, read as a hearing, and the
//! documents a court issues from it.
//!
//! - [`hearing`]: the read model replayed from the journal (roster, incidents, measures, seals)
//!   and the demo hearing;
//! - [`documents`]: rulings and the protocol as data, refused with the list of what the law
//!   requires and the protocol lacks, issued as PDFs bound to the protocol both ways;
//! - [`validity`]: what recorded values must mean for the law (real dates, IINs, penalties
//!   within the law's limits, citations) — warnings for `verify`, refusals for documents.

pub mod documents;
pub mod hearing;
pub mod validity;
