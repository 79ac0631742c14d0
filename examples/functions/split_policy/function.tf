# A policy that grew past the 6,144 characters of a managed policy: one statement per image
# bucket of 30 tenants.
locals {
  tenants = [for i in range(30) : format("tenant-%02d", i)]

  all_tenants = jsonencode({
    Version = "2012-10-17"
    Statement = [for t in local.tenants : {
      Sid      = "ReadImages${replace(t, "-", "")}"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"]
      Resource = ["arn:aws:s3:::images-${t}/incoming/*", "arn:aws:s3:::images-${t}/archive/*"]
    }]
  })

  # The fewest documents of at most 6,144 characters each (the default limit), statements in
  # their original order inside each one.
  parts = provider::rekognitioniam::split_policy(local.all_tenants)

  # The same policy as inline policies of a role, whose quota is 10,240 characters together:
  # give the limit as a second argument.
  inline_parts = provider::rekognitioniam::split_policy(local.all_tenants, 10240)
}

# Attach every part to the same role (e.g. aws_iam_policy with for_each = toset(local.parts)):
# together they grant what the original does.
output "documents" {
  value = length(local.parts)
}

output "statements_per_document" {
  value = [for p in local.parts : length(jsondecode(p).Statement)]
}
