//! The resources an intent names: one argument per kind, each value checked and turned into
//! the resource pattern a policy grants on.

use crate::arn::rekognition::STREAM_PROCESSOR;
use crate::arn::rekognition::{ResourceKind, COLLECTION, DATASET, PROJECT, PROJECT_VERSION};
use crate::arn::s3::check_bucket_arn;
use crate::arn::{is_pattern, Arn};

/// A resource argument of an intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// `collection_arns`: face collections.
    CollectionArns,
    /// `project_arns`: Custom Labels projects.
    ProjectArns,
    /// `project_version_arns`: Custom Labels models (project versions).
    ProjectVersionArns,
    /// `stream_processor_arns`: stream processors.
    StreamProcessorArns,
    /// `dataset_arns`: Custom Labels datasets.
    DatasetArns,
    /// `s3_inputs`: S3 locations the operations read from.
    S3Inputs,
    /// `s3_outputs`: S3 locations the operations write to.
    S3Outputs,
    /// `kms_key_arns`: KMS keys that encrypt the data.
    KmsKeyArns,
    /// `service_role_arn`: the role the caller passes to Rekognition (one string).
    ServiceRoleArn,
    /// `sns_topic_arns`: SNS topics that receive notifications.
    SnsTopicArns,
    /// `kinesis_stream_arns`: Kinesis data or video streams.
    KinesisStreamArns,
}

impl Input {
    /// Every input, in documentation order.
    pub const ALL: [Input; 11] = [
        Input::CollectionArns,
        Input::ProjectArns,
        Input::ProjectVersionArns,
        Input::StreamProcessorArns,
        Input::DatasetArns,
        Input::S3Inputs,
        Input::S3Outputs,
        Input::KmsKeyArns,
        Input::ServiceRoleArn,
        Input::SnsTopicArns,
        Input::KinesisStreamArns,
    ];

    /// The argument name.
    pub fn name(self) -> &'static str {
        match self {
            Input::CollectionArns => "collection_arns",
            Input::ProjectArns => "project_arns",
            Input::ProjectVersionArns => "project_version_arns",
            Input::StreamProcessorArns => "stream_processor_arns",
            Input::DatasetArns => "dataset_arns",
            Input::S3Inputs => "s3_inputs",
            Input::S3Outputs => "s3_outputs",
            Input::KmsKeyArns => "kms_key_arns",
            Input::ServiceRoleArn => "service_role_arn",
            Input::SnsTopicArns => "sns_topic_arns",
            Input::KinesisStreamArns => "kinesis_stream_arns",
        }
    }

    /// Whether the argument is one string rather than a list.
    pub fn is_single(self) -> bool {
        self == Input::ServiceRoleArn
    }

    /// The Rekognition resource type (catalogue name) whose ARNs it holds, if any.
    pub fn rekognition_kind(self) -> Option<&'static ResourceKind> {
        match self {
            Input::CollectionArns => Some(&COLLECTION),
            Input::ProjectArns => Some(&PROJECT),
            Input::ProjectVersionArns => Some(&PROJECT_VERSION),
            Input::StreamProcessorArns => Some(&STREAM_PROCESSOR),
            Input::DatasetArns => Some(&DATASET),
            _ => None,
        }
    }

    /// The input holding ARNs of the Rekognition resource type `type_name`.
    pub fn for_resource_type(type_name: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| {
            i.rekognition_kind()
                .is_some_and(|k| k.type_name == type_name)
        })
    }

    /// What it holds (markdown).
    pub fn description(self) -> &'static str {
        match self {
            Input::CollectionArns => {
                "ARNs of the face collections the operations use, e.g. from \
                 `provider::rekognitioniam::collection_arn`."
            }
            Input::ProjectArns => {
                "ARNs of the Custom Labels projects (for CopyProjectVersion, the destination \
                 project). Wildcards are allowed, as in \
                 `arn:aws:rekognition:us-east-1:111122223333:project/MyProject/*`."
            }
            Input::ProjectVersionArns => {
                "ARNs of the model versions (project versions) the operations use, including \
                 Content Moderation adapters."
            }
            Input::StreamProcessorArns => "ARNs of the stream processors.",
            Input::DatasetArns => "ARNs of the Custom Labels datasets.",
            Input::S3Inputs => {
                "S3 objects the operations read (images, videos, manifests): `s3://bucket/key`, \
                 `s3://bucket/prefix/` (every object under the prefix), or an ARN such as \
                 `arn:aws:s3:::bucket/prefix/*`; a bucket ARN means every object of the bucket. \
                 Each gets `s3:GetObject`. `s3://` locations are in the partition of the \
                 Rekognition ARNs given (`aws` when none is)."
            }
            Input::S3Outputs => {
                "S3 locations the operations write results to (`OutputConfig`), in the same \
                 forms as `s3_inputs`: `s3://bucket/prefix/` grants `s3:PutObject` on \
                 `arn:aws:s3:::bucket/prefix/*`."
            }
            Input::KmsKeyArns => {
                "ARNs of the customer managed KMS keys passed as `KmsKeyId` \
                 (`arn:aws:kms:region:account:key/key-id`)."
            }
            Input::ServiceRoleArn => {
                "ARN of the service role passed to Rekognition (`RoleArn` of \
                 CreateStreamProcessor, `NotificationChannel.RoleArn` of the video analysis \
                 operations); the caller gets `iam:PassRole` on it, only towards Rekognition."
            }
            Input::SnsTopicArns => {
                "ARNs of the SNS topics of the notification channels; the service role gets \
                 `sns:Publish` on them (in the service role's policy, \
                 `service_role_json`)."
            }
            Input::KinesisStreamArns => {
                "ARNs of the Kinesis video streams (`arn:aws:kinesisvideo:...:stream/name/time`) \
                 a stream processor reads and the Kinesis data streams \
                 (`arn:aws:kinesis:...:stream/name`) it writes; the service role gets the \
                 access (in `service_role_json`)."
            }
        }
    }
}

