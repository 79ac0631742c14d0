//! The command line: subcommands, flags and help text.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use engine::analysis::{PolicyType, Severity};
use engine::policy::SizeQuota;

use super::input::parse_size;

/// The binary's name, as users type it.
pub const BINARY: &str = "terraform-provider-rekognitioniam";

const ABOUT: &str = "Terraform/OpenTofu provider that writes, checks and gates AWS Rekognition \
IAM policies offline. Terraform and OpenTofu start it as a plugin; run by hand, its `check` \
command validates IAM policies for CI, offline and with no AWS account.";

const AFTER_HELP: &str = "\
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or input error (unknown flag, unreadable file, not JSON)

Examples:
  terraform plan -out=tfplan && terraform show -json tfplan > plan.json
  terraform-provider-rekognitioniam check plan.json
  terraform-provider-rekognitioniam check --format sarif plan.json > iam.sarif
  terraform-provider-rekognitioniam check --policy-type trust trust-policy.json
  terraform show -json tfplan | terraform-provider-rekognitioniam check -

Run `terraform-provider-rekognitioniam check --help` for the flags of check.";

const CHECK_ABOUT: &str = "Validate every IAM policy of a Terraform plan or state, or policy \
files, offline";

const CHECK_LONG_ABOUT: &str = "\
Validate every IAM policy of a Terraform plan or state, or plain policy files, offline: the \
same checks and finding codes as the rekognitioniam_policy_document data source, with no AWS \
account and no network.

A FILE that holds `terraform show -json` output (a plan or a state: it has format_version and \
terraform_version) is searched for policies: aws_iam_policy, aws_iam_role_policy, \
aws_iam_user_policy and aws_iam_group_policy documents, aws_iam_role trust policies and \
inline_policy blocks, aws_iam_policy_document and rekognitioniam_policy_document JSON, \
rekognitioniam_policy_template JSON, rekognitioniam_policy_attachment documents, and the \
resource-based policies of common AWS resources (S3 buckets, SNS topics, SQS queues, KMS keys, \
...), in the root module and every child module. Values that stay unknown until apply are \
listed as skipped, with their address and attribute. Any other FILE is one policy document; \
`-` reads standard input.";

const CHECK_AFTER_HELP: &str = "\
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or input error (unknown flag, unreadable file, not JSON, an input over
     --max-input-size)

Examples:
  terraform plan -out=tfplan && terraform show -json tfplan > plan.json
  terraform-provider-rekognitioniam check plan.json
  terraform-provider-rekognitioniam check --format sarif --output iam.sarif plan.json
  terraform-provider-rekognitioniam check --fail-on warning --ignore resource.star_could_be_scoped plan.json
  terraform-provider-rekognitioniam check --policy-type trust trust-policy.json
  terraform show -json tfplan | terraform-provider-rekognitioniam check -";

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = BINARY,
    about = ABOUT,
    after_help = AFTER_HELP,
    disable_version_flag = true
)]
pub struct Cli {
    /// Print the version and the date of the built-in IAM catalogue
    #[arg(short = 'V', long)]
    pub version: bool,

    /// The subcommand
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every IAM policy of a Terraform plan or state, or policy files, offline
    #[command(about = CHECK_ABOUT, long_about = CHECK_LONG_ABOUT, after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
}

/// The flags of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// `terraform show -json` output (plan or state) or a policy document; `-` for standard input
    #[arg(value_name = "FILE", required_unless_present = "version")]
    pub inputs: Vec<PathBuf>,

    /// Directory of AWS service reference JSON files (one per service) to lay over the built-in
    /// IAM catalogue, so that actions newer than the catalogue are known
    #[arg(long, value_name = "DIR")]
    pub service_reference_dir: Option<PathBuf>,

    /// Print the version and the IAM catalogue in use (with --service-reference-dir: the
    /// files laid over it), then exit
    #[arg(short = 'V', long)]
    pub version: bool,

    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Exit 1 when a finding is at least this serious
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Leave out a finding code (e.g. resource.star_could_be_scoped) or a family (condition.*);
    /// repeatable, or comma-separated
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// What kind of policy plain policy files are (plan policies know their own kind)
    #[arg(long, value_enum, value_name = "TYPE", default_value_t = PolicyTypeArg(PolicyType::Identity))]
    pub policy_type: PolicyTypeArg,

    /// Count warnings and security warnings as errors for --fail-on
    #[arg(long)]
    pub strict: bool,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Colour in the text report: auto (only on a terminal, and not when NO_COLOR is set)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// List every finding in the text report; without it, suggestions that do not fail the
    /// check are counted by code
    #[arg(long)]
    pub show_all: bool,

    /// Refuse an input larger than SIZE (bytes, or with K, M, G: 512M, 1G) while reading it
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_input_size: u64,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: file or resource, statement, line:column and the fix
    Text,
    /// One JSON document with every finding and every skipped policy
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only
    Error,
    /// Errors and security warnings
    #[value(name = "security_warning", alias = "security-warning")]
    SecurityWarning,
    /// Errors, security warnings and warnings
    Warning,
    /// Any finding
    Suggestion,
}

