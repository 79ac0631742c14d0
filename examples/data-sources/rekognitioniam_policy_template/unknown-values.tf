# Values known only after apply: the known parameters (and the known elements of a list) are
# checked at `terraform validate` and `terraform plan`; the rest when the template is read.
resource "terraform_data" "training_bucket" {
  input = "arn:aws:s3:::my-training-images"
}

data "rekognitioniam_policy_template" "read_new_bucket" {
  name        = "s3_image_read"
  bucket_arns = [terraform_data.training_bucket.output, "arn:aws:s3:::my-test-images"]
}
