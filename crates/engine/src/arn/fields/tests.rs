//! Comparison of the one ARN splitter with the copies it replaces (kept here verbatim until
//! the callers move over).
#![allow(clippy::all)]

use proptest::prelude::*;

use super::*;

struct OldArn<'a> {
    partition: &'a str,
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn old_arn_split_fields(text: &str, splits: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(splits + 1);
    let mut start = 0;
    let mut in_variable = false;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        match c {
            '{' if previous == Some('$') => in_variable = true,
            '}' if in_variable => in_variable = false,
            ':' if !in_variable && out.len() < splits => {
                out.push(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
        previous = Some(c);
    }
    out.push(text.get(start..).unwrap_or(""));
    out
}

fn old_validate_split(text: &str) -> Option<(&str, OldArn<'_>)> {
    let mut cuts = [0usize; 5];
    let mut found = 0;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && found < 5 => {
                *cuts.get_mut(found)? = i;
                found += 1;
            }
            _ => {}
        }
    }
    if found < 5 {
        return None;
    }
    let field = |n: usize| {
        let start = if n == 0 { 0 } else { cuts.get(n - 1)? + 1 };
        let end = cuts.get(n).copied().unwrap_or(text.len());
        text.get(start..end)
    };
    Some((
        field(0)?,
        OldArn {
            partition: field(1)?,
            service: field(2)?,
            region: field(3)?,
            account: field(4)?,
            resource: field(5)?,
        },
    ))
}

/// Number of colon-separated fields (outside policy variables), for messages.
fn old_validate_field_count(text: &str) -> usize {
    let mut count = 1;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => count += 1,
            _ => {}
        }
    }
    count
}

fn old_catalog_fields(arn: &str) -> Option<[&str; 6]> {
    let mut out = [""; 6];
    let mut start = 0;
    let mut depth = 0usize;
    let mut field = 0;
    let bytes = arn.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && field < 5 => {
                *out.get_mut(field)? = arn.get(start..i)?;
                field += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if field < 5 {
        return None;
    }
    *out.get_mut(5)? = arn.get(start..)?;
    Some(out)
}

/// Text whose every `${` is closed by a `}` before any other `${`: where the old copies meant
/// the same thing.
fn well_formed() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof!["[a:/*$}]{0,3}", "\\$\\{[a:/*]{0,4}\\}"], 0..8)
        .prop_map(|parts| parts.concat())
        .prop_filter("a lone `$` before a variable", |s| !s.contains("$${"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn one_splitter_agrees_with_the_old_copies(text in well_formed()) {
        let new = split_fields(&text, Variables::Policy);
        prop_assert_eq!(new, old_catalog_fields(&text));
        let validate = old_validate_split(&text)
            .map(|(f, a)| [f, a.partition, a.service, a.region, a.account, a.resource]);
        prop_assert_eq!(new, validate);
        prop_assert_eq!(field_count(&text, Variables::Policy), old_validate_field_count(&text));
        let old_arn = old_arn_split_fields(&text, 5);
        if old_arn.len() == 6 {
            prop_assert_eq!(new.map(|f| f.to_vec()), Some(old_arn));
        } else {
            prop_assert!(new.is_none());
        }
    }

    #[test]
    fn text_mode_agrees_with_the_effective_copy(text in "[a:/*${}]{0,16}") {
        let old: Vec<&str> = text.splitn(6, ':').collect();
        let new = split_fields(&text, Variables::Text);
        if old.len() == 6 {
            prop_assert_eq!(new.map(|f| f.to_vec()), Some(old));
        } else {
            prop_assert!(new.is_none());
        }
        prop_assert_eq!(all_fields(&text, Variables::Text).collect::<Vec<_>>(), text.split(':').collect::<Vec<_>>());
    }
}
