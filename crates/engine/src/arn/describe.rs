//! Which catalogue resource type an ARN names, and the values of its format's variables.
//!
//! The ARN's resource part is read as plain text against each ARN format of the service:
//! a format variable stands for a non-empty run without `/` or `:`, except the format's last
//! variable, which takes the rest (S3 object keys and IAM paths contain `/`). Of the formats
//! that fit, the one with the most literal text wins (so `project/p/version/v/1` is a project
//! version, not a project whose timestamp is `version/v/1`); a tie between two resource types
//! names neither.

use std::collections::BTreeMap;

use super::{split_fields, Arn, Variables};
use crate::catalog;

/// What the catalogue says an ARN names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Described {
    /// The catalogue's resource type name, e.g. `projectversion`, `object`.
    pub resource_type: Option<&'static str>,
    /// The format's resource-part variables and their values, e.g. `ProjectName` -> `shoes`.
    pub ids: BTreeMap<String, String>,
}

/// A format that fits: its literal length, its resource type, and the variables' values.
type Fit<'a> = (usize, &'static str, Vec<(&'a str, &'a str)>);

/// The resource type `arn` names, when its service is in the catalogue and exactly one
/// resource type fits best.
pub fn describe(arn: &Arn) -> Described {
    let Some(service) = catalog::service(&arn.service) else {
        return Described::default();
    };
    let mut fits: Vec<Fit> = Vec::new();
    for resource_type in service.resource_types() {
        for format in resource_type.arn_formats() {
            let layout = split_fields(format, Variables::Policy)
                .filter(|_| format.starts_with("arn:"))
                .map_or("", |[.., resource]| resource);
            let tokens = tokenize(layout);
            if let Some(values) = fit(&tokens, &arn.resource) {
                fits.push((literal_len(&tokens), resource_type.name(), values));
            }
        }
    }
    let Some(top) = fits.iter().map(|(weight, ..)| *weight).max() else {
        return Described::default();
    };
    let mut best = fits.into_iter().filter(|(weight, ..)| *weight == top);
    let Some((_, name, values)) = best.next() else {
        return Described::default();
    };
    if best.any(|(_, other, _)| other != name) {
        return Described::default();
    }
    Described {
        resource_type: Some(name),
        ids: values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Literal(&'a str),
    Variable(&'a str),
}

fn tokenize(layout: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = layout;
    while !rest.is_empty() {
        match rest.find("${") {
            Some(0) => match rest.find('}') {
                Some(close) => {
                    out.push(Token::Variable(rest.get(2..close).unwrap_or("")));
                    rest = rest.get(close + 1..).unwrap_or("");
                }
                None => {
                    out.push(Token::Literal(rest));
                    rest = "";
                }
            },
            Some(start) => {
                out.push(Token::Literal(rest.get(..start).unwrap_or("")));
                rest = rest.get(start..).unwrap_or("");
            }
            None => {
                out.push(Token::Literal(rest));
                rest = "";
            }
        }
    }
    out
}

fn literal_len(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map(|t| match t {
            Token::Literal(text) => text.len(),
            Token::Variable(_) => 0,
        })
        .sum()
}

/// The variable values when `text` fits `tokens` (leftmost variables as short as possible).
fn fit<'t>(tokens: &[Token<'t>], text: &'t str) -> Option<Vec<(&'t str, &'t str)>> {
    match tokens.split_first() {
        None => text.is_empty().then(Vec::new),
        Some((Token::Literal(lit), rest)) => fit(rest, text.strip_prefix(lit)?),
        Some((Token::Variable(name), [])) => (!text.is_empty()).then(|| vec![(*name, text)]),
        Some((Token::Variable(name), rest)) => {
            let limit = text.find(['/', ':']).unwrap_or(text.len());
            (1..=limit).find_map(|end| {
                let (value, remainder) = (text.get(..end)?, text.get(end..)?);
                let mut values = fit(rest, remainder)?;
                values.insert(0, (*name, value));
                Some(values)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(arn: &str) -> Described {
        describe(&Arn::parse(arn).unwrap())
    }

    #[test]
    fn rekognition_types_and_ids() {
        let d = of("arn:aws:rekognition:us-east-1:123456789012:project/shoes/version/v1/17");
        assert_eq!(d.resource_type, Some("projectversion"));
        assert_eq!(d.ids["ProjectName"], "shoes");
        assert_eq!(d.ids["VersionName"], "v1");
        assert_eq!(d.ids["CreationTimestamp"], "17");
        let d = of("arn:aws:rekognition:us-east-1:123456789012:project/shoes/dataset/train/1");
        assert_eq!(d.resource_type, Some("dataset"));
        let d = of("arn:aws:rekognition:us-east-1:123456789012:project/shoes/1");
        assert_eq!(d.resource_type, Some("project"));
        let d = of("arn:aws:rekognition:us-east-1:123456789012:collection/faces");
        assert_eq!(d.resource_type, Some("collection"));
        assert_eq!(d.ids["CollectionId"], "faces");
    }

    #[test]
    fn wildcards_read_as_text() {
        let d = of("arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*");
        assert_eq!(d.resource_type, Some("projectversion"));
        assert_eq!(d.ids["CreationTimestamp"], "*");
        assert_eq!(of("arn:aws:rekognition:*:*:*").resource_type, None);
    }

    #[test]
    fn other_services() {
        let d = of("arn:aws:s3:::bucket/images/cat.jpg");
        assert_eq!(d.resource_type, Some("object"));
        assert_eq!(d.ids["BucketName"], "bucket");
        assert_eq!(d.ids["ObjectName"], "images/cat.jpg");
        assert_eq!(of("arn:aws:s3:::bucket").resource_type, Some("bucket"));
        assert_eq!(
            of("arn:aws:iam::123456789012:role/service-role/r").resource_type,
            Some("role")
        );
        assert_eq!(of("arn:aws:nosuchservice:::x"), Described::default());
    }
}
