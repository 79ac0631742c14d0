# The ARN of the training dataset of a Custom Labels project. TRAIN and TEST, as the API
# writes dataset types, become train and test, as ARNs write them.
output "shoes_training_data" {
  value = provider::rekognitioniam::dataset_arn("us-gov-west-1", "123456789012", "shoes", "TRAIN", "1690000000002")
}
