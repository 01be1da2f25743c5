//! Hattama — paragraph 10 of the Supreme Court's Normative Resolution No. 1 (14.05.1998) in the
//! courtroom: breach of order and contempt of court, handled by the law and recorded.
//!
//! This crate is the courtroom binary's command line; the house is a workspace whose crates
//! depend one way, each only on those listed before it:
//!
//! | crate | owns | depends on |
//! |---|---|---|
//! | `case` (`crates/case`) | the shared words: case kind, instance, language | — |
//! | `pki` (`crates/pki`) | the court PKI: the authority and certificates by role, CRLs, protected PKCS#8 keys, trust evaluation, detached CMS — bytes in, bytes out, no files | — |
//! | `law` (`crates/law`) | the legal catalog (`config/law`, compiled in) and the pure paragraph-10 engine | case |
//! | `journal` (`crates/journal`) | the protocol's byte format: entries, canonical encoding, the resumable chain checker, seals (signed statements with certificates), excerpts — bytes in, reports out, no files | case, pki |
//! | `store` (`crates/store`) | the durable journal file: create, append with fsync, locks, repair, protected key files and certificates, the court authority's folder, excerpt files | journal, pki |
//! | `render` (`crates/render`) | Typst in-process, fonts and templates compiled in, PDF/A-3b; the only crate with Typst | — |
//! | `court` (`crates/court`) | the hearing read model, the documents a court issues and their PDF signatures, the demo hearing and demo court | law, pki, journal, store, render |
//! | `tui` (`crates/tui`) | the courtroom interface (ratatui); the only crate with ratatui | court and below |
//! | `hattama` (here) | [`cli`]: one file per command; clap lives only here; errors map to exit codes (0 ok, 1 refused, 2 bad usage or input, 3 integrity failure) | all |
//!
//! `tests/architecture.rs`-style checks in the test suite hold the table to the manifests.

pub mod cli;
