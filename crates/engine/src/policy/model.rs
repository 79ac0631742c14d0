//! The policy document model: plain data with public fields.
//!
//! Documents parsed from JSON carry source [`Span`]s on every node; documents
//! built in code (for example from Terraform blocks) have `span: None` and are
//! addressed with [`crate::policy::Location`] instead.

pub use super::condition::{
    ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue, ScalarValue,
};
pub use super::location::{Field, Location};
pub use super::principal::{Principal, PrincipalEntry, PrincipalMap, PrincipalType};

/// A region of the source text.
///
/// `offset` and `len` are in bytes of the UTF-8 source (so they slice it
/// directly); `line` and `column` are 1-based, `column` counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes (0 for an insertion point).
    pub len: usize,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column of the first character, in characters.
    pub column: usize,
}

impl Span {
    /// Byte offset just past the span.
    pub fn end(&self) -> usize {
        self.offset + self.len
    }
}

/// A string value as written, with its span (quotes included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text {
    /// The decoded string (escapes resolved).
    pub value: String,
    /// Where the string literal is in the source, if parsed.
    pub span: Option<Span>,
}

impl Text {
    /// A text without a source span.
    pub fn new(value: impl Into<String>) -> Self {
        Text {
            value: value.into(),
            span: None,
        }
    }

    /// The same text with a span attached.
    pub fn with_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    /// The decoded string.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl From<&str> for Text {
    fn from(value: &str) -> Self {
        Text::new(value)
    }
}

impl From<String> for Text {
    fn from(value: String) -> Self {
        Text::new(value)
    }
}

/// How a one-or-many value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListForm {
    /// A single value written without brackets (`"Action": "s3:GetObject"`).
    Scalar,
    /// A JSON array, even of one element.
    #[default]
    Array,
}

/// A value IAM accepts either as a single item or as an array.
///
/// `form` remembers which the author used; rendering writes a scalar only
/// when `form` is [`ListForm::Scalar`] and there is exactly one item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OneOrMany<T> {
    /// Scalar or array, as written.
    pub form: ListForm,
    /// The items, in the author's order.
    pub items: Vec<T>,
    /// The whole value (the scalar or the array with its brackets).
    pub span: Option<Span>,
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany {
            form: ListForm::Array,
            items: Vec::new(),
            span: None,
        }
    }
}

impl<T> OneOrMany<T> {
    /// A single item written as a scalar.
    pub fn one(item: T) -> Self {
        OneOrMany {
            form: ListForm::Scalar,
            items: vec![item],
            span: None,
        }
    }

    /// Items written as an array.
    pub fn many(items: impl IntoIterator<Item = T>) -> Self {
        OneOrMany {
            form: ListForm::Array,
            items: items.into_iter().collect(),
            span: None,
        }
    }

    /// Whether rendering writes this value without brackets.
    pub fn renders_as_scalar(&self) -> bool {
        self.form == ListForm::Scalar && self.items.len() == 1
    }

    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A one-or-many list of strings (actions, resources, principal identifiers).
pub type StringList = OneOrMany<Text>;

impl StringList {
    /// A single string written as a scalar.
    pub fn scalar(value: impl Into<String>) -> Self {
        OneOrMany::one(Text::new(value))
    }

    /// Strings written as an array.
    pub fn array<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        OneOrMany::many(values.into_iter().map(Text::new))
    }

    /// The strings in order.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(Text::as_str)
    }
}

/// The two values IAM accepts for `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
}

impl Effect {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }

    /// Parses the exact (case-sensitive) IAM spelling.
    pub fn from_json(value: &str) -> Option<Effect> {
        match value {
            "Allow" => Some(Effect::Allow),
            "Deny" => Some(Effect::Deny),
            _ => None,
        }
    }
}

/// One statement. Every element is optional so that incomplete input can be
/// represented; which combinations are valid is the validator's concern.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statement {
    /// `Sid`.
    pub sid: Option<Text>,
    /// `Effect`, kept as written; see [`Statement::effect_kind`].
    pub effect: Option<Text>,
    /// `Principal`.
    pub principal: Option<Principal>,
    /// `NotPrincipal`.
    pub not_principal: Option<Principal>,
    /// `Action`.
    pub action: Option<StringList>,
    /// `NotAction`.
    pub not_action: Option<StringList>,
    /// `Resource`.
    pub resource: Option<StringList>,
    /// `NotResource`.
    pub not_resource: Option<StringList>,
    /// `Condition`.
    pub condition: Option<ConditionBlock>,
    /// The statement object, braces included.
    pub span: Option<Span>,
    /// Parts whose values are not known yet (Terraform values known only after apply). The known
    /// elements of such a part are in the fields above; checks that need the whole part (is it
    /// missing, does anything match, is the statement redundant) must not decide from them alone.
    pub unknown: UnknownParts,
}

