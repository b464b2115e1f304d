//! [`Pages`]: walking an operation with `limit`/`offset` parameters page by page, following
//! Looker's `Link` and `X-Total-Count` headers.
//!
//! Everything but decoding a page is in the non-generic [`Cursor`], so that each item type adds
//! only a little code.

use std::fmt;
use std::future::poll_fn;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;

use super::call::{CallFuture, Request};
use super::client::Client;
use super::error::{Error, Result};
use super::query::set_pair;
use super::response::{RawResponse, decode_json};

/// The page size when the caller sets no `limit`.
const DEFAULT_PAGE_SIZE: u64 = 100;

/// The results of a search or list operation, page by page: what the `pages` method of
/// operations with `limit` and `offset` parameters hands back.
///
/// It is a [`Stream`] of pages (`Vec<T>`); use it with the `futures` crate's `StreamExt`, or
/// call [`next_page`](Self::next_page). Each page is one call, sent with the request's options;
/// the request's `limit` is the page size (100 when not set) and its `offset` the start.
///
/// The next page is the one Looker's `Link` header names as `rel="next"` (only its `offset` and
/// `limit` are taken: the call goes to the client's own base URL). Without a `Link` header, the
/// offset advances by the length of each page, and a page shorter than the page size is the
/// last. An empty page always ends the walk, and so does an error (after it is handed out).
///
/// ```no_run
/// # async fn run(sdk: looker_sdk::LookerSdk) -> looker_sdk::Result<()> {
/// let mut pages = sdk.search_users().fields("id,email").limit(500).pages();
/// while let Some(page) = pages.next_page().await {
///     for user in page? {
///         println!("{:?}", user.email);
///     }
///     println!("of {:?} users", pages.total_count());
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "pages do nothing until they are polled"]
pub struct Pages<T> {
    cursor: Cursor,
    fetching: Option<CallFuture<RawResponse>>,
    items: PhantomData<fn() -> T>,
}

/// Where a walk through pages is: everything about [`Pages`] that does not depend on the item type.
struct Cursor {
    client: Client,
    request: Request,
    /// A problem found while building the request, handed out as the first item.
    error: Option<Error>,
    limit_name: &'static str,
    offset_name: &'static str,
    limit: u64,
    /// The offset of the next page; `None` when the walk is over.
    next_offset: Option<u64>,
    total: Option<u64>,
}

/// What a `Link` header says about the next page.
#[derive(Debug, PartialEq, Eq)]
enum NextLink {
    /// The response has no `Link` header.
    Absent,
    /// It has one without `rel="next"`: this is the last page.
    None,
    /// `rel="next"`, with the `offset` and `limit` of its URL if it has them.
    Next {
        offset: Option<u64>,
        limit: Option<u64>,
    },
}

impl<T> Pages<T> {
    pub(crate) fn new(
        client: Client,
        mut request: Request,
        limit_name: &'static str,
        offset_name: &'static str,
    ) -> Self {
        let error = request.error.take().map(|error| *error);
        let number = |name: &str| {
            request
                .query
                .iter()
                .find(|(key, _)| *key == name)
                .and_then(|(_, value)| value.trim().parse::<u64>().ok())
        };
        let limit = number(limit_name)
            .filter(|limit| *limit > 0)
            .unwrap_or(DEFAULT_PAGE_SIZE);
        let offset = number(offset_name).unwrap_or(0);
        Self {
            cursor: Cursor {
                client,
                request,
                error,
                limit_name,
                offset_name,
                limit,
                next_offset: Some(offset),
                total: None,
            },
            fetching: None,
            items: PhantomData,
        }
    }

    /// The total number of results (Looker's `X-Total-Count` header), once a page that had it
    /// has arrived.
    pub fn total_count(&self) -> Option<u64> {
        self.cursor.total
    }
}

impl<T: DeserializeOwned> Pages<T> {
    /// The next page, or `None` after the last: the stream's next item, for callers without
    /// the `futures` crate.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The results one by one instead of page by page: a stream of items that fetches the next
    /// page when the last one's items are used up. An error ends it, as it ends the pages.
    ///
    /// ```no_run
    /// # async fn run(sdk: looker_sdk::LookerSdk) -> looker_sdk::Result<()> {
    /// let mut users = sdk.search_users().limit(100).pages().items();
    /// while let Some(user) = users.next_item().await {
    ///     println!("{:?}", user?.display_name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn items(self) -> Items<T> {
        Items {
            pages: self,
            page: Vec::new().into_iter(),
        }
    }
}

