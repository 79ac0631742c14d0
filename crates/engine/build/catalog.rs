//! Build-time half of the IAM catalogue: reads `data/catalog/iam-catalog.tsv` and writes
//! `catalog_tables.rs` into `OUT_DIR`, which `src/catalog` includes.
//!
//! The output holds only `static` arrays of plain integers plus one string blob, so the plugin
//! parses nothing at start-up and the tables need no load-time relocations. Every list is
//! sorted by ASCII-lowercased name here, which the runtime lookups rely on for binary search.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const DATA_FILE: &str = "data/catalog/iam-catalog.tsv";
const OUTPUT_FILE: &str = "catalog_tables.rs";

const ACCESS_LEVELS: [(&str, &str); 5] = [
    ("List", "List"),
    ("Read", "Read"),
    ("Write", "Write"),
    ("Tagging", "Tagging"),
    ("Permissions management", "PermissionsManagement"),
];

const VALUE_TYPES: [(&str, &str); 14] = [
    ("String", "String"),
    ("ArrayOfString", "ArrayOfString"),
    ("Numeric", "Numeric"),
    ("ArrayOfNumeric", "ArrayOfNumeric"),
    ("Date", "Date"),
    ("ArrayOfDate", "ArrayOfDate"),
    ("Bool", "Bool"),
    ("ArrayOfBool", "ArrayOfBool"),
    ("Binary", "Binary"),
    ("ArrayOfBinary", "ArrayOfBinary"),
    ("IPAddress", "IpAddress"),
    ("ArrayOfIPAddress", "ArrayOfIpAddress"),
    ("ARN", "Arn"),
    ("ArrayOfARN", "ArrayOfArn"),
];

/// Generates `catalog_tables.rs` in `out_dir` from the crate's committed catalogue data.
///
/// Panics with a message naming the offending line when the data file is missing or malformed,
/// which fails the build: the data is committed, so this only happens after a bad edit.
pub fn generate(out_dir: impl AsRef<Path>) {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let data_path = manifest_dir.unwrap_or_default().join(DATA_FILE);
    println!("cargo:rerun-if-changed={}", data_path.display());
    println!("cargo:rerun-if-changed=src/catalog/name_hash.rs");
    let result = fs::read_to_string(&data_path)
        .map_err(|err| format!("cannot read {}: {err}", data_path.display()))
        .and_then(|text| parse(&text))
        .and_then(|catalog| render(&catalog))
        .and_then(|code| write_if_changed(&out_dir.as_ref().join(OUTPUT_FILE), &code));
    if let Err(err) = result {
        panic!("IAM catalogue: {err}");
    }
}

fn write_if_changed(path: &Path, code: &str) -> Result<(), String> {
    // An unchanged file keeps its mtime, so dependants are not rebuilt needlessly.
    if fs::read_to_string(path).is_ok_and(|old| old == code) {
        return Ok(());
    }
    fs::write(path, code).map_err(|err| format!("cannot write {}: {err}", path.display()))
}

struct Catalog {
    version: String,
    source: String,
    global_keys: Vec<KeyDef>,
    services: Vec<ServiceDef>,
}

struct KeyDef {
    name: String,
    value_type: &'static str,
}

struct ServiceDef {
    prefix: String,
    name: String,
    keys: Vec<KeyDef>,
    resource_types: Vec<ResourceTypeDef>,
    actions: Vec<ActionDef>,
}

struct ResourceTypeDef {
    name: String,
    arn_formats: Vec<String>,
    keys: Vec<String>,
}

struct ActionDef {
    name: String,
    level: &'static str,
    resources: Vec<ActionResourceDef>,
    keys: Vec<String>,
    dependent_actions: Vec<String>,
}

struct ActionResourceDef {
    resource_type: String,
    required: bool,
    keys: Vec<String>,
}

include!("../src/catalog/name_hash.rs");

