//! Connection settings ([`ApiSettings`]) and the [`Secret`] wrapper that keeps credentials out of
//! `Debug` output.

use std::fmt;
use std::time::Duration;

/// The default time limit for one request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Where and how to reach a Looker instance.
///
/// `Debug` never shows the client secret.
///
/// ```
/// use looker_sdk::ApiSettings;
///
/// let settings = ApiSettings::new("https://example.looker.com:19999", "client-id", "client-secret")
///     .timeout(std::time::Duration::from_secs(30));
/// assert!(!format!("{settings:?}").contains("client-secret"));
/// ```
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub(crate) base_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) timeout: Duration,
}

impl ApiSettings {
    /// Settings for the instance at `base_url` (such as `https://example.looker.com:19999`; the SDK
    /// appends `/api/4.0`), logging in with an API key's `client_id` and `client_secret`.
    ///
    /// Nothing is checked here: [`LookerSdk::new`](crate::LookerSdk::new) validates the settings.
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret.into()),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets the time limit for each request, from sending it to reading the whole response
    /// (default 120 seconds). A request that takes longer fails with
    /// [`Error::Timeout`](crate::Error::Timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The base URL, as given.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The time limit for each request.
    pub fn request_timeout(&self) -> Duration {
        self.timeout
    }
}

/// A credential (client secret or access token) whose `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that must send it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let settings = ApiSettings::new("https://x:19999", "the-id", "hunter2-secret");
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("***"), "{debug}");
        assert!(debug.contains("the-id"), "{debug}");
        assert!(!format!("{settings:#?}").contains("hunter2"));
    }

    #[test]
    fn timeout_defaults_to_120_seconds_and_can_be_set() {
        let settings = ApiSettings::new("https://x", "id", "secret");
        assert_eq!(settings.request_timeout(), Duration::from_secs(120));
        let settings = settings.timeout(Duration::from_secs(5));
        assert_eq!(settings.request_timeout(), Duration::from_secs(5));
    }
}
