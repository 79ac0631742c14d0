# Face Liveness, backend: create sessions and read their results; the sessions write their
# reference and audit images under one S3 prefix, encrypted with a KMS key.
data "rekognitioniam_policy_template" "liveness_backend" {
  name              = "face_liveness_backend"
  output_bucket_arn = "arn:aws:s3:::liveness-images"
  output_key_prefix = "audit/"
  kms_key_arn       = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Face Liveness, frontend: the role a Cognito identity pool hands to the Amplify
# FaceLivenessDetector component, here for guests of the pool.
data "rekognitioniam_policy_template" "liveness_frontend" {
  name = "face_liveness_frontend"
}

data "rekognitioniam_policy_template" "liveness_frontend_trust" {
  name             = "face_liveness_frontend_trust"
  identity_pool_id = "us-east-1:12345678-abcd-1234-abcd-123456789012"
  identity_type    = "unauthenticated"
}

# With the AWS provider, the frontend role is:
#
# resource "aws_iam_role" "liveness_guest" {
#   assume_role_policy = data.rekognitioniam_policy_template.liveness_frontend_trust.json
# }
#
# resource "aws_iam_role_policy" "liveness_guest" {
#   role   = aws_iam_role.liveness_guest.id
#   policy = data.rekognitioniam_policy_template.liveness_frontend.json
# }
#
# and aws_cognito_identity_pool_roles_attachment names it as the pool's unauthenticated role.

output "liveness_backend_policy" {
  value = data.rekognitioniam_policy_template.liveness_backend.json
}

output "liveness_frontend_trust_policy" {
  value = data.rekognitioniam_policy_template.liveness_frontend_trust.json
}
