//! Extractors that turn malformed input into problem details naming the field.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use pathways_domain::FieldError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body whose syntax and type errors name the JSON path at fault.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ValidJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::BadRequest {
                detail: "expected a JSON body with Content-Type: application/json".into(),
                params: vec![FieldError::new("Content-Type", "must be application/json")],
            });
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::BadRequest {
                detail: format!("could not read the body: {e}"),
                params: vec![],
            })?;
        parse_json(&bytes).map(ValidJson)
    }
}

/// Parses JSON, reporting the path of the first problem (e.g. `courses[2].credit_hours`).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // serde reads a struct from an array of its fields in order too, so
    // `[null, null]` would pass for an object whose fields are all optional
    // (schemathesis found it); the document says object, so only an object is taken.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') && shape::is_struct::<T>() {
        return Err(ApiError::BadRequest {
            detail: "invalid value at body: expected a JSON object, not an array".into(),
            params: vec![FieldError::new("body", "must be a JSON object")],
        });
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "body".to_owned() } else { path };
        let inner = e.into_inner();
        let kind = if inner.is_syntax() || inner.is_eof() {
            "malformed JSON"
        } else {
            "invalid value"
        };
        ApiError::BadRequest {
            detail: format!("{kind} at {field}: {inner}"),
            params: vec![FieldError::new(field, inner.to_string())],
        }
    })
}

/// The raw query string as a map; a repeated key is an error.
#[derive(Debug, Default)]
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q).map_err(|e| ApiError::BadRequest {
                detail: format!("malformed query string: {e}"),
                params: vec![],
            })?;
        let mut map = HashMap::with_capacity(pairs.len());
        for (k, v) in pairs {
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::BadRequest {
                    detail: format!("query parameter {k} is given more than once"),
                    params: vec![FieldError::new(k, "give it once")],
                });
            }
        }
        Ok(QueryMap(map))
    }
}

/// The version an update or delete was based on, from `If-Match: "N"`.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v
        .to_str()
        .unwrap_or("")
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"');
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| ApiError::BadRequest {
            detail: "If-Match must be the entity's version, e.g. \"3\"".into(),
            params: vec![FieldError::new(
                "If-Match",
                "must be a version number in quotes",
            )],
        })
}

/// The ETag for a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The `{id}` of a route, as problem+json 400 when it is not an integer.
#[derive(Debug, Clone, Copy)]
pub struct IdPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::BadRequest {
                    detail: e.body_text(),
                    params: vec![FieldError::new("id", "must be an integer id")],
                })?;
        raw.parse::<i64>()
            .map(IdPath)
            .map_err(|_| ApiError::BadRequest {
                detail: format!("{raw:?} is not an id"),
                params: vec![FieldError::new("id", "must be an integer id")],
            })
    }
}

/// A route's `{id}` and the text key after it (`/regions/{id}/occupations/{soc}`),
/// with either one's rejection as problem+json 400 rather than axum's plain
/// text (found by schemathesis: an id past `i64` got `Invalid URL: Cannot
/// parse value`).
#[derive(Debug, Clone)]
pub struct IdAndKey(pub i64, pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdAndKey {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path((raw, key)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::BadRequest {
                    detail: e.body_text(),
                    params: vec![FieldError::new("id", "must be an integer id")],
                })?;
        let id = raw.parse::<i64>().map_err(|_| ApiError::BadRequest {
            detail: format!("{raw:?} is not an id"),
            params: vec![FieldError::new("id", "must be an integer id")],
        })?;
        Ok(IdAndKey(id, key))
    }
}

/// Finds out whether a type deserializes as a struct, without any input.
mod shape {
    use serde::de::{self, DeserializeOwned, Visitor};

    #[derive(Debug)]
    struct Probe(bool);

    impl std::fmt::Display for Probe {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("shape probe")
        }
    }

    impl std::error::Error for Probe {}

    impl de::Error for Probe {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Probe(false)
        }
    }

    /// Answers the first request a type makes: a struct, or anything else.
    struct Asks;

    impl<'de> de::Deserializer<'de> for Asks {
        type Error = Probe;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
            Err(Probe(false))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Probe> {
            Err(Probe(true))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    /// Whether `T` is read as a struct (a JSON object).
    pub fn is_struct<T: DeserializeOwned>() -> bool {
        matches!(T::deserialize(Asks), Err(Probe(true)))
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Point {
            x: Option<f64>,
        }

        #[test]
        fn structs_are_told_from_lists_and_values() {
            assert!(super::is_struct::<Point>());
            assert!(!super::is_struct::<Vec<Point>>());
            assert!(!super::is_struct::<serde_json::Value>());
            assert!(!super::is_struct::<i64>());
        }
    }
}
