//! Lenient field decoders for generated models, for fields whose JSON type Looker does not
//! always send as its spec says (such as ids sent as numbers where the spec says string).
//!
//! Used as `#[serde(default, deserialize_with = "crate::runtime::de::lenient_string")]`.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};

/// `Option<String>`: accepts a string, or a number kept as its decimal text; `null` (or a
/// missing field, with `#[serde(default)]`) is `None`.
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(Nullable(StringOrNumber))
}

/// `Option<i64>`: accepts a number or a string holding an integer; `null` and `""` are `None`.
pub fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(Nullable(Integer)).map(Option::flatten)
}

/// `Option<Vec<String>>`: an array whose elements are each a string or a number; `null` is
/// `None`.
pub fn lenient_string_vec<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    d.deserialize_option(Nullable(StringVec))
}

/// Visits `null` as `None` and anything else with the inner visitor.
struct Nullable<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Nullable<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }
}

/// A string, or a number as its decimal text.
struct StringOrNumber;

impl Visitor<'_> for StringOrNumber {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// An integer, or a string holding one; `""` is `None`.
struct Integer;

impl Visitor<'_> for Integer {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Only whole numbers inside i64's range, for which the `as` cast is exact.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(Some(v as i64))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// An array of strings or numbers.
struct StringVec;

impl<'de> Visitor<'de> for StringVec {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings or numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed(StringOrNumber))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Deserializes one element with a visitor.
struct Seed<V>(V);

impl<'de, V: Visitor<'de>> de::DeserializeSeed<'de> for Seed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Model {
        #[serde(default, deserialize_with = "super::lenient_string")]
        id: Option<String>,
        #[serde(default, deserialize_with = "super::lenient_i64")]
        count: Option<i64>,
        #[serde(default, deserialize_with = "super::lenient_string_vec")]
        ids: Option<Vec<String>>,
    }

    fn model(json: &str) -> Result<Model, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn lenient_string_accepts_strings_numbers_null_and_missing() -> Result<(), serde_json::Error> {
        assert_eq!(model(r#"{"id":"abc"}"#)?.id.as_deref(), Some("abc"));
        assert_eq!(model(r#"{"id":42}"#)?.id.as_deref(), Some("42"));
        assert_eq!(model(r#"{"id":-7}"#)?.id.as_deref(), Some("-7"));
        assert_eq!(
            model(r#"{"id":18446744073709551615}"#)?.id.as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(model(r#"{"id":1.5}"#)?.id.as_deref(), Some("1.5"));
        assert_eq!(model(r#"{"id":null}"#)?.id, None);
        assert_eq!(model("{}")?.id, None);
        assert!(model(r#"{"id":true}"#).is_err());
        assert!(model(r#"{"id":{}}"#).is_err());
        Ok(())
    }

    #[test]
    fn lenient_i64_accepts_numbers_and_integer_strings() -> Result<(), serde_json::Error> {
        assert_eq!(model(r#"{"count":42}"#)?.count, Some(42));
        assert_eq!(model(r#"{"count":"-42"}"#)?.count, Some(-42));
        assert_eq!(model(r#"{"count":3.0}"#)?.count, Some(3));
        assert_eq!(model(r#"{"count":""}"#)?.count, None);
        assert_eq!(model(r#"{"count":null}"#)?.count, None);
        assert_eq!(model("{}")?.count, None);
        assert!(model(r#"{"count":"4x"}"#).is_err());
        assert!(model(r#"{"count":1.5}"#).is_err());
        assert!(model(r#"{"count":18446744073709551615}"#).is_err());
        assert!(model(r#"{"count":[]}"#).is_err());
        Ok(())
    }

    #[test]
    fn lenient_string_vec_accepts_mixed_elements() -> Result<(), serde_json::Error> {
        let ids = model(r#"{"ids":["a",1,2.5]}"#)?.ids;
        assert_eq!(
            ids,
            Some(vec!["a".to_owned(), "1".to_owned(), "2.5".to_owned()])
        );
        assert_eq!(model(r#"{"ids":[]}"#)?.ids, Some(vec![]));
        assert_eq!(model(r#"{"ids":null}"#)?.ids, None);
        assert_eq!(model("{}")?.ids, None);
        assert!(model(r#"{"ids":[null]}"#).is_err());
        assert!(model(r#"{"ids":"a"}"#).is_err());
        Ok(())
    }
}
