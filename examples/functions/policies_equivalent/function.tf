locals {
  hand_written = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "rekognition:*"
      Resource = ["*"]
    }]
  })
}

# True: order, layout and one-element lists do not change what a policy means.
output "same_as_full_access" {
  value = provider::rekognitioniam::policies_equivalent(
    local.hand_written,
    provider::rekognitioniam::managed_policy("AmazonRekognitionFullAccess"),
  )
}
