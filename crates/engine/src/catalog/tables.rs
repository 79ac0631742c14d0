//! The catalogue tables generated at build time by `build/catalog.rs` from
//! `data/catalog/iam-catalog.tsv`: static arrays of integers that refer to each other by index,
//! plus one string blob, so nothing is parsed or relocated when the plugin starts.

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

/// The string with the given id.
pub(super) fn text(id: u32) -> &'static str {
    let id = id as usize;
    let start = match id.checked_sub(1) {
        Some(previous) => TEXT_ENDS.get(previous).copied().unwrap_or(0),
        None => 0,
    };
    let end = TEXT_ENDS.get(id).copied().unwrap_or(0);
    TEXT.get(start as usize..end as usize).unwrap_or("")
}
