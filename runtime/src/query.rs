//! How parameter values are written into URLs and form bodies: [`QueryValue`], [`path_segment`]
//! and the percent-encoding they share.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Every byte except RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so an
/// encoded value can stand anywhere in a path segment, query string or form body.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` once for use as a URL component.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Percent-encodes one path segment value exactly once (`/` becomes `%2F`, `%` becomes `%25`).
pub fn path_segment(value: &str) -> String {
    encode(value)
}

/// Writes `name=value` pairs as `application/x-www-form-urlencoded` text (also used for query
/// strings).
pub(crate) fn encode_pairs<N: AsRef<str>>(pairs: &[(N, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode(name.as_ref()));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// Sets `name` to `value` in `pairs`, replacing an earlier value of the same name in place.
pub(crate) fn set_pair<N: PartialEq>(pairs: &mut Vec<(N, String)>, name: N, value: String) {
    match pairs.iter_mut().find(|(existing, _)| *existing == name) {
        Some(pair) => pair.1 = value,
        None => pairs.push((name, value)),
    }
}

/// Removes the pair named `name`, if there is one (`set_x(None)` after `x(value)`).
pub(crate) fn remove_pair<N: AsRef<str>>(pairs: &mut Vec<(N, String)>, name: &str) {
    pairs.retain(|(existing, _)| existing.as_ref() != name);
}

/// How a parameter value is written into a query string (before percent-encoding).
pub trait QueryValue {
    /// The value as query text.
    fn to_query(&self) -> String;
}

impl QueryValue for str {
    fn to_query(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn to_query(&self) -> String {
        self.clone()
    }
}

impl QueryValue for i64 {
    fn to_query(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for i32 {
    fn to_query(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for f64 {
    fn to_query(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for bool {
    fn to_query(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

/// RFC 3339, such as `2024-05-06T07:08:09Z`.
impl QueryValue for DateTime<Utc> {
    fn to_query(&self) -> String {
        self.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// `YYYY-MM-DD`.
impl QueryValue for NaiveDate {
    fn to_query(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// Looker's delimited arrays: `a,b,c`.
impl<T: QueryValue> QueryValue for [T] {
    fn to_query(&self) -> String {
        let items: Vec<String> = self.iter().map(T::to_query).collect();
        items.join(",")
    }
}

/// Looker's delimited arrays: `a,b,c`.
impl<T: QueryValue> QueryValue for Vec<T> {
    fn to_query(&self) -> String {
        self.as_slice().to_query()
    }
}

/// Compact JSON: `{"a":"b"}`.
impl QueryValue for BTreeMap<String, String> {
    fn to_query(&self) -> String {
        // A map of strings always serializes; the fallback is unreachable in practice.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Compact JSON.
impl QueryValue for serde_json::Value {
    fn to_query(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!("a b".to_query(), "a b");
        assert_eq!(String::from("x").to_query(), "x");
        assert_eq!((-42i64).to_query(), "-42");
        assert_eq!(7i32.to_query(), "7");
        assert_eq!(1.5f64.to_query(), "1.5");
        assert_eq!(true.to_query(), "true");
        assert_eq!(false.to_query(), "false");
    }

    #[test]
    fn dates() {
        let at = DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid date");
        assert_eq!(at.to_query(), "2024-05-06T05:08:09Z");
        let day = NaiveDate::from_ymd_opt(2024, 1, 2).expect("valid date");
        assert_eq!(day.to_query(), "2024-01-02");
    }

    #[test]
    fn delimited_arrays_and_json() {
        let ids = vec!["a".to_owned(), "b c".to_owned()];
        assert_eq!(ids.to_query(), "a,b c");
        assert_eq!(ids[..].to_query(), "a,b c");
        assert_eq!(vec![1i64, 2, 3].to_query(), "1,2,3");
        assert_eq!([true, false][..].to_query(), "true,false");
        assert_eq!(Vec::<String>::new().to_query(), "");
        let map = BTreeMap::from([("k".to_owned(), "v".to_owned())]);
        assert_eq!(map.to_query(), r#"{"k":"v"}"#);
        assert_eq!(
            serde_json::json!({"a": [1, 2]}).to_query(),
            r#"{"a":[1,2]}"#
        );
    }

    #[test]
    fn pairs_replace_on_repeat_and_encode() {
        let mut pairs = Vec::new();
        set_pair(&mut pairs, "fields", "id".to_owned());
        set_pair(&mut pairs, "ids", "1,2".to_owned());
        set_pair(&mut pairs, "fields", "id,email".to_owned());
        assert_eq!(encode_pairs(&pairs), "fields=id%2Cemail&ids=1%2C2");
        remove_pair(&mut pairs, "fields");
        remove_pair(&mut pairs, "absent");
        assert_eq!(encode_pairs(&pairs), "ids=1%2C2");
        let pairs = vec![("q", "a b&c=d+é".to_owned())];
        assert_eq!(encode_pairs(&pairs), "q=a%20b%26c%3Dd%2B%C3%A9");
    }

    #[test]
    fn path_segments_are_encoded_once() {
        assert_eq!(path_segment("42"), "42");
        assert_eq!(path_segment("a b"), "a%20b");
        assert_eq!(path_segment("a/b"), "a%2Fb");
        assert_eq!(path_segment("100%"), "100%25");
        assert_eq!(path_segment("%2F"), "%252F");
        assert_eq!(path_segment("é"), "%C3%A9");
        assert_eq!(path_segment("a?b#c"), "a%3Fb%23c");
        assert_eq!(path_segment("my-model_v1.0~x"), "my-model_v1.0~x");
    }
}
