//! `read_file` on real files written to a temporary directory: every format,
//! gzip, encodings, and broken input.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use time::macros::datetime;

use super::*;

/// A temporary directory holding files of one group, "group".
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("group")).unwrap();
        Dir { tmp }
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tmp.path().join("group").join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Everything `read_file` gives for the file `name` with `bytes`.
    fn read(&self, name: &str, bytes: impl AsRef<[u8]>) -> Vec<Item> {
        let path = self.write(name, bytes);
        read_path(&path)
    }
}

fn read_path(path: &Path) -> Vec<Item> {
    let (files, rejections) = input_files(&[path.to_path_buf()]);
    assert!(rejections.is_empty(), "{rejections:?}");
    read_file(&files[0]).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn articles(items: &[Item]) -> Vec<&Record> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Article(record) => Some(record),
            Item::Rejected(_) => None,
        })
        .collect()
}

fn rejections(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Rejected(r) => Some(r.to_string()),
            Item::Article(_) => None,
        })
        .collect()
}

/// The single article in `items`.
fn only_article(items: &[Item]) -> &Record {
    match items {
        [Item::Article(record)] => record,
        _ => panic!("expected one article, got {items:#?}"),
    }
}

/// The single rejection in `items`, as "origin: reason".
fn only_rejection(items: &[Item]) -> String {
    match items {
        [Item::Rejected(r)] => r.to_string(),
        _ => panic!("expected one rejection, got {items:#?}"),
    }
}

/// A deterministic stream of pseudo-random bytes (xorshift).
fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

const DUMP: &str = " \r\n                 شہر میں نئی سڑک کا افتتاح                 \r\n\r\n  \n\
                    وزیر اعلیٰ نے شہر کی سب سے لمبی سڑک کا افتتاح کیا جس سے \r\n\
                    ٹریفک میں کمی آئے گی۔\r\n\r\n  \n\
                    \x20                        Fri, 04 Nov 2016 15:01:32 +0500\r\n\r\n  \n\
                    لاہور میں آج ایک نئی سڑک کھول دی گئی جو شہر کے دو حص\r\n\
                    وں کو ملاتی ہے۔ حکام کے مطابق اس پر دو سال کام ہوا \r\n\
                    \x20                                      اور لاگت کم رہی۔\r\n";

#[test]
fn hard_wrapped_dump_gets_title_date_summary_and_the_group_as_source() {
    let dir = Dir::new();
    let items = dir.read("سڑک.doc", DUMP);
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("شہر میں نئی سڑک کا افتتاح"));
    assert_eq!(r.published, Some(datetime!(2016-11-04 15:01:32 +05:00)));
    assert!(r.meta["summary"].as_str().unwrap().ends_with("کمی آئے گی۔"));
    assert!(r.text.starts_with("لاہور میں آج"));
    assert!(
        r.text.contains("دو حص\nوں کو"),
        "line breaks kept: {}",
        r.text
    );
    assert!(!r.text.contains('\r'));
    assert_eq!(r.source.as_deref(), Some("group"));
    assert!(r.origin.ends_with("سڑک.doc"));
}

#[test]
fn seed_like_text_has_a_title_line() {
    let dir = Dir::new();
    let items = dir.read(
        "001.txt",
        "کوریا کے رہنما روس پہنچ گئے\n\nماسکو (ایجنسیاں) شمالی کوریا کے رہنما بدھ کو روس پہنچے۔\n\nدونوں رہنماؤں نے ملاقات کی۔\n",
    );
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("کوریا کے رہنما روس پہنچ گئے"));
    assert_eq!(
        r.text,
        "ماسکو (ایجنسیاں) شمالی کوریا کے رہنما بدھ کو روس پہنچے۔\n\nدونوں رہنماؤں نے ملاقات کی۔"
    );
    assert_eq!(r.published, None);
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ur"><head><meta charset="utf-8">
<title>بارش سے موسم خوشگوار | خبرنامہ</title>
<meta property="og:title" content="لاہور میں بارش سے موسم خوشگوار">
<meta property="og:site_name" content="خبرنامہ">
<meta property="og:url" content="https://www.khabarnama.pk/news/42">
<meta name="pubdate" content="Fri, 08 Nov 2024 10:20:30 +0500">
</head><body>
<nav class="top"><a href="/">صفحہ اول</a> <a href="/sports">کھیل</a></nav>
<div class="container">
 <div class="content">
  <p>لاہور میں صبح سے بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے۔</p>
  <p>محکمہ موسمیات کے مطابق یہ سلسلہ کل تک جاری رہے گا۔</p>
  <div class="social-share">فیس بک ٹوئٹر واٹس ایپ</div>
 </div>
 <section class="comments"><h3>تبصرے</h3><p>بہت اچھی خبر ہے، شکریہ۔ بہت اچھی خبر ہے، شکریہ۔ بہت اچھی خبر ہے۔</p></section>
