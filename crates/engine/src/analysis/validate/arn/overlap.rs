//! Whether a policy ARN can name a resource of an ARN format, field by field: a cheap test of
//! the literal beginnings, then an exact overlap test of the two patterns that needs no heap
//! allocation for fields of usual length.

use std::sync::OnceLock;

use super::{split, Arn};
use crate::catalog::{self, ResourceType};

/// The text of a field before its first wildcard or variable, and whether that is all of it.
fn literal_head(field: &str) -> (&str, bool) {
    let bytes = field.as_bytes();
    let end = bytes.iter().enumerate().position(|(i, &b)| {
        b == b'*' || b == b'?' || (b == b'$' && bytes.get(i + 1) == Some(&b'{'))
    });
    match end {
        Some(end) => (field.get(..end).unwrap_or(""), false),
        None => (field, true),
    }
}

/// Whether two fields can match a common string, judged by their literal beginnings (as
/// [`literal_head`] gives them).
fn heads_agree((a, a_whole): (&str, bool), (b, b_whole): (&str, bool)) -> bool {
    let n = a.len().min(b.len());
    a.as_bytes().get(..n) == b.as_bytes().get(..n)
        && !(a_whole && b.len() > a.len())
        && !(b_whole && a.len() > b.len())
}

/// The literal beginnings of an ARN's five fields, worked out once for an ARN that is tested
/// against many formats.
#[derive(Debug, Clone, Copy)]
struct Heads<'a>([(&'a str, bool); 5]);

impl<'a> Heads<'a> {
    fn of(arn: &Arn<'a>) -> Self {
        Heads(
            [
                arn.partition,
                arn.service,
                arn.region,
                arn.account,
                arn.resource,
            ]
            .map(literal_head),
        )
    }

    /// Whether every field's literal beginning agrees with the other ARN's.
    fn agree(&self, other: &Heads<'_>) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .all(|(mine, theirs)| heads_agree(*mine, *theirs))
    }
}

/// An ARN split into fields, with their literal beginnings, to test against many formats.
#[derive(Debug, Clone, Copy)]
pub(in crate::analysis::validate) struct ArnProbe<'a> {
    pub arn: Arn<'a>,
    heads: Heads<'a>,
}

impl<'a> ArnProbe<'a> {
    /// The probe for `arn`.
    pub fn new(arn: Arn<'a>) -> Self {
        ArnProbe {
            arn,
            heads: Heads::of(&arn),
        }
    }

    /// Whether this format may match a policy ARN: every field's literal beginning agrees, a
    /// cheap necessary condition for an overlap.
    pub fn may_match(&self, arn: &ArnProbe<'_>) -> bool {
        self.heads.agree(&arn.heads)
    }
}

/// A cheap necessary condition for an ARN format to match a policy ARN: every field's literal
/// beginning agrees. Used before the exact [`ResourceType::matches_arn`], through
/// [`ArnProbe::may_match`].
#[cfg(test)]
fn may_match(format: &Arn<'_>, arn: &Arn<'_>) -> bool {
    Heads::of(format).agree(&Heads::of(arn))
}

/// Whether a policy ARN can name a resource of the type: the same answer as
/// [`ResourceType::matches_arn`], computed without allocating for fields of usual length.
pub(in crate::analysis::validate) fn matches_type(
    resource_type: &ResourceType,
    text: &str,
    probe: &ArnProbe<'_>,
) -> bool {
    let split_once = resource_type.row().and_then(|row| split_formats().get(row));
    let (found, unsure) = match split_once {
        Some(formats) => overlaps_any(formats.iter().copied(), probe),
        None => overlaps_any(
            resource_type
                .arn_formats()
                .filter_map(|format| split(format))
                .map(|(_, format)| ArnProbe::new(format)),
            probe,
        ),
    };
    found || (unsure && resource_type.matches_arn(text))
}

/// Whether some format overlaps the ARN, and whether some format was too long to tell.
fn overlaps_any<'f>(
    formats: impl Iterator<Item = ArnProbe<'f>>,
    probe: &ArnProbe<'_>,
) -> (bool, bool) {
    let mut unsure = false;
    let found = formats
        .filter(|format| format.heads.agree(&probe.heads))
        .any(|format| match overlaps(&format.arn, &probe.arn) {
            Some(overlap) => overlap,
            None => {
                unsure = true;
                false
            }
        });
    (found, unsure)
}

/// The ARN formats of every resource type, split into fields once, by [`ResourceType::row`].
fn split_formats() -> &'static [Vec<ArnProbe<'static>>] {
    static FORMATS: OnceLock<Vec<Vec<ArnProbe<'static>>>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        catalog::all_resource_types()
            .iter()
            .map(|resource_type| {
                resource_type
                    .arn_formats()
                    .filter_map(split)
                    .map(|(_, format)| ArnProbe::new(format))
                    .collect()
            })
            .collect()
    })
}

