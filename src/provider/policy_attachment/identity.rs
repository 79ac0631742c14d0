//! IAM identity and managed-policy ARNs, and the quotas that follow from the identity's kind.

use engine::arn::{split_fields, Variables};
use engine::policy::SizeQuota;

/// What kind of identity policies are attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    User,
    Group,
    Role,
}

impl IdentityKind {
    /// The inline policy size quota of this kind.
    pub fn inline_quota(self) -> SizeQuota {
        match self {
            IdentityKind::User => SizeQuota::InlineUser,
            IdentityKind::Group => SizeQuota::InlineGroup,
            IdentityKind::Role => SizeQuota::InlineRole,
        }
    }

    /// The highest managed-policy quota AWS grants for this kind.
    pub fn max_managed_quota(self) -> i64 {
        match self {
            IdentityKind::Group => 10,
            IdentityKind::User | IdentityKind::Role => 20,
        }
    }

    /// `user`, `group` or `role`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::User => "user",
            IdentityKind::Group => "group",
            IdentityKind::Role => "role",
        }
    }
}

const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

/// Parses `arn:PARTITION:iam::ACCOUNT:(user|group|role)/[path/]name`.
pub fn parse_identity(arn: &str) -> Result<IdentityKind, String> {
    let Some([prefix, partition, service, region, account, resource]) =
        split_fields(arn, Variables::Text)
    else {
        return Err(format!(
            "\"{arn}\" is not an ARN. Use arn:aws:iam::<12-digit account>:role/<name> (or user/, group/)."
        ));
    };
    if prefix != "arn" || service != "iam" || !region.is_empty() {
        return Err(format!(
            "\"{arn}\" is not an IAM ARN. IAM ARNs look like arn:aws:iam::111122223333:role/name (no region)."
        ));
    }
    if !PARTITIONS.contains(&partition) {
        return Err(format!(
            "Partition \"{partition}\" is not one of aws, aws-cn, aws-us-gov."
        ));
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Account \"{account}\" is not a 12-digit AWS account id."
        ));
    }
    let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
    let kind = match kind {
        "user" => IdentityKind::User,
        "group" => IdentityKind::Group,
        "role" => IdentityKind::Role,
        other => {
            return Err(format!(
            "\"{other}\" is not an identity that policies attach to: use user/, group/ or role/."
        ))
        }
    };
    let (path, name) = rest.rsplit_once('/').unwrap_or(("", rest));
    if name.is_empty() || rest.contains('*') || rest.contains('?') {
        return Err(format!(
            "The ARN must name one {} (no wildcards), e.g. arn:aws:iam::111122223333:{}/name.",
            kind.as_str(),
            kind.as_str()
        ));
    }
    check_name_and_path(kind, path, name)?;
    Ok(kind)
}

