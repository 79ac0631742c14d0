//! The operation-to-permission table, `data/intent/operations.tsv`, read once.
//!
//! The file is compiled into the binary; its header names the sources. A line that does not
//! parse is a defect of the provider's own data, which the unit tests catch.

use std::sync::OnceLock;

/// The table's text.
pub const TABLE: &str = include_str!("../../data/intent/operations.tsv");

/// A permission an operation may imply besides its own action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implied {
    /// `s3:GetObject` on the S3 inputs.
    S3Read,
    /// `s3:PutObject` on the S3 outputs.
    S3Write,
    /// The KMS permissions to use a customer managed key.
    Kms,
    /// `iam:PassRole` on the service role.
    PassRole,
    /// `rekognition:TagResource` on the created resource, of this catalogue resource type.
    TagOnCreate(&'static str),
    /// `sns:Publish` on the topics, for the service role.
    RoleSns,
    /// Kinesis video stream reads and Kinesis data stream writes, for the service role.
    RoleKinesis,
    /// `s3:PutObject` on the S3 outputs, for the service role.
    RoleS3Write,
}

impl Implied {
    /// The token of the table's implied column (without `!`).
    pub fn token(self) -> String {
        match self {
            Implied::S3Read => "s3-read".into(),
            Implied::S3Write => "s3-write".into(),
            Implied::Kms => "kms".into(),
            Implied::PassRole => "pass-role".into(),
            Implied::TagOnCreate(ty) => format!("tag={ty}"),
            Implied::RoleSns => "role-sns".into(),
            Implied::RoleKinesis => "role-kinesis".into(),
            Implied::RoleS3Write => "role-s3-write".into(),
        }
    }
}

/// How an action whose catalogue resource types are all optional is scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionalResources {
    /// The action has a required resource type, or none at all.
    NotApplicable,
    /// The request always names a resource of those types: scoped to the ARNs given.
    Named,
    /// The request may name none (an adapter is optional): granted on `*`.
    Optional,
}

/// One operation of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The API operation, e.g. `DetectLabels`.
    pub name: &'static str,
    /// Its IAM actions, e.g. `rekognition:DetectLabels`.
    pub actions: Vec<&'static str>,
    /// The permissions it may imply, and whether it always needs the resource.
    pub implied: Vec<(Implied, bool)>,
    /// How its actions are scoped when their resource types are all optional.
    pub optional_resources: OptionalResources,
    /// The request parameters the implied permissions come from.
    pub parameters: &'static str,
}

/// An IAM action that no operation needs, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOperation {
    /// The IAM action, `service:Action`.
    pub action: &'static str,
    /// Why no operation needs it.
    pub reason: &'static str,
}

/// The parsed table.
#[derive(Debug, Default)]
pub struct Table {
    /// The operations, in table order.
    pub operations: Vec<Operation>,
    /// The actions no operation needs.
    pub not_operations: Vec<NotOperation>,
    /// Lines that do not parse, with their 1-based number (empty for a sound table).
    pub defects: Vec<(usize, String)>,
}

fn implied(token: &'static str) -> Option<(Implied, bool)> {
    let (token, always) = match token.strip_suffix('!') {
        Some(t) => (t, true),
        None => (token, false),
    };
    let kind = match token {
        "s3-read" => Implied::S3Read,
        "s3-write" => Implied::S3Write,
        "kms" => Implied::Kms,
        "pass-role" => Implied::PassRole,
        "role-sns" => Implied::RoleSns,
        "role-kinesis" => Implied::RoleKinesis,
        "role-s3-write" => Implied::RoleS3Write,
        other => Implied::TagOnCreate(other.strip_prefix("tag=")?),
    };
    Some((kind, always))
}

fn parse(text: &'static str) -> Table {
    let mut table = Table::default();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields.as_slice() {
            ["op", name, actions, implies, optional, parameters] => {
                let optional_resources = match *optional {
                    "named" => OptionalResources::Named,
                    "optional" => OptionalResources::Optional,
                    "-" => OptionalResources::NotApplicable,
                    other => {
                        table.defects.push((
                            number + 1,
                            format!("unknown optional-resources value {other:?}"),
                        ));
                        continue;
                    }
                };
                let tokens: Vec<_> = implies
                    .split(',')
                    .filter(|t| *t != "-")
                    .map(|t| implied(t).ok_or(t))
                    .collect();
                if let Some(Err(bad)) = tokens.iter().find(|t| t.is_err()) {
                    table
                        .defects
                        .push((number + 1, format!("unknown implied permission {bad:?}")));
                    continue;
                }
                table.operations.push(Operation {
                    name,
                    actions: actions.split(',').collect(),
                    implied: tokens.into_iter().flatten().collect(),
                    optional_resources,
                    parameters,
                });
            }
            ["not-op", action, reason] => {
                table.not_operations.push(NotOperation { action, reason })
            }
            _ => table
                .defects
                .push((number + 1, format!("malformed line {line:?}"))),
        }
    }
    table
}

/// The table, parsed on first use.
pub fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| parse(TABLE))
}

/// The operation called `name` (exact spelling).
pub fn operation(name: &str) -> Option<&'static Operation> {
    table().operations.iter().find(|op| op.name == name)
}

/// Every operation name, in table order.
pub fn operation_names() -> Vec<&'static str> {
    table().operations.iter().map(|op| op.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses() {
        let t = table();
        assert!(t.defects.is_empty(), "{:?}", t.defects);
        assert_eq!(t.operations.len(), 76);
        let op = operation("CreateStreamProcessor").unwrap();
        assert!(op.implied.contains(&(Implied::PassRole, true)));
        assert!(op
            .implied
            .contains(&(Implied::TagOnCreate("streamprocessor"), false)));
    }

    #[test]
    fn defects_are_reported() {
        let t =
            parse("op\tX\trekognition:X\tbogus\t-\t-\nwhat\nop\tY\trekognition:Y\t-\tmaybe\t-\n");
        assert_eq!(t.defects.len(), 3);
    }
}
