//! Condition key names: which key of the catalogue a name denotes, or what is wrong with it.

use crate::catalog::{self, ConditionKey, ConditionValueType, Service};
use crate::suggest;

/// What a condition key name denotes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Key {
    /// A global key such as `aws:SourceIp` (or a global key the catalogue lacks).
    Global(ConditionValueType),
    /// A key a service defines, such as `rekognition:...` or `s3:prefix`.
    Service(&'static ConditionKey),
    /// A key of an identity provider (`accounts.google.com:sub`, `saml:aud`): not in the
    /// catalogue, and not checked.
    External,
}

impl Key {
    /// The value type, when known.
    pub fn value_type(self) -> Option<ConditionValueType> {
        match self {
            Key::Global(value_type) => Some(value_type),
            Key::Service(key) => Some(key.value_type()),
            Key::External => None,
        }
    }
}

/// Why a name denotes no key.
#[derive(Debug, Clone, Copy)]
pub(super) enum KeyProblem {
    /// No `service:` prefix.
    Format,
    /// A tag key template without the tag key, e.g. `aws:ResourceTag/`; holds the template.
    MissingTagKey(&'static str),
    /// `aws:` but no global key; holds a suggestion.
    UnknownGlobal(Option<&'static str>),
    /// The prefix is a service that has no such key; holds the service and a suggestion.
    UnknownServiceKey(&'static Service, Option<&'static str>),
    /// The prefix is no service and not an identity provider.
    UnknownPrefix,
}

/// Global keys IAM evaluates that the catalogue's list does not have: the deprecated
/// `aws:ARN`, and `aws:PrincipalOrgMasterAccountId`, which Access Analyzer accepts in AWS
/// managed policies.
const EXTRA_GLOBAL_KEYS: [(&str, ConditionValueType); 2] = [
    ("aws:ARN", ConditionValueType::Arn),
    (
        "aws:PrincipalOrgMasterAccountId",
        ConditionValueType::String,
    ),
];

/// The deprecated global key.
pub(super) const DEPRECATED_ARN_KEY: &str = "aws:ARN";

/// Resolves a condition key name (case-insensitively, as IAM does).
pub(super) fn resolve(name: &str) -> Result<Key, KeyProblem> {
    let Some((prefix, rest)) = name.split_once(':') else {
        return Err(KeyProblem::Format);
    };
    if prefix.is_empty() || rest.is_empty() {
        return Err(KeyProblem::Format);
    }
    if prefix.eq_ignore_ascii_case("aws") {
        if let Some(key) = catalog::global_condition_key(name) {
            return Ok(Key::Global(key.value_type()));
        }
        if let Some((_, value_type)) = EXTRA_GLOBAL_KEYS
            .iter()
            .find(|(extra, _)| extra.eq_ignore_ascii_case(name))
        {
            return Ok(Key::Global(*value_type));
        }
        if let Some(template) = bare_template(name, catalog::global_condition_keys()) {
            return Err(KeyProblem::MissingTagKey(template));
        }
        let names = catalog::global_condition_keys()
            .iter()
            .map(ConditionKey::name)
            .filter(|n| !n.contains("${"));
        return Err(KeyProblem::UnknownGlobal(suggest::closest(name, names)));
    }
    if let Some(key) = catalog::global_condition_key(name) {
        return Ok(Key::Global(key.value_type()));
    }
    let Some(service) = catalog::service(prefix) else {
        if let Some(key) = catalog::service_condition_key(name) {
            return Ok(Key::Service(key));
        }
        let provider = prefix.contains('.') || prefix.eq_ignore_ascii_case("saml");
        let newer = catalog::overlay::has_condition_key(name);
        return if provider || newer || super::actions::is_retired_service(prefix) {
            Ok(Key::External)
        } else {
            Err(KeyProblem::UnknownPrefix)
        };
    };
    if let Some(key) = service
        .condition_key(name)
        .or_else(|| catalog::service_condition_key(name))
        .or_else(|| loose_template(service, name))
    {
        return Ok(Key::Service(key));
    }
    if let Some(template) = bare_template(name, service.condition_keys()) {
        return Err(KeyProblem::MissingTagKey(template));
    }
    // A key only the service reference files laid over the catalogue define: known, but
    // without catalogue data for the type and support checks.
    if catalog::overlay::has_condition_key(name) {
        return Ok(Key::External);
    }
    let names = service.condition_keys().iter().map(ConditionKey::name);
    Err(KeyProblem::UnknownServiceKey(
        service,
        suggest::closest(name, names),
    ))
}

/// The fixed head of a key template written without a `${…}` placeholder: the catalogue has a
/// few such as `secretsmanager:ResourceTag/tag-key` and `sagemaker:ResourceTag/`.
fn loose_head(template: &str) -> Option<&str> {
    template
        .strip_suffix("tag-key")
        .filter(|head| head.ends_with('/'))
        .or_else(|| template.ends_with('/').then_some(template))
}

/// The service key whose loosely written template `name` instantiates.
fn loose_template(service: &Service, name: &str) -> Option<&'static ConditionKey> {
    service.condition_keys().iter().find(|key| {
        loose_head(key.name()).is_some_and(|head| {
            name.len() > head.len()
                && name
                    .get(..head.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(head))
        })
    })
}

/// The template (e.g. `aws:ResourceTag/${TagKey}`) whose fixed head `name` is, with or
/// without the trailing slash.
fn bare_template(name: &str, keys: &'static [ConditionKey]) -> Option<&'static str> {
    keys.iter().map(ConditionKey::name).find(|template| {
        let head = template
            .find(['$', '<'])
            .and_then(|i| template.get(..i))
            .filter(|head| {
                let rest = template.get(head.len()..).unwrap_or("");
                rest.ends_with('}') || rest.ends_with('>')
            })
            .or_else(|| loose_head(template));
        let Some(head) = head else {
            return false;
        };
        !head.is_empty()
            && (name.eq_ignore_ascii_case(head)
                || name.eq_ignore_ascii_case(head.trim_end_matches(['/', ':'])))
    })
}

/// Whether `name` is a key IAM can substitute as a policy variable.
pub(super) fn is_known(name: &str) -> bool {
    resolve(name).is_ok()
}

/// Whether a key's support depends on the action: tag keys (`aws:RequestTag/…`,
/// `aws:ResourceTag/…`, `aws:TagKeys`). Every other global key is in every request context.
pub(super) fn is_tag_key(name: &str) -> bool {
    let starts = |prefix: &str| {
        name.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts("aws:RequestTag/")
        || starts("aws:ResourceTag/")
        || name.eq_ignore_ascii_case("aws:TagKeys")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_global_service_and_external_keys() {
        assert!(matches!(resolve("aws:SourceIp"), Ok(Key::Global(_))));
        assert!(matches!(resolve("AWS:sourceip"), Ok(Key::Global(_))));
        assert!(matches!(
            resolve("aws:ResourceTag/team"),
            Ok(Key::Global(_))
        ));
        assert!(matches!(resolve("s3:prefix"), Ok(Key::Service(_))));
        assert!(matches!(
            resolve("kms:EncryptionContext:aws:s3:arn"),
            Ok(Key::Service(_))
        ));
        assert!(matches!(
            resolve("token.actions.githubusercontent.com:sub"),
            Ok(Key::External)
        ));
        assert!(resolve("saml:aud").is_ok());
        assert!(matches!(resolve("saml:namequalifier2"), Ok(Key::External)));
    }

    #[test]
    fn explains_unknown_keys() {
        assert!(matches!(resolve("bad"), Err(KeyProblem::Format)));
        assert!(matches!(
            resolve("aws:ResourceTag/"),
            Err(KeyProblem::MissingTagKey(_))
        ));
        assert!(matches!(
            resolve("aws:RequestTag"),
            Err(KeyProblem::MissingTagKey(_))
        ));
        assert!(matches!(
            resolve("aws:SourceIP2"),
            Err(KeyProblem::UnknownGlobal(Some("aws:SourceIp")))
        ));
        assert!(matches!(
            resolve("rekognition:Foo"),
            Err(KeyProblem::UnknownServiceKey(_, _))
        ));
        assert!(matches!(
            resolve("nosuchservice:x"),
            Err(KeyProblem::UnknownPrefix)
        ));
        assert!(matches!(
            resolve("secretsmanager:ResourceTag/owner"),
            Ok(Key::Service(_))
        ));
        assert!(matches!(
            resolve("secretsmanager:ResourceTag/"),
            Err(KeyProblem::MissingTagKey(_))
        ));
        assert!(matches!(resolve("deepracer:UserToken"), Ok(Key::External)));
    }

    #[test]
    fn tag_keys() {
        assert!(is_tag_key("aws:ResourceTag/team"));
        assert!(is_tag_key("AWS:TagKeys"));
        assert!(!is_tag_key("aws:PrincipalTag/team"));
    }
}
