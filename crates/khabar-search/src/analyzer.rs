//! The Urdu analyzer, as a tantivy tokenizer and a token filter on top of
//! the text core.
//!
//! [`UrduTokenizer`] emits the words and numbers of a display text with their
//! analysis form (`khabar_text::tokenize`: folded letters and digits, no
//! diacritics, run-together words split) and their byte offsets in the
//! display text. Latin letters are lowercased. [`SpellingVariants`] turns
//! each token into its consonant skeleton (`khabar_text::spelling`), for the
//! field where the spellings of one name meet.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// The analyzer of the exact fields.
pub const URDU: &str = "urdu";
/// The analyzer of the spelling-variant fields.
pub const URDU_VARIANTS: &str = "urdu_variants";

pub fn urdu() -> TextAnalyzer {
    TextAnalyzer::from(UrduTokenizer)
}

pub fn urdu_variants() -> TextAnalyzer {
    TextAnalyzer::builder(UrduTokenizer)
        .filter(SpellingVariants)
        .build()
}

/// Registers both analyzers with an index, under [`URDU`] and
/// [`URDU_VARIANTS`].
pub fn register(index: &tantivy::Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(URDU, urdu());
    tokenizers.register(URDU_VARIANTS, urdu_variants());
}

/// Words and numbers of Urdu (or any) text, in analysis form.
#[derive(Clone, Default)]
pub struct UrduTokenizer;

impl Tokenizer for UrduTokenizer {
    type TokenStream<'a> = UrduTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> UrduTokenStream {
        UrduTokenStream {
            tokens: khabar_text::tokenize::tokenize(text),
            next: 0,
            position: 0,
            token: Token::default(),
        }
    }
}

pub struct UrduTokenStream {
    tokens: khabar_text::Tokens,
    next: usize,
    position: usize,
    token: Token,
}

impl TokenStream for UrduTokenStream {
    fn advance(&mut self) -> bool {
        while let Some(token) = self.tokens.list.get(self.next) {
            self.next += 1;
            if !token.kind.is_word() {
                continue;
            }
            let norm = self.tokens.norm(token);
            if norm.is_empty() {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(norm);
            self.token.text.make_ascii_lowercase();
            self.token.offset_from = token.start;
            self.token.offset_to = token.end;
            self.token.position = self.position;
            self.token.position_length = 1;
            self.position += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Replaces each token by its consonant skeleton.
#[derive(Clone)]
pub struct SpellingVariants;

impl TokenFilter for SpellingVariants {
    type Tokenizer<T: Tokenizer> = SpellingVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpellingVariantsFilter<T> {
        SpellingVariantsFilter { tokenizer }
    }
}

#[derive(Clone)]
pub struct SpellingVariantsFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for SpellingVariantsFilter<T> {
    type TokenStream<'a> = SpellingVariantsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpellingVariantsStream {
            tail: self.tokenizer.token_stream(text),
            skeleton: String::new(),
        }
    }
}

pub struct SpellingVariantsStream<S> {
    tail: S,
    skeleton: String,
}

impl<S: TokenStream> TokenStream for SpellingVariantsStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.skeleton.clear();
        khabar_text::spelling::skeleton_into(&self.tail.token().text, &mut self.skeleton);
        std::mem::swap(&mut self.tail.token_mut().text, &mut self.skeleton);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The terms an analyzer makes of a text, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(token.text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_folded_words_with_display_offsets() {
        let text = "کم جونگ اُن نے، Putin سے29 ملاقات کی۔";
        let mut analyzer = urdu();
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push((
                token.text.clone(),
                &text[token.offset_from..token.offset_to],
                token.position,
            ));
        }
        let expected = [
            ("کم", "کم"),
            ("جونگ", "جونگ"),
            ("ان", "اُن"),
            ("نے", "نے"),
            ("putin", "Putin"),
            ("سے", "سے"),
            ("29", "29"),
            ("ملاقات", "ملاقات"),
            ("کی", "کی"),
        ];
        assert_eq!(seen.len(), expected.len(), "{seen:?}");
        for (i, ((term, slice, position), (want_term, want_slice))) in
            seen.iter().zip(expected).enumerate()
        {
            assert_eq!(
                (term.as_str(), *slice, *position),
                (want_term, want_slice, i)
            );
        }
    }

    #[test]
    fn the_variant_analyzer_gives_one_term_for_every_spelling_of_a_name() {
        let mut analyzer = urdu_variants();
        let terms: Vec<Vec<String>> = ["پوٹن", "پیوٹن", "پوتین", "پوتن"]
            .iter()
            .map(|name| super::terms(&mut analyzer, name))
            .collect();
        assert!(terms.iter().all(|t| t == &["پتن"]), "{terms:?}");
    }
}
