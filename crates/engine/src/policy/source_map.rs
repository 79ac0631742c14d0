//! Byte offsets to 1-based line and character column.

use super::model::Span;

/// Line starts of one source text, for turning byte ranges into [`Span`]s.
pub(crate) struct SourceMap<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Offsets of the UTF-8 continuation bytes (empty for ASCII text), so that a column in
    /// characters costs two binary searches rather than a walk from the start of the line: a
    /// minified policy is one long line.
    continuations: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text`. `\n`, `\r\n` and a lone `\r` each end a line.
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        // Blocks without a line break (all of a minified policy) are passed over whole: the
        // test of a fixed-size block compiles to a few vector instructions.
        const BLOCK: usize = 32;
        let breaks = |block: &[u8; BLOCK]| {
            let found = block.iter().fold(0u8, |any, &b| {
                any | u8::from(b == b'\n') | u8::from(b == b'\r')
            });
            found != 0
        };
        let whole = bytes.chunks_exact(BLOCK);
        let rest_start = bytes.len() - whole.remainder().len();
        let blocks = whole
            .enumerate()
            .filter(|(_, block)| <&[u8; BLOCK]>::try_from(*block).map_or(true, breaks))
            .map(|(index, block)| (index * BLOCK, block));
        let rest = bytes.get(rest_start..).unwrap_or(&[]);
        for (start, block) in blocks.chain(std::iter::once((rest_start, rest))) {
            for (offset, &b) in block.iter().enumerate() {
                let i = start + offset;
                let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                if ends_line {
                    line_starts.push(i + 1);
                }
            }
        }
        let continuations = if text.is_ascii() {
            Vec::new()
        } else {
            (0..bytes.len())
                .filter(|&i| bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80))
                .collect()
        };
        SourceMap {
            text,
            line_starts,
            continuations,
        }
    }

    /// The span of bytes `start..end` (clamped to the text).
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let end = end.clamp(start, self.text.len());
        let line_index = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let bytes = start - line_start;
        // not on a char boundary: count bytes rather than fail
        let column = if self.text.is_char_boundary(start) {
            let before = |offset: usize| self.continuations.partition_point(|&c| c < offset);
            bytes - (before(start) - before(line_start))
        } else {
            bytes
        };
        Span {
            offset: start,
            len: end - start,
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// A zero-length span at `offset`.
    pub(crate) fn point(&self, offset: usize) -> Span {
        self.span(offset, offset)
    }

    /// The source text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let map = SourceMap::new("ab\n\u{e9}x\r\ny\rz");
        let at = |offset| {
            let s = map.point(offset);
            (s.line, s.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (2, 1));
        // é is two bytes but one column
        assert_eq!(at(5), (2, 2));
        assert_eq!(at(8), (3, 1));
        assert_eq!(at(10), (4, 1));
        assert_eq!(at(99), (4, 2));
    }

    #[test]
    fn columns_count_characters_at_every_offset() {
        let text = "{\"a\u{e9}\": \"\u{1F600}x\u{e9}\"}\n\u{e9}\u{e9}\r\n\u{2028}z";
        let map = SourceMap::new(text);
        for offset in 0..=text.len() {
            let span = map.point(offset);
            let line_start = map.line_starts[span.line - 1];
            let expected = match text.get(line_start..offset) {
                Some(prefix) => prefix.chars().count(),
                None => offset - line_start,
            };
            assert_eq!(span.column, expected + 1, "offset {offset}");
        }
    }

    #[test]
    fn line_breaks_are_found_across_block_boundaries() {
        let naive = |text: &str| {
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            starts
        };
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 100] {
            for at in 0..len {
                for brk in ["\n", "\r", "\r\n", "\n\r"] {
                    let mut text = "x".repeat(len);
                    text.insert_str(at, brk);
                    assert_eq!(SourceMap::new(&text).line_starts, naive(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn span_lengths_are_clamped() {
        let map = SourceMap::new("abc");
        let s = map.span(1, 10);
        assert_eq!((s.offset, s.len), (1, 2));
        assert_eq!(s.end(), 3);
    }
}
