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
        let mut hash = self.0;
        for chunk in part.chunks(8) {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(chunk) {
                *slot = byte.to_ascii_lowercase();
            }
            hash = (hash.rotate_left(23) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
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
