# `terraform test` runs these offline: the provider needs no credentials.

variables {
  bucket = "shoe-images"
}

run "reads_images_and_detects_labels_only" {
  command = plan

  assert {
    condition = rekognitioniam_policy_attachment.role.effective_actions == tolist([
      "rekognition:DetectLabels",
      "s3:GetObject",
    ])
    error_message = "Unexpected effective actions: ${jsonencode(rekognitioniam_policy_attachment.role.effective_actions)}"
  }

  assert {
    condition     = rekognitioniam_policy_attachment.role.verdict == "pass"
    error_message = "The gate should pass."
  }

  assert {
    condition     = strcontains(data.rekognitioniam_policy_document.role.json, "arn:aws:s3:::shoe-images/*")
    error_message = "The policy should be scoped to the bucket."
  }
}

run "a_wildcard_is_expanded_and_stays_within_read" {
  command = plan

  variables {
    extra_actions = ["rekognition:DescribeCollection", "rekognition:List*"]
  }

  assert {
    condition     = contains(rekognitioniam_policy_attachment.role.effective_actions, "rekognition:ListCollections")
    error_message = "rekognition:List* should grant ListCollections."
  }

  assert {
    condition     = rekognitioniam_policy_attachment.role.access_summary["Write"] == 0
    error_message = "No Write action expected."
  }
}

run "a_forbidden_action_fails_the_gate" {
  command = plan

  variables {
    extra_actions = ["iam:PassRole"]
  }

  expect_failures = [rekognitioniam_policy_attachment.role]
}

run "write_access_fails_the_access_level_gate" {
  command = plan

  variables {
    extra_actions = ["rekognition:IndexFaces"]
  }

  expect_failures = [rekognitioniam_policy_attachment.role]
}
