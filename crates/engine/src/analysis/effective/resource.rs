//! Resource patterns: policy variables, ARN fields, matching, coverage and overlap.
//!
//! A pattern that starts with `arn:` is compared field by field (`arn`, partition, service,
//! region, account, and the resource part with any colons it holds), like IAM, so a wildcard
//! never spans a field; a pattern with fewer than six fields is padded with `*` fields. Any
//! other pattern (`*`, or text that is not an ARN) is a glob over the whole resource. Matching
//! is case-sensitive everywhere.
//!
//! Policy variables (`${aws:username}`, also with a default) are only known when a request is
//! made, so each is replaced by `*` and the pattern is marked *contextual*; `${*}` and `${?}`
//! (a literal `*` or `?`) are replaced by `?` and marked the same way, as they cannot be written
//! as a glob; `${$}` is a literal `$`. In a `2008-10-17` document (or one without `Version`)
//! `${...}` is plain text, as in IAM.

use std::borrow::Cow;
use std::hash::Hasher;

use crate::arn::{field_ranges, split_fields, Variables, ARN_FIELDS};
use crate::policy::{
    matches_everything, pattern_covers, patterns_intersect, resource_matches, MatchCase,
};
use rustc_hash::FxHasher;

const FIELDS: usize = ARN_FIELDS;

/// One resource pattern as written and as compared.
#[derive(Debug, Clone)]
pub(super) struct ResourcePattern {
    /// As written.
    pub(super) raw: String,
    /// The glob compared when it differs from `raw` (most patterns have neither variables nor
    /// missing ARN fields, and keep a single copy of their text).
    rewritten: Option<String>,
    /// Whether a variable was replaced.
    pub(super) contextual: bool,
    /// The byte ranges of the six ARN fields in the glob, when it starts with `arn:`.
    fields: Option<[(usize, usize); FIELDS]>,
    /// The byte range in the glob of the literal start of the resource field (empty for a
    /// pattern that is not an ARN).
    head: (usize, usize),
    /// The glob is only `*`s: every resource.
    everything: bool,
    /// For an ARN pattern: a hash of the partition, service, region and account fields when
    /// none has a wildcard, else `None`. Lets most non-covering pairs be told apart at once.
    scope_key: Option<u64>,
    /// See [`ResourcePattern::service_key`].
    service_key: Option<u64>,
    /// The placeholder for a resource not known until apply (see [`ResourcePattern::unknown`]).
    unknown: bool,
}

/// How reports name the resource of [`ResourcePattern::unknown`].
pub(super) const UNKNOWN_RESOURCE: &str = "(a resource known after apply)";

impl ResourcePattern {
    pub(super) fn new(raw: &str, variables: bool) -> Self {
        let (mut glob, contextual) = if variables && has_variable(raw) {
            let (glob, contextual) = substitute_variables(raw);
            (Cow::Owned(glob), contextual)
        } else {
            (Cow::Borrowed(raw), false)
        };
        let everything = matches_everything(&glob);
        let mut layout = None;
        if glob.starts_with("arn:") {
            layout = Layout::of(&glob);
            if layout.is_none() {
                let colons = glob.bytes().filter(|&b| b == b':').count();
                let padded = glob.to_mut();
                for _ in colons..FIELDS - 1 {
                    padded.push_str(":*");
                }
                layout = Layout::of(&glob);
            }
        }
        let (mut scope_key, mut service_key) = (None, None);
        let (mut fields, mut head) = (None, (0, 0));
        if let Some(layout) = layout {
            let [_, partition, service, _, account, resource] = layout.ranges;
            let hash = |range: (usize, usize)| {
                let mut hasher = FxHasher::default();
                hasher.write(glob.as_bytes().get(range.0..range.1).unwrap_or(&[]));
                hasher.finish()
            };
            // Fields 1 to 4: partition, service, region, account.
            if layout.wild & 0b11110 == 0 {
                scope_key = Some(hash((partition.0, account.1)));
            }
            if layout.wild & 0b100 == 0 {
                service_key = Some(hash(service));
            }
            fields = Some(layout.ranges);
            head = (resource.0, layout.head_end);
        }
        let rewritten = match glob {
            Cow::Owned(glob) => Some(glob),
            Cow::Borrowed(_) => None,
        };
        ResourcePattern {
            raw: raw.to_string(),
            rewritten,
            contextual,
            fields,
            head,
            everything,
            scope_key,
            service_key,
            unknown: false,
        }
    }

