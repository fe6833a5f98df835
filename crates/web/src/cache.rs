//! The public pages a whole village may open at once (the notice board, its open data and
//! feed) are kept for a minute after they are made: a crowd costs one rendering a minute, and
//! the page says the moment its figures stand at. Logged-in users always get a fresh page. When a
//! minute ends under a crowd, one request renders the page again and the others wait for it
//! (single flight), so an expiry costs one rendering, not one per waiting visitor.

use axum::body::Bytes;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, (Instant, &'static str, Bytes)>>,
    /// One gate per key: whoever holds it renders that page.
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<(&'static str, Bytes)> {
        let m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        m.get(key).filter(|(at, _, _)| at.elapsed() < TTL).map(|(_, ct, b)| (*ct, b.clone()))
    }

    pub fn put(&self, key: String, content_type: &'static str, body: Bytes) {
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() >= MAX_ENTRIES {
            m.retain(|_, (at, _, _)| at.elapsed() < TTL);
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
        }
        m.insert(key, (Instant::now(), content_type, body));
    }

    /// The kept answer for `key`, or `make`'s, kept for the next visitors. Of the requests that
    /// miss at the same moment, one runs `make`; the others wait and take its answer. A failed
    /// `make` keeps nothing, and the next in line tries again.
    pub async fn get_or_make<F, Fut, E>(&self, key: &str, make: F) -> Result<(&'static str, Bytes), E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(&'static str, Bytes), E>>,
    {
        if let Some(hit) = self.get(key) {
            return Ok(hit);
        }
        let gate = {
            let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
            if flights.len() >= MAX_ENTRIES {
                flights.retain(|_, g| Arc::strong_count(g) > 1);
            }
            flights.entry(key.to_string()).or_default().clone()
        };
        let _turn = gate.lock().await;
        if let Some(hit) = self.get(key) {
            return Ok(hit);
        }
        let (content_type, body) = make().await?;
        self.put(key.to_string(), content_type, body.clone());
        Ok((content_type, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_crowd_that_misses_together_renders_once() {
        let cache = Arc::new(PageCache::default());
        let renders = Arc::new(AtomicUsize::new(0));
        let visitors: Vec<_> = (0..50)
            .map(|_| {
                let (cache, renders) = (cache.clone(), renders.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_make("/p/1|id", || async {
                            renders.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok::<_, ()>(("text/html", Bytes::from_static(b"papan")))
                        })
                        .await
                })
            })
            .collect();
        for v in visitors {
            assert_eq!(v.await.expect("visitor"), Ok(("text/html", Bytes::from_static(b"papan"))));
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1, "one rendering for the whole crowd");

        // A rendering that fails keeps nothing: the next visitor renders again.
        let failed = cache.get_or_make("/p/2|id", || async { Err::<(&'static str, Bytes), _>("database down") }).await;
        assert_eq!(failed, Err("database down"));
        let next = cache.get_or_make("/p/2|id", || async { Ok::<_, &str>(("text/html", Bytes::from_static(b"lagi"))) }).await;
        assert_eq!(next, Ok(("text/html", Bytes::from_static(b"lagi"))));
    }
}
