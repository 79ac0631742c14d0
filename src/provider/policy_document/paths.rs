//! Where a finding in the merged document is in the configuration: an attribute path for
//! Terraform, and a place text for people (with line:column inside JSON arguments).

use crate::policy::{Field, Location};
use crate::provider::diagnostic::AttributePath;
use crate::provider::value::Value;

use super::hcl;
use super::merge::Origin;

/// The attribute path and place text of `location`.
///
/// `blocks` are the `statement` block values (to find principal and condition sub-blocks);
/// `origins` map merged statement indexes to their source.
pub fn locate(
    location: &Location,
    origins: &[Origin],
    blocks: &[Value],
) -> (Option<AttributePath>, String) {
    let Some(index) = location.statement else {
        return match location.field {
            Field::Version => (Some(AttributePath::root("version")), "version".into()),
            Field::Id => (Some(AttributePath::root("policy_id")), "policy_id".into()),
            _ => (None, String::new()),
        };
    };
    match origins.get(index) {
        Some(Origin::Block { index: b }) => {
            let path = block_path(location, *b, blocks.get(*b));
            let place = path.to_string();
            (Some(path), place)
        }
        Some(origin) => {
            let path = origin.path();
            let place = match location.span {
                Some(s) => format!("{path}, line {}, column {}", s.line, s.column),
                None => path.to_string(),
            };
            (Some(path), place)
        }
        None => (None, location.to_string()),
    }
}

fn block_path(location: &Location, b: usize, block: Option<&Value>) -> AttributePath {
    let base = AttributePath::root("statement").index(b);
    let list = |name: &str| match location.element {
        Some(e) => {
            let written = written_index(block.and_then(|v| v.get(name)), e);
            base.clone().attr(name).index(written)
        }
        None => base.clone().attr(name),
    };
    match location.field {
        Field::Sid => base.attr("sid"),
        Field::Effect => base.attr("effect"),
        Field::Action => list("actions"),
        Field::NotAction => list("not_actions"),
        Field::Resource => list("resources"),
        Field::NotResource => list("not_resources"),
        Field::Principal => principal_path(location, base, block, "principals"),
        Field::NotPrincipal => principal_path(location, base, block, "not_principals"),
        Field::Condition => condition_path(location, base, block),
        Field::Statement | Field::Version | Field::Id => base,
    }
}

/// The index the user wrote of the `known`-th known string of a list.
///
/// Statements leave out elements that are unknown until apply, so the validator counts only
/// the known ones; diagnostics must name the element as written.
fn written_index(list: Option<&Value>, known: usize) -> usize {
    list.and_then(Value::as_elements)
        .and_then(|items| {
            items
                .iter()
                .enumerate()
                .filter(|(_, v)| v.as_str().is_some())
                .nth(known)
                .map(|(i, _)| i)
        })
        .unwrap_or(known)
}

/// `principals[k].identifiers[i]`: the block of that type holding the n-th identifier.
fn principal_path(
    location: &Location,
    base: AttributePath,
    block: Option<&Value>,
    name: &str,
) -> AttributePath {
    let blocks = block
        .and_then(|b| b.get(name))
        .and_then(Value::as_elements)
        .unwrap_or(&[]);
    let Some(kind) = &location.principal_type else {
        return base.attr(name);
    };
    let mut remaining = location.element;
    for (k, pb) in blocks.iter().enumerate() {
        if hcl::string(pb, "type").as_deref() != Some(kind.as_str()) {
            continue;
        }
        let count = hcl::strings(pb, "identifiers").len();
        match remaining {
            None => return base.attr(name).index(k).attr("type"),
            Some(e) if e < count => {
                let written = written_index(pb.get("identifiers"), e);
                return base.attr(name).index(k).attr("identifiers").index(written);
            }
            Some(e) => remaining = Some(e - count),
        }
    }
    base.attr(name)
}

/// `condition[k].test|variable|values[i]`.
fn condition_path(
    location: &Location,
    base: AttributePath,
    block: Option<&Value>,
) -> AttributePath {
    let blocks = block
        .and_then(|b| b.get("condition"))
        .and_then(Value::as_elements)
        .unwrap_or(&[]);
    let Some(operator) = &location.condition_operator else {
        return base.attr("condition");
    };
    let found = blocks.iter().enumerate().find(|(_, cb)| {
        hcl::string(cb, "test").as_deref() == Some(operator.as_str())
            && location.condition_key.as_ref().is_none_or(|k| {
                hcl::string(cb, "variable").is_some_and(|v| v.eq_ignore_ascii_case(k))
            })
    });
    match found {
        None => base.attr("condition"),
        Some((k, cb)) => {
            let c = base.attr("condition").index(k);
            match (&location.condition_key, location.element) {
                (None, _) => c.attr("test"),
                (Some(_), None) => c.attr("variable"),
                (Some(_), Some(e)) => c.attr("values").index(written_index(cb.get("values"), e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_findings_point_into_the_block() {
        let origins = [Origin::Block { index: 3 }];
        let loc = Location::statement(0, Field::Action).element(2);
        let (path, place) = locate(&loc, &origins, &[]);
        assert_eq!(path.unwrap().to_string(), "statement[3].actions[2]");
        assert_eq!(place, "statement[3].actions[2]");
    }

    #[test]
    fn source_findings_name_the_document_and_line() {
        let origins = [Origin::Source {
            index: 1,
            statement: 0,
        }];
        let loc = Location::statement(0, Field::Action).with_span(Some(crate::policy::Span {
            offset: 10,
            len: 3,
            line: 4,
            column: 17,
        }));
        let (path, place) = locate(&loc, &origins, &[]);
        assert_eq!(path.unwrap().to_string(), "source_policy_documents[1]");
        assert_eq!(place, "source_policy_documents[1], line 4, column 17");
    }

    #[test]
    fn condition_values_resolve_to_their_block() {
        let cond = |t: &str, v: &str| {
            Value::object([
                ("test", Value::from(t)),
                ("variable", Value::from(v)),
                ("values", Value::string_list(["x"])),
            ])
        };
        let block = Value::object([(
            "condition",
            Value::List(vec![
                cond("StringEquals", "aws:SourceAccount"),
                cond("Bool", "aws:SecureTransport"),
            ]),
        )]);
        let loc = Location::statement(0, Field::Condition)
            .condition("Bool", Some("aws:SecureTransport"))
            .element(0);
        let (path, _) = locate(&loc, &[Origin::Block { index: 0 }], &[block]);
        assert_eq!(
            path.unwrap().to_string(),
            "statement[0].condition[1].values[0]"
        );
    }
}
