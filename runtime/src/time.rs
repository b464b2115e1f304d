//! [`DateTimeValue`]: a date or date-time field of a response, read as what the server sent.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};

/// A date or a date and time from a response, kept as precisely as the server sent it.
///
/// The spec declares such fields `format: date-time` or `format: date`, but Looker's servers
/// also send timestamps without a time zone, bare dates in date-time fields and full timestamps
/// in date fields. Rather than guess a time zone or drop a time, the value says which it got:
///
/// - [`DateTime`](Self::DateTime): a date and time with a UTC offset, in the form RFC 3339 uses
///   (`2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.000+02:00`; a space for the `T` and
///   `+0200` are read too);
/// - [`Naive`](Self::Naive): a date and time without an offset (`2024-05-01T12:30:00`,
///   `2024-05-01 12:30:00.5`), whose time zone the server did not say;
/// - [`Date`](Self::Date): a calendar date (`2024-05-01`);
/// - [`Text`](Self::Text): anything else, kept as sent (`""`, `"yesterday"`, or a number such
///   as `1714566600` as its text, never taken for epoch seconds).
///
/// Decoding never fails on a string or a number; a boolean, array or object is an error. It
/// serializes as the text it was read from (a `DateTime` in RFC 3339 with `Z` for UTC, a
/// `Naive` without an offset, a `Date` as `YYYY-MM-DD`, a `Text` unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DateTimeValue {
    /// A date and time with its UTC offset.
    DateTime(DateTime<FixedOffset>),
    /// A date and time without a UTC offset: the server did not say which time zone.
    Naive(NaiveDateTime),
    /// A calendar date without a time.
    Date(NaiveDate),
    /// Text that is none of the above, exactly as sent.
    Text(String),
}

impl DateTimeValue {
    /// Reads `text` as the first of the variants it fits, or keeps it as [`Self::Text`].
    pub fn parse(text: &str) -> Self {
        if let Ok(t) = text.parse::<DateTime<FixedOffset>>() {
            return Self::DateTime(t);
        }
        if let Ok(t) = text
            .parse::<NaiveDateTime>()
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        {
            return Self::Naive(t);
        }
        match text.parse::<NaiveDate>() {
            Ok(d) => Self::Date(d),
            Err(_) => Self::Text(text.to_owned()),
        }
    }

    /// The instant in UTC, for a [`Self::DateTime`]; `None` for the others, whose instant
    /// depends on a time zone the server did not say.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::DateTime(t) => Some(t.with_timezone(&Utc)),
            _ => None,
        }
    }

    /// The calendar date as sent (for a [`Self::DateTime`], in its own offset); `None` for
    /// [`Self::Text`].
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Self::DateTime(t) => Some(t.date_naive()),
            Self::Naive(t) => Some(t.date()),
            Self::Date(d) => Some(*d),
            Self::Text(_) => None,
        }
    }
}

impl fmt::Display for DateTimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DateTime(t) => f.write_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            Self::Naive(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%.f")),
            Self::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::Text(text) => f.write_str(text),
        }
    }
}

impl FromStr for DateTimeValue {
    type Err = std::convert::Infallible;

    /// As [`DateTimeValue::parse`]: never fails.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(text))
    }
}

impl From<DateTime<Utc>> for DateTimeValue {
    fn from(t: DateTime<Utc>) -> Self {
        Self::DateTime(t.fixed_offset())
    }
}

impl From<DateTime<FixedOffset>> for DateTimeValue {
    fn from(t: DateTime<FixedOffset>) -> Self {
        Self::DateTime(t)
    }
}

impl From<NaiveDateTime> for DateTimeValue {
    fn from(t: NaiveDateTime) -> Self {
        Self::Naive(t)
    }
}

impl From<NaiveDate> for DateTimeValue {
    fn from(d: NaiveDate) -> Self {
        Self::Date(d)
    }
}

impl serde::Serialize for DateTimeValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DateTimeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Sent)
    }
}

/// Reads a string (parsed) or a number (as its text).
struct Sent;

impl Visitor<'_> for Sent {
    type Value = DateTimeValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date or date-time string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(DateTimeValue::parse(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(DateTimeValue::Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(DateTimeValue::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(DateTimeValue::Text(super::de::float_text(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::DateTimeValue;

    fn decode(json: &str) -> Result<DateTimeValue, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn encode(value: &DateTimeValue) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    #[test]
    fn each_form_is_kept_as_sent_and_written_back() -> Result<(), serde_json::Error> {
        for (json, variant, back) in [
            (
                r#""2024-05-01T12:30:00Z""#,
                "DateTime",
                r#""2024-05-01T12:30:00Z""#,
            ),
            (
                r#""2024-05-01T12:30:00.120+02:00""#,
                "DateTime",
                r#""2024-05-01T12:30:00.120+02:00""#,
            ),
            (
                r#""2024-05-01 12:30:00+0000""#,
                "DateTime",
                r#""2024-05-01T12:30:00Z""#,
            ),
            (
                r#""2024-05-01T12:30:00""#,
                "Naive",
                r#""2024-05-01T12:30:00""#,
            ),
            (
                r#""2024-05-01 12:30:00.5""#,
                "Naive",
                r#""2024-05-01T12:30:00.500""#,
            ),
            (r#""2024-05-01""#, "Date", r#""2024-05-01""#),
            (r#""yesterday""#, "Text", r#""yesterday""#),
            (r#""""#, "Text", r#""""#),
            ("1714566600", "Text", r#""1714566600""#),
            ("1.5", "Text", r#""1.5""#),
        ] {
            let value = decode(json)?;
            let shown = format!("{value:?}");
            assert!(shown.starts_with(variant), "{json}: {shown}");
            assert_eq!(encode(&value), back, "{json}");
        }
        for json in ["true", "[]", "{}"] {
            assert!(decode(json).is_err(), "{json}");
        }
        Ok(())
    }

    #[test]
    fn utc_only_for_a_zoned_time_and_the_date_for_all_but_text() {
        let zoned = DateTimeValue::parse("2024-05-01T23:30:00-02:00");
        assert_eq!(
            zoned.to_utc().map(|t| t.to_rfc3339()),
            Some("2024-05-02T01:30:00+00:00".to_owned())
        );
        assert_eq!(
            zoned.date().map(|d| d.to_string()),
            Some("2024-05-01".to_owned())
        );
        let naive = DateTimeValue::parse("2024-05-01T23:30:00");
        assert_eq!(naive.to_utc(), None);
        assert_eq!(
            naive.date().map(|d| d.to_string()),
            Some("2024-05-01".to_owned())
        );
        assert_eq!(DateTimeValue::parse("soon").date(), None);
        assert_eq!("2024-05-01".parse(), Ok(DateTimeValue::parse("2024-05-01")));
    }
}
