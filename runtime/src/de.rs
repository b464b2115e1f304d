//! Lenient field decoders for generated models: Looker's servers do not always send a value in
//! the JSON type their spec declares (ids as numbers, numbers as strings, `0` for `false`, `null`
//! inside maps and arrays), and one such field must not cost the caller the whole response.
//!
//! Each decoder keeps what was sent, in the field's type where it fits or as its text, and never
//! guesses: a value that fits nowhere stays an error, which `Response::json` reports with the
//! field's path. What each scalar accepts:
//!
//! | field type | accepts | `""` | an error |
//! | --- | --- | --- | --- |
//! | `String` | a string; a number or a boolean as its JSON text (`42`, `1.5`, `true`) | `""` | an array or object |
//! | `i64`, `i32` | an integer; a whole float (`42.0`); a string holding either (`"42"`, `"42.0"`) | `None` | a fraction (`42.5`), out of range, other text, a boolean |
//! | `f64` | a number; a string holding a finite number (`"1.5"`) | `None` | other text (`"NaN"` too), a boolean |
//! | `bool` | a boolean; `0` and `1`; `"true"`/`"false"` (any case), `"1"`/`"0"` | `None` | other numbers and text (`2`, `"yes"`) |
//!
//! `null` (or a missing field) is `None`. In arrays ([`lenient_vec`]) every element must be a
//! value (`null` or `""` in an array of numbers is an error: dropping it would shift the rest);
//! in maps ([`lenient_map`]) a `null` value (and `""` for numbers and booleans) is kept as
//! `None` under its key. Arrays of models ([`lenient_models`]) read a `null` element as the
//! model with no fields set. Dates and times are [`DateTimeValue`](super::DateTimeValue)s,
//! whose own decoding keeps any text, and enums keep unknown values (numbers and booleans as
//! their text). Only decoding is lenient: what the SDK sends is serialized as declared.
//!
//! Used as `#[serde(default, deserialize_with = "looker_sdk_rtl::de::lenient")]`, the field's
//! type choosing the rules.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

/// The serde that generated code and the runtime's macros use.
pub use serde;

/// A scalar read forgivingly: its visitor yields `None` for a value that means "nothing"
/// (`""` for numbers and booleans).
pub trait Lenient: Sized {
    /// The visitor that reads one value, not `null`.
    type Visitor: for<'de> Visitor<'de, Value = Option<Self>> + Default;
}

impl Lenient for String {
    type Visitor = Text;
}

impl Lenient for i64 {
    type Visitor = Integer<i64>;
}

impl Lenient for i32 {
    type Visitor = Integer<i32>;
}

impl Lenient for f64 {
    type Visitor = Float;
}

impl Lenient for bool {
    type Visitor = Bool;
}

/// `Option<T>` of a [`Lenient`] scalar: `null` (or a missing field, with `#[serde(default)]`)
/// is `None`, anything else as the scalar's rules say.
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_option(Nullable(T::Visitor::default()))
        .map(Option::flatten)
}

/// `Option<Vec<T>>` of a [`Lenient`] scalar: each element as the scalar's rules say, and an
/// element that is `null` or means nothing is an error; `null` is `None`.
pub fn lenient_vec<'de, D: Deserializer<'de>, T: Lenient>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    d.deserialize_option(Nullable(Elements::<T>(PhantomData)))
}

/// `Option<BTreeMap<String, Option<T>>>` of a [`Lenient`] scalar: each value as the scalar's
/// rules say, a `null` value kept as `None` under its key; `null` is `None`.
pub fn lenient_map<'de, D: Deserializer<'de>, T: Lenient>(
    d: D,
) -> Result<Option<BTreeMap<String, Option<T>>>, D::Error> {
    d.deserialize_option(Nullable(Values::<T>(PhantomData)))
}

/// `Option<Vec<T>>` of a model: a `null` element is the model with no fields set (`Default`),
/// which says what `null` does, since every field of a response model is optional, and keeps
/// the array's length and every other element's position; `null` is `None`.
pub fn lenient_models<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    d.deserialize_option(Nullable(Models::<T>(PhantomData)))
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

/// A string, or a number or boolean as its JSON text.
#[derive(Default)]
pub struct Text;

impl Visitor<'_> for Text {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or a boolean")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(float_text(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
}

/// A float as JSON writes it (`1.5`, `3.0`, `1e+300`), the closest text to what was sent.
pub(crate) fn float_text(v: f64) -> String {
    // JSON numbers are always finite; the fallback only serves other deserializers.
    serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
}

/// An integer of type `T`: a whole number, or a string holding one; `""` is `None`.
pub struct Integer<T>(PhantomData<T>);

impl<T> Default for Integer<T> {
    fn default() -> Self {
        Integer(PhantomData)
    }
}

