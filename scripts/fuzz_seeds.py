#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (fuzz/), built from the real files in
../shared/data and the repository's samples: one folder per target, one file
per input. Nothing here is committed: the texts belong to their outlets.

- analyze: UD treebank sentences (alone and in groups), BBC/VOA dumps,
  scraped article texts, COUNTER bodies, IL-NER sentences.
- plain: the BBC/VOA dumps as they are, and the VOA samples.
- jsonl: single lines and small groups of lines of the scraped articles.
- tsv: the headline file's header with a few of its rows.
- counter: the COUNTER XML files.
- html, warc, feed: the data holds no such files, so real titles and texts
  are wrapped in realistic pages, WARC records (HTTP headers, chunked and
  gzip bodies, other record types) and RSS 2.0, Atom and RDF feeds.
- query: title words, names and phrases.

Usage: fuzz_seeds.py SHARED_DATA SAMPLES OUT_DIR
"""

import email.utils
import gzip
import html
import json
import os
import random
import sys
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

# The fuzzers' -max_len per target (scripts/fuzz.sh): longer seeds are cut
# by libFuzzer anyway, so they are left out or kept short.
MAX_LEN = {
    "analyze": 16384,
    "plain": 16384,
    "jsonl": 16384,
    "tsv": 16384,
    "counter": 16384,
    "html": 32768,
    "warc": 32768,
    "feed": 32768,
    "query": 512,
}

PKT = timezone(timedelta(hours=5))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    shared, samples, out = (Path(a) for a in sys.argv[1:])
    if not shared.is_dir():
        sys.exit(f"error: {shared} is missing: the seeds are built from the shared data")
    rng = random.Random(20261201)
    data = Data(shared, samples, rng)
    seeds = Seeds(out)
    analyze_seeds(data, seeds, rng)
    plain_seeds(data, seeds, rng)
    jsonl_seeds(data, seeds, rng)
    tsv_seeds(data, seeds, rng)
    counter_seeds(data, seeds)
    html_seeds(data, seeds, rng)
    warc_seeds(data, seeds, rng)
    feed_seeds(data, seeds, rng)
    query_seeds(data, seeds, rng)
    for target, n in sorted(seeds.counts.items()):
        print(f"{target}: {n} seeds")


class Seeds:
    """Writes each target's seeds into OUT/<target>/, numbered."""

    def __init__(self, out):
        self.out = out
        self.counts = {}

    def add(self, target, content, name):
        if isinstance(content, str):
            content = content.encode("utf-8")
        if not content or len(content) > MAX_LEN[target]:
            return
        n = self.counts.get(target, 0)
        folder = self.out / target
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n:04}-{name}").write_bytes(content)
        self.counts[target] = n + 1


def need(path):
    if not path.exists():
        sys.exit(f"error: {path} is missing from the shared data")
    return path


class Article:
    def __init__(self, outlet, url, title, text, published):
        self.outlet = outlet
        self.url = url
        self.title = title
        self.text = text
        self.published = published

    def paragraphs(self):
        """The text in paragraphs of about three sentences (the scraped
        texts come as one run)."""
        sentences = [s.strip() for s in self.text.replace("\n", " ").split("۔")]
        sentences = [s + "۔" for s in sentences if s]
        return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)] or [self.text]


