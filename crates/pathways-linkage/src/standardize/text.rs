//! Case and accent folding, and a small inline string for hot comparisons.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text to upper-case ASCII letters and digits separated by single
/// spaces. Accents are stripped by canonical decomposition (NFKD) and
/// dropping combining marks (Unicode TR15); letters with no ASCII base are
/// dropped. When `join_apostrophes` is set, `'` and `-` join rather than
/// split ("O'NEIL" → "ONEIL") — hyphenated surnames are split later where
/// the comparison wants their parts.
pub fn fold(raw: &str, join_apostrophes: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    fold_into(raw, join_apostrophes, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first): standardization folds
/// several fields of millions of records, and a fresh `String` per field
/// cost more than the folding itself.
pub(crate) fn fold_into(raw: &str, join_apostrophes: bool, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_uppercase());
        } else if join_apostrophes && (c == '\'' || c == '’') {
            // joined: no separator
        } else {
            pending_space = true;
        }
    };
    if raw.is_ascii() {
        for c in raw.chars() {
            push(c, out);
        }
    } else {
        for c in raw.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            if c == 'ß' {
                push('s', out);
                push('s', out);
                continue;
            }
            let c = match c {
                'Ø' | 'ø' => 'o',
                'Æ' | 'æ' => 'a',
                'Ł' | 'ł' => 'l',
                'Đ' | 'đ' => 'd',
                other => other,
            };
            push(c, out);
        }
    }
}

/// Capacity of [`SmallText`]: long enough for nearly all US names and the
/// number-name-type part of street lines; longer values are truncated (a
/// truncated tail, such as an apartment number, rarely decides a match). 23
/// bytes plus the length make 24, so a prepared record spans fewer cache lines.
pub const SMALL_TEXT_CAP: usize = 23;

/// An inline ASCII string of at most [`SMALL_TEXT_CAP`] bytes: no heap, one
/// cache line, compared as bytes. Empty means missing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SmallText {
    len: u8,
    bytes: [u8; SMALL_TEXT_CAP],
}

impl SmallText {
    /// Stores `s`, truncated to the capacity.
    pub fn new(s: &str) -> Self {
        let b = s.as_bytes();
        let n = b.len().min(SMALL_TEXT_CAP);
        let mut bytes = [0u8; SMALL_TEXT_CAP];
        bytes[..n].copy_from_slice(&b[..n]);
        Self {
            len: n as u8,
            bytes,
        }
    }

    /// The stored bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// The stored text (folded text is ASCII, so this never fails).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// True when missing.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// First byte, or 0 when empty.
    #[inline]
    pub fn initial(&self) -> u8 {
        if self.len == 0 { 0 } else { self.bytes[0] }
    }
}

impl std::fmt::Debug for SmallText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_handles_accents_and_punctuation() {
        assert_eq!(fold("Ñúñez, Ana-Lucía", false), "NUNEZ ANA LUCIA");
        assert_eq!(fold("O'Neil", true), "ONEIL");
        assert_eq!(fold("  12  Main St. ", false), "12 MAIN ST");
        assert_eq!(fold("Straße", false), "STRASSE");
    }

    #[test]
    fn small_text_truncates_and_reports_initial() {
        let t = SmallText::new("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        assert_eq!(t.as_bytes().len(), SMALL_TEXT_CAP);
        assert_eq!(t.initial(), b'A');
        assert!(SmallText::new("").is_empty());
    }
}
