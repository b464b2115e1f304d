//! The SDK's runtime: settings, authentication, sending requests and decoding responses.
//!
//! Generated code builds each operation on [`LookerSdk::call`] and [`Call`]; every request goes
//! out through one private function in [`client`].

mod auth;
mod call;
mod client;
pub(crate) mod de;
mod enums;
mod error;
mod oauth;
mod options;
mod paging;
mod query;
mod response;
mod retry;
mod settings;
mod stream;
mod time;

pub use auth::AuthToken;
pub(crate) use call::Call;
pub use call::ResponseFuture;
pub use client::LookerSdk;
// The generator may declare enums itself and use only `string_enum_impls!`.
#[allow(unused_imports)]
pub(crate) use enums::{string_enum, string_enum_impls};
pub use error::{ApiErrorBody, ApiErrorDetail, Error, Result};
pub use oauth::{OAuthFlow, Pkce};
pub use options::RequestOptions;
pub use paging::Pages;
pub(crate) use query::path_segment;
// For generated code that names the bound; `Call::query` alone does not need it.
#[allow(unused_imports)]
pub(crate) use query::QueryValue;
pub use response::{ResponseBody, decode_json};
pub use retry::RetryPolicy;
pub use settings::{ApiSettings, ApiSettingsBuilder, DEFAULT_ENV_PREFIX};
pub use stream::BodyStream;
pub use time::DateTimeValue;
