//! User text made safe to draw: a name or a note may hold control characters, terminal escape
//! sequences or bidirectional overrides (pasted, or typed on purpose). Drawn raw they could move
//! the cursor, recolour the screen or reorder a line; here each becomes a visible `�`. Long text
//! is cut to the room it has, with an ellipsis, so it never breaks the layout.

use unicode_width::UnicodeWidthChar;

/// Characters that must never reach the terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every unsafe character replaced by `�` (a tab or newline by a space).
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
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
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
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
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

pub fn width_of(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
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
    fn fitting_cuts_with_an_ellipsis_by_columns() {
        assert_eq!(fit("Әбілқайыров", 20), "Әбілқайыров");
        assert_eq!(fit("Әбілқайыров", 5), "Әбіл…");
        assert_eq!(width_of(&fit("漢字漢字漢字", 5)), 5);
        assert_eq!(fit("abc", 0), "");
        assert_eq!(tail("abcdef", 4), "…def");
    }
}
