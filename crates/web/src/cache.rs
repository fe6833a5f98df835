//! The public pages a whole village may open at once (the notice board, its open data and
//! feed) are kept for a minute after they are made: a crowd costs one rendering a minute, and
//! the page says the moment its figures stand at. Logged-in users always get a fresh page.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, (Instant, &'static str, Bytes)>>,
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
}
