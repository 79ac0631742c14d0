//! Splitting a policy that is too large into the fewest documents within a size limit.
//!
//! Each output document is the input's `Version` and `Id` with some of its statements, in
//! their input order, written as a `Statement` array. Every statement lands in exactly one
//! document, so together the outputs grant and deny what the input does when they are attached
//! to the same principal or resource (IAM evaluates all attached policies together). Sids are
//! kept as written; since they were unique in the input they stay unique in each output.
//!
//! Sizes are measured on the minified rendering with the caller's measure (IAM's count of
//! non-white-space characters, or every character for a project policy; see
//! [`SizeQuota::measure`]), the way the validator's size check measures a document, so every
//! output passes that check. Which statements share a document is a bin-packing problem,
//! solved by [`packing::pack`]: optimal for small inputs, deterministic always.

mod packing;
#[cfg(test)]
mod tests;

use super::model::{OneOrMany, PolicyDocument, Statement};
use super::size::SizeQuota;

/// Why a document cannot be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The document has no statements to split.
    NoStatements,
    /// A statement does not fit in a document of its own.
    StatementTooLarge {
        /// Zero-based index of the statement.
        index: usize,
        /// Its Sid, if it has one.
        sid: Option<String>,
        /// The size of a document holding only this statement.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::NoStatements => write!(f, "the policy has no statements to split"),
            SplitError::StatementTooLarge {
                index,
                sid,
                size,
                limit,
            } => {
                let sid = sid
                    .as_ref()
                    .map(|s| format!(" (Sid \"{s}\")"))
                    .unwrap_or_default();
                write!(
                    f,
                    "statement {index}{sid} alone makes a document of {size} characters, over \
                     the limit of {limit}"
                )
            }
        }
    }
}

/// Splits `doc` into the fewest documents of at most `quota.limit()` characters as the quota
/// counts them.
pub fn split_for_quota(
    doc: &PolicyDocument,
    quota: SizeQuota,
) -> Result<Vec<PolicyDocument>, SplitError> {
    split_document(doc, quota.limit(), |text| quota.measure(text))
}

/// Splits `doc` into the fewest documents whose minified rendering `measure`s at most `limit`.
/// `measure` must add up over concatenated text (a count of characters of some kind), and a
/// comma must count 1, as for both of IAM's ways of counting.
pub fn split_document(
    doc: &PolicyDocument,
    limit: usize,
    measure: impl Fn(&str) -> usize,
) -> Result<Vec<PolicyDocument>, SplitError> {
    let statements = doc.statements();
    if statements.is_empty() {
        return Err(SplitError::NoStatements);
    }
    let with = |chosen: Vec<Statement>| PolicyDocument {
        version: doc.version.clone(),
        id: doc.id.clone(),
        statements: Some(OneOrMany::many(chosen)),
        span: None,
    };
    let overhead = measure(&with(Vec::new()).to_json_minified());
    // A document of k statements measures the overhead, each statement, and k - 1 commas: so a
    // statement weighs its own size plus one comma, and the room is the limit plus one comma.
    let mut weights = Vec::with_capacity(statements.len());
    for (index, statement) in statements.iter().enumerate() {
        let size = measure(&with(vec![statement.clone()]).to_json_minified());
        if size > limit {
            return Err(SplitError::StatementTooLarge {
                index,
                sid: statement.sid.as_ref().map(|s| s.value.clone()),
                size,
                limit,
            });
        }
        weights.push(size - overhead + 1);
    }
    let capacity = limit - overhead + 1;
    Ok(packing::pack(&weights, capacity)
        .into_iter()
        .map(|bin| {
            with(
                bin.into_iter()
                    .filter_map(|i| statements.get(i).cloned())
                    .collect(),
            )
            .without_spans()
        })
        .collect())
}
