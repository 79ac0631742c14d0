//! Matching a policy's resource ARN against a resource type's ARN format such as
//! `arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}`.
//!
//! Semantics: both are split into the five colon-separated fields `arn`, partition, service,
//! region, account, and the resource part (all the rest, colons included); each field pair must
//! be able to describe a common string, since IAM wildcards never span fields. Within a field:
//! - in the format, `${Var}` and `*` stand for any run of characters (also none);
//! - in the given ARN, `*` stands for any run and `?` for exactly one character; a policy
//!   variable `${…}` is approximated as any run, except `${*}`, `${?}` and `${$}`, which IAM
//!   defines as the literal characters;
//! - other characters compare exactly (ARNs are case-sensitive).
//!
//! Two such patterns overlap when some string matches both, which is decided exactly by a walk
//! over pairs of positions (the product of the two patterns' automata).
use crate::arn::{split_fields, Variables};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Byte(u8),
    One,
    Any,
}

/// How a side of the comparison reads its special characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A resource type's ARN format from the catalogue.
    Format,
    /// An ARN as written in a policy.
    Policy,
}

fn tokens(field: &str, side: Side) -> Vec<Token> {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'$' && bytes.get(i + 1) == Some(&b'{') {
            if let Some(close) = bytes.iter().skip(i).position(|&b| b == b'}') {
                let inner = bytes.get(i + 2..i + close).unwrap_or(&[]);
                out.push(match (side, inner) {
                    (Side::Policy, [c @ (b'*' | b'?' | b'$')]) => Token::Byte(*c),
                    _ => Token::Any,
                });
                i += close + 1;
                continue;
            }
        }
        out.push(match byte {
            b'*' => Token::Any,
            b'?' if side == Side::Policy => Token::One,
            _ => Token::Byte(byte),
        });
        i += 1;
    }
    out
}

/// Whether some string matches both token patterns.
fn overlap(a: &[Token], b: &[Token]) -> bool {
    let width = b.len() + 1;
    // reach[i * width + j]: a common string can take `a` to position i and `b` to position j.
    let mut reach = vec![false; (a.len() + 1) * width];
    if let Some(first) = reach.first_mut() {
        *first = true;
    }
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            if !reach.get(i * width + j).copied().unwrap_or(false) {
                continue;
            }
            let (ta, tb) = (a.get(i).copied(), b.get(j).copied());
            let mut mark = |ni: usize, nj: usize| {
                if let Some(cell) = reach.get_mut(ni * width + nj) {
                    *cell = true;
                }
            };
            // `Any` may match nothing, or swallow the character the other side consumes.
            if ta == Some(Token::Any) {
                mark(i + 1, j);
                if tb.is_some() && tb != Some(Token::Any) {
                    mark(i, j + 1);
                }
            }
            if tb == Some(Token::Any) {
                mark(i, j + 1);
                if ta.is_some() && ta != Some(Token::Any) {
                    mark(i + 1, j);
                }
            }
            match (ta, tb) {
                (Some(Token::Byte(x)), Some(Token::Byte(y))) if x == y => mark(i + 1, j + 1),
                (Some(Token::One), Some(Token::Byte(_) | Token::One))
                | (Some(Token::Byte(_)), Some(Token::One)) => mark(i + 1, j + 1),
                _ => {}
            }
        }
    }
    reach.last().copied().unwrap_or(false)
}

/// The six fields of an ARN format or a policy ARN (see [`crate::arn::split_fields`]).
fn fields(arn: &str) -> Option<[&str; 6]> {
    split_fields(arn, Variables::Policy)
}

/// Whether a policy ARN (possibly with wildcards) can name a resource of the given ARN format.
/// A bare `*` matches every format.
pub(super) fn format_matches(format: &str, arn: &str) -> bool {
    if arn == "*" {
        return true;
    }
    let (Some(format), Some(arn)) = (fields(format), fields(arn)) else {
        return false;
    };
    format
        .iter()
        .zip(arn.iter())
        .all(|(f, a)| overlap(&tokens(f, Side::Format), &tokens(a, Side::Policy)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLLECTION: &str =
        "arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}";
    const PROJECT: &str =
        "arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}";
    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";

    #[test]
    fn concrete_arns() {
        assert!(format_matches(
            COLLECTION,
            "arn:aws:rekognition:us-east-1:123456789012:collection/faces"
        ));
        assert!(format_matches(
            COLLECTION,
            "arn:aws-cn:rekognition:cn-north-1:123456789012:collection/a"
        ));
        assert!(!format_matches(
            COLLECTION,
            "arn:aws:rekognition:us-east-1:123456789012:project/p/1"
        ));
        assert!(!format_matches(
            COLLECTION,
            "arn:aws:s3:us-east-1:123456789012:collection/faces"
        ));
        assert!(!format_matches(
            COLLECTION,
            "arn:aws:Rekognition:us-east-1:123456789012:collection/x"
        ));
        assert!(format_matches(BUCKET, "arn:aws:s3:::my-bucket"));
        assert!(!format_matches(BUCKET, "arn:aws:s3:us-east-1::my-bucket"));
        assert!(!format_matches(BUCKET, "not-an-arn"));
    }

    #[test]
    fn wildcard_arns() {
        assert!(format_matches(COLLECTION, "*"));
        assert!(format_matches(
            COLLECTION,
            "arn:aws:rekognition:*:*:collection/*"
        ));
        assert!(format_matches(COLLECTION, "arn:*:rekognition:*:*:*"));
        assert!(format_matches(
            COLLECTION,
            "arn:aws:rekognition:us-east-?:*:coll*"
        ));
        assert!(format_matches(PROJECT, "arn:aws:rekognition:*:*:project/*"));
        assert!(!format_matches(
            COLLECTION,
            "arn:aws:rekognition:*:*:project/*"
        ));
        assert!(!format_matches(COLLECTION, "arn:aws:rekog*:*:*:project*"));
        // A wildcard never spans fields, so five fields are needed.
        assert!(!format_matches(COLLECTION, "arn:aws:rekognition:*"));
        // `?` needs exactly one character; the literal partition part of the format has none left.
        assert!(!format_matches(BUCKET, "arn:aws:s3:?::b"));
    }

    #[test]
    fn policy_variables() {
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        assert!(format_matches(
            object,
            "arn:aws:s3:::bucket/home/${aws:username}/*"
        ));
        // A format variable may span `/`, so a bucket format also accepts an object-like ARN.
        assert!(format_matches(
            BUCKET,
            "arn:aws:s3:::bucket/${aws:username}x"
        ));
        assert!(
            fields("arn:aws:s3:::b/${aws:username}").is_some_and(|f| f[5] == "b/${aws:username}")
        );
        // `${*}` is a literal star, which the format's literal text cannot provide.
        assert!(!format_matches(
            COLLECTION,
            "arn:aws:rekognition:r:1:collectio${*}/x"
        ));
    }

    #[test]
    fn overlap_of_two_patterns() {
        let t = |s: &str| tokens(s, Side::Policy);
        assert!(overlap(&t("a*"), &t("*b")));
        assert!(overlap(&t("a?c"), &t("*b*")));
        assert!(!overlap(&t("a?"), &t("abc")));
        assert!(overlap(&t(""), &t("*")));
        assert!(!overlap(&t(""), &t("?")));
        assert!(overlap(&t("x*y*z"), &t("*yz")));
        assert!(!overlap(&t("a*"), &t("b*")));
        assert!(!overlap(&t("*a"), &t("*b")));
    }
}
