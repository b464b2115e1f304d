//! [`RetryPolicy`]: when and how long to wait before sending a request again.
//!
//! Only the decisions live here (which responses are worth repeating, how long to wait); the
//! loop that repeats requests is in `client.rs`, where requests go out.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::HeaderValue;

/// Retrying failed calls: opt-in, for the client in
/// [`ApiSettings::retry`](crate::ApiSettings::retry) or per call in
/// [`RequestOptions::retry`](crate::RequestOptions::retry).
///
/// A call is sent again when Looker answers
///
/// - **429 Too Many Requests** or **503 Service Unavailable**,
/// - **502 Bad Gateway** or **504 Gateway Timeout** (a load balancer or proxy in front of Looker
///   that could not reach it), or
/// - **202 Accepted** with a `Retry-After` header, which is how Looker says that a result (such as
///   a render task's) is not ready yet,
///
/// and when the connection to Looker cannot be made at all (refused, unreachable, a failed TLS
/// handshake): nothing was sent then, so any method may be sent again.
///
/// waiting as long as the `Retry-After` header says (in seconds or as an HTTP date) or, without
/// one, for a capped exponential backoff with jitter. A call is sent at most
/// [`max_tries`](Self::max_tries) times in all. When `Retry-After` asks for a longer wait than
/// [`max_delay`](Self::max_delay), the call is not retried and the response is returned.
///
/// Requests that are not safe to repeat (`POST` and `PATCH`) are never retried unless the policy
/// says [`allow_unsafe`](Self::allow_unsafe); `GET`, `HEAD`, `PUT`, `DELETE` and `OPTIONS` are.
///
/// ```
/// use std::time::Duration;
/// use looker_sdk_rtl::RetryPolicy;
///
/// let policy = RetryPolicy::new()
///     .max_tries(5)
///     .base_delay(Duration::from_millis(250))
///     .max_delay(Duration::from_secs(20));
/// assert_eq!(policy.tries(), 5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_tries: u32,
    base_delay: Duration,
    max_delay: Duration,
    allow_unsafe: bool,
}

