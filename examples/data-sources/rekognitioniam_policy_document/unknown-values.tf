# Values known only after apply: terraform_data stands for any resource created in the same run
# (an aws_s3_bucket, an aws_kms_key, an aws_iam_role). The known elements are still checked at
# `terraform validate` and `terraform plan`: a typo in an action here would fail them, at the
# element.
resource "terraform_data" "images_bucket" {
  input = "my-images"
}

data "rekognitioniam_policy_document" "read_new_bucket" {
  statement {
    sid       = "DetectLabels"
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadImages"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${terraform_data.images_bucket.output}/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/project"
      values   = [terraform_data.images_bucket.output]
    }
  }
}
