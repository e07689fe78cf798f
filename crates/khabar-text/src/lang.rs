//! The language of a paragraph, decided by its script where the script
//! settles it.
//!
//! Almost every Urdu paragraph holds letters that Arabic and Persian do not
//! use (one of ٹ ڈ ڑ ں ے, or two of ہ ھ), and English is told by its script, so a statistical
//! model is needed only for Arabic-script text without them. That model is
//! not part of this crate (it is large); callers pass one in through
//! [`ArabicScriptClassifier`] (see the `khabar-langid` crate).

use serde::Serialize;

use crate::chars::{self, block};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Language {
    #[serde(rename = "ur")]
    Urdu,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "fa")]
    Persian,
    #[serde(rename = "ar")]
    Arabic,
    #[serde(rename = "ps")]
    Pashto,
    #[serde(rename = "sd")]
    Sindhi,
    /// Another script (Devanagari, Cyrillic...).
    #[serde(rename = "other")]
    Other,
    /// No letters to judge by (numbers, symbols).
    #[serde(rename = "und")]
    Undetermined,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Urdu => "ur",
            Language::English => "en",
            Language::Persian => "fa",
            Language::Arabic => "ar",
            Language::Pashto => "ps",
            Language::Sindhi => "sd",
            Language::Other => "other",
            Language::Undetermined => "und",
        }
    }
}

/// Tells Urdu, Persian and Arabic apart in Arabic-script text whose letters
/// do not settle it; `None` when it cannot tell either.
pub trait ArabicScriptClassifier {
    fn classify(&self, text: &str) -> Option<Language>;
}

/// No model: text that the script cannot settle is left undecided.
pub struct ScriptOnly;

impl ArabicScriptClassifier for ScriptOnly {
    fn classify(&self, _text: &str) -> Option<Language> {
        None
    }
}

/// What the letters of a text say about its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptVerdict {
    Decided(Language),
    /// Arabic script with no letter that is Urdu's, Persian's or Arabic's alone.
    ArabicScript,
}

/// Below this many letters, statistical models guess; only letters count.
pub const MIN_LETTERS_FOR_MODEL: usize = 40;

/// The script of a paragraph shows in its first few hundred characters.
const SCRIPT_SAMPLE_CHARS: usize = 500;