/// A checked value: the resource pattern to grant on, and for Kinesis which kind of stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The resource pattern to grant on.
    pub resource: String,
    /// For Kinesis: `true` for a video stream, `false` for a data stream.
    pub video: bool,
}

/// Checks one value of `input`; `partition` is used for `s3://` locations. The error is whole
/// sentences naming the value.
pub fn check(input: Input, text: &str, partition: &str) -> Result<Checked, String> {
    let plain = |resource: String| Checked {
        resource,
        video: false,
    };
    if let Some(kind) = input.rekognition_kind() {
        kind.parse_arn(text)
            .map_err(|e| format!("\"{text}\" {e}."))?;
        return Ok(plain(text.to_string()));
    }
    match input {
        Input::S3Inputs | Input::S3Outputs => s3_location(text, partition).map(plain),
        Input::KmsKeyArns => {
            arn_of(text, &["kms"], "key/", "a KMS key ARN (arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab); an alias or key ID cannot scope a policy")
                .map(|a| plain(a.to_string()))
        }
        Input::ServiceRoleArn => {
            arn_of(text, &["iam"], "role/", "an IAM role ARN (arn:aws:iam::111122223333:role/RekognitionServiceRole)")
                .map(|a| plain(a.to_string()))
        }
        Input::SnsTopicArns => {
            arn_of(text, &["sns"], "", "an SNS topic ARN (arn:aws:sns:us-east-1:111122223333:AmazonRekognitionTopic)")
                .map(|a| plain(a.to_string()))
        }
        Input::KinesisStreamArns => {
            let arn = arn_of(
                text,
                &["kinesis", "kinesisvideo"],
                "stream/",
                "a Kinesis data stream ARN (arn:aws:kinesis:us-east-1:111122223333:stream/name) or a Kinesis video stream ARN (arn:aws:kinesisvideo:us-east-1:111122223333:stream/name/1234567890123)",
            )?;
            Ok(Checked {
                video: arn.service == "kinesisvideo",
                resource: arn.to_string(),
            })
        }
        _ => Ok(plain(text.to_string())),
    }
}

