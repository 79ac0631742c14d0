//! Provider-defined functions: `provider::rekognitioniam::<name>(...)`.
//!
//! Every function is pure and offline. Parameters neither allow null nor unknown values, so
//! Terraform evaluates a call as soon as its arguments are known and reports a null argument
//! itself; the checks below are a second line for other callers.

mod actions;
mod arns;
mod intent;
mod policies;
mod split;

use host::provider::{Function, FunctionError};
use host::schema::Parameter;
use host::value::{Type, Value};

/// Every function of the provider.
pub fn all() -> Vec<Box<dyn Function>> {
    let mut out: Vec<Box<dyn Function>> = arns::builders();
    out.push(Box::new(arns::ParseArn));
    out.push(Box::new(actions::ExpandActions));
    out.push(Box::new(actions::AccessLevelOf));
    out.push(Box::new(policies::PoliciesEquivalent));
    out.push(Box::new(policies::ValidatePolicy));
    out.push(Box::new(policies::ManagedPolicyJson));
    out.push(Box::new(split::SplitPolicy));
    out.push(Box::new(intent::ActionsForOperation));
    out
}

/// A parameter that must be known and not null.
fn parameter(name: &str, ty: Type, description: &str) -> Parameter {
    Parameter {
        name: name.to_string(),
        ty,
        description: description.to_string(),
        allow_null: false,
        allow_unknown: false,
    }
}

/// Argument `index` as a string.
fn string_arg<'a>(args: &'a [Value], index: usize, name: &str) -> Result<&'a str, FunctionError> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s),
        Some(Value::Unknown) => Err(FunctionError::argument(
            index,
            format!("The {name} is not known yet."),
        )),
        Some(Value::Null) | None => Err(FunctionError::argument(
            index,
            format!("The {name} must not be null."),
        )),
        Some(_) => Err(FunctionError::argument(
            index,
            format!("The {name} must be a string."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parameters_strict() {
        let functions = all();
        let mut names: Vec<&str> = functions.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), functions.len());
        for f in &functions {
            let sig = f.signature();
            assert!(
                !sig.summary.is_empty() && !sig.description.is_empty(),
                "{}",
                f.name()
            );
            for p in &sig.parameters {
                assert!(
                    !p.allow_null && !p.allow_unknown,
                    "{}({})",
                    f.name(),
                    p.name
                );
                assert!(!p.description.is_empty(), "{}({})", f.name(), p.name);
            }
        }
    }

    #[test]
    fn null_arguments_are_named() {
        for f in all() {
            let count = f.signature().parameters.len();
            let err = f.call(&vec![Value::Null; count]).unwrap_err();
            assert_eq!(err.argument, Some(0), "{}", f.name());
        }
    }
}
