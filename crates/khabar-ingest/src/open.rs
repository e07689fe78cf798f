//! Opening a file: gzip undone transparently, and its first bytes read ahead
//! so that the format and encoding can be told from them.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::bufread::MultiGzDecoder;

/// How many bytes are read ahead to tell the format and encoding.
const HEAD: usize = 8 * 1024;

/// Files read whole (text, HTML, feeds) are refused above this size.
pub const MAX_WHOLE: u64 = 64 * 1024 * 1024;

/// One record of a streamed file (a JSON line, a TSV row, a WARC record's
/// block, an HTTP body once decoded) is refused above this size, unread:
/// memory per record stays bounded whatever the file holds.
pub const MAX_RECORD: u64 = 16 * 1024 * 1024;

pub(crate) type Stream = Box<dyn Read + Send>;

/// An opened file: its (decompressed) first bytes, and the rest to come.
pub(crate) struct Opened {
    /// The lowercased file name without a ".gz", for the extension hint.
    pub name: String,
    pub head: Vec<u8>,
    rest: Stream,
}

impl Opened {
    /// The whole content from its first byte, streaming, `skip` bytes (a
    /// byte-order mark) left out.
    pub(crate) fn into_stream(self, skip: usize) -> Stream {
        let mut head = Cursor::new(self.head);
        head.set_position(skip as u64);
        Box::new(head.chain(self.rest))
    }

    /// The whole content in memory, refused above `MAX_WHOLE`.
    pub(crate) fn read_whole(self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        self.into_stream(0)
            .take(MAX_WHOLE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > MAX_WHOLE {
            return Err(format!(
                "over {} MiB, too large to read whole",
                MAX_WHOLE >> 20
            ));
        }
        Ok(bytes)
    }
}

/// Opens `path`, decompressing it when it starts with the gzip magic bytes.
/// Every byte read from the file is added to `bytes_read`.
pub(crate) fn open(path: &Path, bytes_read: Arc<AtomicU64>) -> Result<Opened, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let counted = Counted {
        inner: file,
        bytes_read,
    };
    let mut raw = BufReader::with_capacity(64 * 1024, counted);
    let mut magic = [0u8; 2];
    let gzipped = peek(&mut raw, &mut magic).map_err(|e| format!("cannot read: {e}"))? == 2
        && magic == [0x1F, 0x8B];
    let mut name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut stream: Stream = if gzipped {
        if let Some(inner) = name.strip_suffix(".gz") {
            name = inner.to_string();
        }
        Box::new(GzipErrors(MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    let (head, error) = read_head(&mut stream);
    let rest: Stream = match error {
        Some(error) => Box::new(FailOnce(Some(error))),
        None => stream,
    };
    Ok(Opened { name, head, rest })
}

/// Content already in memory, opened as a file named `name` would be (but
/// without undoing gzip).
pub(crate) fn in_memory(name: &str, bytes: Vec<u8>) -> Opened {
    let mut stream: Stream = Box::new(Cursor::new(bytes));
    let (head, error) = read_head(&mut stream);
    let rest: Stream = match error {
        Some(error) => Box::new(FailOnce(Some(error))),
        None => stream,
    };
    Opened {
        name: name.to_lowercase(),
        head,
        rest,
    }
}

/// Fills `buf` from the start of `reader` without consuming it; returns how
/// many bytes it got.
fn peek(reader: &mut BufReader<Counted>, buf: &mut [u8]) -> io::Result<usize> {
    use std::io::BufRead;
    let available = reader.fill_buf()?;
    let n = available.len().min(buf.len());
    buf[..n].copy_from_slice(&available[..n]);
    Ok(n)
}

/// Up to `HEAD` bytes, and the error that stopped the reading early, if one
/// did: it is reported after the bytes before it have been used.
fn read_head(stream: &mut Stream) -> (Vec<u8>, Option<io::Error>) {
    let mut head = Vec::with_capacity(HEAD);
    match stream.take(HEAD as u64).read_to_end(&mut head) {
        Ok(_) => (head, None),
        Err(e) => (head, Some(e)),
    }
}

/// A file that counts the bytes read from it.
struct Counted {
    inner: File,
    bytes_read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Gzip errors told in a way a user reading a rejection understands.
struct GzipErrors<R>(R);

impl<R: Read> Read for GzipErrors<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let message = if e.kind() == io::ErrorKind::UnexpectedEof {
                "truncated gzip stream".to_string()
            } else {
                format!("broken gzip stream: {e}")
            };
            io::Error::new(e.kind(), message)
        })
    }
}

/// A reader that fails once with a stored error, then ends.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}
