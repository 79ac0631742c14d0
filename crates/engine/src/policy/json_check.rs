//! Strict-JSON checks around `jsonc-parser`.
//!
//! The document is parsed leniently (so one slip such as a missing comma
//! still yields a model), then the token stream is checked against RFC 8259
//! here so that every leniency used is reported, not just the first.

use jsonc_parser::errors::{ParseError as JsoncError, ParseErrorKind};
use jsonc_parser::tokens::{Token, TokenAndRange};
use jsonc_parser::ParseStringErrorKind;

use super::condition::is_json_number;
use super::parse_error::{ParseError, ParseErrorCode as Code};
use super::source_map::SourceMap;

/// Deepest nesting of arrays and objects accepted. IAM documents need 6
/// levels at most (document, Statement, statement, Condition, operator,
/// values); the limit keeps the recursive parser far from the stack's end.
pub const MAX_NESTING_DEPTH: usize = 32;

/// The byte offset of the first `[`/`{` nested deeper than [`MAX_NESTING_DEPTH`].
/// Brackets inside strings and comments do not count.
pub(crate) fn find_excess_nesting(text: &str) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Code,
        Str(u8),
        Escape(u8),
        LineComment,
        BlockComment,
    }
    let bytes = text.as_bytes();
    let mut state = State::Code;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        state = match state {
            State::Code => match b {
                b'"' | b'\'' => State::Str(b),
                b'/' if bytes.get(i + 1) == Some(&b'/') => State::LineComment,
                b'/' if bytes.get(i + 1) == Some(&b'*') => State::BlockComment,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING_DEPTH {
                        return Some(i);
                    }
                    State::Code
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    State::Code
                }
                _ => State::Code,
            },
            State::Str(q) if b == b'\\' => State::Escape(q),
            State::Str(q) if b == q => State::Code,
            State::Escape(q) => State::Str(q),
            State::LineComment if b == b'\n' || b == b'\r' => State::Code,
            State::BlockComment
                if b == b'/' && i.checked_sub(1).and_then(|p| bytes.get(p)) == Some(&b'*') =>
            {
                State::Code
            }
            other => other,
        };
    }
    None
}

fn is_value_start(token: &Token) -> bool {
    matches!(
        token,
        Token::OpenBrace
            | Token::OpenBracket
            | Token::String(_)
            | Token::Number(_)
            | Token::Boolean(_)
            | Token::Null
            | Token::Word(_)
    )
}

fn is_value_end(token: &Token) -> bool {
    matches!(
        token,
        Token::CloseBrace
            | Token::CloseBracket
            | Token::String(_)
            | Token::Number(_)
            | Token::Boolean(_)
            | Token::Null
            | Token::Word(_)
    )
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Reports every departure from strict JSON in a leniently parsed token stream.
pub(crate) fn check_tokens(map: &SourceMap, tokens: &[TokenAndRange]) -> Vec<ParseError> {
    let text = map.text();
    let mut errors = Vec::new();
    let mut containers: Vec<bool> = Vec::new(); // true = object
    let mut previous: Option<&TokenAndRange> = None;
    let mut gap_start = 0;
    for current in tokens {
        let range = current.range;
        check_gap(map, gap_start, range.start, &mut errors);
        gap_start = range.end;
        let raw = text.get(range.start..range.end).unwrap_or("");
        match &current.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                errors.push(ParseError::new(
                    Code::JsonComment,
                    Some(map.span(range.start, range.end)),
                    "comments are not allowed in a policy document",
                    "Remove the comment: IAM accepts strict JSON only.",
                ));
                continue; // comments do not take part in the pair rules below
            }
            Token::String(_) => check_string(map, range.start, raw, &mut errors),
            // a number glued to the previous one is reported with it below
            Token::Number(_) if !is_json_number(raw) && !glued_to_number(previous, range.start) => {
                errors.push(invalid_number(map, range.start, range.end, raw));
            }
            Token::OpenBrace => containers.push(true),
            Token::OpenBracket => containers.push(false),
            Token::CloseBrace | Token::CloseBracket => {
                containers.pop();
            }
            _ => {}
        }
        if let Some(prev) = previous {
            check_pair(map, prev, current, containers.last().copied(), &mut errors);
        }
        previous = Some(current);
    }
    check_gap(map, gap_start, text.len(), &mut errors);
    errors
}

fn glued_to_number(previous: Option<&TokenAndRange>, start: usize) -> bool {
    previous.is_some_and(|p| matches!(p.token, Token::Number(_)) && p.range.end == start)
}

fn check_gap(map: &SourceMap, start: usize, end: usize, errors: &mut Vec<ParseError>) {
    let gap = map.text().get(start..end).unwrap_or("");
    if let Some((i, c)) = gap.char_indices().find(|&(_, c)| !is_json_whitespace(c)) {
        let (message, detail) = if c == '\u{feff}' {
            (
                "the document starts with a byte order mark (U+FEFF)".to_string(),
                "Save the file as UTF-8 without a byte order mark.",
            )
        } else {
            (
                format!("character U+{:04X} is not JSON whitespace", u32::from(c)),
                "Use only spaces, tabs and line breaks between JSON tokens.",
            )
        };
        let at = start + i;
        errors.push(ParseError::new(
            Code::JsonInvalidWhitespace,
            Some(map.span(at, at + c.len_utf8())),
            message,
            detail,
        ));
    }
}

