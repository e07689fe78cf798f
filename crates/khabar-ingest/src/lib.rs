//! News articles from files of any format, as [`Record`]s, or [`Rejection`]s
//! naming the bad file, line or record. `walk` lists the files; `read_file`
//! opens one (`open`, gzip undone), tells its format (`detect`) and encoding
//! (`encoding`), and hands it to its reader: `plain`, `html`, `jsonl` and
//! `tsv` (via `lines` and `fields`), `warc` (with `http`), `feed` (RSS, Atom),
//! `counter` (the COUNTER text-reuse corpus, one XML file an article).
//! `dates` parses the dates they carry.

mod counter;
pub mod dates;
mod depth;
mod detect;
mod encoding;
mod feed;
mod fields;
mod html;
mod http;
mod jsonl;
mod lines;
mod open;
mod plain;
mod tsv;
mod walk;
mod warc;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

pub use open::{MAX_RECORD, MAX_WHOLE};
pub use time::OffsetDateTime;
pub use walk::{InputFile, input_files};

/// An article whose text (once extracted, in UTF-8) is longer than this is
/// refused: the analysis of a text takes about twenty times its size in
/// memory, and no news article comes near it (a long one is 100 KB).
pub const MAX_TEXT: usize = 4 * 1024 * 1024;

/// Nor is a title longer than this one.
pub const MAX_TITLE: usize = 4 * 1024;

use detect::{Container, Format};

/// One article as its file gave it, before any Urdu text processing.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// An id the input gives (a JSON "id", an RSS guid, an Atom id, a
    /// COUNTER file name without ".xml"); WARC record ids name records, not
    /// articles, and are not used.
    pub id: Option<String>,
    /// The canonical URL when known.
    pub url: Option<String>,
    /// The outlet: the input's own source field, else the URL's host, else
    /// the file's group. Always set by [`read_file`].
    pub source: Option<String>,
    /// With the offset the input gave.
    pub published: Option<OffsetDateTime>,
    pub title: Option<String>,
    /// Plain text, paragraphs separated by a blank line; HTML reduced to
    /// text. Dumps keep their line breaks (the text core rejoins them).
    pub text: String,
    /// Every other field of the input, kept.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Where the record comes from: "path", "path:line 12", "path:record 3"
    /// or "path:item 5".
    pub origin: String,
}

/// A file, line or record that gave no article, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// As in [`Record::origin`].
    pub origin: String,
    /// A short English phrase, such as "truncated gzip stream".
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(Record),
    Rejected(Rejection),
}

impl Item {
    pub(crate) fn rejected(origin: impl Into<String>, reason: impl Into<String>) -> Item {
        Item::Rejected(Rejection {
            origin: origin.into(),
            reason: reason.into(),
        })
    }
}

/// The articles in one file, produced as they are parsed: JSON Lines, TSV
/// and WARC files stream; text, HTML, feeds and COUNTER files are read
/// whole and refused over 64 MiB. A bad line or record is rejected and the
/// reading goes on where it can. Never panics, whatever the file holds.
pub fn read_file(file: &InputFile) -> Box<dyn Iterator<Item = Item> + Send> {
    read_file_counting(file, Arc::default())
}

/// [`read_file`], adding to `bytes_read` the bytes read from the file on
/// disk as they are read (for a progress bar within a large file).
pub fn read_file_counting(
    file: &InputFile,
    bytes_read: Arc<AtomicU64>,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let path = file.path.display().to_string();
    let items = match open::open(&file.path, bytes_read) {
        Ok(opened) => read_opened(opened, path),
        Err(reason) => one(Item::rejected(path, reason)),
    };
    let group = file.group.clone();
    Box::new(items.map(move |item| with_source(within_limits(item), &group)))
}

/// The articles in a file's content held in memory, read as [`read_file`]
/// reads a file named `name` (its extension a hint to the format; gzip is
/// not undone). Records get no source from a folder, only their own or
/// their URL's host.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(read_opened(open::in_memory(name, bytes), name.to_string()).map(within_limits))
}

