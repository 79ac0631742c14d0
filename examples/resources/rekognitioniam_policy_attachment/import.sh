# Import by the identity's ARN.
terraform import rekognitioniam_policy_attachment.app arn:aws:iam::111122223333:role/app