class Data:
    """The real texts, read once."""

    def __init__(self, shared, samples, rng):
        self.shared = shared
        self.rng = rng
        lines = need(shared / "pk-news-scraped-2024/articles_merged.jsonl").read_text("utf-8")
        self.jsonl_lines = [l for l in lines.split("\n") if l.strip()]
        start = datetime(2024, 10, 1, 8, 0, tzinfo=PKT)
        self.articles = []
        for line in self.jsonl_lines:
            row = json.loads(line)
            if not row.get("content"):
                continue
            published = start + timedelta(minutes=rng.randrange(0, 92 * 24 * 60))
            self.articles.append(
                Article(row.get("outlet", ""), row.get("url", ""), row.get("title", ""), row["content"], published)
            )
        self.headlines = need(shared / "express-headlines-2018/headlines.tsv").read_text("utf-8").split("\n")
        self.dumps = sorted(need(shared / "bbc-voa-urdu-2016").rglob("*.doc"))
        self.counter = sorted(need(shared / "counter-dev/xml").glob("*.xml"))
        self.ud_sentences = [
            l[len("# text = ") :]
            for l in need(shared / "ud-urdu-udtb/ur_udtb-ud-dev.conllu").read_text("utf-8").split("\n")
            if l.startswith("# text = ")
        ]
        self.ner_sentences, self.names = read_ner(need(shared / "il-ner-urdu/Urdu-dev.txt"))
        self.samples = sorted(Path(samples).glob("*.txt")) if Path(samples).is_dir() else []

    def some_articles(self, n):
        return self.rng.sample(self.articles, min(n, len(self.articles)))


def read_ner(path):
    """IL-NER's sentences (words joined) and its multi-word and one-word
    names."""
    sentences, names = [], set()
    words, name = [], []
    for line in path.read_text("utf-8").split("\n") + [""]:
        parts = line.split()
        if len(parts) < 2:
            if name:
                names.add(" ".join(name))
            if words:
                sentences.append(" ".join(words))
            words, name = [], []
            continue
        word, tag = parts[0], parts[-1]
        words.append(word)
        if tag.startswith("B-"):
            if name:
                names.add(" ".join(name))
            name = [word]
        elif tag.startswith("I-") and name:
            name.append(word)
        else:
            if name:
                names.add(" ".join(name))
            name = []
    return sentences, sorted(names)


