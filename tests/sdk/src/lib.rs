//! Tests of the generated `looker-sdk` crate live in `tests/`; this crate has no code of its own.
