//! The gates: `require`, `forbid`, `max_access_level` and `allow_new_access`, decided with
//! three values.
//!
//! Each gate asks a question whose answer only grows with access, of the two completions of the
//! attached policies (see `analysis::effective::Bounds`): "yes" holds whatever the values known
//! only after apply turn out to be, "no" likewise, and "not yet" depends on them. A gate fails
//! the plan only on an answer that no unknown value can change, and passes only on one too; a
//! "not yet" is a warning naming the gate, the inputs that hold unknown values and what in them
//! is unknown, and the gate is decided again at apply, where every value is known.

use engine::analysis::effective::{
    new_access, Bounds, Outcome, PolicySet, StatementRef, Tri, Widening,
};
use engine::catalog::{self, AccessLevel};
use engine::suggest;
use host::diagnostic::{AttributePath, Diagnostic, Severity};
use host::value::Value;

use super::evaluate::{Evaluation, Pending};

/// The catalogue actions a gate block's entry names: a wildcard expanded, a literal in its
/// catalogue spelling. Empty for an action the catalogue lacks, which is an error: a misspelt
/// `forbid` entry would otherwise never fire.
pub(super) fn gate_actions(pattern: &str) -> Vec<String> {
    catalog::matching_actions(pattern)
        .map(|(_, a)| a.to_string())
        .collect()
}

fn describe_refs(refs: &[StatementRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The warning for a gate that cannot be decided at plan. `own` is what in the gate's own
/// arguments is unknown, if anything; otherwise the attached documents' unknowns are named.
fn deferred(
    gate: &str,
    what: &str,
    path: AttributePath,
    pending: &[Pending],
    own: Option<&str>,
) -> Diagnostic {
    let reasons = match own {
        Some(own) => own.to_string(),
        None => pending
            .iter()
            .map(|p| format!("{} ({})", p.input, p.why))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let hint = match pending.iter().find(|p| p.hint).filter(|_| own.is_none()) {
        Some(p) => format!(
            " {} is one value known only after apply; if it is a rekognitioniam_policy_document's .json, pass the data source object itself instead (for example {} = data.rekognitioniam_policy_document.<name>): the plan can then decide from its known statements.",
            p.input, p.input
        ),
        None => String::new(),
    };
    Diagnostic::warning(
        format!("Gate decided at apply: {gate}"),
        format!(
            "{what} cannot be decided at plan: it depends on values known only after apply, in {reasons}. It is decided again at apply, before anything is recorded in state.{hint}"
        ),
    )
    .at(path)
}

/// The known strings of a list attribute with their indexes, and whether anything in it
/// (the list or an element) is unknown.
fn known_list(v: &Value, name: &str) -> (Vec<(usize, String)>, bool) {
    let value = v.get(name).unwrap_or(&Value::Null);
    let items = value
        .as_elements()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.as_str().map(|s| (i, s.to_string())))
        .collect();
    (items, value.contains_unknown())
}

/// The blocks of a gate, or `None` (with a warning) when they are known only after apply.
fn gate_blocks<'v>(v: &'v Value, gate: &str, out: &mut Evaluation) -> Option<&'v [Value]> {
    match v.get(gate) {
        Some(Value::Unknown) => {
            out.diagnostics.push(deferred(
                gate,
                &format!("The {gate} blocks"),
                AttributePath::root(gate),
                &out.pending,
                Some(&format!("the {gate} blocks themselves")),
            ));
            None
        }
        other => Some(other.and_then(Value::as_elements).unwrap_or(&[])),
    }
}

/// Runs every gate on an evaluation; `prior` is the evaluation of the prior state, for
/// `allow_new_access`.
pub fn check(v: &Value, out: &mut Evaluation, prior: Option<&PolicySet>) {
    check_require(v, out);
    check_forbid(v, out);
    check_max_level(v, out);
    if let Some(prior) = prior {
        check_new_access(v, out, prior);
    }
    settle(v, out);
}