/// IAM's rules for names (1 to 64 characters, 128 for groups, of letters, digits and
/// `+=,.@_-`) and paths (up to 512 characters of printable ASCII).
fn check_name_and_path(kind: IdentityKind, path: &str, name: &str) -> Result<(), String> {
    let max = match kind {
        IdentityKind::Group => 128,
        IdentityKind::User | IdentityKind::Role => 64,
    };
    let kind = kind.as_str();
    let chars = name.chars().count();
    if chars > max {
        return Err(format!(
            "The {kind} name has {chars} characters; IAM allows at most {max}."
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
    {
        return Err(format!(
            "The {kind} name \"{}\" has a character IAM does not allow in names: use letters, \
             digits and +=,.@_-.",
            name.escape_debug()
        ));
    }
    // `path` lies between the slashes: the whole path is "/" + path + "/"
    let path_chars = path.chars().count() + 2;
    if path_chars > 512 {
        return Err(format!(
            "The {kind} path has {path_chars} characters; IAM allows at most 512."
        ));
    }
    if !path.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(format!(
            "The {kind} path has a character IAM does not allow in paths: use printable ASCII \
             without spaces."
        ));
    }
    Ok(())
}

/// A managed policy ARN, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagedArn {
    /// `arn:PARTITION:iam::aws:policy/[path/]NAME`; `name` and `path` as in the ARN.
    AwsManaged { name: String, path: String },
    /// `arn:PARTITION:iam::ACCOUNT:policy/[path/]NAME`.
    CustomerManaged,
}

/// Parses a managed policy ARN.
pub fn parse_policy_arn(arn: &str) -> Result<ManagedArn, String> {
    let Some([prefix, partition, service, region, account, resource]) =
        split_fields(arn, Variables::Text)
    else {
        return Err(format!(
            "\"{arn}\" is not a policy ARN: use arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>."
        ));
    };
    if prefix != "arn" || service != "iam" || !region.is_empty() || !PARTITIONS.contains(&partition)
    {
        return Err(format!(
            "\"{arn}\" is not an IAM policy ARN: use arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>."
        ));
    }
    let Some(rest) = resource.strip_prefix("policy/") else {
        return Err(format!(
            "\"{arn}\" does not name a policy (the resource part must start with policy/)."
        ));
    };
    let (path, name) = match rest.rsplit_once('/') {
        Some((p, n)) => (format!("/{p}/"), n.to_string()),
        None => ("/".to_string(), rest.to_string()),
    };
    if name.is_empty() {
        return Err(format!("\"{arn}\" has no policy name."));
    }
    if account == "aws" {
        Ok(ManagedArn::AwsManaged { name, path })
    } else if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(ManagedArn::CustomerManaged)
    } else {
        Err(format!(
            "Account \"{account}\" is neither \"aws\" (AWS managed) nor a 12-digit account id."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_with_paths_and_partitions() {
        assert_eq!(
            parse_identity("arn:aws:iam::111122223333:role/app/detector"),
            Ok(IdentityKind::Role)
        );
        assert_eq!(
            parse_identity("arn:aws-cn:iam::111122223333:user/alice"),
            Ok(IdentityKind::User)
        );
        assert_eq!(
            parse_identity("arn:aws-us-gov:iam::111122223333:group/ops"),
            Ok(IdentityKind::Group)
        );
        assert!(parse_identity("arn:aws:iam::1111:role/x")
            .unwrap_err()
            .contains("12-digit"));
        assert!(parse_identity("arn:aws:iam::111122223333:policy/x").is_err());
        assert!(parse_identity("arn:aws:iam::111122223333:role/*").is_err());
        assert!(parse_identity("arn:aws:s3:::bucket").is_err());
    }

    #[test]
    fn names_and_paths_follow_iam_rules() {
        let role = |rest: &str| parse_identity(&format!("arn:aws:iam::111122223333:{rest}"));
        assert!(role(&format!("role/{}", "r".repeat(64))).is_ok());
        assert!(role(&format!("group/{}", "g".repeat(128))).is_ok());
        assert!(role("user/alice+ops=1,x.y@z_w-v").is_ok());
        let long = role(&format!("role/{}", "r".repeat(1 << 20))).unwrap_err();
        assert_eq!(
            long,
            "The role name has 1048576 characters; IAM allows at most 64."
        );
        assert!(role(&format!("user/{}", "u".repeat(65))).is_err());
        assert!(role("role/app\u{0}\u{202e}")
            .unwrap_err()
            .contains("does not allow"));
        assert!(role("role/a b").is_err());
        assert!(role(&format!("role/{}/app", "p".repeat(511)))
            .unwrap_err()
            .contains("512"));
        assert!(role("role/my path/app").unwrap_err().contains("path"));
    }

    #[test]
    fn policy_arns() {
        assert_eq!(
            parse_policy_arn("arn:aws:iam::aws:policy/service-role/AmazonRekognitionServiceRole"),
            Ok(ManagedArn::AwsManaged {
                name: "AmazonRekognitionServiceRole".into(),
                path: "/service-role/".into()
            })
        );
        assert_eq!(
            parse_policy_arn("arn:aws:iam::111122223333:policy/team/app"),
            Ok(ManagedArn::CustomerManaged)
        );
        assert!(parse_policy_arn("arn:aws:iam::aws:role/x").is_err());
    }
}
