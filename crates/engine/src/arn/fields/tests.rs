//! The splitter against an obviously correct reference, and the cases the four splitters it
//! replaced (`Arn::parse`, the validator's, the catalogue's format matching and the effective
//! permissions' field layout) were tested on.

use proptest::prelude::*;

use super::*;

/// Blanks out the colons of each closed policy variable (from `${` to the first `}` after it),
/// then splits at the remaining colons with the standard library.
fn reference(text: &str, variables: Variables) -> Vec<String> {
    let mut masked = text.to_string();
    if variables == Variables::Policy {
        let mut from = 0;
        while let Some(open) = masked.get(from..).and_then(|r| r.find("${")) {
            let open = from + open;
            let Some(close) = masked[open..].find('}') else {
                break;
            };
            let close = open + close;
            let inside = masked[open..close].replace(':', "\u{0}");
            masked.replace_range(open..close, &inside);
            from = close + 1;
        }
    }
    masked
        .split(':')
        .map(|field| field.replace('\u{0}', ":"))
        .collect()
}

/// The cases of the old splitters' unit tests: text, the six fields or `None`, and the field
/// count.
const OLD_COPIES_CASES: &[(&str, Option<[&str; 6]>, usize)] = &[
    (
        "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1",
        Some([
            "arn",
            "aws",
            "rekognition",
            "us-east-1",
            "123456789012",
            "project/p/version/v/1",
        ]),
        6,
    ),
    (
        "arn:aws:s3:::bucket/a:b",
        Some(["arn", "aws", "s3", "", "", "bucket/a:b"]),
        7,
    ),
    (
        "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}",
        Some([
            "arn",
            "aws",
            "iam",
            "",
            "${aws:PrincipalAccount}",
            "user/${aws:username}",
        ]),
        6,
    ),
    (
        "arn:aws:s3:::bucket/${aws:username}/*",
        Some(["arn", "aws", "s3", "", "", "bucket/${aws:username}/*"]),
        6,
    ),
    (
        "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
        Some([
            "arn",
            "aws",
            "logs",
            "us-east-1",
            "123456789012",
            "log-group:g:log-stream:s",
        ]),
        9,
    ),
    ("arn:aws:iam::*", None, 5),
    ("arn:aws:s3:b", None, 4),
    ("arn:aws:s3::", None, 5),
    ("arn:aws:s3:::", Some(["arn", "aws", "s3", "", "", ""]), 6),
    (
        "arn:aws:s3:*:1:a/b*/c",
        Some(["arn", "aws", "s3", "*", "1", "a/b*/c"]),
        6,
    ),
    (
        "arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}",
        Some([
            "arn",
            "${Partition}",
            "rekognition",
            "${Region}",
            "${Account}",
            "collection/${CollectionId}",
        ]),
        6,
    ),
    // a variable with a default value holds a colon and a comma
    (
        "arn:aws:s3:${aws:RequestedRegion, 'x:y'}::b",
        Some(["arn", "aws", "s3", "${aws:RequestedRegion, 'x:y'}", "", "b"]),
        6,
    ),
    // a `${` never closed is text: its colons separate
    (
        "arn:aws:s3:${a:b::c",
        Some(["arn", "aws", "s3", "${a", "b", ":c"]),
        7,
    ),
    // a variable ends at its first `}`: `${` inside it does not nest
    (
        "arn:a:${x${y}:z}:b:c",
        Some(["arn", "a", "${x${y}", "z}", "b", "c"]),
        6,
    ),
];

#[test]
fn old_copies_cases_hold() {
    for &(text, fields, count) in OLD_COPIES_CASES {
        assert_eq!(split_fields(text, Variables::Policy), fields, "{text}");
        assert_eq!(field_count(text, Variables::Policy), count, "{text}");
    }
    // in a concrete ARN (or a 2008-10-17 document) every colon separates
    assert_eq!(
        split_fields("arn:aws:iam::${aws:a}:user/x", Variables::Text),
        Some(["arn", "aws", "iam", "", "${aws", "a}:user/x"])
    );
    let ranges = field_ranges("arn:aws:lambda:r:1:function:f:1", Variables::Text);
    assert_eq!(
        ranges.map(|r| r[5].clone()),
        Some(19..31),
        "the resource keeps its colons"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn one_splitter_splits_like_the_reference(
        text in "(arn:)?([a:/*?$}]|\\$\\{|\\$\\{aws:[a:]{0,3}\\}){0,12}",
    ) {
        for variables in [Variables::Policy, Variables::Text] {
            let expected = reference(&text, variables);
            let all: Vec<&str> = all_fields(&text, variables).collect();
            prop_assert_eq!(&all, &expected);
            prop_assert_eq!(field_count(&text, variables), expected.len());
            let six = split_fields(&text, variables);
            if expected.len() < 6 {
                prop_assert!(six.is_none());
            } else {
                let head = expected.get(..5).unwrap_or_default();
                let rest = expected.get(5..).unwrap_or_default().join(":");
                let mut want: Vec<&str> = head.iter().map(String::as_str).collect();
                want.push(&rest);
                prop_assert_eq!(six.map(|f| f.to_vec()), Some(want));
            }
            // the ranges and the fields agree
            if let (Some(ranges), Some(fields)) = (field_ranges(&text, variables), six) {
                for (range, field) in ranges.into_iter().zip(fields) {
                    prop_assert_eq!(text.get(range), Some(field));
                }
            }
        }
    }
}