/// Reports the failed gates and quotas: as errors that fail the plan, or with
/// `enforce = false` (report only) as warnings, which `violations` and `verdict` record. With
/// `enforce` known only after apply, whether they fail is decided at apply.
fn settle(v: &Value, out: &mut Evaluation) {
    let enforce = v.get("enforce").unwrap_or(&Value::Null);
    for violation in &out.violations {
        let reported = match enforce {
            Value::Bool(false) => Diagnostic {
                severity: Severity::Warning,
                summary: format!("{} (enforce = false)", violation.summary),
                detail: format!(
                    "{} The plan goes on because enforce is false: the failure is recorded in violations and verdict.",
                    violation.detail
                ),
                path: violation.path.clone(),
            },
            enforce if enforce.is_unknown() => Diagnostic {
                severity: Severity::Warning,
                summary: format!("Gate decided at apply: {}", violation.summary),
                detail: format!(
                    "{} Whether this fails is decided at apply: enforce is known only after apply.",
                    violation.detail
                ),
                path: violation.path.clone(),
            },
            _ => violation.clone(),
        };
        out.diagnostics.push(reported);
    }
}

/// The catalogue actions `pattern` of a gate block names; `None`, with an error at `path`, when
/// it names none.
fn known_gate_actions(
    pattern: &str,
    path: &AttributePath,
    out: &mut Evaluation,
) -> Option<Vec<String>> {
    let expanded = gate_actions(pattern);
    if expanded.is_empty() {
        out.diagnostics
            .push(unknown_gate_action(pattern, path.clone()));
        return None;
    }
    Some(expanded)
}

/// A known list element with its index in the list.
type Indexed = (usize, String);

/// The known `resources` and `actions` of block `b` of `gate` (`require` or `forbid`), with a
/// warning that the block is decided at apply when a part of either is known only then.
fn known_block_lists(
    gate: &str,
    b: usize,
    block: &Value,
    out: &mut Evaluation,
) -> (Vec<Indexed>, Vec<Indexed>) {
    let (resources, resources_unknown) = known_list(block, "resources");
    let (actions, actions_unknown) = known_list(block, "actions");
    if resources_unknown || actions_unknown {
        let part = if actions_unknown {
            "actions"
        } else {
            "resources"
        };
        out.diagnostics.push(deferred(
            gate,
            &format!("{gate}[{b}] for its {part} known only after apply"),
            AttributePath::root(gate).index(b).attr(part),
            &out.pending,
            Some(&format!("{gate}[{b}].{part}")),
        ));
    }
    (resources, actions)
}

/// `require`: fails when, for some listed action and resource, the answer to "is it allowed
/// unconditionally (no Deny, conditional or not, takes it away)?" is no; passes when it is yes
/// for all. An Allow whose resources are unknown may or may not cover the resource, a Deny with
/// unknown parts may or may not take the grant away: not yet. A resource or action of the
/// block itself known only after apply is decided at apply.
fn check_require(v: &Value, out: &mut Evaluation) {
    let Some(blocks) = gate_blocks(v, "require", out) else {
        return;
    };
    for (b, block) in blocks.iter().enumerate() {
        let block_path = AttributePath::root("require").index(b);
        let (mut resources, actions) = known_block_lists("require", b, block, out);
        if block.get("resources").is_none_or(Value::is_null) {
            resources = vec![(0, "*".to_string())];
        }
        for (i, pattern) in actions {
            let path = block_path.clone().attr("actions").index(i);
            let Some(expanded) = known_gate_actions(&pattern, &path, out) else {
                continue;
            };
            let mut not_yet = None;
            'actions: for action in expanded {
                for (_, resource) in &resources {
                    let allowed =
                        |s: &PolicySet| s.decide(&action, resource).outcome == Outcome::Allowed;
                    match out.bounds.ask(allowed) {
                        Tri::Yes => continue,
                        Tri::NotYet => {
                            not_yet.get_or_insert_with(|| format!("{action} on {resource}"));
                            continue;
                        }
                        Tri::No => {}
                    }
                    // Not allowed even where the unknown values grant most: explain from there.
                    let d = out.bounds.most().decide(&action, resource);
                    let why = match d.outcome {
                        Outcome::Allowed => continue,
                        Outcome::ExplicitlyDenied => {
                            format!("it is denied by {}", describe_refs(&d.by))
                        }
                        Outcome::ImplicitlyDenied => "no attached policy allows it".to_string(),
                        Outcome::ConditionallyAllowed => format!(
                            "it is allowed only under a condition, by {}",
                            describe_refs(&d.by)
                        ),
                        Outcome::ConditionallyDenied => format!(
                            "a conditional Deny may take it away: {}",
                            describe_refs(&d.unless)
                        ),
                    };
                    out.violations.push(
                        Diagnostic::error(
                            "Required access is missing",
                            format!("The identity must be allowed {action} on {resource}, but {why}. Attach a policy that allows it, or remove the Deny."),
                        )
                        .at(path.clone()),
                    );
                    not_yet = None;
                    break 'actions;
                }
            }
            if let Some(what) = not_yet {
                out.diagnostics.push(deferred(
                    "require",
                    &format!("Whether the identity is allowed {what}"),
                    path,
                    &out.pending,
                    None,
                ));
            }
        }
    }
}

