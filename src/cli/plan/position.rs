//! Positions in the plan file: where a policy's JSON string is, and where a place inside the
//! policy (a byte offset into the decoded string) is in the file, through the string's escapes.
//! Everything here is one pass over the text, whatever the number of policies and findings.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

use super::Seg;

/// A JSON string literal in the plan: its byte range, quotes included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Literal {
    /// Byte offset of the opening quote.
    pub start: usize,
    /// Byte offset just past the closing quote.
    pub end: usize,
}

/// The string literal at each of `paths` in `text` (JSON already known to be valid), found in
/// one pass over the text that builds no tree: the paths make a trie, members and elements on
/// no path are skipped by scanning. An object with tens of thousands of keys costs one hash
/// look-up per key, not a search of the object per path.
pub fn find_literals(text: &str, paths: &[&[Seg]]) -> Vec<Option<Literal>> {
    let mut trie = vec![Node::default()];
    for (target, path) in paths.iter().enumerate() {
        let mut node = 0;
        for seg in *path {
            let next = trie.len();
            let Some(current) = trie.get_mut(node) else {
                break;
            };
            let child = match seg {
                Seg::Key(key) => current.keys.child(key.as_str(), next),
                Seg::Index(index) => current.indexes.child(*index, next),
            };
            if child == next {
                trie.push(Node::default());
            }
            node = child;
        }
        if let Some(end) = trie.get_mut(node) {
            end.targets.push(target);
        }
    }
    let mut out = vec![None; paths.len()];
    let mut scan = Scan { text, at: 0 };
    scan.visit(&trie, 0, &mut out);
    out
}

/// One step of the trie of paths: the members and elements on some path, and the paths that
/// end here. The keys are borrowed from the paths.
#[derive(Default)]
struct Node<'p> {
    keys: Edges<&'p str>,
    indexes: Edges<usize>,
    targets: Vec<usize>,
}

/// The children of a trie node. Most nodes of a plan's paths have one child (a resource's
/// `values`, then its attribute), which needs no table: a node then costs a few words, so the
/// trie of twenty thousand policies stays small.
#[derive(Default)]
enum Edges<K> {
    #[default]
    None,
    One(K, usize),
    // boxed so that the common cases (no child, one child) stay three words, not seven
    #[allow(clippy::box_collection)]
    Many(Box<HashMap<K, usize>>),
}

impl<K: Eq + Hash + Copy> Edges<K> {
    /// The child at `key`, added as `next` when there is none.
    fn child(&mut self, key: K, next: usize) -> usize {
        match self {
            Edges::None => {
                *self = Edges::One(key, next);
                next
            }
            Edges::One(only, child) if *only == key => *child,
            Edges::One(only, child) => {
                let map = HashMap::from([(*only, *child), (key, next)]);
                *self = Edges::Many(Box::new(map));
                next
            }
            Edges::Many(map) => *map.entry(key).or_insert(next),
        }
    }

    /// The child at `key`.
    fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        match self {
            Edges::None => None,
            Edges::One(only, child) => (<K as Borrow<Q>>::borrow(only) == key).then_some(*child),
            Edges::Many(map) => map.get(key).copied(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Edges::None)
    }
}

/// A cursor over JSON text.
struct Scan<'t> {
    text: &'t str,
    at: usize,
}