impl FailOn {
    /// The least serious severity that fails the check.
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::SecurityWarning => Severity::SecurityWarning,
            FailOn::Warning => Severity::Warning,
            FailOn::Suggestion => Severity::Suggestion,
        }
    }
}

/// `--policy-type` for plain policy files: one of the policy types users may name, with the
/// names and help of the engine's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyTypeArg(pub PolicyType);

impl ValueEnum for PolicyTypeArg {
    fn value_variants<'a>() -> &'a [Self] {
        static VARIANTS: LazyLock<[PolicyTypeArg; PolicyType::NAMED.len()]> =
            LazyLock::new(|| PolicyType::NAMED.map(PolicyTypeArg));
        &*VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.help()))
    }
}

impl PolicyTypeArg {
    /// The validator's policy type and the IAM size quota that applies.
    pub fn resolve(self) -> (PolicyType, SizeQuota) {
        (self.0, self.0.default_quota())
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once(BINARY).chain(args.iter().copied()))
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn check_defaults() {
        let cli = parse(&["check", "plan.json"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("check expected");
        };
        assert_eq!(args.inputs, [PathBuf::from("plan.json")]);
        assert_eq!(args.format, Format::Text);
        assert_eq!(args.fail_on, FailOn::Error);
        assert_eq!(args.policy_type, PolicyTypeArg(PolicyType::Identity));
        assert!(!args.strict && args.ignore.is_empty() && args.output.is_none());
        assert_eq!(args.max_input_size, super::super::input::DEFAULT_MAX_INPUT);
    }

    #[test]
    fn ignore_is_repeatable_and_comma_separated() {
        let cli = parse(&[
            "check",
            "--ignore",
            "a.b,c.*",
            "--ignore=d.e",
            "--fail-on",
            "security-warning",
            "-",
        ])
        .unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("check expected");
        };
        assert_eq!(args.ignore, ["a.b", "c.*", "d.e"]);
        assert_eq!(args.fail_on, FailOn::SecurityWarning);
        assert_eq!(args.inputs, [PathBuf::from("-")]);
    }

    #[test]
    fn usage_errors_are_errors() {
        for args in [
            &["check"][..],
            &["check", "--format", "xml", "a.json"],
            &["check", "--bogus", "a.json"],
            &["frobnicate"],
        ] {
            let error = parse(args).unwrap_err();
            assert!(error.use_stderr(), "{args:?}");
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn fail_on_orders_severities() {
        assert_eq!(FailOn::Error.severity(), Severity::Error);
        assert_eq!(FailOn::Suggestion.severity(), Severity::Suggestion);
        assert_eq!(
            PolicyTypeArg(PolicyType::Trust).resolve(),
            (PolicyType::Trust, SizeQuota::TrustPolicy)
        );
    }

    #[test]
    fn policy_type_accepts_exactly_the_named_types() {
        for kind in PolicyType::NAMED {
            let cli = parse(&["check", "--policy-type", kind.name(), "a.json"]).unwrap();
            let Some(Command::Check(args)) = cli.command else {
                panic!("check expected");
            };
            assert_eq!(args.policy_type.resolve(), (kind, kind.default_quota()));
        }
        let names: Vec<String> = PolicyTypeArg::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(names, PolicyType::NAMED.map(PolicyType::name));
        for other in ["service_control", "auto", "Identity", ""] {
            assert!(
                parse(&["check", "--policy-type", other, "a.json"]).is_err(),
                "{other}"
            );
        }
    }
}