/// `forbid`: fails when, for some listed action, the answer to "may it be allowed (in some
/// request context) on a listed resource, or on any resource when none is listed?" is yes;
/// passes when it is no. An Allow whose resources are unknown grants its known actions on some
/// resource, so a forbid without resources fails on it now unless a Deny (whose resources may
/// be anything) may take it away; on a listed resource it may or may not be granted: not yet.
/// A grant behind a condition, known or not, counts as "may be allowed", as without unknowns.
fn check_forbid(v: &Value, out: &mut Evaluation) {
    let Some(blocks) = gate_blocks(v, "forbid", out) else {
        return;
    };
    for (b, block) in blocks.iter().enumerate() {
        let block_path = AttributePath::root("forbid").index(b);
        let (resources, actions) = known_block_lists("forbid", b, block, out);
        // With resources given, an empty known list checks nothing more now.
        let anywhere = block.get("resources").is_none_or(Value::is_null);
        for (i, pattern) in actions {
            let path = block_path.clone().attr("actions").index(i);
            let Some(expanded) = known_gate_actions(&pattern, &path, out) else {
                continue;
            };
            let mut not_yet = None;
            let mut failed = false;
            for action in expanded {
                let targets: Vec<Option<&str>> = if anywhere {
                    vec![None]
                } else {
                    resources.iter().map(|(_, r)| Some(r.as_str())).collect()
                };
                for target in targets {
                    let decide = |s: &PolicySet| match target {
                        None => s.decide_anywhere(&action),
                        Some(r) => s.decide(&action, r),
                    };
                    match out.bounds.ask(|s| decide(s).outcome.may_be_allowed()) {
                        Tri::No => continue,
                        Tri::NotYet => {
                            not_yet.get_or_insert_with(|| {
                                format!(
                                    "Whether {action} may be allowed on {}",
                                    target.unwrap_or("some resource")
                                )
                            });
                            continue;
                        }
                        Tri::Yes => {}
                    }
                    // Granted even where the unknown values grant least: name those grants.
                    let d = decide(out.bounds.least());
                    out.violations.push(
                        Diagnostic::error(
                            "Forbidden access is granted",
                            format!("{action} must not be allowed on {}, but it is allowed by {}. Remove or narrow that statement, or add an explicit Deny.", target.unwrap_or("any resource"), describe_refs(&d.by)),
                        )
                        .at(path.clone()),
                    );
                    failed = true;
                    break;
                }
                if failed {
                    break;
                }
            }
            if let (Some(what), false) = (not_yet, failed) {
                out.diagnostics
                    .push(deferred("forbid", &what, path, &out.pending, None));
            }
        }
    }
}

fn unknown_gate_action(pattern: &str, path: AttributePath) -> Diagnostic {
    let (service, _) = pattern.split_once(':').unwrap_or((pattern, ""));
    let hint = catalog::service(service)
        .map(|s| {
            let names: Vec<String> = s.actions().iter().map(|a| a.to_string()).collect();
            suggest::did_you_mean(pattern, names.iter().map(String::as_str))
        })
        .unwrap_or_default();
    Diagnostic::error(
        "Unknown action",
        format!("\"{pattern}\" matches no action in the IAM catalogue. {hint}Use service:Action, e.g. rekognition:DetectLabels."),
    )
    .at(path)
}

