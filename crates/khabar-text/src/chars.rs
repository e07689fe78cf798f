//! Character classes of Urdu news text.
//!
//! Urdu is written in the Arabic script with letters of its own (ٹ ڈ ڑ ں ے ہ ھ),
//! and real text mixes in Arabic and Persian code points, presentation forms,
//! three digit scripts and Latin. Everything else in the crate asks these
//! functions rather than testing ranges itself.

pub const ZWNJ: char = '\u{200C}';
pub const ZWJ: char = '\u{200D}';
pub const TATWEEL: char = '\u{0640}';
pub const HAMZA_ABOVE: char = '\u{0654}';
pub const HAMZA_BELOW: char = '\u{0655}';
pub const MADDAH_ABOVE: char = '\u{0653}';

/// A base letter of the Arabic script (Arabic, Urdu, Persian, Pashto, Sindhi...).
pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}')
}

/// A combining mark of the Arabic script: harakat, shadda, sukun, superscript
/// alef, hamza and madda above or below, Quranic annotation signs.
pub const fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08FF}')
}

/// Arabic Presentation Forms-A and -B that stand for letters: contextual
/// glyphs and ligatures that some old publishing systems and PDF
/// extractions emit instead of letters, each with a compatibility
/// decomposition into them. The blocks also hold signs that are no glyph of
/// any letter and decompose to nothing else: the ornate parentheses ﴾ ﴿,
/// the Bismillah ﷽ and other word ligatures of Unicode 14, and unassigned
/// code points and noncharacters. Those are characters of their own.
pub fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
        && !matches!(
            c,
            '\u{FBB2}'..='\u{FBD2}'
                | '\u{FD3E}'..='\u{FD4F}'
                | '\u{FD90}'..='\u{FD91}'
                | '\u{FDC8}'..='\u{FDEF}'
                | '\u{FDFD}'..='\u{FDFF}'
                | '\u{FE73}'
                | '\u{FE75}'
                | '\u{FEFD}'..='\u{FEFE}'
        )
}

/// The value of a digit in any of the three scripts found in Urdu text.
pub const fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

pub const fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Characters that hold a word together without being letters: ZWNJ and ZWJ
/// (used inside compounds to stop or force joining) and tatweel (kashida).
pub const fn is_word_joiner(c: char) -> bool {
    matches!(c, ZWNJ | ZWJ | TATWEEL)
}

/// Invisible format characters that carry no text: bidi marks and embeddings,
/// zero-width space, BOM, soft hyphen. ZWNJ/ZWJ are not among them.
pub const fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Any character that belongs inside an Arabic-script word.
pub const fn is_arabic_word_char(c: char) -> bool {
    // The common letters first: this runs on every character of a word.
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0679}'..='\u{06D2}')
        || is_arabic_letter(c)
        || is_arabic_mark(c)
        || is_word_joiner(c)
}

pub fn is_latin_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        (c as u32) < 0x0600 && c.is_alphabetic()
    }
}

/// Quotation marks as Urdu writers use them, in either direction.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '«'
            | '»'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '′'
            | '″'
            | '`'
            | '´'
    )
}

/// Closing brackets in logical order. Of the ornate parentheses that
/// enclose Quranic verses, U+FD3E closes (general category Pe since
/// Unicode 14): Arabic-script text opens with ﴿ and closes with ﴾.
pub fn is_closing_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '\u{FD3E}')
}

/// Letters that cannot begin an Urdu word: a line that starts with one of
/// them continues the word of the line before.
pub fn cannot_start_word(c: char) -> bool {
    matches!(c, 'ں' | 'ے' | 'ھ' | 'ۓ') || is_arabic_mark(c)
}

