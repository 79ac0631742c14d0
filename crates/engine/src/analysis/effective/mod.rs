//! Effective permissions of an identity: what a set of identity policies allows, evaluated
//! offline with IAM's rules for identity-based policies.
//!
//! Build a [`PolicySet`] once from the identity's [`NamedPolicy`]s; it compiles every
//! statement and expands every action pattern over the catalogue, so the queries after that are
//! cheap:
//!
//! - [`PolicySet::decide`]: the [`Decision`] for one action on one concrete resource;
//!   [`PolicySet::grants`] is its granting statement.
//! - [`PolicySet::decide_anywhere`]: the decision for an action on *some* resource, with the
//!   statements that grant or deny it (for messages like `rekognition:DeleteCollection is
//!   allowed by policy "X", Statement[2] (Sid "Admin") via rekognition:*`).
//! - [`PolicySet::effective_actions`]: every catalogue action allowed somewhere,
//!   unconditionally or only under conditions, with counts by access level.
//! - [`PolicySet::actions_above`]: the granted actions above an access level.
//! - [`new_access`]: what a new policy set allows that an old one did not.
//!
//! # Evaluation
//!
//! Only identity policies are modelled (no resource policies, boundaries, SCPs or session
//! policies). A request (action, resource) is matched by a statement when the action matches
//! `Action` (or does not match `NotAction`) and the resource matches `Resource` (or matches none
//! of `NotResource`). Then an explicit Deny wins over any Allow, an Allow grants, and without
//! either the request is implicitly denied.
//!
//! - Actions compare ignoring case and wildcards expand over the whole catalogue (every
//!   service): `rekognition:*`, `*:Describe*`, `*`, and a `NotAction` Allow grants every
//!   catalogue action its list does not match. An action missing from the catalogue is still
//!   evaluated by [`PolicySet::decide`] by matching the statements' patterns.
//! - Resources compare case-sensitively and field by field for ARNs (a wildcard never spans a
//!   `:` between ARN fields; an ARN pattern with fewer than six fields is padded with `*`
//!   fields). The resource given to `decide` is a concrete resource: `*` or `?` in it are plain
//!   characters, so `"*"` (what wildcard-only actions such as `rekognition:DetectLabels` are
//!   requested on) is matched only by patterns such as `*`.
//!
//! # Conditions and policy variables
//!
//! Conditions are not evaluated (there is no request context offline). A statement with a
//! non-empty `Condition` applies only under that condition: an Allow with a condition is a
//! *conditional allow*, a Deny with a condition a *conditional deny*. A resource pattern with a
//! policy variable (`arn:aws:s3:::${aws:username}/*`) depends on the request too: the variable
//! is matched as `*` (the widest value it could take) and the match counts as conditional, for
//! Allow and Deny alike. So a conditional allow is never reported as a certain grant, and a
//! conditional deny never removes a grant, but both are reported (see [`Outcome`]).
//! `NotResource` patterns with variables are left out of the exclusion (the statement may then
//! match more) and make the statement conditional.
//!
//! # Resource-aware denial and its approximation
//!
//! An action counts as allowed when an Allow grants it on *some* resource that no Deny takes
//! away again: `Allow s3:* on *` with `Deny s3:DeleteObject on arn:aws:s3:::logs/*` still allows
//! `s3:DeleteObject` (on other buckets). Whether the denied resources cover the allowed ones is
//! decided one resource pattern at a time: an allowed pattern is taken away when a *single*
//! Deny pattern covers it (see [`crate::policy::pattern_covers`]). Two Deny patterns that only
//! together cover an allowed one leave the action allowed. This errs on the side of reporting
//! access: the effective sets may hold an action the policies in fact deny everywhere, never the
//! other way round.
//!
//! # Cost
//!
//! Actions are numbered in catalogue order, so a pattern expands (narrowed by the sorted
//! tables, see `actions.rs`) to a few ranges, computed once per distinct pattern per build, and
//! sets of actions are bitsets. [`PolicySet::effective_actions`] only looks at the words where
//! an Allow's actions meet some Deny's, and finds the Denies that can cover a resource pattern
//! through an index on the ARN fields, computed once per distinct pattern. Names in
//! [`EffectiveActions`] are [`ActionName`]s borrowed from the catalogue. For an identity with 20
//! policies of 50 statements, building the set and computing the effective actions takes about
//! 2 ms in a release build.
//!
//! # Parts not known until apply
//!
//! Statements built from Terraform values may have parts not known until apply (see
//! [`crate::policy::UnknownParts`]). [`Bounds`] compiles the two completions that grant least and
//! most of all the values those parts may take, and answers questions that grow with access with
//! a three-valued [`Tri`]: see `unknowns.rs`. [`PolicySet::new`] itself compiles statements as
//! given, except that a `Resource` list marked unknown also holds one resource not known yet.
//!
//! # Statements that are not evaluated
//!
//! Statements IAM would reject when the policy is attached are skipped and listed by
//! [`PolicySet::skipped_statements`]: an `Effect` other than `Allow`/`Deny`, neither or both of
//! `Action`/`NotAction`, neither or both of `Resource`/`NotResource`. `Principal` and
//! `NotPrincipal` are ignored (an identity policy applies to its identity).

mod actions;
mod bits;
mod compile;
mod decide;
mod denies;
mod name;
mod new_access;
mod others;
mod resource;
mod rules;
mod set;
mod summary;
mod universe;
mod unknowns;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use decide::{Decision, Outcome};
pub use name::ActionName;
pub use new_access::{new_access, NewAccess, Widening};
pub use rules::{SkippedStatement, StatementRef};
pub use set::{NamedPolicy, PolicySet};
pub use summary::{AboveLevel, EffectiveActions};
pub use unknowns::{complete, unknown_statement, Assume, Bounds, Tri};
