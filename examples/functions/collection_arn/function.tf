# The ARN of one face collection.
output "faces_collection" {
  value = provider::rekognitioniam::collection_arn("us-east-1", "123456789012", "employee-faces")
}

# Every collection of the account, in any region (wildcards as IAM allows them).
output "all_collections" {
  value = provider::rekognitioniam::collection_arn("*", "123456789012", "*")
}