</div>
<footer><p>جملہ حقوق محفوظ ہیں © خبرنامہ</p></footer>
</body></html>"#;

#[test]
fn html_page_metadata_and_body_without_boilerplate() {
    let dir = Dir::new();
    let items = dir.read("page.html", PAGE);
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("لاہور میں بارش سے موسم خوشگوار"));
    assert_eq!(r.source.as_deref(), Some("خبرنامہ"));
    assert_eq!(r.url.as_deref(), Some("https://www.khabarnama.pk/news/42"));
    assert_eq!(r.published, Some(datetime!(2024-11-08 10:20:30 +05:00)));
    assert_eq!(
        r.text,
        "لاہور میں صبح سے بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے۔\n\n\
         محکمہ موسمیات کے مطابق یہ سلسلہ کل تک جاری رہے گا۔"
    );
    for chrome in ["صفحہ اول", "فیس بک", "تبصرے", "شکریہ", "جملہ حقوق"]
    {
        assert!(!r.text.contains(chrome), "{chrome} left in the text");
    }
}

#[test]
fn jsonl_invalid_line_is_rejected_and_reading_goes_on() {
    let dir = Dir::new();
    let items = dir.read(
        "a.jsonl",
        "{\"title\": \"پہلی\", \"text\": \"ایک\"}\n\n{\"title\": \"خراب\" \"text\": 1}\n{\"title\": \"دوسری\", \"text\": \"دو\"}\n[1, 2]\n{\"title\": \"بغیر متن\"}\n",
    );
    let titles: Vec<_> = articles(&items)
        .iter()
        .map(|r| r.title.clone().unwrap())
        .collect();
    assert_eq!(titles, ["پہلی", "دوسری"]);
    let rejected = rejections(&items);
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(
        rejected[0].ends_with("a.jsonl:line 3: invalid JSON: expected `,` or `}` at column 22"),
        "{}",
        rejected[0]
    );
    assert!(rejected[1].ends_with("a.jsonl:line 5: an array, not an object"));
    assert!(rejected[2].ends_with("a.jsonl:line 6: no text field (looked for text, content, body, article, html, summary, description)"));
    assert!(articles(&items)[1].origin.ends_with("a.jsonl:line 4"));
}

#[test]
fn jsonl_fields_are_mapped_and_the_rest_kept_in_meta() {
    let dir = Dir::new();
    let line = r#"{"src_file": "raw/a.csv", "src_row_id": "7", "outlet": "jang", "url": "https://jang.com.pk/news/1", "title": "خبر", "content": "متن", "label": "business", "url_group_size": 2, "id": 99}"#;
    let items = dir.read("rows.json", line);
    let r = only_article(&items);
    assert_eq!(r.id.as_deref(), Some("99"));
    assert_eq!(r.source.as_deref(), Some("jang"));
    assert_eq!(r.url.as_deref(), Some("https://jang.com.pk/news/1"));
    assert_eq!(r.text, "متن");
    assert_eq!(
        serde_json::Value::Object(r.meta.clone()),
        serde_json::json!({"src_file": "raw/a.csv", "src_row_id": "7", "label": "business", "url_group_size": 2})
    );

    // Without an outlet, the URL's host; without a URL, the group.
    let items = dir.read(
        "b.jsonl",
        "{\"url\": \"https://www.express.pk/story/1\", \"text\": \"متن\"}\n{\"text\": \"متن\"}\n",
    );
    let sources: Vec<_> = articles(&items)
        .iter()
        .map(|r| r.source.clone().unwrap())
        .collect();
    assert_eq!(sources, ["express.pk", "group"]);
}

#[test]
fn geo_title_date_becomes_the_published_date() {
    let dir = Dir::new();
    let items = dir.read(
        "geo.jsonl",
        r#"{"outlet": "geo", "title": "والدین نے بیٹے کا چہرا دکھا دیا08 نومبر ، 2024", "content": "متن"}"#,
    );
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("والدین نے بیٹے کا چہرا دکھا دیا"));
    assert_eq!(r.published, Some(datetime!(2024-11-08 0:00 +05:00)));
}

