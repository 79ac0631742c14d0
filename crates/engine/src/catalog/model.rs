//! The catalogue's record types. Each is a row of a generated static table that refers to
//! other rows and to strings by index; the methods resolve those indexes into `'static` data.

use std::fmt;

use super::levels::{AccessLevel, ConditionValueType};
use super::name_hash::NameHash;
use super::names::{find_ci, find_hashed, is_template, template_matches};
use super::tables::{self, text};

/// A run of rows in one of the tables: start index and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Span(pub(super) u32, pub(super) u32);

impl Span {
    fn of<T>(self, table: &'static [T]) -> &'static [T] {
        let found = self.lookup(table);
        debug_assert!(found.is_some(), "catalogue span {self:?} outside its table");
        found.unwrap_or(&[])
    }

    /// The rows, `None` for a span that does not lie in `table`.
    pub(super) fn lookup<T>(self, table: &'static [T]) -> Option<&'static [T]> {
        let start = self.0 as usize;
        table.get(start..start.checked_add(self.1 as usize)?)
    }
}

// The build validates every index it writes and `invariant_tests` walks all of them, so lookups
// never miss; these empty rows only keep the accessors total in release builds. A debug build
// (every test run) stops at a miss instead of reading a broken table as an empty row.
const NOWHERE: u32 = u32::MAX;
static NO_SERVICE: Service = Service {
    prefix: NOWHERE,
    name: NOWHERE,
    actions: Span(0, 0),
    resource_types: Span(0, 0),
    condition_keys: Span(0, 0),
};
static NO_RESOURCE_TYPE: ResourceType = ResourceType {
    name: NOWHERE,
    service: u16::MAX,
    arn_formats: Span(0, 0),
    condition_keys: Span(0, 0),
};
static NO_KEY: ConditionKey = ConditionKey {
    name: NOWHERE,
    value_type: ConditionValueType::String,
};

fn service_at(index: u16) -> &'static Service {
    let found = tables::SERVICES.get(usize::from(index));
    debug_assert!(
        found.is_some(),
        "catalogue service {index} outside its table"
    );
    found.unwrap_or(&NO_SERVICE)
}

fn keys_at(span: Span) -> impl ExactSizeIterator<Item = &'static ConditionKey> + Clone {
    span.of(&tables::KEY_REFS).iter().map(|&index| {
        let found = tables::CONDITION_KEYS.get(index as usize);
        debug_assert!(
            found.is_some(),
            "catalogue condition key {index} outside its table"
        );
        found.unwrap_or(&NO_KEY)
    })
}

fn texts_at(
    span: Span,
    table: &'static [u32],
) -> impl ExactSizeIterator<Item = &'static str> + Clone {
    span.of(table).iter().map(|&id| text(id))
}

/// An AWS service: its IAM prefix, actions, resource types and condition keys.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Service {
    pub(super) prefix: u32,
    pub(super) name: u32,
    pub(super) actions: Span,
    pub(super) resource_types: Span,
    pub(super) condition_keys: Span,
}

