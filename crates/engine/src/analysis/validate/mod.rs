//! The policy validator: every check of [`CODES`] over a [`PolicyDocument`].
//!
//! [`validate`] runs on a document (parsed or built in code) and [`validate_json`] on policy
//! text, turning parse errors into findings too. Both return every finding, never stopping at
//! the first, in document order (by source position when the policy came from JSON, else by
//! statement, element and index), and the same input always gives the same output.
//!
//! The checks are grouped by family: `structure` (Version, Statement, Sid, Effect, required
//! and conflicting elements, policy types, redundant statements, size), `actions`, `resources`
//! (with `arn`), `conditions` (with `operators` and `values`), `principals`, `exposure` (who
//! a resource or trust policy lets in), `variables`, `security` and `lifecycle` (actions of
//! features AWS has ended or closed to new customers). Per statement the actions are resolved
//! against the catalogue once and the other families reuse that.

mod actions;
mod arn;
mod codes;
mod conditions;
mod exposure;
mod glob;
mod keys;
mod kind;
mod lifecycle;
mod operators;
mod policy_type;
mod principals;
mod project;
mod resources;
mod security;
mod structure;
mod unknowns;
mod values;
mod variables;

#[cfg(test)]
mod tests;

pub use codes::{code_info, CODES};
pub use kind::{infer_known_policy_type, infer_policy_type};
pub use policy_type::PolicyType;
pub use unknowns::{decided_by_element, known_size, size_lower_bound_finding};

use crate::analysis::finding::{CodeInfo, Finding, Severity};
use crate::policy::parse::too_large;
use crate::policy::{
    parse_policy, Effect, Field, Location, ParseError, PolicyDocument, SizeQuota, Span, Statement,
    Text, MAX_API_DOCUMENT_CHARS, VERSION_2012_10_17,
};

/// How to validate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidateOptions {
    /// The kind of policy.
    pub policy_type: PolicyType,
    /// The IAM size quota to check against, if any.
    pub size_quota: Option<SizeQuota>,
    /// Codes to leave out of the result: exact codes (`resource.star_could_be_scoped`) or a
    /// family with a `.*` suffix (`condition.*`).
    pub ignore: Vec<String>,
}

impl ValidateOptions {
    /// Options for a policy of the given type, without a size quota.
    pub fn new(policy_type: PolicyType) -> Self {
        ValidateOptions {
            policy_type,
            ..ValidateOptions::default()
        }
    }

    /// Whether findings of `code` are left out.
    pub fn ignores(&self, code: &str) -> bool {
        self.ignore
            .iter()
            .any(|pattern| match pattern.strip_suffix(".*") {
                Some(family) => code
                    .strip_prefix(family)
                    .is_some_and(|rest| rest.starts_with('.')),
                None => pattern == code,
            })
    }
}

/// The result of [`validate_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The document as far as it could be read (`None` when the text is not a JSON object).
    pub document: Option<PolicyDocument>,
    /// Parse errors and validation findings, in document order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether any finding has severity [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Validates a policy document and returns every finding in document order.
///
/// Statements with parts unknown until apply ([`Statement::unknown`]) are checked element by
/// element: findings that depend on an unknown part are left out, and the size is checked on
/// the known text, a lower bound.
pub fn validate(doc: &PolicyDocument, options: &ValidateOptions) -> Vec<Finding> {
    // As parse_policy does for text, a document IAM refuses for its size is not checked
    // further: the checks grow with the document (a statement built from a list of 100,000
    // actions would take minutes) and IAM would not look at it either.
    let chars = doc.to_json_minified().chars().count();
    if chars > MAX_API_DOCUMENT_CHARS {
        return finish(vec![parse_finding(&too_large(chars), None)], options);
    }
    if unknowns::any_unknown(doc) {
        let mut found = run(doc, options, None);
        found.retain(|f| unknowns::is_decided(doc, f));
        if let Some(quota) = options.size_quota {
            found.extend(size_lower_bound_finding(known_size(doc), quota));
        }
        return finish(found, options);
    }
    let size = options
        .size_quota
        .map(|quota| quota.measure(&doc.to_json_minified()));
    finish(run(doc, options, size), options)
}

