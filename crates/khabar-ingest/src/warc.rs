//! WARC files (web crawls), read record by record as the file streams: the
//! HTML pages of successful responses are the articles, other records are
//! passed over.

use std::io::{self, BufRead, BufReader, Read};

use serde_json::Value;

use crate::open::{MAX_WHOLE, Stream};
use crate::{Item, Record, encoding, html, http};

/// A header line longer than this means the file is not WARC (or broken).
const MAX_HEADER_LINE: u64 = 64 * 1024;

pub(crate) struct WarcReader {
    input: BufReader<Stream>,
    path: String,
    /// The number of the record being read, from 1.
    number: usize,
    done: bool,
}

impl WarcReader {
    pub(crate) fn new(stream: Stream, path: String) -> Self {
        WarcReader {
            input: BufReader::with_capacity(256 * 1024, stream),
            path,
            number: 0,
            done: false,
        }
    }

    fn origin(&self) -> String {
        format!("{}:record {}", self.path, self.number)
    }

    /// The next record: `Ok(None)` at the end of the file, `Ok(Some(None))`
    /// for a record that is not an article, `Err` when the file cannot be
    /// read further.
    fn next_record(&mut self) -> Result<Option<Option<Item>>, String> {
        self.number += 1;
        let Some(version) = self.first_line()? else {
            return Ok(None);
        };
        if !version.starts_with("WARC/") {
            return Err(format!("expected a WARC version line, found {version:.40}"));
        }
        let headers = self.headers()?;
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let length: u64 = header("Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or("missing or bad Content-Length")?;
        let is_response = header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let item = if is_response && length <= MAX_WHOLE {
            let mut block = Vec::new();
            (&mut self.input)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| e.to_string())?;
            if (block.len() as u64) < length {
                return Err("truncated: the block is shorter than its Content-Length".into());
            }
            self.end_of_block()?;
            // WARC/0.x wrote the URI in angle brackets.
            let target = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']));
            self.article(&block, target, header("WARC-Date"))
        } else {
            let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink())
                .map_err(|e| e.to_string())?;
            if skipped < length {
                return Err("truncated: the block is shorter than its Content-Length".into());
            }
            self.end_of_block()?;
            is_response.then(|| {
                Item::rejected(
                    self.origin(),
                    format!("response over {} MiB, skipped", MAX_WHOLE >> 20),
                )
            })
        };
        Ok(Some(item))
    }

    /// The version line, past any blank lines between records; `None` at a
    /// clean end of file.
    fn first_line(&mut self) -> Result<Option<String>, String> {
        loop {
            let Some(line) = self.line()? else {
                return Ok(None);
            };
            if !line.is_empty() {
                return Ok(Some(line));
            }
        }
    }

    /// Named header lines up to the blank line; a line starting with a space
    /// continues the one before.
    fn headers(&mut self) -> Result<Vec<(String, String)>, String> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let line = self.line()?.ok_or("truncated in the record headers")?;
            if line.is_empty() {
                return Ok(headers);
            }
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            } else {
                return Err(format!("bad header line: {line:.60}"));
            }
        }
    }

    /// One line without its CRLF, `None` at the end of the file.
    fn line(&mut self) -> Result<Option<String>, String> {
        let mut bytes = Vec::new();
        (&mut self.input)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.is_empty() {
            return Ok(None);
        }
        if !bytes.ends_with(b"\n") {
            return Err(if bytes.len() as u64 == MAX_HEADER_LINE {
                "header line too long".to_string()
            } else {
                "truncated in the record headers".to_string()
            });
        }
        let line = String::from_utf8_lossy(&bytes);
        Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
    }

    /// The CRLF CRLF that closes every record.
    fn end_of_block(&mut self) -> Result<(), String> {
        let mut end = [0u8; 4];
        match self.input.read_exact(&mut end) {
            Ok(()) if &end == b"\r\n\r\n" => Ok(()),
            Ok(()) => Err("no CRLF CRLF after the block: bad Content-Length?".into()),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                Err("truncated: no CRLF CRLF after the block".into())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// The article in a response block, if it is a successful HTML page.
    fn article(&self, block: &[u8], target: Option<&str>, crawled: Option<&str>) -> Option<Item> {
        let response = match http::parse_response(block) {
            Ok(response) => response,
            Err(reason) => return Some(Item::rejected(self.origin(), reason)),
        };
        let is_html = response
            .header("content-type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        if !(200..300).contains(&response.status) || !is_html {
            return None;
        }
        let source = match encoding::decode_document(&response.body, response.charset()) {
            Ok(source) => source,
            Err(reason) => return Some(Item::rejected(self.origin(), reason)),
        };
        let page = html::extract_page(&source, target);
        if page.text.is_empty() {
            return Some(Item::rejected(self.origin(), "no text in the page"));
        }
        let mut meta = page.meta;
        if let Some(crawled) = crawled {
            meta.insert("crawled".into(), Value::String(crawled.into()));
        }
        Some(Item::Article(Record {
            id: None,
            url: page.url.or_else(|| target.map(str::to_string)),
            source: page.site_name,
            published: page.published,
            title: page.title,
            text: page.text,
            meta,
            origin: self.origin(),
        }))
    }
}

impl Iterator for WarcReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            match self.next_record() {
                Ok(Some(Some(item))) => return Some(item),
                Ok(Some(None)) => {}
                Ok(None) => self.done = true,
                Err(reason) => {
                    self.done = true;
                    let origin = self.origin();
                    return Some(Item::rejected(origin, reason));
                }
            }
        }
        None
    }
}
