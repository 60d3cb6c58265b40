#!/usr/bin/env bash
# Builds the base image the ledger's container image is layered on, from Debian's packages alone
# (no container registry, no Docker daemon): Debian bookworm, OpenJDK 17's headless JRE, CA
# certificates, and a non-root user `ledger` (uid 10001) whose home /var/lib/ledger is the data
# directory. The result is a docker-archive tar that Jib takes as its base (`tar://…`).
#
#   scripts/base-image.sh [output.tar]      default: ledger-api/target/base-image/debian-jre17.tar
#
# Needs root (mmdebstrap in root mode) and python3; installs mmdebstrap when missing.
# MMDEBSTRAP_OPTS=--verbose shows its progress (it takes minutes: every package is downloaded).
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-ledger-api/target/base-image/debian-jre17.tar}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

if ! command -v mmdebstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The uid must exist in /etc/passwd: PostgreSQL's initdb (embedded mode) refuses an unknown user.
# man1 must exist though man pages are left out: update-alternatives links java.1.gz there.
mmdebstrap ${MMDEBSTRAP_OPTS:---quiet} --variant=minbase \
  --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='chroot "$1" useradd --uid 10001 --user-group --home-dir /var/lib/ledger --create-home --shell /usr/sbin/nologin ledger' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  bookworm "$work/layer.tar"

python3 - "$work" "$out" <<'EOF'
import hashlib, json, os, sys, tarfile
work, out = sys.argv[1], sys.argv[2]
layer = os.path.join(work, "layer.tar")
digest = hashlib.sha256()
with open(layer, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        digest.update(chunk)
config = {
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "10001",
        "WorkingDir": "/var/lib/ledger",
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"],
    },
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + digest.hexdigest()]},
    "history": [{"created_by": "scripts/base-image.sh: mmdebstrap bookworm + openjdk-17-jre-headless"}],
}
with open(os.path.join(work, "config.json"), "w") as f:
    json.dump(config, f)
with open(os.path.join(work, "manifest.json"), "w") as f:
    json.dump([{"Config": "config.json", "RepoTags": ["ledger-base:bookworm-jre17"],
                "Layers": ["layer.tar"]}], f)
with tarfile.open(out, "w") as tar:
    for name in ("manifest.json", "config.json", "layer.tar"):
        tar.add(os.path.join(work, name), arcname=name)
EOF
echo "base image: $out ($(du -h "$out" | cut -f1))"
