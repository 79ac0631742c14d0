//! Reports of an [`Outcome`]: text for people, JSON, and SARIF for code-scanning tools.

pub mod json;
pub mod sarif;
pub mod text;

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write;
use std::io::Write as _;

use serde::{Serialize, Serializer};

use engine::analysis::Severity;

use super::check::{Checked, Located, Outcome};

/// Where a finding is inside its policy, for people: the element path with the statement's
/// Sid, e.g. `Statement[0].Action[1] (Sid "Detect")`.
pub fn element_path(checked: &Checked, located: &Located) -> String {
    let location = &located.finding.location;
    match checked.sid(location.statement) {
        Some(sid) if !sid.is_empty() => format!("{location} (Sid \"{sid}\")"),
        _ => location.to_string(),
    }
}

/// `line:column` inside the policy, when known.
pub fn policy_position(located: &Located) -> Option<(usize, usize)> {
    located.finding.span().map(|s| (s.line, s.column))
}

/// The counts of [`Outcome::counts`] as `1 error, 2 warnings`, leaving out zeros.
pub fn counts_phrase(outcome: &Outcome) -> String {
    let counts = outcome.counts();
    let parts: Vec<String> = Severity::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(severity, n)| plural(n, &severity.as_str().replace('_', " ")))
        .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

/// `text` with every control character made visible, for the text report and messages on
/// standard error: line breaks as `\n`, `\r`, tabs as `\t`, any other control character
/// (ESC, DEL, C1 controls) and the Unicode line, paragraph and bidirectional-override marks as
/// `\u{1b}`. A string from a plan (an address, a Sid, an action) or a file name then never
/// starts a line of its own, so it cannot forge a CI workflow command such as
/// `::error file=x::` or drive the terminal.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A JSON array whose elements are made one at a time while it is serialised, so a report
/// with a hundred thousand findings never holds them all as JSON values.
pub struct Lazy<I>(RefCell<Option<I>>);

impl<I> Lazy<I> {
    /// The array of what `items` yields.
    pub fn new(items: I) -> Self {
        Lazy(RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Lazy<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serialised once: a second time writes an empty array
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

/// Writes `report` as pretty-printed JSON with a final newline.
pub fn write_pretty(out: impl std::io::Write, report: &impl Serialize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `1 policy`, `2 policies`, `3 errors`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// What a report writer writes, as a string (writing to memory cannot fail, and the writers
/// write UTF-8).
fn in_memory(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "policy"), "1 policy");
        assert_eq!(plural(2, "policy"), "2 policies");
        assert_eq!(plural(0, "security warning"), "0 security warnings");
    }

    #[test]
    fn control_characters_become_visible() {
        assert!(matches!(visible("plain é 😀"), Cow::Borrowed(_)));
        assert_eq!(
            visible("Sid\n::error file=x::forged"),
            "Sid\\n::error file=x::forged"
        );
        assert_eq!(visible("a\x1b[31mred\x1b[0m"), "a\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(
            visible("\r\t\x7f\u{85}\u{2028}\u{202e}"),
            "\\r\\t\\u{7f}\\u{85}\\u{2028}\\u{202e}"
        );
        for c in (0u32..0x110000).filter_map(char::from_u32) {
            let shown = visible(&c.to_string()).into_owned();
            assert!(!shown.chars().any(needs_escape), "{c:?}");
        }
    }
}
