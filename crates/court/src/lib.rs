//! The court's side of a hearing: what the journal says happened, read as a hearing, and the
//! documents a court issues from it.
//!
//! - [`hearing`]: the read model replayed from the journal (roster, incidents, measures, seals)
//!   and the demo hearing;
//! - [`documents`]: rulings and the protocol as data, refused with the list of what the law
//!   requires and the protocol lacks, issued as signed PDFs bound to the protocol both ways;
//! - [`validity`]: what recorded values must mean for the law (real dates, IINs, penalties
//!   within the law's limits, citations) — warnings for `verify`, refusals for documents.
//!
//! And the court's rules the interface asks rather than holds: which measures need a document of
//! their own and which ([`acts`]), what the law still requires after them ([`follow_ups`]),
//! the penalty within the option's limits ([`penalty`]), and the engine's advice re-run on
//! recorded facts ([`hearing::advice`]).
//! - [`demo_court`]: the demo court authority and its people's protected keys.

pub mod acts;
pub mod demo_court;
pub mod documents;
pub mod follow_ups;
pub mod hearing;
pub mod penalty;
pub mod validity;
