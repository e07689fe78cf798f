//! HTML to an article: its metadata from the head, and the main text without
//! the page's chrome (menus, share rows, comments, related links).
//!
//! The content is found as readability does it, simply: an `<article>` or
//! `itemprop=articleBody` element when the page marks one, else the element
//! whose direct `<p>` children hold the most text.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::dates;
use crate::depth::limit_depth;

/// What a page gives: everything is optional but the text (which may be
/// empty).
#[derive(Debug)]
pub(crate) struct Page {
    pub title: Option<String>,
    pub published: Option<OffsetDateTime>,
    /// The canonical URL, made absolute with the base URL when relative.
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// The description and author meta tags, when the page has them.
    pub meta: Map<String, Value>,
    pub text: String,
}

/// The article in a whole HTML page. `base_url` (the address it was fetched
/// from) resolves a relative canonical link.
pub(crate) fn extract_page(source: &str, base_url: Option<&str>) -> Page {
    let mut doc = Html::parse_document(&limit_depth(source));
    let head = Head::read(&doc);
    drop_boilerplate(&mut doc);
    let site_name = head.meta_value(&["og:site_name"]).map(collapse);
    let title = head
        .meta_value(&["og:title", "twitter:title"])
        .map(collapse)
        .or_else(|| {
            head.title
                .as_deref()
                .map(|t| strip_site_name(t, site_name.as_deref()))
        })
        .or_else(|| head.first_h1.clone())
        .filter(|t| !t.is_empty());
    let url = head
        .canonical
        .as_deref()
        .or(head.meta_value(&["og:url"]))
        .and_then(|href| absolute_url(href, base_url));
    let mut meta = Map::new();
    for (key, names) in [
        ("description", &["og:description", "description"][..]),
        ("author", &["author", "article:author"][..]),
    ] {
        if let Some(value) = head.meta_value(names).map(collapse) {
            meta.insert(key.to_string(), Value::String(value));
        }
    }
    Page {
        title,
        published: head.published(),
        url,
        site_name: site_name.filter(|s| !s.is_empty()),
        meta,
        text: main_text(&doc),
    }
}

/// All the text of an HTML fragment (a feed item's content), one paragraph a
/// block: there is no page chrome to leave out, only scripts and the like.
pub(crate) fn fragment_text(source: &str) -> String {
    let mut doc = Html::parse_fragment(&limit_depth(source));
    drop_boilerplate(&mut doc);
    paragraphs_by_block(doc.tree.root()).join("\n\n")
}

/// The parts of a page that describe it, gathered in one pass over the whole
/// tree (before the boilerplate goes: JSON-LD lives in a `<script>`, dates in
/// a `<header>`).
#[derive(Default)]
struct Head {
    /// `<meta>` tags: (property or name, lowercased; content).
    meta: Vec<(String, String)>,
    canonical: Option<String>,
    title: Option<String>,
    first_h1: Option<String>,
    /// `itemprop=datePublished` values (content or datetime attribute).
    itemprop_dates: Vec<String>,
    /// `<time datetime>` inside an `<article>`.
    article_times: Vec<String>,
    /// `datePublished` anywhere in JSON-LD.
    json_ld_dates: Vec<String>,
}