/// Parses and validates policy text. Parse errors become findings with the parse error's code
/// (e.g. `json.trailing_comma`) and severity error; the size is counted on the text as given.
pub fn validate_json(text: &str, options: &ValidateOptions) -> Report {
    let outcome = parse_policy(text);
    let mut findings: Vec<Finding> = Vec::new();
    if let Some(doc) = &outcome.document {
        let size = options.size_quota.map(|quota| quota.measure(text));
        findings = run(doc, options, size);
        drop_consequences(&mut findings, &outcome.errors, doc);
    }
    findings.extend(
        outcome
            .errors
            .iter()
            .map(|error| parse_finding(error, outcome.document.as_ref())),
    );
    Report {
        findings: finish(findings, options),
        document: outcome.document,
    }
}

/// The finding for a parse error, placed in the statement and element its span falls in.
fn parse_finding(error: &ParseError, doc: Option<&PolicyDocument>) -> Finding {
    let location = match (error.span, doc) {
        (Some(span), Some(doc)) => locate(doc, span),
        _ => Location::document(Field::Statement),
    }
    .with_span(error.span);
    let check = CodeInfo {
        code: error.code.as_str(),
        severity: Severity::Error,
        title: "",
        description: "",
        access_analyzer: None,
        parliament: None,
    };
    Finding::new(
        &check,
        location,
        capitalized(&error.message),
        error.detail.clone(),
    )
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn contains(outer: Option<Span>, inner: Span) -> bool {
    outer.is_some_and(|o| o.offset <= inner.offset && inner.end() <= o.end())
}

/// The statement and element a span lies in.
fn locate(doc: &PolicyDocument, span: Span) -> Location {
    for field in [Field::Version, Field::Id] {
        let location = Location::document(field);
        if contains(doc.span_of(&location), span) {
            return location;
        }
    }
    let found = doc
        .statements()
        .iter()
        .position(|statement| contains(statement.span, span));
    let Some(index) = found else {
        return Location::document(Field::Statement);
    };
    for field in Field::STATEMENT_FIELDS {
        let location = Location::statement(index, field);
        if contains(doc.span_of(&location), span) {
            return location;
        }
    }
    Location::statement(index, Field::Statement)
}

/// Drops "missing element" findings for statements where the parser already reported why the
/// element could not be read (e.g. `"Action": 5`), so one mistake is reported once.
fn drop_consequences(findings: &mut Vec<Finding>, errors: &[ParseError], doc: &PolicyDocument) {
    const MISSING: [&str; 4] = [
        "action.missing",
        "resource.missing",
        "effect.missing",
        "principal.missing",
    ];
    let troubled = |index: usize| {
        let statement_span = doc.statements().get(index).and_then(|s| s.span);
        errors
            .iter()
            .any(|e| e.span.is_some_and(|span| contains(statement_span, span)))
    };
    findings.retain(|f| {
        if f.code == "statement.missing" {
            return !errors
                .iter()
                .any(|e| e.code.as_str() == "policy.wrong_type");
        }
        !(MISSING.contains(&f.code) && f.location.statement.is_some_and(troubled))
    });
}

fn run(doc: &PolicyDocument, options: &ValidateOptions, size: Option<usize>) -> Vec<Finding> {
    let mut out = Collector::default();
    structure::check_document(doc, &mut out);
    if let (Some(quota), Some(size)) = (options.size_quota, size) {
        structure::check_size(doc, quota, size, &mut out);
    }
    let variables_ok = doc
        .version
        .as_ref()
        .is_some_and(|v| v.value == VERSION_2012_10_17);
    for (index, statement) in doc.statements().iter().enumerate() {
        let ctx = Ctx {
            index,
            statement,
            effect: statement.effect_kind(),
            policy_type: options.policy_type,
            variables_ok,
        };
        structure::check_statement(&ctx, &mut out);
        principals::check(&ctx, &mut out);
        exposure::check(&ctx, &mut out);
        let actions = actions::check(&ctx, &mut out);
        structure::check_trust_actions(&ctx, &actions, &mut out);
        resources::check(&ctx, &actions, &mut out);
        conditions::check(&ctx, &actions, &mut out);
        security::check(&ctx, &actions, &mut out);
        lifecycle::check(&ctx, &actions, &mut out);
        project::check(&ctx, &mut out);
    }
    project::check_document(doc, options.policy_type, &mut out);
    structure::check_across_statements(doc, options, &mut out);
    out.list
}

fn finish(mut findings: Vec<Finding>, options: &ValidateOptions) -> Vec<Finding> {
    findings.retain(|f| !options.ignores(f.code));
    // Stable: findings at the same place keep the order the checks produced them in.
    findings.sort_by_key(order_key);
    findings
}

fn order_key(finding: &Finding) -> (usize, usize, usize, usize) {
    let location = &finding.location;
    let offset = location.span.map_or(0, |s| s.offset);
    let statement = location.statement.map_or(0, |i| i + 1);
    // Elements in the order IAM documents and renders them: top level, then statement.
    let field = Field::DOCUMENT_FIELDS
        .iter()
        .chain(&Field::STATEMENT_FIELDS)
        .position(|f| *f == location.field)
        .unwrap_or(0);
    let element = location.element.map_or(0, |e| e + 1);
    (offset, statement, field, element)
}

/// Findings collected so far.
#[derive(Default)]
pub(super) struct Collector {
    list: Vec<Finding>,
    /// Whether the document's Version has been reported for its policy variables (once is
    /// enough).
    variables_need_version: bool,
}

impl Collector {
    /// How many findings there are so far.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// Records a finding of `check`.
    pub(super) fn add(
        &mut self,
        check: &CodeInfo,
        location: Location,
        message: String,
        detail: String,
    ) {
        self.list
            .push(Finding::new(check, location, message, detail));
    }
}

/// One statement and what every check needs to know about it.
pub(super) struct Ctx<'a> {
    pub index: usize,
    pub statement: &'a Statement,
    pub effect: Option<Effect>,
    pub policy_type: PolicyType,
    /// Whether the document's Version substitutes policy variables.
    pub variables_ok: bool,
}

