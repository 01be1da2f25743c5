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
        timestamp: Some(timestamp(job.timestamp)),
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
fn timestamp(at: time::OffsetDateTime) -> Timestamp {
    let local = Datetime::Datetime(time::PrimitiveDateTime::new(at.date(), at.time()));
    let offset_minutes = i32::from(at.offset().whole_minutes());
    Timestamp::new_local(local, offset_minutes).unwrap_or_else(|| {
        // Offsets beyond ±23:59 exist in `time` but not in PDF dates: write the instant in UTC.
        let utc = at.to_offset(time::UtcOffset::UTC);
        Timestamp::new_utc(Datetime::Datetime(time::PrimitiveDateTime::new(
            utc.date(),
            utc.time(),
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_is_kept_when_a_pdf_date_can_hold_it() {
        let at = time::macros::datetime!(2024-05-14 10:30 +5);
        let written = format!("{:?}", timestamp(at));
        assert!(written.contains("hour_offset: 5"), "{written}");
    }

    #[test]
    fn an_offset_a_pdf_date_cannot_hold_is_written_as_utc() {
        let at = time::macros::datetime!(2024-05-14 10:30 +25);
        let written = format!("{:?}", timestamp(at));
        assert!(written.contains("UTC"), "{written}");
        assert!(written.contains("2024-05-13"), "{written}");
    }
}