impl Head {
    fn read(doc: &Html) -> Head {
        let mut head = Head::default();
        for node in doc.tree.root().descendants() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            if el
                .attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            {
                let value = el.attr("content").or(el.attr("datetime"));
                head.itemprop_dates
                    .push(value.map_or_else(|| text_of(node), str::to_string));
            }
            match el.name() {
                "meta" => {
                    let key = el.attr("property").or(el.attr("name"));
                    if let (Some(key), Some(content)) = (key, el.attr("content")) {
                        head.meta
                            .push((key.trim().to_ascii_lowercase(), content.to_string()));
                    }
                }
                "link" if head.canonical.is_none() => {
                    let rel = el.attr("rel").unwrap_or_default();
                    if rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        head.canonical = el.attr("href").map(str::to_string);
                    }
                }
                "title" if head.title.is_none() => head.title = Some(collapse(&text_of(node))),
                "h1" if head.first_h1.is_none() => head.first_h1 = Some(collapse(&text_of(node))),
                "time" => {
                    if let Some(datetime) = el.attr("datetime")
                        && node.ancestors().any(|a| {
                            a.value()
                                .as_element()
                                .is_some_and(|e| e.name() == "article" || is_article_body(e))
                        })
                    {
                        head.article_times.push(datetime.to_string());
                    }
                }
                "script"
                    if el
                        .attr("type")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
                {
                    if let Ok(json) = serde_json::from_str::<Value>(&text_of(node)) {
                        collect_strings(&json, "datePublished", &mut head.json_ld_dates);
                    }
                }
                _ => {}
            }
        }
        head
    }

    /// The content of the first meta tag named by one of `names`, in the
    /// order of `names`.
    fn meta_value(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.meta
                .iter()
                .find(|(key, content)| key == name && !content.trim().is_empty())
                .map(|(_, content)| content.as_str())
        })
    }

    /// The first date that parses, from the most to the least explicit
    /// place a page puts its publication date.
    fn published(&self) -> Option<OffsetDateTime> {
        let meta_dates = [
            "article:published_time",
            "og:published_time",
            "date",
            "pubdate",
            "publishdate",
            "dc.date.issued",
        ]
        .into_iter()
        .flat_map(|name| {
            self.meta
                .iter()
                .filter(move |(key, _)| key == name)
                .map(|(_, content)| content.as_str())
        });
        meta_dates
            .chain(self.itemprop_dates.iter().map(String::as_str))
            .chain(self.article_times.iter().map(String::as_str))
            .chain(self.json_ld_dates.iter().map(String::as_str))
            .find_map(dates::parse)
    }
}

/// Every string value under `key`, at any depth (JSON-LD nests the article
/// in arrays and `@graph`s).
fn collect_strings(value: &Value, key: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if k == key => found.push(s.clone()),
                    _ => collect_strings(v, key, found),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_strings(item, key, found);
            }
        }
        _ => {}
    }
}

/// Elements that are never article text.
const DROPPED_TAGS: [&str; 12] = [
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "button", "template",
];

/// Parts of class names and ids that mark page chrome.
const CHROME_WORDS: [&str; 9] = [
    "comment",
    "share",
    "social",
    "related",
    "footer",
    "sidebar",
    "menu",
    "breadcrumb",
    "advert",
];

fn is_article_body(el: &Element) -> bool {
    el.attr("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
}

/// A dropped tag, or an element whose class or id names chrome ("ad" only
/// as a whole word of it: "ad-slot", "top_ad", not "header" or "shadow").
/// The containers of the article itself are kept whatever their classes say
/// ("page-with-sidebar" on `<body>`).
fn is_boilerplate(el: &Element) -> bool {
    let name = el.name();
    if DROPPED_TAGS.contains(&name) {
        return true;
    }
    if matches!(name, "html" | "body" | "article" | "main") || is_article_body(el) {
        return false;
    }
    let names = format!(
        "{} {}",
        el.attr("class").unwrap_or_default(),
        el.id().unwrap_or_default()
    )
    .to_lowercase();
    CHROME_WORDS.iter().any(|w| names.contains(w))
        || names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == "ad" || word == "ads")
}

fn drop_boilerplate(doc: &mut Html) {
    let dropped: Vec<NodeId> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(is_boilerplate))
        .map(|n| n.id())
        .collect();
    for id in dropped {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// The article's paragraphs, joined by blank lines.
fn main_text(doc: &Html) -> String {
    let root = doc.tree.root();
    let body = root
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);
    // A marked article body beats an `<article>`; among several, the longest.
    let markers: [fn(&Element) -> bool; 2] = [is_article_body, |e| e.name() == "article"];
    let marked = markers.into_iter().find_map(|is_marked| {
        body.descendants()
            .filter(|n| n.value().as_element().is_some_and(is_marked))
            .map(content_paragraphs)
            .filter(|paragraphs| !paragraphs.is_empty())
            .max_by_key(|paragraphs| paragraphs.iter().map(String::len).sum::<usize>())
    });
    let paragraphs = marked
        .or_else(|| densest(body).map(content_paragraphs))
        .filter(|paragraphs| !paragraphs.is_empty())
        .unwrap_or_else(|| paragraphs_by_block(body));
    paragraphs.join("\n\n")
}

