# A worker that labels images from one bucket and runs one Custom Labels model on them.
data "rekognitioniam_policy_from_intent" "worker" {
  operations = ["DetectLabels", "DetectCustomLabels"]
  project_version_arns = [provider::rekognitioniam::project_version_arn(
    "eu-west-1", "123456789012", "shoes", "v1", "1690000000001"
  )]
  s3_inputs = ["s3://shoe-images/incoming/"]
}

# Video analysis that notifies an SNS topic through a service role: the caller may pass the
# role to Rekognition only, and the role's own policy publishes to the topic.
data "rekognitioniam_policy_from_intent" "video" {
  operations       = ["StartLabelDetection", "GetLabelDetection"]
  s3_inputs        = ["arn:aws:s3:::shoe-videos/*"]
  service_role_arn = "arn:aws:iam::123456789012:role/RekognitionVideo"
  sns_topic_arns   = ["arn:aws:sns:eu-west-1:123456789012:AmazonRekognitionLabels"]
}

output "worker_policy" {
  value = data.rekognitioniam_policy_from_intent.worker.json
}

output "worker_actions" {
  value = data.rekognitioniam_policy_from_intent.worker.actions
}

output "video_caller_policy" {
  value = jsondecode(data.rekognitioniam_policy_from_intent.video.json)
}

output "video_service_role_policy" {
  value = jsondecode(data.rekognitioniam_policy_from_intent.video.service_role_json)
}
