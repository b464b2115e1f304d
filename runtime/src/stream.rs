//! [`BodyStream`]: the body of a text or binary response as a stream of byte chunks.

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use tokio::time::Sleep;

use super::client::transport_error;
use super::error::{Error, Result};

/// The body of a successful response, as it arrives: what the `stream` method of text and binary
/// operations (such as `run_inline_query`, `render_task_results` or `content_thumbnail`) hands
/// back, so that a large CSV or PDF never sits in memory whole.
///
/// It is a [`Stream`] of [`Bytes`] chunks, exactly as received (never decoded as text); use it
/// with the `futures` crate's `StreamExt`, or call [`next_chunk`](Self::next_chunk). The status
/// has already been checked: a non-2xx answer is an [`Error::Api`] from `stream()` itself.
///
/// The call's time limit applies to each wait for the next chunk, not to the whole body, so a
/// long download does not time out while data keeps coming. After an error the stream ends.
///
/// ```no_run
/// # async fn run(sdk: looker_sdk::LookerSdk, query: looker_sdk::models::WriteQuery) -> Result<(), Box<dyn std::error::Error>> {
/// use std::io::Write;
///
/// let mut csv = sdk.run_inline_query("csv", &query).stream().await?;
/// let mut file = std::fs::File::create("result.csv")?;
/// while let Some(chunk) = csv.next_chunk().await {
///     file.write_all(&chunk?)?;
/// }
/// # Ok(())
/// # }
/// ```
pub struct BodyStream {
    chunks: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send + Sync>>,
    status: u16,
    headers: HeaderMap,
    content_length: Option<u64>,
    /// The longest wait for one chunk.
    idle_limit: Duration,
    /// Set while waiting for a chunk.
    waiting: Option<Pin<Box<Sleep>>>,
    finished: bool,
}

impl BodyStream {
    pub(crate) fn new(response: reqwest::Response, idle_limit: Duration) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_length = response.content_length();
        Self {
            status,
            chunks: Box::pin(response.bytes_stream()),
            headers,
            content_length,
            idle_limit,
            waiting: None,
            finished: false,
        }
    }

    /// The HTTP status, such as 200, or 202 (with an empty body) when Looker says the result is
    /// not ready yet (see [`RetryPolicy`](crate::RetryPolicy) to wait for it instead).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, such as `text/csv; charset=utf-8` or `application/pdf`.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The length of the body, if the server announced it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk of the body, or `None` at its end: the stream's next item, for callers
    /// without the `futures` crate.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for BodyStream {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.waiting = None;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                this.finished = true;
                Poll::Ready(Some(Err(transport_error(error))))
            }
            Poll::Ready(None) => {
                this.finished = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let limit = this.idle_limit;
                let waiting = this
                    .waiting
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                if waiting.as_mut().poll(cx).is_ready() {
                    this.finished = true;
                    return Poll::Ready(Some(Err(Error::Timeout)));
                }
                Poll::Pending
            }
        }
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
