# Quickstart: write, check and gate the policy of an application that runs one Amazon Rekognition
# Custom Labels model, offline: no AWS account, no credentials, no network.
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
  model = provider::rekognitioniam::project_version_arn(
    "eu-west-1", "111122223333", "shoes", "shoes.2024-06-01T00.00.00", "1717200000000"
  )
}

# 1. A least-privilege template from the Rekognition security guide: run one model, nothing else.
data "rekognitioniam_policy_template" "detect" {
  name                = "detect_custom_labels"
  project_version_arn = local.model
}

# 2. A custom document built from statements, checked as it is written. A typo such as
#    "rekognition:DetectCustomLabel" fails `terraform validate` at this very element.
data "rekognitioniam_policy_document" "images" {
  statement {
    sid       = "ReadTheImagesToAnalyse"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::shoe-images/incoming/*"]
  }
}

# 3. A gate on what the application's role may do, decided at plan: adding "iam:PassRole" or
#    "rekognition:DeleteProject" to a statement above fails `terraform plan` here.
resource "rekognitioniam_policy_attachment" "app" {
  identity_arn = "arn:aws:iam::111122223333:role/shoe-detector"
  inline_policies = {
    detect = data.rekognitioniam_policy_template.detect.json
    images = data.rekognitioniam_policy_document.images
  }
  max_access_level = "Read"

  require {
    actions   = ["rekognition:DetectCustomLabels"]
    resources = [local.model]
  }
  forbid {
    actions = ["iam:PassRole", "rekognition:Delete*"]
  }
}

output "detect_policy" {
  description = "The rendered least-privilege policy of the template."
  value       = data.rekognitioniam_policy_template.detect.json
}

output "images_policy" {
  description = "The custom document, rendered and checked."
  value       = data.rekognitioniam_policy_document.images.minified_json
}

output "access_summary" {
  description = "How many allowed actions the role has at each access level."
  value       = rekognitioniam_policy_attachment.app.access_summary
}

output "gate" {
  description = "The gate's verdict and what the role is allowed."
  value = {
    verdict           = rekognitioniam_policy_attachment.app.verdict
    effective_actions = rekognitioniam_policy_attachment.app.effective_actions
  }
}
