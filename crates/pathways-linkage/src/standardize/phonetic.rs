//! Phonetic keys for blocking.
//!
//! Double Metaphone (Philips, *C/C++ Users Journal*, 2000) handles the
//! non-English spellings common in US records better than Soundex. We use
//! the Apache commons-codec port in the `rphonetic` crate and pack the
//! primary code (≤ 4 letters) into a `u32` so that blocking keys hash cheaply.

use rphonetic::DoubleMetaphone;

use super::SmallText;

/// Packs the primary Double Metaphone code of a folded name into a `u32`
/// (0 when the name is empty or has no code). Multi-word names use the
/// first word, which carries the surname in "SMITH JONES" hyphenations.
pub fn phonetic_key(folded: &str) -> u32 {
    let word = folded.split(' ').next().unwrap_or("");
    if word.is_empty() {
        return 0;
    }
    // Names repeat heavily, and the encoder allocates; a per-thread cache
    // keyed by a pre-computed hash (the name is stored and compared, so a
    // collision is never served) makes standardization several times faster.
    // In front of it sits a small direct-mapped table that stays in the CPU
    // cache: common names (a few thousand cover most records) are answered
    // there, without the cache misses of a 200,000-entry map.
    type Cache = std::collections::HashMap<
        u64,
        (SmallText, u32),
        std::hash::BuildHasherDefault<crate::record::PreHashed>,
    >;
    const RECENT: usize = 1 << 13;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = Default::default();
        static RECENT_NAMES: std::cell::RefCell<Vec<(u64, SmallText, u32)>> =
            std::cell::RefCell::new(vec![(0, SmallText::default(), 0); RECENT]);
    }
    let h = crate::record::hash_text(word);
    let slot = (h >> 50) as usize % RECENT;
    let fits = word.len() <= crate::standardize::text::SMALL_TEXT_CAP;
    let recent = RECENT_NAMES.with(|r| {
        let (rh, rw, rk) = r.borrow()[slot];
        (rh == h && rw.as_bytes() == word.as_bytes()).then_some(rk)
    });
    if let Some(k) = recent {
        return k;
    }
    let k = CACHE.with(|c| {
        if let Some((w, k)) = c.borrow().get(&h)
            && w.as_str() == word
        {
            return *k;
        }
        let code = DoubleMetaphone::default().double_metaphone(word).primary();
        let k = pack(code.as_bytes());
        let mut c = c.borrow_mut();
        if c.len() > 200_000 {
            c.clear();
        }
        if fits {
            c.insert(h, (SmallText::new(word), k));
        }
        k
    });
    if fits {
        RECENT_NAMES.with(|r| r.borrow_mut()[slot] = (h, SmallText::new(word), k));
    }
    k
}

fn pack(code: &[u8]) -> u32 {
    let mut k = 0u32;
    for &b in code.iter().take(4) {
        k = (k << 8) | u32::from(b);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_sounding_names_share_keys() {
        assert_eq!(phonetic_key("SMITH"), phonetic_key("SMYTH"));
        assert_eq!(phonetic_key("CATHERINE"), phonetic_key("KATHERINE"));
        assert_ne!(phonetic_key("SMITH"), phonetic_key("JONES"));
        assert_eq!(phonetic_key(""), 0);
    }
}
