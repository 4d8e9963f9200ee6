//! The clkhash linkage schema, version 3.
//!
//! Reference: clkhash documentation, "Linkage Schema" (schema v3) and its
//! JSON Schema `clkhash/schemas/v3.json`. Where clkhash's code and its
//! documented schema differ, we follow the code, because bit-compatibility
//! with what partners actually run is the point: clkhash 0.18 reads the fold
//! count from `clkConfig.xor_folds` (the JSON Schema documents `xorFolds`,
//! which clkhash ignores), so we do the same.

use base64::Engine;
use serde_json::Value;

use crate::error::{LinkageError, Result};

/// How values are cut into tokens.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// n-grams, optionally positional (`"1 ab"`), padded with n-1 spaces.
    Ngram {
        /// n.
        n: usize,
        /// Prefix each n-gram with its 1-based position.
        positional: bool,
    },
    /// The whole value is one token.
    Exact,
    /// Numeric neighbourhood tokens (Vatsalan & Christen 2015).
    Numeric {
        /// Maximum distance with overlapping tokens, scaled by 10^precision.
        distance_interval: i128,
        /// Tokens either side of the value.
        resolution: i128,
        /// Digits after the point considered.
        fractional_precision: u32,
    },
}

/// How many bits each token sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Every token sets k bits.
    BitsPerToken(usize),
    /// The feature's tokens share k bits; the first `k % tokens` get one more.
    BitsPerFeature(usize),
}

impl Strategy {
    /// Bits for each of `n` tokens, as clkhash distributes them.
    pub fn bits(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        (0..n).map(move |i| match *self {
            Strategy::BitsPerToken(k) => k,
            Strategy::BitsPerFeature(k) => k / n + usize::from(i < k % n),
        })
    }
}

/// Hash family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashKind {
    /// HMAC-SHA1 / HMAC-MD5 double hashing (Schnell et al. 2011);
    /// `non_singular` re-hashes when the step would be 0 mod l.
    DoubleHash {
        /// clkhash's `prevent_singularity`.
        non_singular: bool,
    },
    /// Keyed BLAKE2b, sliced into 16-bit indices (clkhash's default).
    Blake,
}

/// Text encoding of tokens before hashing (Python codec semantics,
/// including the byte-order mark Python writes for `utf-16`/`utf-32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// ASCII only.
    Ascii,
    /// UTF-8.
    Utf8,
    /// UTF-16 with BOM, little endian.
    Utf16,
    /// UTF-32 with BOM, little endian.
    Utf32,
}

/// Value format: how a raw value is validated and normalized before tokenizing.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// Free text (case, lengths validated; never rewritten).
    String {
        /// `lower`, `upper` or `mixed`.
        case: String,
        /// Minimum length in characters.
        min_length: Option<usize>,
        /// Maximum length in characters.
        max_length: Option<usize>,
    },
    /// Base-10 integer, re-printed canonically.
    Integer {
        /// Inclusive minimum.
        minimum: Option<i128>,
        /// Inclusive maximum.
        maximum: Option<i128>,
    },
    /// A date in a `strptime` format, re-printed as `%Y%m%d`.
    Date {
        /// The `strptime` format.
        format: String,
    },
    /// One of fixed values.
    Enum {
        /// Allowed values.
        values: Vec<String>,
    },
}

/// How a feature is hashed.
#[derive(Debug, Clone, PartialEq)]
pub struct Hashing {
    /// Tokenizer.
    pub comparison: Comparison,
    /// Bits per token.
    pub strategy: Strategy,
    /// Hash family.
    pub hash: HashKind,
    /// Token encoding.
    pub encoding: TextEncoding,
    /// `(sentinel, replace_with)`: a value equal to the sentinel is replaced.
    pub missing: Option<(String, String)>,
}

/// One column of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Column name.
    pub identifier: String,
    /// `None` for ignored columns (which still consume derived keys).
    pub spec: Option<(Format, Hashing)>,
}