def evenly(items, n):
    """n items spread over the list."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


# ---------------------------------------------------------------- text


def analyze_seeds(data, seeds, rng):
    for i, sentence in enumerate(data.ud_sentences):
        seeds.add("analyze", sentence, "ud-sentence")
        if i % 5 == 0:
            seeds.add("analyze", " ".join(data.ud_sentences[i : i + 5]), "ud-sentences")
            seeds.add("analyze", "\n\n".join(data.ud_sentences[i : i + 4]), "ud-paragraphs")
    for path in evenly(data.dumps, 120):
        seeds.add("analyze", path.read_bytes(), "bbc-voa-dump")
    for a in data.some_articles(120):
        seeds.add("analyze", a.text, "scraped-text")
        seeds.add("analyze", "\n\n".join(a.paragraphs()), "scraped-paragraphs")
    for path in evenly(data.counter, 30):
        text = path.read_text("utf-8")
        body = text.split("<body>", 1)[-1].split("</body>", 1)[0]
        seeds.add("analyze", html.unescape(body), "counter-body")
    for sentence in evenly(data.ner_sentences, 100):
        seeds.add("analyze", sentence, "ilner-sentence")


def plain_seeds(data, seeds, rng):
    for path in evenly(data.dumps, 250):
        seeds.add("plain", path.read_bytes(), "bbc-voa-dump")
    for path in data.samples:
        seeds.add("plain", path.read_bytes(), "voa-sample")
    for a in data.some_articles(40):
        # A title line, a date line and the text: the other plain layout.
        date = email.utils.format_datetime(a.published)
        seeds.add("plain", f"{a.title}\n\n{date}\n\n" + "\n\n".join(a.paragraphs()), "title-date-text")
        seeds.add("plain", "\r\n".join([a.title, ""] + a.paragraphs()), "title-text-crlf")


def jsonl_seeds(data, seeds, rng):
    lines = data.jsonl_lines
    for line in evenly(lines, 250):
        seeds.add("jsonl", line + "\n", "line")
    for _ in range(60):
        at = rng.randrange(len(lines))
        group = lines[at : at + rng.randint(2, 5)]
        seeds.add("jsonl", "\n".join(group) + "\n", "lines")
    for a in data.some_articles(40):
        # Other field names the reader maps, an HTML field, dates and ids.
        row = {
            "id": rng.randrange(10**6),
            "link": a.url,
            "source": a.outlet,
            "headline": a.title,
            "published_at": a.published.isoformat(),
            "html": "".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs()),
            "tags": ["pakistan", a.outlet],
        }
        seeds.add("jsonl", json.dumps(row, ensure_ascii=rng.random() < 0.5) + "\r\n", "mapped-fields")


def tsv_seeds(data, seeds, rng):
    header, rows = data.headlines[0], [r for r in data.headlines[1:] if r.strip()]
    for _ in range(120):
        at = rng.randrange(len(rows))
        seeds.add("tsv", "\n".join([header] + rows[at : at + rng.randint(1, 20)]) + "\n", "header-rows")
    for a in data.some_articles(30):
        # Another column order, with a text column.
        text = " ".join(a.paragraphs()).replace("\t", " ")
        date = a.published.strftime("%Y-%m-%d %H:%M:%S")
        seeds.add("tsv", f"url\tdate\ttitle\ttext\r\n{a.url}\t{date}\t{a.title}\t{text}\r\n", "text-column")


def counter_seeds(data, seeds):
    for path in data.counter:
        seeds.add("counter", path.read_bytes(), "counter")


# ---------------------------------------------------------------- HTML

NAV = ["پاکستان", "دنیا", "کھیل", "کاروبار", "انٹرٹینمنٹ", "صحت", "سائنس", "ویڈیو"]


def ld_json(a):
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": a.published.isoformat(),
            "dateModified": (a.published + timedelta(hours=2)).isoformat(),
            "mainEntityOfPage": a.url,
            "publisher": {"@type": "Organization", "name": a.outlet},
        },
        ensure_ascii=False,
    )


def page(a, rng, variant):
    """A web page carrying article `a`, in one of several real layouts."""
    title, paras = html.escape(a.title), [html.escape(p) for p in a.paragraphs()]
    iso = a.published.isoformat()
    nav = "".join(f'<li><a href="/{i}">{n}</a></li>' for i, n in enumerate(NAV))
    if variant == 0:  # a modern CMS page: meta tags, JSON-LD, article element
        body = "\n".join(f"<p>{p}</p>" for p in paras)
        return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - {a.outlet}</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="{a.url}">
<meta property="og:site_name" content="{a.outlet}">
<meta property="article:published_time" content="{iso}">
<link rel="canonical" href="{a.url}">
<script type="application/ld+json">{ld_json(a)}</script>
<style>body {{ font-family: 'Noto Nastaliq Urdu'; }} .ad {{ display: none }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="single-post">
<header><nav><ul>{nav}</ul></nav></header>
<main>
<article>
<h1 class="story-title">{title}</h1>
<div class="byline">ویب ڈیسک <time datetime="{iso}">{a.published:%d %B %Y}</time></div>
<div class="story-content">
{body}
</div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
</article>
<aside><h3>مزید خبریں</h3><ul><li><a href="/x">{title}</a></li></ul></aside>
</main>
<footer><p>&copy; {a.published.year} {a.outlet}. جملہ حقوق محفوظ ہیں</p></footer>
</body>
</html>
"""
    if variant == 1:  # an old table layout in Windows-1256
        body = "<br><br>\n".join(paras)
        text = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{title}</title>
</head>
<body bgcolor="#FFFFFF">
<table width="100%" border="0"><tr><td class="menu">{' | '.join(NAV)}</td></tr>
<tr><td align="right" dir="rtl"><font size="5"><b>{title}</b></font><br>
<font size="2">{a.published:%d-%m-%Y}</font><br><br>
{body}
</td></tr></table>
</body>
</html>
"""
        return text.encode("cp1256", errors="xmlcharrefreplace")
    if variant == 2:  # a WordPress blog with comments and entities
        body = "\n".join(f"<p>{p.replace(' ', '&nbsp;', 2)}</p>" for p in paras)
        return f"""<!DOCTYPE html>
