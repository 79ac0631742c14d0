# The ARN of a stream processor, by its name. The partition follows the region.
output "door_camera" {
  value = provider::rekognitioniam::stream_processor_arn("cn-north-1", "123456789012", "door-camera")
}
