//! The kinds of policy the validator knows, and the one table that names them: the spelling
//! users write (`policy_type`, `--policy-type`), the IAM size quota that applies when nothing
//! more specific is known, and the words that explain each in help and documentation. The
//! provider, the command line and the reports all read this table.

use crate::policy::SizeQuota;

/// What kind of policy the document is; some checks depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PolicyType {
    /// A policy attached to a user, group or role (managed or inline): no Principal.
    #[default]
    Identity,
    /// A resource-based policy (S3 bucket, KMS key, ...): every statement names a Principal.
    Resource,
    /// A role trust policy: Principal required, only sts: actions, no Resource.
    Trust,
    /// An AWS Organizations service control policy: no Principal.
    ServiceControl,
    /// A Rekognition Custom Labels project policy: a resource policy that lets principals copy
    /// the project's model versions, with the narrower rules of `PutProjectPolicy` (see
    /// the `project` module).
    Project,
}

/// What the table says about one policy type.
struct Row {
    /// The spelling users write and reports print.
    name: &'static str,
    /// Whether users may name it; a service control policy is only ever found in a plan.
    nameable: bool,
    quota: SizeQuota,
    /// A few words for prose: "a {label} policy".
    label: &'static str,
    /// One line of help: what the type is and what it implies.
    help: &'static str,
}

/// How many policy types users may name; the build fails if the table disagrees.
const NAMED_COUNT: usize = 4;

