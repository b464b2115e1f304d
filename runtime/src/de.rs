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
//! `None` under its key. A model without required fields (every response model) reads `null`
//! as it reads `{}`: the model with no fields set, wherever it stands ([`model`]). So
//! `[{"id":"1"}, null]` as a whole `Vec<Dashboard>` response is two dashboards, the second
//! empty; the same holds in nested arrays and in arrays inside models ([`lenient_models`] does
//! it there for any model), and a bare `null` response read as a model is the empty model.
//! Every field of a response model is optional, so `null` says no more than `{}`, and one
//! `null` must not cost the caller the rest of an array. Where the type is an `Option`
//! (`Option<Dashboard>`, `Vec<Option<Dashboard>>`), `null` stays `None`; a model with required
//! fields (a `Write*` type) rejects `null` as it rejects `{}`. Dates and times are
//! [`DateTimeValue`](super::DateTimeValue)s,
//! whose own decoding keeps any text, and enums keep unknown values (numbers and booleans as
//! their text). Only decoding is lenient: what the SDK sends is serialized as declared.
//!
//! Generated models implement [`Model`] and decode through [`model`]: one small `match` per
//! model picks the field, and the decoding itself is the generic code here, compiled once per
//! deserializer where a caller decodes (see [`Values`] for the decoder each field names). The
//! same rules are functions for `#[serde(default, deserialize_with = "looker_sdk_rtl::de::lenient")]`
//! too, the field's type choosing them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected,
    Visitor,
};

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

/// A nullable field of a write type ([`crate::Nullable`]) holding a [`Lenient`] scalar (an id):
/// `null` is `Null`, anything else as [`lenient`] reads it (a value that means nothing is `Null`
/// too). A missing field stays `Absent`, the default the struct starts from.
pub fn lenient_nullable<'de, D: Deserializer<'de>, T: Lenient>(
    d: D,
) -> Result<crate::Nullable<T>, D::Error> {
    Ok(lenient(d)?.map_or(crate::Nullable::Null, crate::Nullable::Value))
}

/// As [`lenient_nullable`], for an array of [`Lenient`] scalars read as [`lenient_vec`] does.
pub fn lenient_nullable_vec<'de, D: Deserializer<'de>, T: Lenient>(
    d: D,
) -> Result<crate::Nullable<Vec<T>>, D::Error> {
    Ok(lenient_vec(d)?.map_or(crate::Nullable::Null, crate::Nullable::Value))
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
    d.deserialize_option(Nullable(ScalarValues::<T>(PhantomData)))
}

/// `Option<Vec<T>>` of a model: a `null` element is the model with no fields set (`Default`),
/// which says what `null` does, since every field of a response model is optional, and keeps
/// the array's length and every other element's position; `null` is `None`.
pub fn lenient_models<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    d.deserialize_option(Nullable(ModelElements::<T>(PhantomData)))
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

impl<'de, T: Lenient> DeserializeSeed<'de> for Element<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let visitor = T::Visitor::default();
        d.deserialize_any(visitor)?
            .ok_or_else(|| de::Error::invalid_value(Unexpected::Str(""), &T::Visitor::default()))
    }
}

/// A map of [`Lenient`] scalars, `null` values kept as `None`.
struct ScalarValues<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for ScalarValues<T> {
    type Value = BTreeMap<String, Option<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of ")?;
        T::Visitor::default().expecting(f)?;
        f.write_str(" or null values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Scalar::<T>(PhantomData))?;
            values.insert(key, value);
        }
        Ok(values)
    }
}

/// One [`Lenient`] scalar that may be `null` (`None`): a field, or a value of a map.
struct Scalar<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Scalar<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        lenient(d)
    }
}

/// An array of models, `null` elements read as the model with no fields set.
struct ModelElements<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for ModelElements<T> {
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

/// A generated model that [`model`] decodes: its wire names, and which decoder reads each field.
///
/// serde's derive would write a visitor, a field enum and, for every field read by one of the
/// decoders above, a wrapper type with its own `Deserialize` impl, all of it type-checked for
/// every model of the API. Here a model is data and two `match`es; the loop over the keys,
/// duplicates, required fields and the array form are written once, in [`model`]. Decoding
/// behaves as the derive does, error messages included: unknown keys are ignored, a repeated
/// key is an error (`duplicate field`), a missing required field too (`missing field`), and an
/// array is read positionally, as serde reads any struct. Where it differs, on purpose: a model
/// without required fields reads `null` as it reads `{}` (see [`model`]).
///
/// The defaults are those of a model without fields.
pub trait Model: Default {
    /// The type's name, as errors print it (`expected struct Dashboard`).
    const NAME: &'static str;
    /// The wire name of each field, in declaration order: a field's index is its place here.
    const FIELDS: &'static [&'static str];
    /// The indexes of the fields that must be present (only write types have any), ascending.
    /// Every other field starts as its `Default` (`None`) and stays so when it is missing.
    const REQUIRED: &'static [usize] = &[];

