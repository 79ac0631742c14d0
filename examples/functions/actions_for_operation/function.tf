output "detect_labels_actions" {
  value = provider::rekognitioniam::actions_for_operation("DetectLabels") # ["rekognition:DetectLabels"]
}

# The actions of every operation a worker calls, e.g. for a `require` block of the gate.
locals {
  worker_operations = ["SearchFacesByImage", "IndexFaces"]
  worker_actions    = distinct(flatten([for op in local.worker_operations : provider::rekognitioniam::actions_for_operation(op)]))
}