impl Service {
    /// The IAM prefix used in actions, e.g. `rekognition`.
    pub fn prefix(&self) -> &'static str {
        text(self.prefix)
    }

    /// The display name, e.g. `Amazon Rekognition`.
    pub fn name(&self) -> &'static str {
        text(self.name)
    }

    /// All actions, sorted by name ignoring ASCII case.
    pub fn actions(&self) -> &'static [Action] {
        self.actions.of(&tables::ACTIONS)
    }

    /// All resource types, sorted by name ignoring ASCII case.
    pub fn resource_types(&self) -> &'static [ResourceType] {
        self.resource_types.of(&tables::RESOURCE_TYPES)
    }

    /// The condition keys the service defines (including the `aws:` keys it lists), sorted by
    /// name ignoring ASCII case.
    pub fn condition_keys(&self) -> &'static [ConditionKey] {
        self.condition_keys.of(&tables::CONDITION_KEYS)
    }

    /// The action with this name (without prefix), ignoring ASCII case.
    pub fn action(&self, name: &str) -> Option<&'static Action> {
        let hash = NameHash::new()
            .add(self.prefix().as_bytes())
            .add(b":")
            .add(name.as_bytes());
        let start = self.actions.0 as usize;
        let own = start..start + self.actions.1 as usize;
        find_hashed(
            &tables::ACTION_INDEX,
            &tables::ACTIONS,
            hash,
            |row, action| own.contains(&row) && action.name().eq_ignore_ascii_case(name),
        )
    }

    /// The resource type with this name, ignoring ASCII case.
    pub fn resource_type(&self, name: &str) -> Option<&'static ResourceType> {
        find_ci(self.resource_types(), ResourceType::name, name)
    }

    /// The condition key of this service that `name` denotes: an exact match ignoring ASCII
    /// case, else a template the name instantiates (`aws:ResourceTag/team` gives
    /// `aws:ResourceTag/${TagKey}`).
    pub fn condition_key(&self, name: &str) -> Option<&'static ConditionKey> {
        let keys = self.condition_keys();
        find_ci(keys, ConditionKey::name, name)
            .or_else(|| keys.iter().find(|key| key.matches(name)))
    }

    /// The resource types whose ARN format can match `arn` (see [`ResourceType::matches_arn`]).
    pub fn resource_types_for_arn<'a>(
        &self,
        arn: &'a str,
    ) -> impl Iterator<Item = &'static ResourceType> + 'a {
        self.resource_types()
            .iter()
            .filter(move |rt| rt.matches_arn(arn))
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("prefix", &self.prefix())
            .field("name", &self.name())
            .field("actions", &self.actions().len())
            .finish()
    }
}

/// An IAM action such as `rekognition:DetectLabels`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Action {
    pub(super) name: u32,
    pub(super) service: u16,
    pub(super) access_level: AccessLevel,
    pub(super) resources: Span,
    pub(super) condition_keys: Span,
    pub(super) dependent_actions: Span,
}

impl Action {
    /// The name without the service prefix, e.g. `DetectLabels`.
    pub fn name(&self) -> &'static str {
        text(self.name)
    }

    /// The service the action belongs to.
    pub fn service(&self) -> &'static Service {
        service_at(self.service)
    }

    /// The full name `prefix:Name`, e.g. `rekognition:DetectLabels` (also what `Display` prints).
    pub fn full_name(&self) -> String {
        // the Display text, without the formatting machinery: messages list many of these
        let (prefix, name) = (self.service().prefix(), self.name());
        let mut full = String::with_capacity(prefix.len() + 1 + name.len());
        full.push_str(prefix);
        full.push(':');
        full.push_str(name);
        full
    }

    /// The classic access level.
    pub fn access_level(&self) -> AccessLevel {
        self.access_level
    }

    /// The resource types the action can be scoped to. Empty means the action supports only
    /// `"Resource": "*"`.
    pub fn resources(&self) -> &'static [ActionResource] {
        self.resources.of(&tables::ACTION_RESOURCES)
    }

    /// Condition keys the action supports regardless of resource (request keys such as
    /// `aws:RequestTag/${TagKey}`), sorted by name ignoring ASCII case.
    pub fn condition_keys(&self) -> impl ExactSizeIterator<Item = &'static ConditionKey> + Clone {
        keys_at(self.condition_keys)
    }

    /// Actions (`prefix:Name`) the caller also needs permission for, if the reference lists any.
    pub fn dependent_actions(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        texts_at(self.dependent_actions, &tables::DEPENDENT_ACTIONS)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Action")
            .field("name", &format_args!("{self}"))
            .field("access_level", &self.access_level)
            .finish()
    }
}

/// A resource type an action can be scoped to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionResource {
    pub(super) resource_type: u32,
    pub(super) required: bool,
    pub(super) condition_keys: Span,
}

