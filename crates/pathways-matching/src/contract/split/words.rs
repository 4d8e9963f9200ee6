//! Finding commas and line ends eight bytes at a time.
//!
//! Fields in these files are a few bytes long, too short for a call into
//! `memchr` per field or per line to pay; instead each 8-byte word is
//! tested for `,` and `\n` at once with a zero-byte test on the word XOR a
//! repeated byte (no SIMD, no `unsafe`), and the flagged bytes are walked
//! in order.

use super::Record;

/// The bytes of `word` equal to `byte`, as the high bit of each byte.
/// Exact for every byte (no carry runs from one byte into the next).
fn bytes_in(word: [u8; 8], byte: u8) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let x = u64::from_le_bytes(word) ^ u64::from_ne_bytes([byte; 8]);
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// The bytes of `word` equal to `,`, as [`bytes_in`] gives them.
fn commas_in(word: [u8; 8]) -> u64 {
    bytes_in(word, b',')
}

/// Commas remembered per line; a line with more is handed on as
/// [`Record::Plain`] and split again when its fields are picked.
pub(super) const COMMAS: usize = 16;

/// Splits plain bytes (whole lines, no quotes, no lone `\r`; the last line
/// may lack its `\n` only at the end of the file) into records, finding line
/// ends and commas in one pass, eight bytes at a time, and calls `each`
/// with each non-blank line and its number (`line` counts the newlines
/// passed). Returns false if `each` asked to stop.
pub(super) fn split_plain(
    plain: &[u8],
    line: &mut u64,
    each: &mut impl FnMut(Record<'_>, u64) -> bool,
) -> bool {
    let mut commas = [0u32; COMMAS];
    let (mut n, mut start) = (0usize, 0usize);
    let (words, tail) = plain.as_chunks::<8>();
    let mut last = [0u8; 8];
    last[..tail.len()].copy_from_slice(tail);
    let padded = (!tail.is_empty()).then_some(last);
    for (w, word) in words.iter().copied().chain(padded).enumerate() {
        let ends = bytes_in(word, b'\n');
        let mut hits = commas_in(word) | ends;
        while hits != 0 {
            let bit = hits.trailing_zeros();
            hits &= hits - 1;
            let at = 8 * w + (bit / 8) as usize;
            if ends >> bit & 1 == 0 {
                if let Some(slot) = commas.get_mut(n) {
                    *slot = (at - start) as u32;
                }
                n += 1;
                continue;
            }
            if !emit(&plain[start..at], &commas, n, *line, each) {
                return false;
            }
            (n, start) = (0, at + 1);
            *line += 1;
        }
    }
    start >= plain.len() || emit(&plain[start..], &commas, n, *line, each)
}

/// Hands one line of [`split_plain`] to `each`, without its `\r` and with
/// its first `n` commas if all were kept; skips a blank line.
fn emit(
    line: &[u8],
    commas: &[u32; COMMAS],
    n: usize,
    number: u64,
    each: &mut impl FnMut(Record<'_>, u64) -> bool,
) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match commas.get(..n) {
        _ if line.is_empty() => true,
        Some(commas) => each(Record::Split { line, commas }, number),
        None => each(Record::Plain(line), number),
    }
}

/// Calls `at` with the position of each `,` in `line`, in order, until it
/// returns true; returns whether it did. Lines are searched eight bytes at
/// a time (fields are a few bytes long, too short for a call into
/// `memchr` to pay).
pub(super) fn each_comma(line: &[u8], mut at: impl FnMut(usize) -> bool) -> bool {
    let (words, tail) = line.as_chunks::<8>();
    for (w, &word) in words.iter().enumerate() {
        let mut hits = commas_in(word);
        while hits != 0 {
            if at(8 * w + (hits.trailing_zeros() / 8) as usize) {
                return true;
            }
            hits &= hits - 1;
        }
    }
    let base = line.len() - tail.len();
    match line.last_chunk::<8>() {
        // The tail is the end of the line's last eight bytes.
        Some(&last) if !tail.is_empty() => {
            let mut hits = commas_in(last) >> (8 * (8 - tail.len()));
            while hits != 0 {
                if at(base + (hits.trailing_zeros() / 8) as usize) {
                    return true;
                }
                hits &= hits - 1;
            }
            false
        }
        Some(_) => false,
        None => tail
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b',' && at(base + i)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_are_found_at_every_length_and_offset() {
        for len in 0..40 {
            for mask in [
                0u64,
                1,
                0b1001,
                0x5555_5555_5555,
                u64::MAX,
                0x8000_0001_0000_8000,
            ] {
                let line: Vec<u8> = (0..len)
                    .map(|i| {
                        if mask >> (i % 64) & 1 == 1 {
                            b','
                        } else {
                            b'-'
                        }
                    })
                    .collect();
                let want: Vec<usize> = (0..len).filter(|&i| line[i] == b',').collect();
                let mut got = Vec::new();
                assert!(!each_comma(&line, |i| {
                    got.push(i);
                    false
                }));
                assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&line));
            }
        }
    }
}
