//! A `name` argument that picks one entry of a fixed, built-in list (a managed policy, a
//! template): one reading and one set of diagnostics for all of them.

use engine::suggest;
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::value::Value;

/// How the diagnostics of one such argument speak of its entries.
pub struct NamedList<'a> {
    /// Summary when the name is missing, e.g. `Missing template name`.
    pub missing: &'a str,
    /// Summary when no entry has the name, e.g. `Unknown policy template`.
    pub unknown: &'a str,
    /// What every entry is, after "is not", e.g. `a template of this provider`.
    pub entries_are: &'a str,
    /// The label of the list of valid names, e.g. `Templates`.
    pub list_label: &'a str,
    /// Every valid name, in documentation order.
    pub names: &'a [&'a str],
}

/// The outcome of reading the `name` argument.
pub enum Named<T> {
    /// The entry the name picks.
    Found(T),
    /// The name is known only after apply.
    NotYetKnown,
    /// The name is missing or picks nothing: the diagnostic says which names there are.
    Invalid(Diagnostics),
}

impl NamedList<'_> {
    /// Reads `config.name` and looks it up with `find`.
    pub fn resolve<T>(&self, config: &Value, find: impl Fn(&str) -> Option<T>) -> Named<T> {
        let path = AttributePath::root("name");
        let name = match config.get("name") {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Unknown) => return Named::NotYetKnown,
            _ => {
                return Named::Invalid(vec![Diagnostic::error(
                    self.missing,
                    format!("Set name to one of {}.", suggest::one_of(self.names)),
                )
                .at(path)])
            }
        };
        match find(name) {
            Some(found) => Named::Found(found),
            None => Named::Invalid(vec![Diagnostic::error(
                self.unknown,
                format!(
                    "\"{name}\" is not {}. {}{}: {}.",
                    self.entries_are,
                    suggest::did_you_mean(name, self.names.iter().copied()),
                    self.list_label,
                    suggest::one_of(self.names)
                ),
            )
            .at(path)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: NamedList<'static> = NamedList {
        missing: "Missing colour name",
        unknown: "Unknown colour",
        entries_are: "a colour we know",
        list_label: "Colours",
        names: &["red", "green"],
    };

    fn find(name: &str) -> Option<usize> {
        LIST.names.iter().position(|n| *n == name)
    }

    #[test]
    fn found_unknown_missing_and_typo() {
        let config = |v: Value| Value::object([("name", v)]);
        assert!(matches!(
            LIST.resolve(&config(Value::from("green")), find),
            Named::Found(1)
        ));
        assert!(matches!(
            LIST.resolve(&config(Value::Unknown), find),
            Named::NotYetKnown
        ));
        let Named::Invalid(missing) = LIST.resolve(&config(Value::Null), find) else {
            panic!("missing name accepted");
        };
        assert_eq!(missing[0].summary, "Missing colour name");
        let Named::Invalid(typo) = LIST.resolve(&config(Value::from("gren")), find) else {
            panic!("typo accepted");
        };
        assert_eq!(typo[0].summary, "Unknown colour");
        assert!(
            typo[0]
                .detail
                .starts_with("\"gren\" is not a colour we know. "),
            "{}",
            typo[0].detail
        );
        assert!(typo[0].detail.contains("green"), "{}", typo[0].detail);
    }
}