fn check_pair(
    map: &SourceMap,
    prev: &TokenAndRange,
    current: &TokenAndRange,
    in_object: Option<bool>,
    errors: &mut Vec<ParseError>,
) {
    let text = map.text();
    match (&prev.token, &current.token) {
        (Token::Comma, Token::CloseBrace | Token::CloseBracket) => {
            let closer = if current.token == Token::CloseBrace {
                "}"
            } else {
                "]"
            };
            errors.push(ParseError::new(
                Code::JsonTrailingComma,
                Some(map.span(prev.range.start, prev.range.end)),
                format!("trailing comma before '{closer}'"),
                "Remove the comma after the last element: JSON does not allow trailing commas.",
            ));
        }
        (Token::String(_), Token::Colon) => {}
        (_, Token::Colon) => {
            let raw = text.get(prev.range.start..prev.range.end).unwrap_or("");
            errors.push(ParseError::new(
                Code::JsonUnquotedKey,
                Some(map.span(prev.range.start, prev.range.end)),
                format!("object key `{raw}` is not a double-quoted string"),
                format!("Write the key in double quotes: \"{raw}\"."),
            ));
        }
        (Token::Number(_), Token::Number(_) | Token::Word(_))
            if prev.range.end == current.range.start =>
        {
            let raw = text.get(prev.range.start..current.range.end).unwrap_or("");
            errors.push(invalid_number(
                map,
                prev.range.start,
                current.range.end,
                raw,
            ));
        }
        (p, c) if is_value_end(p) && is_value_start(c) => {
            let between = if in_object == Some(true) {
                "object members"
            } else {
                "array elements"
            };
            let next = map.point(current.range.start);
            let at = map.point(prev.range.end);
            errors.push(ParseError::new(
                Code::JsonMissingComma,
                Some(at),
                format!(
                    "missing ',' between {between} (the next one starts at {}:{})",
                    next.line, next.column
                ),
                format!(
                    "Insert a comma at line {}, column {}, after the previous value.",
                    at.line, at.column
                ),
            ));
        }
        _ => {}
    }
}

fn invalid_number(map: &SourceMap, start: usize, end: usize, raw: &str) -> ParseError {
    ParseError::new(
        Code::JsonInvalidNumber,
        Some(map.span(start, end)),
        format!("`{raw}` is not a valid JSON number"),
        "Write numbers in plain decimal (no leading '+', leading zeros, hexadecimal, bare '.', \
         NaN or Infinity), or quote the value as a string.",
    )
}

/// Checks one string token's raw text (quotes included) for JSON's rules.
fn check_string(map: &SourceMap, start: usize, raw: &str, errors: &mut Vec<ParseError>) {
    if raw.starts_with('\'') {
        errors.push(ParseError::new(
            Code::JsonSingleQuotedString,
            Some(map.span(start, start + raw.len())),
            "string in single quotes",
            "Use double quotes for JSON strings.",
        ));
        return;
    }
    let mut chars = raw.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            let escaped = chars.next().map(|(_, e)| e);
            if !matches!(
                escaped,
                Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u')
            ) {
                let shown: String = escaped.map(escape_for_message).unwrap_or_default();
                let len = 1 + escaped.map_or(0, char::len_utf8);
                errors.push(ParseError::new(
                    Code::JsonInvalidEscape,
                    Some(map.span(start + i, start + i + len)),
                    format!("invalid escape `\\{shown}` in a string"),
                    "JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write \
                     other characters as they are or as \\uXXXX.",
                ));
                return;
            }
        } else if u32::from(c) < 0x20 {
            errors.push(ParseError::new(
                Code::JsonControlCharacter,
                Some(map.span(start + i, start + i + 1)),
                format!(
                    "unescaped control character U+{:04X} in a string",
                    u32::from(c)
                ),
                "Escape it (\\n, \\t or \\uXXXX) or remove it.",
            ));
            return;
        }
    }
}

fn escape_for_message(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        c if c.is_control() => format!("\\u{{{:x}}}", u32::from(c)),
        c => c.to_string(),
    }
}

