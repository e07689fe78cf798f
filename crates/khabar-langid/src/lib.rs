//! Language identification for Arabic-script paragraphs that their letters
//! do not settle (see `khabar_text::lang`): a lingua model restricted to
//! Urdu, Persian and Arabic.
//!
//! lingua is slow (about 1.5 MB/s) and unreliable on short strings, so the
//! text core calls it only for paragraphs of at least
//! `khabar_text::lang::MIN_LETTERS_FOR_MODEL` letters with no Urdu-only
//! letter: in Urdu news that is a small fraction of the text.

use std::sync::LazyLock;

use khabar_text::{ArabicScriptClassifier, Language};
use lingua::{Language as Lingua, LanguageDetector, LanguageDetectorBuilder};

const SAMPLE_CHARS: usize = 2000;

/// The lingua model; built on first use (loading takes a moment).
pub struct LinguaClassifier {
    detector: LazyLock<LanguageDetector>,
}

impl LinguaClassifier {
    pub fn new() -> Self {
        LinguaClassifier {
            detector: LazyLock::new(|| {
                LanguageDetectorBuilder::from_languages(&[
                    Lingua::Urdu,
                    Lingua::Persian,
                    Lingua::Arabic,
                ])
                .build()
            }),
        }
    }
}

impl Default for LinguaClassifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ArabicScriptClassifier for LinguaClassifier {
    fn classify(&self, text: &str) -> Option<Language> {
        // A sample decides as well as the whole and keeps a huge paragraph cheap.
        let sample = match text.char_indices().nth(SAMPLE_CHARS) {
            Some((end, _)) => &text[..end],
            None => text,
        };
        // The detector knows these three languages only.
        self.detector
            .detect_language_of(sample)
            .map(|language| match language {
                Lingua::Urdu => Language::Urdu,
                Lingua::Persian => Language::Persian,
                Lingua::Arabic => Language::Arabic,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::lang::identify;

    #[test]
    fn persian_and_urdu_without_urdu_letters_are_told_apart() {
        let model = LinguaClassifier::new();
        let persian = "دولت ایران امروز اعلام کرد که مذاکرات با آمریکا در وین ادامه دارد و نتیجه آن به زودی مشخص می‌شود";
        assert_eq!(identify(persian, &model, Language::Urdu), Language::Persian);
        let arabic = "قال وزير الخارجية إن المفاوضات مستمرة وإن الاتفاق قريب جدا";
        assert_eq!(identify(arabic, &model, Language::Urdu), Language::Arabic);
        // Urdu written without any Urdu-only letter.
        let urdu = "اس کا کام اب بس ختم کر دیا گیا اور سب لوگ اپنے گھر واپس جا سکتے تھے";
        assert_eq!(model.classify(urdu), Some(Language::Urdu));
    }
}
