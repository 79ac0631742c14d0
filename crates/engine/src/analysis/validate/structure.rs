//! Document and statement structure: Version, Statement, Sid, Effect, required and conflicting
//! elements, trust-policy rules, unique Sids, redundant statements, size.

use super::actions::ActionKind;
use super::codes::{
    ACTION_MISSING, EFFECT_INVALID, EFFECT_MISSING, RESOURCE_MISSING, SID_DUPLICATE, SID_EMPTY,
    SID_INVALID, SID_NOT_UNIQUE, SIZE_EXCEEDED, STATEMENT_CONFLICT, STATEMENT_MISSING,
    STATEMENT_REDUNDANT, TRUST_ACTION, TRUST_RESOURCE, VERSION_INVALID, VERSION_LEGACY,
    VERSION_MISSING,
};
use super::{did_you_mean, glob, quoted, Collector, Ctx, PolicyType, ValidateOptions};
use crate::policy::{
    Field, Location, PolicyDocument, SizeQuota, Statement, StatementMeaning, VERSION_2008_10_17,
    VERSION_2012_10_17,
};
use crate::suggest;

/// Version and Statement.
pub(super) fn check_document(doc: &PolicyDocument, out: &mut Collector) {
    match &doc.version {
        None => out.add(
            &VERSION_MISSING,
            Location::document(Field::Version).with_span(doc.span),
            "Policy has no Version".to_string(),
            "Add \"Version\": \"2012-10-17\"; without it IAM uses 2008-10-17, which takes \
             policy variables literally."
                .to_string(),
        ),
        Some(version) if version.value == VERSION_2012_10_17 => {}
        Some(version) if version.value == VERSION_2008_10_17 => out.add(
            &VERSION_LEGACY,
            Location::document(Field::Version).with_span(version.span),
            "Version 2008-10-17 is the legacy policy language".to_string(),
            "Write \"Version\": \"2012-10-17\", the current version; the older one does not \
             substitute policy variables."
                .to_string(),
        ),
        Some(version) => {
            let suggestion =
                suggest::closest(&version.value, [VERSION_2012_10_17, VERSION_2008_10_17]);
            out.add(
                &VERSION_INVALID,
                Location::document(Field::Version).with_span(version.span),
                format!("Invalid Version {}", quoted(&version.value)),
                format!(
                    "{}IAM accepts only \"2012-10-17\" (current) and \"2008-10-17\".",
                    did_you_mean(suggestion.or(Some(VERSION_2012_10_17)))
                ),
            );
        }
    }
    let empty = doc.statements.as_ref().is_none_or(|s| s.is_empty());
    if empty {
        let span = doc.statements.as_ref().and_then(|s| s.span).or(doc.span);
        out.add(
            &STATEMENT_MISSING,
            Location::document(Field::Statement).with_span(span),
            "Policy has no statement".to_string(),
            "Add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}]."
                .to_string(),
        );
    }
}

/// The size quota.
pub(super) fn check_size(doc: &PolicyDocument, quota: SizeQuota, size: usize, out: &mut Collector) {
    let limit = quota.limit();
    if size <= limit {
        return;
    }
    out.add(
        &SIZE_EXCEEDED,
        Location::document(Field::Statement).with_span(doc.span),
        format!(
            "Policy has {size} characters ({}); the limit for {} is {limit}",
            quota.counting(),
            quota.describe()
        ),
        format!(
            "Remove {} characters: merge statements with the same Effect, Resource and \
             Condition, use wildcards such as rekognition:Describe* for families of actions, \
             or split the permissions into several policies.",
            size - limit
        ),
    );
}

