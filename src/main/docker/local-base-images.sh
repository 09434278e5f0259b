#!/usr/bin/env bash
# Makes the two base images the image tests build on, from Debian packages only (no registry is needed):
#   localhost/debian-jre25   Debian 13 + openjdk-25-jre-headless + ca-certificates (the gateway's base)
#   localhost/debian-redis   Debian 12 + redis-server                            (compose.yaml's Redis)
# An image that already exists is kept (`podman image exists`), so running this again is cheap.
# Needs: podman, mmdebstrap (Debian packages), root or a user with subuids.
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_base() {
  local image=$1 suite=$2 packages=$3
  if podman image exists "$image"; then
    echo "$image exists"
    return
  fi
  echo "making $image from Debian $suite packages: $packages"
  mmdebstrap --quiet --variant=apt --include="$packages" \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    "$suite" "$work/rootfs.tar"
  podman import --quiet "$work/rootfs.tar" "$image" >/dev/null
  rm -f "$work/rootfs.tar"
  echo "$image made"
}

make_base localhost/debian-jre25 trixie openjdk-25-jre-headless,ca-certificates
make_base localhost/debian-redis bookworm redis-server
