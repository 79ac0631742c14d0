locals {
  model = provider::rekognitioniam::parse_arn(
    "arn:aws:rekognition:eu-west-1:123456789012:project/shoes/version/v1/1690000000001"
  )
}

output "model_region" {
  value = local.model.region # "eu-west-1"
}

output "model_type" {
  value = local.model.resource_type # "projectversion"
}

output "model_project" {
  value = local.model.ids["ProjectName"] # "shoes"
}
