//! Loading and repairing a spec (OpenAPI 3.0 or Swagger 2.0): any input is Ok or Err, never a
//! panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| {
    if let Ok(json) = serde_json::from_slice(data) {
        let _ = looker_codegen::spec::from_json(json);
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    looker_codegen_fuzz::mutate_json(data, size, max_size, seed)
        .unwrap_or_else(|| libfuzzer_sys::fuzzer_mutate(data, size, max_size))
});
