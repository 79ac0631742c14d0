//! Byte offsets to 1-based line and character column.

use super::model::Span;

/// Line starts of one source text, for turning byte ranges into [`Span`]s.
pub(crate) struct SourceMap<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text`. `\n`, `\r\n` and a lone `\r` each end a line.
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        SourceMap { text, line_starts }
    }

    /// The span of bytes `start..end` (clamped to the text).
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let end = end.clamp(start, self.text.len());
        let line_index = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = match self.text.get(line_start..start) {
            Some(prefix) => prefix.chars().count(),
            // not on a char boundary: count bytes rather than fail
            None => start - line_start,
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
    fn span_lengths_are_clamped() {
        let map = SourceMap::new("abc");
        let s = map.span(1, 10);
        assert_eq!((s.offset, s.len), (1, 2));
        assert_eq!(s.end(), 3);
    }
}
