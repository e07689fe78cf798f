//! The parts of CoNLL-U that segmentation needs: each sentence's text and
//! the word forms of its tokens.

use anyhow::{Result, bail};

pub struct Sentence {
    pub text: String,
    pub forms: Vec<String>,
}

/// Sentences of a CoNLL-U document. Multiword-token ranges and empty nodes
/// are skipped: the surface tokens are the word lines.
pub fn parse(source: &str) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut text: Option<String> = None;
    let mut forms = Vec::new();
    for (index, line) in source.lines().chain(std::iter::once("")).enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            if !forms.is_empty() {
                let Some(text) = text.take() else {
                    bail!("line {number}: sentence without a '# text = ' line");
                };
                sentences.push(Sentence {
                    text,
                    forms: std::mem::take(&mut forms),
                });
            }
            text = None;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            text = Some(t.to_string());
        } else if !line.starts_with('#') {
            let mut fields = line.split('\t');
            let (Some(id), Some(form)) = (fields.next(), fields.next()) else {
                bail!("line {number}: expected tab-separated ID and FORM");
            };
            if id.contains(['-', '.']) {
                continue;
            }
            if id.parse::<u32>().is_err() {
                bail!("line {number}: bad token id {id:?}");
            }
            forms.push(form.to_string());
        }
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_text_and_word_forms_skipping_ranges() {
        let src = "# sent_id = 1\n# text = وہ گئے۔\n1\tوہ\t_\n2-3\tگئے\t_\n2\tگئے\t_\n3\t۔\t_\n\n";
        let s = super::parse(src).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "وہ گئے۔");
        assert_eq!(s[0].forms, ["وہ", "گئے", "۔"]);
        assert!(super::parse("1\tوہ\n\n").is_err());
        assert!(super::parse("# text = x\nx\ty\n\n").is_err());
    }
}