/// The element whose `<p>` children hold the most text; a paragraph counts
/// fully for its parent and half for its grandparent, so that paragraphs
/// wrapped one by one in `<div>`s still add up. Ties go to the first.
fn densest(body: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    for p in body
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "p"))
    {
        let length = text_of(p).chars().filter(|c| !c.is_whitespace()).count();
        let mut ancestors = p.ancestors();
        if let Some(parent) = ancestors.next() {
            *scores.entry(parent.id()).or_default() += length;
        }
        if let Some(grandparent) = ancestors.next() {
            *scores.entry(grandparent.id()).or_default() += length / 2;
        }
    }
    let mut best: Option<(usize, NodeRef<'_, Node>)> = None;
    for node in body.descendants() {
        if let Some(&score) = scores.get(&node.id())
            && score > best.map_or(0, |(s, _)| s)
        {
            best = Some((score, node));
        }
    }
    best.map(|(_, node)| node)
}

/// Elements that are one paragraph of an article's text.
const CONTENT_BLOCKS: [&str; 8] = ["p", "h2", "h3", "h4", "li", "blockquote", "pre", "td"];

/// The paragraphs of an article element: its content blocks in document
/// order (a block inside another is part of it), or, when it has none,
/// its text split at every block-level element.
fn content_paragraphs(root: NodeRef<'_, Node>) -> Vec<String> {
    let is_block = |n: &NodeRef<'_, Node>| {
        n.value()
            .as_element()
            .is_some_and(|e| CONTENT_BLOCKS.contains(&e.name()))
    };
    let paragraphs: Vec<String> = root
        .descendants()
        .filter(|n| n.id() != root.id() && is_block(n))
        .filter(|n| {
            !n.ancestors()
                .take_while(|a| a.id() != root.id())
                .any(|a| is_block(&a))
        })
        .map(|n| collapse(&text_of(n)))
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        paragraphs_by_block(root)
    } else {
        paragraphs
    }
}

/// Elements that break the flow of text into paragraphs.
const BLOCK_LEVEL: [&str; 37] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "body",
    "html",
];

/// All the text under `root`, a new paragraph at every block-level element
/// (and `<br>`).
fn paragraphs_by_block(root: NodeRef<'_, Node>) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let paragraph = collapse(current);
        if !paragraph.is_empty() {
            paragraphs.push(paragraph);
        }
        current.clear();
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => current.push_str(&text[..]),
                Node::Element(el) if BLOCK_LEVEL.contains(&el.name()) => flush(&mut current),
                _ => {}
            },
            Edge::Close(node) => {
                if node
                    .value()
                    .as_element()
                    .is_some_and(|el| BLOCK_LEVEL.contains(&el.name()))
                {
                    flush(&mut current);
                }
            }
        }
    }
    flush(&mut current);
    paragraphs
}

