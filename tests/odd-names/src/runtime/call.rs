//! [`Call`]: one request being built by generated code, and how its response becomes a value.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::LookerSdk;
use super::error::{Error, Result};
use super::options::RequestOptions;
use super::paging::Pages;
use super::query::{QueryValue, set_pair};
use super::response::{ResponseBody, decode_json};
use super::stream::BodyStream;

/// The future of an SDK call: what awaiting an operation's request builder gives.
pub type ResponseFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// A request being built. Not generic, so that per-operation generated code stays thin.
pub(crate) struct Call<'a> {
    sdk: &'a LookerSdk,
    request: Request,
}

/// Everything needed to send one request (again, when it is retried).
pub(crate) struct Request {
    pub(crate) method: Method,
    /// Relative to `{base_url}/api/4.0`, already percent-encoded.
    pub(crate) path: String,
    /// Unencoded `name=value` pairs.
    pub(crate) query: Vec<(&'static str, String)>,
    /// Extra headers (header parameters).
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    /// Whether to log in and send the access token.
    pub(crate) auth: bool,
    /// The `Accept` header, if any.
    pub(crate) accept: Option<&'static str>,
    /// Per-call options: timeout, headers, agent tag, retry policy.
    pub(crate) options: RequestOptions,
    /// A problem found while building the request, reported when it is sent.
    pub(crate) error: Option<Error>,
}

/// A request body.
#[derive(Clone)]
pub(crate) enum Body {
    None,
    /// Serialized JSON.
    Json(Bytes),
    /// `text/plain`.
    Text(String),
    /// Unencoded `application/x-www-form-urlencoded` fields.
    Form(Vec<(&'static str, String)>),
}

impl Request {
    /// A copy to send again (such as the next page), without the building error.
    pub(crate) fn duplicate(&self) -> Self {
        Self {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            auth: self.auth,
            accept: self.accept,
            options: self.options.clone(),
            error: None,
        }
    }
}

impl<'a> Call<'a> {
    pub(crate) fn new(sdk: &'a LookerSdk, method: Method, path: String) -> Self {
        Self {
            sdk,
            request: Request {
                method,
                path,
                query: Vec::new(),
                headers: Vec::new(),
                body: Body::None,
                auth: true,
                accept: None,
                options: RequestOptions::default(),
                error: None,
            },
        }
    }

    /// Sets query parameter `name`, replacing an earlier value of the same name.
    pub(crate) fn query<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        set_pair(&mut self.request.query, name, value.to_query());
    }

    /// Sets header `name` (a header parameter), replacing an earlier value of the same name.
    /// An invalid name or value surfaces when the call is awaited.
    #[allow(dead_code)] // Looker 4.0 has no header parameters; kept for specs that do.
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        set_pair(&mut self.request.headers, name, value);
    }

    /// Serializes the JSON body now; a serialization error surfaces when the call is awaited.
    pub(crate) fn json_body<B: Serialize + ?Sized>(&mut self, body: &B) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.request.body = Body::Json(Bytes::from(bytes));
                self.request.error = None;
            }
            Err(e) => self.request.error = Some(Error::Serialize(e)),
        }
    }

    /// A `text/plain` body.
    pub(crate) fn text_body(&mut self, body: String) {
        self.request.body = Body::Text(body);
    }

    /// One field of an `application/x-www-form-urlencoded` body, replacing an earlier value of
    /// the same name.
    pub(crate) fn form_field(&mut self, name: &'static str, value: String) {
        match &mut self.request.body {
            Body::Form(fields) => set_pair(fields, name, value),
            body => *body = Body::Form(vec![(name, value)]),
        }
    }

    /// This call authenticates itself (login): send no access token and do not log in first.
    pub(crate) fn without_auth(&mut self) {
        self.request.auth = false;
    }

    /// Options for this call (what they set replaces earlier options; headers add up).
    pub(crate) fn options(&mut self, options: RequestOptions) {
        self.request.options.merge(options);
    }

    /// The request, for sending without decoding.
    pub(crate) fn into_request(self) -> Request {
        self.request
    }

    /// Sends the call and decodes its JSON response into `T`.
    pub(crate) fn json<T: DeserializeOwned + Send + 'a>(mut self) -> ResponseFuture<'a, T> {
        self.request.accept = Some("application/json");
        Box::pin(async move {
            let response = self.sdk.execute(self.request).await?;
            decode_json(&response.body)
        })
    }

    /// Sends the call and returns the raw body with its content type (never decoded as UTF-8).
    pub(crate) fn body(self) -> ResponseFuture<'a, ResponseBody> {
        Box::pin(async move {
            let response = self.sdk.execute(self.request).await?;
            Ok(
                ResponseBody::new(response.body, response.content_type)
                    .with_status(response.status),
            )
        })
    }

    /// Sends the call, accepting any 2xx response and discarding its body.
    pub(crate) fn empty(self) -> ResponseFuture<'a, ()> {
        Box::pin(async move {
            self.sdk.execute(self.request).await?;
            Ok(())
        })
    }

    /// Sends the call and hands back the body as a stream of chunks once the status is known to
    /// be 2xx (otherwise an [`Error::Api`], as for any call).
    pub(crate) fn stream(self) -> ResponseFuture<'a, BodyStream> {
        Box::pin(self.sdk.execute_stream(self.request))
    }

    /// Walks a JSON array result page by page with the query parameters `limit` and `offset`.
    pub(crate) fn pages<T>(mut self, limit: &'static str, offset: &'static str) -> Pages<'a, T> {
        self.request.accept = Some("application/json");
        Pages::new(self.sdk, self.request, limit, offset)
    }
}
