//! The compiled-in faces can set every letter a Kazakh or Russian ruling needs.

use ::render::FACES;

const KAZAKH: &str = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";

fn russian() -> impl Iterator<Item = char> {
    ('А'..='я').chain(['Ё', 'ё'])
}

#[test]
fn every_face_has_every_kazakh_and_russian_letter() {
    for (name, bytes) in FACES {
        let face = ttf_parser::Face::parse(bytes, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        let missing: String = KAZAKH
            .chars()
            .chain(russian())
            .chain("№«»–—0123456789.,:;()".chars())
            .filter(|&c| face.glyph_index(c).is_none())
            .collect();
        assert_eq!(missing, "", "{name} lacks glyphs");
    }
}

#[test]
fn the_faces_are_pt_serif_regular_italic_bold_and_bold_italic() {
    let mut styles: Vec<(bool, bool)> = FACES
        .iter()
        .map(|(name, bytes)| {
            let face = ttf_parser::Face::parse(bytes, 0).expect("a font");
            let family = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                .find_map(|n| n.to_string());
            assert_eq!(family.as_deref(), Some("PT Serif"), "{name}");
            (face.is_bold(), face.is_italic())
        })
        .collect();
    styles.sort();
    assert_eq!(
        styles,
        [(false, false), (false, true), (true, false), (true, true)]
    );
}
