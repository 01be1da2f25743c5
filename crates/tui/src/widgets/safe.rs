//! User text made safe to draw: a name or a note may hold control characters, terminal escape
//! sequences, bidirectional overrides, line separators, joiners or stacks of combining marks
//! (pasted, or typed on purpose). Drawn raw they could move the cursor, recolour the screen,
//! reorder a line, or be drawn wider or narrower than the layout counted — shifting borders and
//! leaving selection markers behind. Here each unsafe character becomes a visible `�`, a stack
//! of combining marks is cut to what a cell can show, and widths are counted per grapheme
//! cluster exactly as the terminal library draws them. Long text is cut to the room it has,
//! with an ellipsis, so it never breaks the layout.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Combining marks kept on one base character; more cannot be shown in a cell anyway.
const MAX_MARKS: usize = 2;

/// Characters that must never reach the terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidirectional marks.
            '\u{200E}' | '\u{200F}' | '\u{061C}'
            // Zero-width joiner: glues emoji into sequences terminals draw at different
            // widths. Line and paragraph separators: a line break a terminal may act on.
            | '\u{200D}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every unsafe character replaced by `�` (a tab or newline by a space), and each
/// grapheme's combining marks beyond [`MAX_MARKS`] replaced by one `�`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
        let mut chars = grapheme.chars();
        let Some(base) = chars.next() else {
            continue;
        };
        out.push(safe_char(base));
        let mut marks = 0;
        let mut cut = false;
        for c in chars {
            if is_unsafe(c) {
                out.push('\u{FFFD}');
            } else if marks < MAX_MARKS {
                marks += 1;
                out.push(c);
            } else {
                cut = true;
            }
        }
        if cut {
            out.push('\u{FFFD}');
        }
    }
    out
}

fn safe_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        c if is_unsafe(c) => '\u{FFFD}',
        c => c,
    }
}

/// `text` cleaned and cut to at most `width` terminal columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = clean(text);
    if width_of(&text) <= width {
        return text;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// The end of `text` that fits in `width` columns, starting with `…` when cut: what a field
/// being typed into shows, so the cursor end stays visible.
pub fn tail(text: &str, width: usize) -> String {
    let text = clean(text);
    if width_of(&text) <= width || width == 0 {
        return if width == 0 { String::new() } else { text };
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in text.graphemes(true).rev() {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        used += w;
        kept.push(g);
    }
    std::iter::once("…").chain(kept.into_iter().rev()).collect()
}

/// Terminal columns `text` takes, counted per grapheme cluster as the terminal library draws it.
pub fn width_of(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_become_visible() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(clean("x\u{202E}y\u{9b}z"), "x\u{FFFD}y\u{FFFD}z");
        assert_eq!(clean("l1\nl2\tx"), "l1 l2 x");
    }

    #[test]
    fn joiners_separators_and_stacked_marks_are_neutralised() {
        // A family emoji glued by zero-width joiners falls apart into its people.
        assert!(!clean("👨\u{200D}👩\u{200D}👧").contains('\u{200D}'));
        assert_eq!(clean("a\u{2028}b\u{2029}c"), "a\u{FFFD}b\u{FFFD}c");
        // Twenty acute accents on one letter: two are kept, the rest shown as one `�`.
        let stacked = format!("е{}", "\u{0301}".repeat(20));
        assert_eq!(clean(&stacked), "е\u{0301}\u{0301}\u{FFFD}");
        // Kazakh and Russian letters pass as they are.
        assert_eq!(clean("Әбілқайыров Ёжиков"), "Әбілқайыров Ёжиков");
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis_by_columns() {
        assert_eq!(fit("Әбілқайыров", 20), "Әбілқайыров");
        assert_eq!(fit("Әбілқайыров", 5), "Әбіл…");
        assert_eq!(width_of(&fit("漢字漢字漢字", 5)), 5);
        assert_eq!(fit("abc", 0), "");
        assert_eq!(tail("abcdef", 4), "…def");
        for hostile in [
            "🇰🇿🇰🇿🇰🇿🇰🇿",
            "👍🏽👍🏽👍🏽👍🏽",
            "❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}",
            "a\u{0301}\u{0302}\u{0303}b\u{0301}c",
        ] {
            for w in 0..12 {
                assert!(width_of(&fit(hostile, w)) <= w, "{hostile:?} at {w}");
                assert!(width_of(&tail(hostile, w)) <= w, "{hostile:?} at {w}");
            }
        }
    }
}
