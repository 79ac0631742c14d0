terraform {
  required_providers {
    rekognitioniam = {
      source  = "rekognitioniam/rekognitioniam"
      version = "0.1.0"
    }
  }
}

# No arguments: the provider works offline and needs no credentials.
provider "rekognitioniam" {}