/// Sid, Effect, required and conflicting elements of one statement.
pub(super) fn check_statement(ctx: &Ctx<'_>, out: &mut Collector) {
    let statement = ctx.statement;
    check_sid(ctx, out);
    match &statement.effect {
        None => out.add(
            &EFFECT_MISSING,
            ctx.at_statement(Field::Effect),
            "Statement has no Effect".to_string(),
            "Add \"Effect\": \"Allow\" or \"Effect\": \"Deny\".".to_string(),
        ),
        Some(effect) if ctx.effect.is_none() => {
            let suggestion = suggest::closest(&effect.value, ["Allow", "Deny"]);
            out.add(
                &EFFECT_INVALID,
                ctx.at(Field::Effect).with_span(effect.span),
                format!("Invalid Effect {}", quoted(&effect.value)),
                format!(
                    "{}Effect is exactly \"Allow\" or \"Deny\" (case-sensitive).",
                    did_you_mean(suggestion)
                ),
            );
        }
        Some(_) => {}
    }
    if statement.action.is_none() && statement.not_action.is_none() {
        out.add(
            &ACTION_MISSING,
            ctx.at_statement(Field::Action),
            "Statement has no Action or NotAction".to_string(),
            "Add \"Action\": [...] with the actions the statement is about, e.g. \
             \"rekognition:DetectLabels\"."
                .to_string(),
        );
    }
    let trust = ctx.policy_type == PolicyType::Trust;
    if !trust
        && statement.resource.is_none()
        && statement.not_resource.is_none()
        && !super::resources::resource_implied(ctx)
    {
        out.add(
            &RESOURCE_MISSING,
            ctx.at_statement(Field::Resource),
            "Statement has no Resource or NotResource".to_string(),
            "Add \"Resource\": \"*\" for actions without resource-level permissions, or the \
             ARNs of the resources, e.g. \
             \"arn:aws:rekognition:us-east-1:123456789012:collection/my-faces\"."
                .to_string(),
        );
    }
    if trust {
        for (field, list) in [
            (Field::Resource, &statement.resource),
            (Field::NotResource, &statement.not_resource),
        ] {
            if let Some(list) = list {
                out.add(
                    &TRUST_RESOURCE,
                    ctx.at(field).with_span(list.span),
                    format!("{field} is not allowed in a role trust policy"),
                    format!("A trust policy applies to its role; remove {field}."),
                );
            }
        }
    }
    for (a, b, present) in [
        (
            Field::Action,
            Field::NotAction,
            statement.action.is_some() && statement.not_action.is_some(),
        ),
        (
            Field::Resource,
            Field::NotResource,
            statement.resource.is_some() && statement.not_resource.is_some(),
        ),
        (
            Field::Principal,
            Field::NotPrincipal,
            statement.principal.is_some() && statement.not_principal.is_some(),
        ),
    ] {
        if present {
            let span = match b {
                Field::NotAction => statement.not_action.as_ref().and_then(|l| l.span),
                Field::NotResource => statement.not_resource.as_ref().and_then(|l| l.span),
                _ => statement.not_principal.as_ref().and_then(|p| p.span()),
            };
            out.add(
                &STATEMENT_CONFLICT,
                ctx.at(b).with_span(span.or(statement.span)),
                format!("Statement has both {a} and {b}"),
                format!("IAM rejects the combination; keep {a} or {b}, not both."),
            );
        }
    }
}

fn check_sid(ctx: &Ctx<'_>, out: &mut Collector) {
    let Some(sid) = &ctx.statement.sid else {
        return;
    };
    let location = || ctx.at(Field::Sid).with_span(sid.span);
    if sid.value.is_empty() {
        out.add(
            &SID_EMPTY,
            location(),
            "Sid is empty".to_string(),
            "Give the statement a name such as \"AllowDetectLabels\", or remove Sid.".to_string(),
        );
        return;
    }
    let strict = !ctx.policy_type.is_resource_based();
    if strict && !sid.value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let cleaned: String = sid
            .value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let suggestion = if cleaned.is_empty() {
            String::new()
        } else {
            format!(", e.g. \"{cleaned}\"")
        };
        out.add(
            &SID_INVALID,
            location(),
            format!(
                "Sid {} has characters other than letters and digits",
                quoted(&sid.value)
            ),
            format!("IAM policies accept only A-Z, a-z and 0-9 in Sid{suggestion}."),
        );
    }
}

/// Only sts actions that assume a role belong in a trust policy.
pub(super) fn check_trust_actions(
    ctx: &Ctx<'_>,
    actions: &Option<super::actions::ActionList<'_>>,
    out: &mut Collector,
) {
    const ALLOWED: [&str; 6] = [
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession",
        "sts:SetSourceIdentity",
        "sts:SetContext",
    ];
    let Some(actions) = actions else { return };
    if ctx.policy_type != PolicyType::Trust || !actions.is_action() {
        return;
    }
    for item in &actions.items {
        let text = item.text.as_str();
        let fits = match item.kind {
            ActionKind::Invalid => true,
            ActionKind::All => true,
            _ => ALLOWED
                .iter()
                .any(|allowed| glob::matches(text, allowed, true)),
        };
        if !fits {
            out.add(
                &TRUST_ACTION,
                ctx.at_item(Field::Action, item.element, item.text),
                format!(
                    "Action {} is not allowed in a role trust policy",
                    quoted(text)
                ),
                "A trust policy says who may assume the role: use sts:AssumeRole, \
                 sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, \
                 sts:SetSourceIdentity or sts:SetContext. Grant other actions in the role's \
                 permission policies."
                    .to_string(),
            );
        }
    }
}

