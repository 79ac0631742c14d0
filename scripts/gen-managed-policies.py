#!/usr/bin/env python3
"""Regenerates crates/engine/data/managed-policies.json from the reference copies of the AWS managed policies.

Input: ../shared/reference/rekognition-actions.json ("managed_policies": the current default
version of each policy as recorded by the public MAMIP project, with version id and date).
Descriptions paraphrase the Rekognition developer guide's "AWS managed policies" page; the change
history follows that page's change table.

Usage: python3 scripts/gen-managed-policies.py [path/to/shared]
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared")

DESCRIPTIONS = {
    "AmazonRekognitionFullAccess":
        "Full access to Amazon Rekognition, including creating and deleting collections.",
    "AmazonRekognitionReadOnlyAccess":
        "Read-only access to Amazon Rekognition resources.",
    "AmazonRekognitionServiceRole":
        "Lets Amazon Rekognition call Amazon Kinesis Data Streams and Amazon SNS on your behalf "
        "(for stream processors).",
    "AmazonRekognitionCustomLabelsFullAccess":
        "Full access to the Amazon Rekognition Custom Labels API and to the console buckets the "
        "Custom Labels console creates.",
}

CHANGES = {
    "AmazonRekognitionFullAccess": [
        ("2021-04-02", "Tagging actions covered (the policy grants rekognition:*)."),
        ("2021-11-01", "Dataset management actions covered (rekognition:*)."),
        ("2022-07-21", "Project policy and model copy actions covered (rekognition:*)."),
    ],
    "AmazonRekognitionReadOnlyAccess": [
        ("2021-04-02", "Added rekognition:ListTagsForResource."),
        ("2021-11-01", "Added ListDatasetEntries, ListDatasetLabels and DescribeDataset."),
        ("2022-07-21", "Added rekognition:ListProjectPolicies."),
        ("2023-11-08", "Added ListUsers, SearchUsers, SearchUsersByImage, GetMediaAnalysisJob, "
                       "ListMediaAnalysisJobs and the statement id AmazonRekognitionReadOnlyAccess."),
    ],
    "AmazonRekognitionServiceRole": [],
    "AmazonRekognitionCustomLabelsFullAccess": [
        ("2021-04-02", "Added TagResource, UntagResource and ListTagsForResource."),
        ("2021-11-01", "Added CreateDataset, ListDatasetEntries, ListDatasetLabels, DescribeDataset, "
                       "UpdateDatasetEntries, DistributeDatasetEntries and DeleteDataset."),
        ("2022-07-21", "Added CopyProjectVersion, PutProjectPolicy, ListProjectPolicies and "
                       "DeleteProjectPolicy."),
    ],
}

ORDER = [
    "AmazonRekognitionFullAccess",
    "AmazonRekognitionReadOnlyAccess",
    "AmazonRekognitionServiceRole",
    "AmazonRekognitionCustomLabelsFullAccess",
]


def main():
    with open(os.path.join(SHARED, "reference", "rekognition-actions.json")) as f:
        ref = json.load(f)["managed_policies"]
    policies = []
    for name in ORDER:
        p = ref[name]
        arn = p["arn"]
        path = arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/"
        policies.append({
            "name": name,
            "arn": arn,
            "path": path,
            "description": DESCRIPTIONS[name],
            "default_version": p["version"],
            "versions": [{
                "version": p["version"],
                "date": p["version_create_date"][:10],
                # Kept as text: the provider parses and renders it with its own policy model.
                "document": json.dumps(p["document"], separators=(",", ":")),
            }],
            "changes": [{"date": d, "summary": s} for d, s in CHANGES[name]],
        })
    out = {
        "source": "AWS managed policies, current default versions as recorded by the public MAMIP "
                  "project; descriptions and changes from the Amazon Rekognition developer guide.",
        "policies": policies,
    }
    with open(os.path.join(ROOT, "crates", "engine", "data", "managed-policies.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
