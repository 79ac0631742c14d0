//! DynamicValue JSON (and stored state) against every schema of the provider: decoding never
//! panics, a decoded value survives msgpack and JSON encoding, and the provider code runs.

#![no_main]

use fuzz_support::{exercise, split};
use libfuzzer_sys::fuzz_target;
use host::protocol::codec::{json, msgpack};

fuzz_target!(|data: &[u8]| {
    let Some((target, bytes)) = split(data) else {
        return;
    };
    let ty = target.ty();
    let Ok(value) = json::decode(bytes, ty) else {
        return;
    };
    let encoded = match msgpack::encode(&value, ty) {
        Ok(e) => e,
        Err(e) => panic!("a decoded value does not encode: {e}: {value:?}"),
    };
    assert_eq!(msgpack::decode(&encoded, ty).as_ref(), Ok(&value));
    // JSON has no unknown values, so every decoded value can be written back as state.
    let state = match json::encode(&value) {
        Ok(j) => j.to_string(),
        Err(e) => panic!("a decoded value does not encode as JSON: {e}: {value:?}"),
    };
    if let Err(e) = json::decode(state.as_bytes(), ty) {
        panic!("written state does not decode: {e}: {state}");
    }
    exercise(target, &value);
});