/// `max_access_level`: fails when the answer to "is some action above the level granted on
/// some resource (in some request context)?" is yes, decided from the actions known to be
/// granted: an unknown action list may add actions, a Deny with unknown parts may take some
/// away, so both ends are asked. An unknown `max_access_level` itself is decided at apply.
fn check_max_level(v: &Value, out: &mut Evaluation) {
    let path = AttributePath::root("max_access_level");
    let text = match v.get("max_access_level") {
        Some(Value::Unknown) => {
            out.diagnostics.push(deferred(
                "max_access_level",
                "The level",
                path,
                &out.pending,
                Some("max_access_level itself"),
            ));
            return;
        }
        Some(Value::String(text)) => text.clone(),
        _ => return,
    };
    let Some(level) = AccessLevel::parse(&text) else {
        let names: Vec<&str> = AccessLevel::ALL.iter().map(|l| l.as_str()).collect();
        out.diagnostics.push(
            Diagnostic::error(
                "Invalid access level",
                format!(
                    "\"{text}\" is not an access level. {}Use one of {}.",
                    suggest::did_you_mean(&text, names.iter().copied()),
                    suggest::one_of(&names)
                ),
            )
            .at(path),
        );
        return;
    };
    match out.bounds.ask(|s| !s.actions_above(level).is_empty()) {
        Tri::No => {}
        Tri::NotYet => out.diagnostics.push(deferred(
            "max_access_level",
            &format!("Whether any granted action is above {}", level.as_str()),
            path,
            &out.pending,
            None,
        )),
        Tri::Yes => {
            let above = out.bounds.least().actions_above(level);
            let shown: Vec<String> = above
                .iter()
                .take(5)
                .map(|a| {
                    format!(
                        "{} ({}) by {}",
                        a.action,
                        a.level.as_str(),
                        describe_refs(a.granted_by.first().map_or(&[], std::slice::from_ref))
                    )
                })
                .collect();
            out.violations.push(
                Diagnostic::error(
                    "Access above the allowed level",
                    format!(
                        "{} granted action(s) are above {}: {}{}. Remove them or raise max_access_level.",
                        above.len(),
                        level.as_str(),
                        shown.join("; "),
                        if above.len() > 5 { "; ..." } else { "" }
                    ),
                )
                .at(path),
            );
        }
    }
}

