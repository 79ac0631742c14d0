//! The catalogue tables generated at build time by `build/catalog.rs` from
//! `data/catalog/iam-catalog.tsv`: static arrays of integers that refer to each other by index,
//! plus one string blob, so nothing is parsed or relocated when the plugin starts.

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

/// The string with the given id.
///
/// Every id in the tables names a string: the build checks the ids it writes and
/// `invariant_tests` checks them again, so the empty fallback is never taken; a debug build
/// (every test run) stops on it rather than reading a broken table as an empty name.
pub(super) fn text(id: u32) -> &'static str {
    let found = lookup_text(id);
    debug_assert!(
        found.is_some(),
        "catalogue string id {id} is not in the string table"
    );
    found.unwrap_or("")
}

/// The string with the given id, `None` for an id outside the tables.
pub(super) fn lookup_text(id: u32) -> Option<&'static str> {
    let id = id as usize;
    let start = match id.checked_sub(1) {
        Some(previous) => *TEXT_ENDS.get(previous)?,
        None => 0,
    };
    let end = *TEXT_ENDS.get(id)?;
    TEXT.get(start as usize..end as usize)
}