impl<T: TryFrom<i64>> Integer<T> {
    fn fit<E: de::Error>(&self, v: i64, sent: Unexpected<'_>) -> Result<Option<T>, E> {
        T::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(sent, self))
    }

    fn whole<E: de::Error>(&self, v: f64, sent: Unexpected<'_>) -> Result<Option<T>, E> {
        // Only whole numbers inside i64's range, for which the `as` cast is exact.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            self.fit(v as i64, sent)
        } else {
            Err(E::invalid_value(sent, self))
        }
    }
}

impl<T: TryFrom<i64>> Visitor<'_> for Integer<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.fit(v, Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(n) => self.fit(n, Unexpected::Unsigned(v)),
            Err(_) => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.whole(v, Unexpected::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        if let Ok(n) = v.parse::<i64>() {
            return self.fit(n, Unexpected::Str(v));
        }
        match v.parse::<f64>() {
            Ok(f) if f.is_finite() => self.whole(f, Unexpected::Str(v)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// A number, or a string holding a finite one; `""` is `None`.
#[derive(Default)]
pub struct Float;

impl Visitor<'_> for Float {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        // Rust also reads "inf" and "NaN", which JSON cannot carry back: those are errors.
        match v.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Some(f)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// A boolean, `0` or `1`, or a string holding one of those; `""` is `None`.
#[derive(Default)]
pub struct Bool;

impl Visitor<'_> for Bool {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0 or 1, or a string holding one")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v == 0.0 {
            Ok(Some(false))
        } else if v == 1.0 {
            Ok(Some(true))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v {
            "" => Ok(None),
            "1" => Ok(Some(true)),
            "0" => Ok(Some(false)),
            _ if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            _ if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// An array of [`Lenient`] scalars, each a value.
struct Elements<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for Elements<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of ")?;
        T::Visitor::default().expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Element::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// One element of an array of [`Lenient`] scalars: a value that means nothing is an error
/// here, as `null` is.
struct Element<T>(PhantomData<T>);

impl<'de, T: Lenient> de::DeserializeSeed<'de> for Element<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let visitor = T::Visitor::default();
        d.deserialize_any(visitor)?
            .ok_or_else(|| de::Error::invalid_value(Unexpected::Str(""), &T::Visitor::default()))
    }
}

/// A map of [`Lenient`] scalars, `null` values kept as `None`.
struct Values<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for Values<T> {
    type Value = BTreeMap<String, Option<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of ")?;
        T::Visitor::default().expecting(f)?;
        f.write_str(" or null values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Value::<T>(PhantomData))?;
            values.insert(key, value);
        }
        Ok(values)
    }
}

/// One value of a map of [`Lenient`] scalars: `null` is `None`.
struct Value<T>(PhantomData<T>);

impl<'de, T: Lenient> de::DeserializeSeed<'de> for Value<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        lenient(d)
    }
}

/// An array of models, `null` elements read as the model with no fields set.
struct Models<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for Models<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Option<T>>()? {
            items.push(item.unwrap_or_default());
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Model {
        #[serde(default, deserialize_with = "super::lenient")]
        id: Option<String>,
        #[serde(default, deserialize_with = "super::lenient")]
        count: Option<i64>,
        #[serde(default, deserialize_with = "super::lenient")]
        small: Option<i32>,
        #[serde(default, deserialize_with = "super::lenient")]
        ratio: Option<f64>,
        #[serde(default, deserialize_with = "super::lenient")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "super::lenient_vec")]
        ids: Option<Vec<String>>,
        #[serde(default, deserialize_with = "super::lenient_map")]
        can: Option<BTreeMap<String, Option<bool>>>,
        #[serde(default, deserialize_with = "super::lenient_models")]
        children: Option<Vec<Model>>,
    }

