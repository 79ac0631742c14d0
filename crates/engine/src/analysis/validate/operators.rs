//! Condition operator names: `[ForAllValues:|ForAnyValue:]Base[IfExists]`, case-sensitive as
//! IAM reads them.

use crate::catalog::ConditionValueType;
use crate::suggest;

/// The type of values an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Family {
    /// Whether the operator compares values of the key's (element) type the way it means.
    pub fn fits(self, value_type: ConditionValueType) -> bool {
        use ConditionValueType as T;
        match (self, value_type.element()) {
            (Family::Null, _) => true,
            (Family::String, T::String | T::Arn) => true,
            (Family::Arn, T::Arn | T::String) => true,
            // Epoch seconds: Date keys can be compared with Numeric operators.
            (Family::Numeric, T::Numeric | T::Date) => true,
            (Family::Date, T::Date) => true,
            (Family::Bool, T::Bool) => true,
            (Family::Binary, T::Binary) => true,
            (Family::Ip, T::IpAddress) => true,
            _ => false,
        }
    }

    /// The operators a value type calls for, for messages.
    pub fn for_type(value_type: ConditionValueType) -> &'static str {
        use ConditionValueType as T;
        match value_type.element() {
            T::Arn => "ArnEquals or ArnLike",
            T::Numeric => "a Numeric operator such as NumericLessThan",
            T::Date => "a Date operator such as DateGreaterThan",
            T::Bool => "Bool",
            T::Binary => "BinaryEquals",
            T::IpAddress => "IpAddress or NotIpAddress",
            _ => "a String operator such as StringEquals",
        }
    }

    /// What the operators of the family compare, for messages.
    pub fn compares(self) -> &'static str {
        match self {
            Family::String => "text",
            Family::Numeric => "numbers",
            Family::Date => "dates",
            Family::Bool => "Booleans",
            Family::Binary => "binary values",
            Family::Ip => "IP addresses",
            Family::Arn => "ARNs",
            Family::Null => "presence",
        }
    }
}

/// `ForAllValues:` or `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Qualifier {
    ForAllValues,
    ForAnyValue,
}

/// A parsed operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Operator {
    pub qualifier: Option<Qualifier>,
    /// The base name, e.g. `StringLike`.
    pub base: &'static str,
    pub family: Family,
    pub if_exists: bool,
}

/// Every base operator with its family.
const BASES: [(&str, Family); 27] = [
    ("StringEquals", Family::String),
    ("StringNotEquals", Family::String),
    ("StringEqualsIgnoreCase", Family::String),
    ("StringNotEqualsIgnoreCase", Family::String),
    ("StringLike", Family::String),
    ("StringNotLike", Family::String),
    ("NumericEquals", Family::Numeric),
    ("NumericNotEquals", Family::Numeric),
    ("NumericLessThan", Family::Numeric),
    ("NumericLessThanEquals", Family::Numeric),
    ("NumericGreaterThan", Family::Numeric),
    ("NumericGreaterThanEquals", Family::Numeric),
    ("DateEquals", Family::Date),
    ("DateNotEquals", Family::Date),
    ("DateLessThan", Family::Date),
    ("DateLessThanEquals", Family::Date),
    ("DateGreaterThan", Family::Date),
    ("DateGreaterThanEquals", Family::Date),
    ("Bool", Family::Bool),
    ("BinaryEquals", Family::Binary),
    ("IpAddress", Family::Ip),
    ("NotIpAddress", Family::Ip),
    ("ArnEquals", Family::Arn),
    ("ArnLike", Family::Arn),
    ("ArnNotEquals", Family::Arn),
    ("ArnNotLike", Family::Arn),
    ("Null", Family::Null),
];

const QUALIFIERS: [(&str, Qualifier); 2] = [
    ("ForAllValues:", Qualifier::ForAllValues),
    ("ForAnyValue:", Qualifier::ForAnyValue),
];

const IF_EXISTS: &str = "IfExists";

