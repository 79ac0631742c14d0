//! The five resource types of Amazon Rekognition: building their ARNs from parts and reading
//! ARNs of them back, with every part checked against the ARN format and botocore's ID
//! constraints.

use super::segment::{check_account, check_region, is_pattern, IdKind};
use super::{partition_for_region, Arn};

/// A Rekognition resource type: its catalogue name, its ARN's resource part, and the ID inputs
/// that fill it.
#[derive(Debug)]
pub struct ResourceKind {
    /// The catalogue's name, e.g. `projectversion`.
    pub type_name: &'static str,
    /// What it is called in prose, e.g. `project version`.
    pub noun: &'static str,
    /// The resource part of the ARN format, with one `${Name}` per ID.
    pub layout: &'static str,
    /// The ID inputs in layout order: parameter name and constraints.
    pub ids: &'static [(&'static str, IdKind)],
}

/// `collection/${CollectionId}`.
pub static COLLECTION: ResourceKind = ResourceKind {
    type_name: "collection",
    noun: "collection",
    layout: "collection/${CollectionId}",
    ids: &[(
        "collection_id",
        IdKind::Name {
            noun: "collection ID",
            max: 255,
        },
    )],
};

/// `streamprocessor/${StreamprocessorId}`; the ID is the stream processor's name.
pub static STREAM_PROCESSOR: ResourceKind = ResourceKind {
    type_name: "streamprocessor",
    noun: "stream processor",
    layout: "streamprocessor/${StreamprocessorId}",
    ids: &[(
        "name",
        IdKind::Name {
            noun: "stream processor name",
            max: 128,
        },
    )],
};

/// `project/${ProjectName}/${CreationTimestamp}`.
pub static PROJECT: ResourceKind = ResourceKind {
    type_name: "project",
    noun: "project",
    layout: "project/${ProjectName}/${CreationTimestamp}",
    ids: &[
        (
            "project_name",
            IdKind::Name {
                noun: "project name",
                max: 255,
            },
        ),
        ("creation_timestamp", IdKind::Timestamp),
    ],
};

/// `project/${ProjectName}/version/${VersionName}/${CreationTimestamp}`.
pub static PROJECT_VERSION: ResourceKind = ResourceKind {
    type_name: "projectversion",
    noun: "project version",
    layout: "project/${ProjectName}/version/${VersionName}/${CreationTimestamp}",
    ids: &[
        (
            "project_name",
            IdKind::Name {
                noun: "project name",
                max: 255,
            },
        ),
        (
            "version_name",
            IdKind::Name {
                noun: "version name",
                max: 255,
            },
        ),
        ("creation_timestamp", IdKind::Timestamp),
    ],
};

/// `project/${ProjectName}/dataset/${DatasetType}/${CreationTimestamp}`.
pub static DATASET: ResourceKind = ResourceKind {
    type_name: "dataset",
    noun: "dataset",
    layout: "project/${ProjectName}/dataset/${DatasetType}/${CreationTimestamp}",
    ids: &[
        (
            "project_name",
            IdKind::Name {
                noun: "project name",
                max: 255,
            },
        ),
        ("dataset_type", IdKind::DatasetType),
        ("creation_timestamp", IdKind::Timestamp),
    ],
};

/// Every Rekognition resource type.
pub static ALL: [&ResourceKind; 5] = [
    &COLLECTION,
    &STREAM_PROCESSOR,
    &PROJECT,
    &PROJECT_VERSION,
    &DATASET,
];

/// An input that does not fit: its position in `(region, account_id, ids...)` and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// Position of the offending input: 0 for the region, 1 for the account ID, then the IDs.
    pub index: usize,
    /// Why the input does not fit, as a sentence.
    pub message: String,
}

/// A Rekognition ARN read back into its parts (IDs in layout order, as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The partition, e.g. `aws` or `aws-cn`.
    pub partition: String,
    /// The region field, as written (may hold wildcards).
    pub region: String,
    /// The account field, as written (may hold wildcards).
    pub account_id: String,
    /// The resource IDs, in the order the kind's layout names them.
    pub ids: Vec<String>,
}

impl Parts {
    /// The ARN prefix up to and including the account field's colon.
    pub fn prefix(&self) -> String {
        format!(
            "arn:{}:rekognition:{}:{}:",
            self.partition, self.region, self.account_id
        )
    }
}

/// One `/`-separated segment of a layout: literal text, or the n-th ID.
enum Slot<'a> {
    Literal(&'a str),
    Id(usize),
}

