//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one record an item or entry, its
//! HTML content reduced to text, the feed's title as the source.
//!
//! The parser keeps, for each item, the text and markup of its direct
//! children and decides what they mean once the item is closed: feeds in
//! the wild mix namespaces and orders too freely for anything stricter.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesRef, BytesStart, Event};
use serde_json::{Map, Value};

use crate::{Item, Record, dates, html};

/// The records of the feed `text` (the whole file, decoded). A feed that
/// breaks off (invalid XML) gives the items before the break, then a
/// rejection.
pub(crate) fn read(text: &str, path: &str) -> Vec<Item> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut feed = FeedParser::default();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => {
                if let Some(reason) = feed.unfinished() {
                    feed.items.push(Item::rejected(path, reason));
                }
                break;
            }
            Ok(event) => event,
            Err(e) => {
                let at = reader.error_position();
                feed.items.push(Item::rejected(
                    path,
                    format!("invalid XML at byte {at}: {e}"),
                ));
                break;
            }
        };
        if let Err(reason) = feed.handle(event, path) {
            return vec![Item::rejected(path, reason)];
        }
    }
    let source = feed.title.filter(|t| !t.is_empty());
    for item in &mut feed.items {
        if let Item::Article(record) = item {
            record.source.clone_from(&source);
        }
    }
    feed.items
}

/// A direct child of an item (or the feed's title) being read.
#[derive(Default)]
struct Field {
    /// The qualified name, as written ("content:encoded").
    name: String,
    /// The local name, lowercased ("encoded").
    local: String,
    /// The stack depth at which the element is open.
    depth: usize,
    attributes: Vec<(String, String)>,
    /// The content as HTML source: the feed's escaped HTML unescaped,
    /// CDATA as is, nested (XHTML) elements written back as markup.
    markup: String,
    /// The character data alone.
    text: String,
    /// The text of each element directly inside (an Atom author's name).
    children: Vec<(String, String)>,
    /// Where the open child's text starts in `text`.
    child_start: usize,
}

impl Field {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, local: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|(n, text)| n == local && !text.trim().is_empty())
            .map(|(_, text)| text.as_str())
    }
}

#[derive(Default)]
struct FeedParser {
    /// Local names of the open elements.
    stack: Vec<String>,
    /// The open item: the depth of its element and its children so far.
    item: Option<(usize, Vec<Field>)>,
    field: Option<Field>,
    /// Whether `field` is the feed's title.
    field_is_feed_title: bool,
    title: Option<String>,
    items: Vec<Item>,
    /// Items (and entries) seen, for the origin "path:item N".
    count: usize,
    root_seen: bool,
}

impl FeedParser {
    /// Why a feed that has come to its end is not whole: no root element,
    /// or elements left open (a file cut short).
    fn unfinished(&self) -> Option<String> {
        if !self.root_seen {
            return Some("no XML root element, not RSS or Atom".into());
        }
        let open = self.stack.last()?;
        Some(format!("truncated: the XML ends inside <{open}>"))
    }

