//! The HTTP response inside a WARC response record: status, headers, and
//! the body with its transfer and content encodings undone.

use std::io::Read;

use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};

use crate::open::MAX_RECORD;

pub(crate) struct Response {
    pub status: u16,
    /// Header names lowercased, values trimmed, in the order given.
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `charset` parameter of the Content-Type header.
    pub(crate) fn charset(&self) -> Option<&str> {
        let content_type = self.header("content-type")?;
        content_type.split(';').skip(1).find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches(['"', '\'']))
        })
    }
}

/// Parses a response block ("HTTP/1.1 200 OK", headers, a blank line, the
/// body).
pub(crate) fn parse_response(block: &[u8]) -> Result<Response, String> {
    let (head, body) = split_head(block).ok_or("HTTP headers without an end")?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some(version), Some(code)) if version.starts_with("HTTP/") => code.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("not an HTTP status line: {:.60}", status_line))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        // Some crawlers store the body de-chunked but keep the header.
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    response.body = decompress(body, response.header("content-encoding"))?;
    Ok(response)
}

/// The header part and the body, split at the first blank line.
fn split_head(block: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    let lf = block.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let (at, len) = match (crlf, lf) {
        (Some(c), Some(l)) => {
            if c.0 <= l.0 {
                c
            } else {
                l
            }
        }
        (c, l) => c.or(l)?,
    };
    Some((&block[..at], &block[at + len..]))
}

/// A chunked body joined; `None` when it is not chunked after all.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut joined = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..line_end]).ok()?;
        let size_hex = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(joined);
        }
        joined.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

fn decompress(body: Vec<u8>, encoding: Option<&str>) -> Result<Vec<u8>, String> {
    let encoding = encoding.unwrap_or("identity").trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let result = match encoding.as_str() {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" => GzDecoder::new(&body[..])
            .take(MAX_RECORD + 1)
            .read_to_end(&mut out),
        "deflate" => {
            // "deflate" is meant to be zlib-wrapped, but some servers send
            // raw deflate.
            let zlib = ZlibDecoder::new(&body[..])
                .take(MAX_RECORD + 1)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                DeflateDecoder::new(&body[..])
                    .take(MAX_RECORD + 1)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        other => return Err(format!("unsupported Content-Encoding {other}")),
    };
    result.map_err(|e| format!("cannot decompress the {encoding} body: {e}"))?;
    if out.len() as u64 > MAX_RECORD {
        return Err(format!(
            "the {encoding} body is over {} MiB once decompressed: not read",
            MAX_RECORD >> 20
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_body_and_charset() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"windows-1256\"\r\n\
                      Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let r = parse_response(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.charset(), Some("windows-1256"));
        assert_eq!(r.body, b"hello world");
        assert!(parse_response(b"garbage\r\n\r\nbody").is_err());
    }
}