/// Key derivation settings (HKDF, RFC 5869).
#[derive(Debug, Clone, PartialEq)]
pub struct Kdf {
    /// `SHA256` or `SHA512`.
    pub hash: String,
    /// Salt bytes.
    pub salt: Option<Vec<u8>>,
    /// Info bytes.
    pub info: Option<Vec<u8>>,
    /// Bytes per derived key.
    pub key_size: usize,
}

/// A parsed linkage schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Bits in the final CLK (after folding).
    pub l: usize,
    /// XOR folds.
    pub xor_folds: u32,
    /// Key derivation.
    pub kdf: Kdf,
    /// Columns in order.
    pub features: Vec<Feature>,
}

fn bad(msg: impl Into<String>) -> LinkageError {
    LinkageError::Schema(msg.into())
}

fn b64(v: Option<&Value>) -> Result<Option<Vec<u8>>> {
    match v.and_then(Value::as_str) {
        None => Ok(None),
        Some(s) => base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(Some)
            .map_err(|e| bad(format!("bad base64: {e}"))),
    }
}

fn uint(v: &Value, key: &str) -> Result<usize> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|x| x as usize)
        .ok_or_else(|| bad(format!("`{key}` must be a non-negative integer")))
}

impl Schema {
    /// Parses schema JSON text (version 3).
    pub fn from_json(text: &str) -> Result<Self> {
        let v: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        Self::from_value(&v)
    }

    /// Parses a schema JSON value (version 3).
    pub fn from_value(v: &Value) -> Result<Self> {
        if v.get("version").and_then(Value::as_u64) != Some(3) {
            return Err(bad("only linkage schema version 3 is supported"));
        }
        let cfg = v.get("clkConfig").ok_or_else(|| bad("missing clkConfig"))?;
        let l = uint(cfg, "l")?;
        let xor_folds = cfg.get("xor_folds").and_then(Value::as_u64).unwrap_or(0) as u32;
        let kdf = cfg.get("kdf").ok_or_else(|| bad("missing kdf"))?;
        if kdf.get("type").and_then(Value::as_str) != Some("HKDF") {
            return Err(bad("kdf type must be HKDF"));
        }
        let hash = kdf
            .get("hash")
            .and_then(Value::as_str)
            .unwrap_or("SHA256")
            .to_string();
        if hash != "SHA256" && hash != "SHA512" {
            return Err(bad(format!("unsupported kdf hash {hash}")));
        }
        let kdf = Kdf {
            hash,
            salt: b64(kdf.get("salt"))?,
            info: b64(kdf.get("info"))?,
            key_size: kdf.get("keySize").and_then(Value::as_u64).unwrap_or(64) as usize,
        };
        let features = v
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing features"))?
            .iter()
            .map(parse_feature)
            .collect::<Result<Vec<_>>>()?;
        if l == 0 {
            return Err(bad("l must be positive"));
        }
        Ok(Schema {
            l,
            xor_folds,
            kdf,
            features,
        })
    }

    /// Bits hashed into before folding.
    pub fn hash_len(&self) -> usize {
        self.l << self.xor_folds
    }
}

