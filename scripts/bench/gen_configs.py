#!/usr/bin/env python3
"""Writes the plan benchmark configurations: N policy documents and N/10 gates, three ways.

  floor/N  the documents as jsonencode() locals and terraform_data resources (Terraform alone)
  peer/N   the documents as data sources of the do-nothing peer provider, peer_gate resources
  ours/N   rekognitioniam_policy_document data sources, rekognitioniam_policy_attachment
           resources (ten inline policies each)

Every variant carries the same policy texts, so the differences are the cost of the providers.
Usage: gen_configs.py OUT_DIR N [N ...]
"""

import os
import sys


def statements(i):
    """The two statements of document i, as (sid, actions, resources)."""
    return [
        ("Detect", ["rekognition:DetectLabels", "rekognition:DetectFaces"], ["*"]),
        ("ReadImages", ["s3:GetObject"], [f"arn:aws:s3:::bench-images-{i}/*"]),
    ]


def hcl_list(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def jsonencode(i):
    parts = []
    for sid, actions, resources in statements(i):
        parts.append(
            f'{{ Sid = "{sid}", Effect = "Allow", Action = {hcl_list(actions)}, '
            f"Resource = {hcl_list(resources)} }}"
        )
    return 'jsonencode({ Version = "2012-10-17", Statement = [' + ", ".join(parts) + "] })"


def gates(n):
    """Gate j takes documents 10j .. 10j+9."""
    return [(j, range(10 * j, min(10 * j + 10, n))) for j in range((n + 9) // 10)]


def required(namespace, name, version):
    return (
        "terraform {\n  required_providers {\n"
        f'    {name} = {{\n      source  = "{namespace}/{name}"\n      version = "{version}"\n    }}\n'
        "  }\n}\n\n"
    )


def floor(n):
    out = ["locals {\n"]
    out += [f"  d{i} = {jsonencode(i)}\n" for i in range(n)]
    out.append("}\n\n")
    for j, docs in gates(n):
        out.append(f'resource "terraform_data" "a{j}" {{\n  input = {{\n')
        out += [f"    d{i} = local.d{i}\n" for i in docs]
        out.append("  }\n}\n\n")
    return "".join(out)


def peer(n, namespace):
    out = [required(namespace, "peer", "0.2.2")]
    for i in range(n):
        out.append(f'data "peer_document" "d{i}" {{\n  input = {jsonencode(i)}\n}}\n\n')
    for j, docs in gates(n):
        out.append(f'resource "peer_gate" "a{j}" {{\n  documents = {{\n')
        out += [f"    d{i} = data.peer_document.d{i}.output\n" for i in docs]
        out.append("  }\n}\n\n")
    return "".join(out)


def crate_version():
    """The provider's version, from Cargo.toml (where it lives alone)."""
    if os.environ.get("OURS_VERSION"):
        return os.environ["OURS_VERSION"]
    cargo = os.path.join(os.path.dirname(__file__), "..", "..", "Cargo.toml")
    with open(cargo) as f:
        for line in f:
            if line.startswith("version = "):
                return line.split('"')[1]
    raise SystemExit("no version in Cargo.toml")


def ours(n):
    out = [required("rekognitioniam", "rekognitioniam", crate_version())]
    for i in range(n):
        out.append(f'data "rekognitioniam_policy_document" "d{i}" {{\n')
        for sid, actions, resources in statements(i):
            out.append(
                f'  statement {{\n    sid       = "{sid}"\n    actions   = {hcl_list(actions)}\n'
                f"    resources = {hcl_list(resources)}\n  }}\n"
            )
        out.append("}\n\n")
    for j, docs in gates(n):
        out.append(
            f'resource "rekognitioniam_policy_attachment" "a{j}" {{\n'
            f'  identity_arn = "arn:aws:iam::111122223333:role/bench-{j}"\n  inline_policies = {{\n'
        )
        out += [f"    d{i} = data.rekognitioniam_policy_document.d{i}.json\n" for i in docs]
        out.append("  }\n}\n\n")
    return "".join(out)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root = sys.argv[1]
    for n in map(int, sys.argv[2:]):
        variants = {
            "floor": floor(n),
            "peer": peer(n, "tfprovider"),
            "peer-nodelay": peer(n, "tfprovidernodelay"),
            "ours": ours(n),
        }
        for name, text in variants.items():
            d = os.path.join(root, name, str(n))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "main.tf"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