/// An open-addressing index over names, given by their hashes in row order: for each slot,
/// 1 + the row hashed there (linear probing), or 0 for an empty slot. A quarter to a half full,
/// so probes stay short.
fn name_index(hashes: &[NameHash]) -> Result<Vec<u32>, String> {
    let size = (hashes.len() * 2).next_power_of_two().max(2);
    let mut slots = vec![0u32; size];
    for (row, hash) in hashes.iter().enumerate() {
        let mut slot = hash.slot(size);
        while slots.get(slot).is_some_and(|&taken| taken != 0) {
            slot = (slot + 1) % size;
        }
        if let Some(free) = slots.get_mut(slot) {
            *free = to_u32(row + 1)?;
        }
    }
    Ok(slots)
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn list(field: &str, separator: char) -> Vec<String> {
    field
        .split(separator)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

fn lookup(table: &[(&str, &'static str)], label: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(name, _)| *name == label)
        .map(|(_, variant)| *variant)
}

fn parse(text: &str) -> Result<Catalog, String> {
    let mut catalog = Catalog {
        version: String::new(),
        source: String::new(),
        global_keys: Vec::new(),
        services: Vec::new(),
    };
    for (number, line) in text.lines().enumerate() {
        parse_line(&mut catalog, line)
            .map_err(|err| format!("{DATA_FILE}:{}: {err}", number + 1))?;
    }
    if catalog.version.is_empty() {
        return Err(format!("{DATA_FILE}: no V line"));
    }
    sort_and_check(&mut catalog)?;
    Ok(catalog)
}

fn parse_line(catalog: &mut Catalog, line: &str) -> Result<(), String> {
    if line.is_empty() || line.starts_with('#') {
        return Ok(());
    }
    let fields: Vec<&str> = line.split('\t').collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or("");
    let required = |i: usize| match field(i) {
        "" => Err(format!("field {} is empty", i + 1)),
        value => Ok(value.to_owned()),
    };
    let key = |name: String, label: &str| {
        lookup(&VALUE_TYPES, label)
            .map(|value_type| KeyDef { name, value_type })
            .ok_or_else(|| format!("unknown value type {label:?}"))
    };
    let service = catalog.services.last_mut();
    match (field(0), service) {
        ("V", _) => {
            catalog.version = required(1)?;
            catalog.source = format!("{} {}", required(2)?, required(3)?);
        }
        ("G", _) => catalog.global_keys.push(key(required(1)?, field(2))?),
        ("S", _) => catalog.services.push(ServiceDef {
            prefix: required(1)?,
            name: required(2)?,
            keys: Vec::new(),
            resource_types: Vec::new(),
            actions: Vec::new(),
        }),
        ("K", Some(service)) => service.keys.push(key(required(1)?, field(2))?),
        ("R", Some(service)) => service.resource_types.push(ResourceTypeDef {
            name: required(1)?,
            arn_formats: list(&required(2)?, ' '),
            keys: list(field(3), ','),
        }),
        ("A", Some(service)) => service.actions.push(ActionDef {
            name: required(1)?,
            level: lookup(&ACCESS_LEVELS, field(2))
                .ok_or_else(|| format!("unknown access level {:?}", field(2)))?,
            resources: list(field(3), ',')
                .iter()
                .map(|r| parse_action_resource(r))
                .collect(),
            keys: list(field(4), ','),
            dependent_actions: list(field(5), ','),
        }),
        (tag, _) => return Err(format!("unexpected line tag {tag:?}")),
    }
    Ok(())
}

/// `name`, then `*` when required, then optionally `=key|key`.
fn parse_action_resource(entry: &str) -> ActionResourceDef {
    let (head, keys) = entry.split_once('=').unwrap_or((entry, ""));
    let (resource_type, required) = match head.strip_suffix('*') {
        Some(name) => (name, true),
        None => (head, false),
    };
    ActionResourceDef {
        resource_type: resource_type.to_owned(),
        required,
        keys: list(keys, '|'),
    }
}

fn sort_unique<T>(items: &mut [T], name: impl Fn(&T) -> &str, what: &str) -> Result<(), String> {
    items.sort_by_cached_key(|item| lower(name(item)));
    let duplicate = items.windows(2).find_map(|pair| match pair {
        [a, b] if lower(name(a)) == lower(name(b)) => Some(name(a).to_owned()),
        _ => None,
    });
    match duplicate {
        Some(dup) => Err(format!("duplicate {what} {dup:?}")),
        None => Ok(()),
    }
}

fn sort_and_check(catalog: &mut Catalog) -> Result<(), String> {
    sort_unique(
        &mut catalog.global_keys,
        |k| &k.name,
        "global condition key",
    )?;
    sort_unique(&mut catalog.services, |s| &s.prefix, "service")?;
    for service in &mut catalog.services {
        let prefix = service.prefix.clone();
        sort_unique(
            &mut service.keys,
            |k| &k.name,
            &format!("{prefix} condition key"),
        )?;
        sort_unique(
            &mut service.resource_types,
            |r| &r.name,
            &format!("{prefix} resource type"),
        )?;
        sort_unique(
            &mut service.actions,
            |a| &a.name,
            &format!("{prefix} action"),
        )?;
    }
    Ok(())
}

/// Interns strings into one blob; a string is referred to by its index in `ends`.
#[derive(Default)]
struct TextPool {
    blob: String,
    ends: Vec<u32>,
    ids: HashMap<String, u32>,
}

impl TextPool {
    fn id(&mut self, s: &str) -> Result<u32, String> {
        if let Some(&id) = self.ids.get(s) {
            return Ok(id);
        }
        self.blob.push_str(s);
        let end = u32::try_from(self.blob.len()).map_err(|_| "string blob over 4 GiB")?;
        let id = u32::try_from(self.ends.len()).map_err(|_| "too many strings")?;
        self.ends.push(end);
        self.ids.insert(s.to_owned(), id);
        Ok(id)
    }
}

/// Rust source text of the tables, built row by row.
#[derive(Default)]
struct Tables {
    text: TextPool,
    services: String,
    actions: String,
    action_resources: String,
    resource_types: String,
    condition_keys: String,
    key_refs: Vec<u32>,
    arn_formats: Vec<u32>,
    dependent_actions: Vec<u32>,
    counts: Counts,
}

#[derive(Default)]
struct Counts {
    actions: u32,
    action_resources: u32,
    resource_types: u32,
    condition_keys: u32,
}

fn to_u32(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| format!("table too large: {n}"))
}

fn span(start: u32, end: u32) -> String {
    format!("S({start},{})", end - start)
}

impl Tables {
    /// Appends references to condition keys (by name, resolved in `keys` of one service).
    fn key_list(
        &mut self,
        names: &[String],
        keys: &HashMap<String, u32>,
    ) -> Result<String, String> {
        let start = to_u32(self.key_refs.len())?;
        let mut ids = names
            .iter()
            .map(|name| {
                keys.get(&lower(name))
                    .copied()
                    .ok_or_else(|| format!("undefined condition key {name}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        ids.sort_unstable();
        ids.dedup();
        self.key_refs.extend(ids);
        Ok(span(start, to_u32(self.key_refs.len())?))
    }

    fn key_row(&mut self, key: &KeyDef) -> Result<(), String> {
        let name = self.text.id(&key.name)?;
        let _ = writeln!(
            self.condition_keys,
            "K{{name:{name},value_type:V::{}}},",
            key.value_type
        );
        self.counts.condition_keys += 1;
        Ok(())
    }

    fn service(&mut self, index: u16, service: &ServiceDef) -> Result<(), String> {
        let keys_start = self.counts.condition_keys;
        let mut keys = HashMap::new();
        for key in &service.keys {
            keys.insert(lower(&key.name), self.counts.condition_keys);
            self.key_row(key)?;
        }

        let types_start = self.counts.resource_types;
        let mut types = HashMap::new();
        for rt in &service.resource_types {
            types.insert(lower(&rt.name), self.counts.resource_types);
            let name = self.text.id(&rt.name)?;
            let formats_start = to_u32(self.arn_formats.len())?;
            for format in &rt.arn_formats {
                let id = self.text.id(format)?;
                self.arn_formats.push(id);
            }
            let formats = span(formats_start, to_u32(self.arn_formats.len())?);
            let key_span = self
                .key_list(&rt.keys, &keys)
                .map_err(|e| format!("{}: {e}", rt.name))?;
            let _ = writeln!(
                self.resource_types,
                "R{{name:{name},service:{index},arn_formats:{formats},condition_keys:{key_span}}},"
            );
            self.counts.resource_types += 1;
        }

        let actions_start = self.counts.actions;
        for action in &service.actions {
            let context = |e: String| format!("{}:{}: {e}", service.prefix, action.name);
            let name = self.text.id(&action.name)?;
            let resources_start = self.counts.action_resources;
            for resource in &action.resources {
                let rt = types.get(&lower(&resource.resource_type)).ok_or_else(|| {
                    context(format!(
                        "undefined resource type {}",
                        resource.resource_type
                    ))
                })?;
                let key_span = self.key_list(&resource.keys, &keys).map_err(context)?;
                let _ = writeln!(
                    self.action_resources,
                    "AR{{resource_type:{rt},required:{},condition_keys:{key_span}}},",
                    resource.required
                );
                self.counts.action_resources += 1;
            }
            let resources = span(resources_start, self.counts.action_resources);
            let key_span = self.key_list(&action.keys, &keys).map_err(context)?;
            let deps_start = to_u32(self.dependent_actions.len())?;
            for dependent in &action.dependent_actions {
                let id = self.text.id(dependent)?;
                self.dependent_actions.push(id);
            }
            let deps = span(deps_start, to_u32(self.dependent_actions.len())?);
            let _ = writeln!(
                self.actions,
                "A{{name:{name},service:{index},access_level:L::{},resources:{resources},condition_keys:{key_span},dependent_actions:{deps}}},",
                action.level
            );
            self.counts.actions += 1;
        }

        let prefix = self.text.id(&service.prefix)?;
        let name = self.text.id(&service.name)?;
        let _ = writeln!(
            self.services,
            "Service{{prefix:{prefix},name:{name},actions:{},resource_types:{},condition_keys:{}}},",
            span(actions_start, self.counts.actions),
            span(types_start, self.counts.resource_types),
            span(keys_start, self.counts.condition_keys),
        );
        Ok(())
    }
}

fn int_array(out: &mut String, doc: &str, name: &str, values: &[u32]) {
    let _ = writeln!(
        out,
        "/// {doc}\npub(super) static {name}: [u32; {}] = [",
        values.len()
    );
    for chunk in values.chunks(32) {
        for value in chunk {
            let _ = write!(out, "{value},");
        }
        out.push('\n');
    }
    out.push_str("];\n");
}

fn struct_array(out: &mut String, doc: &str, name: &str, ty: &str, len: u32, rows: &str) {
    let _ = writeln!(
        out,
        "/// {doc}\npub(super) static {name}: [{ty}; {len}] = [\n{rows}];"
    );
}

/// Sorted indexes into `CONDITION_KEYS`: every distinct key name once (first service wins),
/// and the subset of names that are templates such as `s3:ExistingObjectTag/<key>`.
fn key_indexes(catalog: &Catalog) -> (Vec<u32>, Vec<u32>) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut index = 0u32;
    for service in &catalog.services {
        for key in &service.keys {
            seen.entry(lower(&key.name)).or_insert(index);
            index += 1;
        }
    }
    let mut distinct: Vec<(String, u32)> = seen.into_iter().collect();
    distinct.sort();
    let templated = distinct
        .iter()
        .filter(|(name, _)| name.contains("${") || name.contains('<'))
        .map(|(_, id)| *id)
        .collect();
    (distinct.into_iter().map(|(_, id)| id).collect(), templated)
}

/// Checks the integer tables before they are written: every string lies in the blob, every id
/// of the ARN format and dependent action lists names one of them, and every condition key
/// reference names a row of `CONDITION_KEYS`. The struct rows take their ids from the pool and
/// the row counters as they are written, and `src/catalog/invariant_tests.rs` reads all of it
/// back; the runtime accessors rely on both, so a generator bug fails the build or the tests.
fn check_references(
    tables: &Tables,
    distinct_keys: &[u32],
    templated_keys: &[u32],
) -> Result<(), String> {
    let strings = tables.text.ends.len();
    let keys = tables.counts.condition_keys;
    let mut previous = 0;
    for (id, &end) in tables.text.ends.iter().enumerate() {
        let range = previous as usize..end as usize;
        if end < previous || tables.text.blob.get(range).is_none() {
            return Err(format!("string {id} does not lie in the string blob"));
        }
        previous = end;
    }
    let string_lists = [
        ("ARN_FORMATS", &tables.arn_formats),
        ("DEPENDENT_ACTIONS", &tables.dependent_actions),
    ];
    for (name, ids) in string_lists {
        if let Some(id) = ids.iter().find(|&&id| id as usize >= strings) {
            return Err(format!("{name} refers to string {id}, of {strings}"));
        }
    }
    let key_lists = [
        ("KEY_REFS", &tables.key_refs[..]),
        ("DISTINCT_KEYS", distinct_keys),
        ("TEMPLATED_KEYS", templated_keys),
    ];
    for (name, rows) in key_lists {
        if let Some(row) = rows.iter().find(|&&row| row >= keys) {
            return Err(format!("{name} refers to condition key {row}, of {keys}"));
        }
    }
    Ok(())
}

/// Checks a name index: every slot is empty (0) or 1 + a row of a table of `rows` rows, and
/// every row is in a slot once.
fn check_index(name: &str, slots: &[u32], rows: usize) -> Result<(), String> {
    let mut seen = vec![false; rows];
    for &slot in slots.iter().filter(|&&slot| slot != 0) {
        match seen.get_mut(slot as usize - 1) {
            Some(found) if !*found => *found = true,
            Some(_) => return Err(format!("{name} holds row {} twice", slot - 1)),
            None => return Err(format!("{name} refers to row {}, of {rows}", slot - 1)),
        }
    }
    match seen.iter().position(|found| !found) {
        Some(row) => Err(format!("{name} misses row {row}")),
        None => Ok(()),
    }
}

fn render(catalog: &Catalog) -> Result<String, String> {
    let mut tables = Tables::default();
    for (index, service) in catalog.services.iter().enumerate() {
        let index = u16::try_from(index).map_err(|_| "more than 65535 services")?;
        tables.service(index, service)?;
    }
    let (distinct_keys, templated_keys) = key_indexes(catalog);
    let service_hashes: Vec<NameHash> = catalog
        .services
        .iter()
        .map(|service| NameHash::new().add(service.prefix.as_bytes()))
        .collect();
    let action_hashes: Vec<NameHash> = catalog
        .services
        .iter()
        .flat_map(|service| {
            let prefix = NameHash::new().add(service.prefix.as_bytes()).add(b":");
            service
                .actions
                .iter()
                .map(move |action| prefix.add(action.name.as_bytes()))
        })
        .collect();
    let service_index = name_index(&service_hashes)?;
    let action_index = name_index(&action_hashes)?;
    let mut globals = String::new();
    for key in &catalog.global_keys {
        let name = tables.text.id(&key.name)?;
        let _ = writeln!(
            globals,
            "K{{name:{name},value_type:V::{}}},",
            key.value_type
        );
    }

    check_references(&tables, &distinct_keys, &templated_keys)?;
    let services_total = catalog.services.len();
    let actions_total = catalog
        .services
        .iter()
        .map(|s| s.actions.len())
        .sum::<usize>();
    check_index("SERVICE_INDEX", &service_index, services_total)?;
    check_index("ACTION_INDEX", &action_index, actions_total)?;

    let mut out = String::new();
    out.push_str(
        "// Generated by the engine crate's build/catalog.rs from data/catalog/iam-catalog.tsv; do not edit.\n",
    );
    out.push_str("use super::levels::{AccessLevel as L, ConditionValueType as V};\n");
    out.push_str("use super::model::{Action as A, ActionResource as AR, ConditionKey as K};\n");
    out.push_str("use super::model::{ResourceType as R, Service, Span as S};\n");
    let _ = writeln!(
        out,
        "/// Date of the catalogue data.\npub(super) const VERSION: &str = {:?};",
        catalog.version
    );
    let _ = writeln!(
        out,
        "/// Package and version the data was derived from.\npub(super) const SOURCE: &str = {:?};",
        catalog.source
    );
    let _ = writeln!(
        out,
        "/// Every string of the catalogue, back to back.\npub(super) static TEXT: &str = {:?};",
        tables.text.blob
    );
    int_array(
        &mut out,
        "End offset in `TEXT` of each string id.",
        "TEXT_ENDS",
        &tables.text.ends,
    );
    let services_len = to_u32(catalog.services.len())?;
    struct_array(
        &mut out,
        "Services sorted by prefix.",
        "SERVICES",
        "Service",
        services_len,
        &tables.services,
    );
    struct_array(
        &mut out,
        "Actions, grouped by service.",
        "ACTIONS",
        "A",
        tables.counts.actions,
        &tables.actions,
    );
    struct_array(
        &mut out,
        "Resource types an action can be scoped to.",
        "ACTION_RESOURCES",
        "AR",
        tables.counts.action_resources,
        &tables.action_resources,
    );
    struct_array(
        &mut out,
        "Resource types, grouped by service.",
        "RESOURCE_TYPES",
        "R",
        tables.counts.resource_types,
        &tables.resource_types,
    );
    struct_array(
        &mut out,
        "Service condition keys, grouped by service.",
        "CONDITION_KEYS",
        "K",
        tables.counts.condition_keys,
        &tables.condition_keys,
    );
    struct_array(
        &mut out,
        "Global condition keys sorted by name.",
        "GLOBAL_CONDITION_KEYS",
        "K",
        to_u32(catalog.global_keys.len())?,
        &globals,
    );
    int_array(
        &mut out,
        "Condition key lists: indexes into `CONDITION_KEYS`.",
        "KEY_REFS",
        &tables.key_refs,
    );
    int_array(
        &mut out,
        "ARN format lists: string ids.",
        "ARN_FORMATS",
        &tables.arn_formats,
    );
    int_array(
        &mut out,
        "Dependent action lists: string ids.",
        "DEPENDENT_ACTIONS",
        &tables.dependent_actions,
    );
    int_array(
        &mut out,
        "Distinct service condition keys sorted by name.",
        "DISTINCT_KEYS",
        &distinct_keys,
    );
    int_array(
        &mut out,
        "The templated subset of `DISTINCT_KEYS`.",
        "TEMPLATED_KEYS",
        &templated_keys,
    );
    int_array(
        &mut out,
        "Services by prefix ignoring ASCII case: 1 + row of `SERVICES`, 0 for none.",
        "SERVICE_INDEX",
        &service_index,
    );
    int_array(
        &mut out,
        "Actions by `prefix:Name` ignoring ASCII case: 1 + row of `ACTIONS`, 0 for none.",
        "ACTION_INDEX",
        &action_index,
    );
    Ok(out)
}
