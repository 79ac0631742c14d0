# Every action a wildcard grants, spelled as AWS spells it.
output "detect_actions" {
  value = provider::rekognitioniam::expand_actions("rekognition:Detect*")
}

# How much a broad pattern really grants.
output "rekognition_action_count" {
  value = length(provider::rekognitioniam::expand_actions("rekognition:*"))
}
