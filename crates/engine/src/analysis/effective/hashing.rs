//! A fast hasher for the small string and integer keys of the build-time caches (the standard
//! SipHash is built to resist flooding, which these private caches do not need), hashing
//! eight bytes at a time with a rotate-xor-multiply step (the scheme of rustc's FxHash).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Rotate-xor-multiply hash, taking eight bytes per step.
#[derive(Default)]
pub(super) struct QuickHasher(u64);

impl QuickHasher {
    fn step(&mut self, value: u64) {
        self.0 = (self.0 ^ value)
            .wrapping_mul(0x517c_c1b7_2722_0a95)
            .rotate_left(23);
    }
}

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        // The steps leave small keys (ids, short lists of ids) in few high bits, which the
        // table reads first: a final xor-shift-multiply spreads them.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.step(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.step(u64::from(b));
        }
    }
}

/// A `HashMap` with [`QuickHasher`].
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<QuickHasher>>;

/// A `HashSet` with [`QuickHasher`].
pub(super) type FastSet<T> = HashSet<T, BuildHasherDefault<QuickHasher>>;