#[test]
fn tsv_with_a_summary_column_and_a_bad_row() {
    let dir = Dir::new();
    let items = dir.read(
        "headlines.tsv",
        "file\tcategory\tdate\turl\ttitle\tsummary\n\
         Business\tbusiness\t2018-04-24T04:59:11 GMT\thttps://www.express.pk/story/1155787/6\tٹیکس چوری\tحکام پر عدم اعتماد\n\
         Sports\tsports\n\
         Sports\tsports\t\thttps://www.express.pk/story/2/7\tمیچ\t\n",
    );
    let records = articles(&items);
    assert_eq!(records.len(), 2);
    let r = records[0];
    assert_eq!(r.title.as_deref(), Some("ٹیکس چوری"));
    assert_eq!(r.text, "حکام پر عدم اعتماد");
    assert_eq!(r.published, Some(datetime!(2018-04-24 04:59:11 UTC)));
    assert_eq!(r.source.as_deref(), Some("express.pk"));
    assert_eq!(r.meta["category"], "business");
    assert_eq!(r.meta["file"], "Business");
    // An empty date is no date; an empty summary is an empty text.
    assert_eq!(records[1].published, None);
    assert!(!records[1].meta.contains_key("date"));
    assert_eq!(records[1].text, "");
    assert_eq!(
        rejections(&items),
        [format!(
            "{}:line 3: 2 fields, the header has 6",
            dir.tmp.path().join("group/headlines.tsv").display()
        )]
    );

    let items = dir.read("index.tsv", "path\toutlet\tbytes\na.doc\tbbc\t12\n");
    assert!(
        only_rejection(&items).ends_with("index.tsv: no text column (found columns: path, outlet, bytes; looked for text, content, body, article, html, summary, description)")
    );
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:0b6c7c0e-1b7a-4c39-9f0a-{:012}>\r\n\
         WARC-Date: 2024-11-08T05:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len(),
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn two_record_warc() -> (Vec<u8>, Vec<u8>) {
    let uri = "https://www.khabarnama.pk/news/42?utm=x";
    let request = warc_record(
        "request",
        uri,
        b"GET /news/42 HTTP/1.1\r\nHost: www.khabarnama.pk\r\n\r\n",
    );
    let html = PAGE.replace(
        r#"<meta property="og:url" content="https://www.khabarnama.pk/news/42">"#,
        "",
    );
    let response = warc_record(
        "response",
        uri,
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        )
        .as_bytes(),
    );
    (request, response)
}

#[test]
fn warc_response_pages_are_articles_plain_and_gzipped() {
    let (request, response) = two_record_warc();
    let plain = [request.clone(), response.clone()].concat();
    // .warc.gz: one gzip member a record.
    let gzipped = [gzip(&request), gzip(&response)].concat();
    let dir = Dir::new();
    for (name, bytes) in [("crawl.warc", plain), ("crawl.warc.gz", gzipped)] {
        let items = dir.read(name, bytes);
        let r = only_article(&items);
        assert_eq!(r.id, None);
        assert_eq!(r.title.as_deref(), Some("لاہور میں بارش سے موسم خوشگوار"));
        assert_eq!(
            r.url.as_deref(),
            Some("https://www.khabarnama.pk/news/42?utm=x")
        );
        assert_eq!(r.meta["crawled"], "2024-11-08T05:00:00Z");
        assert!(r.text.starts_with("لاہور میں صبح سے"));
        assert!(r.origin.ends_with(&format!("{name}:record 2")));
    }
}

#[test]
fn a_bad_warc_record_is_rejected_and_the_records_after_it_are_read() {
    let (request, response) = two_record_warc();
    let mut too_long = warc_record("response", "https://a.pk/", b"HTTP/1.1 200 OK\r\n\r\n");
    // Claim more bytes than the block has: the next records lie inside
    // what it claims.
    let at = too_long.windows(3).position(|w| w == b"h: ").unwrap();
    too_long.splice(at + 3..at + 5, b"99".iter().copied());
    let mut negative = warc_record("response", "https://b.pk/", b"HTTP/1.1 200 OK\r\n\r\n");
    let at = negative.windows(3).position(|w| w == b"h: ").unwrap();
    negative.splice(at + 3..at + 5, b"-5".iter().copied());
    // A Content-Length past the end of the file.
    let mut past_end = response.clone();
    let at = past_end.windows(3).position(|w| w == b"h: ").unwrap();
    past_end.splice(at + 3..at + 3, b"9".iter().copied());
    let file = [
        request,
        response.clone(),
        too_long,
        response.clone(),
        negative,
        response.clone(),
        b"garbage between records\r\n".to_vec(),
        response.clone(),
        past_end,
        response,
    ]
    .concat();
    let dir = Dir::new();
    let items = dir.read("bad.warc", file);
    assert_eq!(articles(&items).len(), 5, "{:#?}", rejections(&items));
    let rejected = rejections(&items);
    assert_eq!(rejected.len(), 4, "{rejected:?}");
    assert!(rejected[0].contains("bad.warc:record 3: no CRLF CRLF after the block"));
    assert!(rejected[1].contains("bad.warc:record 5: bad Content-Length -5"));
    assert!(rejected[2].contains("expected a WARC version line, found garbage"));
    assert!(rejected[3].contains("truncated: the block has"));
}

