# Gate the policies of an application role at plan time, then attach exactly what was checked.
data "rekognitioniam_managed_policy" "read_only" {
  name = "AmazonRekognitionReadOnlyAccess"
}

data "rekognitioniam_policy_document" "detect" {
  statement {
    actions   = ["rekognition:DetectLabels", "rekognition:DetectFaces"]
    resources = ["*"]
  }
}

resource "rekognitioniam_policy_attachment" "app" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = [data.rekognitioniam_managed_policy.read_only.arn]
  inline_policies = {
    detect = data.rekognitioniam_policy_document.detect.json
  }
  max_access_level = "Read"

  require {
    actions = ["rekognition:DetectLabels"]
  }

  forbid {
    actions = ["rekognition:Delete*", "iam:PassRole"]
  }
}

# With the AWS provider, attach the checked set (not applied in this example):
#
# resource "aws_iam_role_policy_attachment" "app" {
#   for_each   = toset(rekognitioniam_policy_attachment.app.managed_policy_arns)
#   role       = aws_iam_role.app.name
#   policy_arn = each.value
# }
#
# resource "aws_iam_role_policy" "app" {
#   for_each = rekognitioniam_policy_attachment.app.inline_policies
#   role     = aws_iam_role.app.name
#   name     = each.key
#   policy   = each.value
# }

output "effective_actions" {
  value = rekognitioniam_policy_attachment.app.effective_actions
}