/// Which parts of a [`Statement`] hold values not known yet.
///
/// A part is marked when any element of it is unknown: a list element, a whole list, a principal
/// block's type or identifiers, a condition block's test, variable or values. Documents parsed
/// from JSON are always fully known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UnknownParts {
    /// `Sid` is unknown.
    pub sid: bool,
    /// `Effect` is unknown (the statement's `effect` is then `None`).
    pub effect: bool,
    /// Some of `Principal` is unknown.
    pub principal: bool,
    /// Some of `NotPrincipal` is unknown.
    pub not_principal: bool,
    /// Some of `Action` is unknown.
    pub action: bool,
    /// Some of `NotAction` is unknown.
    pub not_action: bool,
    /// Some of `Resource` is unknown.
    pub resource: bool,
    /// Some of `NotResource` is unknown.
    pub not_resource: bool,
    /// Some of `Condition` is unknown.
    pub condition: bool,
}

impl UnknownParts {
    /// Whether any part is unknown.
    pub fn any(&self) -> bool {
        self.sid
            || self.effect
            || self.principal
            || self.not_principal
            || self.action
            || self.not_action
            || self.resource
            || self.not_resource
            || self.condition
    }
}

impl Statement {
    /// An empty statement with the given effect.
    pub fn new(effect: Effect) -> Self {
        Statement {
            effect: Some(Text::new(effect.as_str())),
            ..Statement::default()
        }
    }

