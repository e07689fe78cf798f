//! Lines of a streamed file, numbered, for the line-by-line formats (JSON
//! Lines, TSV): a bad line is reported and skipped, a broken stream ends the
//! reading.

use std::io::{BufRead, BufReader, Read};

use crate::Item;
use crate::open::Stream;

/// Lines longer than this are skipped unread, so that a file without line
/// breaks cannot take all the memory.
const MAX_LINE: u64 = crate::open::MAX_RECORD;

pub(crate) enum Line {
    /// A line (without its line break) and its number, from 1.
    Text(usize, String),
    /// A line that is not UTF-8 text or too long, and why.
    Bad(usize, String),
    /// The stream broke (a truncated gzip file): nothing more can be read.
    Broken(usize, String),
}

pub(crate) struct Lines {
    reader: BufReader<Stream>,
    number: usize,
    done: bool,
}

impl Lines {
    /// `stream` must be UTF-8 (decoded already if the file was not).
    pub(crate) fn new(stream: Stream) -> Self {
        Lines {
            reader: BufReader::with_capacity(256 * 1024, stream),
            number: 0,
            done: false,
        }
    }
}

impl Lines {
    /// One item per non-blank line: `parse` turns a line's text and origin
    /// ("path:line N") into an item; bad lines and a broken stream become
    /// rejections.
    pub(crate) fn items<F>(self, path: String, mut parse: F) -> impl Iterator<Item = Item> + Send
    where
        F: FnMut(&str, String) -> Item + Send,
    {
        self.filter_map(move |line| match line {
            Line::Text(_, text) if text.trim().is_empty() => None,
            Line::Text(number, text) => Some(parse(&text, format!("{path}:line {number}"))),
            Line::Bad(number, reason) | Line::Broken(number, reason) => {
                Some(Item::rejected(format!("{path}:line {number}"), reason))
            }
        })
    }
}

impl Iterator for Lines {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut bytes);
        self.number += 1;
        let number = self.number;
        match read {
            Err(e) => {
                self.done = true;
                Some(Line::Broken(number, e.to_string()))
            }
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) if !bytes.ends_with(b"\n") && bytes.len() as u64 == MAX_LINE => {
                // Skip the rest of the line, then go on with the next.
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    match (&mut self.reader)
                        .take(MAX_LINE)
                        .read_until(b'\n', &mut rest)
                    {
                        Ok(0) => break,
                        Ok(_) if rest.ends_with(b"\n") => break,
                        Ok(_) => {}
                        Err(e) => {
                            self.done = true;
                            return Some(Line::Broken(number, e.to_string()));
                        }
                    }
                }
                let limit = MAX_LINE >> 20;
                Some(Line::Bad(number, format!("line longer than {limit} MiB")))
            }
            Ok(_) => {
                if bytes.ends_with(b"\n") {
                    bytes.pop();
                }
                if bytes.ends_with(b"\r") {
                    bytes.pop();
                }
                Some(match String::from_utf8(bytes) {
                    Ok(text) => Line::Text(number, text),
                    Err(e) => Line::Bad(
                        number,
                        format!(
                            "not valid UTF-8 (bad byte at column {})",
                            e.utf8_error().valid_up_to() + 1
                        ),
                    ),
                })
            }
        }
    }
}
