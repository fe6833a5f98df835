//! Login throttling in memory: per account and per client address, a fixed window.
//! (A restart forgets the counts, which only helps a locked-out user.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_PER_ACCOUNT: u32 = 5;
pub const MAX_PER_ADDRESS: u32 = 20;

#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Limiter {
    fn count(&self, key: &str) -> u32 {
        let mut m = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match m.get(key) {
            Some((n, since)) if since.elapsed() < WINDOW => *n,
            Some(_) => {
                m.remove(key);
                0
            }
            None => 0,
        }
    }

    pub fn blocked(&self, account: &str, address: &str) -> bool {
        self.count(&format!("u:{}", account.to_lowercase())) >= MAX_PER_ACCOUNT
            || self.count(&format!("a:{address}")) >= MAX_PER_ADDRESS
    }

    pub fn fail(&self, account: &str, address: &str) {
        let mut m = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() > 100_000 {
            m.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        for key in [format!("u:{}", account.to_lowercase()), format!("a:{address}")] {
            let e = m.entry(key).or_insert((0, Instant::now()));
            if e.1.elapsed() >= WINDOW {
                *e = (0, Instant::now());
            }
            e.0 += 1;
        }
    }

    pub fn succeed(&self, account: &str) {
        let mut m = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        m.remove(&format!("u:{}", account.to_lowercase()));
    }
}

/// Counts events per key in a fixed window, for the public forms that need no login: a
/// citizen files a few complaints a day, a script thousands.
#[derive(Default)]
pub struct Throttle {
    hits: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    pub fn exceeded(&self, key: &str, max: u32, window: Duration) -> bool {
        let m = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        matches!(m.get(key), Some((n, since)) if since.elapsed() < window && *n >= max)
    }

    pub fn hit(&self, key: &str, window: Duration) {
        let mut m = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() > 100_000 {
            m.retain(|_, (_, since)| since.elapsed() < window);
        }
        let e = m.entry(key.to_string()).or_insert((0, Instant::now()));
        if e.1.elapsed() >= window {
            *e = (0, Instant::now());
        }
        e.0 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_counts_per_key() {
        let t = Throttle::default();
        let w = Duration::from_secs(60);
        for _ in 0..3 {
            assert!(!t.exceeded("a", 3, w));
            t.hit("a", w);
        }
        assert!(t.exceeded("a", 3, w));
        assert!(!t.exceeded("b", 3, w), "another address is not held back");
        assert!(!t.exceeded("a", 3, Duration::ZERO), "a passed window forgets");
    }
}
