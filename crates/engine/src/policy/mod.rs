//! The IAM policy model: parse, render, size, wildcards and equivalence.
//!
//! This module knows JSON and IAM's policy grammar only; it has no notion of
//! Terraform, the plugin protocol, or the IAM action catalogue.
//!
//! - [`model`] holds [`PolicyDocument`], [`Statement`], [`Principal`],
//!   [`ConditionBlock`] and [`OneOrMany`]; every node has an optional [`Span`].
//! - [`location`] defines [`Location`] and [`Field`], which address places in
//!   documents with or without spans.
//! - [`parse`] provides [`parse_policy`], which reads policy JSON as strictly as
//!   IAM does and reports every problem it can, with the document it could build.
//! - [`render`] provides [`PolicyDocument::to_json_pretty`] and
//!   [`PolicyDocument::to_json_minified`].
//! - [`size`] provides [`counted_size`] and [`SizeQuota`].
//! - [`split`] provides [`split_document`], which packs statements into the fewest documents
//!   within a size limit.
//! - [`wildcard`] provides glob matching, coverage and overlap.
//! - [`equivalence`] provides [`documents_equivalent`].
//!
//! # What parsing reports
//!
//! Parsing reports problems of form: JSON syntax, size, nesting, duplicate
//! keys, unknown elements and wrong JSON types. Values are kept as written
//! (any `Version`, any `Effect` string, principal type names, operator
//! names, empty lists) and missing or conflicting elements (no `Effect`,
//! both `Action` and `NotAction`) are left to the validator.
//!
//! # Parse error codes
//!
//! | code | meaning | span |
//! |---|---|---|
//! | `input.empty` | no JSON value (empty or only white space/comments) | none |
//! | `input.too_large` | more than 131,072 characters, the IAM API's limit; nothing else is checked | none |
//! | `json.syntax` | JSON syntax error without a more specific code (unterminated string/array/object, missing `:`, unexpected token, text after the document) | the offending token |
//! | `json.too_deep` | arrays/objects nested more than 32 levels; nothing else is checked | the first bracket too deep |
//! | `json.comment` | `//` or `/* */` comment | the comment |
//! | `json.trailing_comma` | comma before `]` or `}` | the comma |
//! | `json.missing_comma` | two values or members with no comma between them | zero-length, where the comma belongs |
//! | `json.unquoted_key` | object key not in double quotes | the key |
//! | `json.single_quoted_string` | string in single quotes | the string |
//! | `json.invalid_number` | number outside JSON's grammar (`0x1F`, `+1`, `.5`, `1.`, `01`, `NaN`) | the number |
//! | `json.invalid_escape` | escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`, or an unpaired surrogate | the escape |
//! | `json.control_character` | raw U+0000..U+001F inside a string | the character |
//! | `json.invalid_whitespace` | character between tokens other than space, tab, LF, CR (e.g. a byte order mark or U+00A0) | the character |
//! | `json.duplicate_key` | same key twice in one object, at any depth; the first is used | the later key |
//! | `policy.wrong_type` | JSON type IAM does not accept for the element (e.g. `"Action": 5`, `"Statement": "x"`, `null`); the value is left out | the value |
//! | `policy.unknown_element` | top-level key other than `Version`, `Id`, `Statement`, or statement key other than the nine statement elements (case-sensitive); ignored | the key |
//!
//! After a JSON error that leaves the text readable (comments, missing or
//! trailing commas, unquoted keys, single quotes, bad numbers or escapes,
//! stray characters) the document is still built and checked; after one that
//! does not (say an unterminated string) `document` is `None`.

pub mod condition;
pub mod equivalence;
mod from_ast;
pub mod glob_relation;
mod json_check;
pub mod location;
pub mod model;
pub mod parse;
pub mod parse_error;
pub mod principal;
pub mod render;
pub mod size;
mod source_map;
pub mod split;
mod strict_json;
pub mod wildcard;

#[cfg(test)]
mod tests;

pub use condition::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, ScalarValue,
};
pub(crate) use equivalence::StatementMeaning;
pub use equivalence::{documents_equivalent, statements_equivalent};
pub use json_check::MAX_NESTING_DEPTH;
pub use location::{Field, Location};
pub use model::{
    Effect, ListForm, OneOrMany, PolicyDocument, Span, Statement, StringList, Text, UnknownParts,
    VERSION_2008_10_17, VERSION_2012_10_17,
};
pub use parse::{parse_policy, ParseOutcome};
pub use parse_error::{ParseError, ParseErrorCode};
pub use principal::{Principal, PrincipalEntry, PrincipalMap, PrincipalType};
pub use size::{counted_size, SizeQuota, MAX_API_DOCUMENT_CHARS};
pub use split::{split_document, split_for_quota, SplitError};
pub use wildcard::{
    action_matches, glob_matches, has_wildcard, matches_everything, pattern_covers,
    patterns_intersect, resource_matches, MatchCase,
};
