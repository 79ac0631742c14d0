# The current default version of an AWS managed policy of Amazon Rekognition.
data "rekognitioniam_managed_policy" "read_only" {
  name = "AmazonRekognitionReadOnlyAccess"
}

# A specific recorded version.
data "rekognitioniam_managed_policy" "custom_labels" {
  name    = "AmazonRekognitionCustomLabelsFullAccess"
  version = "v4"
}

output "read_only_arn" {
  value = data.rekognitioniam_managed_policy.read_only.arn
}

output "custom_labels_actions" {
  value = data.rekognitioniam_managed_policy.custom_labels.actions
}
