//! Addresses of places in a policy, usable with or without source text.
//!
//! JSON input resolves a [`Location`] to a [`Span`] (line:column); documents
//! built from Terraform blocks have no spans and are reported by path
//! (`Statement[1].Action[0]`).

use std::fmt;

use super::model::{OneOrMany, PolicyDocument, Span, Statement};
use super::principal::Principal;

/// A policy element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `Version`.
    Version,
    /// `Id`.
    Id,
    /// `Statement` (the list, or one statement when an index is given).
    Statement,
    /// `Sid`.
    Sid,
    /// `Effect`.
    Effect,
    /// `Principal`.
    Principal,
    /// `NotPrincipal`.
    NotPrincipal,
    /// `Action`.
    Action,
    /// `NotAction`.
    NotAction,
    /// `Resource`.
    Resource,
    /// `NotResource`.
    NotResource,
    /// `Condition`.
    Condition,
}

impl Field {
    /// Top-level elements in the order IAM documents and renders them.
    pub const DOCUMENT_FIELDS: [Field; 3] = [Field::Version, Field::Id, Field::Statement];

    /// Statement elements in rendering order.
    pub const STATEMENT_FIELDS: [Field; 9] = [
        Field::Sid,
        Field::Effect,
        Field::Principal,
        Field::NotPrincipal,
        Field::Action,
        Field::NotAction,
        Field::Resource,
        Field::NotResource,
        Field::Condition,
    ];

    /// The JSON key.
    pub fn json_key(self) -> &'static str {
        match self {
            Field::Version => "Version",
            Field::Id => "Id",
            Field::Statement => "Statement",
            Field::Sid => "Sid",
            Field::Effect => "Effect",
            Field::Principal => "Principal",
            Field::NotPrincipal => "NotPrincipal",
            Field::Action => "Action",
            Field::NotAction => "NotAction",
            Field::Resource => "Resource",
            Field::NotResource => "NotResource",
            Field::Condition => "Condition",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.json_key())
    }
}

/// A place in a policy: statement index, element, and optionally the
/// principal type or condition operator/key and the index within the list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Index into the statements (`None` for top-level elements).
    pub statement: Option<usize>,
    /// The element.
    pub field: Field,
    /// For `Principal`/`NotPrincipal`: the principal type key (`AWS`, ...).
    pub principal_type: Option<String>,
    /// For `Condition`: the operator name.
    pub condition_operator: Option<String>,
    /// For `Condition`: the condition key under the operator.
    pub condition_key: Option<String>,
    /// Index within the one-or-many list (an action, a resource, a value).
    pub element: Option<usize>,
    /// The source span, when the document came from JSON.
    pub span: Option<Span>,
}

impl Location {
    /// A top-level element (`Version`, `Id`, `Statement`).
    pub fn document(field: Field) -> Self {
        Location {
            statement: None,
            field,
            principal_type: None,
            condition_operator: None,
            condition_key: None,
            element: None,
            span: None,
        }
    }

    /// An element of statement `index` (`Field::Statement` for the whole statement).
    pub fn statement(index: usize, field: Field) -> Self {
        Location {
            statement: Some(index),
            ..Location::document(field)
        }
    }

    /// The `index`-th item of the element's list.
    pub fn element(mut self, index: usize) -> Self {
        self.element = Some(index);
        self
    }

    /// Narrows a principal location to one principal type.
    pub fn principal_type(mut self, principal_type: &str) -> Self {
        self.principal_type = Some(principal_type.to_string());
        self
    }

    /// Narrows a condition location to an operator and optionally a key.
    pub fn condition(mut self, operator: &str, key: Option<&str>) -> Self {
        self.condition_operator = Some(operator.to_string());
        self.condition_key = key.map(str::to_string);
        self
    }

    /// Attaches a span.
    pub fn with_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    /// The JSON source span, when known.
    pub fn json_span(&self) -> Option<Span> {
        self.span
    }

    /// This location with its span looked up in `doc` (kept if already set).
    pub fn resolved_in(mut self, doc: &PolicyDocument) -> Self {
        if self.span.is_none() {
            self.span = doc.span_of(&self);
        }
        self
    }
}

