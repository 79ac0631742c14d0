# A module that writes the policy of an image-analysis role and gates it: tested offline with
# `terraform test` (see tests/). `enforce = false` turns a failed gate into a recorded verdict, so
# the postcondition below is the failure a test can expect.
terraform {
  required_providers {
    rekognitioniam = {
      source  = "rekognitioniam/rekognitioniam"
      version = "0.1.0"
    }
  }
}

variable "bucket" {
  description = "The S3 bucket whose images the role reads."
  type        = string
}

variable "extra_actions" {
  description = "Actions the role gets on top of reading images and detecting labels."
  type        = list(string)
  default     = []
}

data "rekognitioniam_policy_document" "role" {
  statement {
    sid       = "ReadImages"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.bucket}/*"]
  }
  statement {
    sid       = "Detect"
    actions   = concat(["rekognition:DetectLabels"], var.extra_actions)
    resources = ["*"]
  }
}

resource "rekognitioniam_policy_attachment" "role" {
  identity_arn     = "arn:aws:iam::111122223333:role/image-analysis"
  inline_policies  = { role = data.rekognitioniam_policy_document.role }
  max_access_level = "Read"
  enforce          = false

  forbid {
    actions = ["iam:PassRole", "rekognition:Delete*"]
  }

  lifecycle {
    postcondition {
      condition     = self.verdict == "pass"
      error_message = "The role's policy fails its gate: ${join("; ", self.violations)}"
    }
  }
}

output "policy" {
  description = "The rendered policy."
  value       = data.rekognitioniam_policy_document.role.json
}

output "effective_actions" {
  description = "What the role is allowed, wildcards expanded."
  value       = rekognitioniam_policy_attachment.role.effective_actions
}