/// An article whose text or title is over its limit, as a rejection.
fn within_limits(item: Item) -> Item {
    let Item::Article(record) = &item else {
        return item;
    };
    let over = |what: &str, len: usize, limit: usize| {
        let size = |n: usize| match n {
            n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
            n => format!("{:.1} KiB", n as f64 / 1024.0),
        };
        Item::rejected(
            record.origin.clone(),
            format!(
                "{what} of {} is over the limit of {} for one article",
                size(len),
                size(limit)
            ),
        )
    };
    if record.text.len() > MAX_TEXT {
        return over("text", record.text.len(), MAX_TEXT);
    }
    match &record.title {
        Some(title) if title.len() > MAX_TITLE => over("title", title.len(), MAX_TITLE),
        _ => item,
    }
}

fn read_opened(opened: open::Opened, path: String) -> Box<dyn Iterator<Item = Item> + Send> {
    if opened.head.is_empty() {
        // Empty, or broken at once (a gzip header and nothing more).
        let reason = opened
            .read_whole()
            .err()
            .unwrap_or_else(|| "empty file".to_string());
        return one(Item::rejected(path, reason));
    }
    match detect::container(&opened.head) {
        Container::Warc => return Box::new(warc::WarcReader::new(opened.into_stream(0), path)),
        Container::WordDocument => {
            return one(Item::rejected(
                path,
                "binary data (a Word document?), not text",
            ));
        }
        Container::Text => {}
    }
    let declared = encoding::declared_charset(&opened.head);
    let (charset, bom) = match encoding::sniff(&opened.head, false, declared.as_deref()) {
        Ok(found) => found,
        Err(reason) => return one(Item::rejected(path, reason)),
    };
    let (head_text, _) = charset.decode_without_bom_handling(&opened.head[bom..]);
    let format = detect::format(&opened.name, &head_text);
    if matches!(format, Format::JsonLines | Format::Tsv) {
        let stream = opened.into_stream(bom);
        let stream: open::Stream = if charset == encoding_rs::UTF_8 {
            stream
        } else {
            Box::new(encoding::DecodingReader::new(stream, charset))
        };
        return match format {
            Format::Tsv => tsv::read(stream, path),
            _ => Box::new(jsonl::read(stream, path)),
        };
    }
    let text = match opened
        .read_whole()
        .and_then(|bytes| encoding::decode_document(&bytes, None))
    {
        Ok(text) => text,
        Err(reason) => return one(Item::rejected(path, reason)),
    };
    match format {
        Format::Feed => Box::new(feed::read(&text, &path).into_iter()),
        Format::Counter => one(counter::read(&text, path)),
        Format::Html => one(html_file(&text, path)),
        _ => one(plain::read(&text, path)),
    }
}

/// A saved web page.
fn html_file(source: &str, origin: String) -> Item {
    let page = html::extract_page(source, None);
    if page.text.is_empty() {
        return Item::rejected(origin, "no text in the page");
    }
    Item::Article(Record {
        id: None,
        url: page.url,
        source: page.site_name,
        published: page.published,
        title: page.title,
        text: page.text,
        meta: page.meta,
        origin,
    })
}

/// A file that gives one item (an article or a rejection).
pub(crate) fn one(item: Item) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(std::iter::once(item))
}

/// Fills in the source: the record's own, else its URL's host, else the
/// file's group.
fn with_source(mut item: Item, group: &str) -> Item {
    if let Item::Article(record) = &mut item {
        let own = record.source.take().filter(|s| !s.trim().is_empty());
        record.source = Some(
            own.or_else(|| record.url.as_deref().and_then(host))
                .unwrap_or_else(|| group.to_string()),
        );
    }
    item
}

/// The host of `url`, lowercased, without "www." or a port.
fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests;