<html lang="ur">
<head><meta charset="UTF-8"><title>{title} &#8211; {a.outlet}</title>
<meta name="description" content="{paras[0][:150]}">
</head>
<body>
<div id="page"><div class="site-header"><h2 class="site-title">{a.outlet}</h2></div>
<div id="content"><div class="entry-header"><h1 class="entry-title">{title}</h1>
<span class="posted-on">{a.published:%B %d, %Y}</span> <span class="author">By admin</span></div>
<div class="entry-content">
{body}
<p>Source link</p>
</div>
<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form>
<p>اپنا تبصرہ بھیجیں</p></div>
</div></div>
<!-- Page cached by WP Super Cache -->
</body></html>
"""
    if variant == 3:  # sloppy markup: unclosed tags, divs, no body element
        body = "\n".join(f"<div class=para>{p}" for p in paras)
        return f"""<html><head><title>{title}</title>
<meta name=keywords content="{', '.join(NAV[:3])}">
<div class=header>{nav}
<h2>{title}</h2>
{body}
<div class=footer>Copyright {a.outlet}
"""
    # variant 4: an AMP page, with the text split in spans and a figure
    body = "\n".join(
        f"<p>{' '.join(f'<span>{w}</span>' if i % 7 == 0 else w for i, w in enumerate(p.split()))}</p>"
        for p in paras
    )
    return f"""<!doctype html>
