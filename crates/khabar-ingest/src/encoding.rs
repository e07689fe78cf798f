//! Which character encoding a file is in, and decoding it to UTF-8.
//!
//! The order of the checks: a byte-order mark; binary data (NUL bytes,
//! control bytes); valid UTF-8; a charset the markup declares; Windows-1256
//! when the high bytes read as Arabic-script letters in that code page (old
//! Pakistani sites and Office exports use it); otherwise a refusal.

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1256};

const NOT_TEXT: &str = "binary data, not text";
const UNKNOWN_ENCODING: &str = "not UTF-8, UTF-16 or Windows-1256";

/// How many leading bytes the binary and Windows-1256 checks look at.
const SAMPLE: usize = 4096;

/// The encoding of text that starts with `head`, and the length of its
/// byte-order mark. `complete` says `head` is the whole file (otherwise a
/// UTF-8 sequence cut at its end is no sign of another encoding).
/// `declared` is a charset label the markup or a protocol header gave.
pub(crate) fn sniff(
    head: &[u8],
    complete: bool,
    declared: Option<&str>,
) -> Result<(&'static Encoding, usize), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(head) {
        return Ok((encoding, bom));
    }
    if let Some(encoding) = utf16_without_bom(head) {
        return Ok((encoding, 0));
    }
    if looks_binary(head) {
        return Err(NOT_TEXT.to_string());
    }
    let bad_utf8_at = match std::str::from_utf8(head) {
        Ok(_) => return Ok((UTF_8, 0)),
        // `error_len() == None`: a sequence cut by the end of the sample.
        Err(e) if !complete && e.error_len().is_none() => return Ok((UTF_8, 0)),
        Err(e) => e.valid_up_to(),
    };
    // A declared UTF-16 cannot describe a file without NUL bytes (and one
    // with them was refused above): such labels are mistakes.
    if let Some(encoding) = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != UTF_8 && e.is_ascii_compatible())
    {
        return Ok((encoding, 0));
    }
    // Judged where the non-ASCII text starts: a page may open with kilobytes
    // of ASCII markup.
    let sample = &head[bad_utf8_at..head.len().min(bad_utf8_at + SAMPLE)];
    if !has_text_structure(sample) {
        return Err(NOT_TEXT.to_string());
    }
    if reads_as_arabic_in_windows_1256(sample) {
        return Ok((WINDOWS_1256, 0));
    }
    Err(format!(
        "{UNKNOWN_ENCODING} (invalid UTF-8 at byte {bad_utf8_at})"
    ))
}

/// The whole of `bytes` as text: markup may declare its charset (HTML
/// `<meta charset>`, an XML declaration), `declared` is one given from
/// outside (an HTTP header), which wins.
pub(crate) fn decode_document(bytes: &[u8], declared: Option<&str>) -> Result<String, String> {
    let in_markup = declared_charset(&bytes[..bytes.len().min(SAMPLE)]);
    let (encoding, bom) = sniff(bytes, true, declared.or(in_markup.as_deref()))?;
    if !is_utf16(encoding) && looks_binary(bytes) {
        return Err(NOT_TEXT.to_string());
    }
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    Ok(text.into_owned())
}

/// The charset that markup declares in its first bytes: `charset=NAME` (an
/// HTML meta tag or http-equiv content type) or an XML declaration's
/// `encoding="NAME"`. ASCII only, as both must be.
pub(crate) fn declared_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    for key in [&b"charset="[..], b"encoding="] {
        let Some(at) = find(&lower, key) else {
            continue;
        };
        let value = &lower[at + key.len()..];
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let end = value
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
            .unwrap_or(value.len());
        if end > 0 {
            return Some(String::from_utf8_lossy(&value[..end]).into_owned());
        }
    }
    None
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// More than a few bytes that text does not use (NUL, one in a hundred, or
/// the other controls below 0x20 but tab, line feed, form feed and carriage
/// return, three in a hundred): compressed and executable data has one in
/// ten. A stray NUL in a text file (a broken JSON line) is not enough: the
/// reader rejects its line.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r'))
        .count();
    nuls * 100 > sample.len() || (controls >= 4 && controls * 100 > sample.len() * 3)
}

/// UTF-16 written without a byte-order mark (some Windows exports): text
/// has spaces and line breaks, whose high bytes are NUL, and read in the
/// right byte order nearly every character is one of a few scripts' (Urdu
/// letters in U+06xx, ASCII, punctuation); read in the wrong order, or as
/// binary data, next to none are.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let sample = &head[..head.len().min(SAMPLE) & !1];
    if sample.len() < 8 || !sample.contains(&0) {
        return None;
    }
    [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
        .into_iter()
        .find(|&encoding| {
            let units = sample.chunks_exact(2).map(|pair| {
                let bytes = [pair[0], pair[1]];
                if encoding == encoding_rs::UTF_16LE {
                    u16::from_le_bytes(bytes)
                } else {
                    u16::from_be_bytes(bytes)
                }
            });
            let (mut all, mut plausible) = (0usize, 0usize);
            for c in char::decode_utf16(units) {
                all += 1;
                plausible += usize::from(c.is_ok_and(is_plausible_text));
            }
            plausible * 100 >= all * 95
        })
}

