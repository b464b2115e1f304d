//! [`Call`]: one request being built by generated code, and the futures its response becomes.
//!
//! Nothing here borrows the client: a call owns a clone of it (one reference count), so request
//! builders and their futures are `Send + 'static` and can be spawned or returned.
//!
//! Decoding is generic over the response type, sending is not. [`ResponseFuture<T>`] is a boxed,
//! non-generic sending future plus a generic `poll` that decodes: the generated crate only names
//! `ResponseFuture<models::Dashboard>`, so the decoding code of a type is compiled where a caller
//! awaits it, not for all of the API's operations in the SDK crate.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{Error, Result};
use super::options::RequestOptions;
use super::paging::Pages;
use super::query::{QueryValue, remove_pair, set_pair};
use super::response::{RawResponse, ResponseBody, decode_json};
use super::stream::BodyStream;

/// The future of an SDK call that hands back something other than a decoded JSON value: the
/// outcome of an operation without content, a [`ResponseBody`] or a [`BodyStream`].
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;

/// The future of an SDK call whose JSON response decodes into `T`: what awaiting the request
/// builder of a JSON operation gives (it is the builder's `IntoFuture`).
///
/// `Send + 'static`, so it can be spawned (`tokio::spawn(sdk.me().into_future())`).
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ResponseFuture<T> {
    sending: CallFuture<RawResponse>,
    decoded: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<T> ResponseFuture<T> {
    /// The same call, its answer decoded into `U` instead: `serde_json::Value` for the JSON as
    /// it came (fields a newer Looker added, or that the spec does not describe).
    ///
    /// ```no_run
    /// use std::future::IntoFuture;
    /// # async fn run(sdk: looker_sdk::LookerSdk) -> looker_sdk::Result<()> {
    /// let me: serde_json::Value = sdk.me().into_future().decode_as().await?;
    /// # let _ = me;
    /// # Ok(())
    /// # }
    /// ```
    pub fn decode_as<U>(self) -> ResponseFuture<U> {
        ResponseFuture {
            sending: self.sending,
            decoded: PhantomData,
        }
    }

    /// The same call, its answer handed back undecoded ([`ResponseBody`]).
    pub fn body(self) -> CallFuture<ResponseBody> {
        into_body(self.sending)
    }
}

/// The undecoded body of the response `sending` reads.
fn into_body(sending: CallFuture<RawResponse>) -> CallFuture<ResponseBody> {
    Box::pin(async move { Ok(sending.await?.into_body()) })
}

impl<T: DeserializeOwned> Future for ResponseFuture<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        match self.sending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(response) => Poll::Ready(response.and_then(|r| decode_json(&r.body))),
        }
    }
}

/// A request being built. Not generic, so that per-operation generated code stays thin.
pub struct Call {
    client: Client,
    request: Request,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only what identifies the operation: query values and bodies may hold user data.
        f.debug_struct("Call")
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .finish_non_exhaustive()
    }
}

/// The name of a query parameter, header or form field: static for generated calls, owned for
/// raw requests.
pub(crate) type Name = std::borrow::Cow<'static, str>;

/// Everything needed to send one request (again, when it is retried).
pub(crate) struct Request {
    pub(crate) method: Method,
    /// Relative to `{base_url}/api/{version}`, already percent-encoded.
    pub(crate) path: String,
    /// Unencoded `name=value` pairs.
    pub(crate) query: Vec<(Name, String)>,
    /// Extra headers (header parameters).
    pub(crate) headers: Vec<(Name, String)>,
    pub(crate) body: Body,
    /// Whether to log in and send the access token.
    pub(crate) auth: bool,
    /// The `Accept` header, if any.
    pub(crate) accept: Option<&'static str>,
    /// Per-call options (timeout, headers, agent tag, retry policy), if any were given: boxed,
    /// like `error`, because few calls have them and every call's future holds the request.
    pub(crate) options: Option<Box<RequestOptions>>,
    /// The SDK method that made the call (its operationId), for errors.
    pub(crate) operation: Option<&'static str>,
    /// A problem found while building the request, reported when it is sent.
    pub(crate) error: Option<Box<Error>>,
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
    Form(Vec<(Name, String)>),
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
            operation: self.operation,
            error: None,
        }
    }
}

impl Call {
    pub(crate) fn new(client: Client, method: Method, path: String) -> Self {
        Self {
            client,
            request: Request {
                method,
                path,
                query: Vec::new(),
                headers: Vec::new(),
                body: Body::None,
                auth: true,
                accept: None,
                options: None,
                operation: None,
                error: None,
            },
        }
    }

