// The hash of the catalogue's name indexes. The build (build/catalog.rs) includes this file to
// lay the indexes out and the crate uses it to look names up, so both hash alike by
// construction. Plain comments only: `include!` takes items, not inner attributes.

/// Hashes names ignoring ASCII case: the lower-cased bytes of each part eight at a time into a
/// rotate-xor-multiply state (one multiplication per word, not per byte), then a final mix so
/// that the low bits, which pick the slot, depend on every byte.
#[derive(Clone, Copy)]
pub(super) struct NameHash(u64);

impl NameHash {
    /// The hash of nothing yet.
    pub(super) fn new() -> Self {
        NameHash(0xcbf2_9ce4_8422_2325)
    }

    /// The hash with the bytes of `part` added.
    pub(super) fn add(self, part: &[u8]) -> Self {
        let mix = |hash: u64, word: [u8; 8]| {
            let word = lower_ascii(u64::from_le_bytes(word));
            (hash.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        };
        let mut hash = self.0;
        let mut words = part.chunks_exact(8);
        for word in &mut words {
            hash = mix(hash, <[u8; 8]>::try_from(word).unwrap_or_default());
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            for (slot, byte) in last.iter_mut().zip(rest) {
                *slot = *byte;
            }
            hash = mix(hash, last);
        }
        NameHash(hash ^ part.len() as u64)
    }

    /// The slot of the hash in a table of `size` slots, a power of two.
    pub(super) fn slot(self, size: usize) -> usize {
        let mut hash = self.0;
        hash = (hash ^ (hash >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        hash ^= hash >> 29;
        (hash as usize) & size.wrapping_sub(1)
    }
}

/// `to_ascii_lowercase` of each of the eight bytes at once: `A`..=`Z` gain 0x20, every other
/// byte (0x80 and above included) stays.
pub(super) fn lower_ascii(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = word & !HIGH;
    // per byte, bit 7 of each sum says `>= b'A'` and `> b'Z'` for the low seven bits
    let at_least_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let beyond_z = low7.wrapping_add(0x2525_2525_2525_2525);
    let upper = at_least_a & !beyond_z & !word & HIGH;
    word | (upper >> 2)
}