/// Turns a `jsonc-parser` error into ours (own messages, so error text is
/// stable across versions of the crate).
pub(crate) fn from_jsonc(map: &SourceMap, error: &JsoncError) -> ParseError {
    use ParseErrorKind as K;
    let range = error.range();
    let span = Some(map.span(range.start, range.end));
    let found = map
        .text()
        .get(range.start..range.end)
        .unwrap_or("")
        .chars()
        .take(40)
        .collect::<String>();
    let syntax = |message: String, detail: &str| {
        ParseError::new(Code::JsonSyntax, span, message, detail.to_string())
    };
    match error.kind() {
        K::CommentsNotAllowed => ParseError::new(
            Code::JsonComment,
            span,
            "comments are not allowed in a policy document",
            "Remove the comment: IAM accepts strict JSON only.",
        ),
        K::TrailingCommasNotAllowed => ParseError::new(
            Code::JsonTrailingComma,
            span,
            "trailing comma",
            "Remove the comma after the last element: JSON does not allow trailing commas.",
        ),
        K::ExpectedComma => ParseError::new(
            Code::JsonMissingComma,
            span,
            "missing ','",
            "Insert a comma between the two values.",
        ),
        K::ExpectedStringObjectProperty => ParseError::new(
            Code::JsonUnquotedKey,
            span,
            format!("object key `{found}` is not a double-quoted string"),
            "Write object keys in double quotes.",
        ),
        K::SingleQuotedStringsNotAllowed => ParseError::new(
            Code::JsonSingleQuotedString,
            span,
            "string in single quotes",
            "Use double quotes for JSON strings.",
        ),
        K::HexadecimalNumbersNotAllowed
        | K::UnaryPlusNumbersNotAllowed
        | K::BareDecimalPointNumbersNotAllowed
        | K::NonFiniteNumbersNotAllowed
        | K::ExpectedDigit
        | K::ExpectedDigitFollowingNegativeSign
        | K::ExpectedPlusMinusOrDigitInNumberLiteral => ParseError::new(
            Code::JsonInvalidNumber,
            span,
            format!(
                "`{}` is not a valid JSON number",
                number_text(map, range.start)
            ),
            "Write numbers in plain decimal, or quote the value as a string.",
        ),
        K::String(ParseStringErrorKind::UnterminatedStringLiteral) => syntax(
            "unterminated string".into(),
            "Close the string with a double quote on the same line.",
        ),
        K::String(kind) => ParseError::new(
            Code::JsonInvalidEscape,
            span,
            format!("invalid escape in a string ({})", string_error_text(kind)),
            "JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (paired for \
             characters beyond U+FFFF).",
        ),
        K::NestingDepthExceeded => ParseError::new(
            Code::JsonTooDeep,
            span,
            "arrays and objects are nested too deeply",
            "A policy document needs only a few levels of nesting; remove the extra ones.",
        ),
        K::UnterminatedObject => syntax(
            "unterminated object: '}' expected".into(),
            "Close every '{' with a matching '}'.",
        ),
        K::UnterminatedArray => syntax(
            "unterminated array: ']' expected".into(),
            "Close every '[' with a matching ']'.",
        ),
        K::UnterminatedCommentBlock => ParseError::new(
            Code::JsonComment,
            span,
            "unterminated block comment",
            "Remove the comment: IAM accepts strict JSON only.",
        ),
        K::ExpectedColonAfterObjectKey => syntax(
            "expected ':' after the object key".into(),
            "Separate each key from its value with a colon.",
        ),
        K::ExpectedObjectValue => syntax(
            "expected a value after ':'".into(),
            "Give the key a value (string, number, boolean, array or object).",
        ),
        K::MultipleRootJsonValues => syntax(
            format!("unexpected `{found}` after the end of the document"),
            "A policy document is a single JSON object; remove what follows its closing '}'.",
        ),
        K::UnexpectedCloseBrace
        | K::UnexpectedCloseBracket
        | K::UnexpectedColon
        | K::UnexpectedComma
        | K::UnexpectedToken
        | K::UnexpectedTokenInObject
        | K::UnexpectedWord => syntax(
            format!("unexpected `{found}`"),
            "Check the JSON syntax here: strings need double quotes, and true, false and \
             null are lowercase.",
        ),
        #[allow(unreachable_patterns)] // other variants exist only with some crate features
        _ => syntax(error.kind().to_string(), "Fix the JSON syntax here."),
    }
}

/// The number-like run of characters starting at `start` (for messages).
fn number_text(map: &SourceMap, start: usize) -> String {
    map.text()
        .get(start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .take(40)
        .collect()
}

fn string_error_text(kind: &ParseStringErrorKind) -> String {
    match kind {
        ParseStringErrorKind::ExpectedFourHexDigits => "\\u needs four hex digits".into(),
        ParseStringErrorKind::InvalidUnicodeEscapeSequence(seq) => {
            format!("\\u{seq} is not a character")
        }
        _ => "unknown escape".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_only_code_brackets() {
        let deep = "[".repeat(MAX_NESTING_DEPTH + 1);
        assert_eq!(find_excess_nesting(&deep), Some(MAX_NESTING_DEPTH));
        let ok = "[".repeat(MAX_NESTING_DEPTH);
        assert_eq!(find_excess_nesting(&ok), None);
        let quoted = format!("[\"{}\\\"{}\"]", "[".repeat(40), "{".repeat(40));
        assert_eq!(find_excess_nesting(&quoted), None);
        let commented = format!("[/* {} */ // {}\n]", "[".repeat(40), "{".repeat(40));
        assert_eq!(find_excess_nesting(&commented), None);
        let balanced = "[]".repeat(100);
        assert_eq!(find_excess_nesting(&balanced), None);
    }
}
