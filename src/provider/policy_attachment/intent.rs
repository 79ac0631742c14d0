//! The attachment's optional `intent` block: the operations the identity is for, compared at
//! plan with its effective permissions. More than the intent needs (the over-grant) and less
//! (a missing permission) are warnings that list what differs.

use std::collections::BTreeSet;

use crate::provider::policy_from_intent::{intent_attributes, resolve_at, Resolved};
use engine::analysis::effective::{PolicySet, Tri};
use engine::intent::{Grant, Holder, Rendered};
use engine::policy::{pattern_covers, MatchCase};
use host::diagnostic::{AttributePath, Diagnostic, Diagnostics};
use host::schema::{Block, NestedBlock};
use host::value::Value;

use super::evaluate::Evaluation;

/// How many entries a warning lists before it says how many more there are.
const LISTED: usize = 20;

/// The `intent` block.
pub(super) fn block() -> NestedBlock {
    NestedBlock {
        max_items: 1,
        ..NestedBlock::list(
            "intent",
            Block {
                description: "What the identity is for: the Rekognition operations it calls and \
                              the resources it calls them on, with the arguments of \
                              `rekognitioniam_policy_from_intent`. At plan, the identity's effective \
                              permissions are compared with what the intent needs: a warning lists \
                              every action granted that no operation needs, and every needed action \
                              granted on resources wider than the intent's; another lists every \
                              permission the intent needs that the identity lacks. Conditions are \
                              not evaluated: a conditional grant counts as granted, and a resource \
                              pattern of the intent is checked on one resource it matches."
                    .to_string(),
                attributes: intent_attributes(),
                ..Block::default()
            },
        )
    }
}

fn base() -> AttributePath {
    AttributePath::root("intent").index(0)
}

/// The `intent` block's object, when one is set.
fn intent_of(v: &Value) -> Option<&Value> {
    v.get("intent")?.as_elements()?.first()
}

/// Errors in the intent (unknown operations, malformed ARNs...), for validate.
pub(super) fn validate(v: &Value) -> Diagnostics {
    match intent_of(v).map(|i| resolve_at(i, Some(base()))) {
        Some(Resolved::Invalid(diags)) => diags,
        _ => Vec::new(),
    }
}

/// Compares the intent with the evaluation's effective permissions, at plan and apply.
pub(super) fn check(v: &Value, out: &mut Evaluation) {
    let Some(intent) = intent_of(v) else {
        return;
    };
    if intent.is_unknown() {
        return;
    }
    let rendered = match resolve_at(intent, Some(base())) {
        Resolved::Built(rendered) => rendered,
        Resolved::Invalid(diags) => {
            out.diagnostics.extend(diags);
            return;
        }
        Resolved::NotYetKnown => {
            out.diagnostics.push(
                Diagnostic::warning(
                    "Intent compared at apply",
                    "The intent holds values known only after apply, so the identity's \
                     permissions are compared with it at apply.",
                )
                .at(base()),
            );
            return;
        }
    };
    let needed: Vec<&Grant> = rendered
        .grants
        .iter()
        .filter(|g| g.holder == Holder::Caller)
        .collect();
    over_grant(&rendered, &needed, out);
    missing(&needed, out);
}

/// A concrete resource that `pattern` matches, to ask the evaluation about.
fn sample(pattern: &str) -> String {
    if pattern == "*" {
        return pattern.to_string();
    }
    pattern.replace(['*', '?'], "x")
}

fn listed(items: &[String]) -> String {
    let mut text = items
        .iter()
        .take(LISTED)
        .map(|s| format!("- {s}"))
        .collect::<Vec<_>>()
        .join("\n");
    if items.len() > LISTED {
        text.push_str(&format!("\n- ... and {} more", items.len() - LISTED));
    }
    text
}

/// Actions granted that the intent does not need, and needed actions granted on resources
/// wider than the intent's; from the grants that exist whatever the unknown values are.
fn over_grant(rendered: &Rendered, needed: &[&Grant], out: &mut Evaluation) {
    let set: &PolicySet = out.bounds.least();
    // the evaluation has them already when every document is known
    let computed;
    let effective = if out.bounds.is_exact() {
        &out.effective
    } else {
        computed = set.effective_actions();
        &computed
    };
    let wanted: BTreeSet<String> = needed.iter().map(|g| g.action.to_lowercase()).collect();
    let mut extra: Vec<String> = effective
        .allowed
        .iter()
        .chain(effective.conditional.iter())
        .map(|a| a.as_str().to_string())
        .filter(|a| !wanted.contains(&a.to_lowercase()))
        .collect();
    extra.sort();
    extra.dedup();
    let mut wider = Vec::new();
    let mut seen = BTreeSet::new();
    for grant in &rendered.grants {
        if grant.holder != Holder::Caller || !seen.insert(grant.action.as_str()) {
            continue;
        }
        let mut scopes: Vec<&String> = needed
            .iter()
            .filter(|g| g.action == grant.action)
            .flat_map(|g| g.resources.iter())
            .collect();
        scopes.sort();
        scopes.dedup();
        for by in set.decide_anywhere(&grant.action).by {
            let covered = scopes
                .iter()
                .any(|s| pattern_covers(s, &by.via_resource, MatchCase::Sensitive));
            if !covered {
                let scope: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
                wider.push(format!(
                    "{} on {} ({by}); the intent needs it on {}",
                    grant.action,
                    by.via_resource,
                    scope.join(", ")
                ));
            }
        }
    }
    if extra.is_empty() && wider.is_empty() {
        return;
    }
    let mut detail = String::from(
        "The identity's effective permissions grant more than the operations of the intent \
         need. Remove these grants, or render the policy with \
         rekognitioniam_policy_from_intent from the same intent.",
    );
    if !extra.is_empty() {
        detail.push_str(&format!(
            "\n\nActions no operation needs ({}):\n{}",
            extra.len(),
            listed(&extra)
        ));
    }
    if !wider.is_empty() {
        detail.push_str(&format!(
            "\n\nNeeded actions on wider resources ({}):\n{}",
            wider.len(),
            listed(&wider)
        ));
    }
    out.diagnostics
        .push(Diagnostic::warning("Permissions exceed the intent", detail).at(base()));
}

