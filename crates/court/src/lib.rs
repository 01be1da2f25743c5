//! The court's side of a hearing: what the journal says happened, read as a hearing, and the
//! documents a court issues from it.
//!
//! - [`hearing`]: the read model replayed from the journal (roster, incidents, measures, seals)
//!   and the demo hearing;
//! - [`documents`]: rulings and the protocol as data, refused with the list of what the law
//!   requires and the protocol lacks, issued as signed PDFs bound to the protocol both ways;
//! - [`demo_court`]: the demo court authority and its people's protected keys.

pub mod demo_court;
pub mod documents;
pub mod hearing;
