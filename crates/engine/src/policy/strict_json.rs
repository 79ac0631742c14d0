//! The parse of text that is strict JSON already, which nearly every policy is: one pass over
//! the bytes that checks RFC 8259 and builds the same tree as `jsonc-parser` (same nodes,
//! ranges and decoded strings), so the document builder takes it unchanged.
//!
//! It answers `None` for anything else (a slip of any kind, a repeated key, a nesting deeper
//! than [`MAX_NESTING_DEPTH`], an escaped surrogate that is not a proper pair), and the parser then
//! takes its thorough path, which reports every problem. So it only has to be right about
//! what it accepts; the tests compare its trees with `jsonc-parser`'s.
//!
//! A hand-written pass rather than the crates alone: confirming strictness with serde_json
//! and then parsing with `jsonc-parser` reads every byte twice, which made parsing the larger
//! part of validating a policy.

use std::borrow::Cow;

use jsonc_parser::ast::{
    Array, BooleanLit, NullKeyword, NumberLit, Object, ObjectProp, ObjectPropName, StringLit, Value,
};
use jsonc_parser::common::Range;

use super::json_check::MAX_NESTING_DEPTH;

/// Objects with more keys than this take the thorough path (whose duplicate check hashes).
const MAX_LOOK_BACK_KEYS: usize = 32;

/// The tree of `text` when it is strict JSON nested at most [`MAX_NESTING_DEPTH`] deep, with
/// no key repeated in an object.
pub(crate) fn parse_strict(text: &str) -> Option<Value<'_>> {
    let mut parser = Parser { text, at: 0 };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    (parser.at == text.len()).then_some(value)
}