/// Whether every field of an ARN format overlaps the policy ARN's; `None` when a field is
/// too long for [`field_overlap`].
pub(super) fn overlaps(format: &Arn<'_>, arn: &Arn<'_>) -> Option<bool> {
    let fields = [
        (format.partition, arn.partition),
        (format.service, arn.service),
        (format.region, arn.region),
        (format.account, arn.account),
        (format.resource, arn.resource),
    ];
    let mut result = Some(true);
    for (f, a) in fields {
        match field_overlap(f, a) {
            Some(true) => {}
            Some(false) => return Some(false),
            None => result = None,
        }
    }
    result
}

/// Longest field (in symbols) the stack-based overlap test handles.
const MAX_FIELD: usize = 160;
const ANY: u16 = 256;
const ONE: u16 = 257;

/// The symbols of a field: bytes, `ANY` for `*` and `${…}`, `ONE` for `?` in a policy field;
/// `${*}`, `${?}`, `${$}` in a policy field are the literal characters.
fn symbols(field: &str, policy: bool, out: &mut [u16; MAX_FIELD]) -> Option<usize> {
    let bytes = field.as_bytes();
    let (mut i, mut n) = (0, 0);
    while let Some(&byte) = bytes.get(i) {
        let (symbol, width) = if byte == b'$' && bytes.get(i + 1) == Some(&b'{') {
            match bytes.iter().skip(i).position(|&b| b == b'}') {
                Some(close) => match (policy, bytes.get(i + 2..i + close)) {
                    (true, Some([c @ (b'*' | b'?' | b'$')])) => (u16::from(*c), close + 1),
                    _ => (ANY, close + 1),
                },
                None => (u16::from(byte), 1),
            }
        } else {
            match byte {
                b'*' => (ANY, 1),
                b'?' if policy => (ONE, 1),
                _ => (u16::from(byte), 1),
            }
        };
        *out.get_mut(n)? = symbol;
        n += 1;
        i += width;
    }
    Some(n)
}

/// The two symbol strings without the literal bytes they begin and end with in common: a common
/// string begins (and ends) with both sides' leading (trailing) literal bytes, so these must
/// agree and the rest decides. `None` when two of them differ, so nothing overlaps.
fn trim_literal_ends<'s>(a: &'s [u16], b: &'s [u16]) -> Option<(&'s [u16], &'s [u16])> {
    let (a, b) = trim_literal_end(a, b, <[u16]>::split_first)?;
    trim_literal_end(a, b, <[u16]>::split_last)
}

/// Takes the symbol at one end off a symbol string (`split_first` or `split_last`).
type SplitEnd<'s> = fn(&'s [u16]) -> Option<(&'s u16, &'s [u16])>;

/// [`trim_literal_ends`] at the end `split` takes symbols from.
fn trim_literal_end<'s>(
    mut a: &'s [u16],
    mut b: &'s [u16],
    split: SplitEnd<'s>,
) -> Option<(&'s [u16], &'s [u16])> {
    while let (Some((&x, a_rest)), Some((&y, b_rest))) = (split(a), split(b)) {
        if x >= ANY || y >= ANY {
            break;
        }
        if x != y {
            return None;
        }
        (a, b) = (a_rest, b_rest);
    }
    Some((a, b))
}

/// Whether some string matches both a format field and a policy field (exact, by walking
/// the pairs of positions row by row); `None` when a field is too long for the stack arrays.
fn field_overlap(format: &str, policy: &str) -> Option<bool> {
    // Fast paths: a field that is one variable or `*` matches anything of the other side.
    let whole_variable = |f: &str| {
        f == "*" || (f.starts_with("${") && f.find('}') == Some(f.len() - 1) && f.len() > 3)
    };
    if whole_variable(format) || policy == "*" {
        return Some(true);
    }
    if !format.contains(['*', '$']) && !policy.contains(['*', '?', '$']) {
        return Some(format == policy);
    }
    let (mut a, mut b) = ([0u16; MAX_FIELD], [0u16; MAX_FIELD]);
    let a_len = symbols(format, false, &mut a)?;
    let b_len = symbols(policy, true, &mut b)?;
    let Some((a, b)) = trim_literal_ends(a.get(..a_len)?, b.get(..b_len)?) else {
        return Some(false);
    };
    if a == [ANY] || b == [ANY] {
        // a lone wildcard meets whatever the other side can be
        return Some(true);
    }
    overlap_symbols(a, b)
}

