//! The text of a laid-out document, line by line: text runs in layout order, a new line where
//! the baseline moves. Enough for a reader to check a ruling before it is issued; the PDF is
//! what counts.

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;

pub fn lines(document: &PagedDocument) -> Vec<String> {
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        if i > 0 {
            out.push(String::new());
            out.push(format!("— {} —", i + 1));
        }
        let mut line = String::new();
        let mut last: Option<(f64, f64)> = None;
        walk(&page.frame, Point::zero(), &mut |at, text, width| {
            let (x, y) = (at.x.to_pt(), at.y.to_pt());
            match last {
                Some((_, ly)) if (y - ly).abs() > 2.0 => {
                    out.push(std::mem::take(&mut line));
                }
                Some((end, _)) if x > end + 1.0 && !line.ends_with(' ') => line.push(' '),
                _ => {}
            }
            line.push_str(text);
            last = Some((x + width, y));
        });
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

fn walk(frame: &Frame, origin: Point, visit: &mut impl FnMut(Point, &str, f64)) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(group) => {
                let shifted = at + Point::new(group.transform.tx, group.transform.ty);
                walk(&group.frame, shifted, visit);
            }
            FrameItem::Text(text) => visit(at, &text.text, text.width().to_pt()),
            _ => {}
        }
    }
}
