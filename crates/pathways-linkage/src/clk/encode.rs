//! Encoding records as cryptographic long-term keys (CLKs): Bloom filters
//! into which every token of every identifying field is hashed with keyed
//! hash functions (Schnell, Bachteler & Reiher, "Privacy-preserving record
//! linkage using Bloom filters", *BMC Med. Inf. & Decision Making* 9, 2009).
//!
//! Bit-for-bit compatible with clkhash 0.18: HKDF key derivation (two keys
//! per feature, ignored features included), clkhash's tokenizers and
//! strategies, HMAC-SHA1/MD5 double hashing (Schnell et al. 2011, with the
//! optional non-singular variant) or keyed BLAKE2b sliced into
//! little-endian 16-bit indices, XOR folding, and bits packed most
//! significant first in each byte (`bitarray`'s default big-endian order).
//! The committed test vectors under `tests/fixtures/clk/` were produced by
//! clkhash itself and are checked in `tests/clk_vectors.rs`.

use base64::Engine;
use blake2::Blake2bMac512;
use blake2::digest::Mac;
use hmac::Hmac;
use md5::Md5;
use sha1::Sha1;

use super::schema::{Comparison, Feature, Format, HashKind, Hashing, Schema, TextEncoding};
use crate::error::{LinkageError, Result};

/// Keys derived from the shared secret: `[feature][0 = SHA1/BLAKE key, 1 = MD5 key]`.
#[derive(Clone)]
pub struct FeatureKeys(Vec<[Vec<u8>; 2]>);

impl std::fmt::Debug for FeatureKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FeatureKeys(<{} redacted>)", self.0.len())
    }
}

/// Derives two keys per feature with HKDF (RFC 5869) from the secret, as
/// clkhash's `generate_key_lists` does.
pub fn derive_keys(schema: &Schema, secret: &[u8]) -> Result<FeatureKeys> {
    let n = schema.features.len() * 2;
    let mut okm = vec![0u8; n * schema.kdf.key_size];
    let salt = schema.kdf.salt.as_deref();
    let info = schema.kdf.info.as_deref().unwrap_or(&[]);
    let res = if schema.kdf.hash == "SHA512" {
        hkdf::Hkdf::<sha2::Sha512>::new(salt, secret).expand(info, &mut okm)
    } else {
        hkdf::Hkdf::<sha2::Sha256>::new(salt, secret).expand(info, &mut okm)
    };
    res.map_err(|_| LinkageError::Schema("HKDF cannot produce that many key bytes".into()))?;
    let ks = schema.kdf.key_size;
    Ok(FeatureKeys(
        (0..schema.features.len())
            .map(|i| {
                [
                    okm[2 * i * ks..(2 * i + 1) * ks].to_vec(),
                    okm[(2 * i + 1) * ks..(2 * i + 2) * ks].to_vec(),
                ]
            })
            .collect(),
    ))
}

fn enc_err(f: &Feature, msg: impl Into<String>) -> LinkageError {
    LinkageError::Encode {
        feature: f.identifier.clone(),
        message: msg.into(),
    }
}

/// Validates and normalizes a raw value as clkhash's `format_value` does.
fn format_value<'r>(
    f: &Feature,
    format: &Format,
    h: &Hashing,
    raw: &'r str,
) -> Result<std::borrow::Cow<'r, str>> {
    if let Some((sentinel, replace)) = &h.missing
        && sentinel == raw
    {
        return Ok(replace.clone().into());
    }
    if h.encoding == TextEncoding::Ascii && !raw.is_ascii() {
        return Err(enc_err(f, format!("expected ASCII, read {raw:?}")));
    }
    match format {
        Format::String {
            case,
            min_length,
            max_length,
        } => {
            let n = raw.chars().count();
            if min_length.is_some_and(|m| n < m) || max_length.is_some_and(|m| n > m) {
                return Err(enc_err(
                    f,
                    format!("length {n} of {raw:?} outside the schema's bounds"),
                ));
            }
            if (case == "upper" && raw.to_uppercase() != raw)
                || (case == "lower" && raw.to_lowercase() != raw)
            {
                return Err(enc_err(f, format!("{raw:?} is not {case} case")));
            }
            Ok(raw.into())
        }
        Format::Integer { minimum, maximum } => {
            let v =
                parse_py_int(raw).ok_or_else(|| enc_err(f, format!("invalid integer {raw:?}")))?;
            if minimum.is_some_and(|m| v < m) || maximum.is_some_and(|m| v > m) {
                return Err(enc_err(f, format!("{v} outside the schema's bounds")));
            }
            Ok(v.to_string().into())
        }
        Format::Date { format } => {
            let (y, m, d) = super::strptime::parse(raw, format)
                .ok_or_else(|| enc_err(f, format!("{raw:?} does not match {format:?}")))?;
            Ok(format!("{y}{m:02}{d:02}").into())
        }
        Format::Enum { values } => {
            if values.iter().any(|v| v == raw) {
                Ok(raw.into())
            } else {
                Err(enc_err(f, format!("{raw:?} is not one of the enum values")))
            }
        }
    }
}