/// `allow_new_access = false`: on an update, fails when the answer to "does the new set grant
/// some access the prior state's set does not?" is yes (asked of the least-access completion,
/// its grants exist whatever the unknown values), passes when the most-access completion grants
/// nothing new. The prior state is always known. An unknown `allow_new_access` is decided at
/// apply.
fn check_new_access(v: &Value, out: &mut Evaluation, prior: &PolicySet) {
    let path = AttributePath::root("allow_new_access");
    match v.get("allow_new_access") {
        Some(Value::Bool(false)) => {}
        Some(Value::Unknown) => {
            out.diagnostics.push(deferred(
                "allow_new_access",
                "Whether new access is allowed",
                path,
                &out.pending,
                Some("allow_new_access itself"),
            ));
            return;
        }
        _ => return,
    }
    let bounds: &Bounds = &out.bounds;
    match bounds.ask(|s| !new_access(prior, s).is_empty()) {
        Tri::No => {}
        Tri::NotYet => out.diagnostics.push(deferred(
            "allow_new_access",
            "Whether this change grants new access",
            path,
            &out.pending,
            None,
        )),
        Tri::Yes => {
            let grants = new_access(prior, bounds.least());
            let shown: Vec<String> = grants
                .iter()
                .take(5)
                .map(|g| {
                    let what = match g.widening {
                        Widening::NewAction => "new action",
                        Widening::WiderResource => "wider resources",
                        Widening::ConditionRelaxed => "condition relaxed",
                        Widening::DenyRemoved => "Deny removed",
                    };
                    format!("{} on {} ({what}; {})", g.action, g.resource, g.granted_by)
                })
                .collect();
            out.violations.push(
                Diagnostic::error(
                    "Update grants new access",
                    format!(
                        "allow_new_access is false, and this change grants {} access(es) the current attachments do not: {}{}. Revert the change, or set allow_new_access = true for this update.",
                        grants.len(),
                        shown.join("; "),
                        if grants.len() > 5 { "; ..." } else { "" }
                    ),
                )
                .at(path),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::evaluate::evaluate;
    use super::*;

    /// A deferred data source object: its `json` unknown, its statement blocks as given.
    fn object(blocks: Vec<Value>) -> Value {
        Value::object([
            ("json", Value::Unknown),
            ("minified_json", Value::Unknown),
            ("statement", Value::List(blocks)),
        ])
    }

    fn block(effect: &str, actions: &[&str], resources: Vec<Value>) -> Value {
        Value::object([
            ("effect", Value::from(effect)),
            ("actions", Value::string_list(actions.iter().copied())),
            ("resources", Value::List(resources)),
        ])
    }

    fn gate(actions: &[&str], resources: Option<&[&str]>) -> Value {
        Value::List(vec![Value::object([
            ("actions", Value::string_list(actions.iter().copied())),
            (
                "resources",
                resources.map_or(Value::Null, |r| Value::string_list(r.iter().copied())),
            ),
        ])])
    }

    fn run(inline: Vec<(&str, Value)>, gates: Vec<(&str, Value)>) -> Vec<(bool, String, String)> {
        let mut config = vec![
            (
                "identity_arn",
                Value::from("arn:aws:iam::111122223333:role/app"),
            ),
            ("inline_policies", Value::object(inline)),
        ];
        config.extend(gates);
        let config = Value::object(config);
        let mut evaluation = evaluate(&config);
        check(&config, &mut evaluation, None);
        evaluation
            .diagnostics
            .iter()
            .map(|d| (d.is_error(), d.summary.clone(), d.detail.clone()))
            .collect()
    }

    #[test]
    fn a_deny_with_unknown_resources_leaves_require_and_forbid_to_apply() {
        let images = object(vec![
            block("Allow", &["s3:GetObject"], vec![Value::from("*")]),
            block("Deny", &["s3:GetObject"], vec![Value::Unknown]),
        ]);
        let found = run(
            vec![("images", images)],
            vec![
                (
                    "require",
                    gate(&["s3:GetObject"], Some(&["arn:aws:s3:::a/b"])),
                ),
                ("forbid", gate(&["s3:GetObject"], None)),
            ],
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(error, _, _)| !error), "{found:?}");
        assert!(found[0].1.ends_with("require") && found[1].1.ends_with("forbid"));
        assert!(found[0]
            .2
            .contains("inline_policies[\"images\"] (statement 1: resources)"));
    }

    #[test]
    fn known_grants_and_known_absences_decide_now() {
        let images = object(vec![block(
            "Allow",
            &["s3:GetObject"],
            vec![Value::Unknown],
        )]);
        let found = run(
            vec![("images", images.clone())],
            vec![
                ("forbid", gate(&["s3:PutObject"], None)),
                ("max_access_level", Value::from("Read")),
            ],
        );
        assert!(found.is_empty(), "{found:?}");
        let found = run(
            vec![("images", images)],
            vec![("require", gate(&["s3:PutObject"], None))],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].0 && found[0].2.contains("no attached policy allows it"));
    }

    #[test]
    fn new_access_is_decided_from_grants_that_exist_whatever_the_unknowns() {
        let prior = Value::object([
            (
                "identity_arn",
                Value::from("arn:aws:iam::111122223333:role/app"),
            ),
            (
                "inline_policies",
                Value::object([(
                    "images",
                    Value::from(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::images/*"}]}"#,
                    ),
                )]),
            ),
        ]);
        let prior = evaluate(&prior);
        let decide = |actions: &[&str]| {
            let config = Value::object([
                (
                    "identity_arn",
                    Value::from("arn:aws:iam::111122223333:role/app"),
                ),
                ("allow_new_access", Value::Bool(false)),
                (
                    "inline_policies",
                    Value::object([(
                        "images",
                        object(vec![block("Allow", actions, vec![Value::Unknown])]),
                    )]),
                ),
            ]);
            let mut evaluation = evaluate(&config);
            check(&config, &mut evaluation, Some(prior.bounds.least()));
            evaluation.diagnostics
        };
        // The same action on a bucket not known yet: maybe the same bucket, maybe another.
        let found = decide(&["s3:GetObject"]);
        assert_eq!(found.len(), 1);
        assert!(!found[0].is_error() && found[0].summary.ends_with("allow_new_access"));
        // A new action is granted on some resource whatever the bucket turns out to be.
        let found = decide(&["s3:GetObject", "s3:PutObject"]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].is_error() && found[0].detail.contains("s3:PutObject"),
            "{found:?}"
        );
    }

    #[test]
    fn an_unknown_string_waits_with_the_hint() {
        let found = run(
            vec![
                ("whole", Value::Unknown),
                (
                    "known",
                    Value::from(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
                    ),
                ),
            ],
            vec![("forbid", gate(&["s3:GetObject"], None))],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!found[0].0);
        assert!(
            found[0].2.contains("pass the data source object itself"),
            "{}",
            found[0].2
        );
    }

    #[test]
    fn gate_entries_name_catalogue_actions() {
        assert_eq!(
            gate_actions("rekognition:DeleteCollection"),
            ["rekognition:DeleteCollection"]
        );
        assert_eq!(
            gate_actions("REKOGNITION:deletecollection"),
            ["rekognition:DeleteCollection"]
        );
        assert!(gate_actions("rekognition:DeleteColection").is_empty());
        assert!(gate_actions("rekognition:Delete*").len() > 3);
    }
}