impl fmt::Display for Location {
    /// A path such as `Statement[0].Condition.StringEquals.aws:SourceVpc[1]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.statement, self.field) {
            (None, field) => write!(f, "{field}")?,
            (Some(i), Field::Statement) => write!(f, "Statement[{i}]")?,
            (Some(i), field) => write!(f, "Statement[{i}].{field}")?,
        }
        for part in [
            &self.principal_type,
            &self.condition_operator,
            &self.condition_key,
        ]
        .into_iter()
        .flatten()
        {
            write!(f, ".{part}")?;
        }
        if let Some(e) = self.element {
            write!(f, "[{e}]")?;
        }
        Ok(())
    }
}

impl PolicyDocument {
    /// The source span of `location`, if the document was parsed and the place exists.
    pub fn span_of(&self, location: &Location) -> Option<Span> {
        let Some(index) = location.statement else {
            return match location.field {
                Field::Version => self.version.as_ref()?.span,
                Field::Id => self.id.as_ref()?.span,
                Field::Statement => self.statements.as_ref()?.span,
                _ => None,
            };
        };
        let statement = self.statements.as_ref()?.items.get(index)?;
        statement_span(statement, location)
    }
}

fn list_span<T>(
    list: &OneOrMany<T>,
    element: Option<usize>,
    item: fn(&T) -> Option<Span>,
) -> Option<Span> {
    match element {
        None => list.span,
        Some(i) => item(list.items.get(i)?),
    }
}

fn statement_span(statement: &Statement, location: &Location) -> Option<Span> {
    let text_item = |t: &super::model::Text| t.span;
    match location.field {
        Field::Statement => statement.span,
        Field::Sid => statement.sid.as_ref()?.span,
        Field::Effect => statement.effect.as_ref()?.span,
        Field::Principal => principal_span(statement.principal.as_ref()?, location),
        Field::NotPrincipal => principal_span(statement.not_principal.as_ref()?, location),
        Field::Action => list_span(statement.action.as_ref()?, location.element, text_item),
        Field::NotAction => list_span(statement.not_action.as_ref()?, location.element, text_item),
        Field::Resource => list_span(statement.resource.as_ref()?, location.element, text_item),
        Field::NotResource => list_span(
            statement.not_resource.as_ref()?,
            location.element,
            text_item,
        ),
        Field::Condition => {
            let block = statement.condition.as_ref()?;
            let Some(op_name) = &location.condition_operator else {
                return block.span;
            };
            let op = block.operators.iter().find(|o| &o.name.value == op_name)?;
            let Some(key) = &location.condition_key else {
                return op.name.span;
            };
            let entry = op
                .entries
                .iter()
                .find(|e| e.key.value.eq_ignore_ascii_case(key))?;
            match location.element {
                None => entry.key.span,
                Some(i) => entry.values.items.get(i)?.span,
            }
        }
        Field::Version | Field::Id => None,
    }
}

fn principal_span(principal: &Principal, location: &Location) -> Option<Span> {
    let Some(kind) = &location.principal_type else {
        return principal.span();
    };
    let entry = principal
        .entries()
        .iter()
        .find(|e| &e.principal_type.value == kind)?;
    match location.element {
        None => entry.principal_type.span,
        Some(i) => entry.ids.items.get(i)?.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::{Effect, StringList};

    #[test]
    fn display_paths() {
        assert_eq!(Location::document(Field::Version).to_string(), "Version");
        assert_eq!(
            Location::statement(2, Field::Statement).to_string(),
            "Statement[2]"
        );
        assert_eq!(
            Location::statement(0, Field::Action).element(3).to_string(),
            "Statement[0].Action[3]"
        );
        let cond = Location::statement(1, Field::Condition)
            .condition("StringEquals", Some("aws:SourceVpc"))
            .element(0);
        assert_eq!(
            cond.to_string(),
            "Statement[1].Condition.StringEquals.aws:SourceVpc[0]"
        );
        let principal = Location::statement(0, Field::Principal).principal_type("AWS");
        assert_eq!(principal.to_string(), "Statement[0].Principal.AWS");
    }

    #[test]
    fn built_documents_have_no_spans() {
        let doc = PolicyDocument::new([
            Statement::new(Effect::Allow).with_action(StringList::scalar("s3:GetObject"))
        ]);
        let loc = Location::statement(0, Field::Action)
            .element(0)
            .resolved_in(&doc);
        assert_eq!(loc.json_span(), None);
        assert_eq!(doc.span_of(&Location::statement(5, Field::Sid)), None);
    }
}
