//! The COUNTER text-reuse corpus (COrpus of Urdu News TExt Reuse): one
//! article a file, its metadata in the attributes of `<COUNTER_document>`,
//! its headline and body in the two elements inside.
//!
//! Unlike feeds, these files come from one well-formed corpus: any XML error
//! means a damaged file, which is refused whole rather than read in part.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

use crate::{Item, Record, dates};

/// The one record of the COUNTER file `text` (decoded) at `path`, or why it
/// gives none.
pub(crate) fn read(text: &str, path: String) -> Item {
    match parse(text).and_then(|document| record(document, &path)) {
        Ok(record) => Item::Article(record),
        Err(reason) => Item::rejected(path, reason),
    }
}

/// What the file holds, as written.
#[derive(Default)]
struct Document {
    /// The root's attributes, in their order.
    attributes: Vec<(String, String)>,
    headline: Option<String>,
    body: Option<String>,
}

/// A child of the root being read: its lowercased name and its text so far.
struct Child {
    name: String,
    text: String,
}

#[derive(Default)]
struct Parser {
    document: Option<Document>,
    /// Names of the open elements, the root first.
    open: Vec<String>,
    child: Option<Child>,
}

fn parse(text: &str) -> Result<Document, String> {
    let mut reader = Reader::from_str(text);
    let mut parser = Parser::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("invalid XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => parser.start(&e)?,
            Event::Empty(e) => {
                parser.start(&e)?;
                parser.end()?;
            }
            Event::End(_) => parser.end()?,
            // xml10_content: XML's own line-end rule (CRLF read as LF), so
            // the body keeps its breaks whatever system wrote the file.
            Event::Text(t) => parser.text(&t.xml10_content().map_err(|e| e.to_string())?)?,
            Event::CData(c) => parser.text(&c.xml10_content().map_err(|e| e.to_string())?)?,
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .map(String::from)
                } else {
                    resolve_predefined_entity(&name).map(str::to_string)
                };
                parser.text(&resolved.ok_or_else(|| format!("unknown entity &{name};"))?)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(inside) = parser.open.last() {
        return Err(format!("truncated: the XML ends inside <{inside}>"));
    }
    parser
        .document
        .ok_or_else(|| "no XML root element".to_string())
}

impl Parser {
    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        match self.open.len() {
            0 if self.document.is_some() => {
                return Err(format!("a second root element <{name}>"));
            }
            // As `detect` tells the format: by the name, whatever its case.
            0 if !name.eq_ignore_ascii_case("COUNTER_document") => {
                return Err(format!("XML, but not COUNTER (root element <{name}>)"));
            }
            0 => {
                self.document = Some(Document {
                    attributes: attributes(e)?,
                    ..Document::default()
                });
            }
            1 => {
                self.child = Some(Child {
                    name: name.to_lowercase(),
                    text: String::new(),
                });
            }
            // Markup inside the headline or body adds only its text.
            _ => {}
        }
        self.open.push(name);
        Ok(())
    }

    /// Closes the innermost open element, keeping the headline or body it
    /// ends.
    fn end(&mut self) -> Result<(), String> {
        let depth = self.open.len();
        self.open.pop();
        if depth != 2 {
            return Ok(());
        }
        let (Some(Child { name, text }), Some(document)) =
            (self.child.take(), self.document.as_mut())
        else {
            return Ok(());
        };
        let slot = match name.as_str() {
            "headline" => &mut document.headline,
            "body" => &mut document.body,
            // Not in the corpus, and nothing in a record to map it to.
            _ => return Ok(()),
        };
        if slot.is_some() {
            return Err(format!("more than one <{name}>"));
        }
        *slot = Some(text);
        Ok(())
    }

    /// Text outside the headline and body would be lost: it is refused
    /// unless it is the whitespace between elements.
    fn text(&mut self, text: &str) -> Result<(), String> {
        match &mut self.child {
            Some(child) => child.text.push_str(text),
            None if !text.trim().is_empty() => {
                return Err("text outside <headline> and <body>".into());
            }
            None => {}
        }
        Ok(())
    }
}

fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    e.attributes()
        .map(|a| {
            let a = a.map_err(|e| format!("invalid attribute: {e}"))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map_err(|e| format!("invalid attribute {key}: {e}"))?;
            Ok((key, value.into_owned()))
        })
        .collect()
}

/// The record the document at `path` makes, or why it makes none.
fn record(document: Document, path: &str) -> Result<Record, String> {
    let body = document.body.ok_or("no <body>")?;
    let text = body.trim();
    if text.is_empty() {
        return Err("empty <body>".into());
    }
    let mut id = None;
    let mut source = None;
    let mut meta = Map::new();
    for (key, value) in document.attributes {
        match key.as_str() {
            "filename" => id = Some(strip_suffix_ignore_case(value.trim(), ".xml").to_string()),
            "newspaper" => source = Some(value.trim().to_lowercase()),
            // The date stays here as written, even when it parses: an
            // impossible one ("31.09.14") is then not lost.
            _ => {
                meta.insert(key, Value::String(value));
            }
        }
    }
    let published = meta
        .get("newsdate")
        .and_then(Value::as_str)
        .and_then(dates::parse_dotted_day_first);
    // A headline is one line: breaks and runs of spaces in it are layout.
    let title = document
        .headline
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());
    Ok(Record {
        id: id.filter(|id| !id.is_empty()).or_else(|| file_stem(path)),
        url: None,
        source,
        published,
        title,
        text: text.to_string(),
        meta,
        origin: path.to_string(),
    })
}

/// The file name without ".gz" and its extension, case kept ("0032P").
fn file_stem(path: &str) -> Option<String> {
    let name = Path::new(path).file_name()?.to_string_lossy();
    let name = strip_suffix_ignore_case(&name, ".gz");
    let stem = Path::new(name).file_stem()?.to_string_lossy();
    Some(stem.into_owned())
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> &'a str {
    s.len()
        .checked_sub(suffix.len())
        .filter(|&at| s.is_char_boundary(at) && s[at..].eq_ignore_ascii_case(suffix))
        .map_or(s, |at| &s[..at])
}
