#!/usr/bin/env bash
# Podman (with runc), debootstrap and HAProxy for the container and gateway tests.
# Idempotent: a no-op (well under a second) when everything is already there. CI runs it as root.
set -euo pipefail
need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v newuidmap >/dev/null || need+=(uidmap)
command -v haproxy >/dev/null || need+=(haproxy)
command -v slirp4netns >/dev/null || need+=(slirp4netns)
# podman's default network stack; the tests use --network host, but `podman run` checks for it
[ -d /usr/lib/cni ] || need+=(containernetworking-plugins)
command -v iptables >/dev/null || need+=(iptables)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing: ${need[*]}" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
podman --version
haproxy -v | head -n 1