/// The items of [`Pages`], one at a time ([`Pages::items`]).
pub struct Items<T> {
    pages: Pages<T>,
    page: std::vec::IntoIter<T>,
}

// Nothing in `Items` is pinned in place (the items are plain values handed out by move).
impl<T> Unpin for Items<T> {}

impl<T> Items<T> {
    /// The total number of results (Looker's `X-Total-Count` header), once a page that had it
    /// has arrived.
    pub fn total_count(&self) -> Option<u64> {
        self.pages.total_count()
    }
}

impl<T: DeserializeOwned> Items<T> {
    /// The next item, or `None` after the last: the stream's next item, for callers without
    /// the `futures` crate.
    pub async fn next_item(&mut self) -> Option<Result<T>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: DeserializeOwned> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.page = page.into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("left_in_page", &self.page.len())
            .finish()
    }
}

impl<T: DeserializeOwned> Stream for Pages<T> {
    type Item = Result<Vec<T>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.fetching.is_none() {
            match this.cursor.start() {
                Ok(Some(fetching)) => this.fetching = Some(fetching),
                Ok(None) => return Poll::Ready(None),
                Err(error) => return Poll::Ready(Some(Err(error))),
            }
        }
        let Some(fetching) = this.fetching.as_mut() else {
            return Poll::Ready(None);
        };
        let Poll::Ready(response) = fetching.as_mut().poll(cx) else {
            return Poll::Pending;
        };
        this.fetching = None;
        let page = response.and_then(|response| {
            let page: Vec<T> = decode_json(&response.body)?;
            this.cursor.advance(&response.headers, page.len());
            Ok(page)
        });
        if page.is_err() {
            this.cursor.next_offset = None;
        }
        Poll::Ready(Some(page))
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("path", &self.cursor.request.path)
            .field("limit", &self.cursor.limit)
            .field("next_offset", &self.cursor.next_offset)
            .field("total_count", &self.cursor.total)
            .finish_non_exhaustive()
    }
}

impl Cursor {
    /// Starts fetching the next page; `Ok(None)` when the walk is over.
    fn start(&mut self) -> Result<Option<CallFuture<RawResponse>>> {
        if let Some(error) = self.error.take() {
            self.next_offset = None;
            return Err(error);
        }
        let Some(offset) = self.next_offset else {
            return Ok(None);
        };
        let mut request = self.request.duplicate();
        set_pair(
            &mut request.query,
            self.limit_name.into(),
            self.limit.to_string(),
        );
        set_pair(
            &mut request.query,
            self.offset_name.into(),
            offset.to_string(),
        );
        let client = self.client.clone();
        Ok(Some(Box::pin(client.execute(request))))
    }

    /// Moves past a page of `count` items that came with `headers`.
    fn advance(&mut self, headers: &HeaderMap, count: usize) {
        if let Some(total) = headers
            .get("x-total-count")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok())
        {
            self.total = Some(total);
        }
        let offset = self.next_offset.unwrap_or(0);
        let link = next_link(headers, self.offset_name, self.limit_name);
        if let NextLink::Next {
            limit: Some(limit), ..
        } = link
        {
            self.limit = limit.max(1);
        }
        self.next_offset = next_offset(offset, self.limit, count, self.total, &link);
    }
}

/// The offset of the page after the one at `offset` with `count` items, or `None` if it was the
/// last (see [`Pages`]).
fn next_offset(
    offset: u64,
    limit: u64,
    count: usize,
    total: Option<u64>,
    link: &NextLink,
) -> Option<u64> {
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    let after = offset.saturating_add(count);
    if count == 0 {
        return None;
    }
    match link {
        NextLink::None => None,
        // Only forward: a link back to this page or before would loop forever.
        NextLink::Next {
            offset: Some(next), ..
        } => (*next > offset).then_some(*next),
        NextLink::Next { offset: None, .. } => Some(after),
        NextLink::Absent if count < limit => None,
        NextLink::Absent if total.is_some_and(|total| after >= total) => None,
        NextLink::Absent => Some(after),
    }
}