    /// The index of the field whose wire name is `key`, if any.
    fn index(_key: &str) -> Option<usize> {
        None
    }

    /// Reads field `index` from `value`, through the decoder its type needs.
    fn field<'de, V: Values<'de>>(&mut self, _index: usize, value: V) -> Result<(), V::Error> {
        value.ignore()
    }
}

/// Decodes a [`Model`] from a map (or, positionally, from an array), as serde's derive would,
/// and, for a model without required fields, `null` as the model with no fields set.
///
/// `null` reads as `{}` would: a response model (every field optional) becomes its `Default`,
/// wherever it stands, so that a `null` element of a top-level array (`Vec<Dashboard>` as the
/// whole response) keeps the array as [`lenient_models`] does inside models. A model with
/// required fields (a write type) rejects `null` as `{}` is rejected, with the derive's message
/// (`invalid type: null, expected struct WriteQuery`).
///
/// Generic over the deserializer, so it is compiled only where a model is decoded: the SDK's
/// response futures decode where they are awaited, in the caller's crate.
pub fn model<'de, T: Model, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    if T::REQUIRED.is_empty() {
        // serde_json's `deserialize_struct` reports `null` without asking the visitor, so the
        // model is read as an option first: one more look at the next byte (0.06 % more
        // instructions decoding the benchmark's dashboards). Not `deserialize_any`, which is as
        // cheap but, with serde_json's `arbitrary_precision`, hands a number over as a map.
        d.deserialize_option(NullOrModel::<T>(PhantomData))
    } else {
        d.deserialize_struct(T::NAME, T::FIELDS, ModelVisitor::<T>(PhantomData))
    }
}

/// The visitor of [`model`] for a model without required fields: `null` is the `Default`,
/// anything else the model. Formats whose `deserialize_option` hands a map or an array
/// straight to the visitor (serde_test does) are read as [`ModelVisitor`] would read them.
struct NullOrModel<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for NullOrModel<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ModelVisitor::<T>(PhantomData).expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_struct(T::NAME, T::FIELDS, ModelVisitor::<T>(PhantomData))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        ModelVisitor::<T>(PhantomData).visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        ModelVisitor::<T>(PhantomData).visit_seq(seq)
    }
}

/// Where one field's value comes from, and the decoders a generated [`Model::field`] names.
///
/// Each decoder assigns what it read to the field: `value` is the field type's own
/// `Deserialize` (enums, [`DateTimeValue`](super::DateTimeValue), nested models, maps of
/// models, any JSON), the others are the lenient rules of this module.
pub trait Values<'de>: Sized {
    /// The deserializer's error.
    type Error: de::Error;

    /// Reads the value with `seed` into `slot`; in an array that has ended, leaves `slot` as it
    /// is.
    fn set<S: DeserializeSeed<'de>>(self, slot: &mut S::Value, seed: S) -> Result<(), Self::Error>;

    /// Reads and drops the value.
    fn ignore(self) -> Result<(), Self::Error> {
        self.set(&mut IgnoredAny, PhantomData)
    }

    /// The field type's own `Deserialize`.
    fn value<T: Deserialize<'de>>(self, slot: &mut T) -> Result<(), Self::Error> {
        self.set(slot, PhantomData)
    }

    /// As [`lenient`].
    fn scalar<T: Lenient>(self, slot: &mut Option<T>) -> Result<(), Self::Error> {
        self.set(slot, Scalar(PhantomData))
    }

    /// As [`lenient_vec`].
    fn scalars<T: Lenient>(self, slot: &mut Option<Vec<T>>) -> Result<(), Self::Error> {
        self.set(slot, Scalars(PhantomData))
    }

    /// As [`lenient_nullable`].
    fn nullable_scalar<T: Lenient>(self, slot: &mut crate::Nullable<T>) -> Result<(), Self::Error> {
        self.set(slot, NullableScalar(PhantomData))
    }

    /// As [`lenient_nullable_vec`].
    fn nullable_scalars<T: Lenient>(
        self,
        slot: &mut crate::Nullable<Vec<T>>,
    ) -> Result<(), Self::Error> {
        self.set(slot, NullableScalars(PhantomData))
    }

    /// As [`lenient_map`].
    fn scalar_map<T: Lenient>(
        self,
        slot: &mut Option<BTreeMap<String, Option<T>>>,
    ) -> Result<(), Self::Error> {
        self.set(slot, ScalarMap(PhantomData))
    }

    /// As [`lenient_models`].
    fn models<T: Deserialize<'de> + Default>(
        self,
        slot: &mut Option<Vec<T>>,
    ) -> Result<(), Self::Error> {
        self.set(slot, ModelList(PhantomData))
    }
}

