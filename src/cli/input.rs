//! Reading the inputs of `check`: files and standard input, with a size limit enforced while
//! reading, so an endless or oversized input (`check /dev/zero`, a pipe that never ends) is
//! refused before memory grows instead of being read to the end.

use std::io::Read;
use std::path::Path;

use super::check::Input;

/// The default `--max-input-size`: 256 MiB, ten times a 20,000-policy monorepo plan.
pub const DEFAULT_MAX_INPUT: u64 = 256 * 1024 * 1024;

/// Bytes read at a time: a refusal (a NUL byte, the limit) comes within one chunk of the cause.
const CHUNK: usize = 64 * 1024;

/// Reads every input; `-` is standard input (once). Each input may have at most `limit` bytes.
pub fn read_inputs(paths: &[std::path::PathBuf], limit: u64) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::with_capacity(paths.len());
    let mut stdin_read = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_read {
                return Err("`-` (standard input) can be given only once".to_string());
            }
            stdin_read = true;
            let text = read_limited(std::io::stdin().lock(), "standard input", 0, limit)?;
            inputs.push(Input {
                name: "<stdin>".to_string(),
                uri: "stdin".to_string(),
                text,
            });
            continue;
        }
        inputs.push(Input {
            name: path.display().to_string(),
            uri: super::artifact_uri(path),
            text: read_file(path, limit)?,
        });
    }
    Ok(inputs)
}

/// Reads a file; a regular file over the limit is refused from its size, before any read.
fn read_file(path: &Path, limit: u64) -> Result<String, String> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map_or(0, |m| m.len());
    if size > limit {
        return Err(too_large(&name, limit));
    }
    read_limited(file, &name, size, limit)
}

/// Reads `reader` to its end as UTF-8 text of at most `limit` bytes. `expected` (the file's
/// size, 0 when unknown) sizes the buffer once. Stops at the first chunk past the limit and at
/// the first NUL byte: JSON text never holds one, and `/dev/zero` is nothing but.
pub fn read_limited(
    mut reader: impl Read,
    name: &str,
    expected: u64,
    limit: u64,
) -> Result<String, String> {
    let capacity = usize::try_from(expected.min(limit)).unwrap_or(0);
    let mut bytes: Vec<u8> = Vec::with_capacity(capacity);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {name}: {e}")),
        };
        let Some(part) = chunk.get(..read) else {
            return Err(format!(
                "cannot read {name}: the reader reported more bytes than it was given"
            ));
        };
        if let Some(at) = part.iter().position(|&b| b == 0) {
            return Err(format!(
                "{name}: a NUL byte at byte {}: binary data, not JSON text; expected \
                 `terraform show -json` output or an IAM policy",
                bytes.len() + at
            ));
        }
        if (bytes.len() + read) as u64 > limit {
            return Err(too_large(name, limit));
        }
        bytes.extend_from_slice(part);
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (an invalid byte at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn too_large(name: &str, limit: u64) -> String {
    format!(
        "{name} is larger than the input size limit of {}; `terraform show -json` output of \
         a very large configuration may need more: raise the limit with --max-input-size \
         (e.g. --max-input-size 1G)",
        size_phrase(limit)
    )
}

/// `256 MiB`, `1 GiB`, `1000 bytes`.
pub fn size_phrase(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Parses `--max-input-size`: a number of bytes, or with a binary unit `K`, `M`, `G` (`KiB`,
/// `MiB`, `GiB` and `KB`... are the same), e.g. `512M`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "{text:?} is not a size; write e.g. 512M, 1G or 1048576"
            ))
        }
    };
    let value: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size; write e.g. 512M, 1G or 1048576"))?;
    match value.checked_mul(1 << shift) {
        Some(0) | None => Err(format!(
            "{text:?}: the size must be above 0 and below 16 EiB"
        )),
        Some(bytes) => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("64 kb"), Ok(64 << 10));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999G").is_err());
        assert_eq!(size_phrase(DEFAULT_MAX_INPUT), "256 MiB");
        assert_eq!(size_phrase(1000), "1000 bytes");
    }

    /// A reader that never ends: every read fills the buffer.
    struct Endless(u8);

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(self.0);
            Ok(buf.len())
        }
    }

    #[test]
    fn endless_input_stops_at_the_limit() {
        let error = read_limited(Endless(b' '), "standard input", 0, 1 << 20).unwrap_err();
        assert!(
            error.starts_with("standard input is larger than the input size limit of 1 MiB"),
            "{error}"
        );
        assert!(error.contains("--max-input-size"), "{error}");
    }

    #[test]
    fn nul_bytes_stop_the_read_at_once() {
        let error = read_limited(Endless(0), "/dev/zero", 0, u64::MAX).unwrap_err();
        assert!(
            error.starts_with("/dev/zero: a NUL byte at byte 0: binary data"),
            "{error}"
        );
        let error = read_limited(&b"{\"a\": \0}"[..], "x.json", 0, 100).unwrap_err();
        assert!(error.contains("at byte 6"), "{error}");
    }

    #[test]
    fn text_up_to_the_limit_is_read_whole() {
        let text = "x".repeat(CHUNK * 2 + 5);
        let read = read_limited(text.as_bytes(), "t", 0, text.len() as u64).unwrap();
        assert_eq!(read, text);
        assert!(read_limited(text.as_bytes(), "t", 0, text.len() as u64 - 1).is_err());
        let error = read_limited(&[0xff, b'a'][..], "t", 0, 10).unwrap_err();
        assert!(error.contains("not UTF-8 text"), "{error}");
    }
}
