//! One writer per data directory: a process that writes (an ingest, an
//! update, a reindex, a repair) holds an exclusive lock on
//! `DIR/writer.lock` for as long as it may write, and writes into the file
//! who it is, so that another writer can say whom it waits for. Readers
//! take no lock: they read the committed state of the store and the index
//! and leave unfinished work to whoever holds the lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// The lock held; released when dropped (or when the process dies).
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

/// Who holds a data directory's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    /// The command line, arguments joined by spaces.
    pub command: String,
    /// When it took the lock (RFC 3339, UTC).
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} ({}), writing since {}",
            self.pid, self.command, self.since
        )
    }
}

fn open(dir: &Path) -> Result<File> {
    let path = dir.join("writer.lock");
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .with_context(|| format!("{}: cannot write to the data directory", path.display()))
}

impl WriteLock {
    /// The lock if no other process holds it, `None` if one does.
    pub(crate) fn try_acquire(dir: &Path) -> Result<Option<WriteLock>> {
        let file = open(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(WriteLock::holding(file))),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e)
                .with_context(|| format!("{}: cannot lock", dir.join("writer.lock").display())),
        }
    }

    /// The lock, once the process that holds it has let it go.
    pub(crate) fn wait(dir: &Path) -> Result<WriteLock> {
        let file = open(dir)?;
        file.lock()
            .with_context(|| format!("{}: cannot lock", dir.join("writer.lock").display()))?;
        Ok(WriteLock::holding(file))
    }

    /// Writes this process into the lock file: the lock is held whether
    /// or not that succeeds.
    fn holding(mut file: File) -> WriteLock {
        let command = std::env::args().collect::<Vec<_>>().join(" ");
        let since = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let _ = file
            .set_len(0)
            .and_then(|()| writeln!(file, "{}\t{since}\t{command}", std::process::id()));
        WriteLock { _file: file }
    }
}

/// Who holds the lock of `dir`, if a process does.
pub fn holder(dir: &Path) -> Option<Holder> {
    let mut file = File::open(dir.join("writer.lock")).ok()?;
    if file.try_lock_shared().is_ok() {
        return None;
    }
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    let mut fields = text.trim_end().splitn(3, '\t');
    Some(Holder {
        pid: fields.next()?.parse().ok()?,
        since: fields.next()?.to_string(),
        command: fields.next().unwrap_or_default().to_string(),
    })
}
