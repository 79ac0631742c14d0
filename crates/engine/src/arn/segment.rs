//! Checking one field of an ARN (a region, an account ID, a resource name) that may contain
//! IAM wildcards or policy variables.

use crate::policy::{glob_matches, MatchCase};

/// A piece of a field: literal text, or something that stands for any text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Literal(char),
    /// `*`, `?` or a policy variable `${...}`.
    Wild,
}

fn pieces(value: &str) -> Vec<Piece> {
    let mut out = Vec::with_capacity(value.len());
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '?' => out.push(Piece::Wild),
            '$' if value.get(i + 1..).is_some_and(|r| r.starts_with('{')) => {
                match value.get(i..).and_then(|r| r.find('}')) {
                    Some(close) => {
                        out.push(Piece::Wild);
                        while chars.peek().is_some_and(|&(j, _)| j <= i + close) {
                            chars.next();
                        }
                    }
                    None => out.push(Piece::Literal(c)),
                }
            }
            _ => out.push(Piece::Literal(c)),
        }
    }
    out
}

/// Whether `value` holds a wildcard (`*`, `?`) or a policy variable (`${...}`).
pub fn is_pattern(value: &str) -> bool {
    pieces(value).contains(&Piece::Wild)
}

/// The first literal character that `allowed` rejects, and the number of literal characters.
pub(super) fn literals(value: &str, allowed: impl Fn(char) -> bool) -> (Option<char>, usize) {
    let mut bad = None;
    let mut count = 0;
    for piece in pieces(value) {
        if let Piece::Literal(c) = piece {
            count += 1;
            if bad.is_none() && !allowed(c) {
                bad = Some(c);
            }
        }
    }
    (bad, count)
}

/// The ID fields of Rekognition's resource types, with botocore's constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Letters, digits, `_`, `.` and `-`, from 1 to `max` characters.
    Name {
        /// What the field names, e.g. `project name`.
        noun: &'static str,
        max: usize,
    },
    /// The creation time in milliseconds since the epoch: digits only.
    Timestamp,
    /// `train` or `test` (written in lower case in ARNs).
    DatasetType,
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

impl IdKind {
    /// Checks `value` and returns it as it belongs in the ARN (dataset types in lower case).
    /// The error is a whole sentence naming the value.
    pub fn check(self, value: &str) -> Result<String, String> {
        match self {
            IdKind::Name { noun, max } => check_name(value, noun, max),
            IdKind::Timestamp => check_timestamp(value),
            IdKind::DatasetType => check_dataset_type(value),
        }
    }
}

fn empty(noun: &str) -> String {
    format!("The {noun} must not be empty; use \"*\" to match any.")
}

fn check_name(value: &str, noun: &str, max: usize) -> Result<String, String> {
    if value.is_empty() {
        return Err(empty(noun));
    }
    let (bad, count) = literals(value, name_char);
    if let Some(c) = bad {
        return Err(format!(
            "\"{value}\" is not a valid {noun}: {c:?} is not allowed. A {noun} has letters, \
             digits, \"_\", \".\" and \"-\" only."
        ));
    }
    if count > max {
        return Err(format!(
            "\"{value}\" is not a valid {noun}: it has {count} characters, more than the {max} \
             allowed."
        ));
    }
    Ok(value.to_string())
}

fn check_timestamp(value: &str) -> Result<String, String> {
    let noun = "creation timestamp";
    if value.is_empty() {
        return Err(empty(noun));
    }
    match literals(value, |c| c.is_ascii_digit()) {
        (Some(c), _) => Err(format!(
            "\"{value}\" is not a valid {noun}: {c:?} is not a digit. The timestamp is the \
             number at the end of the ARN AWS returned, such as 1690000000000 (milliseconds \
             since 1970), or \"*\" for any."
        )),
        (None, _) => Ok(value.to_string()),
    }
}

fn check_dataset_type(value: &str) -> Result<String, String> {
    let lower = value.to_ascii_lowercase();
    let fits = if is_pattern(&lower) {
        ["train", "test"]
            .iter()
            .any(|t| glob_matches(&lower, t, MatchCase::Sensitive))
    } else {
        matches!(lower.as_str(), "train" | "test")
    };
    if fits && !lower.contains("${") {
        Ok(lower)
    } else {
        Err(format!(
            "\"{value}\" is not a dataset type: use \"train\" or \"test\" (or \"*\" for both)."
        ))
    }
}

