//! The two small vocabularies of the catalogue: access levels and condition value types.

use std::fmt;

/// The classic IAM access level of an action.
///
/// Ordered by privilege: `List < Read < Tagging < Write < PermissionsManagement`. Tagging sits
/// below Write because it only changes tags (though tags can steer tag-based access control),
/// and Permissions management is the top because it can grant further access, i.e. escalate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    /// Lists resources or their metadata.
    List,
    /// Reads data or configuration.
    Read,
    /// Adds, changes or removes tags.
    Tagging,
    /// Creates, changes or deletes resources.
    Write,
    /// Changes who may do what: resource policies, IAM entities, grants.
    PermissionsManagement,
}

impl AccessLevel {
    /// Every level, lowest privilege first.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Tagging,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
    ];

    /// The label AWS documentation uses: "List", "Read", "Write", "Tagging" or
    /// "Permissions management".
    pub const fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }

    /// Parses a label case-insensitively. Accepts the five classic labels, the identifier
    /// spelling "PermissionsManagement", and the service reference's combined labels such as
    /// "Tagging, Write", which map to their first (classic) part like the catalogue data does.
    pub fn parse(label: &str) -> Option<AccessLevel> {
        let first = label.split(',').next().unwrap_or("").trim();
        if first.eq_ignore_ascii_case("PermissionsManagement") {
            return Some(AccessLevel::PermissionsManagement);
        }
        AccessLevel::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(first))
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value type of a condition key, as the Service Authorization Reference names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionValueType {
    /// `String`
    String,
    /// `ArrayOfString`
    ArrayOfString,
    /// `Numeric`
    Numeric,
    /// `ArrayOfNumeric`
    ArrayOfNumeric,
    /// `Date`
    Date,
    /// `ArrayOfDate`
    ArrayOfDate,
    /// `Bool`
    Bool,
    /// `ArrayOfBool`
    ArrayOfBool,
    /// `Binary`
    Binary,
    /// `ArrayOfBinary`
    ArrayOfBinary,
    /// `IPAddress`
    IpAddress,
    /// `ArrayOfIPAddress`
    ArrayOfIpAddress,
    /// `ARN`
    Arn,
    /// `ArrayOfARN`
    ArrayOfArn,
}

impl ConditionValueType {
    /// Every value type, each scalar followed by its array form.
    pub const ALL: [ConditionValueType; 14] = [
        ConditionValueType::String,
        ConditionValueType::ArrayOfString,
        ConditionValueType::Numeric,
        ConditionValueType::ArrayOfNumeric,
        ConditionValueType::Date,
        ConditionValueType::ArrayOfDate,
        ConditionValueType::Bool,
        ConditionValueType::ArrayOfBool,
        ConditionValueType::Binary,
        ConditionValueType::ArrayOfBinary,
        ConditionValueType::IpAddress,
        ConditionValueType::ArrayOfIpAddress,
        ConditionValueType::Arn,
        ConditionValueType::ArrayOfArn,
    ];

    /// The reference's spelling, e.g. "ArrayOfString", "IPAddress", "ARN".
    pub const fn as_str(self) -> &'static str {
        match self {
            ConditionValueType::String => "String",
            ConditionValueType::ArrayOfString => "ArrayOfString",
            ConditionValueType::Numeric => "Numeric",
            ConditionValueType::ArrayOfNumeric => "ArrayOfNumeric",
            ConditionValueType::Date => "Date",
            ConditionValueType::ArrayOfDate => "ArrayOfDate",
            ConditionValueType::Bool => "Bool",
            ConditionValueType::ArrayOfBool => "ArrayOfBool",
            ConditionValueType::Binary => "Binary",
            ConditionValueType::ArrayOfBinary => "ArrayOfBinary",
            ConditionValueType::IpAddress => "IPAddress",
            ConditionValueType::ArrayOfIpAddress => "ArrayOfIPAddress",
            ConditionValueType::Arn => "ARN",
            ConditionValueType::ArrayOfArn => "ArrayOfARN",
        }
    }

    /// Parses the reference's spelling, case-insensitively.
    pub fn parse(label: &str) -> Option<ConditionValueType> {
        ConditionValueType::ALL
            .into_iter()
            .find(|ty| ty.as_str().eq_ignore_ascii_case(label.trim()))
    }

    /// Whether the key carries a set of values (the `ArrayOf…` types), which is what the
    /// `ForAllValues:`/`ForAnyValue:` operator prefixes are meant for.
    pub const fn is_array(self) -> bool {
        matches!(
            self,
            ConditionValueType::ArrayOfString
                | ConditionValueType::ArrayOfNumeric
                | ConditionValueType::ArrayOfDate
                | ConditionValueType::ArrayOfBool
                | ConditionValueType::ArrayOfBinary
                | ConditionValueType::ArrayOfIpAddress
                | ConditionValueType::ArrayOfArn
        )
    }

    /// The type of one element: the scalar form of an array type, or the type itself.
    pub const fn element(self) -> ConditionValueType {
        match self {
            ConditionValueType::ArrayOfString => ConditionValueType::String,
            ConditionValueType::ArrayOfNumeric => ConditionValueType::Numeric,
            ConditionValueType::ArrayOfDate => ConditionValueType::Date,
            ConditionValueType::ArrayOfBool => ConditionValueType::Bool,
            ConditionValueType::ArrayOfBinary => ConditionValueType::Binary,
            ConditionValueType::ArrayOfIpAddress => ConditionValueType::IpAddress,
            ConditionValueType::ArrayOfArn => ConditionValueType::Arn,
            scalar => scalar,
        }
    }
}

impl fmt::Display for ConditionValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_levels_round_trip_and_order_by_privilege() {
        for level in AccessLevel::ALL {
            assert_eq!(AccessLevel::parse(level.as_str()), Some(level));
        }
        assert!(AccessLevel::List < AccessLevel::Read);
        assert!(AccessLevel::Read < AccessLevel::Tagging);
        assert!(AccessLevel::Tagging < AccessLevel::Write);
        assert!(AccessLevel::Write < AccessLevel::PermissionsManagement);
    }

    #[test]
    fn access_level_parse_accepts_variants() {
        assert_eq!(
            AccessLevel::parse("tagging, write"),
            Some(AccessLevel::Tagging)
        );
        assert_eq!(
            AccessLevel::parse("Permissions management, Write"),
            Some(AccessLevel::PermissionsManagement)
        );
        assert_eq!(
            AccessLevel::parse("PermissionsManagement"),
            Some(AccessLevel::PermissionsManagement)
        );
        assert_eq!(AccessLevel::parse("Admin"), None);
        assert_eq!(AccessLevel::parse(""), None);
    }

    #[test]
    fn value_types_round_trip() {
        for ty in ConditionValueType::ALL {
            assert_eq!(ConditionValueType::parse(ty.as_str()), Some(ty));
            assert!(!ty.element().is_array());
            assert_eq!(ty.is_array(), ty.element() != ty);
        }
        assert_eq!(
            ConditionValueType::parse("ipaddress"),
            Some(ConditionValueType::IpAddress)
        );
        assert_eq!(ConditionValueType::parse("Long"), None);
    }
}
