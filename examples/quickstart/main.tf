# Quickstart: render the four AWS managed policies of Amazon Rekognition, offline.
terraform {
  required_providers {
    rekognitioniam = {
      source  = "rekognitioniam/rekognitioniam"
      version = "0.1.0"
    }
  }
}

provider "rekognitioniam" {}

locals {
  managed = toset([
    "AmazonRekognitionFullAccess",
    "AmazonRekognitionReadOnlyAccess",
    "AmazonRekognitionServiceRole",
    "AmazonRekognitionCustomLabelsFullAccess",
  ])
}

data "rekognitioniam_managed_policy" "this" {
  for_each = local.managed
  name     = each.value
}

output "managed_policies" {
  description = "ARN, default version and number of listed actions of each managed policy."
  value = {
    for name, p in data.rekognitioniam_managed_policy.this : name => {
      arn     = p.arn
      version = p.version
      actions = length(p.actions)
    }
  }
}
