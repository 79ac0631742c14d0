#!/usr/bin/env python3
"""Writes the `terraform show -json` plans of the `check` scale benchmarks (BENCHMARKS.md).

    gen_check_plans.py SHAPE SCALE OUT

SHAPE is one of:

- ``iam``: SCALE x 20,000 ``aws_iam_policy`` resources (about 22 MB at SCALE 1), each with a
  planned value, a resource change (before, after, after_unknown) and a configuration block,
  as ``terraform show -json`` writes them; every policy has two suggestions (an action listed
  twice, ``s3:GetObject`` on ``*``) and one in a hundred an unknown action;
- ``documents``: SCALE x 10,000 ``aws_iam_policy_document`` data sources and as many
  ``aws_s3_bucket_policy`` resources, each using one document's JSON with its keys in another
  order (about 6.3 MB at SCALE 1): the shape that compared every document with every resource;
- ``inline``: one ``rekognitioniam_policy_attachment`` with SCALE x 60,000 ``inline_policies``
  keys, one in ten with an unknown action and one in a hundred unknown until apply: the shape
  of one lookup per key and per finding position;
- ``zeros``: a JSON array of SCALE x 25 million zeros (50 MB at SCALE 1).

The plans are written on one line, as ``terraform show -json`` does. The same SCALE always
gives the same bytes.
"""

import json
import sys


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def plan(resources, changes, config_resources):
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": config_resources}},
    }


def managed(type_name, name, values):
    return {
        "address": f"{type_name}.{name}",
        "mode": "managed",
        "type": type_name,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "schema_version": 0,
        "values": values,
        "sensitive_values": {},
    }


def change(resource, unknown):
    return {
        "address": resource["address"],
        "mode": resource["mode"],
        "type": resource["type"],
        "name": resource["name"],
        "provider_name": resource["provider_name"],
        "change": {
            "actions": ["create"],
            "before": None,
            "after": resource["values"],
            "after_unknown": unknown,
            "before_sensitive": False,
            "after_sensitive": {},
        },
    }


def config(type_name, name, keys):
    return {
        "address": f"{type_name}.{name}",
        "mode": "managed",
        "type": type_name,
        "name": name,
        "provider_config_key": "aws",
        "expressions": {key: {"references": [f"local.{name}"]} for key in keys},
        "schema_version": 0,
    }


def iam(scale):
    resources, changes, configs = [], [], []
    for i in range(20_000 * scale):
        name = f"p{i:07d}"
        detect = "rekognition:DetectLabel" if i % 100 == 0 else "rekognition:DetectLabels"
        text = policy(
            [
                {
                    "Sid": "Detect",
                    "Effect": "Allow",
                    "Action": [detect, "rekognition:DetectFaces", "rekognition:DetectFaces"],
                    "Resource": "*",
                },
                {
                    "Sid": "Images",
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                },
            ]
        )
        resource = managed(
            "aws_iam_policy",
            name,
            {
                "name": f"team-{i}-rekognition",
                "name_prefix": None,
                "path": "/",
                "description": "Rekognition access",
                "policy": text,
                "tags": None,
            },
        )
        resources.append(resource)
        changes.append(change(resource, {"arn": True, "id": True, "policy_id": True, "tags_all": True}))
        configs.append(config("aws_iam_policy", name, ["name", "policy"]))
    return plan(resources, changes, configs)


def documents(scale):
    resources, changes, configs = [], [], []
    for i in range(10_000 * scale):
        statement = {
            "Sid": "Read",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{111122223333 + i}:root"},
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::bucket-{i}/*",
        }
        text = policy([statement])
        # the resource's copy: another key order, as a provider normalising the JSON writes it
        reordered = json.dumps(
            {"Statement": [dict(reversed(list(statement.items())))], "Version": "2012-10-17"}
        )
        resources.append(
            {
                "address": f"data.aws_iam_policy_document.d{i:07d}",
                "mode": "data",
                "type": "aws_iam_policy_document",
                "name": f"d{i:07d}",
                "values": {"id": str(i), "json": text},
            }
        )
        bucket = managed(
            "aws_s3_bucket_policy", f"b{i:07d}", {"bucket": f"bucket-{i}", "policy": reordered}
        )
        resources.append(bucket)
        changes.append(change(bucket, {"id": True}))
    return plan(resources, changes, configs)


def inline(scale):
    n = 60_000 * scale
    known, unknown = {}, {}
    for i in range(n):
        key = f"policy-{i:07d}"
        if i % 100 == 99:
            unknown[key] = True
            continue
        action = "rekognition:DetectLabel" if i % 10 == 0 else "rekognition:DetectLabels"
        known[key] = policy([{"Effect": "Allow", "Action": action, "Resource": "*"}])
        unknown[key] = False
    resource = managed(
        "rekognitioniam_policy_attachment",
        "all",
        {"identity_arn": "arn:aws:iam::111122223333:role/app", "inline_policies": known},
    )
    resource["provider_name"] = "registry.terraform.io/example/rekognitioniam"
    return plan(
        [resource],
        [change(resource, {"inline_policies": unknown})],
        [config("rekognitioniam_policy_attachment", "all", ["identity_arn", "inline_policies"])],
    )


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("iam", "documents", "inline", "zeros"):
        sys.exit(__doc__)
    shape, scale, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w", encoding="utf-8") as f:
        if shape == "zeros":
            f.write("[")
            chunk = ",".join(["0"] * 1_000_000)
            for i in range(25 * scale):
                f.write(chunk if i == 0 else "," + chunk)
            f.write("]")
            return
        doc = {"iam": iam, "documents": documents, "inline": inline}[shape](scale)
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