/// Python's `int(s, 10)`: surrounding whitespace, a sign, `_` between digits.
fn parse_py_int(s: &str) -> Option<i128> {
    let t = s.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i128 = clean.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Tokenizes a formatted value as clkhash's comparators do.
fn tokenize(f: &Feature, cmp: &Comparison, word: &str) -> Result<Vec<String>> {
    if word.is_empty() {
        return Ok(Vec::new());
    }
    match cmp {
        Comparison::Exact => Ok(vec![word.to_string()]),
        Comparison::Ngram { n, positional } => {
            let n = *n;
            let mut chars: Vec<char> = Vec::with_capacity(word.len() + 2 * n);
            if n > 1 {
                chars.extend(std::iter::repeat_n(' ', n - 1));
            }
            chars.extend(word.chars());
            if n > 1 {
                chars.extend(std::iter::repeat_n(' ', n - 1));
            }
            let count = (chars.len() + 1).saturating_sub(n);
            Ok((0..count)
                .map(|i| {
                    let g: String = chars[i..i + n].iter().collect();
                    if *positional {
                        format!("{} {g}", i + 1)
                    } else {
                        g
                    }
                })
                .collect())
        }
        Comparison::Numeric {
            distance_interval,
            resolution,
            fractional_precision,
        } => {
            let scale = 10i128.pow(*fractional_precision);
            let v = match parse_py_int(word) {
                Some(v) => v * scale,
                None => {
                    let x: f64 = word
                        .trim()
                        .parse()
                        .map_err(|_| enc_err(f, format!("not a number: {word:?}")))?;
                    if *fractional_precision > 0 {
                        (x * scale as f64).round_ties_even() as i128
                    } else {
                        x.trunc() as i128
                    }
                }
            };
            let v = v * 2 * resolution;
            let di = *distance_interval;
            let residue = v.rem_euclid(di);
            let v = if residue == 0 {
                v
            } else if (residue as f64) < di as f64 / 2.0 {
                v - residue
            } else {
                v + (di - residue)
            };
            Ok((-resolution..=*resolution)
                .map(|i| (v + i * di).to_string())
                .collect())
        }
    }
}

fn encode_token(tok: &str, enc: TextEncoding) -> Vec<u8> {
    match enc {
        TextEncoding::Ascii | TextEncoding::Utf8 => tok.as_bytes().to_vec(),
        TextEncoding::Utf16 => {
            let mut v = vec![0xFF, 0xFE];
            for u in tok.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        }
        TextEncoding::Utf32 => {
            let mut v = vec![0xFF, 0xFE, 0, 0];
            for c in tok.chars() {
                v.extend_from_slice(&(c as u32).to_le_bytes());
            }
            v
        }
    }
}

/// Big-endian integer value of `digest` modulo `l`.
fn mod_be(digest: &[u8], l: u64) -> u64 {
    digest.iter().fold(0u64, |r, &b| {
        ((u128::from(r) * 256 + u128::from(b)) % u128::from(l)) as u64
    })
}

fn hmac_sha1(key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    let mut m = <Hmac<Sha1> as hmac::digest::KeyInit>::new_from_slice(key)
        .map_err(|_| LinkageError::Schema("invalid HMAC key".into()))?;
    m.update(msg);
    Ok(m.finalize().into_bytes().to_vec())
}

fn hmac_md5(key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    let mut m = <Hmac<Md5> as hmac::digest::KeyInit>::new_from_slice(key)
        .map_err(|_| LinkageError::Schema("invalid HMAC key".into()))?;
    m.update(msg);
    Ok(m.finalize().into_bytes().to_vec())
}

/// A bit vector in clkhash's layout: bit `i` is bit `7 - i % 8` of byte `i / 8`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits {
    len: usize,
    bytes: Vec<u8>,
}

impl Bits {
    fn new(len: usize) -> Self {
        Self {
            len,
            bytes: vec![0; len.div_ceil(8)],
        }
    }

    #[inline]
    fn set(&mut self, i: usize) {
        self.bytes[i >> 3] |= 0x80 >> (i & 7);
    }

    fn get(&self, i: usize) -> bool {
        self.bytes[i >> 3] & (0x80 >> (i & 7)) != 0
    }