    fn handle(&mut self, event: Event<'_>, path: &str) -> Result<(), String> {
        match event {
            Event::Start(e) => self.start(&e)?,
            Event::Empty(e) => self.empty(&e),
            Event::End(e) => {
                let name = lossy(e.name().as_ref()).into_owned();
                self.end(&name, path);
            }
            Event::Text(t) => {
                let text = t
                    .decode()
                    .unwrap_or_else(|_| Cow::Owned(lossy(&t).into_owned()));
                self.characters(&text);
            }
            Event::CData(c) => {
                if let Some(field) = &mut self.field {
                    let text = lossy(&c);
                    field.markup.push_str(&text);
                    field.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => self.reference(&r),
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let local = lossy(e.local_name().as_ref()).to_lowercase();
        if let Some(field) = &mut self.field {
            field.markup.push('<');
            field.markup.push_str(&lossy(e));
            field.markup.push('>');
            if self.stack.len() == field.depth {
                field.child_start = field.text.len();
            }
            self.stack.push(local);
            return Ok(());
        }
        if self.stack.is_empty() {
            if !matches!(local.as_str(), "rss" | "feed" | "rdf") {
                let root = lossy(e.name().as_ref()).into_owned();
                return Err(format!("XML, but not RSS or Atom (root element <{root}>)"));
            }
            self.root_seen = true;
        }
        let parent = self.stack.last().cloned().unwrap_or_default();
        self.stack.push(local.clone());
        let depth = self.stack.len();
        match &self.item {
            None if local == "item" || local == "entry" => self.item = Some((depth, Vec::new())),
            Some((item_depth, _)) if depth == item_depth + 1 => {
                self.field = Some(field(e, local, depth));
            }
            None if local == "title"
                && self.title.is_none()
                && (parent == "channel" || parent == "feed") =>
            {
                self.field = Some(field(e, local, depth));
                self.field_is_feed_title = true;
            }
            _ => {}
        }
        Ok(())
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        if let Some(field) = &mut self.field {
            field.markup.push('<');
            field.markup.push_str(&lossy(e));
            field.markup.push_str("/>");
        } else if let Some((item_depth, fields)) = &mut self.item
            && self.stack.len() == *item_depth
        {
            // <link href="…"/>, <category term="…"/>
            let local = lossy(e.local_name().as_ref()).to_lowercase();
            fields.push(field(e, local, *item_depth + 1));
        }
    }

    fn end(&mut self, name: &str, path: &str) {
        let depth = self.stack.len();
        let Some(local) = self.stack.pop() else {
            return;
        };
        if let Some(field) = &mut self.field {
            if depth > field.depth {
                field.markup.push_str("</");
                field.markup.push_str(name);
                field.markup.push('>');
                if depth == field.depth + 1 {
                    let text = field.text.get(field.child_start..).unwrap_or_default();
                    field.children.push((local, text.to_string()));
                }
                return;
            }
            let field = self.field.take().unwrap_or_default();
            if std::mem::take(&mut self.field_is_feed_title) {
                self.title = Some(collapse(&field.text));
            } else if let Some((_, fields)) = &mut self.item {
                fields.push(field);
            }
            return;
        }
        if self.item.as_ref().is_some_and(|(d, _)| *d == depth)
            && let Some((_, fields)) = self.item.take()
        {
            self.count += 1;
            let origin = format!("{path}:item {}", self.count);
            self.items.push(item(&fields, origin));
        }
    }

    fn characters(&mut self, text: &str) {
        if let Some(field) = &mut self.field {
            if self.stack.len() > field.depth {
                // Inside XHTML: the markup must stay markup.
                field.markup.push_str(&partial_escape(text));
            } else {
                field.markup.push_str(text);
            }
            field.text.push_str(text);
        }
    }

    /// An entity or character reference. Directly in a field, the XML
    /// escaping of HTML is undone ("&lt;p&gt;" is a paragraph); inside XHTML
    /// it is kept. Names XML does not know (HTML's "&nbsp;", common in
    /// feeds) are left for the HTML parser.
    fn reference(&mut self, r: &BytesRef<'_>) {
        let Some(field) = &mut self.field else {
            return;
        };
        let name = lossy(r);
        let resolved = if r.is_char_ref() {
            r.resolve_char_ref().ok().flatten()
        } else {
            match name.as_ref() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            }
        };
        let escaped = format!("&{name};");
        match resolved {
            Some(c) if self.stack.len() == field.depth => field.markup.push(c),
            _ => field.markup.push_str(&escaped),
        }
        match resolved {
            Some(c) => field.text.push(c),
            None => field.text.push_str(&escaped),
        }
    }
}

fn field(e: &BytesStart<'_>, local: String, depth: usize) -> Field {
    let attributes = e
        .attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let key = lossy(a.key.local_name().as_ref()).to_lowercase();
            let value = a
                .unescape_value()
                .map_or_else(|_| lossy(&a.value).into_owned(), Cow::into_owned);
            (key, value)
        })
        .collect();
    Field {
        name: lossy(e.name().as_ref()).into_owned(),
        local,
        depth,
        attributes,
        ..Field::default()
    }
}

