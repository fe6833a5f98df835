//! Fault injection for the crash tests, off unless `SWADAYA_FAULT` names a point. A test sets
//! `SWADAYA_FAULT=after-commit:field-sync` to make the server stop answering right after it has
//! committed a synced item, then kills it there with SIGKILL: the phone never hears the answer.

/// Hangs forever (until the process is killed) when the fault `after-commit:<point>` is set.
pub async fn after_commit(point: &str) {
    let armed = std::env::var("SWADAYA_FAULT").is_ok_and(|f| f.strip_prefix("after-commit:") == Some(point));
    if armed {
        eprintln!("fault: committed at {point}, not answering");
        std::future::pending::<()>().await;
    }
}