pub fn by_script(text: &str) -> (ScriptVerdict, usize) {
    let (mut arabic, mut latin, mut other) = (0usize, 0usize, 0usize);
    let (mut urdu, mut arabic_only, mut pashto, mut sindhi) = (0usize, 0usize, 0usize, 0usize);
    let mut strongly_urdu = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    for seen in 0..SCRIPT_SAMPLE_CHARS {
        // Most paragraphs are plainly Urdu well before the end of the sample.
        if seen == SCRIPT_SAMPLE_CHARS / 4 && strongly_urdu >= 2 && latin * 4 < arabic {
            break;
        }
        let Some(&first) = bytes.get(i) else { break };
        if first.is_ascii() {
            latin += usize::from(first.is_ascii_alphabetic());
            i += 1;
            continue;
        }
        if let Some(classes) = chars::block::classes(&bytes[i..]) {
            if classes & block::LETTER != 0 {
                arabic += 1;
                strongly_urdu += usize::from(classes & block::STRONGLY_URDU != 0);
                if classes & block::URDU_SPECIFIC != 0 {
                    urdu += 1;
                } else if classes & block::ARABIC_ONLY != 0 {
                    arabic_only += 1;
                }
                pashto += usize::from(classes & block::PASHTO != 0);
                sindhi += usize::from(classes & block::SINDHI != 0);
            }
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if chars::is_arabic_letter(c) {
            arabic += 1;
        } else if chars::is_latin_letter(c) {
            latin += 1;
        } else if !chars::is_arabic_mark(c) && c.is_alphabetic() {
            other += 1;
        }
        i += c.len_utf8();
    }
    let letters = arabic + latin + other;
    let verdict = if letters == 0 {
        ScriptVerdict::Decided(Language::Undetermined)
    } else if latin * 2 > letters {
        ScriptVerdict::Decided(Language::English)
    } else if other * 2 > letters {
        ScriptVerdict::Decided(Language::Other)
    } else if pashto >= 2 && pashto > urdu {
        ScriptVerdict::Decided(Language::Pashto)
    } else if sindhi >= 2 && sindhi > urdu {
        ScriptVerdict::Decided(Language::Sindhi)
    } else if strongly_urdu >= 1 || urdu >= 2 || (urdu == 1 && arabic < MIN_LETTERS_FOR_MODEL) {
        ScriptVerdict::Decided(Language::Urdu)
    } else if arabic_only >= 3 && urdu == 0 {
        ScriptVerdict::Decided(Language::Arabic)
    } else {
        ScriptVerdict::ArabicScript
    };
    (verdict, letters)
}

/// The language of one paragraph; `document` is the language of the rest of
/// the document, used when the paragraph alone cannot tell.
pub fn identify(text: &str, model: &dyn ArabicScriptClassifier, document: Language) -> Language {
    decide(text, by_script(text), model, document)
}

/// [`identify`] with the script verdict already taken.
pub fn decide(
    text: &str,
    verdict: (ScriptVerdict, usize),
    model: &dyn ArabicScriptClassifier,
    document: Language,
) -> Language {
    match verdict {
        (ScriptVerdict::Decided(language), _) => language,
        (ScriptVerdict::ArabicScript, letters) if letters >= MIN_LETTERS_FOR_MODEL => {
            model.classify(text).unwrap_or(document)
        }
        (ScriptVerdict::ArabicScript, _) => document,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Language {
        identify(text, &ScriptOnly, Language::Undetermined)
    }

    #[test]
    fn urdu_is_told_by_its_own_letters() {
        assert_eq!(
            lang("شمالی کوریا کے رہنما کم جونگ ان روس پہنچے"),
            Language::Urdu
        );
        assert_eq!(lang("پاکستان ٹیم"), Language::Urdu);
    }

    #[test]
    fn english_and_other_scripts_are_told_by_script() {
        assert_eq!(lang("Leave a Reply"), Language::English);
        assert_eq!(lang("Sat, 03 Dec 2016 08:13:56 GMT"), Language::English);
        assert_eq!(lang("नमस्ते दुनिया"), Language::Other);
        assert_eq!(lang("2016 — 17"), Language::Undetermined);
    }

    #[test]
    fn arabic_with_its_own_letters_is_arabic() {
        assert_eq!(
            lang("قالت الحكومة اليوم إن المفاوضات مستمرة في المدينة"),
            Language::Arabic
        );
    }

    #[test]
    fn pashto_and_sindhi_letters_are_recognised() {
        assert_eq!(
            lang("زه په کابل کې اوسېږم او ښوونځي ته ځم"),
            Language::Pashto
        );
        assert_eq!(lang("سنڌي ٻولي ۾ ڪتاب ۽ ٽي وي ڏسو"), Language::Sindhi);
    }

    #[test]
    fn undecided_arabic_script_falls_back_to_the_document() {
        // Persian without Urdu letters: the script cannot tell it from Urdu.
        let text = "دولت ایران امروز گفت که مذاکرات با آمریکا ادامه دارد";
        assert_eq!(by_script(text).0, ScriptVerdict::ArabicScript);
        assert_eq!(identify(text, &ScriptOnly, Language::Urdu), Language::Urdu);
        struct Always(Language);
        impl ArabicScriptClassifier for Always {
            fn classify(&self, _: &str) -> Option<Language> {
                Some(self.0)
            }
        }
        assert_eq!(
            identify(text, &Always(Language::Persian), Language::Urdu),
            Language::Persian
        );
        // Too short for a model: the document decides.
        assert_eq!(
            identify("کراچی", &Always(Language::Persian), Language::Urdu),
            Language::Urdu
        );
    }
}
