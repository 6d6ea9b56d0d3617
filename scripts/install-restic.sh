#!/usr/bin/env bash
# Puts restic 0.14 (Debian bookworm), 0.18 (trixie) and 0.19 (sid) into .restic/<version>/restic.
# The archive's address is read from this machine's own Debian source entry, so none is written
# here. Packages are fetched with `apt-get download` into a private apt state under .restic/apt
# (the system's apt configuration is left untouched) and unpacked with `dpkg -x`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.restic"
mkdir -p "$dest"

# The URI of the main Debian archive (not the security one), in deb822 or one-line form.
debian_uri() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    if [ -n "$uri" ] && grep -qE '^Suites:.*\b(bookworm|trixie|forky|sid|stable|testing)\b' "$f"; then
      echo "$uri"; return 0
    fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i !~ /security/) print $i; break } }' "$f" | head -1)
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  return 1
}

uri=$(debian_uri) || { echo "install-restic: no Debian archive entry found in /etc/apt" >&2; exit 1; }
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

apt_state="$dest/apt"
mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial" "$apt_state/debs"
cat > "$apt_state/sources.list" <<LIST
deb [signed-by=$keyring] $uri bookworm main
deb [signed-by=$keyring] $uri trixie main
deb [signed-by=$keyring] $uri sid main
LIST
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_state/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::State::Lists=$apt_state/lists"
  -o "Dir::State::Status=/var/lib/dpkg/status"
  -o "Dir::Cache=$apt_state/cache"
  -o "APT::Default-Release="
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root"
)

fetch_suite() { # <suite> <folder name>
  local suite=$1 name=$2 target="$dest/$2"
  if [ -x "$target/restic" ]; then echo "restic $name: already in $target"; return 0; fi
  local version
  version=$(apt-cache "${apt_opts[@]}" madison restic | awk -v s="$suite" '$0 ~ " "s"/main" { print $3; exit }')
  [ -n "$version" ] || { echo "install-restic: no restic in $suite" >&2; return 1; }
  (cd "$apt_state/debs" && apt-get "${apt_opts[@]}" download "restic=$version" >/dev/null)
  local deb
  deb=$(ls "$apt_state/debs"/restic_"${version//:/%3a}"_*.deb | head -1)
  rm -rf "$target.tmp" && mkdir -p "$target.tmp"
  dpkg -x "$deb" "$target.tmp/root"
  mv "$target.tmp/root/usr/bin/restic" "$target.tmp/restic"
  rm -rf "$target.tmp/root" && rm -rf "$target" && mv "$target.tmp" "$target"
  echo "restic $name: $("$target/restic" version | head -1) in $target"
}

apt-get "${apt_opts[@]}" update >/dev/null
fetch_suite bookworm 0.14
fetch_suite trixie 0.18
fetch_suite sid 0.19
