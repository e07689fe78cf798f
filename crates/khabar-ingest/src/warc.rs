//! WARC files (web crawls), read record by record as the file streams: the
//! HTML pages of successful responses are the articles, other records are
//! passed over.

use std::io::{self, BufRead, BufReader, Read};

use serde_json::Value;

use crate::open::{MAX_RECORD, Stream};
use crate::{Item, Record, encoding, html, http};

/// A header line longer than this means the file is not WARC (or broken).
const MAX_HEADER_LINE: u64 = 64 * 1024;

pub(crate) struct WarcReader {
    input: Input,
    path: String,
    /// The number of the record being read, from 1.
    number: usize,
    /// The version line of the next record, when a search for it found it.
    found: Option<String>,
    done: bool,
}

/// Why a record gave no article.
enum Bad {
    /// The record is broken (a bad header, a Content-Length that does not
    /// fit); the bytes read after its headers may hold the next records.
    Record(String, Vec<u8>),
    /// The file cannot be read further (a truncated gzip stream).
    File(String),
}

impl WarcReader {
    pub(crate) fn new(stream: Stream, path: String) -> Self {
        WarcReader {
            input: Input {
                front: Vec::new(),
                at: 0,
                rest: BufReader::with_capacity(256 * 1024, stream),
            },
            path,
            number: 0,
            found: None,
            done: false,
        }
    }

    fn origin(&self) -> String {
        format!("{}:record {}", self.path, self.number)
    }

    /// The next record: `Ok(None)` at the end of the file, `Ok(Some(None))`
    /// for a record that is not an article.
    fn next_record(&mut self) -> Result<Option<Option<Item>>, Bad> {
        self.number += 1;
        let version = match self.found.take() {
            Some(line) => line,
            None => match self.first_line().map_err(Bad::File)? {
                Some(line) => line,
                None => return Ok(None),
            },
        };
        if !version.starts_with("WARC/") {
            let reason = format!("expected a WARC version line, found {version:.40}");
            return Err(Bad::Record(reason, Vec::new()));
        }
        let headers = self
            .headers()
            .map_err(|reason| Bad::Record(reason, Vec::new()))?;
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let length: u64 = match header("Content-Length").map(|v| (v, v.parse())) {
            Some((_, Ok(length))) => length,
            Some((value, Err(_))) => {
                let reason = format!("bad Content-Length {value:.20}");
                return Err(Bad::Record(reason, Vec::new()));
            }
            None => return Err(Bad::Record("no Content-Length".into(), Vec::new())),
        };
        let is_response = header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        if length > MAX_RECORD {
            // Too large to hold: skipped as it streams by.
            let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink())
                .map_err(|e| Bad::File(e.to_string()))?;
            if skipped < length {
                let reason = "truncated: the block is shorter than its Content-Length";
                return Err(Bad::Record(reason.into(), Vec::new()));
            }
            self.end_of_block(Vec::new())?;
            return Ok(Some(is_response.then(|| {
                Item::rejected(
                    self.origin(),
                    format!("record over {} MiB, skipped", MAX_RECORD >> 20),
                )
            })));
        }
        let mut block = Vec::new();
        (&mut self.input)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| Bad::File(e.to_string()))?;
        if (block.len() as u64) < length {
            let reason = format!(
                "truncated: the block has {} bytes, its Content-Length says {length}",
                block.len()
            );
            return Err(Bad::Record(reason, block));
        }
        let block = self.end_of_block(block)?;
        if !is_response {
            return Ok(Some(None));
        }
        // WARC/0.x wrote the URI in angle brackets.
        let target = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']));
        Ok(Some(self.article(&block, target, header("WARC-Date"))))
    }

    /// After a broken record: puts back the bytes read after its headers
    /// and looks for the next record's version line from there.
    fn resync(&mut self, read: Vec<u8>) -> Result<(), String> {
        self.input.put_back(read);
        loop {
            let Some(line) = self.line_lossy()? else {
                return Ok(());
            };
            if line.starts_with("WARC/1.") || line.starts_with("WARC/0.") {
                self.found = Some(line);
                return Ok(());
            }
        }
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
        let Some(bytes) = self.raw_line()? else {
            return Ok(None);
        };
        if !bytes.ends_with(b"\n") {
            return Err(if bytes.len() as u64 == MAX_HEADER_LINE {
                "header line too long".to_string()
            } else {
                "truncated in the record headers".to_string()
            });
        }
        Ok(Some(text_of_line(&bytes)))
    }

    /// One line as far as it goes (a long one cut into pieces), `None` at
    /// the end of the file: what a search for a version line reads.
    fn line_lossy(&mut self) -> Result<Option<String>, String> {
        Ok(self.raw_line()?.map(|bytes| text_of_line(&bytes)))
    }

    /// The bytes up to the next line feed (at most `MAX_HEADER_LINE`),
    /// `None` at the end of the file.
    fn raw_line(&mut self) -> Result<Option<Vec<u8>>, String> {
        let mut bytes = Vec::new();
        (&mut self.input)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| e.to_string())?;
        Ok((!bytes.is_empty()).then_some(bytes))
    }

    /// The CRLF CRLF that closes every record, after `block`: gives the
    /// block back, or, if they are not there, the block and what was read
    /// of them as a broken record.
    fn end_of_block(&mut self, mut block: Vec<u8>) -> Result<Vec<u8>, Bad> {
        let mut end = Vec::with_capacity(4);
        (&mut self.input)
            .take(4)
            .read_to_end(&mut end)
            .map_err(|e| Bad::File(e.to_string()))?;
        if end == b"\r\n\r\n" {
            return Ok(block);
        }
        let reason = if end.len() < 4 {
            "truncated: no CRLF CRLF after the block"
        } else {
            "no CRLF CRLF after the block: bad Content-Length?"
        };
        block.extend_from_slice(&end);
        Err(Bad::Record(reason.into(), block))
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
                Err(Bad::Record(reason, read)) => {
                    let origin = self.origin();
                    return Some(match self.resync(read) {
                        Ok(()) => Item::rejected(origin, reason),
                        Err(broken) => {
                            self.done = true;
                            Item::rejected(origin, format!("{reason}; then {broken}"))
                        }
                    });
                }
                Err(Bad::File(reason)) => {
                    self.done = true;
                    return Some(Item::rejected(self.origin(), reason));
                }
            }
        }
        None
    }
}

fn text_of_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\r', '\n'])
        .to_string()
}

/// The file being read, with bytes put back in front of it: those of a
/// broken record's block, where the next records may lie.
struct Input {
    front: Vec<u8>,
    at: usize,
    rest: BufReader<Stream>,
}

impl Input {
    fn put_back(&mut self, mut bytes: Vec<u8>) {
        bytes.extend_from_slice(&self.front[self.at..]);
        self.front = bytes;
        self.at = 0;
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at < self.front.len() {
            let n = (self.front.len() - self.at).min(buf.len());
            buf[..n].copy_from_slice(&self.front[self.at..self.at + n]);
            self.consume(n);
            return Ok(n);
        }
        self.rest.read(buf)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.front.len() {
            return Ok(&self.front[self.at..]);
        }
        self.rest.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.at < self.front.len() {
            self.at += n;
            if self.at >= self.front.len() {
                self.front = Vec::new();
                self.at = 0;
            }
        } else {
            self.rest.consume(n);
        }
    }
}