/// The offset of the first byte at or after `from` that ends a run of plain string
/// characters (a quote, a backslash or a control character), or `bytes.len()`.
///
/// Eight bytes at a time: the strings of a policy are mostly plain, and a byte loop made
/// string scanning the largest single cost of parsing.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether some byte of `word` is zero (exact for the "any" question).
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        let quote = has_zero(word ^ u64::from_ne_bytes([b'"'; 8]));
        let backslash = has_zero(word ^ u64::from_ne_bytes([b'\\'; 8]));
        // A byte below 0x20 has none of the bits 0xE0: test each byte's top three bits.
        let control = has_zero(word & u64::from_ne_bytes([0xE0; 8]));
        if quote || backslash || control {
            break;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .and_then(|rest| {
            rest.iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        })
        .map_or(bytes.len(), |i| at + i)
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next byte to read.
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The value at the current byte; `depth` arrays and objects enclose it.
    fn value(&mut self, depth: usize) -> Option<Value<'a>> {
        let start = self.at;
        match self.peek()? {
            b'{' => self.object(depth + 1).map(Value::Object),
            b'[' => self.array(depth + 1).map(Value::Array),
            b'"' => self.string().map(Value::StringLit),
            b't' => self
                .word("true")
                .map(|range| Value::BooleanLit(BooleanLit { range, value: true })),
            b'f' => self.word("false").map(|range| {
                Value::BooleanLit(BooleanLit {
                    range,
                    value: false,
                })
            }),
            b'n' => self
                .word("null")
                .map(|range| Value::NullKeyword(NullKeyword { range })),
            b'-' | b'0'..=b'9' => {
                self.number()?;
                let value = self.text.get(start..self.at)?;
                let range = Range {
                    start,
                    end: self.at,
                };
                Some(Value::NumberLit(NumberLit { range, value }))
            }
            _ => None,
        }
    }

    fn word(&mut self, word: &str) -> Option<Range> {
        let start = self.at;
        let end = start + word.len();
        (self.text.get(start..end)? == word).then_some(())?;
        self.at = end;
        // a word must end here, as in `true,` (not `trueish`)
        if self.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(Range { start, end })
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// Reads a number: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            (self.digits() > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            (self.digits() > 0).then_some(())?;
        }
        // a number must end here (not `01`, `1.2.3`, `1x`)
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.')
        {
            return None;
        }
        Some(())
    }

    fn string(&mut self) -> Option<StringLit<'a>> {
        let start = self.at;
        self.at += 1; // the opening quote
        let bytes = self.text.as_bytes();
        let content_start = self.at;
        // Plain characters up to the closing quote, the common case: the text is borrowed.
        self.at = plain_run_end(bytes, self.at);
        match *bytes.get(self.at)? {
            b'"' => {
                let value = Cow::Borrowed(self.text.get(content_start..self.at)?);
                self.at += 1;
                let range = Range {
                    start,
                    end: self.at,
                };
                return Some(StringLit { range, value });
            }
            b'\\' => {}
            _ => return None, // a control character
        }
        let mut decoded = String::from(self.text.get(content_start..self.at)?);
        loop {
            let run_start = self.at;
            self.at = plain_run_end(bytes, self.at);
            decoded.push_str(self.text.get(run_start..self.at)?);
            match *bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    let range = Range {
                        start,
                        end: self.at,
                    };
                    let value = Cow::Owned(decoded);
                    return Some(StringLit { range, value });
                }
                b'\\' => {
                    self.at += 1;
                    decoded.push(self.escape()?);
                }
                _ => return None, // a control character
            }
        }
    }

    /// Decodes the escape after a backslash.
    fn escape(&mut self) -> Option<char> {
        let byte = self.peek()?;
        self.at += 1;
        Some(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{08}',
            b'f' => '\u{0C}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        // a high surrogate must be followed by an escaped low one
                        let next = self.text.get(self.at..self.at + 2)?;
                        (next == "\\u").then_some(())?;
                        self.at += 2;
                        let low = self.hex4()?;
                        (0xDC00..=0xDFFF).contains(&low).then_some(())?;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => char::from_u32(unit)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn object(&mut self, depth: usize) -> Option<Object<'a>> {
        if depth > MAX_NESTING_DEPTH {
            return None;
        }
        let start = self.at;
        self.at += 1; // `{`
        let mut properties = Vec::new();
        self.skip_whitespace();
        if self.peek()? != b'}' {
            loop {
                self.skip_whitespace();
                if self.peek()? != b'"' {
                    return None;
                }
                let name = self.string()?;
                self.skip_whitespace();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                self.skip_whitespace();
                let value = self.value(depth)?;
                let range = Range {
                    start: name.range.start,
                    end: self.at,
                };
                // A repeated key goes the thorough way, which reports it; so does an object
                // too large for this look back to stay cheap.
                if properties.len() >= MAX_LOOK_BACK_KEYS
                    || properties.iter().any(|p: &ObjectProp<'_>| match &p.name {
                        ObjectPropName::String(earlier) => earlier.value == name.value,
                        ObjectPropName::Word(_) => true,
                    })
                {
                    return None;
                }
                properties.push(ObjectProp {
                    range,
                    name: ObjectPropName::String(name),
                    value,
                });
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1; // `}`
        let range = Range {
            start,
            end: self.at,
        };
        Some(Object { range, properties })
    }

    fn array(&mut self, depth: usize) -> Option<Array<'a>> {
        if depth > MAX_NESTING_DEPTH {
            return None;
        }
        let start = self.at;
        self.at += 1; // `[`
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.peek()? != b']' {
            loop {
                self.skip_whitespace();
                elements.push(self.value(depth)?);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1; // `]`
        let range = Range {
            start,
            end: self.at,
        };
        Some(Array { range, elements })
    }
}

#[cfg(test)]
mod tests {
    use jsonc_parser::{parse_to_ast, CollectOptions};
    use proptest::prelude::*;

    use super::*;
    use crate::policy::parse::strict_options;

    /// What the fast path needs: whenever this parser gives a tree, serde_json accepts the text
    /// as JSON and `jsonc-parser` in strict mode gives the same tree.
    fn assert_agrees(text: &str) {
        let Some(tree) = parse_strict(text) else {
            return;
        };
        assert!(
            serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
            "{text:?}"
        );
        let reference = parse_to_ast(text, &CollectOptions::default(), &strict_options());
        assert_eq!(
            reference.ok().and_then(|parsed| parsed.value).as_ref(),
            Some(&tree),
            "{text:?}"
        );
    }

    /// Whether both the validator and the strict reference parser accept the text.
    fn strict_json(text: &str) -> bool {
        serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
            && parse_to_ast(text, &CollectOptions::default(), &strict_options()).is_ok()
    }

    #[test]
    fn builds_the_reference_tree() {
        for text in [
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*"}]}"#,
            "{\n  \"a\" : [ 1, -0.5e+3, true, false, null, {}, [] ],\r\n\t\"b\": \"\\u00e9\\n\\\"\\/\"\n}",
            r#"{"a": "\ud83d\ude00", "b": "x\\y", "c": "\u0000"}"#,
            "[\"é\u{2028}\u{7f}\"]",
            "\"just a string\"",
            "  0  ",
        ] {
            assert!(parse_strict(text).is_some(), "{text:?}");
            assert_agrees(text);
        }
    }

    #[test]
    fn leaves_everything_else_to_the_thorough_path() {
        for text in [
            "{\"a\": 1,}",
            "[1 2]",
            "{a: 1}",
            "{'a': 1}",
            "// c\n{}",
            "\u{feff}{}",
            "{}\u{a0}",
            "[01]",
            "[1.]",
            "[.5]",
            "[+1]",
            "[-]",
            "[1e]",
            "[0x1F]",
            "[NaN]",
            "[truex]",
            "[\"\\x\"]",
            "[\"\\ud800\"]",
            "[\"\\udc00\"]",
            "[\"\\ud800\\u0041\"]",
            "[\"a\u{1}\"]",
            "[\"unterminated]",
            "{\"a\" 1}",
            "{\"a\": }",
            "[1] [2]",
            "",
        ] {
            assert!(parse_strict(text).is_none(), "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(33), "]".repeat(33));
        assert!(parse_strict(&deep).is_none());
        let deep_enough = format!("{}{}", "[".repeat(32), "]".repeat(32));
        assert!(parse_strict(&deep_enough).is_some());
    }

    #[test]
    fn repeated_keys_and_large_objects_take_the_thorough_path() {
        assert!(parse_strict(r#"{"a": 1, "b": {"a": 2}}"#).is_some());
        assert!(parse_strict(r#"{"a": 1, "b": 2, "a": 3}"#).is_none());
        assert!(parse_strict(r#"[{"x": {"k": 1, "k": 1}}]"#).is_none());
        let object = |keys: usize| {
            let props: Vec<String> = (0..keys).map(|k| format!("\"k{k}\": {k}")).collect();
            format!("{{{}}}", props.join(", "))
        };
        assert!(parse_strict(&object(MAX_LOOK_BACK_KEYS)).is_some());
        assert!(parse_strict(&object(MAX_LOOK_BACK_KEYS + 1)).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn agrees_with_the_reference_on_any_text(text in any::<String>()) {
            assert_agrees(&text);
        }

        #[test]
        fn agrees_on_json_like_text(
            text in "[\\[\\]{}\",: 0-9a-z\\\\.eE+\\-\u{e9}\u{1}\n\t]{0,40}",
        ) {
            assert_agrees(&text);
        }

        #[test]
        fn plain_run_end_finds_the_first_special_byte(
            // Mostly plain bytes, so that the eight-byte steps are taken too.
            bytes in proptest::collection::vec(prop_oneof![20 => Just(b'a'), 1 => any::<u8>()], 0..64),
            from in 0usize..64,
        ) {
            let from = from.min(bytes.len());
            let expected = bytes
                .iter()
                .skip(from)
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map_or(bytes.len(), |i| from + i);
            prop_assert_eq!(plain_run_end(&bytes, from), expected);
        }

        #[test]
        fn accepts_what_serde_json_writes(value in json_value()) {
            for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap_or_default()] {
                prop_assert_eq!(parse_strict(&text).is_some(), strict_json(&text), "{:?}", text);
                assert_agrees(&text);
            }
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::vec((any::<String>(), inner), 0..4)
                    .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
            ]
        })
    }
}