    /// Sets query parameter `name`, replacing an earlier value of the same name.
    pub fn query<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        set_pair(
            &mut self.request.query,
            Name::Borrowed(name),
            value.to_query(),
        );
    }

    /// Removes query parameter `name` if it was set (an optional parameter's `set_x(None)`).
    pub fn remove_query(&mut self, name: &'static str) {
        remove_pair(&mut self.request.query, name);
    }

    /// [`query`](Self::query) with a name known only at run time (raw requests).
    pub(crate) fn query_owned(&mut self, name: String, value: String) {
        set_pair(&mut self.request.query, Name::Owned(name), value);
    }

    /// [`header`](Self::header) with a name known only at run time (raw requests).
    pub(crate) fn header_owned(&mut self, name: String, value: String) {
        set_pair(&mut self.request.headers, Name::Owned(name), value);
    }

    /// [`form_field`](Self::form_field) with a name known only at run time (raw requests).
    pub(crate) fn form_field_owned(&mut self, name: String, value: String) {
        match &mut self.request.body {
            Body::Form(fields) => set_pair(fields, Name::Owned(name), value),
            body => *body = Body::Form(vec![(Name::Owned(name), value)]),
        }
    }

    /// Sets header `name` (a header parameter), replacing an earlier value of the same name.
    /// An invalid name or value surfaces when the call is awaited.
    pub fn header(&mut self, name: &'static str, value: String) {
        set_pair(&mut self.request.headers, Name::Borrowed(name), value);
    }

    /// Removes header `name` if it was set (an optional header parameter's `set_x(None)`).
    pub fn remove_header(&mut self, name: &'static str) {
        remove_pair(&mut self.request.headers, name);
    }

    /// Serializes the JSON body now; a serialization error surfaces when the call is awaited.
    pub fn json_body<B: Serialize + ?Sized>(&mut self, body: &B) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.request.body = Body::Json(Bytes::from(bytes));
                self.request.error = None;
            }
            Err(e) => self.request.error = Some(Box::new(Error::Serialize(e))),
        }
    }

    /// A `text/plain` body.
    pub fn text_body(&mut self, body: String) {
        self.request.body = Body::Text(body);
    }

    /// One field of an `application/x-www-form-urlencoded` body, replacing an earlier value of
    /// the same name.
    pub fn form_field(&mut self, name: &'static str, value: String) {
        match &mut self.request.body {
            Body::Form(fields) => set_pair(fields, Name::Borrowed(name), value),
            body => *body = Body::Form(vec![(Name::Borrowed(name), value)]),
        }
    }

    /// Removes form field `name` if it was set (an optional form field's `set_x(None)`).
    pub fn remove_form_field(&mut self, name: &'static str) {
        if let Body::Form(fields) = &mut self.request.body {
            remove_pair(fields, name);
        }
    }

    /// Names the SDK method making this call (its operationId), for the errors it may end in.
    pub fn operation(&mut self, operation: &'static str) {
        self.request.operation = Some(operation);
    }

    /// This call authenticates itself (login): send no access token and do not log in first.
    pub fn without_auth(&mut self) {
        self.request.auth = false;
    }

    /// Options for this call (what they set replaces earlier options; headers add up).
    pub fn options(&mut self, options: RequestOptions) {
        self.request.options.get_or_insert_default().merge(options);
    }

    /// The request, for sending without decoding.
    pub(crate) fn into_request(self) -> Request {
        self.request
    }

    /// The boxed future that sends the call and reads its response whole.
    fn send(self) -> CallFuture<RawResponse> {
        let Self { client, request } = self;
        Box::pin(client.execute(request))
    }

    /// Sends the call and decodes its JSON response into `T` (when the future is polled: see
    /// [`ResponseFuture`]).
    pub fn json<T: DeserializeOwned>(mut self) -> ResponseFuture<T> {
        self.request.accept = Some("application/json");
        ResponseFuture {
            sending: self.send(),
            decoded: PhantomData,
        }
    }

    /// Sends the call and returns the raw body with its content type (never decoded as UTF-8).
    pub fn body(self) -> CallFuture<ResponseBody> {
        into_body(self.send())
    }

    /// Sends the call, accepting any 2xx response and discarding its body.
    pub fn empty(self) -> CallFuture<()> {
        // The sending future is boxed on its own: an `async` block that awaited it in place would
        // hold it twice (as captured and as awaited).
        let sending = self.send();
        Box::pin(async move {
            sending.await?;
            Ok(())
        })
    }

    /// Sends the call and hands back the body as a stream of chunks once the status is known to
    /// be 2xx (otherwise an [`Error::Api`], as for any call).
    pub fn stream(self) -> CallFuture<BodyStream> {
        let Self { client, request } = self;
        Box::pin(client.execute_stream(request))
    }

    /// Walks a JSON array result page by page with the query parameters `limit` and `offset`.
    pub fn pages<T>(mut self, limit: &'static str, offset: &'static str) -> Pages<T> {
        self.request.accept = Some("application/json");
        Pages::new(self.client, self.request, limit, offset)
    }
}