impl PolicyType {
    /// Every policy type, in the order of the enum.
    pub const ALL: [PolicyType; 5] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::ServiceControl,
        PolicyType::Project,
    ];

    /// The policy types users may name in `policy_type` and `--policy-type`, in the order help
    /// lists them.
    pub const NAMED: [PolicyType; NAMED_COUNT] = {
        let mut out = [PolicyType::Identity; NAMED_COUNT];
        let mut slots: &mut [PolicyType] = &mut out;
        let mut rest: &[PolicyType] = &PolicyType::ALL;
        while let [kind, tail @ ..] = rest {
            if kind.row().nameable {
                let [slot, more @ ..] = slots else {
                    panic!("NAMED_COUNT is smaller than the table's nameable types");
                };
                *slot = *kind;
                slots = more;
            }
            rest = tail;
        }
        assert!(
            slots.is_empty(),
            "NAMED_COUNT is larger than the table's nameable types"
        );
        out
    };

    /// The table: one row per policy type. The match is exhaustive, so a new type cannot go
    /// without a name or a quota.
    const fn row(self) -> Row {
        match self {
            PolicyType::Identity => Row {
                name: "identity",
                nameable: true,
                quota: SizeQuota::ManagedPolicy,
                label: "identity",
                help: "Attached to a user, group or role: no Principal (managed-policy size quota)",
            },
            PolicyType::Resource => Row {
                name: "resource",
                nameable: true,
                quota: SizeQuota::ResourcePolicy,
                label: "resource",
                help: "Attached to a resource: every statement names a Principal",
            },
            PolicyType::Trust => Row {
                name: "trust",
                nameable: true,
                quota: SizeQuota::TrustPolicy,
                label: "trust",
                help: "A role's trust (assume-role) policy",
            },
            PolicyType::ServiceControl => Row {
                name: "service_control",
                nameable: false,
                quota: SizeQuota::ManagedPolicy,
                label: "service control",
                help: "An AWS Organizations service control policy: no Principal",
            },
            PolicyType::Project => Row {
                name: "project",
                nameable: true,
                quota: SizeQuota::ProjectPolicy,
                label: "Rekognition project",
                help: "A Rekognition Custom Labels project policy (only \
                       rekognition:CopyProjectVersion)",
            },
        }
    }

    /// The spelling users write and reports print: `identity`, `resource`, `trust`,
    /// `service_control` or `project`.
    pub const fn name(self) -> &'static str {
        self.row().name
    }

    /// The policy type users name `name`, if any (a service control policy is never named).
    pub fn from_name(name: &str) -> Option<PolicyType> {
        PolicyType::NAMED
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// [`PolicyType::from_name`], or a message for people with a did-you-mean and the names
    /// that are accepted.
    pub fn parse(name: &str) -> Result<PolicyType, String> {
        PolicyType::from_name(name).ok_or_else(|| {
            let names = PolicyType::NAMED.map(PolicyType::name);
            format!(
                "\"{name}\" is not a policy type. {}Use one of {}.",
                crate::suggest::did_you_mean(name, names),
                crate::suggest::one_of(&names)
            )
        })
    }

    /// The names users may write, for documentation: "`identity`, `resource`, `trust` or
    /// `project`".
    pub fn named_markdown() -> String {
        let names = PolicyType::NAMED.map(|kind| format!("`{}`", kind.name()));
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// A few words for prose, as in "a {label} policy": `identity`, `service control`,
    /// `Rekognition project`, ...
    pub fn label(self) -> &'static str {
        self.row().label
    }

    /// One line of help about the type.
    pub fn help(self) -> &'static str {
        self.row().help
    }

    /// The IAM size quota a policy of this type is held to when nothing more specific is known
    /// (a managed policy's for identity policies).
    pub fn default_quota(self) -> SizeQuota {
        self.row().quota
    }

    /// Whether statements name who they apply to (Principal required): resource, project and
    /// trust policies.
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyType::Resource | PolicyType::Project | PolicyType::Trust
        )
    }

    /// Whether the generic resource-policy rules apply: resource and project policies.
    pub fn is_resource_based(self) -> bool {
        matches!(self, PolicyType::Resource | PolicyType::Project)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn all_lists_every_type_once() {
        // A new variant stops this match compiling until it is added here and to ALL.
        let position = |kind| match kind {
            PolicyType::Identity => 0,
            PolicyType::Resource => 1,
            PolicyType::Trust => 2,
            PolicyType::ServiceControl => 3,
            PolicyType::Project => 4,
        };
        assert_eq!(PolicyType::ALL.map(position), [0, 1, 2, 3, 4]);
        let named: Vec<_> = PolicyType::ALL
            .into_iter()
            .filter(|kind| kind.row().nameable)
            .collect();
        assert_eq!(named, PolicyType::NAMED);
    }

    #[test]
    fn names_round_trip_and_are_distinct() {
        for kind in PolicyType::NAMED {
            assert_eq!(PolicyType::from_name(kind.name()), Some(kind));
            assert_eq!(PolicyType::parse(kind.name()), Ok(kind));
        }
        let mut names: Vec<_> = PolicyType::ALL.map(PolicyType::name).to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PolicyType::ALL.len());
        assert_eq!(PolicyType::from_name("service_control"), None);
    }

    #[test]
    fn every_type_has_a_quota_and_words() {
        assert_eq!(
            PolicyType::Identity.default_quota(),
            SizeQuota::ManagedPolicy
        );
        assert_eq!(
            PolicyType::ServiceControl.default_quota(),
            SizeQuota::ManagedPolicy
        );
        assert_eq!(
            PolicyType::Resource.default_quota(),
            SizeQuota::ResourcePolicy
        );
        assert_eq!(PolicyType::Trust.default_quota(), SizeQuota::TrustPolicy);
        assert_eq!(
            PolicyType::Project.default_quota(),
            SizeQuota::ProjectPolicy
        );
        for kind in PolicyType::ALL {
            assert!(kind.default_quota().limit() > 0);
            assert!(
                !kind.label().is_empty() && !kind.help().is_empty(),
                "{kind:?}"
            );
        }
        assert_eq!(
            PolicyType::named_markdown(),
            "`identity`, `resource`, `trust` or `project`"
        );
    }

    proptest! {
        #[test]
        fn only_the_table_names_parse(name in "[a-z_]{0,16}") {
            let named = PolicyType::NAMED.iter().any(|kind| kind.name() == name);
            prop_assert_eq!(PolicyType::from_name(&name).is_some(), named);
            if let Err(message) = PolicyType::parse(&name) {
                prop_assert!(message.contains("\"identity\", \"resource\", \"trust\" or \"project\""), "{}", message);
            }
        }
    }
}
