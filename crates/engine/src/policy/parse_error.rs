//! Errors found while reading policy JSON, with stable codes.

use std::fmt;

use super::model::Span;

/// Stable identifiers of parse errors (see the table in the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParseErrorCode {
    /// No JSON value at all.
    InputEmpty,
    /// More characters than the IAM API accepts.
    InputTooLarge,
    /// Any JSON syntax error without a more specific code.
    JsonSyntax,
    /// Arrays/objects nested deeper than the parser allows.
    JsonTooDeep,
    /// A `//` or `/* */` comment.
    JsonComment,
    /// A comma before `]` or `}`.
    JsonTrailingComma,
    /// Two values or members with no comma between them.
    JsonMissingComma,
    /// An object key that is not a double-quoted string.
    JsonUnquotedKey,
    /// A string in single quotes.
    JsonSingleQuotedString,
    /// A number outside the JSON grammar (hex, `+1`, `.5`, `01`, `NaN`, ...).
    JsonInvalidNumber,
    /// A backslash escape JSON does not define, or a bad `\u` escape.
    JsonInvalidEscape,
    /// A raw control character (U+0000..U+001F) inside a string.
    JsonControlCharacter,
    /// A character between tokens that is not space, tab, LF or CR.
    JsonInvalidWhitespace,
    /// The same key twice in one object.
    JsonDuplicateKey,
    /// An element whose JSON type IAM does not accept there.
    PolicyWrongType,
    /// A top-level or statement key IAM does not define.
    PolicyUnknownElement,
}

impl ParseErrorCode {
    /// Every code, in table order.
    pub const ALL: [ParseErrorCode; 16] = [
        ParseErrorCode::InputEmpty,
        ParseErrorCode::InputTooLarge,
        ParseErrorCode::JsonSyntax,
        ParseErrorCode::JsonTooDeep,
        ParseErrorCode::JsonComment,
        ParseErrorCode::JsonTrailingComma,
        ParseErrorCode::JsonMissingComma,
        ParseErrorCode::JsonUnquotedKey,
        ParseErrorCode::JsonSingleQuotedString,
        ParseErrorCode::JsonInvalidNumber,
        ParseErrorCode::JsonInvalidEscape,
        ParseErrorCode::JsonControlCharacter,
        ParseErrorCode::JsonInvalidWhitespace,
        ParseErrorCode::JsonDuplicateKey,
        ParseErrorCode::PolicyWrongType,
        ParseErrorCode::PolicyUnknownElement,
    ];

    /// The stable dotted code, e.g. `json.duplicate_key`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParseErrorCode::InputEmpty => "input.empty",
            ParseErrorCode::InputTooLarge => "input.too_large",
            ParseErrorCode::JsonSyntax => "json.syntax",
            ParseErrorCode::JsonTooDeep => "json.too_deep",
            ParseErrorCode::JsonComment => "json.comment",
            ParseErrorCode::JsonTrailingComma => "json.trailing_comma",
            ParseErrorCode::JsonMissingComma => "json.missing_comma",
            ParseErrorCode::JsonUnquotedKey => "json.unquoted_key",
            ParseErrorCode::JsonSingleQuotedString => "json.single_quoted_string",
            ParseErrorCode::JsonInvalidNumber => "json.invalid_number",
            ParseErrorCode::JsonInvalidEscape => "json.invalid_escape",
            ParseErrorCode::JsonControlCharacter => "json.control_character",
            ParseErrorCode::JsonInvalidWhitespace => "json.invalid_whitespace",
            ParseErrorCode::JsonDuplicateKey => "json.duplicate_key",
            ParseErrorCode::PolicyWrongType => "policy.wrong_type",
            ParseErrorCode::PolicyUnknownElement => "policy.unknown_element",
        }
    }
}

impl fmt::Display for ParseErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Stable code.
    pub code: ParseErrorCode,
    /// What is wrong, one sentence without a trailing period.
    pub message: String,
    /// How to fix it.
    pub detail: String,
    /// Where, when the problem has a place in the text.
    pub span: Option<Span>,
}

impl ParseError {
    pub(crate) fn new(
        code: ParseErrorCode,
        span: Option<Span>,
        message: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        ParseError {
            code,
            message: message.into(),
            detail: detail.into(),
            span,
        }
    }
}

impl fmt::Display for ParseError {
    /// `line:column: message [code]`, or `message [code]` without a span.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(span) = self.span {
            write!(f, "{}:{}: ", span.line, span.column)?;
        }
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_dotted() {
        let mut seen = std::collections::HashSet::new();
        for code in ParseErrorCode::ALL {
            assert!(seen.insert(code.as_str()));
            assert!(code.as_str().contains('.'));
        }
    }

    #[test]
    fn display_with_and_without_span() {
        let span = Span {
            offset: 0,
            len: 1,
            line: 3,
            column: 7,
        };
        let e = ParseError::new(ParseErrorCode::JsonSyntax, Some(span), "oops", "fix");
        assert_eq!(e.to_string(), "3:7: oops [json.syntax]");
        let e = ParseError::new(ParseErrorCode::InputEmpty, None, "empty", "fix");
        assert_eq!(e.to_string(), "empty [input.empty]");
    }
}
