//! Resource `rekognitioniam_policy_attachment`: gates an identity's policy attachments at plan.

mod evaluate;
mod gates;
mod identity;
mod inputs;
mod intent;
mod schema;

use std::collections::BTreeMap;

use crate::provider::config::{CallContext, ProviderDefaults};
use engine::policy::{documents_equivalent, parse_policy};
use host::diagnostic::{has_errors, AttributePath, Diagnostic, Diagnostics};
use host::provider::{ApplyRequest, PlanRequest, PlanResponse, Resource};
use host::value::{Number, Value};

use evaluate::{evaluate, evaluate_with, Evaluation, DEFAULT_MAX_MANAGED};
use inputs::plain;

/// `rekognitioniam_policy_attachment`.
pub struct PolicyAttachmentResource;

const TYPE_NAME: &str = "rekognitioniam_policy_attachment";

/// Attributes set by configuration; everything else is computed from them.
const INPUTS: [&str; 11] = [
    "identity_arn",
    "enforce",
    "managed_policy_arns",
    "policy_documents",
    "inline_policies",
    "max_managed_policies",
    "allow_new_access",
    "max_access_level",
    "require",
    "forbid",
    "intent",
];

/// Attributes computed from the inputs.
const COMPUTED: [&str; 12] = [
    "verdict",
    "violations",
    "effective_actions",
    "conditional_actions",
    "access_summary",
    "added_actions",
    "removed_actions",
    "managed_policy_count",
    "inline_policy_chars",
    "inline_policy_limit",
    "findings",
    "id",
];

impl Resource for PolicyAttachmentResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> host::schema::Schema {
        schema::schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        self.validate_in(config, &CallContext::default())
    }

    fn plan(&self, request: &PlanRequest) -> PlanResponse {
        self.plan_in(request, &CallContext::default())
    }

    fn apply(&self, request: &ApplyRequest) -> (Value, Diagnostics) {
        self.apply_in(request, &CallContext::default())
    }

    fn validate_in(&self, config: &Value, context: &CallContext) -> Diagnostics {
        if config.contains_unknown() {
            // Checked at plan, as far as the values known then decide (and again at apply).
            return Vec::new();
        }
        let defaults = crate::provider::config::defaults(context).unwrap_or_default();
        let mut evaluation = evaluate_with(config, &defaults);
        gates::check(config, &mut evaluation, None);
        evaluation.diagnostics.extend(intent::validate(config));
        evaluation.diagnostics
    }

    fn plan_in(&self, request: &PlanRequest, context: &CallContext) -> PlanResponse {
        let defaults = crate::provider::config::defaults(context).unwrap_or_default();
        let proposed = &request.proposed_new_state;
        if proposed.is_null() {
            return PlanResponse::default();
        }
        let prior = &request.prior_state;
        let mut planned = with_defaults(proposed);
        keep_equivalent_documents(&mut planned, prior);
        let mut response = PlanResponse::default();
        if let (Some(old), Some(new)) = (
            prior.get("identity_arn").filter(|v| !v.is_null()),
            planned.get("identity_arn"),
        ) {
            if old != new {
                response
                    .requires_replace
                    .push(AttributePath::root("identity_arn"));
            }
        }
        let replacing = !response.requires_replace.is_empty();
        let prior_for_diff = if replacing { &Value::Null } else { prior };
        // Decided now as far as the known values decide; what cannot be decided yet is a
        // warning, and everything is checked again at apply.
        let evaluation = gated(&planned, prior_for_diff, &defaults);
        response.diagnostics = evaluation.diagnostics.clone();
        if has_errors(&response.diagnostics) {
            return response;
        }
        if planned.contains_unknown() || !evaluation.known() {
            for name in COMPUTED {
                set(&mut planned, name, Value::Unknown);
            }
        } else {
            fill_computed(&mut planned, &evaluation, prior_for_diff);
        }
        response.planned_state = planned;
        response
    }

    fn apply_in(&self, request: &ApplyRequest, context: &CallContext) -> (Value, Diagnostics) {
        let defaults = crate::provider::config::defaults(context).unwrap_or_default();
        let planned = &request.planned_state;
        if planned.is_null() {
            return (Value::Null, Vec::new());
        }
        if !planned.contains_unknown() {
            return (planned.clone(), Vec::new());
        }
        // Values that were unknown at plan are known now: run the plan's checks on them.
        let mut state = with_defaults(&request.config);
        for name in INPUTS {
            if let Some(v) = planned.get(name).filter(|v| !v.contains_unknown()) {
                set(&mut state, name, v.clone());
            }
        }
        let evaluation = gated(&state, &request.prior_state, &defaults);
        let diagnostics = evaluation.diagnostics.clone();
        if has_errors(&diagnostics) {
            return (Value::Null, diagnostics);
        }
        fill_computed(&mut state, &evaluation, &request.prior_state);
        (state, diagnostics)
    }

    fn read(&self, state: &Value) -> (Value, Diagnostics) {
        (state.clone(), Vec::new())
    }

    fn upgrade_state_json(&self, version: i64, state: serde_json::Value) -> serde_json::Value {
        if version < 1 {
            upgrade_v0(state)
        } else {
            state
        }
    }

    fn import(&self, id: &str) -> (Option<Value>, Diagnostics) {
        if let Err(detail) = identity::parse_identity(id) {
            return (
                None,
                vec![Diagnostic::error(
                    "Invalid import id",
                    format!("Import by the identity's ARN. {detail}"),
                )],
            );
        }
        let mut state = with_defaults(&Value::null_object(&self.schema().block.value_type()));
        set(&mut state, "identity_arn", Value::from(id));
        let evaluation = evaluate(&state);
        fill_computed(&mut state, &evaluation, &Value::Null);
        (Some(state), Vec::new())
    }
}

