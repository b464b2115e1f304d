//! [`RequestOptions`]: a timeout, extra headers, an agent tag and a retry policy for one call.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::retry::RetryPolicy;

/// Options for one call, given to the `with_options` method of any request; each option that is
/// set replaces the client's setting for that call only.
///
/// ```no_run
/// # async fn run(sdk: looker_sdk::LookerSdk) -> looker_sdk::Result<()> {
/// use std::time::Duration;
/// use looker_sdk::{RequestOptions, RetryPolicy};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(600))
///     .header("x-request-id", "nightly-export-42")
///     .agent_tag("nightly-export")
///     .retry(RetryPolicy::new().max_tries(5));
/// let dashboards = sdk.all_dashboards().with_options(options).await?;
/// # let _ = dashboards;
/// # Ok(())
/// # }
/// ```
///
/// `Debug` shows header names but not their values.
#[derive(Clone)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) agent_tag: Option<HeaderValue>,
    pub(crate) retry: Option<RetryPolicy>,
    /// The first invalid option, reported as [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// when the call is sent.
    pub(crate) invalid: Option<String>,
}

impl Default for RequestOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub const fn new() -> Self {
        Self {
            timeout: None,
            headers: Vec::new(),
            agent_tag: None,
            retry: None,
            invalid: None,
        }
    }

    /// The time limit for this call, replacing [`ApiSettings::timeout`](crate::ApiSettings::timeout):
    /// from sending the request to reading the whole response, or to receiving the response's
    /// headers and then between two chunks of a streamed body. Each try of a retried call gets
    /// the full time.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the header `name: value` with this call, replacing a header of the same name that
    /// the SDK would send (except `Authorization`, which the client manages). An invalid name or
    /// value, or `Authorization`, is an [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// when the call is sent. Header names are case-insensitive.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value.as_ref()).ok());
        match parsed {
            Some((name, _)) if name == AUTHORIZATION => self.invalid(format!(
                "the `{name}` header is managed by the client and cannot be set per call"
            )),
            Some((name, mut value)) => {
                // Values may be credentials of the caller's own: keep them out of `Debug`.
                value.set_sensitive(true);
                self.headers.push((name, value));
                self
            }
            None => self.invalid(format!("invalid name or value for header `{name}`")),
        }
    }

    /// The agent tag sent as `x-looker-appid` with this call, replacing
    /// [`ApiSettings::agent_tag`](crate::ApiSettings::agent_tag). Looker records it with the
    /// call in its activity logs (System Activity).
    pub fn agent_tag(mut self, agent_tag: impl AsRef<str>) -> Self {
        match HeaderValue::from_str(agent_tag.as_ref()) {
            Ok(value) => self.agent_tag = Some(value),
            Err(_) => return self.invalid("the agent tag is not a valid header value".to_owned()),
        }
        self
    }

    /// Retries this call by `policy`, replacing [`ApiSettings::retry`](crate::ApiSettings::retry);
    /// [`RetryPolicy::never`] switches retrying off for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Applies `later` on top of these options: what `later` sets wins, headers add up.
    pub(crate) fn merge(&mut self, later: RequestOptions) {
        let RequestOptions {
            timeout,
            headers,
            agent_tag,
            retry,
            invalid,
        } = later;
        self.timeout = timeout.or(self.timeout);
        self.headers.extend(headers);
        self.agent_tag = agent_tag.or(self.agent_tag.take());
        self.retry = retry.or(self.retry);
        if self.invalid.is_none() {
            self.invalid = invalid;
        }
    }

    fn invalid(mut self, message: String) -> Self {
        self.invalid.get_or_insert(message);
        self
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names)
            .field("agent_tag", &self.agent_tag)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_headers_are_kept_for_later_and_authorization_is_refused() {
        let options = RequestOptions::new().header("x-ok", "1");
        assert!(options.invalid.is_none());
        assert_eq!(options.headers.len(), 1);
        let options = options.header("bad name", "1").header("x-also-bad", "a\nb");
        assert!(
            options
                .invalid
                .as_deref()
                .is_some_and(|m| m.contains("bad name")),
            "{:?}",
            options.invalid
        );
        let options = RequestOptions::new().header("Authorization", "Bearer x");
        assert!(options.invalid.is_some());
        assert!(options.headers.is_empty());
        assert!(RequestOptions::new().agent_tag("a\u{0}").invalid.is_some());
    }

    #[test]
    fn debug_shows_header_names_only() {
        let options = RequestOptions::new().header("x-api-key", "very-secret-value");
        let debug = format!("{options:?}");
        assert!(debug.contains("x-api-key"), "{debug}");
        assert!(!debug.contains("very-secret-value"), "{debug}");
    }

    #[test]
    fn merge_keeps_earlier_values_that_later_options_do_not_set() {
        let mut options = RequestOptions::new()
            .timeout(Duration::from_secs(1))
            .agent_tag("a")
            .header("x-1", "1");
        options.merge(
            RequestOptions::new()
                .header("x-2", "2")
                .retry(RetryPolicy::never()),
        );
        assert_eq!(options.timeout, Some(Duration::from_secs(1)));
        assert_eq!(options.agent_tag, Some(HeaderValue::from_static("a")));
        assert_eq!(options.headers.len(), 2);
        assert_eq!(options.retry, Some(RetryPolicy::never()));
        options.merge(RequestOptions::new().timeout(Duration::from_secs(2)));
        assert_eq!(options.timeout, Some(Duration::from_secs(2)));
    }
}