/// [`lenient_vec`] as a seed.
struct Scalars<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Scalars<T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        lenient_vec(d)
    }
}

/// [`lenient_nullable`] as a seed.
struct NullableScalar<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for NullableScalar<T> {
    type Value = crate::Nullable<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        lenient_nullable(d)
    }
}

/// [`lenient_nullable_vec`] as a seed.
struct NullableScalars<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for NullableScalars<T> {
    type Value = crate::Nullable<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        lenient_nullable_vec(d)
    }
}

/// [`lenient_map`] as a seed.
struct ScalarMap<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for ScalarMap<T> {
    type Value = Option<BTreeMap<String, Option<T>>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        lenient_map(d)
    }
}

/// [`lenient_models`] as a seed.
struct ModelList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> DeserializeSeed<'de> for ModelList<T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        lenient_models(d)
    }
}

/// The value of the key just read from a map.
struct MapValue<'a, A>(&'a mut A);

impl<'de, A: MapAccess<'de>> Values<'de> for MapValue<'_, A> {
    type Error = A::Error;

    fn set<S: DeserializeSeed<'de>>(self, slot: &mut S::Value, seed: S) -> Result<(), A::Error> {
        *slot = self.0.next_value_seed(seed)?;
        Ok(())
    }
}

/// The next element of an array read positionally; `ended` is set when there is none.
struct SeqElement<'a, A> {
    seq: &'a mut A,
    ended: &'a mut bool,
}

impl<'de, A: SeqAccess<'de>> Values<'de> for SeqElement<'_, A> {
    type Error = A::Error;

    fn set<S: DeserializeSeed<'de>>(self, slot: &mut S::Value, seed: S) -> Result<(), A::Error> {
        match self.seq.next_element_seed(seed)? {
            Some(value) => *slot = value,
            None => *self.ended = true,
        }
        Ok(())
    }
}

/// A map key: the index of the field it names, or `None` for a key to ignore. Read as serde's
/// derive reads field names (an identifier: a string, bytes, or a field index).
struct Key<T>(PhantomData<T>);

impl<'de, T: Model> DeserializeSeed<'de> for Key<T> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<T: Model> Visitor<'_> for Key<T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(v).ok().filter(|&i| i < T::FIELDS.len()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::index(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        // Wire names are text: bytes that are not UTF-8 name no field.
        Ok(std::str::from_utf8(v).ok().and_then(T::index))
    }
}

/// The fields already read, for duplicate and required checks (no allocation up to 128).
struct Seen {
    low: u128,
    high: Vec<bool>,
}

impl Seen {
    fn new() -> Self {
        Seen {
            low: 0,
            high: Vec::new(),
        }
    }

    /// Marks field `i`; false when it was marked already.
    fn insert(&mut self, i: usize) -> bool {
        if i < 128 {
            let bit = 1u128 << i;
            let new = self.low & bit == 0;
            self.low |= bit;
            return new;
        }
        let at = i - 128;
        if self.high.len() <= at {
            self.high.resize(at + 1, false);
        }
        !std::mem::replace(&mut self.high[at], true)
    }

    fn contains(&self, i: usize) -> bool {
        if i < 128 {
            self.low & (1u128 << i) != 0
        } else {
            self.high.get(i - 128).copied().unwrap_or(false)
        }
    }
}

/// The wire name of field `i` of `T`, for an error message.
fn wire_name<T: Model>(i: usize) -> &'static str {
    T::FIELDS.get(i).copied().unwrap_or("")
}

/// What an array read as `T` should hold, as serde's derive says it: `struct Folder with 3
/// elements`.
struct Length<T>(PhantomData<T>);

