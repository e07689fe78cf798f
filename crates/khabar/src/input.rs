//! Reading documents, with errors that name the file and the problem.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// The text of a file (or standard input for `-`), which must be UTF-8 text.
pub fn read_text(path: &Path) -> Result<String> {
    let name = path.display();
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("{name}: cannot read"))?
    };
    decode(bytes).with_context(|| format!("{name}"))
}

/// UTF-8 text from bytes: a leading BOM is dropped, binary data and invalid
/// UTF-8 are refused with the offset of the first bad byte.
pub fn decode(mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        bail!("binary data, not text (NUL byte at offset {at})");
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "not valid UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A date given on the command line (YYYY-MM-DD), for the flag named.
pub fn parse_date(flag: &str, text: &str) -> Result<time::Date> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| anyhow::anyhow!("{flag} {text:?}: not a date YYYY-MM-DD ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_and_binary_are_refused_with_the_offset() {
        let err = decode(b"abc\xFFdef".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "not valid UTF-8 (bad byte at offset 3)");
        let err = decode(b"\x7FELF\x02\x01\x00\x00".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "binary data, not text (NUL byte at offset 6)"
        );
        assert_eq!(decode("\u{FEFF}خبر".as_bytes().to_vec()).unwrap(), "خبر");
        assert_eq!(decode(Vec::new()).unwrap(), "");
    }
}
