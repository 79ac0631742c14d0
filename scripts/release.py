#!/usr/bin/env python3
"""Release artifacts and provider mirrors, as the Terraform registry protocol lays them out.

    release.py release --binary PATH --version V --platform OS_ARCH --out DIR [--gpg-key ID]
    release.py mirror  --dist DIR --version V --out DIR

`release` adds one platform's archive to DIR and rewrites the files that cover every archive in
DIR: `terraform-provider-rekognitioniam_<V>_<os>_<arch>.zip` (the binary named
`terraform-provider-rekognitioniam_v<V>`, as the registry's installers expect),
`_SHA256SUMS` (one `sha256  name` line per zip, as `sha256sum` writes them), `_manifest.json`
(protocol version 6.0) and, with a GPG key, the detached binary signature `_SHA256SUMS.sig`
that the public registry requires for publishing.

`mirror` turns a release directory into a provider mirror that serves both of Terraform's mirror
kinds from one tree, for the Terraform and the OpenTofu registry hosts:
- the packed filesystem-mirror layout: HOST/NAMESPACE/TYPE/<the zips>;
- the network-mirror protocol beside them: HOST/NAMESPACE/TYPE/index.json and <V>.json, whose
  archives carry `zh:` (SHA-256 of the zip, as in _SHA256SUMS) and `h1:` (the hash of the
  unpacked contents that `terraform init` records) hashes, so any static HTTPS server can serve it;
- `terraform.lock.hcl` / `opentofu.lock.hcl`: the dependency lock entry with every platform's
  hashes. A configuration that starts from it installs from the filesystem mirror with verified
  checksums and a lock file complete for every released platform.

Archives are reproducible: entries are sorted, with a fixed timestamp and mode.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

NAMESPACE = "rekognitioniam"
TYPE = "rekognitioniam"
NAME = f"terraform-provider-{TYPE}"
HOSTS = ("registry.terraform.io", "registry.opentofu.org")
PROTOCOL_VERSIONS = ["6.0"]
# The earliest timestamp a zip entry can carry: archives do not depend on when they were built.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_PATTERN = re.compile(
    rf"^{re.escape(NAME)}_(?P<version>[^_]+)_(?P<os>[a-z0-9]+)_(?P<arch>[a-z0-9]+)\.zip$"
)


def fail(message):
    print(f"release.py: {message}", file=sys.stderr)
    sys.exit(2)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def zip_hash(path):
    """`zh:` hash: SHA-256 of the archive itself."""
    with open(path, "rb") as f:
        return "zh:" + sha256_hex(f.read())


def h1_hash(path):
    """`h1:` hash of an archive: Go's dirhash Hash1 over its files, as Terraform computes it.

    The summary is one `<sha256 hex>  <name>\\n` line per file, sorted by name; the hash is the
    base64 SHA-256 of that summary.
    """
    with zipfile.ZipFile(path) as z:
        names = sorted(i.filename for i in z.infolist() if not i.is_dir())
        summary = "".join(f"{sha256_hex(z.read(n))}  {n}\n" for n in names)
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


def write_zip(binary, version, out_path):
    suffix = ".exe" if binary.endswith(".exe") else ""
    info = zipfile.ZipInfo(f"{NAME}_v{version}{suffix}", date_time=ZIP_EPOCH)
    info.external_attr = 0o100755 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(binary, "rb") as f:
        data = f.read()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(info, data, compresslevel=6)
    with open(out_path, "wb") as f:
        f.write(buffer.getvalue())


def archives(dist, version):
    """The release archives of `version` in `dist`: (platform, file name), sorted."""
    found = []
    for name in sorted(os.listdir(dist)):
        m = ZIP_PATTERN.match(name)
        if m and m.group("version") == version:
            found.append((f"{m.group('os')}_{m.group('arch')}", name))
    return found


def release(args):
    if not re.fullmatch(r"[a-z0-9]+_[a-z0-9]+", args.platform):
        fail(f"platform {args.platform!r} is not OS_ARCH, e.g. linux_amd64")
    if not os.path.isfile(args.binary):
        fail(f"no binary at {args.binary}: build it first (make build)")
    os.makedirs(args.out, exist_ok=True)
    prefix = f"{NAME}_{args.version}"
    write_zip(args.binary, args.version, os.path.join(args.out, f"{prefix}_{args.platform}.zip"))

    zips = archives(args.out, args.version)
    sums = "".join(f"{zip_hash(os.path.join(args.out, n))[3:]}  {n}\n" for _, n in zips)
    sums_path = os.path.join(args.out, f"{prefix}_SHA256SUMS")
    with open(sums_path, "w") as f:
        f.write(sums)
    manifest = {"version": 1, "metadata": {"protocol_versions": PROTOCOL_VERSIONS}}
    with open(os.path.join(args.out, f"{prefix}_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")

    signature = sums_path + ".sig"
    if os.path.exists(signature):
        os.remove(signature)
    if args.gpg_key:
        subprocess.run(
            ["gpg", "--batch", "--yes", "--local-user", args.gpg_key,
             "--output", signature, "--detach-sign", sums_path],
            check=True,
        )
    for _, name in zips:
        print(os.path.join(args.out, name))
    print(sums_path)


def lock_entry(host, version, hashes):
    lines = "".join(f'    "{h}",\n' for h in hashes)
    return (
        f'provider "{host}/{NAMESPACE}/{TYPE}" {{\n'
        f'  version     = "{version}"\n'
        f'  constraints = "{version}"\n'
        f"  hashes = [\n{lines}  ]\n}}\n"
    )


def mirror(args):
    zips = archives(args.dist, args.version)
    if not zips:
        fail(f"no {NAME}_{args.version}_*.zip in {args.dist}: run make release first")
    sums_path = os.path.join(args.dist, f"{NAME}_{args.version}_SHA256SUMS")
    if not os.path.isfile(sums_path):
        fail(f"no {sums_path}: run make release first")
    with open(sums_path) as f:
        listed = {line.split()[1]: line.split()[0] for line in f if line.strip()}
    hashes = {}
    for platform, name in zips:
        path = os.path.join(args.dist, name)
        zh = zip_hash(path)
        if listed.get(name) != zh[3:]:
            fail(f"{name} does not match {sums_path}: run make release again")
        hashes[platform] = (name, h1_hash(path), zh)

    for host in HOSTS:
        folder = os.path.join(args.out, host, NAMESPACE, TYPE)
        os.makedirs(folder, exist_ok=True)
        for name, _, _ in hashes.values():
            shutil.copyfile(os.path.join(args.dist, name), os.path.join(folder, name))
        index_path = os.path.join(folder, "index.json")
        versions = {}
        if os.path.isfile(index_path):
            with open(index_path) as f:
                versions = json.load(f).get("versions", {})
        versions[args.version] = {}
        with open(index_path, "w") as f:
            json.dump({"versions": dict(sorted(versions.items()))}, f, indent=2)
            f.write("\n")
        document = {
            "archives": {
                platform: {"url": name, "hashes": [h1, zh]}
                for platform, (name, h1, zh) in sorted(hashes.items())
            }
        }
        with open(os.path.join(folder, f"{args.version}.json"), "w") as f:
            json.dump(document, f, indent=2)
            f.write("\n")

    every_hash = sorted(h for _, h1, zh in hashes.values() for h in (h1, zh))
    for host, lock_name in zip(HOSTS, ("terraform.lock.hcl", "opentofu.lock.hcl")):
        with open(os.path.join(args.out, lock_name), "w") as f:
            f.write(lock_entry(host, args.version, every_hash))
    print(args.out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("release", help="add a platform's archive to a release directory")
    r.add_argument("--binary", required=True)
    r.add_argument("--version", required=True)
    r.add_argument("--platform", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--gpg-key", default=os.environ.get("GPG_KEY_ID") or None)
    m = commands.add_parser("mirror", help="lay a release directory out as a provider mirror")
    m.add_argument("--dist", required=True)
    m.add_argument("--version", required=True)
    m.add_argument("--out", required=True)
    args = parser.parse_args()
    release(args) if args.command == "release" else mirror(args)


if __name__ == "__main__":
    main()