#[test]
fn a_warc_whose_gzip_stream_breaks_ends_with_a_rejection() {
    let (request, response) = two_record_warc();
    let mut gzipped = [gzip(&request), gzip(&response)].concat();
    gzipped.truncate(gzipped.len() - 30);
    let dir = Dir::new();
    let items = dir.read("cut.warc.gz", gzipped);
    assert!(articles(&items).is_empty());
    assert!(
        rejections(&items)[0].contains("truncated gzip stream"),
        "{items:?}"
    );
}

#[test]
fn an_http_body_over_the_record_limit_is_rejected_not_cut() {
    let body = vec![b'a'; MAX_RECORD as usize + 10];
    let mut gzipped = gzip(&body);
    let mut block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        gzipped.len()
    )
    .into_bytes();
    block.append(&mut gzipped);
    let dir = Dir::new();
    let items = dir.read("big.warc", warc_record("response", "https://a.pk/", &block));
    assert!(
        only_rejection(&items)
            .ends_with("record 1: the gzip body is over 16 MiB once decompressed: not read"),
        "{items:?}"
    );
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>وائس آف امریکہ اردو</title>
  <link>https://www.urduvoa.com/</link>
  <image><title>لوگو</title></image>
  <item>
    <title>انتخابات کے نتائج کا اعلان</title>
    <link>https://www.urduvoa.com/a/123.html</link>
    <guid isPermaLink="false">voa-123</guid>
    <pubDate>Fri, 04 Nov 2016 15:01:32 +0500</pubDate>
    <dc:creator>نامہ نگار</dc:creator>
    <category>سیاست</category>
    <category>پاکستان</category>
    <description>&lt;p&gt;مختصر خلاصہ&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>پہلا پیرا &amp; کچھ۔</p><p>دوسرا&nbsp;پیرا۔</p><script>x()</script>]]></content:encoded>
    <comments>https://www.urduvoa.com/a/123.html#comments</comments>
  </item>
  <item>
    <title>صرف سرخی</title>
  </item>
  <item>
    <title>بیان</title>
    <description>سادہ متن &amp; نشان &lt;br&gt; دوسری سطر</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_items() {
    let dir = Dir::new();
    let items = dir.read("voa.xml", RSS);
    let records = articles(&items);
    assert_eq!(records.len(), 2);
    let r = records[0];
    assert_eq!(r.title.as_deref(), Some("انتخابات کے نتائج کا اعلان"));
    assert_eq!(r.url.as_deref(), Some("https://www.urduvoa.com/a/123.html"));
    assert_eq!(r.id.as_deref(), Some("voa-123"));
    assert_eq!(r.source.as_deref(), Some("وائس آف امریکہ اردو"));
    assert_eq!(r.published, Some(datetime!(2016-11-04 15:01:32 +05:00)));
    assert_eq!(r.text, "پہلا پیرا & کچھ۔\n\nدوسرا پیرا۔");
    assert_eq!(r.meta["author"], "نامہ نگار");
    assert_eq!(r.meta["category"], serde_json::json!(["سیاست", "پاکستان"]));
    assert_eq!(r.meta["summary"], "مختصر خلاصہ");
    assert_eq!(
        r.meta["comments"],
        "https://www.urduvoa.com/a/123.html#comments"
    );
    assert!(r.origin.ends_with("voa.xml:item 1"));
    assert_eq!(records[1].text, "سادہ متن & نشان\n\nدوسری سطر");
    assert!(rejections(&items)[0].ends_with("voa.xml:item 2: no text"));
}

#[test]
fn atom_entries() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">بی بی سی اردو</title>
  <entry>
    <id>urn:bbc:urdu:1</id>
    <title>میچ کا نتیجہ</title>
    <link rel="self" href="https://www.bbc.com/urdu/api/1"/>
    <link rel="alternate" type="text/html" href="https://www.bbc.com/urdu/sport-1"/>
    <updated>2016-12-03T08:13:56Z</updated>
    <published>2016-12-03T07:00:00+05:00</published>
    <author><name>کھیلوں کا ڈیسک</name><email>sport@example.org</email></author>
    <category term="کھیل"/>
    <summary type="html">&lt;b&gt;خلاصہ&lt;/b&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>پاکستان نے میچ جیت لیا۔</p><p>شائقین خوش ہیں &amp; جشن منا رہے ہیں۔</p></div></content>
  </entry>
