//! Policy size as IAM counts it for its quotas.
//!
//! IAM's quota page says white space is not counted ("IAM doesn't count white
//! space when calculating the size of a policy"), and `GetAccountSummary`
//! states the policy-size quotas "in non-whitespace characters". Neither
//! exempts white space inside strings, so this module counts every character
//! of the document that is not white space, wherever it is: a space inside
//! a `Sid` or a condition value is not counted either. White space here means
//! space, tab, LF and CR, the only white-space characters IAM accepts in a
//! document (it accepts tab, LF, CR and U+0020..U+00FF).
//!
//! For a document held in the model the count is taken on its minified
//! rendering, which has no white space outside strings; so the count does
//! not depend on how the source was indented.
//!
//! IAM Access Analyzer's `POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA` finding
//! quotes one more than this count and compares against 10,240 for every
//! identity policy; that difference is the finding's, not IAM's quota check.

use super::model::PolicyDocument;

/// Characters the IAM API accepts in a policy document parameter.
pub const MAX_API_DOCUMENT_CHARS: usize = 131_072;

/// The IAM size quotas, in non-white-space characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeQuota {
    /// A customer managed policy: 6,144.
    ManagedPolicy,
    /// All inline policies of one user together: 2,048.
    InlineUser,
    /// All inline policies of one group together: 5,120.
    InlineGroup,
    /// All inline policies of one role together: 10,240.
    InlineRole,
    /// A role's trust (assume-role) policy: 2,048 by default.
    TrustPolicy,
    /// A resource-based policy: 20,480, the S3 bucket policy quota, the largest common one.
    ResourcePolicy,
    /// A Rekognition Custom Labels project policy: the `PolicyDocument` parameter of
    /// `PutProjectPolicy` takes at most 2,000 characters, white space included (an API length
    /// constraint, not an IAM quota).
    ProjectPolicy,
}

impl SizeQuota {
    /// The limit in characters.
    pub fn limit(self) -> usize {
        match self {
            SizeQuota::ManagedPolicy => 6_144,
            SizeQuota::InlineUser => 2_048,
            SizeQuota::InlineGroup => 5_120,
            SizeQuota::InlineRole => 10_240,
            SizeQuota::TrustPolicy => 2_048,
            SizeQuota::ResourcePolicy => 20_480,
            SizeQuota::ProjectPolicy => 2_000,
        }
    }

    /// Human name of what the quota applies to.
    pub fn describe(self) -> &'static str {
        match self {
            SizeQuota::ManagedPolicy => "managed policy",
            SizeQuota::InlineUser => "inline policies of a user",
            SizeQuota::InlineGroup => "inline policies of a group",
            SizeQuota::InlineRole => "inline policies of a role",
            SizeQuota::TrustPolicy => "role trust policy",
            SizeQuota::ResourcePolicy => "resource policy",
            SizeQuota::ProjectPolicy => "Rekognition project policy",
        }
    }

    /// Whether white space counts towards the limit: only for the API length constraint of a
    /// project policy; IAM's quotas leave it out.
    pub fn counts_white_space(self) -> bool {
        self == SizeQuota::ProjectPolicy
    }

    /// The size of policy text as this quota counts it: [`counted_size`], or every character
    /// when [`SizeQuota::counts_white_space`].
    pub fn measure(self, text: &str) -> usize {
        if self.counts_white_space() {
            text.chars().count()
        } else {
            counted_size(text)
        }
    }

    /// How the size was counted, for messages.
    pub fn counting(self) -> &'static str {
        if self.counts_white_space() {
            "white space included"
        } else {
            "white space not counted"
        }
    }
}

/// The size of policy text as IAM counts it: characters that are not white space.
pub fn counted_size(text: &str) -> usize {
    // Each character has exactly one byte that is not a UTF-8 continuation byte, and the white
    // space characters are single bytes: counting bytes needs no decoding, and counting in
    // blocks into a byte-wide sum vectorises.
    let counted =
        |b: u8| u8::from(b & 0xC0 != 0x80) & u8::from(!matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    let blocks = text.as_bytes().chunks_exact(128);
    let rest: usize = blocks
        .remainder()
        .iter()
        .map(|&b| usize::from(counted(b)))
        .sum();
    let whole: usize = blocks
        .map(|block| usize::from(block.iter().fold(0u8, |sum, &b| sum + counted(b))))
        .sum();
    whole + rest
}

impl PolicyDocument {
    /// The size IAM counts for this document (see the module docs).
    pub fn counted_size(&self) -> usize {
        counted_size(&self.to_json_minified())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::{Effect, Statement, StringList};

    #[test]
    fn whitespace_anywhere_is_not_counted() {
        assert_eq!(counted_size("{ \"a\" :\n\t\"b c\" }"), 10);
        assert_eq!(counted_size("é"), 1);
        let mixed = "{\"a\u{e9}\": \"\u{1F600} x\u{2028}\"}\r\n\t";
        let by_chars = mixed
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .count();
        assert_eq!(counted_size(mixed), by_chars);
    }

    #[test]
    fn document_size_ignores_indentation() {
        let doc = PolicyDocument::new([Statement::new(Effect::Allow)
            .with_action(StringList::scalar("rekognition:DetectLabels"))
            .with_resource(StringList::scalar("*"))]);
        let pretty = counted_size(&doc.to_json_pretty());
        assert_eq!(pretty, doc.counted_size());
        assert_eq!(doc.counted_size(), doc.to_json_minified().len());
    }

    #[test]
    fn quota_limits() {
        assert_eq!(SizeQuota::ManagedPolicy.limit(), 6144);
        assert_eq!(SizeQuota::InlineUser.limit(), 2048);
        assert_eq!(SizeQuota::InlineGroup.limit(), 5120);
        assert_eq!(SizeQuota::InlineRole.limit(), 10240);
        assert_eq!(SizeQuota::ProjectPolicy.limit(), 2000);
    }

    #[test]
    fn only_the_project_quota_counts_white_space() {
        let text = "{ \"Sid\": \"a b\" }";
        assert_eq!(SizeQuota::ManagedPolicy.measure(text), counted_size(text));
        assert_eq!(SizeQuota::ProjectPolicy.measure(text), text.len());
    }
}
