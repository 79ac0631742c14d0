# An application that only runs one Custom Labels model.
data "rekognitioniam_policy_template" "detect" {
  name = "detect_custom_labels"
  project_version_arn = provider::rekognitioniam::project_version_arn(
    "eu-west-1", "123456789012", "shoes", "v1", "1690000000001"
  )
}

# Rekognition reads the images from S3 on the caller's behalf.
data "rekognitioniam_policy_template" "images" {
  name        = "s3_image_read"
  bucket_arns = ["arn:aws:s3:::shoe-images"]
  versioned   = true
}

# The trust policy of a Rekognition service role, safe from the confused deputy problem.
data "rekognitioniam_policy_template" "trust" {
  name           = "service_role_trust"
  source_account = "123456789012"
}

output "detect_policy" {
  value = data.rekognitioniam_policy_template.detect.json
}

output "images_policy" {
  value = data.rekognitioniam_policy_template.images.minified_json
}

output "trust_policy_type" {
  value = data.rekognitioniam_policy_template.trust.policy_type # "trust"
}