impl Scan<'_> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.byte(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// The string literal at the cursor (on its opening quote), and moves past it.
    fn string(&mut self) -> Literal {
        let bytes = self.text.as_bytes();
        let start = self.at;
        self.at += 1;
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Literal {
                        start,
                        end: self.at,
                    };
                }
                _ => self.at += 1,
            }
        }
        Literal {
            start,
            end: bytes.len(),
        }
    }

    /// Moves past the value at the cursor, without looking inside.
    fn skip(&mut self) {
        self.space();
        match self.byte() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(byte) = self.byte() {
                    match byte {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(
                    self.byte(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.at += 1;
                }
            }
        }
    }

    /// Reads the value at the cursor, which is at trie node `node`.
    fn visit(&mut self, trie: &[Node<'_>], node: usize, out: &mut [Option<Literal>]) {
        self.space();
        match self.byte() {
            Some(b'"') => {
                let literal = self.string();
                let targets = trie.get(node).map_or(&[][..], |n| &n.targets);
                for &target in targets {
                    if let Some(slot) = out.get_mut(target) {
                        *slot = Some(literal);
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                loop {
                    self.space();
                    match self.byte() {
                        None => return,
                        Some(b'}') => {
                            self.at += 1;
                            return;
                        }
                        Some(b',') => {
                            self.at += 1;
                            continue;
                        }
                        Some(_) => {}
                    }
                    let key = self.string();
                    self.space();
                    if self.byte() == Some(b':') {
                        self.at += 1;
                    }
                    match trie.get(node).and_then(|n| self.child_key(n, key)) {
                        Some(child) => self.visit(trie, child, out),
                        None => self.skip(),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut index = 0usize;
                loop {
                    self.space();
                    match self.byte() {
                        None => return,
                        Some(b']') => {
                            self.at += 1;
                            return;
                        }
                        Some(b',') => {
                            self.at += 1;
                            continue;
                        }
                        Some(_) => {}
                    }
                    match trie.get(node).and_then(|n| n.indexes.get(&index)) {
                        Some(child) => self.visit(trie, child, out),
                        None => self.skip(),
                    }
                    index += 1;
                }
            }
            _ => self.skip(),
        }
    }

    /// The trie child for an object key (decoded when it has escapes).
    fn child_key(&self, node: &Node<'_>, key: Literal) -> Option<usize> {
        if node.keys.is_empty() {
            return None;
        }
        let raw = self.text.get(key.start + 1..key.end.saturating_sub(1))?;
        if raw.contains('\\') {
            let decoded: String = serde_json::from_str(self.text.get(key.start..key.end)?).ok()?;
            node.keys.get(decoded.as_str())
        } else {
            node.keys.get(raw)
        }
    }
}

/// A policy's string literal copied out of the plan, with the line and column of its opening
/// quote: positions inside it can still be found once the plan's text is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedLiteral {
    /// What is between the quotes, escapes as written.
    inner: String,
    /// 1-based line and column (in characters) of the opening quote.
    start: (usize, usize),
}

impl PlacedLiteral {
    /// Line and column of the opening quote.
    pub fn start(&self) -> (usize, usize) {
        self.start
    }

    /// Line and column of each place: byte `decoded` of the decoded string (the start of the
    /// character it falls in), or the opening quote for `None`. One pass over the literal.
    pub fn positions(&self, decoded: &[Option<usize>]) -> Vec<(usize, usize)> {
        let wanted: Vec<usize> = decoded.iter().flatten().copied().collect();
        let raw = raw_offsets(&self.inner, &wanted);
        let mut inside = line_columns(&self.inner, &raw).into_iter();
        let (line, column) = self.start;
        decoded
            .iter()
            .map(|d| match d.and_then(|_| inside.next()) {
                // a JSON string holds no line break: the line is the quote's
                Some((1, c)) => (line, column + c),
                Some((l, c)) => (line + l - 1, c),
                None => self.start,
            })
            .collect()
    }
}

/// The literal at each of `paths` in `text` with its line and column ([`find_literals`], then
/// one pass over the text for the lines).
pub fn place_literals(text: &str, paths: &[&[Seg]]) -> Vec<Option<PlacedLiteral>> {
    let literals = find_literals(text, paths);
    let starts: Vec<usize> = literals.iter().flatten().map(|l| l.start).collect();
    let mut at = line_columns(text, &starts).into_iter();
    literals
        .into_iter()
        .map(|literal| {
            let literal = literal?;
            let start = at.next()?;
            let inner = text
                .get(literal.start + 1..literal.end.saturating_sub(1))
                .unwrap_or("")
                .to_string();
            Some(PlacedLiteral { inner, start })
        })
        .collect()
}

/// The byte offset in `raw` (the inside of a JSON string literal) where the character holding
/// byte `decoded` of the decoded string starts.
pub fn raw_offset(raw: &str, decoded: usize) -> usize {
    raw_offsets(raw, &[decoded])
        .first()
        .copied()
        .unwrap_or(raw.len())
}

/// [`raw_offset`] of each of `decoded`, in one pass over `raw`.
pub fn raw_offsets(raw: &str, decoded: &[usize]) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = decoded.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut out = vec![raw.len(); decoded.len()];
    let mut order = order.into_iter().peekable();
    let bytes = raw.as_bytes();
    let (mut raw_at, mut decoded_at) = (0usize, 0usize);
    while let Some(&byte) = bytes.get(raw_at) {
        let Some(&(wanted, next)) = order.peek() else {
            break;
        };
        let (raw_len, decoded_len) = match byte {
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
        if wanted < decoded_at + decoded_len {
            if let Some(slot) = out.get_mut(next) {
                *slot = raw_at;
            }
            order.next();
            continue;
        }
        raw_at += raw_len;
        decoded_at += decoded_len;
    }
    out
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
    let mut order: Vec<(usize, usize)> = offsets.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut out = vec![(1, 1); offsets.len()];
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    for (target, i) in order {
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
        if let Some(slot) = out.get_mut(i) {
            *slot = (line, column);
        }
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
        let key = |k: &str| Seg::Key(k.into());
        let path = [key("a"), Seg::Index(1), key("p")];
        let found = find_literals(
            text,
            &[&path, &[key("a"), Seg::Index(0)], &[key("missing")], &path],
        );
        let literal = found[0].unwrap();
        assert_eq!(&text[literal.start..literal.start + 1], "\"");
        assert_eq!(found[3], found[0]);
        assert_eq!(found[1..3], [None, None]);
        let placed = place_literals(text, &[&path, &[key("missing")]]);
        let placed_literal = placed[0].as_ref().unwrap();
        assert_eq!(placed_literal.start(), (2, 18));
        assert_eq!(
            placed_literal.positions(&[Some(2), None]),
            [(2, 22), (2, 18)],
            "byte 2 of the decoded string is the V after the escaped quote"
        );
        assert_eq!(placed[1], None);
    }

    /// Positions found from the copied literal are the positions in the text, through every
    /// kind of escape and multi-byte character, on a line that is not the first.
    #[test]
    fn placed_literals_agree_with_the_text() {
        let inner = r#"{\"A\":\"\u00e9\ud83d\ude00x\\\/\"}é😀\n\t"#;
        let text = format!("{{\n \"pad\": \"ü\",\n  \"p\": \"{inner}\"}}");
        let placed = place_literals(&text, &[&[Seg::Key("p".into())]]);
        let literal = placed[0].as_ref().unwrap();
        let decoded: String = serde_json::from_str(&format!("\"{inner}\"")).unwrap();
        let quote = text.find(&format!("\"{inner}")).unwrap();
        assert_eq!(literal.start(), line_columns(&text, &[quote])[0]);
        for (at, _) in decoded.char_indices() {
            let in_text = quote + 1 + raw_offset(inner, at);
            assert_eq!(
                literal.positions(&[Some(at)]),
                line_columns(&text, &[in_text]),
                "decoded byte {at}"
            );
        }
    }

    #[test]
    fn literals_under_escaped_keys_and_past_skipped_values() {
        let text = r#"{"skip": {"x": ["]", "}", "\\\"", {"y": [1, 2.5e3, true, null]}]},
            "k\u00e9y": {"a\"b": [ "s0" , "s1" ]}, "last": "z"}"#;
        let key = |k: &str| Seg::Key(k.into());
        let found = find_literals(
            text,
            &[
                &[key("kéy"), key("a\"b"), Seg::Index(1)],
                &[key("last")],
                &[
                    key("skip"),
                    key("x"),
                    Seg::Index(3),
                    key("y"),
                    Seg::Index(0),
                ],
            ],
        );
        let slice = |l: Option<Literal>| l.map(|l| &text[l.start..l.end]);
        assert_eq!(slice(found[0]), Some("\"s1\""));
        assert_eq!(slice(found[1]), Some("\"z\""));
        assert_eq!(found[2], None, "a number is no string literal");
    }

    /// The shape that made position look-ups quadratic: one object with many keys, each a path.
    #[test]
    fn many_keys_of_one_object() {
        let n = 50_000;
        let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\": \"v{i}\"")).collect();
        let text = format!("{{\"m\": {{{}}}}}", members.join(", "));
        let paths: Vec<Vec<Seg>> = (0..n)
            .rev()
            .map(|i| vec![Seg::Key("m".into()), Seg::Key(format!("k{i}"))])
            .collect();
        let refs: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let found = find_literals(&text, &refs);
        for (j, literal) in found.iter().enumerate() {
            let literal = literal.unwrap();
            assert_eq!(
                &text[literal.start..literal.end],
                format!("\"v{}\"", n - 1 - j)
            );
        }
    }

    #[test]
    fn many_offsets_in_one_literal_in_one_pass() {
        let raw = "\\u00e9x".repeat(10_000);
        let decoded: Vec<usize> = (0..10_000).rev().map(|i| i * 3 + 2).collect();
        let at = raw_offsets(&raw, &decoded);
        for (k, i) in (0..10_000).rev().enumerate() {
            assert_eq!(at[k], i * 7 + 6);
        }
    }
}
