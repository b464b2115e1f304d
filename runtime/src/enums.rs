//! String enums that keep unknown values: [`string_enum!`] declares one, [`string_enum_impls!`]
//! adds the conversions and serde impls to one the generator declared itself.

/// Declares a string enum that keeps values it does not know.
///
/// Besides the listed variants the enum gets `Unknown(String)`: a value this SDK version does not
/// know, kept exactly as sent (decoding it is not an error, and it serializes back unchanged).
/// The enum derives `Debug, Clone, PartialEq, Eq, Hash` and implements `as_str`, `From<&str>`,
/// and everything [`string_enum_impls!`] adds.
///
/// ```text
/// string_enum! {
///     /// The format of a query result.
///     pub enum ResultFormat {
///         /// `"inline_json"`
///         InlineJson = "inline_json",
///         /// `"csv"`
///         Csv = "csv",
///     }
/// }
/// ```
#[cfg(test)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $value:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )*
            /// A value this SDK version does not know, kept exactly as sent (not an error).
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as Looker sends and receives it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value.to_owned()),
                }
            }
        }

        $crate::string_enum_impls!($name);
    };
}

/// Completes a string enum that has an `Unknown(String)` variant, `as_str(&self) -> &str` and
/// `From<&str>` (mapping values it does not know to `Unknown`): adds `From<String>` and
/// `From<&String>` (so that a parameter taking `impl Into<TheEnum>` takes any string a
/// `impl Into<String>` one does), `FromStr` (infallible), `Display`, `QueryValue`, and serde's
/// `Serialize`/`Deserialize` as the string (an unknown value deserializes to `Unknown`, not an
/// error; so does a number or boolean, as its JSON text). For generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                let parsed = Self::from(value.as_str());
                if matches!(parsed, Self::Unknown(_)) {
                    // Keep the caller's string rather than the copy.
                    Self::Unknown(value)
                } else {
                    parsed
                }
            }
        }

        impl ::std::convert::From<&::std::string::String> for $name {
            fn from(value: &::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::QueryValue for $name {
            fn to_query(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }

        impl $crate::de::serde::Serialize for $name {
            fn serialize<S: $crate::de::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::de::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::de::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // A number or boolean is kept as its text, as an unknown value.
                $crate::de::serde::Deserializer::deserialize_any(deserializer, $crate::de::Text)
                    .map(|text| Self::from(text.unwrap_or_default()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    string_enum! {
        /// A test enum.
        pub enum Format {
            /// `"inline_json"`
            InlineJson = "inline_json",
            /// `"csv"`
            Csv = "csv",
        }
    }

    string_enum! {
        /// An enum with no known values.
        pub enum Empty {}
    }

    #[test]
    fn known_values() {
        assert_eq!(Format::from("csv"), Format::Csv);
        assert_eq!(Format::from("inline_json".to_owned()), Format::InlineJson);
        assert_eq!("csv".parse::<Format>(), Ok(Format::Csv));
        assert_eq!(Format::InlineJson.as_str(), "inline_json");
        assert_eq!(Format::Csv.to_string(), "csv");
    }

    /// What a parameter taking `impl Into<Format>` accepts: a variant, or any string.
    fn sent(format: impl Into<Format>) -> String {
        format.into().to_string()
    }

    #[test]
    fn parameters_take_a_variant_or_a_string() {
        let owned = String::from("xlsx");
        assert_eq!(sent(Format::Csv), "csv");
        assert_eq!(sent("inline_json"), "inline_json");
        assert_eq!(sent(&owned), "xlsx");
        assert_eq!(Format::from(&owned), Format::Unknown("xlsx".to_owned()));
        assert_eq!(Format::from(&"csv".to_owned()), Format::Csv);
        assert_eq!(sent(owned), "xlsx");
    }

    #[test]
    fn unknown_values_are_kept() {
        assert_eq!(Format::from("xlsx"), Format::Unknown("xlsx".to_owned()));
        assert_eq!(Format::from("CSV"), Format::Unknown("CSV".to_owned()));
        assert_eq!(Format::Unknown("xlsx".to_owned()).as_str(), "xlsx");
        assert_eq!(Empty::from("a").as_str(), "a");
    }

    #[test]
    fn query_values_and_delimited_arrays() {
        use crate::QueryValue;
        assert_eq!(Format::InlineJson.to_query(), "inline_json");
        assert_eq!(vec![Format::Csv, Format::from("x")].to_query(), "csv,x");
    }

    #[test]
    fn serde_round_trip() -> Result<(), serde_json::Error> {
        let values: Vec<Format> = serde_json::from_str(r#"["csv","inline_json","new_thing"]"#)?;
        assert_eq!(
            values,
            vec![
                Format::Csv,
                Format::InlineJson,
                Format::Unknown("new_thing".to_owned())
            ]
        );
        assert_eq!(
            serde_json::to_string(&values)?,
            r#"["csv","inline_json","new_thing"]"#
        );
        assert_eq!(
            serde_json::from_str::<Format>("42")?,
            Format::Unknown("42".to_owned())
        );
        assert!(serde_json::from_str::<Format>("[]").is_err());
        Ok(())
    }
}
