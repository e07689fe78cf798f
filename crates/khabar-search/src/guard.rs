//! Tantivy trusts its files: a damaged segment (a flipped byte in a doc
//! store, a truncated file) can make a reader panic. A search runs behind
//! this guard, so that such a panic becomes an error the caller can act on
//! (rebuild the index from the store) instead of killing the process, and
//! prints nothing of its own.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catching_panics`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `work`; a panic inside it comes back as `Err` with its message.
pub(crate) fn catching_panics<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    QUIET_HOOK.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                report(info);
            }
        }));
    });
    let outer = GUARDED.with(|g| g.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(outer));
    outcome.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a reader failed".to_string());
        format!("damaged index files ({message})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_guard_is_left() {
        let outcome: Result<(), String> = catching_panics(|| panic!("bad block"));
        assert_eq!(outcome, Err("damaged index files (bad block)".to_string()));
        assert!(!GUARDED.with(Cell::get));
        assert_eq!(catching_panics(|| 7), Ok(7));
    }
}