/// Parses an ARN of one of `services` whose resource starts with `prefix`.
fn arn_of(text: &str, services: &[&str], prefix: &str, what: &str) -> Result<Arn, String> {
    let arn = Arn::parse(text).map_err(|e| format!("\"{text}\" {e}."))?;
    let fits = services.contains(&arn.service.as_str())
        && arn.resource.starts_with(prefix)
        && arn.resource.len() > prefix.len()
        && !arn.resource[prefix.len()..].contains(':');
    if fits {
        Ok(arn)
    } else {
        Err(format!("\"{text}\" is not {what}."))
    }
}

/// `s3://bucket/key`, `s3://bucket/prefix/` or an S3 bucket or object ARN, as the object
/// pattern to grant on.
fn s3_location(text: &str, partition: &str) -> Result<String, String> {
    let (bucket_arn, key) = if let Some(rest) = text.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        (format!("arn:{partition}:s3:::{bucket}"), key.to_string())
    } else if text.starts_with("arn:") {
        match text.split_once('/') {
            Some((bucket, key)) => (bucket.to_string(), key.to_string()),
            None => (text.to_string(), String::new()),
        }
    } else {
        return Err(format!(
            "\"{text}\" is not an S3 location: write s3://bucket/key, s3://bucket/prefix/ or \
             an ARN such as arn:aws:s3:::bucket/prefix/*."
        ));
    };
    let bucket = check_bucket_arn(&bucket_arn)
        .map_err(|e| format!("{e} (in the S3 location \"{text}\")"))?;
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}*")
    } else {
        key
    };
    Ok(format!("{bucket}/{key}"))
}

/// The partition of the first Rekognition ARN that names one, or `aws`.
pub fn partition_of<'a>(arns: impl IntoIterator<Item = &'a str>) -> String {
    arns.into_iter()
        .filter_map(|text| Arn::parse(text).ok())
        .map(|arn| arn.partition)
        .find(|p| !is_pattern(p))
        .unwrap_or_else(|| "aws".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(input: Input, text: &str) -> String {
        check(input, text, "aws").unwrap().resource
    }

    #[test]
    fn s3_locations() {
        assert_eq!(
            resource(Input::S3Inputs, "s3://images/in/"),
            "arn:aws:s3:::images/in/*"
        );
        assert_eq!(
            resource(Input::S3Inputs, "s3://images/cat.jpg"),
            "arn:aws:s3:::images/cat.jpg"
        );
        assert_eq!(resource(Input::S3Outputs, "s3://out"), "arn:aws:s3:::out/*");
        assert_eq!(
            resource(Input::S3Inputs, "arn:aws:s3:::images"),
            "arn:aws:s3:::images/*"
        );
        assert_eq!(
            check(Input::S3Inputs, "s3://images/a/", "aws-cn")
                .unwrap()
                .resource,
            "arn:aws-cn:s3:::images/a/*"
        );
        assert!(check(Input::S3Inputs, "images", "aws")
            .unwrap_err()
            .contains("not an S3 location"));
        assert!(check(Input::S3Inputs, "s3://Bad_Bucket/x", "aws").is_err());
    }

    #[test]
    fn other_arns() {
        assert!(check(
            Input::CollectionArns,
            "arn:aws:rekognition:us-east-1:111122223333:collection/faces",
            "aws"
        )
        .is_ok());
        assert!(check(
            Input::CollectionArns,
            "arn:aws:rekognition:us-east-1:111122223333:project/p/1",
            "aws"
        )
        .is_err());
        assert!(check(
            Input::KmsKeyArns,
            "arn:aws:kms:us-east-1:111122223333:alias/x",
            "aws"
        )
        .is_err());
        assert!(check(
            Input::ServiceRoleArn,
            "arn:aws:iam::111122223333:role/R",
            "aws"
        )
        .is_ok());
        let k = check(
            Input::KinesisStreamArns,
            "arn:aws:kinesisvideo:us-east-1:111122223333:stream/cam/1",
            "aws",
        )
        .unwrap();
        assert!(k.video);
        assert!(check(
            Input::SnsTopicArns,
            "arn:aws:sqs:us-east-1:111122223333:q",
            "aws"
        )
        .is_err());
        assert_eq!(
            partition_of(["x", "arn:aws-cn:rekognition:cn-north-1:1:collection/a"]),
            "aws-cn"
        );
    }
}
