//! Encoding of generated models: a model lists its fields ([`Model::fields`]) and [`model`]
//! writes them, exactly as serde's derive would (`serialize_struct` with the number of fields
//! written, then each field, an optional one skipped when it is `None`).
//!
//! serde's derive writes that code out in full for every model of the API; here each model is a
//! list of calls and the serializing is the generic code below, compiled once per serializer
//! where a model is written.
#![doc(hidden)]

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
}
