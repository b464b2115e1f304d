//! The SDK's [`Error`] type and Looker's error response body.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// The result of an SDK call.
pub type Result<T> = std::result::Result<T, Error>;

/// Why an SDK call failed.
///
/// Neither `Display` nor `Debug` ever contains the client secret or an access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Looker answered with a status other than 2xx (redirects are not followed).
    #[error(
        "Looker API error: HTTP {status}{}{}",
        endpoint_of(endpoint.as_deref()),
        api_message(body.as_ref())
    )]
    #[non_exhaustive]
    Api {
        /// The HTTP status code.
        status: u16,
        /// Looker's error body, when the response parsed as one.
        body: Option<ApiErrorBody>,
        /// The raw response body.
        raw: Bytes,
        /// The call that got this answer: operation, method and path (never query values or
        /// bodies, which may hold user data). Boxed: it is rare next to the result it replaces.
        endpoint: Option<Box<Endpoint>>,
    },
    /// The request could not be sent or the response could not be read (connection, TLS,
    /// redirect and similar failures).
    #[error("HTTP transport error")]
    Transport(#[source] reqwest::Error),
    /// The request did not complete within the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// A successful response could not be decoded into the expected type.
    #[error("could not decode the response at `{path}`: {message}")]
    Decode {
        /// Where in the document decoding failed, such as `dashboards[3].title` (`.` for the
        /// whole document).
        path: String,
        /// What went wrong.
        message: String,
        /// The raw response body.
        body: Bytes,
    },
    /// The request body could not be serialized as JSON.
    #[error("could not serialize the request body")]
    Serialize(#[source] serde_json::Error),
    /// A setting is missing or invalid; the message names the setting.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The request could not be built from the given arguments, such as an empty path parameter.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// This client has no usable access token and cannot get one by itself: its token expired
    /// or Looker rejected it (HTTP 401), and the client was built from a token alone, its OAuth
    /// refresh token was refused or missing, or its session was ended with
    /// [`Client::end_session`](crate::Client::end_session). The message says which; build a
    /// new client with a fresh token.
    #[error("no usable access token: {0}")]
    TokenExpired(String),
}

impl Error {
    /// The HTTP status of an [`Error::Api`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Looker's `message` for an [`Error::Api`] whose body is a Looker error.
    pub fn message(&self) -> Option<&str> {
        self.api_body().map(|body| body.message.as_str())
    }

    /// Looker's `documentation_url` for an [`Error::Api`], if the body has one.
    pub fn documentation_url(&self) -> Option<&str> {
        self.api_body()?.documentation_url.as_deref()
    }

    /// The individual problems of a validation error (HTTP 422), empty for other errors.
    pub fn validation_errors(&self) -> &[ApiErrorDetail] {
        self.api_body().map_or(&[], |body| body.errors.as_slice())
    }

    /// The raw body of an [`Error::Api`] or [`Error::Decode`].
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Self::Api { raw, .. } => Some(raw),
            Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the call ran out of time ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout)
    }

    fn api_body(&self) -> Option<&ApiErrorBody> {
        match self {
            Self::Api { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// The call an [`Error::Api`] answered, when known.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        match self {
            Self::Api { endpoint, .. } => endpoint.as_deref(),
            _ => None,
        }
    }

    /// Builds an [`Error::Api`] from a non-2xx response to `endpoint`.
    pub(crate) fn api(status: u16, raw: Bytes, endpoint: Option<Endpoint>) -> Self {
        let body = serde_json::from_slice(&raw).ok();
        Self::Api {
            status,
            body,
            raw,
            endpoint: endpoint.map(Box::new),
        }
    }
}

/// The call an API error answered: what `Display` of [`Error::Api`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    operation: Option<&'static str>,
    method: reqwest::Method,
    path: String,
}

impl Endpoint {
    pub(crate) fn new(
        operation: Option<&'static str>,
        method: reqwest::Method,
        path: impl Into<String>,
    ) -> Self {
        Self {
            operation,
            method,
            path: path.into(),
        }
    }

    /// The SDK method's name (the spec's operationId), such as `dashboard`, when the call came
    /// from one.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The path, relative to `{base_url}/api/{version}` and percent-encoded, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl std::fmt::Display for Endpoint {
    /// `dashboard (GET /dashboards/42)`, or `GET /dashboards/42` without an operation.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.operation {
            Some(operation) => write!(f, "{operation} ({} {})", self.method, self.path),
            None => write!(f, "{} {}", self.method, self.path),
        }
    }
}

/// `" from dashboard (GET /dashboards/42)"` for `Display` of [`Error::Api`], or nothing.
fn endpoint_of(endpoint: Option<&Endpoint>) -> String {
    endpoint.map_or_else(String::new, |endpoint| format!(" from {endpoint}"))
}

/// `": message"` for `Display` of [`Error::Api`], or nothing.
fn api_message(body: Option<&ApiErrorBody>) -> String {
    match body {
        Some(body) if !body.message.is_empty() => format!(": {}", body.message),
        _ => String::new(),
    }
}

/// The body of a Looker error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// What went wrong.
    pub message: String,
    /// A link to documentation about the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// The individual problems of a validation error (HTTP 422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiErrorDetail>,
}

/// One problem listed in a Looker validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// The field with the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A code for the kind of problem, such as `missing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A link to documentation about the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_parses_looker_body() {
        let raw = Bytes::from_static(
            br#"{"message":"Validation Failed","documentation_url":"https://docs",
                "errors":[{"field":"email","code":"missing","message":"is required"}]}"#,
        );
        let error = Error::api(422, raw.clone(), None);
        let Error::Api {
            status,
            body,
            raw: kept,
            ..
        } = &error
        else {
            panic!("not an Api error: {error:?}");
        };
        assert_eq!(*status, 422);
        assert_eq!(kept, &raw);
        let body = body.as_ref().expect("body parsed");
        assert_eq!(body.message, "Validation Failed");
        assert_eq!(body.errors[0].field.as_deref(), Some("email"));
        assert_eq!(
            error.to_string(),
            "Looker API error: HTTP 422: Validation Failed"
        );
        assert_eq!(error.status(), Some(422));
        assert_eq!(error.message(), Some("Validation Failed"));
        assert_eq!(error.documentation_url(), Some("https://docs"));
        assert_eq!(error.validation_errors().len(), 1);
        assert_eq!(
            error.validation_errors()[0].code.as_deref(),
            Some("missing")
        );
        assert_eq!(error.raw_body(), Some(&raw));
        assert!(!error.is_timeout());
    }

    #[test]
    fn api_error_keeps_unparsable_body_raw() {
        let error = Error::api(502, Bytes::from_static(b"<html>bad gateway</html>"), None);
        let Error::Api { body, raw, .. } = &error else {
            panic!("not an Api error: {error:?}");
        };
        assert!(body.is_none());
        assert_eq!(&raw[..], b"<html>bad gateway</html>");
        assert_eq!(error.to_string(), "Looker API error: HTTP 502");
        assert_eq!(error.message(), None);
        assert!(error.validation_errors().is_empty());
        assert!(Error::Timeout.is_timeout());
    }
}