    /// The placeholder for one resource of a statement that is not known until apply, in the
    /// least-access completion of a statement (see `unknowns.rs`). Every comparison takes it the
    /// way that grants least: no request resource is known to match it, every pattern covers it
    /// (a Deny may take it away, an older grant may already hold it), and it meets every pattern.
    pub(super) fn unknown() -> Self {
        ResourcePattern {
            raw: UNKNOWN_RESOURCE.to_string(),
            rewritten: None,
            contextual: false,
            fields: None,
            head: (0, 0),
            everything: false,
            scope_key: None,
            service_key: None,
            unknown: true,
        }
    }

    /// Whether this is the placeholder of [`ResourcePattern::unknown`].
    pub(super) fn is_unknown(&self) -> bool {
        self.unknown
    }

    /// The glob compared: variables replaced (see the module docs) and, for an ARN, padded to
    /// six fields.
    pub(super) fn glob(&self) -> &str {
        self.rewritten.as_deref().unwrap_or(&self.raw)
    }

    /// The six ARN fields, for an ARN pattern.
    fn field_texts(&self) -> Option<[&str; FIELDS]> {
        let ranges = self.fields?;
        let glob = self.glob();
        Some(ranges.map(|(start, end)| glob.get(start..end).unwrap_or("")))
    }

    /// The literal start of the resource field of an ARN pattern.
    fn head(&self) -> &str {
        self.glob().get(self.head.0..self.head.1).unwrap_or("")
    }

    /// Whether the pattern matches the concrete resource `resource`.
    pub(super) fn matches(&self, resource: &RequestResource) -> bool {
        if self.unknown {
            return false;
        }
        if self.everything {
            return true;
        }
        match (self.field_texts(), &resource.fields) {
            (Some(pattern), Some(fields)) => pattern
                .iter()
                .zip(fields)
                .all(|(p, f)| resource_matches(p, f)),
            _ => resource_matches(self.glob(), resource.raw),
        }
    }

    pub(super) fn is_everything(&self) -> bool {
        self.everything
    }

    /// For an ARN pattern with a literal service field, a hash of it: patterns with different
    /// keys never meet.
    pub(super) fn service_key(&self) -> Option<u64> {
        self.service_key
    }

    /// Only patterns with the same key (or without one) can cover each other; see the field.
    pub(super) fn scope_key(&self) -> Option<u64> {
        self.scope_key
    }

    /// Whether the pattern is an ARN pattern (compared field by field).
    pub(super) fn is_arn(&self) -> bool {
        self.fields.is_some()
    }

    /// The literal start of the resource field: a pattern can only cover an ARN pattern whose
    /// resource field starts with this text.
    pub(super) fn resource_head(&self) -> &str {
        self.head()
    }

    /// Whether every resource `inner` matches is matched by `self` (`false` when unsure).
    pub(super) fn covers(&self, inner: &ResourcePattern) -> bool {
        if self.unknown || inner.unknown {
            // See `unknown`: covered by everything, covering nothing known.
            return inner.unknown;
        }
        if self.everything {
            return true;
        }
        match (self.field_texts(), inner.field_texts()) {
            (Some(outer), Some(fields)) => {
                // A field without wildcards covers only the same text, never a wildcard field.
                if self.scope_key.is_some() && self.scope_key != inner.scope_key {
                    return false;
                }
                if !inner.head().starts_with(self.head()) {
                    return false;
                }
                outer.iter().zip(fields).all(|(o, i)| field_covers(o, i))
            }
            // An ARN pattern cannot cover text that need not be an ARN.
            (Some(_), None) => false,
            (None, _) => pattern_covers(self.glob(), inner.glob(), MatchCase::Sensitive),
        }
    }

    /// Whether some resource is matched by both (`true` when unsure).
    pub(super) fn intersects(&self, other: &ResourcePattern) -> bool {
        if self.everything || other.everything || self.unknown || other.unknown {
            return true;
        }
        if let (Some(a), Some(b)) = (self.service_key, other.service_key) {
            if a != b {
                return false; // two different literal services
            }
        }
        match (self.field_texts(), other.field_texts()) {
            (Some(a), Some(b)) => a.iter().zip(b).all(|(x, y)| field_intersects(x, y)),
            _ => patterns_intersect(self.glob(), other.glob(), MatchCase::Sensitive),
        }
    }
}