impl Operator {
    /// Parses an operator name exactly as IAM does (case-sensitive).
    pub fn parse(name: &str) -> Option<Operator> {
        let (qualifier, rest) = QUALIFIERS
            .iter()
            .find_map(|(prefix, q)| name.strip_prefix(prefix).map(|rest| (Some(*q), rest)))
            .unwrap_or((None, name));
        let (if_exists, base) = match rest.strip_suffix(IF_EXISTS) {
            Some(base) => (true, base),
            None => (false, rest),
        };
        let (base, family) = BASES.iter().find(|(b, _)| *b == base)?;
        Some(Operator {
            qualifier,
            base,
            family: *family,
            if_exists,
        })
    }

    /// Whether the operator matches when a value does not match (`StringNotEquals`,
    /// `NotIpAddress`, ...), which makes it true for an absent key.
    pub fn is_negated(&self) -> bool {
        self.base.contains("Not")
    }

    /// Whether the operator treats `*` and `?` in values as wildcards.
    pub fn is_like(&self) -> bool {
        self.base.ends_with("Like") || self.family == Family::Arn
    }

    /// Whether the operator is an ordering comparison (less/greater than).
    pub fn is_ordering(&self) -> bool {
        self.base.contains("LessThan") || self.base.contains("GreaterThan")
    }
}

/// The correctly written operator closest to an unknown name: fixes letter case, a
/// misspelt base name, and the qualifier and suffix around it.
pub(super) fn suggestion(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let (qualifier, rest) = QUALIFIERS
        .iter()
        .find_map(|(prefix, _)| {
            let head = lower.get(..prefix.len())?;
            (head == prefix.to_ascii_lowercase()).then(|| (*prefix, name.get(prefix.len()..)))
        })
        .map_or(("", Some(name)), |(q, rest)| (q, rest));
    let rest = rest.unwrap_or("");
    let rest_lower = rest.to_ascii_lowercase();
    let if_exists_lower = IF_EXISTS.to_ascii_lowercase();
    let (base, suffix) = match rest_lower.strip_suffix(&if_exists_lower) {
        Some(base) if !base.is_empty() => (rest.get(..base.len()).unwrap_or(base), IF_EXISTS),
        _ => (rest, ""),
    };
    let base = BASES
        .iter()
        .map(|(b, _)| *b)
        .find(|b| b.eq_ignore_ascii_case(base))
        .or_else(|| suggest::closest(base, BASES.iter().map(|(b, _)| *b)))?;
    Some(format!("{qualifier}{base}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualifiers_and_suffix() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists");
        assert_eq!(
            op,
            Some(Operator {
                qualifier: Some(Qualifier::ForAnyValue),
                base: "StringLike",
                family: Family::String,
                if_exists: true,
            })
        );
        assert!(Operator::parse("stringEquals").is_none());
        assert!(Operator::parse("StringEqual").is_none());
        assert!(Operator::parse("IfExists").is_none());
        assert!(Operator::parse("NotIpAddress").is_some_and(|o| o.is_negated()));
        assert!(Operator::parse("ArnEquals").is_some_and(|o| o.is_like()));
    }

    #[test]
    fn suggests_corrections() {
        assert_eq!(suggestion("StringEqual").as_deref(), Some("StringEquals"));
        assert_eq!(suggestion("stringEquals").as_deref(), Some("StringEquals"));
        assert_eq!(
            suggestion("forallvalues:stringlikeifexists").as_deref(),
            Some("ForAllValues:StringLikeIfExists")
        );
        assert_eq!(suggestion("Foo").as_deref(), None);
    }

    #[test]
    fn families_fit_types() {
        assert!(Family::String.fits(ConditionValueType::ArrayOfString));
        assert!(!Family::String.fits(ConditionValueType::Bool));
        assert!(Family::Numeric.fits(ConditionValueType::Date));
        assert!(!Family::Date.fits(ConditionValueType::Numeric));
    }
}
