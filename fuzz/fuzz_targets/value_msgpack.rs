//! DynamicValue msgpack against every schema of the provider: decoding never panics, a decoded
//! value encodes and decodes back to itself, and the provider code that would receive it runs.

#![no_main]

use fuzz_support::{exercise, split};
use libfuzzer_sys::fuzz_target;
use host::protocol::codec::msgpack;

fuzz_target!(|data: &[u8]| {
    let Some((target, bytes)) = split(data) else {
        return;
    };
    let ty = target.ty();
    let Ok(value) = msgpack::decode(bytes, ty) else {
        return;
    };
    let encoded = match msgpack::encode(&value, ty) {
        Ok(e) => e,
        Err(e) => panic!("a decoded value does not encode: {e}: {value:?}"),
    };
    assert_eq!(msgpack::decode(&encoded, ty).as_ref(), Ok(&value));
    exercise(target, &value);
});
