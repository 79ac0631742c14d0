# The current document of an AWS managed policy, inline.
output "read_only_actions" {
  value = jsondecode(provider::rekognitioniam::managed_policy("AmazonRekognitionReadOnlyAccess")).Statement[0].Action
}
