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
//! | `journal` (`crates/journal`) | the protocol's byte format: entries, canonical encoding, the resumable chain checker and its faults and warnings, seals (signed statements with certificates), excerpts, telling files apart — bytes in, reports out, no files | case, pki |
//! | `store` (`crates/store`) | the durable journal file: create, append with fsync, locks and the guard against other writers, repair, protected key files and certificates, the court authority's folder, excerpt files | journal, pki |
//! | `render` (`crates/render`) | Typst in-process, fonts and templates compiled in, PDF/A-3b; the only crate with Typst | — |
//! | `court` (`crates/court`) | the hearing read model, the documents a court issues and their PDF signatures, what recorded values must mean (`validity`), the demo hearing and demo court, and the court's rules the interface asks: which act is due, follow-ups, penalty limits | law, pki, journal, store, render |
//! | `tui` (`crates/tui`) | the courtroom interface (ratatui; the only crate with it): screens that answer keys with data, one keymap per screen, one worker for every write | court and below |
//! | `ledger` (`crates/ledger`) | the archive's verifiable statements: receipts, the RFC 9162 Merkle log and proofs, C2SP checkpoints and cosignatures, the receipts file and its offline audit, which certificate may sign receipts or connect (`certified`, on `pki`) — no network, no database, no files | journal, pki |
//! | `push` (`crates/push`) | the courtroom's archive client: reads journals read-only, sends what the archive lacks, keeps receipts beside the journal, the background pusher, fetch; an HTTPS client (ureq) only | journal, pki, ledger |
//! | `archive` (`crates/archive`) | the `hattama-archive` server: axum, rustls with mutual TLS, PostgreSQL and SQLite — the only crate with a web server or a database driver, never linked into `hattama` | journal, pki, ledger, push |
//! | `hattama` (here) | [`cli`]: one file per command (`archive serve` runs the `hattama-archive` program beside it); clap lives here and in `hattama-archive` alone; [`archive_link`] hands the interface the push client behind the interface's own `tui::archive::Archive`; errors map to exit codes (0 ok, 1 refused, 2 bad usage or input, 3 integrity failure) | all but `archive` |
//!
//! `tests/architecture` holds the table to the manifests: a crate depending on one above it,
//! Typst, ratatui, clap or the archive server's stack outside their crates, or a file opened in
//! `journal` fails the tests; `tests/archive/layering.rs` walks `hattama`'s whole tree for a web
//! server or a database driver.

pub mod archive_link;
pub mod cli;
