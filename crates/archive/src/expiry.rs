//! What runs out while an archive runs, said before it does. The archive's own certificate:
//! after its end the courtroom PCs refuse the handshake, and a receipt signed after it fails
//! `verify --receipts` (the archive's certificate is judged at the receipt's time), so the
//! archive signs none then. The CRL in use: past its next-update date, revocations made since
//! are not seen until a new list is put in place. Both are said in the log from `pki::ending::AHEAD`
//! before (at start, then once a day), each with what to do.

use chrono::{DateTime, FixedOffset, Utc};
use pki::{Crl, Ending};

/// Lines for the log about what ends soon or has ended; none when all is well.
pub fn warnings(
    certificate_end: DateTime<FixedOffset>,
    crl: Option<&Crl>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut out = Vec::new();
    let end = certificate_end.to_rfc3339();
    match pki::ending(certificate_end, now) {
        Ending::Ended => out.push(format!(
            "the archive's certificate ended at {end}: courtroom PCs refuse it and no receipt is \
             signed — issue a new one (`hattama court issue --role archive`) and restart with it"
        )),
        Ending::Soon { days } => out.push(format!(
            "the archive's certificate ends at {end} (in {days} days): courtroom PCs will refuse \
             it then — issue a new one (`hattama court issue --role archive`) and restart with it"
        )),
        Ending::Far => {}
    }
    if let Some(due) = crl.and_then(Crl::next_update)
        && due.with_timezone(&Utc) < now
    {
        out.push(format!(
            "the revocation list in use was due to be replaced at {}: revocations made since are \
             not seen — publish a new one (`hattama court crl`) and copy it over the --crl file",
            due.to_rfc3339()
        ));
    }
    out
}

/// Whether a receipt may be signed at `now` with a certificate ending at `certificate_end`.
pub fn may_sign(certificate_end: DateTime<FixedOffset>, now: DateTime<Utc>) -> Result<(), String> {
    if pki::ending(certificate_end, now) == Ending::Ended {
        return Err(format!(
            "the archive's certificate ended at {}: no receipt is signed with it",
            certificate_end.to_rfc3339()
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn said_from_thirty_days_before_and_no_receipt_after() {
        let end = at("2028-11-30T18:59:59Z").fixed_offset();
        assert!(warnings(end, None, at("2028-10-30T18:00:00Z")).is_empty());
        let soon = warnings(end, None, at("2028-11-20T18:00:00Z"));
        assert_eq!(soon.len(), 1);
        assert!(soon[0].contains("(in 10 days)"), "{soon:?}");
        let ended = warnings(end, None, at("2028-12-01T00:00:00Z"));
        assert!(
            ended[0].contains("ended at 2028-11-30T18:59:59+00:00"),
            "{ended:?}"
        );
        assert!(may_sign(end, at("2028-11-30T18:59:59Z")).is_ok());
        assert!(may_sign(end, at("2028-11-30T19:00:00Z")).is_err());
    }

    #[test]
    fn a_list_past_its_next_update_is_said() {
        let court = pki::CourtName {
            kk: "Сынақ соты".into(),
            ru: "Тестовый суд".into(),
            bin: None,
        };
        let (from, to) = (at("2026-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z"));
        let authority =
            pki::Authority::create(&court, from.fixed_offset(), to.fixed_offset()).unwrap();
        let next = at("2026-12-31T00:00:00Z").fixed_offset();
        let crl = authority
            .revocation_list(&[], 1, from.fixed_offset(), next)
            .unwrap();
        let end = to.fixed_offset();
        assert!(warnings(end, Some(&crl), at("2026-12-30T00:00:00Z")).is_empty());
        let late = warnings(end, Some(&crl), at("2027-01-02T00:00:00Z"));
        assert!(
            late[0].contains("due to be replaced at 2026-12-31"),
            "{late:?}"
        );
    }
}