impl ActionResource {
    /// The resource type.
    pub fn resource_type(&self) -> &'static ResourceType {
        let found = tables::RESOURCE_TYPES.get(self.resource_type as usize);
        debug_assert!(found.is_some(), "catalogue resource type outside its table");
        found.unwrap_or(&NO_RESOURCE_TYPE)
    }

    /// Whether the action always involves this resource type (marked `*` in the reference).
    pub fn required(&self) -> bool {
        self.required
    }

    /// Condition keys the reference lists for the action on this resource type.
    pub fn condition_keys(&self) -> impl ExactSizeIterator<Item = &'static ConditionKey> + Clone {
        keys_at(self.condition_keys)
    }
}

impl fmt::Debug for ActionResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionResource")
            .field("resource_type", &self.resource_type().name())
            .field("required", &self.required)
            .finish()
    }
}

/// A resource type of a service, with its ARN format(s).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType {
    pub(super) name: u32,
    pub(super) service: u16,
    pub(super) arn_formats: Span,
    pub(super) condition_keys: Span,
}

impl ResourceType {
    /// The name, e.g. `collection`.
    pub fn name(&self) -> &'static str {
        text(self.name)
    }

    /// The service the resource type belongs to.
    pub fn service(&self) -> &'static Service {
        service_at(self.service)
    }

    /// The position of this type in [`all_resource_types`](super::all_resource_types), so that
    /// callers can keep data per type in a plain array; `None` for a copy held elsewhere.
    pub fn row(&self) -> Option<usize> {
        let table = &tables::RESOURCE_TYPES;
        let offset = (std::ptr::from_ref(self) as usize).checked_sub(table.as_ptr() as usize)?;
        let row = offset / std::mem::size_of::<ResourceType>();
        table
            .get(row)
            .filter(|in_table| std::ptr::eq(*in_table, self))
            .map(|_| row)
    }

    /// The ARN formats, e.g. `arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}`.
    /// Almost always one; a few (mostly API Gateway) have two.
    pub fn arn_formats(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        texts_at(self.arn_formats, &tables::ARN_FORMATS)
    }

    /// Condition keys that apply to every resource of this type, e.g. `aws:ResourceTag/${TagKey}`.
    pub fn condition_keys(&self) -> impl ExactSizeIterator<Item = &'static ConditionKey> + Clone {
        keys_at(self.condition_keys)
    }

    /// Whether `arn`, as written in a policy's `Resource`, can name a resource of this type.
    ///
    /// Fields are compared one by one (`arn`, partition, service, region, account, then the
    /// resource part with any colons it has), since IAM wildcards never span fields. A format
    /// variable such as `${CollectionId}` matches any run of characters, `/` included. The ARN may
    /// contain `*` and `?`; it matches when some concrete ARN fits both it and the format. Policy
    /// variables like `${aws:username}` count as any run. A bare `*` matches every type.
    pub fn matches_arn(&self, arn: &str) -> bool {
        self.arn_formats()
            .any(|format| super::arn::format_matches(format, arn))
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceType")
            .field("service", &self.service().prefix())
            .field("name", &self.name())
            .finish()
    }
}

/// A condition key and the type of its values.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionKey {
    pub(super) name: u32,
    pub(super) value_type: ConditionValueType,
}

impl ConditionKey {
    /// The name, possibly a template such as `aws:RequestTag/${TagKey}` or
    /// `s3:ExistingObjectTag/<key>`.
    pub fn name(&self) -> &'static str {
        text(self.name)
    }

    /// The type of the key's values.
    pub fn value_type(&self) -> ConditionValueType {
        self.value_type
    }

    /// Whether the name holds a placeholder (`${…}` or `<…>`) that stands for a part chosen in
    /// the policy, such as a tag key.
    pub fn is_template(&self) -> bool {
        is_template(self.name())
    }

    /// Whether the concrete key `name` is this key: equal ignoring ASCII case, or an instance of
    /// the template where each placeholder stands for one or more characters.
    pub fn matches(&self, name: &str) -> bool {
        template_matches(self.name(), name)
    }
}

impl fmt::Debug for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConditionKey")
            .field("name", &self.name())
            .field("value_type", &self.value_type)
            .finish()
    }
}