/// The text under `node`, a `<br>` read as a space.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        match n.value() {
            Node::Text(t) => text.push_str(&t[..]),
            Node::Element(el) if el.name() == "br" => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Whitespace runs to one space, none at the ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `title` without the site name that a `<title>` often adds ("… - BBC
/// Urdu", "VOA | …"): only the name og:site_name gives is taken off.
fn strip_site_name(title: &str, site_name: Option<&str>) -> String {
    let title = collapse(title);
    let Some(site) = site_name.map(collapse).filter(|s| !s.is_empty()) else {
        return title;
    };
    for separator in [" - ", " | ", " – ", " — ", " :: ", " « ", " » "] {
        let suffix = format!("{separator}{site}");
        let prefix = format!("{site}{separator}");
        if let Some(rest) = title
            .strip_suffix(&suffix)
            .or_else(|| title.strip_prefix(&prefix))
        {
            return rest.trim().to_string();
        }
    }
    title
}

/// `href` as an absolute http(s) URL, resolved against `base` for
/// "//host/path" and "/path"; `None` for other relative links, which without
/// a base say nothing useful.
fn absolute_url(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if let Some(path) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{path}"));
    }
    if href.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        return Some(format!("{scheme}://{host}{href}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ur"><head>
<meta charset="utf-8">
<title>بارش سے موسم خوشگوار - خبرنامہ</title>
<meta property="og:site_name" content="خبرنامہ">
<meta name="description" content="لاہور میں بارش">
<meta property="article:published_time" content="2024-11-08T10:20:30+05:00">
<link rel="canonical" href="/news/123">
<script>var tracking = "نہیں";</script>
<style>p { color: red }</style>
</head>
<body class="page has-sidebar">
<header><nav><ul><li><a href="/">صفحہ اول</a></li><li>کھیل</li></ul></nav></header>
<div class="share-buttons"><a>فیس بک</a> <a>ٹوئٹر</a></div>
<div id="main">
  <h1>بارش سے موسم خوشگوار</h1>
  <div class="story">
    <p>لاہور میں صبح سے &quot;ہلکی&quot; بارش ہو رہی ہے
       اور موسم خوشگوار ہو گیا ہے۔</p>
    <p>محکمہ موسمیات کے مطابق بارش کا سلسلہ کل تک جاری رہے گا۔</p>
    <div class="ad-slot"><p>اشتہار: سستے ٹکٹ خریدیں، ابھی خریدیں اور بچت کریں۔</p></div>
    <h2>شہریوں کی رائے</h2>
    <p>شہریوں نے موسم کا لطف اٹھایا۔</p>
  </div>
  <div class="related-stories"><p>یہ بھی پڑھیں: کراچی میں گرمی کی لہر برقرار، درجہ حرارت بڑھ گیا۔</p></div>
  <div id="comments"><p>آپ کی رائے: بہت اچھی خبر ہے، شکریہ اور مزید لکھیں۔</p></div>
</div>
<aside><p>سب سے زیادہ پڑھی جانے والی خبریں یہاں ہیں اور وہاں بھی۔</p></aside>
<footer><p>جملہ حقوق محفوظ ہیں۔</p></footer>
</body></html>"#;

    #[test]
    fn page_metadata_and_main_text_without_chrome() {
        let page = extract_page(PAGE, Some("https://www.example.pk/latest"));
        assert_eq!(page.title.as_deref(), Some("بارش سے موسم خوشگوار"));
        assert_eq!(page.site_name.as_deref(), Some("خبرنامہ"));
        assert_eq!(page.url.as_deref(), Some("https://www.example.pk/news/123"));
        assert_eq!(page.published, Some(datetime!(2024-11-08 10:20:30 +05:00)));
        assert_eq!(page.meta["description"], "لاہور میں بارش");
        assert_eq!(
            page.text,
            "لاہور میں صبح سے \"ہلکی\" بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے۔\n\n\
             محکمہ موسمیات کے مطابق بارش کا سلسلہ کل تک جاری رہے گا۔\n\n\
             شہریوں کی رائے\n\n\
             شہریوں نے موسم کا لطف اٹھایا۔"
        );
    }

    #[test]
    fn article_element_and_json_ld_date() {
        let html = r#"<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2016-11-04T15:01:32+05:00"}]}</script>
</head><body><div class="menu"><p>ایک بہت لمبا مینو جس میں بہت سارے الفاظ ہیں اور کچھ نہیں۔</p></div>
<article><h1>سرخی</h1><div><p>پہلا پیرا۔</p><ul><li>ایک <b>نکتہ</b></li></ul></div></article></body></html>"#;
        let page = extract_page(html, None);
        assert_eq!(page.title.as_deref(), Some("سرخی"));
        assert_eq!(page.published, Some(datetime!(2016-11-04 15:01:32 +05:00)));
        assert_eq!(page.text, "پہلا پیرا۔\n\nایک نکتہ");
        assert_eq!(page.url, None);
    }

    #[test]
    fn pages_without_paragraphs_fall_back_to_blocks() {
        let page = extract_page(
            "<html><body><div>پہلی سطر<br>دوسری سطر</div><div>تیسری</div></body></html>",
            None,
        );
        assert_eq!(page.text, "پہلی سطر\n\nدوسری سطر\n\nتیسری");
    }

    #[test]
    fn fragments_keep_all_blocks() {
        assert_eq!(
            fragment_text("<p>ایک</p>دو<br/>تین<script>x()</script>"),
            "ایک\n\nدو\n\nتین"
        );
        assert_eq!(fragment_text("صرف متن &amp; کچھ"), "صرف متن & کچھ");
    }

    #[test]
    fn site_names_and_urls() {
        assert_eq!(strip_site_name("خبر | جیو", Some("جیو")), "خبر");
        assert_eq!(strip_site_name("خبر - دنیا", Some("جیو")), "خبر - دنیا");
        assert_eq!(
            absolute_url("//a.pk/x", Some("https://b.pk/y")).as_deref(),
            Some("https://a.pk/x")
        );
        assert_eq!(absolute_url("x/y", Some("https://b.pk/y")), None);
    }
}
