//! Where a finding in the merged document is in the configuration: an attribute path for
//! Terraform, and a place text for people (with line:column inside JSON arguments).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use engine::policy::{Field, Location};
use host::diagnostic::AttributePath;
use host::value::Value;

use super::hcl;
use super::merge::Origin;

/// Finds findings' places in the `statement` blocks, remembering what it worked out per block
/// (a statement may have 100,000 elements and as many findings).
pub struct Locator<'a> {
    blocks: &'a [Value],
    lists: Cache<(usize, &'static str), usize>,
    principals: Cache<(usize, &'static str), hcl::PrincipalBlock>,
    conditions: Cache<usize, hcl::ConditionBlockValues>,
}

/// What was worked out per block (and attribute), shared by the findings that need it.
type Cache<K, T> = RefCell<HashMap<K, Rc<Vec<T>>>>;

impl<'a> Locator<'a> {
    /// A locator over the `statement` block values.
    pub fn new(blocks: &'a [Value]) -> Locator<'a> {
        Locator {
            blocks,
            lists: RefCell::default(),
            principals: RefCell::default(),
            conditions: RefCell::default(),
        }
    }

    /// The attribute path and place text of `location`; `origins` map merged statement indexes
    /// to their source.
    pub fn locate(
        &self,
        location: &Location,
        origins: &[Origin],
    ) -> (Option<AttributePath>, String) {
        locate_in(self, location, origins)
    }

    fn first_occurrences(&self, b: usize, name: &'static str) -> Rc<Vec<usize>> {
        self.lists
            .borrow_mut()
            .entry((b, name))
            .or_insert_with(|| {
                let Some(block) = self.blocks.get(b) else {
                    return Rc::new(Vec::new());
                };
                // indexes in the list as written: unknown elements are left out of the
                // statement but count in the configuration
                let positions = hcl::written_positions(block, name);
                Rc::new(
                    hcl::first_occurrences(&hcl::strings(block, name))
                        .into_iter()
                        .map(|i| positions.get(i).copied().unwrap_or(i))
                        .collect(),
                )
            })
            .clone()
    }

    fn principal_blocks(&self, b: usize, name: &'static str) -> Rc<Vec<hcl::PrincipalBlock>> {
        self.principals
            .borrow_mut()
            .entry((b, name))
            .or_insert_with(|| {
                Rc::new(
                    self.blocks
                        .get(b)
                        .map(|v| hcl::principal_blocks(v, name))
                        .unwrap_or_default(),
                )
            })
            .clone()
    }

    fn condition_blocks(&self, b: usize) -> Rc<Vec<hcl::ConditionBlockValues>> {
        self.conditions
            .borrow_mut()
            .entry(b)
            .or_insert_with(|| {
                Rc::new(
                    self.blocks
                        .get(b)
                        .map(hcl::condition_blocks)
                        .unwrap_or_default(),
                )
            })
            .clone()
    }
}

#[cfg(test)]
/// The attribute path and place text of `location` (one finding; see [`Locator`] for many).
///
/// `blocks` are the `statement` block values (to find principal and condition sub-blocks);
/// `origins` map merged statement indexes to their source.
pub fn locate(
    location: &Location,
    origins: &[Origin],
    blocks: &[Value],
) -> (Option<AttributePath>, String) {
    Locator::new(blocks).locate(location, origins)
}

fn locate_in(
    locator: &Locator<'_>,
    location: &Location,
    origins: &[Origin],
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
            let path = block_path(locator, location, *b);
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

fn block_path(locator: &Locator<'_>, location: &Location, b: usize) -> AttributePath {
    let base = AttributePath::root("statement").index(b);
    // elements count repeats once (the rendered list); point at the first occurrence
    let list = |name: &'static str| match location.element {
        Some(e) => {
            let index = locator
                .first_occurrences(b, name)
                .get(e)
                .copied()
                .unwrap_or(e);
            base.clone().attr(name).index(index)
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
        Field::Principal => principal_path(
            location,
            base,
            &locator.principal_blocks(b, "principals"),
            "principals",
        ),
        Field::NotPrincipal => principal_path(
            location,
            base,
            &locator.principal_blocks(b, "not_principals"),
            "not_principals",
        ),
        Field::Condition => condition_path(location, base, &locator.condition_blocks(b)),
        Field::Statement | Field::Version | Field::Id => base,
    }
}

/// `principals[k].identifiers[i]`: the block of that type holding the n-th identifier (counting
/// the blocks and identifiers the rendering keeps; indexes as written, unknown ones counted).
fn principal_path(
    location: &Location,
    base: AttributePath,
    kept: &[hcl::PrincipalBlock],
    name: &str,
) -> AttributePath {
    let Some(kind) = &location.principal_type else {
        return base.attr(name);
    };
    let mut remaining = location.element;
    for pb in kept {
        if pb.kind != *kind {
            continue;
        }
        let at = base.clone().attr(name).index(pb.index);
        match remaining {
            None => return at.attr("type"),
            // `written` holds the written position of each of `ids`.
            Some(e) => match pb.written.get(e) {
                Some(&written) => return at.attr("identifiers").index(written),
                None => remaining = Some(e - pb.written.len()),
            },
        }
    }
    base.attr(name)
}

/// `condition[k].test|variable|values[i]`: blocks with the same test and variable are merged,
/// so the n-th value is found by counting through them.
fn condition_path(
    location: &Location,
    base: AttributePath,
    kept: &[hcl::ConditionBlockValues],
) -> AttributePath {
    let Some(operator) = &location.condition_operator else {
        return base.attr("condition");
    };
    let matching: Vec<_> = kept
        .iter()
        .filter(|c| {
            c.test == *operator
                && location
                    .condition_key
                    .as_ref()
                    .is_none_or(|k| c.variable.eq_ignore_ascii_case(k))
        })
        .collect();
    let Some(first) = matching.first() else {
        return base.attr("condition");
    };
    let at = |index: usize| base.clone().attr("condition").index(index);
    match (&location.condition_key, location.element) {
        (None, _) => at(first.index).attr("test"),
        (Some(_), None) => at(first.index).attr("variable"),
        (Some(_), Some(mut e)) => {
            for c in matching.iter() {
                if e < c.values.len() {
                    let written = c.written.get(e).copied().unwrap_or(e);
                    return at(c.index).attr("values").index(written);
                }
                e -= c.values.len();
            }
            at(first.index).attr("values")
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
        let loc = Location::statement(0, Field::Action).with_span(Some(engine::policy::Span {
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

    #[test]
    fn merged_condition_values_and_repeated_actions_resolve_to_what_was_written() {
        let cond = |vals: &[&str]| {
            Value::object([
                ("test", Value::from("StringLike")),
                ("variable", Value::from("s3:prefix")),
                ("values", Value::string_list(vals.iter().copied())),
            ])
        };
        let block = Value::object([
            ("actions", Value::string_list(["a:b", "a:b", "c:d"])),
            (
                "condition",
                Value::List(vec![cond(&["x", "y"]), cond(&["z"])]),
            ),
        ]);
        let origins = [Origin::Block { index: 0 }];
        let loc = Location::statement(0, Field::Condition)
            .condition("StringLike", Some("s3:prefix"))
            .element(2);
        let (path, _) = locate(&loc, &origins, std::slice::from_ref(&block));
        assert_eq!(
            path.unwrap().to_string(),
            "statement[0].condition[1].values[0]"
        );
        let loc = Location::statement(0, Field::Action).element(1);
        let (path, _) = locate(&loc, &origins, std::slice::from_ref(&block));
        assert_eq!(path.unwrap().to_string(), "statement[0].actions[2]");
    }
}