/// Version 0 stored `inline_policies` and `policy_documents` as `map(string)`; as `dynamic`
/// attributes their JSON carries the type beside the value.
fn upgrade_v0(mut state: serde_json::Value) -> serde_json::Value {
    for name in ["inline_policies", "policy_documents"] {
        if let Some(slot) = state.get_mut(name).filter(|v| v.is_object()) {
            let map = slot.take();
            *slot = serde_json::json!({ "value": map, "type": ["map", "string"] });
        }
    }
    state
}

fn set(v: &mut Value, name: &str, value: Value) {
    if let Value::Object(m) = v {
        m.insert(name.to_string(), value);
    }
}

/// The proposed state with provider defaults for unset optional+computed inputs.
fn with_defaults(v: &Value) -> Value {
    let mut out = v.clone();
    if out.get("max_managed_policies").is_none_or(Value::is_null) {
        set(
            &mut out,
            "max_managed_policies",
            Value::Number(Number::Int(DEFAULT_MAX_MANAGED)),
        );
    }
    if out.get("allow_new_access").is_none_or(Value::is_null) {
        set(&mut out, "allow_new_access", Value::Bool(true));
    }
    if out.get("enforce").is_none_or(Value::is_null) {
        set(&mut out, "enforce", Value::Bool(true));
    }
    out
}

/// JSON maps equivalent to the prior ones (whitespace, key order) keep the prior text, so such
/// edits plan no change.
fn keep_equivalent_documents(planned: &mut Value, prior: &Value) {
    for name in ["policy_documents", "inline_policies"] {
        let (Some(new), Some(old_value)) = (planned.get(name), prior.get(name)) else {
            continue;
        };
        let (Some(new), Some(old)) = (plain(new).as_entries(), plain(old_value).as_entries())
        else {
            continue;
        };
        // Only JSON strings are compared; data source objects carry their own configuration.
        let equivalent = new.len() == old.len()
            && new.iter().all(|(k, v)| {
                old.get(k)
                    .is_some_and(|o| match (plain(v).as_str(), plain(o).as_str()) {
                        (Some(a), Some(b)) => a == b || json_equivalent(a, b),
                        _ => false,
                    })
            });
        if equivalent {
            let kept = old_value.clone();
            set(planned, name, kept);
        }
    }
}

fn json_equivalent(a: &str, b: &str) -> bool {
    let (pa, pb) = (parse_policy(a), parse_policy(b));
    match (pa.document, pb.document) {
        (Some(x), Some(y)) if pa.errors.is_empty() && pb.errors.is_empty() => {
            documents_equivalent(&x, &y)
        }
        _ => false,
    }
}