    /// Sets `Sid`.
    pub fn with_sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(Text::new(sid));
        self
    }

    /// Sets `Action`.
    pub fn with_action(mut self, actions: StringList) -> Self {
        self.action = Some(actions);
        self
    }

    /// Sets `NotAction`.
    pub fn with_not_action(mut self, actions: StringList) -> Self {
        self.not_action = Some(actions);
        self
    }

    /// Sets `Resource`.
    pub fn with_resource(mut self, resources: StringList) -> Self {
        self.resource = Some(resources);
        self
    }

    /// Sets `NotResource`.
    pub fn with_not_resource(mut self, resources: StringList) -> Self {
        self.not_resource = Some(resources);
        self
    }

    /// Sets `Principal`.
    pub fn with_principal(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Sets `NotPrincipal`.
    pub fn with_not_principal(mut self, principal: Principal) -> Self {
        self.not_principal = Some(principal);
        self
    }

    /// Sets `Condition`.
    pub fn with_condition(mut self, condition: ConditionBlock) -> Self {
        self.condition = Some(condition);
        self
    }

    /// The effect if it is exactly `Allow` or `Deny`.
    pub fn effect_kind(&self) -> Option<Effect> {
        self.effect
            .as_ref()
            .and_then(|e| Effect::from_json(&e.value))
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyDocument {
    /// `Version`, kept as written (IAM accepts `2012-10-17` and `2008-10-17`).
    pub version: Option<Text>,
    /// `Id`.
    pub id: Option<Text>,
    /// `Statement`: a single object ([`ListForm::Scalar`]) or an array.
    pub statements: Option<OneOrMany<Statement>>,
    /// The document object, braces included.
    pub span: Option<Span>,
}

/// The current policy language version.
pub const VERSION_2012_10_17: &str = "2012-10-17";
/// The legacy policy language version (no policy variables).
pub const VERSION_2008_10_17: &str = "2008-10-17";

impl PolicyDocument {
    /// A `2012-10-17` document with the statements written as an array.
    pub fn new(statements: impl IntoIterator<Item = Statement>) -> Self {
        PolicyDocument {
            version: Some(Text::new(VERSION_2012_10_17)),
            id: None,
            statements: Some(OneOrMany::many(statements)),
            span: None,
        }
    }

    /// The statements (empty when `Statement` is absent).
    pub fn statements(&self) -> &[Statement] {
        self.statements
            .as_ref()
            .map(|s| s.items.as_slice())
            .unwrap_or(&[])
    }

    /// A copy with every span removed, for comparing documents by content.
    pub fn without_spans(&self) -> PolicyDocument {
        let mut copy = self.clone();
        copy.clear_spans();
        copy
    }

    /// Puts the members of the JSON objects whose order means nothing in order of name:
    /// condition operators, the keys under each operator, and principal types. Documents that
    /// differ only in the key order of their JSON then render alike.
    pub fn sort_unordered_members(&mut self) {
        let Some(list) = &mut self.statements else {
            return;
        };
        for statement in &mut list.items {
            if let Some(block) = &mut statement.condition {
                block
                    .operators
                    .sort_by(|a, b| a.name.value.cmp(&b.name.value));
                for operator in &mut block.operators {
                    operator
                        .entries
                        .sort_by(|a, b| a.key.value.cmp(&b.key.value));
                }
            }
            for principal in [&mut statement.principal, &mut statement.not_principal] {
                if let Some(Principal::Map(map)) = principal {
                    map.entries
                        .sort_by(|a, b| a.principal_type.value.cmp(&b.principal_type.value));
                }
            }
        }
    }

    /// Removes every span in place.
    pub fn clear_spans(&mut self) {
        self.span = None;
        clear_text(&mut self.version);
        clear_text(&mut self.id);
        if let Some(list) = &mut self.statements {
            list.span = None;
            list.items.iter_mut().for_each(clear_statement_spans);
        }
    }
}

fn clear_text(text: &mut Option<Text>) {
    if let Some(t) = text {
        t.span = None;
    }
}

fn clear_list(list: &mut Option<StringList>) {
    if let Some(l) = list {
        l.span = None;
        l.items.iter_mut().for_each(|t| t.span = None);
    }
}

fn clear_statement_spans(statement: &mut Statement) {
    statement.span = None;
    clear_text(&mut statement.sid);
    clear_text(&mut statement.effect);
    for principal in [&mut statement.principal, &mut statement.not_principal]
        .into_iter()
        .flatten()
    {
        principal.clear_spans();
    }
    clear_list(&mut statement.action);
    clear_list(&mut statement.not_action);
    clear_list(&mut statement.resource);
    clear_list(&mut statement.not_resource);
    if let Some(condition) = &mut statement.condition {
        condition.clear_spans();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_form_needs_exactly_one_item() {
        assert!(StringList::scalar("a").renders_as_scalar());
        let mut two = StringList::scalar("a");
        two.items.push(Text::new("b"));
        assert!(!two.renders_as_scalar());
        assert!(!StringList::array(["a"]).renders_as_scalar());
    }

    #[test]
    fn effect_is_case_sensitive() {
        assert_eq!(Effect::from_json("Allow"), Some(Effect::Allow));
        assert_eq!(Effect::from_json("allow"), None);
        let st = Statement::new(Effect::Deny);
        assert_eq!(st.effect_kind(), Some(Effect::Deny));
    }

    #[test]
    fn unordered_members_sort_by_name() {
        let parse = |json: &str| crate::policy::parse_policy(json).document.unwrap();
        let mut a = parse(
            r#"{"Statement":{"Principal":{"Service":"s.amazonaws.com","AWS":"*"},
                "Condition":{"StringLike":{"b":"1","a":"2"},"Bool":{"c":"true"}}}}"#,
        );
        let mut b = parse(
            r#"{"Statement":{"Condition":{"Bool":{"c":"true"},"StringLike":{"a":"2","b":"1"}},
                "Principal":{"AWS":"*","Service":"s.amazonaws.com"}}}"#,
        );
        assert_ne!(a.to_json_minified(), b.to_json_minified());
        a.sort_unordered_members();
        b.sort_unordered_members();
        assert_eq!(a.to_json_minified(), b.to_json_minified());
        assert!(a
            .to_json_minified()
            .contains(r#"{"Bool":{"c":"true"},"StringLike":{"a":"2""#));
    }

    #[test]
    fn without_spans_clears_nested_spans() {
        let span = Some(Span {
            offset: 1,
            len: 2,
            line: 1,
            column: 2,
        });
        let mut list = StringList::scalar("s3:GetObject");
        list.span = span;
        list.items[0].span = span;
        let mut st = Statement::new(Effect::Allow).with_action(list);
        st.span = span;
        let mut doc = PolicyDocument::new([st]);
        doc.span = span;
        let plain = doc.without_spans();
        assert_eq!(plain.span, None);
        let action = plain.statements()[0]
            .action
            .as_ref()
            .map(|a| a.items[0].span);
        assert_eq!(action, Some(None));
    }
}