impl Ctx<'_> {
    /// A location in this statement.
    pub fn at(&self, field: Field) -> Location {
        Location::statement(self.index, field)
    }

    /// The location of one string of a list element, with its span.
    pub fn at_item(&self, field: Field, element: usize, text: &Text) -> Location {
        self.at(field).element(element).with_span(text.span)
    }

    /// Where to point for the whole statement.
    pub fn at_statement(&self, field: Field) -> Location {
        self.at(field).with_span(self.statement.span)
    }
}

/// `"text"` in double quotes, for messages.
pub(super) fn quoted(text: &str) -> String {
    Quoted(text).to_string()
}

/// Text shown in double quotes when formatted: kept by checks that may or may not report, so
/// that entries without findings cost no allocation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

/// `Did you mean "x"? ` from a suggestion, or nothing.
pub(super) fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!("Did you mean \"{s}\"? "))
        .unwrap_or_default()
}

/// A short list such as `"a", "b" and 3 more`.
pub(super) fn short_list<S: AsRef<str>>(items: &[S], limit: usize) -> String {
    short_list_of(items.iter(), limit)
}

/// [`short_list`] of items produced on demand: only those shown are formatted.
pub(super) fn short_list_of<S: AsRef<str>>(
    items: impl ExactSizeIterator<Item = S>,
    limit: usize,
) -> String {
    use std::fmt::Write;
    let rest = items.len().saturating_sub(limit);
    let mut text = String::new();
    for (i, item) in items.take(limit).enumerate() {
        let separator = if i == 0 { "" } else { ", " };
        // Writing to a String cannot fail.
        let _ = write!(text, "{separator}{}", Quoted(item.as_ref()));
    }
    if rest > 0 {
        let _ = write!(text, " and {rest} more");
    }
    text
}