/// Whether some string matches both symbol strings (format side `a`, policy side `b`).
fn overlap_symbols(a: &[u16], b: &[u16]) -> Option<bool> {
    let width = b.len() + 1;
    let mut rows = [[false; MAX_FIELD + 1]; 2];
    let [current, next] = &mut rows;
    let (mut current, mut next) = (current.get_mut(..width)?, next.get_mut(..width)?);
    *current.first_mut()? = true;
    for i in 0..=a.len() {
        let ta = a.get(i).copied();
        for j in 0..width {
            if !current.get(j).copied().unwrap_or(false) {
                continue;
            }
            let tb = b.get(j).copied();
            let mut advance_a = false;
            let mut advance_b = false;
            let mut advance_both = false;
            if ta == Some(ANY) {
                advance_a = true;
                advance_b |= tb.is_some() && tb != Some(ANY);
            }
            if tb == Some(ANY) {
                advance_b = true;
                advance_a |= ta.is_some() && ta != Some(ANY);
            }
            if let (Some(x), Some(y)) = (ta, tb) {
                advance_both =
                    (x < ANY && x == y) || (x == ONE && y != ANY) || (y == ONE && x < ANY);
            }
            if advance_b {
                if let Some(cell) = current.get_mut(j + 1) {
                    *cell = true;
                }
            }
            if advance_a {
                if let Some(cell) = next.get_mut(j) {
                    *cell = true;
                }
            }
            if advance_both {
                if let Some(cell) = next.get_mut(j + 1) {
                    *cell = true;
                }
            }
        }
        if i == a.len() {
            return Some(current.get(b.len()).copied().unwrap_or(false));
        }
        std::mem::swap(&mut current, &mut next);
        next.fill(false);
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::validate::arn::service_arns;
    #[test]
    fn cheap_prefilter_agrees_with_exact_matching() {
        let parse = |s: &'static str| split(s).map(|(_, a)| a).unwrap_or_default();
        let format = parse("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(may_match(&format, &parse("arn:aws:s3:::b/k")));
        assert!(may_match(&format, &parse("arn:*:s3:::*")));
        assert!(!may_match(&format, &parse("arn:aws:ec2:::b/k")));
        assert!(!may_match(&format, &parse("arn:aws:s3x:::b/k")));
        let project = parse("arn:${Partition}:rekognition:${Region}:${Account}:project/${P}/${T}");
        assert!(!may_match(
            &project,
            &parse("arn:aws:rekognition:r:1:collection/x")
        ));
        assert!(may_match(&project, &parse("arn:aws:rekognition:r:1:proj*")));
    }

    proptest::proptest! {
        #[test]
        fn trimming_literal_ends_keeps_the_answer(
            a in proptest::collection::vec(proptest::sample::select(vec![97u16, 98, ANY]), 0..7),
            b in proptest::collection::vec(proptest::sample::select(vec![97u16, 98, ANY, ONE]), 0..7),
        ) {
            let trimmed = match trim_literal_ends(&a, &b) {
                None => false,
                Some((x, y)) if x == [ANY] || y == [ANY] => true,
                Some((x, y)) => overlap_symbols(x, y).unwrap_or_default(),
            };
            proptest::prop_assert_eq!(trimmed, overlap_symbols(&a, &b).unwrap_or_default());
        }
    }

    #[test]
    fn field_overlap_is_exact() {
        let overlap = |f: &str, p: &str| field_overlap(f, p).unwrap_or_default();
        assert!(overlap("collection/${CollectionId}", "collection/faces"));
        assert!(overlap("collection/${CollectionId}", "coll*"));
        assert!(!overlap("collection/${CollectionId}", "project/*"));
        assert!(overlap("project/${P}/${T}", "project/p/1"));
        assert!(overlap("project/${P}/${T}", "project/*"));
        assert!(overlap("${Region}", ""));
        assert!(!overlap("", "?"));
        assert!(overlap("us-west-2", "us-*-?"));
        assert!(!overlap("collectio", "collectio${*}"));
        assert!(overlap("${BucketName}", "b/${aws:username}x"));
        assert!(field_overlap(&"a*".repeat(300), "?").is_none());
    }

    #[test]
    fn matches_type_agrees_with_the_catalogue() {
        let samples = [
            "arn:aws:rekognition:us-east-1:123456789012:collection/faces",
            "arn:aws:rekognition:*:*:project/p",
            "arn:aws:rekognition:*:*:project/p/1",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:us-east-1:123456789012:accesspoint/ap",
            "arn:aws:iam::*:role/${aws:username}",
            "arn:*:*:*:*:*",
        ];
        for service in ["rekognition", "s3", "iam"] {
            let Some(arns) = service_arns(service) else {
                continue;
            };
            for resource_type in &arns.types {
                for text in samples {
                    let parsed = split(text).map(|(_, a)| a).unwrap_or_default();
                    assert_eq!(
                        matches_type(resource_type, text, &ArnProbe::new(parsed)),
                        resource_type.matches_arn(text),
                        "{} {text}",
                        resource_type.name()
                    );
                }
            }
        }
    }
}
