//! IAM policy JSON to [`PolicyDocument`], as strict as IAM and without
//! stopping at the first problem.
//!
//! Steps: size limit; nesting depth; a lenient parse (so a single slip such as
//! a missing comma still yields a model) whose tokens are checked against
//! strict JSON; a strict parse as a safety net; duplicate keys; then the
//! model is built, reporting wrong types and unknown elements.
//!
//! Text that is strict JSON already (nearly every policy) takes a shortcut
//! with the same result: one pass (see `strict_json`) confirms that and
//! builds the tree, standing in for the lenient parse and its checks.

use std::borrow::Cow;

use jsonc_parser::ast::Value;
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::from_ast::Builder;
use super::json_check::{check_tokens, find_excess_nesting, from_jsonc, MAX_NESTING_DEPTH};
use super::model::PolicyDocument;
use super::parse_error::{ParseError, ParseErrorCode as Code};
use super::size::MAX_API_DOCUMENT_CHARS;
use super::source_map::SourceMap;
use super::strict_json::parse_strict;

/// The result of parsing: the document as far as it could be built, and
/// every problem found (empty when the input is a well-formed policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOutcome {
    /// `None` when no JSON object could be read at all.
    pub document: Option<PolicyDocument>,
    /// Problems in source order (those without a span first).
    pub errors: Vec<ParseError>,
}

impl ParseOutcome {
    /// Whether the input parsed without any error.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.document.is_some()
    }

    /// The document if there were no errors, else the errors.
    pub fn into_result(self) -> Result<PolicyDocument, Vec<ParseError>> {
        match self.document {
            Some(doc) if self.errors.is_empty() => Ok(doc),
            _ => Err(self.errors),
        }
    }
}

impl PolicyDocument {
    /// Parses policy JSON strictly; see [`parse_policy`] to get the partial
    /// document alongside the errors.
    pub fn from_json(text: &str) -> Result<PolicyDocument, Vec<ParseError>> {
        parse_policy(text).into_result()
    }
}

/// `jsonc-parser` options that accept strict JSON only.
pub(crate) fn strict_options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses an IAM policy document.
pub fn parse_policy(text: &str) -> ParseOutcome {
    parse_with(text, Path::Fast)
}

/// Which way [`parse_with`] goes for text that is strict JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    /// Confirm strict JSON and parse once.
    Fast,
    /// Always the lenient parse with its token checks (what the fast path must agree with).
    #[cfg_attr(not(test), allow(dead_code))] // the tests compare the two paths
    Thorough,
}

/// [`parse_policy`], with the fast path for strict JSON on or off.
pub(crate) fn parse_with(text: &str, path: Path) -> ParseOutcome {
    let fail = |error: ParseError| ParseOutcome {
        document: None,
        errors: vec![error],
    };
    // bytes >= chars, so counting is only needed for long inputs
    if text.len() > MAX_API_DOCUMENT_CHARS {
        let chars = text.chars().count();
        if chars > MAX_API_DOCUMENT_CHARS {
            return fail(too_large(chars));
        }
    }
    let map = SourceMap::new(text);
    if text.trim().is_empty() {
        return fail(empty_document());
    }
    if path == Path::Fast {
        if let Some(outcome) = parse_strict_json(text, &map) {
            return outcome;
        }
    }
    if let Some(offset) = find_excess_nesting(text) {
        return fail(ParseError::new(
            Code::JsonTooDeep,
            Some(map.span(offset, offset + 1)),
            format!("arrays and objects are nested more than {MAX_NESTING_DEPTH} levels deep"),
            "A policy document needs at most 6 levels of nesting; remove the extra ones.",
        ));
    }

    // a byte order mark is reported by the token checks; parse past it with
    // the same byte length so that spans still index the original text
    let parse_text: Cow<str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(text),
    };
    let text = parse_text.as_ref();
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::AsTokens,
        tokens: true,
    };
    let strict = || parse_to_ast(text, &CollectOptions::default(), &strict_options());
    let lenient = match parse_to_ast(text, &collect, &ParseOptions::default()) {
        Ok(result) => result,
        Err(lenient_error) => {
            // unrecoverable: report the first strict error and the one that stopped us
            let mut errors = Vec::new();
            if let Err(strict_error) = strict() {
                errors.push(from_jsonc(&map, &strict_error));
            }
            let last = from_jsonc(&map, &lenient_error);
            if errors.iter().all(|e| e.span != last.span) {
                errors.push(last);
            }
            return ParseOutcome {
                document: None,
                errors,
            };
        }
    };

    let mut errors = check_tokens(&map, lenient.tokens.as_deref().unwrap_or(&[]));
    if errors.is_empty() {
        // the token checks should have caught everything the strict parser rejects
        if let Err(strict_error) = strict() {
            errors.push(from_jsonc(&map, &strict_error));
        }
    }
    let Some(root) = lenient.value else {
        errors.push(empty_document());
        return ParseOutcome {
            document: None,
            errors,
        };
    };
    build(&map, &root, errors)
}

/// The outcome for text that is strict JSON, or `None` to take the thorough path.
///
/// Strict JSON without repeated keys gives the token and duplicate-key checks nothing to
/// report and the lenient parse the same tree as the strict one, so the tree of
/// [`parse_strict`] is all the document needs. Anything else, a tree nested too deeply
/// included, goes the thorough way and is reported as before.
fn parse_strict_json(text: &str, map: &SourceMap) -> Option<ParseOutcome> {
    let root = parse_strict(text)?;
    Some(build_document(map, &root, Vec::new()))
}

/// Checks duplicate keys and builds the document from the parsed tree, adding to `errors`.
fn build(map: &SourceMap, root: &Value, errors: Vec<ParseError>) -> ParseOutcome {
    let mut builder = Builder::new(map);
    builder.check_duplicate_keys(root);
    finish(builder, root, errors)
}

/// Builds the document from a tree known to repeat no key, adding to `errors`.
fn build_document(map: &SourceMap, root: &Value, errors: Vec<ParseError>) -> ParseOutcome {
    finish(Builder::new(map), root, errors)
}

fn finish(mut builder: Builder<'_, '_>, root: &Value, mut errors: Vec<ParseError>) -> ParseOutcome {
    let document = builder.document(root);
    errors.extend(builder.into_errors());
    errors.sort_by_key(|e| e.span.map(|s| s.offset));
    ParseOutcome { document, errors }
}

/// The error for a document of `chars` characters, over [`MAX_API_DOCUMENT_CHARS`].
pub(crate) fn too_large(chars: usize) -> ParseError {
    ParseError::new(
        Code::InputTooLarge,
        None,
        format!(
            "the document has {chars} characters; the IAM API accepts at most \
             {MAX_API_DOCUMENT_CHARS}"
        ),
        "Split the permissions into several smaller policies.",
    )
}

fn empty_document() -> ParseError {
    ParseError::new(
        Code::InputEmpty,
        None,
        "the policy document is empty",
        "Write a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [...]}.",
    )
}
