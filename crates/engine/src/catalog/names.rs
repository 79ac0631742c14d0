//! Name matching for the catalogue: ASCII case-insensitive order and search over the sorted
//! tables, and condition key templates such as `aws:RequestTag/${TagKey}`. Action wildcards are
//! matched by [`crate::policy::wildcard`].

use std::cmp::Ordering;

use super::name_hash::NameHash;

fn lower(byte: &u8) -> u8 {
    byte.to_ascii_lowercase()
}

/// Compares ignoring ASCII case: the order the build sorts every table by.
pub(super) fn cmp_ci(a: &str, b: &str) -> Ordering {
    cmp_bytes_ci(a.as_bytes(), b.as_bytes())
}

fn cmp_bytes_ci(a: &[u8], b: &[u8]) -> Ordering {
    // A plain loop: names mostly agree in case, and this runs in every binary search.
    for (x, y) in a.iter().zip(b) {
        if x != y {
            let (x, y) = (lower(x), lower(y));
            if x != y {
                return x.cmp(&y);
            }
        }
    }
    a.len().cmp(&b.len())
}

/// Binary search for `name` in `items`, which are sorted by `cmp_ci` of `key`.
pub(super) fn find_ci<T>(
    items: &'static [T],
    key: impl Fn(&T) -> &'static str,
    name: &str,
) -> Option<&'static T> {
    let index = items
        .binary_search_by(|item| cmp_ci(key(item), name))
        .ok()?;
    items.get(index)
}

/// The row of `rows` that `index` (an open-addressing index the build lays out with
/// [`NameHash`]) holds under `hash` and that `is` accepts, given its row number and itself.
pub(super) fn find_hashed<T>(
    index: &'static [u32],
    rows: &'static [T],
    hash: NameHash,
    is: impl Fn(usize, &T) -> bool,
) -> Option<&'static T> {
    let mut slot = hash.slot(index.len());
    for _ in 0..index.len() {
        // 0 is an empty slot: the name is not there
        let row = usize::try_from(index.get(slot)?.checked_sub(1)?).ok()?;
        let item = rows.get(row)?;
        if is(row, item) {
            return Some(item);
        }
        slot = (slot + 1) % index.len();
    }
    None
}

/// The run of `items` (sorted by `cmp_ci` of `key`) whose key starts with `prefix`, ignoring
/// ASCII case. Truncating keys to the prefix length keeps them sorted, so the run is contiguous.
pub(super) fn prefix_range<T>(
    items: &'static [T],
    key: impl Fn(&T) -> &'static str,
    prefix: &str,
) -> &'static [T] {
    let run = prefix_run(items, &key, prefix);
    let end = run.partition_point(|item| cmp_head(key(item), prefix) != Ordering::Greater);
    run.get(..end).unwrap_or(&[])
}

/// The items from the first (sorted by `cmp_ci` of `key`) whose key starts with `prefix`,
/// ignoring ASCII case, to the end: the run [`prefix_range`] gives is their beginning.
pub(super) fn prefix_run<T>(
    items: &'static [T],
    key: impl Fn(&T) -> &'static str,
    prefix: &str,
) -> &'static [T] {
    let start = items.partition_point(|item| cmp_head(key(item), prefix) == Ordering::Less);
    items.get(start..).unwrap_or(&[])
}

/// Whether `name` starts with `prefix`, ignoring ASCII case.
pub(super) fn starts_with_ci(name: &str, prefix: &str) -> bool {
    cmp_head(name, prefix) == Ordering::Equal
}

fn cmp_head(name: &str, prefix: &str) -> Ordering {
    let name = name.as_bytes();
    let head = name.get(..prefix.len()).unwrap_or(name);
    cmp_bytes_ci(head, prefix.as_bytes())
}

/// The text of an IAM wildcard pattern before its first `*` or `?`.
pub(super) fn literal_prefix(pattern: &str) -> &str {
    let end = pattern.find(['*', '?']).unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or("")
}

/// Whether a condition key name is a template, i.e. holds a `${Name}` or `<name>` placeholder.
pub(super) fn is_template(name: &str) -> bool {
    next_placeholder(name).is_some()
}

