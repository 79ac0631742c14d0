# The project policy of a Custom Labels project (attached with PutProjectPolicy): lets another
# account and one role there copy the project's model versions. policy_type = "project" checks
# the rules of Rekognition: only rekognition:CopyProjectVersion, principals that are accounts,
# roles or users, resources that are versions of this project, no NotAction, NotResource or
# NotPrincipal, at most 2,000 characters.
data "rekognitioniam_policy_document" "share_models" {
  policy_type = "project"

  statement {
    sid     = "AllowCopyToProduction"
    actions = ["rekognition:CopyProjectVersion"]
    resources = [
      "arn:aws:rekognition:us-east-1:111122223333:project/shoes/version/*/*",
    ]

    principals {
      type = "AWS"
      identifiers = [
        "444455556666",
        "arn:aws:iam::777788889999:role/ModelCopier",
      ]
    }
  }
}

# The size limit counts white space too: send the minified document, e.g. as the
# --policy-document of `aws rekognition put-project-policy`.
output "project_policy" {
  value = data.rekognitioniam_policy_document.share_models.minified_json
}
