//! `hattama demo [--out DIR]`: the sample incidents run through the engine, then a demo court
//! authority with certificates and protected keys for its judge and secretary (passphrases in
//! files, for the demo only), and a whole sample hearing written, sealed, signed, verified
//! against that authority and excerpted, with the paths and the `verify --trust` commands
//! printed.

use std::path::{Path, PathBuf};

use super::advise::parse_facts;
use super::render::{document_error, hearing_error, issue_error};
use super::{CliError, Global, act_lang, any_lang, emit, load_catalog};
use court::documents::Prepared;
use court::documents::binding::check_document;
use court::documents::issue::{DocumentSigners, issue};
use court::documents::protocol::prepare_protocol;
use court::documents::ruling::prepare_ruling;
use court::hearing::Hearing;
use court::hearing::demo::{DemoHearing, DemoOptions, write_demo_hearing_with};
use journal::{SystemClock, VerifyOptions};
use law::{self, Catalog, Lang};
use pki::Trust;
use render::{Renderer, Templates};
use store::{Journal, ensure_private_dir, verify_file, write_excerpt};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Language of the texts.
    #[arg(long, value_parser = any_lang(), default_value = "ru")]
    pub lang: Lang,
    /// Where to write the demo hearing (a new or empty directory) [default: a new directory
    /// under the system's temporary directory].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Then open the terminal interface on the demo hearing.
    #[arg(long)]
    pub tui: bool,
    /// The language of proceedings of the demo hearing: its acts are issued in it, and in the
    /// other language as translations (from the translations the demo records).
    #[arg(long, value_parser = act_lang(), default_value = "ru")]
    pub proceedings: Lang,
}

/// The sample incidents shipped with the binary (also in `config/samples/`).
pub const SAMPLES: [(&str, &str); 3] = [
    (
        "civil",
        include_str!("../../config/samples/civil-contempt.json"),
    ),
    (
        "criminal",
        include_str!("../../config/samples/criminal-disobedience.json"),
    ),
    (
        "administrative",
        include_str!("../../config/samples/administrative-breach.json"),
    ),
];

