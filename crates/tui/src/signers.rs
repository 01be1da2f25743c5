//! Who signs and whom to trust, in the interface's words: the court authority's certificate and
//! revocation list read into a [`Trust`], a person's protected key opened with the passphrase
//! they typed and admitted for their role — each refusal one line in the interface language.
//! The checks themselves are the store's (`store::keys`) and the journal's
//! (`journal::seal_v2::admit_signer`): this module only words their answers.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use journal::Role;
use journal::seal_v2::{Refusal, admit_signer};
use pki::{CertifiedKey, KeyFileError, Passphrase, Status, Trust};
use store::keys::{self, KeyError};

use crate::Ctx;
use crate::settings::TrustFiles;

/// Read the authority's certificate and revocation list named in `files` into a trust: the
/// certificate must be a certification authority's, the list signed by it.
pub fn load_trust(ctx: &Ctx, files: &TrustFiles) -> Result<Trust, String> {
    let Some(ca) = &files.ca else {
        return Err(ctx.t("sign.trust_missing").to_string());
    };
    let anchors = keys::read_certificates(ca).map_err(|e| key_error(ctx, &e))?;
    if anchors.iter().any(|c| !c.is_ca()) {
        return Err(ctx.tf("sign.not_ca", &[("path", shown(ca))]));
    }
    let mut crls = Vec::new();
    if let Some(crl) = &files.crl {
        let list = keys::read_crl(crl).map_err(|e| key_error(ctx, &e))?;
        if !anchors.iter().any(|a| list.verify_signed_by(a).is_ok()) {
            return Err(ctx.tf("sign.crl_not_signed", &[("path", shown(crl))]));
        }
        crls.push(list);
    }
    // The checks above leave one refusal: a file that holds no certificate at all.
    Trust::new(anchors, crls).map_err(|_| ctx.tf("sign.not_a_key", &[("path", shown(ca))]))
}

/// Open `key` with `passphrase` (dropped, and wiped, on return) and admit it to sign as `role`
/// for `expected` (the hearing's official) at `at`: the court's certificate, valid then, not
/// revoked, of that role and person. Nothing is written either way.
pub fn open_signer(
    ctx: &Ctx,
    trust: &Trust,
    role: Role,
    expected: &str,
    key: &Path,
    passphrase: Passphrase,
    at: DateTime<FixedOffset>,
) -> Result<CertifiedKey, String> {
    let signer = keys::load_signer(key, None, &passphrase, trust.anchors())
        .map_err(|e| key_error(ctx, &e))?;
    drop(passphrase);
    admit_signer(trust, at, role, expected, &signer).map_err(|r| refusal(ctx, role, &r))?;
    Ok(signer)
}

/// A key file that cannot sign, before anyone types a passphrase: plain, shared, absent.
pub fn check_key_file(ctx: &Ctx, key: &Path) -> Result<(), String> {
    keys::check_protected(key)
        .map(drop)
        .map_err(|e| key_error(ctx, &e))
}

/// A key or certificate file's problem in the interface language, naming the file and what
/// to do.
pub fn key_error(ctx: &Ctx, e: &KeyError) -> String {
    let with = |key: &'static str, path: &Path| ctx.tf(key, &[("path", shown(path))]);
    match e {
        KeyError::TooOpen { path } => with("sign.too_open", path),
        KeyError::Key { path, source } => match source {
            KeyFileError::WrongPassphrase => with("sign.wrong_passphrase", path),
            KeyFileError::NotProtected | KeyFileError::OldFormat => with("sign.plain_key", path),
            KeyFileError::Unsupported => with("sign.unsupported_key", path),
            KeyFileError::NotAKey(_) => with("sign.not_a_key", path),
            other => format!("{}: {other}", shown(path)),
        },
        KeyError::Open { path, .. } if path.symlink_metadata().is_err() => {
            with("sign.no_file", path)
        }
        KeyError::Open { path, .. } => with("sign.cannot_open", path),
        KeyError::Invalid { path, .. } => with("sign.not_a_key", path),
        KeyError::Certificate { path, .. } => with("sign.cert_other_key", path),
        other => other.to_string(),
    }
}

/// Why the authority's verdict or the hearing refuses a signer, for `role`.
pub fn refusal(ctx: &Ctx, role: Role, r: &Refusal) -> String {
    let role_name = ctx.t(role_key(role)).to_string();
    match r {
        Refusal::Certificate(status) => status_refusal(ctx, &role_name, status),
        Refusal::OtherPerson => ctx.tf("sign.other_person", &[("role", role_name)]),
        Refusal::Algorithm => ctx.tf("sign.algorithm", &[("role", role_name)]),
    }
}

fn status_refusal(ctx: &Ctx, role: &str, status: &Status) -> String {
    let role = ("role", role.to_string());
    match status {
        Status::Authenticated => String::new(),
        Status::Untrusted(_) => ctx.tf("sign.untrusted", &[role]),
        Status::WrongRole { .. } => ctx.tf("sign.wrong_role", &[role]),
        Status::Revoked { date, .. } => ctx.tf("sign.revoked", &[role, ("date", day(date))]),
        Status::Expired { not_after } => ctx.tf("sign.expired", &[role, ("date", day(not_after))]),
        Status::NotYetValid { not_before } => {
            ctx.tf("sign.not_yet_valid", &[role, ("date", day(not_before))])
        }
    }
}

/// A certificate's status as the appellate check shows it, in the interface language.
pub fn status_text(ctx: &Ctx, status: &Status) -> String {
    match status {
        Status::Authenticated => ctx.t("trust.authenticated").to_string(),
        Status::Untrusted(_) => ctx.t("trust.untrusted").to_string(),
        Status::WrongRole { .. } => ctx.t("trust.wrong_role").to_string(),
        Status::Revoked { date, .. } => ctx.tf("trust.revoked", &[("date", day(date))]),
        Status::Expired { not_after } => ctx.tf("trust.expired", &[("date", day(not_after))]),
        Status::NotYetValid { not_before } => {
            ctx.tf("trust.not_yet_valid", &[("date", day(not_before))])
        }
    }
}

/// A date as people in Kazakhstan's courts read it: `dd.mm.yyyy`, in Kazakhstan's time
/// (certificates and lists carry UTC).
pub fn day(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&journal::KAZAKHSTAN)
        .format("%d.%m.%Y")
        .to_string()
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Judge => "role.judge",
        Role::Secretary => "role.secretary",
    }
}

/// Who a certificate names: its holder's name, as the authority certified it.
pub fn holder(signer: &CertifiedKey) -> String {
    signer
        .certificate()
        .holder()
        .common_name
        .clone()
        .unwrap_or_default()
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
