//! Policy variables (`${aws:username}`): only in Resource, NotResource and condition values,
//! only with Version 2012-10-17, well formed (closed, named, no spaces, quoted default) and
//! naming a key IAM knows.

use super::codes::{
    VARIABLE_EMPTY, VARIABLE_MISSING_BRACE, VARIABLE_MISSING_QUOTE, VARIABLE_NOT_ALLOWED,
    VARIABLE_REQUIRES_VERSION, VARIABLE_SPACE, VARIABLE_UNKNOWN,
};
use super::{keys, quoted, Collector, Ctx};
use crate::policy::{Field, Location, Text};

/// The `${…}` parts of a string: `Some(body)` for each closed one, then `None` for an
/// unclosed one (which ends the scan).
pub(super) fn occurrences(text: &str) -> impl Iterator<Item = Option<&str>> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let start = current.find("${")?;
        let after = current.get(start + 2..).unwrap_or("");
        match after.find('}') {
            Some(end) => {
                rest = after.get(end + 1..);
                Some(after.get(..end))
            }
            None => {
                rest = None;
                Some(None)
            }
        }
    })
}

/// Whether the string contains a policy variable.
pub(super) fn has_variable(text: &str) -> bool {
    // most text has no `$` at all, which a byte search (vectorised) rules out at once
    let bytes = text.as_bytes();
    bytes.contains(&b'$') && bytes.windows(2).any(|pair| pair == b"${")
}

/// For elements where IAM takes `${…}` literally (Action, NotAction, Principal): reports a
/// variable and returns whether there was one.
pub(super) fn reject(
    ctx: &Ctx<'_>,
    field: Field,
    element: usize,
    text: &Text,
    out: &mut Collector,
) -> bool {
    if !has_variable(text.as_str()) {
        return false;
    }
    out.add(
        &VARIABLE_NOT_ALLOWED,
        ctx.at_item(field, element, text),
        format!("Policy variable in {field} {}", quoted(text.as_str())),
        format!(
            "IAM substitutes policy variables only in Resource, NotResource and condition \
             values; in {field} the text is taken literally. Write the value out."
        ),
    );
    true
}

/// Checks the variables of a Resource/NotResource entry or a condition value.
pub(super) fn check(ctx: &Ctx<'_>, location: &Location, value: &str, out: &mut Collector) {
    if !has_variable(value) {
        return;
    }
    let shown = quoted(value);
    for occurrence in occurrences(value) {
        let Some(body) = occurrence else {
            out.add(
                &VARIABLE_MISSING_BRACE,
                location.clone(),
                format!("Policy variable not closed in {shown}"),
                "Add } after the variable name, e.g. ${aws:username}.".to_string(),
            );
            break;
        };
        check_body(body, location, &shown, out);
    }
    if !ctx.variables_ok && !out.variables_need_version {
        out.variables_need_version = true;
        out.add(
            &VARIABLE_REQUIRES_VERSION,
            location.clone(),
            format!("Policy variable in {shown} needs Version 2012-10-17"),
            "Without \"Version\": \"2012-10-17\" IAM takes ${...} literally, so no element with \
             a policy variable matches. Add \"Version\": \"2012-10-17\" at the top of the \
             document."
                .to_string(),
        );
    }
}

fn check_body(body: &str, location: &Location, shown: &str, out: &mut Collector) {
    if matches!(body, "*" | "?" | "$") {
        return;
    }
    if body.trim().is_empty() {
        out.add(
            &VARIABLE_EMPTY,
            location.clone(),
            format!("Empty policy variable in {shown}"),
            "Name a variable inside ${}, e.g. ${aws:username}, or remove the braces.".to_string(),
        );
        return;
    }
    let (name, default) = match body.split_once(',') {
        Some((name, default)) => (name, Some(default)),
        None => (body, None),
    };
    if name.contains(char::is_whitespace) {
        out.add(
            &VARIABLE_SPACE,
            location.clone(),
            format!("Space in policy variable ${{{body}}}"),
            format!(
                "Write the variable name without spaces: ${{{}}}.",
                name.split_whitespace().collect::<String>()
            ),
        );
        return;
    }
    if let Some(default) = default {
        let default = default.trim();
        if default.len() < 2 || !default.starts_with('\'') || !default.ends_with('\'') {
            out.add(
                &VARIABLE_MISSING_QUOTE,
                location.clone(),
                format!("Default value of ${{{body}}} is not quoted"),
                format!(
                    "Write the default value in single quotes: ${{{name}, '{}'}}.",
                    default.trim_matches('\'')
                ),
            );
        }
    }
    if !keys::is_known(name) {
        out.add(
            &VARIABLE_UNKNOWN,
            location.clone(),
            format!("Unknown policy variable ${{{name}}}"),
            format!(
                "{} is no condition key IAM knows, so it is never substituted and the value \
                 never matches. Use a key such as aws:username, aws:PrincipalTag/<tag> or \
                 aws:PrincipalAccount.",
                quoted(name)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variables() {
        let found: Vec<_> = occurrences("a/${aws:username}/${x, 'd'}/${open").collect();
        assert_eq!(found, [Some("aws:username"), Some("x, 'd'"), None]);
        assert_eq!(occurrences("no vars").count(), 0);
        assert!(has_variable("x${y}"));
    }
}