<html ⚡ lang="ur">
<head><meta charset="utf-8"><link rel="canonical" href="{a.url}">
<title>{title}</title>
<meta name="article:published_time" content="{iso}">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-custom>h1 {{ color: #333 }}</style>
</head>
<body>
<amp-sidebar id="menu" layout="nodisplay"><ul>{nav}</ul></amp-sidebar>
<article><h1>{title}</h1>
<figure><amp-img src="/a.jpg" width="640" height="360"></amp-img><figcaption>فائل فوٹو</figcaption></figure>
{body}
</article>
</body>
</html>
"""


def html_seeds(data, seeds, rng):
    for i, a in enumerate(data.some_articles(200)):
        seeds.add("html", page(a, rng, i % 5), f"page{i % 5}")


# ---------------------------------------------------------------- WARC


def chunked(body, rng):
    out, at = b"", 0
    while at < len(body):
        n = rng.randint(1, 4096)
        extension = b";name=value" if rng.random() < 0.1 else b""
        out += f"{n if at + n <= len(body) else len(body) - at:x}".encode() + extension + b"\r\n"
        out += body[at : at + n] + b"\r\n"
        at += n
    return out + b"0\r\n\r\n"


def http_response(a, rng, variant):
    """An HTTP response block: the page, with its body encoded as the
    variant says."""
    content = page(a, rng, rng.choice([0, 0, 2, 3, 4]))
    charset = "utf-8"
    if isinstance(content, str):
        content = content.encode("utf-8")
    headers = [
        "HTTP/1.1 200 OK",
        "Server: nginx",
        f"Date: {email.utils.format_datetime(a.published.astimezone(timezone.utc), usegmt=True)}",
        f"Content-Type: text/html; charset={charset}",
        "Cache-Control: max-age=300",
    ]
    if variant == "gzip":
        body = gzip.compress(content, mtime=0)
        headers += ["Content-Encoding: gzip", f"Content-Length: {len(body)}"]
    elif variant == "gzip-stored-decoded":  # header kept, body already decoded
        body = content
        headers += ["Content-Encoding: gzip", f"Content-Length: {len(body)}"]
    elif variant == "chunked":
        body = chunked(content, rng)
        headers += ["Transfer-Encoding: chunked"]
    elif variant == "chunked-gzip":
        body = chunked(gzip.compress(content, mtime=0), rng)
        headers += ["Transfer-Encoding: chunked", "Content-Encoding: gzip"]
    elif variant == "chunked-stored-dechunked":
        body = content
        headers += ["Transfer-Encoding: chunked"]
    elif variant == "deflate":
        body = zlib.compress(content)
        headers += ["Content-Encoding: deflate"]
    elif variant == "lf-only":
        body = content
        return ("\n".join(headers + [f"Content-Length: {len(body)}"]) + "\n\n").encode() + body
    else:
        body = content
        headers += [f"Content-Length: {len(body)}"]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def warc_record(kind, block, uri, date, version="1.0", extra=()):
    headers = [
        f"WARC/{version}",
        f"WARC-Type: {kind}",
        f"WARC-Date: {date}",
        f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=random.getrandbits(128))}>",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    headers += list(extra)
    headers.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


VARIANTS = [
    "identity",
    "gzip",
    "gzip-stored-decoded",
    "chunked",
    "chunked-gzip",
    "chunked-stored-dechunked",
    "deflate",
    "lf-only",
]


def warc_seeds(data, seeds, rng):
    random.seed(7)
    articles = data.some_articles(400)
    for i in range(150):
        version = "1.1" if i % 4 == 3 else "1.0"
        date = articles[i].published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out = b""
        if i % 3 == 0:
            info = b"software: Heritrix/3.4.0\r\nformat: WARC File Format 1.0\r\nhostname: crawler\r\n"
            out += warc_record("warcinfo", info, None, date, version, ["Content-Type: application/warc-fields"])
        for j in range(rng.randint(1, 3)):
            a = articles[(i * 3 + j) % len(articles)]
            variant = VARIANTS[(i + j) % len(VARIANTS)]
            uri = f"<{a.url}>" if i % 10 == 9 else a.url
            request = f"GET {a.url.split('/', 3)[-1] if a.url.count('/') >= 3 else ''} HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\n\r\n"
            if j == 0 and i % 2 == 0:
                out += warc_record(
                    "request", request.encode(), uri, date, version, ["Content-Type: application/http; msgtype=request"]
                )
            out += warc_record(
                "response",
                http_response(a, rng, variant),
                uri,
                date,
                version,
                ["Content-Type: application/http; msgtype=response", "WARC-IP-Address: 127.0.0.1"],
            )
            if i % 5 == 1:
                meta = b"outlink: https://example.org/a E =EMBED_MISC\r\n"
                out += warc_record("metadata", meta, uri, date, version, ["Content-Type: application/warc-fields"])
        if i % 7 == 2:
            redirect = f"HTTP/1.1 301 Moved Permanently\r\nLocation: {articles[i].url}\r\nContent-Length: 0\r\n\r\n"
            out += warc_record(
                "response", redirect.encode(), articles[i].url, date, version, ["Content-Type: application/http"]
            )
        if i % 7 == 4:
            out += warc_record(
                "revisit",
                b"HTTP/1.1 304 Not Modified\r\n\r\n",
                articles[i].url,
                date,
                version,
                ["WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"],
            )
        seeds.add("warc", out, f"records-{VARIANTS[i % len(VARIANTS)]}")


# ---------------------------------------------------------------- feeds


def rss(channel, items, rng, style):
    entries = []
    for a in items:
        paras = a.paragraphs()
        description = html.escape(paras[0])
        content = "".join(f"<p>{p}</p>" for p in paras)
        date = email.utils.format_datetime(a.published)
        if style == 0:
            extra = f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        else:
            extra = f"<category>{NAV[rng.randrange(len(NAV))]}</category>"
            description = html.escape(content)
        entries.append(
            f"""<item>
<title>{html.escape(a.title)}</title>
<link>{html.escape(a.url)}</link>
<guid isPermaLink="{str(style == 0).lower()}">{html.escape(a.url)}</guid>
<pubDate>{date}</pubDate>
<dc:creator><![CDATA[ویب ڈیسک]]></dc:creator>
<description>{description}</description>
{extra}
</item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{channel}</title>
<link>https://example.org/</link>
<atom:link href="https://example.org/feed" rel="self" type="application/rss+xml"/>
<description>تازہ ترین خبریں</description>
<language>ur</language>
<lastBuildDate>{email.utils.format_datetime(items[0].published)}</lastBuildDate>
{chr(10).join(entries)}
</channel>
</rss>
"""


def atom(channel, items, rng, style):
    entries = []
    for a in items:
        paras = a.paragraphs()
        if style == 0:
            content = '<content type="html">' + html.escape("".join(f"<p>{p}</p>" for p in paras)) + "</content>"
        elif style == 1:
            inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            content = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{inner}</div></content>'
        else:
            content = "<content>" + html.escape("\n\n".join(paras)) + "</content>"
        entries.append(
            f"""<entry>
<id>tag:example.org,2024:{abs(hash(a.url)) % 10**8}</id>
<title type="{'html' if style == 0 else 'text'}">{html.escape(a.title)}</title>
<link rel="alternate" type="text/html" href="{html.escape(a.url)}"/>
<published>{a.published.isoformat()}</published>
<updated>{(a.published + timedelta(hours=1)).isoformat()}</updated>
<author><name>{a.outlet}</name></author>
<category term="{NAV[rng.randrange(len(NAV))]}"/>
<summary type="text">{html.escape(paras[0][:200])}</summary>
{content}
</entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ur">
<title>{channel}</title>
<id>https://example.org/</id>
<updated>{items[0].published.isoformat()}</updated>
<link rel="self" href="https://example.org/atom.xml"/>
{chr(10).join(entries)}
</feed>
"""


def rdf(channel, items, rng):
    seq = "".join(f'<rdf:li rdf:resource="{html.escape(a.url)}"/>' for a in items)
    entries = "\n".join(
        f"""<item rdf:about="{html.escape(a.url)}">
<title>{html.escape(a.title)}</title>
<link>{html.escape(a.url)}</link>
<description>{html.escape(' '.join(a.paragraphs()))}</description>
<dc:date>{a.published.isoformat()}</dc:date>
<dc:subject>{NAV[rng.randrange(len(NAV))]}</dc:subject>
</item>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.org/">
<title>{channel}</title>
<link>https://example.org/</link>
<description>خبریں</description>
<items><rdf:Seq>{seq}</rdf:Seq></items>
</channel>
{entries}
</rdf:RDF>
"""


def feed_seeds(data, seeds, rng):
    articles = data.some_articles(600)
    for i in range(180):
        items = [articles[(i * 3 + k) % len(articles)] for k in range(rng.randint(1, 4))]
        channel = html.escape(items[0].outlet or "خبریں")
        kind = i % 6
        if kind < 2:
            seeds.add("feed", rss(channel, items, rng, kind), f"rss-{kind}")
        elif kind < 5:
            seeds.add("feed", atom(channel, items, rng, kind - 2), f"atom-{kind - 2}")
        else:
            seeds.add("feed", rdf(channel, items, rng), "rdf")


# ---------------------------------------------------------------- queries


def query_seeds(data, seeds, rng):
    titles = []
    for path in data.samples:
        lines = [l.strip() for l in path.read_text("utf-8").split("\n") if l.strip()]
        if lines:
            titles.append(lines[0])
    titles += [r.split("\t")[4] for r in evenly(data.headlines[1:], 200) if r.count("\t") >= 5]
    words = sorted({w.strip("'\"،۔") for t in titles for w in t.split()} - {""})
    for word in evenly(words, 250):
        seeds.add("query", word, "title-word")
    for name in evenly(data.names, 200):
        seeds.add("query", name, "name")
        if " " in name:
            seeds.add("query", f'"{name}"', "name-phrase")
    for title in evenly(titles, 60):
        ws = title.split()
        at = rng.randrange(max(1, len(ws) - 2))
        seeds.add("query", f"“{' '.join(ws[at : at + 3])}”", "title-phrase")
        seeds.add("query", " ".join(rng.sample(ws, min(2, len(ws)))), "title-words")
    for q in ["کم جونگ ان", '"کم جونگ اُن" پوتن', "پوٹن «روس» ملاقات", "۲۰۱۶", "2016ء", "امریکہ OR پاکستان", ""]:
        seeds.add("query", q, "handmade")


if __name__ == "__main__":
    main()
