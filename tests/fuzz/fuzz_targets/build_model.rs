//! Loading a spec, building the model and rendering every language from it: a spec the loader
//! accepts never makes the model or an emitter panic.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| looker_codegen_fuzz::generate_all(data));

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    looker_codegen_fuzz::mutate_json(data, size, max_size, seed)
        .unwrap_or_else(|| libfuzzer_sys::fuzzer_mutate(data, size, max_size))
});
