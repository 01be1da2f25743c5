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
    ("PTF55F.ttf", include_bytes!("../../fonts/PTF55F.ttf")), // regular
    ("PTF56F.ttf", include_bytes!("../../fonts/PTF56F.ttf")), // italic
    ("PTF75F.ttf", include_bytes!("../../fonts/PTF75F.ttf")), // bold
    ("PTF76F.ttf", include_bytes!("../../fonts/PTF76F.ttf")), // bold italic
];

/// Parsed faces and the book Typst selects from. Built once per [`super::Renderer`].
pub(crate) struct Fonts {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

impl Fonts {
    pub fn load() -> Fonts {
        // `Bytes::new` over a `&'static [u8]` borrows the binary's own pages: no copy, and the
        // parse is lazy in ttf-parser, so this costs well under a millisecond.
        let fonts: Vec<Font> = FACES
            .iter()
            .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { book, fonts }
    }

    /// Whether some face has a glyph for `c`. Typst falls back across all faces in the book,
    /// so the union is what can be displayed.
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|font| font.info().coverage.contains(u32::from(c)))
    }
}