</feed>"#;
    let dir = Dir::new();
    let items = dir.read("bbc.atom", atom);
    let r = only_article(&items);
    assert_eq!(r.id.as_deref(), Some("urn:bbc:urdu:1"));
    assert_eq!(r.url.as_deref(), Some("https://www.bbc.com/urdu/sport-1"));
    assert_eq!(r.source.as_deref(), Some("بی بی سی اردو"));
    assert_eq!(r.published, Some(datetime!(2016-12-03 07:00 +05:00)));
    assert_eq!(
        r.text,
        "پاکستان نے میچ جیت لیا۔\n\nشائقین خوش ہیں & جشن منا رہے ہیں۔"
    );
    assert_eq!(r.meta["author"], "کھیلوں کا ڈیسک");
    assert_eq!(r.meta["category"], "کھیل");
    assert_eq!(r.meta["summary"], "خلاصہ");
}

#[test]
fn xml_that_is_no_feed_and_feeds_that_break_off() {
    let dir = Dir::new();
    let items = dir.read(
        "data.xml",
        "<?xml version=\"1.0\"?><catalog><book/></catalog>",
    );
    assert!(only_rejection(&items).ends_with("not RSS or Atom (root element <catalog>)"));
    let last_item = "<item>\n    <title>بیان</title>";
    let cut = &RSS[..RSS.find(last_item).unwrap() + last_item.len()];
    let items = dir.read("cut.rss", cut);
    assert_eq!(articles(&items).len(), 1);
    assert!(rejections(&items)[1].ends_with("cut.rss: truncated: the XML ends inside <item>"));
    let items = dir.read("cut2.rss", &cut[..cut.len() - 3]);
    assert!(rejections(&items)[1].contains("cut2.rss: invalid XML at byte"));
}

/// A COUNTER file in the corpus's layout, with made-up text.
const COUNTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<COUNTER_document classification="WD" domain="business" filename="0042P.xml" newsdate="07.03.15" newspaper="Daily_Khabar" noofwordswithSWR="12" totalnoofsentences="2" totalnoofwords="19">
<headline>کپاس کی  فصل &lt;ریکارڈ&gt;
 رہی</headline>
<body>ملتان (نامہ نگار) اس سال کپاس کی پیداوار بڑھ گئی &amp; کسان خوش ہیں۔
منڈی میں نرخ بھی بہتر رہے۔</body></COUNTER_document>
"#;

