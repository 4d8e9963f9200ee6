//! A small cache of catalog list responses.
//!
//! The catalog is read far more than it is written: every student, family
//! and counselor browsing pathways asks for the same few lists. Entries are
//! tagged with the store's catalog generation, so any write in this process
//! invalidates them at once, and they expire after a short time so that
//! another server writing to the same PostgreSQL database is seen within it.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::body::Bytes;

struct Entry {
    generation: u64,
    at: Instant,
    body: Bytes,
}

/// Cached response bodies by canonical request key.
pub struct ReadCache {
    entries: RwLock<HashMap<String, Entry>>,
    ttl: Duration,
    max_entries: usize,
}

impl ReadCache {
    /// A cache whose entries live `ttl` (zero disables it).
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            ttl,
            max_entries,
        }
    }

    /// The body cached for `key` at `generation`, if still fresh.
    ///
    /// When an entry of the current generation has just expired, the first
    /// caller gets `None` and recomputes while everyone else keeps the old
    /// body until it is replaced, so an expiry under load costs one query,
    /// not one per waiting request.
    pub fn get(&self, key: &str, generation: u64) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        {
            let entries = self.entries.read().ok()?;
            let e = entries.get(key)?;
            if e.generation != generation {
                return None;
            }
            if e.at.elapsed() < self.ttl {
                return Some(e.body.clone());
            }
        }
        let mut entries = self.entries.write().ok()?;
        let e = entries.get_mut(key)?;
        if e.generation == generation && e.at.elapsed() < self.ttl {
            return Some(e.body.clone());
        }
        // Claim the refresh: later readers see a fresh entry meanwhile.
        e.at = Instant::now();
        None
    }

    /// Remembers `body` for `key` as computed at `generation`.
    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.max_entries {
                // Many distinct queries: start over rather than track recency.
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    generation,
                    at: Instant::now(),
                    body,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_generation_and_the_clock() {
        let c = ReadCache::new(Duration::from_secs(60), 2);
        c.put("a".into(), 1, Bytes::from_static(b"x"));
        assert_eq!(c.get("a", 1).as_deref(), Some(&b"x"[..]));
        assert!(c.get("a", 2).is_none(), "a write invalidates");
        c.put("b".into(), 1, Bytes::new());
        c.put("c".into(), 1, Bytes::new());
        assert!(c.get("a", 1).is_none(), "bounded");
        let short = ReadCache::new(Duration::from_millis(1), 4);
        short.put("k".into(), 7, Bytes::from_static(b"old"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            short.get("k", 7).is_none(),
            "the first reader after expiry refreshes"
        );
        assert_eq!(
            short.get("k", 7).as_deref(),
            Some(&b"old"[..]),
            "others keep the old body meanwhile"
        );
        let off = ReadCache::new(Duration::ZERO, 2);
        off.put("a".into(), 1, Bytes::new());
        assert!(off.get("a", 1).is_none());
    }
}
