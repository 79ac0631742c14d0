# Least privilege for an application that runs one Custom Labels model and reads its images.
data "rekognitioniam_policy_document" "detector" {
  statement {
    sid     = "DetectWithOneModel"
    actions = ["rekognition:DetectCustomLabels"]
    resources = [
      "arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/my-project.2024-01-01T00.00.00/1700000000000",
    ]
  }

  statement {
    sid       = "ReadImages"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["arn:aws:s3:::my-images/*"]
  }
}

# Extend an AWS managed policy and deny creating one project, by Sid-based merging.
data "rekognitioniam_managed_policy" "read_only" {
  name = "AmazonRekognitionReadOnlyAccess"
}

data "rekognitioniam_policy_document" "read_only_no_projects" {
  source_policy_documents = [data.rekognitioniam_managed_policy.read_only.json]

  statement {
    sid       = "DenyCreatingProjects"
    effect    = "Deny"
    actions   = ["rekognition:CreateProject"]
    resources = ["*"]
  }
}

output "detector_policy" {
  value = data.rekognitioniam_policy_document.detector.json
}

output "read_levels" {
  value = keys({ for level, actions in data.rekognitioniam_policy_document.read_only_no_projects.access_levels : level => actions if length(actions) > 0 })
}