/// Byte range of the first placeholder in `s`: `${…}` or `<…>`.
fn next_placeholder(s: &str) -> Option<(usize, usize)> {
    // Byte scans: this runs for every key of every lookup, and the needles are ASCII.
    let bytes = s.as_bytes();
    let find = |from: usize, byte: u8| {
        let position = bytes.get(from..)?.iter().position(|&b| b == byte)?;
        Some(from + position)
    };
    let closed = |start: usize, close: u8| Some((start, find(start, close)? + 1));
    let dollar = bytes
        .windows(2)
        .position(|pair| pair == b"${")
        .and_then(|start| closed(start, b'}'));
    let angle = find(0, b'<').and_then(|start| closed(start, b'>'));
    match (dollar, angle) {
        (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
        (d, a) => d.or(a),
    }
}

/// The fixed pieces of a template, in order: the text before the first placeholder, between
/// placeholders, and after the last one (possibly empty).
struct Pieces<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match next_placeholder(rest) {
            Some((start, end)) => {
                self.rest = rest.get(end..);
                rest.get(..start)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

fn find_ci_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let tail = haystack.get(from..)?;
    if needle.is_empty() {
        return Some(from);
    }
    tail.windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|i| i + from)
}

/// Matches a concrete condition key against a template. Each placeholder stands for one or
/// more characters; the fixed text is compared ignoring ASCII case, as IAM treats key names.
/// A name without placeholders must equal the key (ignoring case).
pub(super) fn template_matches(template: &str, key: &str) -> bool {
    // Before its first `$` or `<` the template is literal text that every match starts with,
    // whether or not a placeholder follows: most keys differ there, so test that first.
    let mut literal = template
        .bytes()
        .take_while(|&b| b != b'$' && b != b'<')
        .zip(key.bytes());
    if literal.any(|(t, k)| !t.eq_ignore_ascii_case(&k)) {
        return false;
    }
    if next_placeholder(template).is_none() {
        return template.eq_ignore_ascii_case(key);
    }
    let key = key.as_bytes();
    let mut pieces = Pieces {
        rest: Some(template),
    }
    .peekable();
    let first = pieces.next().unwrap_or("").as_bytes();
    if !key
        .get(..first.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(first))
    {
        return false;
    }
    let mut pos = first.len();
    if pieces.peek().is_none() {
        return pos == key.len();
    }
    while let Some(piece) = pieces.next() {
        let piece = piece.as_bytes();
        // The placeholder before this piece takes at least one character.
        let earliest = pos + 1;
        if pieces.peek().is_none() {
            let Some(start) = key.len().checked_sub(piece.len()) else {
                return false;
            };
            return start >= earliest
                && key
                    .get(start..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(piece));
        }
        // Taking the leftmost occurrence leaves the most room for the pieces after it.
        match find_ci_from(key, piece, earliest) {
            Some(found) => pos = found + piece.len(),
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_stops_at_first_wildcard() {
        assert_eq!(literal_prefix("Detect*"), "Detect");
        assert_eq!(literal_prefix("Get?tem*"), "Get");
        assert_eq!(literal_prefix("*"), "");
        assert_eq!(literal_prefix("Exact"), "Exact");
    }

    #[test]
    fn templates_match_concrete_keys() {
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/team"
        ));
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "AWS:requesttag/Team/Sub"
        ));
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/${TagKey}"
        ));
        assert!(!template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
        assert!(!template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/team"
        ));
        assert!(template_matches(
            "s3:ExistingObjectTag/<key>",
            "s3:existingobjecttag/env"
        ));
        assert!(template_matches(
            "codebuild:secondarySources/${sourceIdentifier}.auth.type",
            "codebuild:secondarySources/src1.auth.type"
        ));
        assert!(!template_matches(
            "codebuild:secondarySources/${sourceIdentifier}.auth.type",
            "codebuild:secondarySources/.auth.type"
        ));
        assert!(template_matches(
            "agent.${Domain}.buildkite.dev:cluster_id",
            "agent.acme.buildkite.dev:cluster_id"
        ));
        assert!(template_matches(
            "kms:EncryptionContext:${Key}",
            "kms:EncryptionContext:a:b"
        ));
        assert!(template_matches("aws:TagKeys", "AWS:TAGKEYS"));
        assert!(!template_matches("aws:TagKeys", "aws:TagKeysX"));
    }

    #[test]
    fn template_detection() {
        assert!(is_template("aws:PrincipalTag/${TagKey}"));
        assert!(is_template("s3:RequestObjectTag/<key>"));
        assert!(!is_template("aws:SourceIp"));
    }

    #[test]
    fn prefix_ranges_in_sorted_names() {
        static NAMES: [&str; 6] = ["a", "DetectFaces", "detectlabels", "DetectText", "Dz", "x"];
        assert_eq!(prefix_range(&NAMES, |n| n, "detect"), &NAMES[1..4]);
        assert_eq!(prefix_range(&NAMES, |n| n, ""), &NAMES[..]);
        assert!(prefix_range(&NAMES, |n| n, "q").is_empty());
        assert_eq!(
            find_ci(&NAMES, |n| n, "DETECTLABELS"),
            Some(&"detectlabels")
        );
        assert_eq!(find_ci(&NAMES, |n| n, "Detect"), None);
    }
}