fn literal_head(s: &str) -> &str {
    s.find(['*', '?']).and_then(|i| s.get(..i)).unwrap_or(s)
}

fn field_intersects(a: &str, b: &str) -> bool {
    if a == b || a == "*" || b == "*" {
        return true;
    }
    let (a_head, b_head) = (literal_head(a), literal_head(b));
    // Texts of `a` start with `a_head`, texts of `b` with `b_head`: one must extend the other.
    if !a_head.starts_with(b_head) && !b_head.starts_with(a_head) {
        return false;
    }
    let is_prefix_glob = |s: &str, head: &str| s.len() == head.len() + 1 && s.ends_with('*');
    if is_prefix_glob(a, a_head) && is_prefix_glob(b, b_head) {
        return true;
    }
    if a.len() == a_head.len() && b.len() == b_head.len() {
        return false; // two different literals
    }
    patterns_intersect(a, b, MatchCase::Sensitive)
}

fn field_covers(outer: &str, inner: &str) -> bool {
    if outer == inner || outer == "*" {
        return true;
    }
    if !outer.contains(['*', '?']) {
        return false;
    }
    // Every text `inner` matches starts with its literal head; `outer` needs its own head there.
    let (outer_head, inner_head) = (literal_head(outer), literal_head(inner));
    if !inner_head.starts_with(outer_head) {
        return false;
    }
    // `head*` matches exactly the texts starting with `head`: the common case, decided here.
    if outer.len() == outer_head.len() + 1 && outer.ends_with('*') {
        return true;
    }
    pattern_covers(outer, inner, MatchCase::Sensitive)
}

/// A resource named in a request, split into ARN fields when it is an ARN.
pub(super) struct RequestResource<'a> {
    raw: &'a str,
    fields: Option<[&'a str; FIELDS]>,
}

impl<'a> RequestResource<'a> {
    pub(super) fn new(raw: &'a str) -> Self {
        // a resource in a request is concrete: `${` in it is text
        let fields = split_fields(raw, Variables::Text).filter(|_| raw.starts_with("arn:"));
        RequestResource { raw, fields }
    }
}

/// Where the six colon-separated fields of an ARN pattern are (the last one keeps any further
/// colons), and which hold wildcards: found in one pass over the text.
struct Layout {
    /// The byte range of each field.
    ranges: [(usize, usize); FIELDS],
    /// Bit `k` is set when field `k` holds `*` or `?`.
    wild: u8,
    /// Where the literal start of the resource field ends.
    head_end: usize,
}

impl Layout {
    /// `None` with fewer than six fields. The glob has its variables substituted (or is of a
    /// version without them), so every colon separates fields.
    fn of(text: &str) -> Option<Layout> {
        let fields = field_ranges(text, Variables::Text)?;
        let (mut wild, mut head_end) = (0u8, None);
        for (k, range) in fields.iter().enumerate() {
            let field = text.as_bytes().get(range.clone()).unwrap_or(&[]);
            let Some(first) = field.iter().position(|b| matches!(b, b'*' | b'?')) else {
                continue;
            };
            wild |= 1 << k;
            if k == FIELDS - 1 {
                head_end = Some(range.start + first);
            }
        }
        Some(Layout {
            ranges: fields.map(|range| (range.start, range.end)),
            wild,
            head_end: head_end.unwrap_or(text.len()),
        })
    }
}

/// Whether `raw` holds `${`, the start of a policy variable.
fn has_variable(raw: &str) -> bool {
    raw.as_bytes().windows(2).any(|pair| pair == b"${")
}