    /// One XOR fold: first half XOR second half.
    fn fold(&self) -> Self {
        let half = self.len / 2;
        let mut out = Bits::new(half);
        if half.is_multiple_of(8) {
            for (k, b) in out.bytes.iter_mut().enumerate() {
                *b = self.bytes[k] ^ self.bytes[k + half / 8];
            }
        } else {
            for i in 0..half {
                if self.get(i) != self.get(i + half) {
                    out.set(i);
                }
            }
        }
        out
    }

    /// The packed bytes (padding bits are zero).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The Bloom-filter positions one token sets (in insertion order).
fn token_indices(
    f: &Feature,
    h: &Hashing,
    keys: &[Vec<u8>; 2],
    m: &[u8],
    k: usize,
    l: usize,
    out: &mut Vec<u32>,
) -> Result<()> {
    match h.hash {
        HashKind::DoubleHash { non_singular } => {
            let l64 = l as u64;
            let sha = mod_be(&hmac_sha1(&keys[0], m)?, l64);
            let mut md = mod_be(&hmac_md5(&keys[1], m)?, l64);
            if non_singular {
                let mut i = 0u32;
                while md == 0 {
                    let mut salted = m.to_vec();
                    let mut buf = [0u8; 4];
                    let c = char::from_u32(i)
                        .ok_or_else(|| enc_err(f, "singularity retries exhausted"))?;
                    salted.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    md = mod_be(&hmac_md5(&keys[1], &salted)?, l64);
                    i += 1;
                }
            }
            for i in 0..k as u64 {
                out.push(
                    ((u128::from(sha) + u128::from(i) * u128::from(md)) % u128::from(l64)) as u32,
                );
            }
        }
        HashKind::Blake => {
            if !l.is_power_of_two() {
                return Err(enc_err(
                    f,
                    "BLAKE2 hashing needs l × 2^folds to be a power of two",
                ));
            }
            let macs = k.div_ceil(32);
            let mut set = 0;
            for i in 0..macs {
                let salt = i.to_string();
                let mut mac =
                    Blake2bMac512::new_with_salt_and_personal(&keys[0], salt.as_bytes(), &[])
                        .map_err(|_| enc_err(f, "BLAKE2 key must be at most 64 bytes"))?;
                mac.update(m);
                let d = mac.finalize().into_bytes();
                for pair in d.chunks_exact(2) {
                    if set == k {
                        break;
                    }
                    out.push(u32::from(u16::from_le_bytes([pair[0], pair[1]])) % l as u32);
                    set += 1;
                }
            }
        }
    }
    Ok(())
}

/// Memoized token positions. Names and dates repeat, so most tokens of a
/// large file have been hashed before (clkhash memoizes the same way with
/// `functools.lru_cache`). Entries are keyed by a hash of (feature, k,
/// token bytes) and store the bytes, so a hash collision is detected and
/// simply not served from the cache: output stays exact.
#[derive(Debug, Default)]
pub struct TokenCache {
    map: std::collections::HashMap<u64, CacheEntry, std::hash::BuildHasherDefault<PreHashed>>,
}

#[derive(Debug)]
struct CacheEntry {
    feature: usize,
    k: usize,
    token: Box<[u8]>,
    positions: Box<[u32]>,
}

/// What a token is hashed under: its feature and the derived keys.
struct TokenContext<'a> {
    index: usize,
    feature: &'a Feature,
    hashing: &'a Hashing,
    keys: &'a [Vec<u8>; 2],
    l: usize,
}

/// The cache keys are already well-mixed 64-bit hashes: pass them through.
#[derive(Debug, Default)]
struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

impl TokenCache {
    const MAX_ENTRIES: usize = 1 << 20;

    fn positions<'c>(
        &'c mut self,
        cx: &TokenContext<'_>,
        m: &[u8],
        k: usize,
        scratch: &'c mut Vec<u32>,
    ) -> Result<&'c [u32]> {
        let key = crate::record::mix(
            crate::record::hash_bytes(m) ^ ((cx.index as u64) << 48) ^ ((k as u64) << 32),
        );
        let hit = matches!(self.map.get(&key), Some(e) if e.feature == cx.index && e.k == k && &e.token[..] == m);
        if hit {
            return Ok(self.map.get(&key).map_or(&[][..], |e| &e.positions[..]));
        }
        scratch.clear();
        token_indices(cx.feature, cx.hashing, cx.keys, m, k, cx.l, scratch)?;
        if self.map.len() >= Self::MAX_ENTRIES {
            self.map.clear();
        }
        self.map.entry(key).or_insert_with(|| CacheEntry {
            feature: cx.index,
            k,
            token: m.into(),
            positions: scratch.as_slice().into(),
        });
        Ok(&scratch[..])
    }
}

