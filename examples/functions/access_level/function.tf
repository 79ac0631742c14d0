output "detect_labels_level" {
  value = provider::rekognitioniam::access_level("rekognition:DetectLabels") # "Read"
}

# Gate a list of actions: fail the plan if any of them writes.
variable "reader_actions" {
  type    = list(string)
  default = ["rekognition:DetectLabels", "rekognition:DescribeProjects"]

  validation {
    condition = alltrue([
      for a in var.reader_actions :
      contains(["List", "Read"], provider::rekognitioniam::access_level(a))
    ])
    error_message = "The reader role may only list and read."
  }
}

output "reader_levels" {
  value = { for a in var.reader_actions : a => provider::rekognitioniam::access_level(a) }
}
