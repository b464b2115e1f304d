//! Encoding of generated models: a model lists its fields ([`Model::fields`]) and [`model`]
//! writes them, exactly as serde's derive would (`serialize_struct` with the number of fields
//! written, then each field, an optional one skipped when it is `None`).
//!
//! serde's derive writes that code out in full for every model of the API; here each model is a
//! list of calls and the serializing is the generic code below, compiled once per serializer
//! where a model is written.
#![doc(hidden)]

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A generated model that [`model`] encodes. The default is a model without fields.
pub trait Model {
    /// The type's name, given to `serialize_struct`.
    const NAME: &'static str;

    /// Hands each field to `fields`, in declaration order, under its wire name.
    fn fields<F: Fields>(&self, _fields: &mut F) {}
}

/// What [`Model::fields`] writes to: a counter first, then the serializer.
///
/// The calls return nothing so that a model's list stays a list: after an error every later
/// call does nothing, and [`model`] returns that first error.
pub trait Fields {
    /// A field that may be absent: skipped (`skip_field`) when it is `None`.
    fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>);

    /// A field that is always written (a required field of a write type).
    fn required<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// A nullable field of a write type: skipped when [`Nullable::Absent`], `null` when
    /// [`Nullable::Null`] (Looker clears the value), the value otherwise.
    fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Nullable<T>);
}

/// Serializes a [`Model`] as a struct of the fields it lists.
///
/// Generic over the serializer, so it is compiled only where a model is written.
pub fn model<T: Model + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // Formats that write a struct's length first (MessagePack, ...) need the number of fields
    // that will be written, as the derive computes it.
    let mut count = Count(0);
    value.fields(&mut count);
    let mut out = Out {
        state: serializer.serialize_struct(T::NAME, count.0)?,
        error: None,
    };
    value.fields(&mut out);
    match out.error {
        Some(e) => Err(e),
        None => out.state.end(),
    }
}

/// Counts the fields that will be written.
struct Count(usize);

impl Fields for Count {
    fn optional<T: Serialize>(&mut self, _key: &'static str, value: &Option<T>) {
        self.0 += usize::from(value.is_some());
    }

    fn required<T: Serialize + ?Sized>(&mut self, _key: &'static str, _value: &T) {
        self.0 += 1;
    }

    fn nullable<T: Serialize>(&mut self, _key: &'static str, value: &Nullable<T>) {
        self.0 += usize::from(!value.is_absent());
    }
}

/// Writes fields into a struct being serialized, keeping the first error.
struct Out<S: SerializeStruct> {
    state: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> Out<S> {
    fn record(&mut self, result: Result<(), S::Error>) {
        if let Err(e) = result {
            self.error = Some(e);
        }
    }
}

impl<S: SerializeStruct> Fields for Out<S> {
    fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if self.error.is_some() {
            return;
        }
        // The derive writes the `Option` itself (`serialize_some`), not its content.
        let result = match value {
            Some(_) => self.state.serialize_field(key, value),
            None => self.state.skip_field(key),
        };
        self.record(result);
    }

    fn required<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if self.error.is_some() {
            return;
        }
        let result = self.state.serialize_field(key, value);
        self.record(result);
    }

    fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Nullable<T>) {
        if self.error.is_some() {
            return;
        }
        let result = match value {
            Nullable::Absent => self.state.skip_field(key),
            present => self.state.serialize_field(key, present),
        };
        self.record(result);
    }
}

/// A property of a request body that the spec lets be `null`: left out of the JSON when
/// [`Absent`](Nullable::Absent) (the server keeps what it has), sent as `null` when
/// [`Null`](Nullable::Null) (Looker clears the value; the official Python SDK's
/// `EXPLICIT_NULL`), or sent as the value.
///
/// `Option` alone cannot say both "leave it" and "clear it", so write types hold their nullable
/// optional properties in this. `From<T>` makes `field: value.into()` read as `Some(value)` did.
///
/// ```
/// use looker_sdk_rtl::Nullable;
///
/// let title: Nullable<String> = "Sales".to_owned().into();
/// assert_eq!(title.as_ref(), Some(&"Sales".to_owned()));
/// assert!(Nullable::<String>::default().is_absent());
/// assert!(Nullable::<String>::Null.is_null());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent: the key is left out of the body.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the key is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether it is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` for both `Absent` and `Null`).
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one (`None` for both `Absent` and `Null`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` is [`Nullable::Absent`], as an `Option` field of a write type was: code that set
/// `Some(x)`/`None` keeps its meaning with `.into()`.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Absent, Nullable::Value)
    }
}

/// `Absent` is written as `null` here; a model's [`Fields::nullable`] leaves it out instead.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// `null` reads as [`Nullable::Null`], a value as [`Nullable::Value`]; a missing key stays
/// [`Nullable::Absent`] (the default a model starts from).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::{Fields, Model, Nullable};

    /// A write type as the generator writes one: a required field, an optional one and a
    /// nullable one.
    #[derive(Debug, Default, PartialEq)]
    struct Write {
        name: String,
        note: Option<String>,
        title: Nullable<String>,
    }

    impl Model for Write {
        const NAME: &'static str = "Write";

        fn fields<F: Fields>(&self, fields: &mut F) {
            fields.required("name", &self.name);
            fields.optional("note", &self.note);
            fields.nullable("title", &self.title);
        }
    }

    impl crate::de::Model for Write {
        const NAME: &'static str = "Write";
        const FIELDS: &'static [&'static str] = &["name", "note", "title"];
        const REQUIRED: &'static [usize] = &[0];

        fn index(key: &str) -> Option<usize> {
            Self::FIELDS.iter().position(|f| *f == key)
        }

        fn field<'de, V: crate::de::Values<'de>>(
            &mut self,
            index: usize,
            value: V,
        ) -> Result<(), V::Error> {
            match index {
                0 => value.value(&mut self.name),
                1 => value.value(&mut self.note),
                2 => value.value(&mut self.title),
                _ => value.ignore(),
            }
        }
    }

    fn encode(value: &Write) -> String {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        super::model(value, &mut serializer).unwrap_or_else(|e| panic!("encoding: {e}"));
        String::from_utf8(out).unwrap_or_default()
    }

    fn decode(json: &str) -> Write {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        crate::de::model(&mut deserializer).unwrap_or_else(|e| panic!("decoding {json}: {e}"))
    }

    #[test]
    fn three_states_round_trip() {
        let cases = [
            (Nullable::Absent, r#"{"name":"n"}"#),
            (Nullable::Null, r#"{"name":"n","title":null}"#),
            (
                Nullable::Value("t".to_owned()),
                r#"{"name":"n","title":"t"}"#,
            ),
        ];
        for (title, json) in cases {
            let value = Write {
                name: "n".to_owned(),
                note: None,
                title,
            };
            assert_eq!(encode(&value), json);
            assert_eq!(decode(json), value, "{json}");
        }
    }

    #[test]
    fn counts_only_written_fields() {
        // MessagePack-like formats rely on the count given to serialize_struct.
        let mut count = super::Count(0);
        let absent = Write::default();
        absent.fields(&mut count);
        assert_eq!(count.0, 1);
        let mut count = super::Count(0);
        let null = Write {
            title: Nullable::Null,
            ..Write::default()
        };
        null.fields(&mut count);
        assert_eq!(count.0, 2);
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Absent);
        assert_eq!(Nullable::from(Some(3)).into_option(), Some(3));
        assert_eq!(Nullable::<i32>::Null.into_option(), None);
        // A lone Nullable (outside a model) writes Absent as null too.
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Null)
                .ok()
                .as_deref(),
            Some("null")
        );
    }
}