    fn model(json: &str) -> Result<Model, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn strings_accept_numbers_and_booleans_as_their_text() -> Result<(), serde_json::Error> {
        assert_eq!(model(r#"{"id":"abc"}"#)?.id.as_deref(), Some("abc"));
        assert_eq!(model(r#"{"id":""}"#)?.id.as_deref(), Some(""));
        assert_eq!(model(r#"{"id":42}"#)?.id.as_deref(), Some("42"));
        assert_eq!(model(r#"{"id":-7}"#)?.id.as_deref(), Some("-7"));
        assert_eq!(
            model(r#"{"id":18446744073709551615}"#)?.id.as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(model(r#"{"id":1.5}"#)?.id.as_deref(), Some("1.5"));
        assert_eq!(model(r#"{"id":3.0}"#)?.id.as_deref(), Some("3.0"));
        assert_eq!(model(r#"{"id":1e300}"#)?.id.as_deref(), Some("1e+300"));
        assert_eq!(model(r#"{"id":true}"#)?.id.as_deref(), Some("true"));
        assert_eq!(model(r#"{"id":null}"#)?.id, None);
        assert_eq!(model("{}")?.id, None);
        assert!(model(r#"{"id":{}}"#).is_err());
        assert!(model(r#"{"id":[]}"#).is_err());
        Ok(())
    }

    #[test]
    fn integers_accept_whole_floats_and_integer_strings() -> Result<(), serde_json::Error> {
        assert_eq!(model(r#"{"count":42}"#)?.count, Some(42));
        assert_eq!(model(r#"{"count":"-42"}"#)?.count, Some(-42));
        assert_eq!(model(r#"{"count":3.0}"#)?.count, Some(3));
        assert_eq!(model(r#"{"count":"3.0"}"#)?.count, Some(3));
        assert_eq!(model(r#"{"count":""}"#)?.count, None);
        assert_eq!(model(r#"{"count":null}"#)?.count, None);
        assert_eq!(model("{}")?.count, None);
        assert!(model(r#"{"count":"4x"}"#).is_err());
        assert!(model(r#"{"count":1.5}"#).is_err());
        assert!(model(r#"{"count":"1.5"}"#).is_err());
        assert!(model(r#"{"count":"NaN"}"#).is_err());
        assert!(model(r#"{"count":1e300}"#).is_err());
        assert!(model(r#"{"count":18446744073709551615}"#).is_err());
        assert!(model(r#"{"count":true}"#).is_err());
        assert!(model(r#"{"count":[]}"#).is_err());
        assert_eq!(model(r#"{"small":"2147483647"}"#)?.small, Some(i32::MAX));
        assert!(model(r#"{"small":2147483648}"#).is_err());
        assert!(model(r#"{"small":"2147483648"}"#).is_err());
        Ok(())
    }

    #[test]
    fn floats_accept_numeric_strings() -> Result<(), serde_json::Error> {
        assert_eq!(model(r#"{"ratio":1.5}"#)?.ratio, Some(1.5));
        assert_eq!(model(r#"{"ratio":2}"#)?.ratio, Some(2.0));
        assert_eq!(model(r#"{"ratio":"-0.25"}"#)?.ratio, Some(-0.25));
        assert_eq!(model(r#"{"ratio":""}"#)?.ratio, None);
        assert!(model(r#"{"ratio":"NaN"}"#).is_err());
        assert!(model(r#"{"ratio":"inf"}"#).is_err());
        assert!(model(r#"{"ratio":"half"}"#).is_err());
        assert!(model(r#"{"ratio":false}"#).is_err());
        Ok(())
    }

    #[test]
    fn booleans_accept_zero_one_and_their_strings() -> Result<(), serde_json::Error> {
        for (json, expected) in [
            ("true", Some(true)),
            ("false", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("1.0", Some(true)),
            ("0.0", Some(false)),
            (r#""true""#, Some(true)),
            (r#""FALSE""#, Some(false)),
            (r#""1""#, Some(true)),
            (r#""0""#, Some(false)),
            (r#""""#, None),
            ("null", None),
        ] {
            assert_eq!(
                model(&format!(r#"{{"flag":{json}}}"#))?.flag,
                expected,
                "{json}"
            );
        }
        for json in ["2", "-1", "0.5", r#""yes""#, r#""t""#, "[]", "{}"] {
            assert!(model(&format!(r#"{{"flag":{json}}}"#)).is_err(), "{json}");
        }
        Ok(())
    }

    #[test]
    fn arrays_of_scalars_need_a_value_in_every_element() -> Result<(), serde_json::Error> {
        let ids = model(r#"{"ids":["a",1,2.5,false]}"#)?.ids;
        let expected = ["a", "1", "2.5", "false"].map(str::to_owned).to_vec();
        assert_eq!(ids, Some(expected));
        assert_eq!(model(r#"{"ids":[]}"#)?.ids, Some(vec![]));
        assert_eq!(model(r#"{"ids":null}"#)?.ids, None);
        assert_eq!(model("{}")?.ids, None);
        assert!(model(r#"{"ids":[null]}"#).is_err());
        assert!(model(r#"{"ids":"a"}"#).is_err());
        Ok(())
    }

    #[test]
    fn maps_keep_null_values_under_their_keys() -> Result<(), serde_json::Error> {
        let can = model(r#"{"can":{"show":true,"edit":null,"move":"0","x":""}}"#)?.can;
        let expected = [
            ("show", Some(true)),
            ("edit", None),
            ("move", Some(false)),
            ("x", None),
        ]
        .map(|(k, v)| (k.to_owned(), v));
        assert_eq!(can, Some(BTreeMap::from(expected)));
        assert!(model(r#"{"can":{"show":"maybe"}}"#).is_err());
        assert!(model(r#"{"can":[true]}"#).is_err());
        Ok(())
    }

    #[test]
    fn arrays_of_models_read_null_as_an_empty_model() -> Result<(), serde_json::Error> {
        let children = model(r#"{"children":[{"id":1},null,{"id":"3"}]}"#)?.children;
        let child = |id: &str| Model {
            id: Some(id.to_owned()),
            ..Model::default()
        };
        assert_eq!(
            children,
            Some(vec![child("1"), Model::default(), child("3")])
        );
        assert!(model(r#"{"children":[1]}"#).is_err());
        Ok(())
    }
}