/// A character of the scripts and punctuation that Urdu news text is
/// written in.
fn is_plausible_text(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{A0}'..='\u{FF}')
        || matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
        || matches!(c, '\u{2000}'..='\u{206F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Text has spaces or line breaks between its words: at least one in 40
/// bytes. Random or compressed bytes have a few in a thousand.
fn has_text_structure(sample: &[u8]) -> bool {
    let spaces = sample.iter().filter(|b| b.is_ascii_whitespace()).count();
    spaces * 40 >= sample.len()
}

/// The bytes, read as Windows-1256, are Arabic script: at least four in five
/// of the non-ASCII characters are Arabic letters or marks (Latin-1 text
/// reads as accented Latin letters and symbols there).
fn reads_as_arabic_in_windows_1256(sample: &[u8]) -> bool {
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(sample);
    let (mut non_ascii, mut arabic) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        arabic += usize::from(is_arabic_script(c));
    }
    non_ascii > 0 && arabic * 5 >= non_ascii * 4
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{200C}'..='\u{200F}')
}

/// A reader that turns `inner`, in `encoding`, into UTF-8 as it streams, for
/// line-by-line formats in UTF-16 or a legacy code page.
pub(crate) struct DecodingReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    taken: usize,
    finished: bool,
}

impl<R: Read> DecodingReader<R> {
    /// `inner` must start after any byte-order mark.
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> Self {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            output: Vec::new(),
            taken: 0,
            finished: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.output.clear();
        self.taken = 0;
        while self.output.is_empty() && !self.finished {
            let n = self.inner.read(&mut self.input)?;
            let last = n == 0;
            let room = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.output.resize(room, 0);
            // With that much room the decoder takes all of the input.
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..n], &mut self.output, last);
            self.output.truncate(written);
            self.finished = last;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.taken == self.output.len() {
            self.refill()?;
        }
        let available = &self.output[self.taken..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.taken += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URDU: &str = "یہ ایک خبر ہے۔ پاکستان میں بارش ہوئی اور لوگ خوش ہیں۔\n";

    #[test]
    fn boms_utf8_and_binary() {
        assert_eq!(sniff(b"\xEF\xBB\xBFabc", true, None), Ok((UTF_8, 3)));
        assert_eq!(
            sniff(b"\xFF\xFEa\0", true, None),
            Ok((encoding_rs::UTF_16LE, 2))
        );
        assert_eq!(sniff(URDU.as_bytes(), true, None), Ok((UTF_8, 0)));
        // A sample cut inside a character is still UTF-8.
        let cut = &URDU.as_bytes()[..URDU.len() - 4];
        assert_eq!(sniff(cut, false, None), Ok((UTF_8, 0)));
        assert_eq!(
            sniff(b"\x7FELF\x02\x01\x00", true, None),
            Err(NOT_TEXT.to_string())
        );
    }

    #[test]
    fn windows_1256_is_recognised_and_latin1_is_not() {
        let (bytes, _, _) = WINDOWS_1256.encode(URDU);
        assert_eq!(sniff(&bytes, true, None), Ok((WINDOWS_1256, 0)));
        let latin1 = b"caf\xE9 cr\xE8me br\xFBl\xE9e, na\xEFve r\xE9sum\xE9 \xA9 \xB0 \xB1\n";
        assert_eq!(
            sniff(latin1, true, None),
            Err(format!("{UNKNOWN_ENCODING} (invalid UTF-8 at byte 3)"))
        );
        assert_eq!(
            sniff(latin1, true, Some("iso-8859-1")),
            Ok((encoding_rs::WINDOWS_1252, 0))
        );
    }

    #[test]
    fn declared_charsets() {
        let html = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=Windows-1256">"#;
        assert_eq!(declared_charset(html).as_deref(), Some("windows-1256"));
        let xml = br#"<?xml version="1.0" encoding='ISO-8859-6'?><rss>"#;
        assert_eq!(declared_charset(xml).as_deref(), Some("iso-8859-6"));
        assert_eq!(declared_charset(b"<html><body>"), None);
    }

    #[test]
    fn utf16_without_a_bom_is_told_from_binary() {
        let text = format!("{{\"title\": \"خبر\", \"text\": \"{}\"}}\n", URDU.trim());
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&le, true, None), Ok((encoding_rs::UTF_16LE, 0)));
        assert_eq!(sniff(&be, true, None), Ok((encoding_rs::UTF_16BE, 0)));
        let png =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66";
        assert_eq!(sniff(png, true, None), Err(NOT_TEXT.to_string()));
    }

    #[test]
    fn a_stray_nul_does_not_make_text_binary() {
        let mut bytes = URDU.repeat(20).into_bytes();
        bytes.insert(100, 0);
        assert_eq!(sniff(&bytes, true, None), Ok((UTF_8, 0)));
    }

    #[test]
    fn decoding_reader_streams_utf16() {
        let text = URDU.repeat(5000);
        let mut bytes = Vec::new();
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let mut out = String::new();
        DecodingReader::new(&bytes[..], encoding_rs::UTF_16LE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