#[test]
fn counter_document_is_one_record_told_by_its_root_not_its_xml_extension() {
    let dir = Dir::new();
    let items = dir.read("0042P.xml", COUNTER);
    let r = only_article(&items);
    assert_eq!(r.id.as_deref(), Some("0042P"));
    assert_eq!(r.url, None);
    assert_eq!(r.source.as_deref(), Some("daily_khabar"));
    assert_eq!(r.published, Some(datetime!(2015-03-07 0:00 UTC)));
    assert_eq!(r.title.as_deref(), Some("کپاس کی فصل <ریکارڈ> رہی"));
    assert_eq!(
        r.text,
        "ملتان (نامہ نگار) اس سال کپاس کی پیداوار بڑھ گئی & کسان خوش ہیں۔\nمنڈی میں نرخ بھی بہتر رہے۔"
    );
    assert_eq!(
        serde_json::Value::Object(r.meta.clone()),
        serde_json::json!({
            "classification": "WD", "domain": "business", "newsdate": "07.03.15",
            "noofwordswithSWR": "12", "totalnoofsentences": "2", "totalnoofwords": "19"
        })
    );
    assert!(r.origin.ends_with("0042P.xml"));

    // Without a filename attribute, the file's stem; without a newspaper,
    // the group.
    let bare = COUNTER
        .replace(r#" filename="0042P.xml""#, "")
        .replace(r#" newspaper="Daily_Khabar""#, "")
        .replace('\n', "\r\n");
    let items = dir.read("0099p.xml.gz", gzip(bare.as_bytes()));
    let r = only_article(&items);
    assert_eq!(r.id.as_deref(), Some("0099p"));
    assert_eq!(r.source.as_deref(), Some("group"));
    assert!(r.text.contains("ہیں۔\nمنڈی"), "{}", r.text);
}

#[test]
fn counter_impossible_date_is_no_date_but_kept_in_meta() {
    let dir = Dir::new();
    let items = dir.read("0109.xml", COUNTER.replace("07.03.15", "31.09.14"));
    let r = only_article(&items);
    assert_eq!(r.published, None);
    assert_eq!(r.meta["newsdate"], "31.09.14");
}

#[test]
fn counter_malformed_or_without_body_is_rejected() {
    let dir = Dir::new();
    let items = dir.read("mismatched.xml", COUNTER.replace("</body>", "</bdy>"));
    let rejection = only_rejection(&items);
    assert!(
        rejection.contains("mismatched.xml: invalid XML at byte "),
        "{rejection}"
    );
    let cut = &COUNTER[..COUNTER.find("</body>").unwrap()];
    let items = dir.read("cut.xml", cut);
    assert!(only_rejection(&items).ends_with("cut.xml: truncated: the XML ends inside <body>"));
    let items = dir.read("entity.xml", COUNTER.replace("&amp;", "&nbsp;"));
    assert!(only_rejection(&items).ends_with("entity.xml: unknown entity &nbsp;"));

    let body_start = COUNTER.find("<body>").unwrap();
    let body_end = COUNTER.find("</COUNTER_document>").unwrap();
    for (name, body, reason) in [
        ("empty.xml", "<body> \n </body>", "empty <body>"),
        ("selfclosed.xml", "<body/>", "empty <body>"),
        ("nobody.xml", "", "no <body>"),
        (
            "two.xml",
            "<body>ایک</body><body>دو</body>",
            "more than one <body>",
        ),
        (
            "stray.xml",
            "<body>ایک</body>دو",
            "text outside <headline> and <body>",
        ),
    ] {
        let xml = format!("{}{body}{}", &COUNTER[..body_start], &COUNTER[body_end..]);
        let items = dir.read(name, xml);
        assert_eq!(
            only_rejection(&items),
            format!(
                "{}: {reason}",
                dir.tmp.path().join("group").join(name).display()
            )
        );
    }
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn utf16le_with_bom_text_and_jsonl() {
    let dir = Dir::new();
    let items = dir.read("dump.doc", utf16le_with_bom(DUMP));
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("شہر میں نئی سڑک کا افتتاح"));
    assert_eq!(r.published, Some(datetime!(2016-11-04 15:01:32 +05:00)));

    let lines = "{\"title\": \"ایک\", \"text\": \"متن\"}\r\n".repeat(3000);
    let items = dir.read("rows.jsonl", utf16le_with_bom(&lines));
    assert_eq!(articles(&items).len(), 3000);
    assert!(rejections(&items).is_empty());
}

#[test]
fn windows_1256_text_and_html() {
    // Windows-1256 has no Farsi yeh (ی) and no Urdu full stop: text in it
    // writes the Arabic yeh (ي).
    let text = "پاکستان ميں بارش\n\nلاہور اور کراچي ميں تيز بارش ہوئي، لوگوں نے سکھ کا سانس ليا\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable);
    let dir = Dir::new();
    let items = dir.read("old.txt", &bytes);
    let r = only_article(&items);
    assert_eq!(r.title.as_deref(), Some("پاکستان ميں بارش"));
    assert!(r.text.starts_with("لاہور اور کراچي"));

    // Declared by the page, after more than a sample's worth of ASCII.
    let page = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><style>{}</style></head><body><p>{text}</p></body></html>",
        "p{margin:0}".repeat(1000)
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let items = dir.read("old.htm", &bytes);
    assert_eq!(
        only_article(&items).text,
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
}

#[test]
fn truncated_gzip_yields_the_records_before_the_cut() {
    let lines: String = (0..4000)
        .map(|n| {
            format!("{{\"id\": {n}, \"title\": \"خبر {n}\", \"text\": \"متن نمبر {n} یہاں ہے\"}}\n")
        })
        .collect();
    let gz = gzip(lines.as_bytes());
    let dir = Dir::new();
    let items = dir.read("rows.jsonl.gz", &gz[..gz.len() * 2 / 3]);
    let records = articles(&items);
    assert!(
        records.len() > 100 && records.len() < 4000,
        "{}",
        records.len()
    );
    for (n, r) in records.iter().enumerate() {
        assert_eq!(r.id, Some(n.to_string()));
    }
    let rejected = rejections(&items);
    assert_eq!(rejected.len(), 1);
    assert!(
        rejected[0].ends_with("truncated gzip stream"),
        "{rejected:?}"
    );
    assert!(matches!(items.last(), Some(Item::Rejected(_))));

    // The whole file reads whole.
    let items = dir.read("all.jsonl.gz", &gz);
    assert_eq!(articles(&items).len(), 4000);

    // A gzipped page cut short is one rejection.
    let gz = gzip(PAGE.repeat(20).as_bytes());
    let items = dir.read("page.html.gz", &gz[..gz.len() / 2]);
    assert!(only_rejection(&items).ends_with("truncated gzip stream"));
}

#[test]
fn binary_junk_is_rejected_without_panic() {
    let dir = Dir::new();
    let items = dir.read("page.html", junk(20_000, 7));
    assert!(only_rejection(&items).ends_with("page.html: binary data, not text"));
    let word = [
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &junk(4000, 3),
    ]
    .concat();
    let items = dir.read("letter.doc", word);
    assert!(only_rejection(&items).ends_with("binary data (a Word document?), not text"));

    // Junk without NUL or control bytes in every format: refusals, never a
    // panic.
    let high: Vec<u8> = junk(30_000, 11).into_iter().map(|b| b | 0x80).collect();
    for (n, name) in [
        "a.html",
        "a.jsonl",
        "a.tsv",
        "a.warc",
        "a.xml",
        "a.txt",
        "a.gz",
        "a.warc.gz",
    ]
    .iter()
    .enumerate()
    {
        let items = dir.read(name, junk(5_000 + n, n as u64 + 100));
        assert!(!items.is_empty());
        let items = dir.read(name, &high);
        assert!(articles(&items).is_empty(), "{name}: {items:?}");
        if !name.contains("warc") {
            assert!(only_rejection(&items).ends_with("binary data, not text"));
        }
    }
    // Junk behind the magic bytes of each container.
    for magic in [&b"WARC/1.0\r\n"[..], &[0x1F, 0x8B, 8, 0], b"<rss>", b"{"] {
        let items = dir.read("m", [magic, &junk(3000, 5)].concat());
        assert!(!items.is_empty());
    }
    assert!(only_rejection(&dir.read("empty.txt", "")).ends_with("empty.txt: empty file"));
    assert!(only_rejection(&dir.read("blank.txt", " \n\n")).ends_with("blank.txt: no text"));
    assert!(
        only_rejection(&dir.read("cut.gz", &gzip(b"abc")[..12]))
            .ends_with("cut.gz: truncated gzip stream")
    );
}

#[test]
fn unreadable_and_oversized_files() {
    let dir = Dir::new();
    let path = dir.write("gone.txt", "x");
    let (files, _) = input_files(std::slice::from_ref(&path));
    std::fs::remove_file(&path).unwrap();
    let items: Vec<Item> = read_file(&files[0]).collect();
    assert!(only_rejection(&items).contains("gone.txt: cannot read"));

    // 65 MiB of text compresses to little; read whole, it is refused.
    let big = vec![b'a'; 65 << 20];
    let items = dir.read("big.txt.gz", gzip(&big));
    assert!(only_rejection(&items).ends_with("over 64 MiB, too large to read whole"));
}

#[test]
fn damaged_files_of_every_format_never_panic() {
    let (request, response) = two_record_warc();
    let fixtures: Vec<(&str, Vec<u8>)> = vec![
        ("a.doc", DUMP.as_bytes().to_vec()),
        ("a.html", PAGE.as_bytes().to_vec()),
        ("a.xml", RSS.as_bytes().to_vec()),
        ("c.xml", COUNTER.as_bytes().to_vec()),
        ("a.warc", [request, response].concat()),
        (
            "a.jsonl",
            br#"{"title": "t", "html": "<p>x</p>", "date": "2016-11-04"}"#.repeat(3),
        ),
        ("a.tsv", b"title\ttext\ndate\n\xD8\xB9\tb\n".to_vec()),
    ];
    let dir = Dir::new();
    for (n, (name, bytes)) in fixtures.iter().enumerate() {
        for round in 0..40u64 {
            let noise = junk(17, n as u64 * 1000 + round);
            let mut damaged = bytes.clone();
            // Cut at a random point, then overwrite a few random bytes.
            damaged.truncate(usize::from(noise[0]) * damaged.len() / 255);
            for pair in noise[1..].chunks(2) {
                if !damaged.is_empty() {
                    let at = usize::from(pair[0]) * (damaged.len() - 1) / 255;
                    damaged[at] = pair[1];
                }
            }
            let items = dir.read(name, &damaged);
            // Only a line or record format can hold nothing at all.
            assert!(
                !items.is_empty()
                    || [".jsonl", ".tsv", ".warc"]
                        .iter()
                        .any(|e| name.ends_with(e))
            );
            let gz = dir.read(&format!("{name}.gz"), gzip(&damaged));
            assert_eq!(gz.len(), items.len(), "{name} gzipped reads the same");
        }
    }
}

#[test]
fn content_in_memory_is_read_as_the_same_file_on_disk() {
    let jsonl = "{\"id\": \"a1\", \"title\": \"خبر\", \"text\": \"پاکستان میں بارش\"}\n{bad\n";
    let dir = Dir::new();
    let from_disk = dir.read("news.jsonl", jsonl);
    let in_memory: Vec<Item> = read_bytes("news.jsonl", jsonl.as_bytes().to_vec()).collect();
    assert_eq!(articles(&in_memory)[0].id.as_deref(), Some("a1"));
    assert_eq!(articles(&in_memory)[0].text, articles(&from_disk)[0].text);
    assert_eq!(
        rejections(&in_memory),
        ["news.jsonl:line 2: invalid JSON: key must be a string at column 2"]
    );
}

/// Runs `work` on its own thread and fails if it takes longer than
/// `limit`: a hang must fail the test, not stall the run.
fn within<T: Send + 'static>(
    limit: std::time::Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    finished
        .recv_timeout(limit)
        .unwrap_or_else(|e| panic!("not done within {limit:?}: {e}"))
}

#[test]
fn deeply_nested_html_is_read_in_linear_time_in_every_format() {
    let n = 100_000;
    let page = format!(
        "<html><body>{}<p>لاہور میں آج بارش ہوئی۔</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let jsonl = serde_json::json!({"url": "https://a.pk/1", "html": page}).to_string();
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    let warc = warc_record("response", "https://a.pk/1", http.as_bytes());
    let dir = Dir::new();
    let paths = [
        dir.write("deep.html", &page),
        dir.write("deep.jsonl", jsonl),
        dir.write("deep.warc", warc),
    ];
    for path in paths {
        let items = within(std::time::Duration::from_secs(20), move || read_path(&path));
        assert!(only_article(&items).text.contains("بارش"));
    }
}

#[test]
fn text_over_the_article_limit_is_rejected_with_its_size() {
    let text = "خبر ".repeat(MAX_TEXT / 6);
    let dir = Dir::new();
    let items = dir.read(
        "big.jsonl",
        serde_json::json!({"title": "ایک", "text": text}).to_string(),
    );
    assert!(
        only_rejection(&items).ends_with(
            "big.jsonl:line 1: text of 4.7 MiB is over the limit of 4.0 MiB for one article"
        ),
        "{items:?}"
    );
    let items = dir.read(
        "title.jsonl",
        serde_json::json!({"title": "ا".repeat(3000), "text": "خبر"}).to_string(),
    );
    assert!(only_rejection(&items).contains("title of 5.9 KiB is over the limit of 4.0 KiB"));
}

#[test]
fn a_nul_in_a_json_line_rejects_that_line_only() {
    let good = serde_json::json!({"title": "ایک", "text": "پاکستان میں بارش"}).to_string();
    let file = format!("{good}\n{{\"title\": \"a\0b\", \"text\": \"x\"}}\n{good}\n")
        .replace("ایک\"", "دو\"");
    let dir = Dir::new();
    let items = dir.read("nul.jsonl", format!("{good}\n{file}"));
    assert_eq!(articles(&items).len(), 3, "{items:?}");
    assert_eq!(rejections(&items).len(), 1);
    assert!(rejections(&items)[0].contains("nul.jsonl:line 3: invalid JSON"));
}

#[test]
fn utf16_without_a_bom_is_read() {
    let line = serde_json::json!({"id": "u16", "title": "خبر", "text": "پاکستان میں بارش ہوئی"})
        .to_string()
        + "\n";
    let bytes: Vec<u8> = line
        .repeat(3)
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = Dir::new();
    let items = dir.read("utf16.jsonl", bytes);
    assert_eq!(articles(&items).len(), 3, "{items:?}");
    assert_eq!(articles(&items)[0].text, "پاکستان میں بارش ہوئی");
}

#[test]
fn a_json_line_over_the_record_limit_is_skipped_unread_and_the_next_is_read() {
    let big = serde_json::json!({"title": "بڑا", "text": "خبر ".repeat(MAX_RECORD as usize / 6)});
    let good = serde_json::json!({"title": "ایک", "text": "پاکستان میں بارش"});
    let dir = Dir::new();
    let items = dir.read("big.jsonl", format!("{big}\n{good}\n"));
    assert_eq!(
        rejections(&items),
        [format!(
            "{}:line 1: line longer than 16 MiB",
            dir.tmp.path().join("group/big.jsonl").display()
        )]
    );
    assert_eq!(articles(&items)[0].text, "پاکستان میں بارش");
}
