#!/usr/bin/env bash
# Installs everything the tests and examples need on a fresh Debian machine:
# the npm packages, restic 0.14 / 0.18 / 0.19 (into .restic/), Node 22 and 24 besides the
# machine's Node 20 (into .node/, from the npm registry; scripts/node-versions.txt pins them),
# rclone, OpenSSH, FUSE (fusermount, for the mount tests; they are skipped with a reason where
# /dev/fuse is missing) and Chromium (for the web example's browser test, driven by
# playwright-core, which downloads no browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v rclone >/dev/null || missing+=(rclone)
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
[ -x /usr/lib/openssh/sftp-server ] || missing+=(openssh-sftp-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
command -v openssl >/dev/null || missing+=(openssl)
command -v fusermount3 >/dev/null || command -v fusermount >/dev/null || missing+=(fuse3)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
bash scripts/install-restic.sh
bash scripts/install-node.sh
npm run build --silent
echo "setup done: restic $(ls .restic | grep -v apt | tr '\n' ' '); Node $(node --version) $(ls .node | sed 's|^|.node/|' | tr '\n' ' ')"