fn inputs_unchanged(planned: &Value, prior: &Value) -> bool {
    INPUTS
        .iter()
        .all(|name| planned.get(name) == prior.get(name))
}

fn strings<S: ToString>(items: impl IntoIterator<Item = S>) -> Value {
    Value::List(
        items
            .into_iter()
            .map(|s| Value::String(s.to_string()))
            .collect(),
    )
}

/// Sets the computed attributes from an evaluation; added/removed compare with `prior`.
fn fill_computed(planned: &mut Value, evaluation: &Evaluation, prior: &Value) {
    let effective = &evaluation.effective;
    let prior_actions: Vec<String> = prior
        .get("effective_actions")
        .and_then(Value::as_elements)
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let (added, removed) = if prior.is_null() {
        (Value::List(Vec::new()), Value::List(Vec::new()))
    } else if inputs_unchanged(planned, prior) {
        // Nothing the user controls changed: keep the last change on record.
        (
            prior.get("added_actions").cloned().unwrap_or_default(),
            prior.get("removed_actions").cloned().unwrap_or_default(),
        )
    } else {
        (
            strings(
                effective
                    .allowed
                    .iter()
                    .filter(|a| !prior_actions.iter().any(|p| p == a.as_ref()))
                    .cloned(),
            ),
            strings(
                prior_actions
                    .iter()
                    .filter(|a| !effective.allowed.iter().any(|e| e.as_ref() == a.as_str()))
                    .cloned(),
            ),
        )
    };
    let summary: BTreeMap<String, Value> = effective
        .access_summary
        .iter()
        .map(|(level, n)| {
            (
                level.as_str().to_string(),
                Value::Number(Number::Int(*n as i64)),
            )
        })
        .collect();
    let id = planned.get("identity_arn").cloned().unwrap_or_default();
    for (name, value) in [
        ("id", id),
        ("effective_actions", strings(effective.allowed.iter())),
        ("conditional_actions", strings(effective.conditional.iter())),
        ("access_summary", Value::Map(summary)),
        ("added_actions", added),
        ("removed_actions", removed),
        (
            "managed_policy_count",
            Value::Number(Number::Int(evaluation.managed_count as i64)),
        ),
        (
            "inline_policy_chars",
            Value::Number(Number::Int(evaluation.inline_chars as i64)),
        ),
        (
            "inline_policy_limit",
            Value::Number(Number::Int(evaluation.inline_limit as i64)),
        ),
        ("findings", Value::List(evaluation.findings.clone())),
        (
            "verdict",
            Value::from(if evaluation.violations.is_empty() {
                "pass"
            } else {
                "fail"
            }),
        ),
        (
            "violations",
            strings(
                evaluation
                    .violations
                    .iter()
                    .map(|d| format!("{}: {}", d.summary, d.detail)),
            ),
        ),
    ] {
        set(planned, name, value);
    }
}

/// Evaluates `planned` and runs the gates; `prior` (null on create or replacement) is what
/// `allow_new_access` compares with.
fn gated(planned: &Value, prior: &Value, defaults: &ProviderDefaults) -> evaluate::Evaluation {
    let mut evaluation = evaluate_with(planned, defaults);
    let before = (!prior.is_null() && !inputs_unchanged(planned, prior))
        .then(|| evaluate_with(prior, defaults));
    gates::check(
        planned,
        &mut evaluation,
        before.as_ref().map(|b| b.bounds.least()),
    );
    intent::check(planned, &mut evaluation);
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_0_state_becomes_dynamic_maps() {
        let old = serde_json::json!({
            "identity_arn": "arn:aws:iam::111122223333:role/app",
            "inline_policies": { "app": "{}" },
            "policy_documents": null,
        });
        let new = upgrade_v0(old);
        assert_eq!(
            new["inline_policies"],
            serde_json::json!({ "value": { "app": "{}" }, "type": ["map", "string"] })
        );
        assert!(new["policy_documents"].is_null());
        let ty = schema::schema().block.value_type();
        let bytes = serde_json::to_vec(&new).expect("json");
        let value = host::protocol::codec::json::decode(&bytes, &ty).expect("decodes");
        let entries = inputs::entries(&value, "inline_policies").0.expect("known");
        assert_eq!(entries[0].0, "app");
    }
}