/// Checks a region code, or a pattern of one (`*`, `us-*`).
pub(super) fn check_region(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(
            "The region must not be empty: Rekognition resources are regional. Use \"*\" to \
             match any region."
                .into(),
        );
    }
    let well_formed = if is_pattern(value) {
        literals(value, |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        })
        .0
        .is_none()
    } else {
        super::region::is_region_code(value)
    };
    if well_formed {
        return Ok(());
    }
    let hint = crate::suggest::did_you_mean(value, super::KNOWN_REGIONS.iter().copied());
    Err(format!(
        "\"{value}\" is not a region code such as \"us-east-1\". {hint}Use \"*\" to match any \
         region."
    ))
}

/// Whether `text` is exactly a 12-digit account ID.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a 12-digit account ID, or a pattern of one.
pub(super) fn check_account(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("The account ID must not be empty; use \"*\" to match any account.".into());
    }
    let (bad, count) = literals(value, |c| c.is_ascii_digit());
    let fits = bad.is_none()
        && if is_pattern(value) {
            count <= 12
        } else {
            count == 12
        };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "\"{value}\" is not an AWS account ID: an account ID is exactly 12 digits, such as \
             \"123456789012\" (keep leading zeros; pass it as a string)."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT: IdKind = IdKind::Name {
        noun: "project name",
        max: 255,
    };

    #[test]
    fn names() {
        assert_eq!(PROJECT.check("My_Project-1.0"), Ok("My_Project-1.0".into()));
        assert!(PROJECT.check("*").is_ok());
        assert!(PROJECT.check("My*").is_ok());
        assert!(PROJECT.check("${aws:username}").is_ok());
        let err = PROJECT.check("my project").unwrap_err();
        assert!(err.contains("' ' is not allowed"), "{err}");
        assert!(PROJECT.check("a/b").is_err());
        assert!(PROJECT.check("").unwrap_err().contains("must not be empty"));
        assert!(PROJECT.check(&"a".repeat(255)).is_ok());
        assert!(PROJECT
            .check(&"a".repeat(256))
            .unwrap_err()
            .contains("256 characters"));
    }

    #[test]
    fn timestamps() {
        assert!(IdKind::Timestamp.check("1690000000000").is_ok());
        assert!(IdKind::Timestamp.check("*").is_ok());
        assert!(IdKind::Timestamp.check("169*").is_ok());
        assert!(IdKind::Timestamp.check("2023-07-22").is_err());
    }

    #[test]
    fn dataset_types() {
        assert_eq!(IdKind::DatasetType.check("TRAIN"), Ok("train".into()));
        assert_eq!(IdKind::DatasetType.check("test"), Ok("test".into()));
        assert_eq!(IdKind::DatasetType.check("*"), Ok("*".into()));
        assert_eq!(IdKind::DatasetType.check("t*"), Ok("t*".into()));
        assert!(IdKind::DatasetType.check("x*").is_err());
        assert!(IdKind::DatasetType.check("validation").is_err());
    }

    #[test]
    fn regions() {
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("*").is_ok());
        assert!(check_region("us-*").is_ok());
        let err = check_region("us-east1").unwrap_err();
        assert!(err.contains("Did you mean \"us-east-1\"?"), "{err}");
        assert!(check_region("US-EAST-1").is_err());
        assert!(check_region("").is_err());
    }

    #[test]
    fn accounts() {
        assert!(check_account("012345678901").is_ok());
        assert!(check_account("*").is_ok());
        assert!(check_account("0123*").is_ok());
        assert!(check_account("12345678901").is_err());
        assert!(check_account("12345678901a").is_err());
        assert!(check_account("1234567890123*").is_err());
    }

    #[test]
    fn unclosed_variable_is_literal() {
        assert!(PROJECT.check("${oops").is_err());
        assert!(!is_pattern("${oops"));
        assert!(is_pattern("a${x}b"));
    }
}