impl Default for RetryPolicy {
    /// Three tries, backing off from half a second, waiting at most a minute.
    fn default() -> Self {
        Self {
            max_tries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            allow_unsafe: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy: three tries, backing off from half a second, waiting at most a minute,
    /// never repeating `POST` or `PATCH`.
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: each call is sent once. Useful per call to switch off a client-wide policy.
    pub fn never() -> Self {
        Self {
            max_tries: 1,
            ..Self::default()
        }
    }

    /// Sends a call at most `max_tries` times in all, the first try included (at least 1).
    pub fn max_tries(mut self, max_tries: u32) -> Self {
        self.max_tries = max_tries.max(1);
        self
    }

    /// The wait before the second try when the server gives no `Retry-After`; it doubles with
    /// each further try, up to [`max_delay`](Self::max_delay).
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest wait between two tries, for the backoff and for `Retry-After`.
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Also retries `POST` and `PATCH` requests. Only for calls that are safe to repeat: a
    /// request that got a 503 may have been carried out anyway.
    pub fn allow_unsafe(mut self) -> Self {
        self.allow_unsafe = true;
        self
    }

    /// The most tries a call gets, the first included.
    pub fn tries(&self) -> u32 {
        self.max_tries
    }

    /// Whether a request with `method` may be sent again under this policy.
    pub(crate) fn may_repeat(&self, method: &Method) -> bool {
        self.allow_unsafe || is_idempotent(method)
    }

    /// How long to wait before try number `tries + 1`, or `None` to stop: out of tries, or the
    /// server asks for a longer wait than [`max_delay`](Self::max_delay).
    pub(crate) fn delay(&self, tries: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if tries >= self.max_tries {
            return None;
        }
        match retry_after {
            Some(wait) if wait > self.max_delay => None,
            Some(wait) => Some(wait),
            None => Some(jittered(self.backoff(tries), random_fraction())),
        }
    }

    /// The capped exponential backoff after `tries` tries, before jitter:
    /// `min(max_delay, base_delay * 2^(tries - 1))`.
    fn backoff(&self, tries: u32) -> Duration {
        let doublings = tries.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(1 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// Whether Looker's answer `status` asks to try again later (given a `Retry-After` header or not).
pub(crate) fn is_retryable_status(status: u16, has_retry_after: bool) -> bool {
    match status {
        429 | 502 | 503 | 504 => true,
        202 => has_retry_after,
        _ => false,
    }
}

/// Methods that RFC 9110 defines as idempotent: repeating them has the effect of sending once.
fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// "Equal jitter": half of `delay`, plus a random part of the other half.
fn jittered(delay: Duration, fraction: f64) -> Duration {
    let half = delay / 2;
    half + half.mul_f64(fraction.clamp(0.0, 1.0))
}

/// A random number in `[0, 1)`, from the standard library's randomly seeded hasher (no
/// dependency on a random number crate for a little jitter).
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    // The top 53 bits make an evenly spread f64 in [0, 1).
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Reads a `Retry-After` header: a number of seconds, or an HTTP date (which counts from `now`;
/// a date in the past means "now"). `None` if it is neither.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is "a very long time".
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> HeaderValue {
        HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after(&header("120"), now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(&header(" 0 "), now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(&header("99999999999999999999999"), now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "soon", "12s"] {
            assert_eq!(parse_retry_after(&header(bad), now), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_as_an_http_date() {
        // Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example.
        let date = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let now = date - Duration::from_secs(30);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(&header(text), now),
                Some(Duration::from_secs(30)),
                "{text}"
            );
        }
        // A date in the past: try again now.
        let later = date + Duration::from_secs(5);
        assert_eq!(
            parse_retry_after(&header("Sun, 06 Nov 1994 08:49:37 GMT"), later),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(&header("Sun, 36 Nov 1994 08:49:37 GMT"), now),
            None
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(1000));
        let waits: Vec<u128> = (1..=6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        // No overflow, however many tries.
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(1000));
        let huge = RetryPolicy::new()
            .base_delay(Duration::MAX)
            .max_delay(Duration::from_secs(5));
        assert_eq!(huge.backoff(40), Duration::from_secs(5));
    }

    #[test]
    fn jitter_stays_between_half_and_all_of_the_delay() {
        let delay = Duration::from_millis(800);
        assert_eq!(jittered(delay, 0.0), Duration::from_millis(400));
        assert_eq!(jittered(delay, 1.0), delay);
        assert_eq!(jittered(delay, 7.0), delay);
        for _ in 0..100 {
            let fraction = random_fraction();
            assert!((0.0..1.0).contains(&fraction), "{fraction}");
        }
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(300));
        for tries in 1..3 {
            let wait = policy.delay(tries, None).unwrap_or_default();
            let full = policy.backoff(tries);
            assert!(wait >= full / 2 && wait <= full, "{wait:?} for {full:?}");
        }
    }

    #[test]
    fn delay_stops_after_max_tries_and_on_a_long_retry_after() {
        let policy = RetryPolicy::new()
            .max_tries(3)
            .max_delay(Duration::from_secs(10));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(policy.delay(2, Some(Duration::ZERO)), Some(Duration::ZERO));
        assert_eq!(policy.delay(3, Some(Duration::from_secs(1))), None);
        assert_eq!(policy.delay(3, None), None);
        assert_eq!(policy.delay(1, Some(Duration::from_secs(11))), None);
        assert_eq!(RetryPolicy::never().delay(1, None), None);
        assert_eq!(RetryPolicy::new().max_tries(0).tries(), 1);
    }

    #[test]
    fn only_idempotent_methods_repeat_unless_allowed() {
        let policy = RetryPolicy::new();
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(policy.may_repeat(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!policy.may_repeat(&method), "{method}");
            assert!(policy.allow_unsafe().may_repeat(&method), "{method}");
        }
    }

    #[test]
    fn retryable_statuses() {
        assert!(is_retryable_status(429, false));
        assert!(is_retryable_status(503, true));
        assert!(is_retryable_status(502, false));
        assert!(is_retryable_status(504, false));
        assert!(is_retryable_status(202, true));
        assert!(!is_retryable_status(202, false));
        for status in [200, 400, 401, 404, 500, 501, 505] {
            assert!(!is_retryable_status(status, true), "{status}");
        }
    }
}