impl ResourceKind {
    /// The full ARN format, as the catalogue writes it.
    pub fn arn_format(&self) -> String {
        format!(
            "arn:${{Partition}}:rekognition:${{Region}}:${{Account}}:{}",
            self.layout
        )
    }

    fn slots(&self) -> Vec<Slot<'static>> {
        let mut next = 0;
        self.layout
            .split('/')
            .map(|segment| {
                if segment.starts_with("${") {
                    next += 1;
                    Slot::Id(next - 1)
                } else {
                    Slot::Literal(segment)
                }
            })
            .collect()
    }

    fn resource_part(&self, ids: &[String]) -> String {
        self.slots()
            .iter()
            .map(|slot| match slot {
                Slot::Literal(text) => text,
                Slot::Id(n) => ids.get(*n).map_or("*", String::as_str),
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Builds the ARN of a resource of this type. `ids` follow [`ResourceKind::ids`]; the
    /// partition follows the region. Wildcards and policy variables are allowed in every part.
    pub fn arn(
        &self,
        region: &str,
        account_id: &str,
        ids: &[&str],
    ) -> Result<String, InvalidInput> {
        let invalid = |index: usize| move |message: String| InvalidInput { index, message };
        check_region(region).map_err(invalid(0))?;
        check_account(account_id).map_err(invalid(1))?;
        let mut checked = Vec::with_capacity(ids.len());
        for (n, ((_, kind), value)) in self.ids.iter().zip(ids).enumerate() {
            checked.push(kind.check(value).map_err(invalid(n + 2))?);
        }
        if checked.len() != self.ids.len() {
            return Err(InvalidInput {
                index: 2 + checked.len(),
                message: format!("A {} ARN needs {} IDs.", self.noun, self.ids.len()),
            });
        }
        Ok(format!(
            "arn:{}:rekognition:{region}:{account_id}:{}",
            partition_for_region(region),
            self.resource_part(&checked)
        ))
    }

    /// Reads an ARN of this type back into its parts, checking each. A last segment `*` may
    /// stand for the remaining segments (`project/MyProject/*` as a project version ARN means
    /// every version of MyProject). The error is a sentence fragment to follow the ARN.
    pub fn parse_arn(&self, text: &str) -> Result<Parts, String> {
        let arn = Arn::parse(text)?;
        if arn.service != "rekognition" {
            return Err(format!(
                "is an ARN of the {} service, not a Rekognition {} ARN ({})",
                arn.service,
                self.noun,
                self.arn_format()
            ));
        }
        check_region(&arn.region).map_err(|e| format!("has a bad region: {e}"))?;
        check_account(&arn.account_id).map_err(|e| format!("has a bad account: {e}"))?;
        let expected = partition_for_region(&arn.region);
        if !is_pattern(&arn.partition) && !is_pattern(&arn.region) && arn.partition != expected {
            return Err(format!(
                "has partition \"{}\" but region {} is in partition \"{expected}\"",
                arn.partition, arn.region
            ));
        }
        let ids = self
            .read_ids(&arn.resource)
            .ok_or_else(|| self.shape_error(&arn))?;
        for ((_, kind), value) in self.ids.iter().zip(&ids) {
            kind.check(value)
                .map_err(|e| format!("has a bad {} part: {e}", self.noun))?;
        }
        Ok(Parts {
            partition: arn.partition,
            region: arn.region,
            account_id: arn.account_id,
            ids,
        })
    }

    /// The IDs when the resource part has this type's shape.
    fn read_ids(&self, resource: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = resource.split('/').collect();
        let slots = self.slots();
        let open_ended = segments.len() < slots.len() && segments.last() == Some(&"*");
        if segments.len() != slots.len() && !open_ended {
            return None;
        }
        let mut ids = vec!["*".to_string(); self.ids.len()];
        for (slot, segment) in slots.iter().zip(&segments) {
            match slot {
                Slot::Literal(text) if text == segment => {}
                Slot::Literal(_) if *segment == "*" && open_ended => {}
                Slot::Literal(_) => return None,
                Slot::Id(n) => *ids.get_mut(*n)? = segment.to_string(),
            }
        }
        Some(ids)
    }

    fn shape_error(&self, arn: &Arn) -> String {
        let actual = ALL
            .iter()
            .find(|other| other.read_ids(&arn.resource).is_some())
            .map(|other| format!(" It is a {} ARN.", other.noun))
            .unwrap_or_default();
        format!(
            "is not a Rekognition {} ARN: the part after the account must look like {}.{actual}",
            self.noun, self.layout
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_the_catalogue() {
        let service = crate::catalog::service("rekognition").unwrap();
        assert_eq!(service.resource_types().len(), ALL.len());
        for kind in ALL {
            let rt = service.resource_type(kind.type_name).unwrap();
            assert_eq!(rt.arn_formats().collect::<Vec<_>>(), [kind.arn_format()]);
            let slots = kind.layout.matches("${").count();
            assert_eq!(slots, kind.ids.len(), "{}", kind.type_name);
        }
    }

    #[test]
    fn builds_every_type() {
        let arn = |kind: &ResourceKind, ids: &[&str]| kind.arn("us-east-1", "123456789012", ids);
        assert_eq!(
            arn(&COLLECTION, &["faces"]).unwrap(),
            "arn:aws:rekognition:us-east-1:123456789012:collection/faces"
        );
        assert_eq!(
            arn(&STREAM_PROCESSOR, &["door-cam"]).unwrap(),
            "arn:aws:rekognition:us-east-1:123456789012:streamprocessor/door-cam"
        );
        assert_eq!(
            arn(&PROJECT, &["shoes", "1690000000000"]).unwrap(),
            "arn:aws:rekognition:us-east-1:123456789012:project/shoes/1690000000000"
        );
        assert_eq!(
            arn(&PROJECT_VERSION, &["shoes", "v1", "1690000000001"]).unwrap(),
            "arn:aws:rekognition:us-east-1:123456789012:project/shoes/version/v1/1690000000001"
        );
        assert_eq!(
            arn(&DATASET, &["shoes", "TRAIN", "1690000000002"]).unwrap(),
            "arn:aws:rekognition:us-east-1:123456789012:project/shoes/dataset/train/1690000000002"
        );
        assert_eq!(
            COLLECTION.arn("cn-north-1", "*", &["*"]).unwrap(),
            "arn:aws-cn:rekognition:cn-north-1:*:collection/*"
        );
        assert_eq!(
            PROJECT_VERSION
                .arn("*", "*", &["MyProject", "MyVersion", "*"])
                .unwrap(),
            "arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*"
        );
    }

    #[test]
    fn names_the_input_at_fault() {
        let err = |r: &str, a: &str, ids: &[&str]| DATASET.arn(r, a, ids).unwrap_err().index;
        assert_eq!(err("us-east1", "123456789012", &["p", "train", "1"]), 0);
        assert_eq!(err("us-east-1", "1234", &["p", "train", "1"]), 1);
        assert_eq!(err("us-east-1", "123456789012", &["p q", "train", "1"]), 2);
        assert_eq!(err("us-east-1", "123456789012", &["p", "validate", "1"]), 3);
        assert_eq!(err("us-east-1", "123456789012", &["p", "train", "x"]), 4);
        assert_eq!(err("us-east-1", "123456789012", &["p", "train"]), 4);
    }

    #[test]
    fn reads_arns_back() {
        let parts = PROJECT_VERSION
            .parse_arn("arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/17")
            .unwrap();
        assert_eq!(parts.ids, ["p", "v", "17"]);
        assert_eq!(
            parts.prefix(),
            "arn:aws:rekognition:us-east-1:123456789012:"
        );
        let open = PROJECT_VERSION
            .parse_arn("arn:aws:rekognition:*:*:project/p/*")
            .unwrap();
        assert_eq!(open.ids, ["p", "*", "*"]);
        let seed = PROJECT_VERSION
            .parse_arn("arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*")
            .unwrap();
        assert_eq!(seed.ids, ["MyProject", "MyVersion", "*"]);
    }

    #[test]
    fn explains_what_an_arn_is_instead() {
        let err = PROJECT_VERSION
            .parse_arn("arn:aws:rekognition:us-east-1:123456789012:project/p/17")
            .unwrap_err();
        assert!(err.contains("It is a project ARN."), "{err}");
        let err = PROJECT.parse_arn("arn:aws:s3:::bucket").unwrap_err();
        assert!(err.contains("s3 service"), "{err}");
        let err = PROJECT
            .parse_arn("arn:aws:rekognition:cn-north-1:123456789012:project/p/1")
            .unwrap_err();
        assert!(err.contains("partition \"aws-cn\""), "{err}");
        let err = PROJECT
            .parse_arn("arn:aws:rekognition:us-east-1:123456789012:project/p q/1")
            .unwrap_err();
        assert!(err.contains("' ' is not allowed"), "{err}");
    }
}
