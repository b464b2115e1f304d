//! [`RawRequest`]: a call to any path of the API, for what the SDK has no method for (an
//! endpoint of a newer Looker, an undocumented one), with everything the SDK's own calls get:
//! authentication, per-call options, retries, errors and decoding.

use std::fmt;
use std::future::IntoFuture;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::call::{Call, CallFuture, ResponseFuture};
use super::client::Client;
use super::options::RequestOptions;
use super::response::ResponseBody;
use super::stream::BodyStream;

/// A request to any path of the Looker API ([`Client::request`]).
///
/// Awaiting it gives the response body as it came ([`ResponseBody`]); [`json`](Self::json)
/// decodes it into any type instead, such as `serde_json::Value`.
///
/// ```no_run
/// use looker_sdk::{LookerSdk, models::User};
/// use looker_sdk_rtl::{Method, path_segment};
///
/// # async fn run(sdk: LookerSdk) -> looker_sdk::Result<()> {
/// // The same call as `sdk.user("42").fields("id,email")`, by hand.
/// let path = format!("/users/{}", path_segment("42"));
/// let user: User = sdk.request(Method::GET, path).query("fields", "id,email").json().await?;
/// // A JSON answer as JSON, fields of a newer Looker included.
/// let raw: serde_json::Value = sdk.request(Method::GET, "/session").json().await?;
/// # let _ = (user, raw);
/// # Ok(())
/// # }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct RawRequest {
    call: Call,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawRequest").field(&self.call).finish()
    }
}

impl Client {
    /// A request with `method` to `path`, relative to `{base_url}/api/{version}` (such as
    /// `/users/42`). The path is sent as given: percent-encode values in it with
    /// [`path_segment`](crate::path_segment). See [`RawRequest`].
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            call: self.call(method, path.into()),
        }
    }
}

impl RawRequest {
    /// Sets query parameter `name` to `value` (percent-encoded when sent), replacing an earlier
    /// value of the same name.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.query_owned(name.into(), value.into());
        self
    }

    /// Sets header `name` to `value`, replacing an earlier value of the same name; an invalid
    /// name or value is an [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the
    /// request is awaited.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.header_owned(name.into(), value.into());
        self
    }

    /// Sends `body` as JSON.
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.call.json_body(body);
        self
    }

    /// Sends `body` as `text/plain`.
    pub fn text_body(mut self, body: impl Into<String>) -> Self {
        self.call.text_body(body.into());
        self
    }

    /// Adds a field to an `application/x-www-form-urlencoded` body.
    pub fn form_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.form_field_owned(name.into(), value.into());
        self
    }

    /// Options for this call only: timeout, extra headers, agent tag, retries.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.call.options(options);
        self
    }

    /// Sends the request without an access token (and without logging in first), as for
    /// `/login`.
    pub fn without_auth(mut self) -> Self {
        self.call.without_auth();
        self
    }

    /// Sends the request and decodes its JSON answer into `T` (`serde_json::Value` for the JSON
    /// as it came).
    pub fn json<T: DeserializeOwned>(self) -> ResponseFuture<T> {
        self.call.json()
    }

    /// Sends the request, accepting any 2xx answer and discarding its body.
    pub fn empty(self) -> CallFuture<()> {
        self.call.empty()
    }

    /// Sends the request and hands back the body as a stream of chunks.
    pub fn stream(self) -> CallFuture<BodyStream> {
        self.call.stream()
    }
}

impl IntoFuture for RawRequest {
    type Output = crate::Result<ResponseBody>;
    type IntoFuture = CallFuture<ResponseBody>;

    /// Sends the request and hands back the whole body with its content type.
    fn into_future(self) -> Self::IntoFuture {
        self.call.body()
    }
}