/// Encodes one record (values in schema order) into its CLK bytes.
pub fn encode_record(schema: &Schema, keys: &FeatureKeys, row: &[&str]) -> Result<Bits> {
    encode_record_cached(schema, keys, row, &mut TokenCache::default())
}

/// [`encode_record`] with a caller-held token cache (one per thread); the
/// cache must only ever be used with one schema and one secret.
pub fn encode_record_cached(
    schema: &Schema,
    keys: &FeatureKeys,
    row: &[&str],
    cache: &mut TokenCache,
) -> Result<Bits> {
    if row.len() != schema.features.len() {
        return Err(LinkageError::InvalidArgument(format!(
            "row has {} values, schema has {} features",
            row.len(),
            schema.features.len()
        )));
    }
    let l = schema.hash_len();
    let mut bf = Bits::new(l);
    let mut scratch = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    for (fi, ((f, raw), k)) in schema.features.iter().zip(row).zip(&keys.0).enumerate() {
        let Some((format, h)) = &f.spec else { continue };
        let value = format_value(f, format, h, raw)?;
        let cx = TokenContext {
            index: fi,
            feature: f,
            hashing: h,
            keys: k,
            l,
        };
        let utf8 = matches!(h.encoding, TextEncoding::Utf8 | TextEncoding::Ascii);
        match &h.comparison {
            // Fast path: n-grams written straight into a reused buffer.
            Comparison::Ngram { n, positional } if utf8 && !value.is_empty() => {
                let n = *n;
                chars.clear();
                let pad = n.saturating_sub(1);
                chars.extend(std::iter::repeat_n(' ', pad));
                chars.extend(value.chars());
                chars.extend(std::iter::repeat_n(' ', pad));
                let count = (chars.len() + 1).saturating_sub(n);
                for (i, bits) in (0..count).zip(h.strategy.bits(count)) {
                    buf.clear();
                    if *positional {
                        write_decimal(&mut buf, i + 1);
                        buf.push(b' ');
                    }
                    for c in &chars[i..i + n] {
                        let mut tmp = [0u8; 4];
                        buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    }
                    for &p in cache.positions(&cx, &buf, bits, &mut scratch)? {
                        bf.set(p as usize);
                    }
                }
            }
            cmp => {
                let tokens = tokenize(f, cmp, &value)?;
                for (tok, bits) in tokens.iter().zip(h.strategy.bits(tokens.len())) {
                    let m = encode_token(tok, h.encoding);
                    for &p in cache.positions(&cx, &m, bits, &mut scratch)? {
                        bf.set(p as usize);
                    }
                }
            }
        }
    }
    for _ in 0..schema.xor_folds {
        bf = bf.fold();
    }
    Ok(bf)
}

fn write_decimal(buf: &mut Vec<u8>, v: usize) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut v = v;
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Base64 (standard alphabet, padded) of the CLK bytes, as clkhash serializes.
pub fn to_base64(bits: &Bits) -> String {
    base64::engine::general_purpose::STANDARD.encode(bits.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngrams_match_clkhash_docs() {
        let f = Feature {
            identifier: "x".into(),
            spec: None,
        };
        let t = tokenize(
            &f,
            &Comparison::Ngram {
                n: 2,
                positional: false,
            },
            "clkhash",
        )
        .unwrap();
        assert_eq!(t, [" c", "cl", "lk", "kh", "ha", "as", "sh", "h "]);
        let t = tokenize(
            &f,
            &Comparison::Ngram {
                n: 2,
                positional: true,
            },
            "ab",
        )
        .unwrap();
        assert_eq!(t, ["1  a", "2 ab", "3 b "]);
    }

    #[test]
    fn numeric_tokens_match_clkhash_docs() {
        // clkhash docs: threshold 8, resolution 2 → tokens for 25 are [88, 96, 104, 112, 120].
        let f = Feature {
            identifier: "x".into(),
            spec: None,
        };
        let c = Comparison::Numeric {
            distance_interval: 8,
            resolution: 2,
            fractional_precision: 0,
        };
        assert_eq!(
            tokenize(&f, &c, "25").unwrap(),
            ["88", "96", "104", "112", "120"]
        );
    }

    #[test]
    fn bits_per_feature_spreads_the_remainder_first() {
        let s = super::super::schema::Strategy::BitsPerFeature(10);
        assert_eq!(s.bits(3).collect::<Vec<_>>(), [4, 3, 3]);
    }

    #[test]
    fn fold_xors_halves() {
        let mut b = Bits::new(16);
        b.set(0);
        b.set(8);
        b.set(9);
        assert_eq!(b.fold().as_bytes(), &[0b0100_0000]);
    }
}