/// Permissions the intent needs that the identity is not allowed, even where the unknown
/// values grant most.
fn missing(needed: &[&Grant], out: &mut Evaluation) {
    let mut lacking = Vec::new();
    for grant in needed {
        for resource in &grant.resources {
            let probe = sample(resource);
            let allowed = |s: &PolicySet| s.decide(&grant.action, &probe).outcome.may_be_allowed();
            if out.bounds.ask(allowed) == Tri::No {
                lacking.push(format!(
                    "{} on {resource} (for {})",
                    grant.action, grant.operation
                ));
            }
        }
    }
    lacking.dedup();
    if lacking.is_empty() {
        return;
    }
    out.diagnostics.push(
        Diagnostic::warning(
            "Permissions missing for the intent",
            format!(
                "The operations of the intent need permissions the identity's policies do not \
                 grant ({}):\n{}\n\nAdd them, for example with the json of \
                 rekognitioniam_policy_from_intent for the same intent.",
                lacking.len(),
                listed(&lacking)
            ),
        )
        .at(base()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::policy_attachment::evaluate::evaluate;
    use crate::provider::policy_attachment::schema::schema;

    fn config(inline: &str, operations: &[&str], s3: &[&str]) -> Value {
        let ty = schema().block.value_type();
        let mut v = Value::null_object(&ty);
        let intent_ty = block().block.value_type();
        let mut intent = Value::null_object(&intent_ty);
        if let Value::Object(m) = &mut intent {
            m.insert(
                "operations".into(),
                Value::string_list(operations.iter().copied()),
            );
            if !s3.is_empty() {
                m.insert("s3_inputs".into(), Value::string_list(s3.iter().copied()));
            }
        }
        if let Value::Object(m) = &mut v {
            m.insert(
                "identity_arn".into(),
                Value::from("arn:aws:iam::111122223333:role/app"),
            );
            m.insert(
                "inline_policies".into(),
                Value::Map([("app".to_string(), Value::from(inline))].into()),
            );
            m.insert("intent".into(), Value::List(vec![intent]));
        }
        v
    }

    fn warnings(v: &Value) -> Vec<(String, String)> {
        let mut out = evaluate(v);
        out.diagnostics.clear();
        check(v, &mut out);
        out.diagnostics
            .iter()
            .map(|d| (d.summary.clone(), d.detail.clone()))
            .collect()
    }

    #[test]
    fn over_grant_and_missing_are_listed() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["rekognition:Detect*","s3:GetObject"],"Resource":"*"}]}"#;
        // SearchFacesByImage needs a collection: an error on the intent, since none is given
        let w = warnings(&config(
            policy,
            &["DetectLabels", "SearchFacesByImage"],
            &["s3://images/in/"],
        ));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "Resource missing for an operation");
        let w = warnings(&config(
            policy,
            &["DetectLabels", "DetectText"],
            &["s3://images/in/"],
        ));
        let (summary, detail) = &w[0];
        assert_eq!(summary, "Permissions exceed the intent");
        assert!(detail.contains("- rekognition:DetectFaces"), "{detail}");
        assert!(!detail.contains("- rekognition:DetectLabels\n"), "{detail}");
        assert!(
            detail.contains("s3:GetObject on * (policy \"inline:app\""),
            "{detail}"
        );
        assert_eq!(w.len(), 1, "{w:?}");

        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabels","Resource":"*"}]}"#;
        let w = warnings(&config(policy, &["DetectLabels"], &["s3://images/in/"]));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "Permissions missing for the intent");
        assert!(
            w[0].1
                .contains("- s3:GetObject on arn:aws:s3:::images/in/* (for DetectLabels)"),
            "{}",
            w[0].1
        );
    }

    #[test]
    fn an_exact_policy_gives_no_warning() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rekognition:DetectLabels","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::images/*"}]}"#;
        let w = warnings(&config(policy, &["DetectLabels"], &["s3://images/"]));
        assert!(w.is_empty(), "{w:?}");
    }
}
