# The ARN of one model (project version) of a Custom Labels project.
output "shoes_model_v1" {
  value = provider::rekognitioniam::project_version_arn("eu-west-1", "123456789012", "shoes", "v1", "1690000000001")
}

# Any version named v1 of the project, in any region and account.
output "shoes_model_v1_anywhere" {
  value = provider::rekognitioniam::project_version_arn("*", "*", "shoes", "v1", "*")
}
