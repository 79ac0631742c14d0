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

# Stands for a bucket created in the same run: its name is known only after apply.
resource "terraform_data" "images_bucket" {
  input = "app-images"
}

data "rekognitioniam_policy_document" "images" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${terraform_data.images_bucket.output}/*"]
  }
}

resource "rekognitioniam_policy_attachment" "app" {
  identity_arn        = "arn:aws:iam::111122223333:role/app"
  managed_policy_arns = [data.rekognitioniam_managed_policy.read_only.arn]
  inline_policies = {
    detect = data.rekognitioniam_policy_document.detect.json
    # The data source object itself, not its .json: at the first plan its json is not known
    # yet, but its statements are, and the gates below are decided from them (s3:GetObject is
    # granted on a bucket known after apply: a Read action, and none of the forbidden ones).
    images = data.rekognitioniam_policy_document.images
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
#   policy   = try(each.value.json, each.value) # a data source object, or a JSON string
# }

output "effective_actions" {
  value = rekognitioniam_policy_attachment.app.effective_actions
}

# A worker declared by its intent: its policy is rendered from the intent, and the plan warns
# if the role's permissions ever grant more (the over-grant, listed) or less than the intent
# needs (here the read-only managed policy would be an over-grant, so it is left out).
data "rekognitioniam_policy_from_intent" "worker" {
  operations = ["DetectLabels", "DetectFaces"]
  s3_inputs  = ["s3://${terraform_data.images_bucket.output}/incoming/"]
}

resource "rekognitioniam_policy_attachment" "worker" {
  identity_arn    = "arn:aws:iam::111122223333:role/worker"
  inline_policies = { worker = data.rekognitioniam_policy_from_intent.worker.json }

  intent {
    operations = ["DetectLabels", "DetectFaces"]
    s3_inputs  = ["s3://${terraform_data.images_bucket.output}/incoming/"]
  }
}