/// Replaces each `${...}` as the module docs say; returns the glob and whether it is contextual.
fn substitute_variables(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut contextual = false;
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let Some(len) = from.find('}') else {
            out.push_str(from);
            return (out, contextual);
        };
        let (variable, after) = from.split_at(len + 1);
        match variable {
            "${$}" => out.push('$'),
            "${*}" | "${?}" => {
                out.push('?');
                contextual = true;
            }
            _ => {
                out.push('*');
                contextual = true;
            }
        }
        rest = after;
    }
    out.push_str(rest);
    (out, contextual)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(raw: &str) -> ResourcePattern {
        ResourcePattern::new(raw, true)
    }

    fn matches(raw: &str, resource: &str) -> bool {
        pattern(raw).matches(&RequestResource::new(resource))
    }

    #[test]
    fn variables_become_wildcards() {
        let p = pattern("arn:aws:s3:::${aws:username}/${aws:PrincipalTag/team, 'x'}/*");
        assert_eq!(p.glob(), "arn:aws:s3:::*/*/*");
        assert!(p.contextual);
        let q = pattern("arn:aws:s3:::cost${$}/a${*}");
        assert_eq!(q.glob(), "arn:aws:s3:::cost$/a?");
        assert!(q.contextual);
        assert!(!pattern("arn:aws:s3:::a${$}").contextual);
        assert_eq!(
            pattern("arn:aws:s3:::a${oops").glob(),
            "arn:aws:s3:::a${oops"
        );
        let legacy = ResourcePattern::new("arn:aws:s3:::${aws:username}", false);
        assert_eq!(legacy.glob(), "arn:aws:s3:::${aws:username}");
        assert!(!legacy.contextual);
    }

    #[test]
    fn wildcards_stay_in_their_field() {
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/x"));
        assert!(matches(
            "arn:aws:rekognition:*:*:collection/*",
            "arn:aws:rekognition:us-east-1:123456789012:collection/c"
        ));
        assert!(!matches(
            "arn:aws:rekognition:*:collection/*",
            "arn:aws:rekognition:us-east-1:123456789012:collection/c"
        ));
        assert!(matches(
            "arn:aws:rekognition",
            "arn:aws:rekognition:us-east-1:1:collection/c"
        ));
        assert!(matches("*", "anything"));
        assert!(matches("*", "*"));
        assert!(!matches("arn:aws:s3:::b/*", "*"));
        assert!(!matches("arn:aws:s3:::B/*", "arn:aws:s3:::b/k"));
    }

    #[test]
    fn layout_finds_fields_wildcards_and_head() {
        let layout = Layout::of("arn:aws:s3:*:1:a/b*/c").expect("six fields");
        assert_eq!(
            layout.ranges,
            [(0, 3), (4, 7), (8, 10), (11, 12), (13, 14), (15, 21)]
        );
        assert_eq!(layout.wild, 0b101000);
        assert_eq!(layout.head_end, 18);
        let extra = Layout::of("arn:aws:lambda:r:1:function:f:1").expect("six fields");
        assert_eq!(extra.ranges[5], (19, 31), "the resource keeps its colons");
        assert_eq!((extra.wild, extra.head_end), (0, 31));
        assert!(Layout::of("arn:aws:s3::").is_none() && Layout::of("arn:aws:s3:::").is_some());
        assert!(has_variable("a${b}") && !has_variable("a$b{") && !has_variable("$"));
        let p = pattern("arn:aws:s3:::b/*");
        assert_eq!(p.resource_head(), "b/");
        assert!(p.scope_key().is_some() && p.service_key().is_some());
        let q = pattern("arn:aws:s3:*::b/*");
        assert!(q.scope_key().is_none() && q.service_key() == p.service_key());
        assert!(pattern("arn:aws:s?:::b").service_key().is_none());
        assert_eq!(pattern("arn:aws:s3").glob(), "arn:aws:s3:*:*:*");
        assert_eq!(pattern("arn:aws:s3").resource_head(), "");
    }

    #[test]
    fn coverage_and_overlap() {
        assert!(pattern("arn:aws:s3:::*").covers(&pattern("arn:aws:s3:::a/*")));
        assert!(!pattern("arn:aws:s3:::a/*").covers(&pattern("arn:aws:s3:::*")));
        assert!(pattern("*").covers(&pattern("arn:aws:s3:::a/*")));
        assert!(!pattern("arn:aws:s3:::a/*").covers(&pattern("*")));
        assert!(pattern("arn:aws:s3").covers(&pattern("arn:aws:s3:::a")));
        assert!(pattern("arn:aws:s3:::a/*").intersects(&pattern("arn:aws:s3:::*/x")));
        assert!(!pattern("arn:aws:s3:::a/*").intersects(&pattern("arn:aws:s3:::b/*")));
        assert!(!pattern("arn:aws:s3:::*").intersects(&pattern("arn:aws:rekognition:*:*:*")));
    }
}