/// Letters that Urdu alone writes: one of them is enough to tell Urdu from
/// Arabic and Persian.
pub const fn is_strongly_urdu(c: char) -> bool {
    matches!(c, 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ')
}

/// Letters that show the text is Urdu rather than Arabic or Persian.
pub const fn is_urdu_specific(c: char) -> bool {
    matches!(c, 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' | 'ہ' | 'ھ' | 'ۂ' | 'ۃ')
}

/// Letters of Pashto and Sindhi that Urdu does not use.
pub const fn pashto_or_sindhi(c: char) -> Option<&'static [u8; 2]> {
    match c {
        'ټ' | 'ډ' | 'ړ' | 'ښ' | 'ږ' | 'ځ' | 'څ' | 'ې' | 'ۍ' | 'ګ' | 'ڼ' => Some(b"ps"),
        'ڄ' | 'ڃ' | 'ٺ' | 'ٽ' | 'ٿ' | 'ڀ' | 'ڏ' | 'ڍ' | 'ڊ' | 'ڙ' | 'ڦ' | 'ڪ' | 'ڳ' | 'ڱ' | 'ڻ' => {
            Some(b"sd")
        }
        _ => None,
    }
}

/// Letters that Arabic uses and Urdu spells otherwise (ي ك ه ة ى).
pub const fn is_arabic_only(c: char) -> bool {
    matches!(c, 'ي' | 'ك' | 'ة' | 'ى')
}

/// Classes of the characters of the Arabic block (U+0600 to U+06FF), looked
/// up by their two UTF-8 bytes: almost every character of Urdu text is in
/// this block, and the inner loops of the text core read bytes, not chars.
pub mod block {
    /// Belongs inside an Arabic-script word (letter, mark, tatweel).
    pub const WORD: u16 = 1;
    pub const LETTER: u16 = 1 << 1;
    /// Is its own analysis form (see `normalize::folds_to_itself`).
    pub const IDENTITY: u16 = 1 << 2;
    pub const URDU_SPECIFIC: u16 = 1 << 3;
    pub const ARABIC_ONLY: u16 = 1 << 4;
    pub const PASHTO: u16 = 1 << 5;
    pub const SINDHI: u16 = 1 << 6;
    /// Changed by the display form: a hamza or madda that it composes with
    /// its letter, or the invisible Arabic letter mark.
    pub const REPAIRED: u16 = 1 << 7;
    pub const STRONGLY_URDU: u16 = 1 << 8;

    static CLASSES: [u16; 256] = classes_of_block();

    const fn classes_of_block() -> [u16; 256] {
        let mut table = [0u16; 256];
        let mut i = 0;
        while i < 256 {
            if let Some(c) = char::from_u32(0x0600 + i as u32) {
                let mut classes = 0;
                if super::is_arabic_word_char(c) {
                    classes |= WORD;
                }
                if super::is_arabic_letter(c) {
                    classes |= LETTER;
                }
                if crate::normalize::folds_to_itself(c) {
                    classes |= IDENTITY;
                }
                if super::is_urdu_specific(c) {
                    classes |= URDU_SPECIFIC;
                }
                if super::is_strongly_urdu(c) {
                    classes |= STRONGLY_URDU;
                }
                if super::is_arabic_only(c) {
                    classes |= ARABIC_ONLY;
                }
                match super::pashto_or_sindhi(c) {
                    Some(b"ps") => classes |= PASHTO,
                    Some(_) => classes |= SINDHI,
                    None => {}
                }
                if matches!(
                    c,
                    super::HAMZA_ABOVE | super::HAMZA_BELOW | super::MADDAH_ABOVE
                ) || super::is_invisible(c)
                {
                    classes |= REPAIRED;
                }
                table[i] = classes;
            }
            i += 1;
        }
        table
    }

    /// The classes of the Arabic-block character that `bytes` start with,
    /// or `None` if they start with another character.
    #[inline]
    pub fn classes(bytes: &[u8]) -> Option<u16> {
        match bytes {
            [lead @ 0xD8..=0xDB, second, ..] => Some(classes_of(*lead, *second)),
            _ => None,
        }
    }

    /// The classes of the block character whose UTF-8 bytes are `lead`
    /// (D8 to DB) and `second`.
    #[inline]
    fn classes_of(lead: u8, second: u8) -> u16 {
        CLASSES[((lead & 3) as usize) << 6 | (second & 0x3F) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_three_scripts_have_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('۷'), Some(7));
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn block_table_agrees_with_the_predicates() {
        for code in 0x0600..=0x06FF {
            let c = char::from_u32(code).unwrap();
            let mut utf8 = [0; 4];
            let classes = block::classes(c.encode_utf8(&mut utf8).as_bytes()).unwrap();
            assert_eq!(classes & block::WORD != 0, is_arabic_word_char(c), "{c}");
            assert_eq!(classes & block::LETTER != 0, is_arabic_letter(c), "{c}");
            assert_eq!(
                classes & block::IDENTITY != 0,
                crate::normalize::folds_to_itself(c),
                "{c}"
            );
            assert_eq!(
                classes & block::URDU_SPECIFIC != 0,
                is_urdu_specific(c),
                "{c}"
            );
        }
        assert_eq!(block::classes("a".as_bytes()), None);
        assert_eq!(block::classes("\u{FB56}".as_bytes()), None);
    }

    #[test]
    fn presentation_forms_are_exactly_the_code_points_that_decompose() {
        let blocks = ('\u{FB50}'..='\u{FDFF}').chain('\u{FE70}'..='\u{FEFE}');
        for c in blocks {
            let mut decomposes = false;
            unicode_normalization::char::decompose_compatible(c, |d| decomposes |= d != c);
            assert_eq!(is_presentation_form(c), decomposes, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn urdu_letters_and_marks_are_word_chars() {
        for c in "کم جونگ اُن".chars().filter(|c| *c != ' ') {
            assert!(is_arabic_word_char(c), "{c}");
        }
        assert!(is_arabic_mark('\u{064F}')); // pesh in اُن
        assert!(is_arabic_mark('\u{0652}')); // sukun in اْن
        assert!(!is_arabic_word_char('۔'));
        assert!(!is_latin_letter('ک'));
        assert!(is_latin_letter('é'));
    }
}
