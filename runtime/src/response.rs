//! Response bodies: [`ResponseBody`] for text and binary operations, and path-aware JSON decoding.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::{Error, Result};

/// The body of a text or binary response (such as a rendered PNG or a CSV query result), with
/// its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBody {
    bytes: Bytes,
    content_type: Option<String>,
    status: u16,
}

impl ResponseBody {
    pub(crate) fn new(bytes: Bytes, content_type: Option<String>) -> Self {
        Self {
            bytes,
            content_type,
            status: 200,
        }
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// The HTTP status, such as 200, or 202 when Looker says the result is not ready yet (see
    /// [`RetryPolicy`](crate::RetryPolicy) to wait for it instead).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, such as `image/png` or `text/csv; charset=utf-8`.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body, exactly as received.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The body, exactly as received.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The body as text; [`Error::Decode`] if it is not valid UTF-8 (never lossy).
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.bytes).map_err(|e| Error::Decode {
            path: ".".to_owned(),
            message: format!("the body is not valid UTF-8: {e}"),
            body: self.bytes.clone(),
        })
    }

    /// The body decoded as JSON into `T`; [`Error::Decode`] names the field that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(&self.bytes)
    }
}

/// A successful (2xx) response, read whole.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// All response headers (paging reads `Link` and `X-Total-Count`).
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The response undecoded, with its content type (read from the headers only here: a JSON
    /// call, the common case, never needs it as a `String`).
    pub(crate) fn into_body(self) -> ResponseBody {
        let content_type = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        ResponseBody::new(self.body, content_type).with_status(self.status)
    }
}

/// Decodes `body` as JSON into `T` the way every JSON operation of the SDK does: leniently
/// where the model allows it, and otherwise an [`Error::Decode`] naming the field path that
/// failed (trailing data after the value is an error too).
///
/// Decoding runs once without tracking the path, which costs nothing on the way; only when it
/// fails does it run again through `serde_path_to_error` to name where (a body that failed
/// once fails the same way again, as decoding is deterministic).
pub fn decode_json<T: DeserializeOwned>(body: &Bytes) -> Result<T> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(first) => Err(locate_error::<T>(body, first)),
    }
}

/// The [`Error::Decode`] of a body that failed to decode as `T`, with the path where it failed.
#[cold]
fn locate_error<T: DeserializeOwned>(body: &Bytes, first: serde_json::Error) -> Error {
    let error = |path: String, e: serde_json::Error| Error::Decode {
        path,
        message: e.to_string(),
        body: body.clone(),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => error(e.path().to_string(), e.into_inner()),
        // The value decoded: what failed is what follows it (or, should the second run ever
        // disagree, the first run's error stands).
        Ok(_) => match deserializer.end() {
            Err(e) => error(".".to_owned(), e),
            Ok(()) => error(".".to_owned(), first),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Dashboard {
        #[allow(dead_code)]
        title: String,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Folder {
        #[allow(dead_code)]
        dashboards: Vec<Dashboard>,
    }

    #[test]
    fn text_rejects_invalid_utf8() {
        let body = ResponseBody::new(Bytes::from_static(b"ok \xff\xfe"), None);
        match body.text() {
            Err(Error::Decode { body, .. }) => assert_eq!(&body[..], b"ok \xff\xfe"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        let body = ResponseBody::new(
            Bytes::from_static("héllo".as_bytes()),
            Some("text/plain".into()),
        );
        assert_eq!(body.text().ok(), Some("héllo"));
        assert_eq!(body.content_type(), Some("text/plain"));
    }

    #[test]
    fn json_errors_name_the_field() {
        let raw = Bytes::from_static(br#"{"dashboards":[{"title":"a"},{"title":7}]}"#);
        match decode_json::<Folder>(&raw) {
            Err(Error::Decode {
                path,
                message,
                body,
            }) => {
                assert_eq!(path, "dashboards[1].title");
                assert!(message.contains("expected a string"), "{message}");
                assert_eq!(body, raw);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn json_rejects_empty_and_trailing_data() {
        assert!(matches!(
            decode_json::<Folder>(&Bytes::new()),
            Err(Error::Decode { .. })
        ));
        let raw = Bytes::from_static(br#"{"dashboards":[]} x"#);
        assert!(matches!(
            decode_json::<Folder>(&raw),
            Err(Error::Decode { .. })
        ));
        let body = ResponseBody::new(Bytes::from_static(br#"{"dashboards":[]}"#), None);
        assert!(body.json::<Folder>().is_ok());
    }
}