/// Reads the `rel="next"` entry of the `Link` headers (RFC 8288), such as
/// `<https://host/api/4.0/users/search?limit=2&offset=2>; rel="next", <...>; rel="last"`, and
/// the `offset` and `limit` query parameters of its URL.
fn next_link(headers: &HeaderMap, offset_name: &str, limit_name: &str) -> NextLink {
    let mut values = headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .peekable();
    if values.peek().is_none() {
        return NextLink::Absent;
    }
    let Some(target) = values.find_map(find_next) else {
        return NextLink::None;
    };
    // Relative references are resolved against a placeholder: only the query is used.
    let url = Url::parse(target)
        .or_else(|_| Url::parse("http://link.invalid/").and_then(|base| base.join(target)));
    let Ok(url) = url else {
        return NextLink::Next {
            offset: None,
            limit: None,
        };
    };
    let number = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.trim().parse().ok())
    };
    NextLink::Next {
        offset: number(offset_name),
        limit: number(limit_name),
    }
}

/// The target of the `rel="next"` link in one `Link` header value, if it has one.
fn find_next(value: &str) -> Option<&str> {
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>')?;
        let target = &after[..end];
        let params_end = after[end..].find('<').map_or(after.len(), |i| end + i);
        let params = &after[end + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target);
        }
        rest = &after[params_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn links(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.append(LINK, value);
            }
        }
        headers
    }

    fn next(offset: Option<u64>, limit: Option<u64>) -> NextLink {
        NextLink::Next { offset, limit }
    }

    #[test]
    fn link_headers_as_looker_sends_them() {
        let headers = links(&[
            "<https://x:19999/api/4.0/users/search?fields=id,name&limit=2&offset=0>; rel=\"first\", \
             <https://x:19999/api/4.0/users/search?fields=id,name&limit=2&offset=4>; rel=\"next\", \
             <https://x:19999/api/4.0/users/search?fields=id,name&limit=2&offset=8>; rel=\"last\"",
        ]);
        assert_eq!(
            next_link(&headers, "offset", "limit"),
            next(Some(4), Some(2))
        );
    }

    #[test]
    fn link_header_variants() {
        let cases: &[(&[&str], NextLink)] = &[
            (&[], NextLink::Absent),
            (&["<https://x/a?offset=2>; rel=\"prev\""], NextLink::None),
            (&["<https://x/a?offset=2>; rel=next"], next(Some(2), None)),
            (
                &["</api/4.0/a?offset=6&limit=3>; REL=\"Next\""],
                next(Some(6), Some(3)),
            ),
            (
                &[
                    "<https://x/a?o=1>; rel=\"last\"",
                    "<https://x/a?offset=9>; rel=\"next last\"",
                ],
                next(Some(9), None),
            ),
            (
                &["<https://x/a>; title=\"next\"; rel=\"next\""],
                next(None, None),
            ),
            (
                &["<https://x/a?offset=abc>; rel=\"next\""],
                next(None, None),
            ),
            (&["garbage"], NextLink::None),
            (&["<https://x/a?offset=2; rel=\"next\""], NextLink::None),
        ];
        for (values, expected) in cases {
            assert_eq!(
                &next_link(&links(values), "offset", "limit"),
                expected,
                "{values:?}"
            );
        }
    }

    #[test]
    fn offsets_without_link_headers() {
        // A full page: on to the next one.
        assert_eq!(next_offset(0, 10, 10, None, &NextLink::Absent), Some(10));
        // A short or empty page is the last.
        assert_eq!(next_offset(10, 10, 3, None, &NextLink::Absent), None);
        assert_eq!(next_offset(10, 10, 0, None, &NextLink::Absent), None);
        // The total count says when the last page is full.
        assert_eq!(next_offset(10, 10, 10, Some(20), &NextLink::Absent), None);
        assert_eq!(
            next_offset(10, 10, 10, Some(21), &NextLink::Absent),
            Some(20)
        );
    }

    #[test]
    fn offsets_with_link_headers() {
        assert_eq!(
            next_offset(0, 10, 10, None, &next(Some(10), None)),
            Some(10)
        );
        // The link is followed even after a short page (the server may cap the page size)...
        assert_eq!(next_offset(0, 10, 5, None, &next(Some(5), None)), Some(5));
        // ...but never backwards, and never after an empty page.
        assert_eq!(next_offset(10, 10, 10, None, &next(Some(10), None)), None);
        assert_eq!(next_offset(10, 10, 10, None, &next(Some(0), None)), None);
        assert_eq!(next_offset(0, 10, 0, None, &next(Some(10), None)), None);
        // No rel="next": the last page, however full.
        assert_eq!(next_offset(0, 10, 10, Some(100), &NextLink::None), None);
        // A next link without an offset: advance by the page.
        assert_eq!(next_offset(0, 10, 10, None, &next(None, None)), Some(10));
    }
}
