//! The one ARN field splitter of the engine.
//!
//! An ARN has six colon-separated fields, `arn:partition:service:region:account:resource`;
//! the resource field keeps every further colon (`function:f:1`, `log-group:g:log-stream:s`).
//!
//! In a policy (version `2012-10-17`), `${…}` is a policy variable and may hold a colon
//! (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`), which does not separate fields.
//! The variable runs from `${` to the first `}` after it, which is how IAM substitutes it (so a
//! `${` inside a variable does not nest); a `${` with no `}` after it is not a variable but
//! ordinary text, and its colons separate fields as any other. Concrete ARNs and policies of
//! version `2008-10-17` have no variables: there every colon separates.

use std::ops::Range;

/// Number of fields in an ARN.
pub const ARN_FIELDS: usize = 6;

/// How `${` reads in the text being split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variables {
    /// A policy ARN: `${…}` is a policy variable whose colons stay inside its field.
    Policy,
    /// A concrete ARN, or text in which variables are not substituted: every `:` separates.
    Text,
}

/// The byte offsets of the colons of `text` that separate fields, in order.
pub fn separators(text: &str, variables: Variables) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&byte) = bytes.get(i) {
            let at = i;
            i += 1;
            match byte {
                b':' => return Some(at),
                b'$' if variables == Variables::Policy && bytes.get(i) == Some(&b'{') => {
                    // skip to the `}` that closes the variable, if one does
                    if let Some(close) = bytes
                        .get(i..)
                        .and_then(|r| r.iter().position(|&b| b == b'}'))
                    {
                        i += close + 1;
                    }
                }
                _ => {}
            }
        }
        None
    })
}

/// The byte ranges of the six fields of `text` (the first normally `arn`); `None` when it has
/// fewer than six.
pub fn field_ranges(text: &str, variables: Variables) -> Option<[Range<usize>; ARN_FIELDS]> {
    let mut ranges: [Range<usize>; ARN_FIELDS] = Default::default();
    let mut start = 0;
    let mut cuts = separators(text, variables);
    for range in ranges.iter_mut().take(ARN_FIELDS - 1) {
        let cut = cuts.next()?;
        *range = start..cut;
        start = cut + 1;
    }
    if let Some(last) = ranges.last_mut() {
        *last = start..text.len();
    }
    Some(ranges)
}

/// The six fields of `text` (see [`field_ranges`]).
pub fn split_fields(text: &str, variables: Variables) -> Option<[&str; ARN_FIELDS]> {
    let ranges = field_ranges(text, variables)?;
    let mut fields = [""; ARN_FIELDS];
    for (field, range) in fields.iter_mut().zip(ranges) {
        *field = text.get(range)?;
    }
    Some(fields)
}

/// Every colon-separated field of `text`, however many (an ARN with too few fields, for
/// messages and repairs).
pub fn all_fields(text: &str, variables: Variables) -> impl Iterator<Item = &str> + '_ {
    let mut start = Some(0);
    let mut cuts = separators(text, variables);
    std::iter::from_fn(move || {
        let from = start?;
        match cuts.next() {
            Some(cut) => {
                start = Some(cut + 1);
                text.get(from..cut)
            }
            None => {
                start = None;
                text.get(from..)
            }
        }
    })
}

/// The number of colon-separated fields of `text`, however many.
pub fn field_count(text: &str, variables: Variables) -> usize {
    separators(text, variables).count() + 1
}

#[cfg(test)]
mod tests;
