terraform {
  required_providers {
    rekognitioniam = {
      source  = "rekognitioniam/rekognitioniam"
      version = "0.1.0"
    }
  }
}

# The provider works offline and takes no credentials. Its arguments are optional defaults for
# every policy document of this configuration, child modules included: a document's own
# policy_type and strict win, and its ignore_findings add to these.
provider "rekognitioniam" {
  default_policy_type = "auto"
  strict              = false
  ignore_findings     = []
}