/// Local names of the item children that become record fields; the others
/// are kept in meta under their qualified names.
const KNOWN: [&str; 18] = [
    "title",
    "link",
    "guid",
    "id",
    "pubdate",
    "published",
    "date",
    "issued",
    "updated",
    "modified",
    "encoded",
    "content",
    "description",
    "summary",
    "author",
    "creator",
    "category",
    "subject",
];

/// The record an item's children make, or a rejection without text.
fn item(fields: &[Field], origin: String) -> Item {
    let named = |locals: &'static [&'static str]| {
        locals.iter().flat_map(move |local| {
            fields
                .iter()
                .filter(move |f| f.local == *local && !f.text.trim().is_empty())
        })
    };
    // The first content field that holds text, in order of fullness.
    let content = named(&["encoded", "content", "description", "summary"])
        .map(|f| (f, html::fragment_text(&f.markup)))
        .find(|(_, text)| !text.is_empty());
    let Some((content_field, text)) = content else {
        return Item::rejected(origin, "no text");
    };
    let mut meta = Map::new();
    for f in named(&["description", "summary"]) {
        if !std::ptr::eq(f, content_field) && !meta.contains_key("summary") {
            let summary = html::fragment_text(&f.markup);
            meta.insert("summary".into(), Value::String(summary));
        }
    }
    let authors = named(&["author", "creator"])
        .map(|f| collapse(f.child("name").unwrap_or(&f.text)))
        .collect();
    add_list(&mut meta, "author", authors);
    let categories = fields
        .iter()
        .filter(|f| f.local == "category" || f.local == "subject")
        .filter_map(|f| {
            let label = f
                .attribute("term")
                .map_or_else(|| collapse(&f.text), collapse);
            (!label.is_empty()).then_some(label)
        })
        .collect();
    add_list(&mut meta, "category", categories);
    for f in fields.iter().filter(|f| !KNOWN.contains(&f.local.as_str())) {
        let value = collapse(&f.text);
        if !value.is_empty() && !meta.contains_key(&f.name) {
            meta.insert(f.name.clone(), Value::String(value));
        }
    }
    Item::Article(Record {
        id: named(&["guid", "id"]).map(|f| collapse(&f.text)).next(),
        url: link(fields),
        source: None,
        published: named(&[
            "pubdate",
            "published",
            "date",
            "issued",
            "updated",
            "modified",
        ])
        .find_map(|f| dates::parse(&f.text)),
        title: named(&["title"])
            .map(|f| {
                // Some feeds escape HTML in titles too.
                if f.text.contains(['<', '&']) {
                    html::fragment_text(&f.text)
                } else {
                    collapse(&f.text)
                }
            })
            .find(|t| !t.is_empty()),
        text,
        meta,
        origin,
    })
}

/// Atom: the href of the alternate link (or of one without rel), else the
/// first href; RSS: the link's text.
fn link(fields: &[Field]) -> Option<String> {
    let links: Vec<&Field> = fields.iter().filter(|f| f.local == "link").collect();
    let alternate = links.iter().find_map(|f| {
        f.attribute("rel")
            .is_none_or(|rel| rel == "alternate")
            .then(|| f.attribute("href"))
            .flatten()
    });
    alternate
        .or_else(|| links.iter().find_map(|f| f.attribute("href")))
        .map(str::trim)
        .or_else(|| links.iter().map(|f| f.text.trim()).find(|t| !t.is_empty()))
        .map(str::to_string)
}

/// One value as a string, several as an array, none not at all.
fn add_list(meta: &mut Map<String, Value>, key: &str, mut values: Vec<String>) {
    let value = match values.len() {
        0 => return,
        1 => Value::String(values.remove(0)),
        _ => Value::Array(values.into_iter().map(Value::String).collect()),
    };
    meta.insert(key.to_string(), value);
}

fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
