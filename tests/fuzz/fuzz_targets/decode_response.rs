//! Decoding responses into the SDK's types the way the SDK does (serde_json through
//! serde_path_to_error, as `Response::json` does): any body is a value or an error naming a
//! field path, never a panic.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use looker_sdk::models;
use serde::de::DeserializeOwned;

fn decode<T: DeserializeOwned + serde::Serialize>(body: &[u8]) {
    let mut de = serde_json::Deserializer::from_slice(body);
    if let Ok(value) = serde_path_to_error::deserialize::<_, T>(&mut de) {
        // What decoded must encode again (request bodies are built from the same types).
        let _ = serde_json::to_vec(&value);
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the type, so one corpus covers the models users meet most.
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    match which % 10 {
        0 => decode::<models::Alert>(body),
        1 => decode::<models::Dashboard>(body),
        2 => decode::<models::User>(body),
        3 => decode::<models::Query>(body),
        4 => decode::<models::Look>(body),
        5 => decode::<models::ScheduledPlan>(body),
        6 => decode::<models::Project>(body),
        7 => decode::<Vec<models::Dashboard>>(body),
        8 => decode::<models::LookmlModelExplore>(body),
        _ => decode::<std::collections::BTreeMap<String, serde_json::Value>>(body),
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    // Keep the type byte; mutate the JSON after it.
    if size > 1 && max_size > 1 {
        if let Some(n) =
            looker_codegen_fuzz::mutate_json(&mut data[1..], size - 1, max_size - 1, seed)
        {
            return n + 1;
        }
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
});