/// Sids that repeat, and statements that mean the same.
pub(super) fn check_across_statements(
    doc: &PolicyDocument,
    options: &ValidateOptions,
    out: &mut Collector,
) {
    let statements = doc.statements();
    let check = if options.policy_type.is_resource_based() {
        &SID_NOT_UNIQUE
    } else {
        &SID_DUPLICATE
    };
    for (index, statement) in statements.iter().enumerate() {
        let Some(sid) = statement.sid.as_ref().filter(|s| !s.value.is_empty()) else {
            continue;
        };
        let earlier = statements
            .get(..index)
            .unwrap_or(&[])
            .iter()
            .position(|s| s.sid.as_ref().is_some_and(|other| other.value == sid.value));
        if let Some(first) = earlier {
            out.add(
                check,
                Location::statement(index, Field::Sid).with_span(sid.span),
                format!("Sid {} is used twice", quoted(&sid.value)),
                format!(
                    "Statement {first} has the same Sid; give each statement its own, e.g. \
                     \"{}{}\".",
                    sid.value, index
                ),
            );
        }
    }
    check_redundant_statements(statements, out);
}

/// A cheap fingerprint that equivalent statements share.
fn fingerprint(statement: &Statement) -> (Option<&str>, [usize; 5], bool, bool) {
    let len =
        |list: &Option<crate::policy::StringList>| list.as_ref().map_or(usize::MAX, |l| l.len());
    (
        statement.effect.as_ref().map(|e| e.as_str()),
        [
            len(&statement.action),
            len(&statement.not_action),
            len(&statement.resource),
            len(&statement.not_resource),
            statement
                .condition
                .as_ref()
                .map_or(0, |c| c.operators.len()),
        ],
        statement.principal.is_some(),
        statement.not_principal.is_some(),
    )
}

/// Bits that equivalent statements share: one per distinct entry of Action, NotAction,
/// Resource and NotResource, normalised as the equivalence normalises it (actions lower-cased),
/// so that a differing bit rules a pair out before the full comparison.
fn sketch(statement: &Statement) -> u64 {
    let mut bits = 0u64;
    let lists = [
        (&statement.action, true),
        (&statement.not_action, true),
        (&statement.resource, false),
        (&statement.not_resource, false),
    ];
    for (field, (list, lowercase)) in lists.into_iter().enumerate() {
        for text in list.iter().flat_map(|l| l.strings()) {
            let hash = if lowercase && !text.is_ascii() {
                field_hash(field, &text.to_lowercase(), false)
            } else {
                field_hash(field, text, lowercase)
            };
            bits |= 1 << (hash % 64);
        }
    }
    bits
}

/// A hash of `text` (ASCII-lower-cased when `lowercase`), salted with the field: eight bytes
/// per multiplication.
fn field_hash(field: usize, text: &str, lowercase: bool) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ field as u64;
    for chunk in text.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        for (slot, &byte) in word.iter_mut().zip(chunk) {
            *slot = if lowercase {
                byte.to_ascii_lowercase()
            } else {
                byte
            };
        }
        hash =
            (hash.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    hash ^ (hash >> 29)
}

fn check_redundant_statements(statements: &[Statement], out: &mut Collector) {
    let fingerprints: Vec<_> = statements.iter().map(fingerprint).collect();
    // Sketches and meanings are worked out once per statement, and only for statements whose
    // fingerprint matches another's.
    let mut sketches: Vec<Option<u64>> = vec![None; statements.len()];
    let mut sketch_of = |index: usize| -> Option<u64> {
        let slot = sketches.get_mut(index)?;
        let statement = statements.get(index)?;
        Some(*slot.get_or_insert_with(|| sketch(statement)))
    };
    let mut meanings: Vec<Option<StatementMeaning>> = Vec::new();
    meanings.resize_with(statements.len(), || None);
    let work_out = |index: usize, meanings: &mut Vec<Option<StatementMeaning>>| {
        if let (Some(slot @ None), Some(statement)) =
            (meanings.get_mut(index), statements.get(index))
        {
            *slot = Some(StatementMeaning::without_sid(statement));
        }
    };
    for (j, key) in fingerprints.iter().enumerate() {
        let earlier = fingerprints.get(..j).unwrap_or(&[]);
        let mut same = None;
        for (i, _) in earlier.iter().enumerate().filter(|(_, f)| *f == key) {
            if sketch_of(i) != sketch_of(j) {
                continue;
            }
            work_out(i, &mut meanings);
            work_out(j, &mut meanings);
            if let (Some(Some(a)), Some(Some(b))) = (meanings.get(i), meanings.get(j)) {
                if a == b {
                    same = Some(i);
                    break;
                }
            }
        }
        let later = statements.get(j);
        let span = later.and_then(|s| s.span);
        if let Some(first) = same {
            out.add(
                &STATEMENT_REDUNDANT,
                Location::statement(j, Field::Statement).with_span(span),
                format!("Statement {j} repeats statement {first}"),
                format!("Both grant or deny the same (Sid aside); remove statement {j}."),
            );
        }
    }
}
