//! Positions in the plan file: where a policy's JSON string is, and where a place inside the
//! policy (a byte offset into the decoded string) is in the file, through the string's escapes.

use jsonc_parser::ast::Value as Ast;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

use super::Seg;

/// A plan's text with its syntax tree, to look string literals up by path.
pub struct PlanText<'a> {
    text: &'a str,
    root: Option<Ast<'a>>,
}

/// A JSON string literal in the plan: its byte range, quotes included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Literal {
    /// Byte offset of the opening quote.
    pub start: usize,
    /// Byte offset just past the closing quote.
    pub end: usize,
}

impl<'a> PlanText<'a> {
    /// Parses the plan (already known to be valid JSON) for positions.
    pub fn new(text: &'a str) -> Self {
        let root = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .ok()
            .and_then(|parsed| parsed.value);
        PlanText { text, root }
    }

    /// The string literal at `path`, if there is one.
    pub fn literal(&self, path: &[Seg]) -> Option<Literal> {
        let mut node = self.root.as_ref()?;
        for seg in path {
            node = match (seg, node) {
                (Seg::Key(key), Ast::Object(object)) => &object.get(key)?.value,
                (Seg::Index(index), Ast::Array(array)) => array.elements.get(*index)?,
                _ => return None,
            };
        }
        let Ast::StringLit(lit) = node else {
            return None;
        };
        Some(Literal {
            start: lit.range.start,
            end: lit.range.end,
        })
    }

    /// The byte offset in the plan of byte `decoded` of the string `literal` holds (the start of
    /// the character it falls in); the opening quote when `decoded` is `None`.
    pub fn offset_in(&self, literal: Literal, decoded: Option<usize>) -> usize {
        let Some(decoded) = decoded else {
            return literal.start;
        };
        let inner = self
            .text
            .get(literal.start + 1..literal.end.saturating_sub(1))
            .unwrap_or("");
        literal.start + 1 + raw_offset(inner, decoded)
    }

    /// 1-based line and column (in characters) of each byte offset, in one pass over the text.
    pub fn line_columns(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        line_columns(self.text, offsets)
    }
}

/// The byte offset in `raw` (the inside of a JSON string literal) where the character holding
/// byte `decoded` of the decoded string starts.
pub fn raw_offset(raw: &str, decoded: usize) -> usize {
    let bytes = raw.as_bytes();
    let (mut raw_at, mut decoded_at) = (0usize, 0usize);
    while raw_at < bytes.len() {
        let (raw_len, decoded_len) = match bytes[raw_at] {
            b'\\' => match bytes.get(raw_at + 1) {
                Some(b'u') => unicode_escape(&raw[raw_at..]),
                Some(_) => (2, 1),
                None => (1, 1),
            },
            byte => {
                let len = utf8_len(byte);
                (len, len)
            }
        };
        if decoded < decoded_at + decoded_len {
            return raw_at;
        }
        raw_at += raw_len;
        decoded_at += decoded_len;
    }
    bytes.len()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Raw and decoded lengths of the `\uXXXX` escape (or surrogate pair) at the start of `raw`.
fn unicode_escape(raw: &str) -> (usize, usize) {
    let unit = |at: usize| {
        raw.get(at + 2..at + 6)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
    };
    match unit(0) {
        Some(high @ 0xD800..=0xDBFF) => match (raw.get(6..8), unit(6)) {
            (Some("\\u"), Some(0xDC00..=0xDFFF)) => (12, 4),
            _ => (6, char::from_u32(high).map_or(3, char::len_utf8)),
        },
        Some(code) => (6, char::from_u32(code).map_or(3, char::len_utf8)),
        None => (2, 1),
    }
}

/// 1-based line and column (in characters) of each byte offset into `text`.
pub fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    for i in order {
        let target = offsets[i];
        while let Some(&(at, c)) = chars.peek() {
            if at >= target {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        out[i] = (line, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_offsets_map_through_escapes() {
        // decoded: {"A":"é😀x"}
        let raw = r#"{\"A\":\"\u00e9\ud83d\ude00x\"}"#;
        let decoded = "{\"A\":\"é😀x\"}";
        let at = |needle: &str| decoded.find(needle).unwrap();
        assert_eq!(raw_offset(raw, 0), 0);
        assert_eq!(raw_offset(raw, at("A")), 3);
        assert_eq!(raw_offset(raw, at("é")), raw.find("\\u00e9").unwrap());
        assert_eq!(raw_offset(raw, at("😀")), raw.find("\\ud83d").unwrap());
        assert_eq!(raw_offset(raw, at("x")), raw.find('x').unwrap());
        // a byte inside a multi-byte character maps to the character's start
        assert_eq!(raw_offset(raw, at("é") + 1), raw.find("\\u00e9").unwrap());
        assert_eq!(raw_offset(raw, 10_000), raw.len());
    }

    #[test]
    fn raw_multibyte_characters_count_once() {
        let raw = "é\\nz";
        assert_eq!(raw_offset(raw, 2), 2);
        assert_eq!(raw_offset(raw, 3), 4);
    }

    #[test]
    fn lines_and_columns_in_one_pass() {
        let text = "ab\ncdé\nf";
        let f = text.find('f').unwrap();
        assert_eq!(line_columns(text, &[f, 0, 4]), [(3, 1), (1, 1), (2, 2)]);
    }

    #[test]
    fn literals_by_path() {
        let text = "{\n  \"a\": [1, {\"p\": \"{\\\"V\\\":1}\"}]\n}";
        let plan = PlanText::new(text);
        let path = [Seg::Key("a".into()), Seg::Index(1), Seg::Key("p".into())];
        let literal = plan.literal(&path).unwrap();
        assert_eq!(&text[literal.start..literal.start + 1], "\"");
        let v = plan.offset_in(literal, Some(2));
        assert_eq!(&text[v..v + 1], "V");
        assert_eq!(plan.line_columns(&[v]), [(2, 22)]);
        assert!(plan
            .literal(&[Seg::Key("a".into()), Seg::Index(0)])
            .is_none());
        assert!(plan.literal(&[Seg::Key("missing".into())]).is_none());
    }
}
