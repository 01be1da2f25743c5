//! PDF/A-3b export: the archival standard that allows embedded files, so a ruling carries its
//! journal excerpt machine-readably and stays readable for as long as the case file is kept.

use typst::foundations::NativeElement;
use typst::foundations::{Datetime, Smart};
use typst::introspection::Introspector as _;
use typst::pdf::AttachElem;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::diagnostics;
use super::world::RenderWorld;
use super::{Job, RenderError};

pub(crate) fn pdf(
    world: &RenderWorld,
    mut document: PagedDocument,
    job: &Job,
) -> Result<Vec<u8>, RenderError> {
    check_attached(&document, job)?;

    let info = document.info_mut();
    info.title = Some(job.title.as_str().into());
    if let Some(description) = &job.description {
        info.description = Some(description.as_str().into());
    }
    if !job.keywords.is_empty() {
        info.keywords = job.keywords.iter().map(|k| k.as_str().into()).collect();
    }

    let failed = |diagnostics| RenderError::Pdf {
        template: job.template.into(),
        diagnostics,
    };
    let standards = PdfStandards::new(&[PdfStandard::A_3b])
        .map_err(|err| failed(vec![format!("error: {}", err.message())]))?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.into()),
        timestamp: timestamp(job.timestamp),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|errors| failed(diagnostics::format_all(world, &errors, job.data)))
}

/// A ruling without its excerpt would look complete and not be: refuse it.
fn check_attached(document: &PagedDocument, job: &Job) -> Result<(), RenderError> {
    let attached = document.introspector().query(&AttachElem::ELEM.select());
    for attachment in &job.attachments {
        let found = attached.iter().any(|elem| {
            elem.to_packed::<AttachElem>()
                .is_some_and(|elem| elem.path.derived == attachment.name.as_str())
        });
        if !found {
            return Err(RenderError::AttachmentNotAttached {
                template: job.template.into(),
                name: attachment.name.clone(),
            });
        }
    }
    Ok(())
}

/// The caller's instant with its UTC offset, as the PDF creation date.
fn timestamp(at: chrono::DateTime<chrono::FixedOffset>) -> Option<Timestamp> {
    use chrono::{Datelike, Timelike};
    let fields = |t: chrono::NaiveDateTime| {
        Datetime::from_ymd_hms(
            t.year(),
            u8::try_from(t.month()).ok()?,
            u8::try_from(t.day()).ok()?,
            u8::try_from(t.hour()).ok()?,
            u8::try_from(t.minute()).ok()?,
            u8::try_from(t.second()).ok()?,
        )
    };
    let offset_minutes = at.offset().local_minus_utc() / 60;
    match fields(at.naive_local()).and_then(|local| Timestamp::new_local(local, offset_minutes)) {
        Some(stamp) => Some(stamp),
        // An offset a PDF date cannot hold: write the instant in UTC.
        None => fields(at.naive_utc()).map(Timestamp::new_utc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn the_offset_is_kept_when_a_pdf_date_can_hold_it() {
        let written = format!("{:?}", timestamp(at("2024-05-14T10:30:00+05:00")));
        assert!(written.contains("hour_offset: 5"), "{written}");
        let west = format!("{:?}", timestamp(at("2024-05-14T10:30:00-03:30")));
        assert!(west.contains("hour_offset: -3"), "{west}");
    }
}
