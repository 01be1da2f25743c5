//! The document fonts: PT Serif in four faces, compiled into the binary.
//!
//! Compiling them in (rather than scanning the system) makes a ruling look the same on every
//! machine, keeps start-up free of directory walks, and lets a fresh machine build and render
//! with nothing installed by hand. PT Serif was drawn with the Kazakh Cyrillic letters
//! (Ә Ғ Қ Ң Ө Ұ Ү Һ І), which many system serif fonts lack. Licence: `fonts/LICENSE.txt`.

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The compiled-in faces, by file name (for tests and error messages) and bytes.
pub const FACES: [(&str, &[u8]); 4] = [
    ("PTF55F.ttf", include_bytes!("../../../fonts/PTF55F.ttf")), // regular
    ("PTF56F.ttf", include_bytes!("../../../fonts/PTF56F.ttf")), // italic
    ("PTF75F.ttf", include_bytes!("../../../fonts/PTF75F.ttf")), // bold
    ("PTF76F.ttf", include_bytes!("../../../fonts/PTF76F.ttf")), // bold italic
];

/// Parsed faces and the book Typst selects from. Built once per [`super::Renderer`].
pub(crate) struct Fonts {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
    /// Every code point some face covers, sorted: a binary search per character instead of a
    /// scan over each face's coverage runs, which showed in the profile of a cold render.
    covered: Vec<u32>,
    /// The same faces for glyph metrics (Typst's own handle on them exposes metrics only per
    /// instance).
    faces: Vec<ttf_parser::Face<'static>>,
}

/// No glyph of the faces is wider than this, in em (checked by a test): a run of characters
/// can be ruled narrow by its length alone.
pub(crate) const MAX_ADVANCE_EM: f32 = 1.5;

impl Fonts {
    pub fn load() -> Fonts {
        // `Bytes::new` over a `&'static [u8]` borrows the binary's own pages: no copy, and the
        // parse is lazy in ttf-parser, so this costs well under a millisecond.
        let fonts: Vec<Font> = FACES
            .iter()
            .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        let faces: Vec<ttf_parser::Face> = FACES
            .iter()
            .filter_map(|(_, bytes)| ttf_parser::Face::parse(bytes, 0).ok())
            .collect();
        let mut covered: Vec<u32> = fonts
            .iter()
            .flat_map(|font| font.info().coverage.iter())
            .collect();
        covered.sort_unstable();
        covered.dedup();
        Fonts {
            book,
            fonts,
            covered,
            faces,
        }
    }

    /// Whether some face has a glyph for `c`. Typst falls back across all faces in the book,
    /// so the union is what can be displayed.
    pub fn covers(&self, c: char) -> bool {
        self.covered.binary_search(&u32::from(c)).is_ok()
    }

    /// The widest advance of `c` among the faces, in em (0 if no face has it).
    pub fn advance(&self, c: char) -> f32 {
        self.faces
            .iter()
            .filter_map(|face| {
                let advance = face.glyph_hor_advance(face.glyph_index(c)?)?;
                Some(f32::from(advance) / f32::from(face.units_per_em()))
            })
            .fold(0.0, f32::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_the_union_of_the_faces() {
        let fonts = Fonts::load();
        for c in (0..=0xFFFF).filter_map(char::from_u32).chain(['😀']) {
            let any_face = fonts
                .fonts
                .iter()
                .any(|font| font.info().coverage.contains(u32::from(c)));
            assert_eq!(fonts.covers(c), any_face, "U+{:04X}", u32::from(c));
        }
        assert!("ӘәҒғҚқҢңӨөҰұҮүҺһІі".chars().all(|c| fonts.covers(c)));
    }

    #[test]
    fn no_glyph_is_wider_than_the_bound_the_long_run_check_relies_on() {
        let fonts = Fonts::load();
        let widest = fonts
            .covered
            .iter()
            .filter_map(|&point| char::from_u32(point))
            .map(|c| fonts.advance(c))
            .fold(0.0, f32::max);
        assert!(widest > 0.5 && widest <= MAX_ADVANCE_EM, "{widest}");
    }
}
