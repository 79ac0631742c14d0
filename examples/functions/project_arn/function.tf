# The ARN of a Custom Labels project: its name and the creation timestamp AWS assigned.
output "shoes_project" {
  value = provider::rekognitioniam::project_arn("eu-west-1", "123456789012", "shoes", "1690000000000")
}

# The project whatever its timestamp, as the Rekognition documentation writes it.
output "shoes_project_any_timestamp" {
  value = provider::rekognitioniam::project_arn("*", "*", "shoes", "*")
}