pub fn run(args: &DemoArgs, global: &Global) -> Result<(), CliError> {
    let catalog = load_catalog(global)?;
    let mut out = String::new();
    for (name, text) in SAMPLES {
        let facts = parse_facts(text, &catalog)?;
        let advice = law::advise(&facts, &catalog);
        let report = law::report::report(&advice, &catalog, args.lang);
        out.push_str(&format!("══════ {name} ══════\n"));
        out.push_str(&law::report::table(&report, &catalog));
        out.push('\n');
    }
    out.push_str(&format!("catalog version {}\n\n", catalog.version));
    emit(&out)?;

    let dir = demo_dir(args.out.as_deref())?;
    let keys_dir = dir.join("keys");
    let options = DemoOptions {
        language: args.proceedings,
        translations: true,
    };
    let hearing = write_demo_hearing_with(&dir, &keys_dir, &catalog, options)
        .map_err(|e| CliError::user(format!("demo hearing: {e}")))?;
    let trust = hearing.court.trust()?;
    let options = VerifyOptions {
        trust: Some(&trust),
        ..VerifyOptions::default()
    };
    let report = verify_file(&hearing.journal, options)?;
    if !report.authenticated() || !report.sealed {
        return Err(CliError::integrity(format!(
            "{}: the demo protocol did not verify",
            hearing.journal.display()
        )));
    }
    let documents = issue_documents(&hearing, &dir, &catalog, &trust, options)?;
    let report = verify_file(&hearing.journal, options)?;
    if !report.authenticated() || !report.sealed {
        return Err(CliError::integrity(format!(
            "{}: the demo protocol did not verify after the documents were issued",
            hearing.journal.display()
        )));
    }
    let excerpt_path = dir.join("excerpt-coao653.json");
    let basis = Hearing::load(&hearing.journal)
        .map_err(hearing_error)?
        .measure(hearing.coao653_seq)
        .map(|m| m.basis_seqs())
        .unwrap_or_else(|| vec![hearing.coao653_seq]);
    let excerpt = write_excerpt(&hearing.journal, &basis, &excerpt_path)?;
    let excerpt_report = verify_file(&excerpt_path, options)?;
    if !excerpt_report.authenticated() {
        return Err(CliError::integrity(format!(
            "{}: the demo excerpt did not verify",
            excerpt_path.display()
        )));
    }
    let signers: Vec<String> = report
        .seals
        .last()
        .map(|s| {
            s.signers
                .iter()
                .map(|x| format!("{} ({})", x.name, x.role.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let court = &hearing.court;
    let ca = court.authority.certificate_path();
    let crl = court.authority.crl_path();
    let trust_flags = format!(" --trust {} --crl {}", ca.display(), crl.display());
    emit(&format!(
        "══════ sample hearing ══════\n\
         protocol:     {journal}\n\
         \x20             {entries} entries, intact, sealed by {signers} — authenticated by the demo court\n\
         \x20             head {head}\n\
         measures:     warning seq {w}, CoAO 653 fine seq {f}, removal seq {r}\n\
         excerpt:      {excerpt} (entries {basis} in full, linked to the seal at seq {seal})\n\
         documents (signed in the PDF, each verified on its own and against the protocol):\n{documents}\
         court:        {authority} (the demo court's authority: {ca}, revocation list {crl})\n\
         keys:         {judge_key} (judge), {secretary_key} (secretary), each with its .crt;\n\
         \x20             for the demo only, passphrases are in the .passphrase files beside them\n\
         check them:   hattama verify {journal}{trust_flags}\n\
         \x20             hattama verify {excerpt}{trust_flags}\n\
         \x20             hattama verify {first_pdf}{trust_flags}\n\
         \x20             hattama verify {first_pdf}{trust_flags} --protocol {journal}\n\
         \x20             openssl verify -CAfile {ca} -crl_check -CRLfile {crl} {judge_cert}\n",
        journal = hearing.journal.display(),
        entries = report.entries,
        signers = signers.join(", "),
        head = report.head.map(|h| h.to_hex()).unwrap_or_default(),
        w = hearing.warning_seq,
        f = hearing.coao653_seq,
        r = hearing.removal_seq,
        excerpt = excerpt.path.display(),
        seal = excerpt.seal_seq,
        basis = excerpt
            .selected
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        documents = documents,
        authority = court.authority.dir.display(),
        ca = ca.display(),
        crl = crl.display(),
        judge_key = court.judge.key.display(),
        secretary_key = court.secretary.key.display(),
        judge_cert = court.judge.certificate.display(),
        first_pdf = dir.join("ruling-coao653-ru.pdf").display(),
        trust_flags = trust_flags,
    ))?;
    if args.tui {
        let tui = super::tui::TuiArgs {
            data: Some(dir.clone()),
            keys: Some(keys_dir.clone()),
            lang: Some(args.lang),
            templates: None,
        };
        super::tui::run(&tui, global, Some(&hearing.journal))?;
    }
    Ok(())
}

/// Issue the rulings (CoAO 653 in the language of proceedings and, from the recorded
/// translations, in the other language; the removal) and then the protocol (both languages),
/// resealing after each batch as the law asks of changes to a signed protocol; then check each
/// PDF against the protocol. Returns the lines to print.
fn issue_documents(
    hearing: &DemoHearing,
    dir: &Path,
    catalog: &Catalog,
    trust: &Trust,
    options: VerifyOptions<'_>,
) -> Result<String, CliError> {
    let renderer = Renderer::new();
    let anchors = trust.anchors();
    let judge = hearing.court.judge.signer(anchors)?;
    let secretary = hearing.court.secretary.signer(anchors)?;
    let signers = DocumentSigners {
        judge: &judge,
        secretary: Some(&secretary),
        trust,
    };
    // The language of proceedings, then the other one: acts in it are translations.
    let (own, other) = (hearing.language, hearing.language.other());
    let name = |what: &str, lang: Lang| {
        if lang == own {
            format!("{what}-{}.pdf", lang.code())
        } else {
            format!("{what}-{}-translation.pdf", lang.code())
        }
    };
    let rulings = [
        (hearing.coao653_seq, own, name("ruling-coao653", own)),
        (hearing.coao653_seq, other, name("ruling-coao653", other)),
        (hearing.removal_seq, own, name("ruling-removal", own)),
    ];
    let protocols = [
        (own, name("protocol", own)),
        (other, name("protocol", other)),
    ];
    let mut issued = Vec::new();
    for batch in 0..2 {
        let h = Hearing::load(&hearing.journal).map_err(hearing_error)?;
        let prepared: Vec<(Prepared, &str)> = if batch == 0 {
            rulings
                .iter()
                .map(|(seq, lang, name)| {
                    prepare_ruling(&h, *seq, *lang, catalog).map(|p| (p, name.as_str()))
                })
                .collect::<Result<_, _>>()
        } else {
            protocols
                .iter()
                .map(|(lang, name)| {
                    prepare_protocol(&h, *lang, catalog).map(|p| (p, name.as_str()))
                })
                .collect::<Result<_, _>>()
        }
        .map_err(document_error)?;
        for (p, name) in &prepared {
            let out = dir.join(name);
            let i = issue(
                &hearing.journal,
                p,
                &renderer,
                &Templates::Builtin,
                &out,
                Box::new(SystemClock),
                &signers,
            )
            .map_err(issue_error)?;
            issued.push(i);
        }
        let mut journal = Journal::open(&hearing.journal, Box::new(SystemClock))?;
        journal.seal(&judge, &secretary, trust)?;
    }
    let mut lines = String::new();
    for i in &issued {
        let pdf = std::fs::read(&i.path)
            .map_err(|e| CliError::user(format!("{}: cannot read ({e})", i.path.display())))?;
        let check = check_document(&pdf, Some(&hearing.journal), options)
            .map_err(|e| CliError::integrity(format!("{}: {e}", i.path.display())))?;
        if let Some(problem) = check.problem {
            return Err(CliError::integrity(format!(
                "{}: {problem}",
                i.path.display()
            )));
        }
        if !check.signatures.authenticated() {
            return Err(CliError::integrity(format!(
                "{}: the demo document's signers are not authenticated",
                i.path.display()
            )));
        }
        lines.push_str(&format!(
            "              {} (SHA-256 {}…, recorded as entry {})\n",
            i.path.display(),
            &i.sha256.to_hex()[..16],
            i.recorded_seq
        ));
    }
    Ok(lines)
}

/// The directory the demo writes into: `--out` (new or empty), else a fresh one in the temp dir.
fn demo_dir(out: Option<&Path>) -> Result<PathBuf, CliError> {
    let dir = match out {
        Some(dir) => dir.to_path_buf(),
        None => {
            let stamp = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
            std::env::temp_dir().join(format!("hattama-demo-{}-{stamp}", std::process::id()))
        }
    };
    let occupied = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        return Err(CliError::user(format!(
            "{}: the directory is not empty; give --out a new or empty directory",
            dir.display()
        )));
    }
    ensure_private_dir(&dir)
        .map_err(|e| CliError::user(format!("{}: cannot create ({e})", dir.display())))?;
    Ok(dir)
}
