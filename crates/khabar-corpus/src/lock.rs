//! One writer per data directory: a process that writes (an ingest, a
//! reindex, a repair, a step completed on behalf of a reader) holds an
//! exclusive lock on `DIR/writer.lock` for as long as it may write.
//! Readers take no lock: they read the committed state of the store and
//! the index, and leave unfinished work to whoever holds the lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use anyhow::{Context, Result};

/// The lock held; released when dropped (or when the process dies).
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// The lock if no other process holds it, `None` if one does.
    pub(crate) fn try_acquire(dir: &Path) -> Result<Option<WriteLock>> {
        let path = dir.join("writer.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("{}: cannot write to the data directory", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(WriteLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("{}: cannot lock", path.display()))
            }
        }
    }
}
