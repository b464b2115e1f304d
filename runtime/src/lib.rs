//! The runtime of the Rust Looker SDK ([`looker-sdk`](https://docs.rs/looker-sdk)): settings,
//! authentication, sending requests, retries, paging, streaming and decoding responses.
//!
//! Applications use it through `looker_sdk`, which re-exports everything here and adds one method
//! per API operation on its `LookerSdk` (a thin wrapper over [`Client`]). The runtime is its own
//! crate, with its own version, so that a fix here ships without a new Looker release of the
//! generated crate.
//!
//! Generated code builds each operation on [`Client::call`] and [`Call`] (hidden from these docs:
//! they are for generated code); every request goes out through one function in `client.rs`. The
//! API version and the Looker release reach the runtime as data: [`ApiInfo`], given by the
//! generated crate through [`Sdk`].
#![warn(missing_docs)]

mod auth;
mod call;
mod client;
#[doc(hidden)]
pub mod de;
mod enums;
mod error;
mod oauth;
mod options;
mod paging;
mod query;
mod raw;
mod response;
mod retry;
pub mod ser;
mod settings;
mod stream;
mod time;

pub use auth::AuthToken;
#[doc(hidden)]
pub use call::Call;
pub use call::{CallFuture, ResponseFuture};
pub use client::{ApiInfo, Client, Sdk, install_crypto_provider};
pub use error::{ApiErrorBody, ApiErrorDetail, Endpoint, Error, Result};
pub use oauth::{OAuthFlow, Pkce};
pub use options::RequestOptions;
pub use paging::{Items, Pages};
#[doc(hidden)]
pub use query::QueryValue;
pub use query::path_segment;
pub use raw::RawRequest;
/// HTTP methods, for [`Client::request`].
pub use reqwest::Method;
pub use response::{ResponseBody, decode_json};
pub use retry::RetryPolicy;
pub use ser::Nullable;
pub use settings::{ApiSettings, ApiSettingsBuilder, DEFAULT_ENV_PREFIX, DEFAULT_INI_FILE};
pub use stream::BodyStream;
pub use time::DateTimeValue;