fn parse_feature(f: &Value) -> Result<Feature> {
    let identifier = f
        .get("identifier")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("feature without identifier"))?
        .to_string();
    if f.get("ignored").and_then(Value::as_bool) == Some(true) {
        return Ok(Feature {
            identifier,
            spec: None,
        });
    }
    let fmt = f
        .get("format")
        .ok_or_else(|| bad(format!("{identifier}: missing format")))?;
    let h = f
        .get("hashing")
        .ok_or_else(|| bad(format!("{identifier}: missing hashing")))?;
    let encoding = match fmt
        .get("encoding")
        .and_then(Value::as_str)
        .unwrap_or("utf-8")
    {
        "ascii" => TextEncoding::Ascii,
        "utf-8" => TextEncoding::Utf8,
        "utf-16" => TextEncoding::Utf16,
        "utf-32" => TextEncoding::Utf32,
        other => return Err(bad(format!("{identifier}: unsupported encoding {other}"))),
    };
    let int = |k: &str| fmt.get(k).and_then(Value::as_i64).map(i128::from);
    let format = match fmt.get("type").and_then(Value::as_str) {
        Some("string") => {
            if fmt.get("pattern").is_some() {
                return Err(bad(format!(
                    "{identifier}: regular-expression formats are not supported"
                )));
            }
            Format::String {
                case: fmt
                    .get("case")
                    .and_then(Value::as_str)
                    .unwrap_or("mixed")
                    .to_string(),
                min_length: fmt
                    .get("minLength")
                    .and_then(Value::as_u64)
                    .map(|x| x as usize),
                max_length: fmt
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .map(|x| x as usize),
            }
        }
        Some("integer") => Format::Integer {
            minimum: int("minimum"),
            maximum: int("maximum"),
        },
        Some("date") => Format::Date {
            format: fmt
                .get("format")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(format!("{identifier}: date needs format")))?
                .to_string(),
        },
        Some("enum") => Format::Enum {
            values: fmt
                .get("values")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        },
        other => return Err(bad(format!("{identifier}: unknown format type {other:?}"))),
    };
    let cmp = h
        .get("comparison")
        .ok_or_else(|| bad(format!("{identifier}: missing comparison")))?;
    let comparison = match cmp.get("type").and_then(Value::as_str) {
        Some("ngram") => Comparison::Ngram {
            n: uint(cmp, "n")?,
            positional: cmp
                .get("positional")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
        Some("exact") => Comparison::Exact,
        Some("numeric") => {
            let td = cmp
                .get("thresholdDistance")
                .and_then(Value::as_f64)
                .ok_or_else(|| bad("numeric needs thresholdDistance"))?;
            let fp = cmp
                .get("fractional_precision")
                .and_then(Value::as_u64)
                .unwrap_or(0) as u32;
            let di = (td * 10f64.powi(fp as i32)).round_ties_even() as i128;
            if di == 0 || td <= 0.0 {
                return Err(bad(format!(
                    "{identifier}: thresholdDistance too small for the precision"
                )));
            }
            Comparison::Numeric {
                distance_interval: di,
                resolution: uint(cmp, "resolution")? as i128,
                fractional_precision: fp,
            }
        }
        other => return Err(bad(format!("{identifier}: unknown comparison {other:?}"))),
    };
    let st = h
        .get("strategy")
        .ok_or_else(|| bad(format!("{identifier}: missing strategy")))?;
    let strategy = if st.get("bitsPerToken").is_some() {
        Strategy::BitsPerToken(uint(st, "bitsPerToken")?)
    } else if st.get("bitsPerFeature").is_some() {
        Strategy::BitsPerFeature(uint(st, "bitsPerFeature")?)
    } else {
        return Err(bad(format!("{identifier}: unknown strategy")));
    };
    let hash = match h.get("hash") {
        None => HashKind::Blake,
        Some(hv) => match hv.get("type").and_then(Value::as_str) {
            Some("blakeHash") => HashKind::Blake,
            Some("doubleHash") => HashKind::DoubleHash {
                non_singular: hv
                    .get("prevent_singularity")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
            other => return Err(bad(format!("{identifier}: unknown hash {other:?}"))),
        },
    };
    let missing = h.get("missingValue").map(|m| {
        let s = m
            .get("sentinel")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let r = m
            .get("replaceWith")
            .and_then(Value::as_str)
            .map_or_else(|| s.clone(), str::to_owned);
        (s, r)
    });
    Ok(Feature {
        identifier,
        spec: Some((
            format,
            Hashing {
                comparison,
                strategy,
                hash,
                encoding,
                missing,
            },
        )),
    })
}