impl<T: Model> de::Expected for Length<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match T::FIELDS.len() {
            1 => write!(f, "struct {} with 1 element", T::NAME),
            n => write!(f, "struct {} with {n} elements", T::NAME),
        }
    }
}

/// The visitor of [`model`].
struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        let mut seen = Seen::new();
        while let Some(key) = map.next_key_seed(Key::<T>(PhantomData))? {
            match key {
                Some(i) => {
                    if !seen.insert(i) {
                        return Err(de::Error::duplicate_field(wire_name::<T>(i)));
                    }
                    value.field(i, MapValue(&mut map))?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match T::REQUIRED.iter().find(|&&i| !seen.contains(i)) {
            Some(&i) => Err(de::Error::missing_field(wire_name::<T>(i))),
            None => Ok(value),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut value = T::default();
        for i in 0..T::FIELDS.len() {
            let mut ended = false;
            value.field(
                i,
                SeqElement {
                    seq: &mut seq,
                    ended: &mut ended,
                },
            )?;
            if ended && T::REQUIRED.contains(&i) {
                return Err(de::Error::invalid_length(i, &Length::<T>(PhantomData)));
            }
        }
        Ok(value)
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

/// The runtime's model impls against serde's derive: two models of the same shape, one deriving
/// serde's traits with the attributes the generator used to write, the other implementing
/// [`Model`](super::Model) and [`ser::Model`](crate::ser::Model) as the generator writes them
/// now, must decode every input alike (values, error messages and error paths) and encode alike.
#[cfg(test)]
mod model_tests {
    use std::collections::BTreeMap;

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};
    use serde_test::Token;

    use super::Values;
    use crate::DateTimeValue;

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    struct ChildD {
        #[serde(
            default,
            deserialize_with = "super::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Box<ChildD>>,
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    struct ChildC {
        name: Option<String>,
        parent: Option<Box<ChildC>>,
    }

    impl<'de> Deserialize<'de> for ChildC {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::model(d)
        }
    }

    impl super::Model for ChildC {
        const NAME: &'static str = "ChildC";
        const FIELDS: &'static [&'static str] = &["name", "parent"];

        fn index(key: &str) -> Option<usize> {
            match key {
                "name" => Some(0),
                "parent" => Some(1),
                _ => None,
            }
        }

        fn field<'de, V: Values<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {
            match index {
                0 => value.scalar(&mut self.name),
                1 => value.value(&mut self.parent),
                _ => value.ignore(),
            }
        }
    }

    impl Serialize for ChildC {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::ser::model(self, s)
        }
    }

    impl crate::ser::Model for ChildC {
        const NAME: &'static str = "ChildC";

        fn fields<F: crate::ser::Fields>(&self, fields: &mut F) {
            fields.optional("name", &self.name);
            fields.optional("parent", &self.parent);
        }
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    struct ModelD {
        #[serde(
            rename = "type",
            default,
            deserialize_with = "super::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        r#type: Option<String>,
        #[serde(
            default,
            deserialize_with = "super::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        count: Option<i64>,
        #[serde(
            default,
            deserialize_with = "super::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        flag: Option<bool>,
        #[serde(
            default,
            deserialize_with = "super::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        ratio: Option<f64>,
        #[serde(
            default,
            deserialize_with = "super::lenient_vec",
            skip_serializing_if = "Option::is_none"
        )]
        ids: Option<Vec<String>>,
        #[serde(
            default,
            deserialize_with = "super::lenient_map",
            skip_serializing_if = "Option::is_none"
        )]
        can: Option<BTreeMap<String, Option<bool>>>,
        #[serde(
            default,
            deserialize_with = "super::lenient_models",
            skip_serializing_if = "Option::is_none"
        )]
        children: Option<Vec<ChildD>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        created_at: Option<DateTimeValue>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        any: Option<serde_json::Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<Box<ChildD>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nested: Option<BTreeMap<String, Option<ChildD>>>,
        // Required, as in write types.
        title: String,
        size: i32,
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    struct ModelC {
        r#type: Option<String>,
        count: Option<i64>,
        flag: Option<bool>,
        ratio: Option<f64>,
        ids: Option<Vec<String>>,
        can: Option<BTreeMap<String, Option<bool>>>,
        children: Option<Vec<ChildC>>,
        created_at: Option<DateTimeValue>,
        any: Option<serde_json::Value>,
        child: Option<Box<ChildC>>,
        nested: Option<BTreeMap<String, Option<ChildC>>>,
        title: String,
        size: i32,
    }

    impl<'de> Deserialize<'de> for ModelC {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::model(d)
        }
    }

    impl super::Model for ModelC {
        const NAME: &'static str = "ModelC";
        const FIELDS: &'static [&'static str] = &[
            "type",
            "count",
            "flag",
            "ratio",
            "ids",
            "can",
            "children",
            "created_at",
            "any",
            "child",
            "nested",
            "title",
            "size",
        ];
        const REQUIRED: &'static [usize] = &[11, 12];

        fn index(key: &str) -> Option<usize> {
            Self::FIELDS.iter().position(|f| *f == key)
        }

        fn field<'de, V: Values<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {
            match index {
                0 => value.scalar(&mut self.r#type),
                1 => value.scalar(&mut self.count),
                2 => value.scalar(&mut self.flag),
                3 => value.scalar(&mut self.ratio),
                4 => value.scalars(&mut self.ids),
                5 => value.scalar_map(&mut self.can),
                6 => value.models(&mut self.children),
                7 => value.value(&mut self.created_at),
                8 => value.value(&mut self.any),
                9 => value.value(&mut self.child),
                10 => value.value(&mut self.nested),
                11 => value.value(&mut self.title),
                12 => value.value(&mut self.size),
                _ => value.ignore(),
            }
        }
    }

    impl Serialize for ModelC {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::ser::model(self, s)
        }
    }

    impl crate::ser::Model for ModelC {
        const NAME: &'static str = "ModelC";

        fn fields<F: crate::ser::Fields>(&self, fields: &mut F) {
            fields.optional("type", &self.r#type);
            fields.optional("count", &self.count);
            fields.optional("flag", &self.flag);
            fields.optional("ratio", &self.ratio);
            fields.optional("ids", &self.ids);
            fields.optional("can", &self.can);
            fields.optional("children", &self.children);
            fields.optional("created_at", &self.created_at);
            fields.optional("any", &self.any);
            fields.optional("child", &self.child);
            fields.optional("nested", &self.nested);
            fields.required("title", &self.title);
            fields.required("size", &self.size);
        }
    }

    /// The pair's type names made one, in `Debug` output and error messages (generated code
    /// names a model as the derive does: by its Rust name).
    fn one_name(text: String) -> String {
        text.replace("ModelD", "Model")
            .replace("ModelC", "Model")
            .replace("ChildD", "Child")
            .replace("ChildC", "Child")
    }

    /// Decodes `json` as the SDK does (`decode_json`: serde_json through serde_path_to_error,
    /// then the end of input), into the decoded value's `Debug` and its JSON encoding, or the
    /// error's path and message.
    fn outcome<T: DeserializeOwned + Serialize + std::fmt::Debug>(
        json: &str,
    ) -> Result<(String, String), (String, String)> {
        let mut d = serde_json::Deserializer::from_str(json);
        let value: T = serde_path_to_error::deserialize(&mut d)
            .map_err(|e| (e.path().to_string(), one_name(e.into_inner().to_string())))?;
        d.end().map_err(|e| (".".to_owned(), e.to_string()))?;
        let encoded =
            serde_json::to_string(&value).map_err(|e| ("encode".to_owned(), e.to_string()))?;
        Ok((one_name(format!("{value:?}")), encoded))
    }

    const REQUIRED: &str = r#""title":"t","size":1"#;

    #[test]
    fn every_input_decodes_and_encodes_as_the_derive_does() {
        let with_required = |fields: &str| format!("{{{fields},{REQUIRED}}}");
        let mut inputs: Vec<String> = [
            // Each field with a plain value and with odd ones.
            r#""type":"a","count":1,"flag":true,"ratio":1.5,"ids":["a"],"can":{"x":true}"#,
            r#""type":7,"count":"7","flag":0,"ratio":"2","ids":[1,"b",false],"can":{"x":null,"y":"1"}"#,
            r#""type":null,"count":null,"flag":null,"ratio":null,"ids":null,"can":null"#,
            r#""count":"","flag":"","ratio":"""#,
            r#""children":[{"name":"a"},null,{"name":3,"parent":{"name":"p"}}]"#,
            r#""children":null,"child":null,"nested":null,"any":null,"created_at":null"#,
            r#""created_at":"2024-05-01T12:30:00Z","any":{"deep":[1,{"x":null}]}"#,
            r#""created_at":"not a time","any":[1,"2"]"#,
            r#""created_at":1714566600"#,
            r#""child":{"name":"c","parent":{"name":"p","parent":null}}"#,
            r#""nested":{"a":{"name":"x"},"b":null}"#,
            // Unknown keys, anywhere, with any value.
            r#""future":{"a":[1,2,{"b":null}]},"child":{"future":1,"name":"c"}"#,
            // Errors, each naming its field.
            r#""count":1.5"#,
            r#""count":"many""#,
            r#""flag":2"#,
            r#""ratio":"NaN""#,
            r#""type":{}"#,
            r#""ids":[null]"#,
            r#""ids":"a""#,
            r#""can":{"x":"maybe"}"#,
            r#""can":[true]"#,
            r#""children":[7]"#,
            r#""children":[{"name":{}}]"#,
            r#""children":{"name":"a"}"#,
            r#""created_at":true"#,
            r#""child":7"#,
            r#""child":"c""#,
            r#""child":{"parent":{"name":[]}}"#,
            r#""nested":{"a":{"name":[]}}"#,
            r#""nested":[]"#,
            // Arrays where a model is expected are read positionally, as serde reads structs.
            r#""child":[]"#,
            r#""child":["c"]"#,
            r#""child":["c",{"name":"p"}]"#,
            r#""child":["c",null,3]"#,
            r#""child":[{}]"#,
            // Duplicate keys are an error, even when the value repeated is invalid.
            r#""type":"a","type":"b""#,
            r#""count":1,"count":"x""#,
            r#""child":{"name":"a","name":"b"}"#,
            r#""future":1,"future":2"#,
            // Escaped keys are the same keys.
            r#""t\u0079pe":"escaped""#,
        ]
        .iter()
        .map(|fields| with_required(fields))
        .collect();
        inputs.extend(
            [
                // Required fields: missing, null, of the wrong type, repeated.
                "{}",
                r#"{"title":"t"}"#,
                r#"{"size":1}"#,
                r#"{"title":null,"size":1}"#,
                r#"{"title":"t","size":"1"}"#,
                r#"{"title":"t","size":1.0}"#,
                r#"{"title":"t","size":1,"size":2}"#,
                r#"{"title":1,"size":1}"#,
                // The whole model positionally: too short for the required fields, exact, too
                // long, with odd values.
                "[]",
                r#"["a",1]"#,
                r#"["a",1,true,1.5,["x"],{"y":false},[null],"2024-05-01",{},{"name":"c"},{},"t",2]"#,
                r#"["a",1,true,1.5,["x"],{"y":false},[null],"2024-05-01",{},{"name":"c"},{},"t",2,"extra"]"#,
                r#"[7,"7",1,"1",[1],{"y":"0"},null,null,null,null,null,"t",2]"#,
                r#"[null,null,null,null,null,null,null,null,null,null,null,null,2]"#,
                r#"[{},null,null,null,null,null,null,null,null,null,null,"t",2]"#,
                // Not a model at all (`null` neither: this model has required fields; see
                // the next test for one without).
                "null",
                "7",
                r#""model""#,
                "true",
                // Broken and trailing input.
                r#"{"title":"t","size":1"#,
                r#"{"title":"t","size":1} x"#,
                r#"{"title":"t",,"size":1}"#,
            ]
            .map(str::to_owned),
        );
        let mut differ = Vec::new();
        for json in &inputs {
            let (derived, compact) = (outcome::<ModelD>(json), outcome::<ModelC>(json));
            if derived != compact {
                differ.push(format!(
                    "{json}\n  derive:  {derived:?}\n  runtime: {compact:?}"
                ));
            }
        }
        assert!(
            differ.is_empty(),
            "{} inputs differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
        // The inputs cover successes and failures of both kinds.
        let outcomes: Vec<_> = inputs.iter().map(|j| outcome::<ModelC>(j)).collect();
        assert!(outcomes.iter().filter(|o| o.is_ok()).count() >= 15);
        assert!(outcomes.iter().filter(|o| o.is_err()).count() >= 30);
    }

    /// Where the runtime differs from the derive, on purpose: a model without required fields
    /// reads `null` as the derive reads `{}`, at the top level and in arrays (nested or not);
    /// `Option`s keep `null` as `None`, and everything else still decodes as the derive does.
    #[test]
    fn a_model_without_required_fields_reads_null_as_the_derive_reads_an_empty_object() {
        type Rows = &'static [(&'static str, &'static str)];
        // (what the runtime reads, what the derive must read for the same outcome). `{  }` is
        // as long as `null`, so that error positions agree too.
        let child: Rows = &[
            ("null", "{  }"),
            (" null ", " {  } "),
            ("nullx", "{  }x"),
            ("null null", "{  } null"),
            (
                r#"{"name":"a","parent":null}"#,
                r#"{"name":"a","parent":null}"#,
            ),
            (r#"["c",null]"#, r#"["c",null]"#),
            ("7", "7"),
            (r#""c""#, r#""c""#),
            ("nul", "nul"),
            ("", ""),
        ];
        let arrays: Rows = &[
            (
                r#"[{"name":"a"},null,{"name":3}]"#,
                r#"[{"name":"a"},{  },{"name":3}]"#,
            ),
            ("[null]", "[{  }]"),
            ("[null,7]", "[{  },7]"),
            (r#"[null,{"name":[]}]"#, r#"[{  },{"name":[]}]"#),
            ("null", "null"),
        ];
        let nested: Rows = &[
            (
                r#"[[null],[],[{"name":"b"},null]]"#,
                r#"[[{  }],[],[{"name":"b"},{  }]]"#,
            ),
            ("[null,[null]]", "[null,[{  }]]"),
        ];
        let options: Rows = &[("[null,{}]", "[null,{}]"), ("null", "null")];
        let mut differ = Vec::new();
        let mut check = |rows: Rows, compare: &dyn Fn(&str, &str) -> Option<String>| {
            for (runtime, derive) in rows {
                differ.extend(compare(runtime, derive));
            }
        };
        fn pair<C, D>(runtime: &str, derive: &str) -> Option<String>
        where
            C: DeserializeOwned + Serialize + std::fmt::Debug,
            D: DeserializeOwned + Serialize + std::fmt::Debug,
        {
            let (compact, derived) = (outcome::<C>(runtime), outcome::<D>(derive));
            (compact != derived).then(|| {
                format!("{runtime} / {derive}\n  derive:  {derived:?}\n  runtime: {compact:?}")
            })
        }
        check(child, &pair::<ChildC, ChildD>);
        check(arrays, &pair::<Vec<ChildC>, Vec<ChildD>>);
        check(
            nested,
            &pair::<Vec<Option<Vec<ChildC>>>, Vec<Option<Vec<ChildD>>>>,
        );
        check(options, &pair::<Vec<Option<ChildC>>, Vec<Option<ChildD>>>);
        assert!(differ.is_empty(), "{}", differ.join("\n"));
        // The rule changes what `null` gives, so the derive itself must reject it.
        assert!(outcome::<ChildD>("null").is_err());
        assert!(outcome::<Vec<ChildD>>("[null]").is_err());
        // An empty model, and the second element kept in its place.
        let read = outcome::<Vec<ChildC>>(r#"[null,{"name":"b"}]"#);
        let expected =
            r#"[Child { name: None, parent: None }, Child { name: Some("b"), parent: None }]"#;
        assert_eq!(
            read,
            Ok((expected.to_owned(), r#"[{},{"name":"b"}]"#.to_owned()))
        );
        // A model with required fields still rejects `null`, with the derive's message, at the
        // top level and in an array.
        for (json, path) in [("null", "."), ("[null]", "[0]")] {
            let (c, d) = if json == "null" {
                (outcome::<ModelC>(json), outcome::<ModelD>(json))
            } else {
                (outcome::<Vec<ModelC>>(json), outcome::<Vec<ModelD>>(json))
            };
            assert_eq!(c, d, "{json}");
            let (p, m) = c.err().unwrap_or_default();
            assert_eq!(p, path, "{json}");
            assert!(
                m.starts_with("invalid type: null, expected struct Model"),
                "{m}"
            );
        }
    }

    #[test]
    fn null_is_the_empty_model_and_other_values_are_read_as_the_derive_reads_them_in_any_format() {
        // serde_test hands a map, a struct or an array straight to the option visitor, as some
        // formats do: each is read as the model, as the derive reads it. (Its `Some` marks the
        // lenient field's value: serde_test hands a bare string to the field's option visitor.)
        let named = ChildC {
            name: Some("a".to_owned()),
            parent: None,
        };
        let derived = ChildD {
            name: Some("a".to_owned()),
            parent: None,
        };
        let forms = |name: &'static str| {
            [
                vec![
                    Token::Map { len: Some(1) },
                    Token::Str("name"),
                    Token::Some,
                    Token::Str("a"),
                    Token::MapEnd,
                ],
                vec![
                    Token::Struct { name, len: 1 },
                    Token::Str("name"),
                    Token::Some,
                    Token::Str("a"),
                    Token::StructEnd,
                ],
                vec![
                    Token::Seq { len: Some(1) },
                    Token::Some,
                    Token::Str("a"),
                    Token::SeqEnd,
                ],
            ]
        };
        for (c, d) in forms("ChildC").iter().zip(&forms("ChildD")) {
            serde_test::assert_de_tokens(&named, c);
            serde_test::assert_de_tokens(&derived, d);
        }
        for null in [Token::Unit, Token::None] {
            serde_test::assert_de_tokens(&ChildC::default(), &[null]);
        }
        serde_test::assert_de_tokens_error::<ChildC>(
            &[Token::Bool(true)],
            "invalid type: boolean `true`, expected struct ChildC",
        );
    }

    /// The tokens of model `name` with `title`, `size` and, when given, `count`.
    fn tokens(name: &'static str, count: Option<i64>) -> Vec<Token> {
        let mut tokens = vec![Token::Struct {
            name,
            len: 2 + usize::from(count.is_some()),
        }];
        if let Some(n) = count {
            tokens.extend([Token::Str("count"), Token::Some, Token::I64(n)]);
        }
        tokens.extend([
            Token::Str("title"),
            Token::Str("t"),
            Token::Str("size"),
            Token::I32(1),
            Token::StructEnd,
        ]);
        tokens
    }

    #[test]
    fn encoding_gives_the_derives_tokens_with_the_number_of_fields_written() {
        let derived = ModelD {
            title: "t".to_owned(),
            size: 1,
            ..ModelD::default()
        };
        let compact = ModelC {
            title: "t".to_owned(),
            size: 1,
            ..ModelC::default()
        };
        serde_test::assert_ser_tokens(&derived, &tokens("ModelD", None));
        serde_test::assert_ser_tokens(&compact, &tokens("ModelC", None));
        let derived = ModelD {
            count: Some(5),
            ..derived
        };
        let compact = ModelC {
            count: Some(5),
            ..compact
        };
        serde_test::assert_ser_tokens(&derived, &tokens("ModelD", Some(5)));
        serde_test::assert_ser_tokens(&compact, &tokens("ModelC", Some(5)));
    }

    #[test]
    fn keys_may_be_field_indexes_or_bytes_as_with_the_derive() {
        let expected_c = ModelC {
            count: Some(3),
            title: "t".to_owned(),
            size: 1,
            ..ModelC::default()
        };
        let expected_d = ModelD {
            count: Some(3),
            title: "t".to_owned(),
            size: 1,
            ..ModelD::default()
        };
        let keyed = |count: Token, title: Token, size: Token| {
            vec![
                Token::Map { len: Some(4) },
                count,
                Token::Some,
                Token::I64(3),
                title,
                Token::Str("t"),
                size,
                Token::I32(1),
                // An index past the last field is ignored, as an unknown name is.
                Token::U64(99),
                Token::Bool(true),
                Token::MapEnd,
            ]
        };
        for tokens in [
            keyed(Token::U64(1), Token::U64(11), Token::U64(12)),
            keyed(
                Token::Bytes(b"count"),
                Token::BorrowedBytes(b"title"),
                Token::String("size"),
            ),
        ] {
            serde_test::assert_de_tokens(&expected_d, &tokens);
            serde_test::assert_de_tokens(&expected_c, &tokens);
        }
        // Other identifiers are errors, with the same message.
        let bad = [Token::Map { len: Some(1) }, Token::I64(1)];
        let message = "invalid type: integer `1`, expected field identifier";
        serde_test::assert_de_tokens_error::<ModelD>(&bad, message);
        serde_test::assert_de_tokens_error::<ModelC>(&bad, message);
    }

    #[test]
    fn more_than_128_fields_are_tracked_too() {
        let mut seen = super::Seen::new();
        for i in [0, 127, 128, 300] {
            assert!(!seen.contains(i));
            assert!(seen.insert(i), "{i}");
            assert!(!seen.insert(i), "{i}");
            assert!(seen.contains(i));
        }
        assert!(!seen.contains(129) && !seen.contains(1000));
    }
}
