#!/usr/bin/env bash
# Prints the base image to build the Containerfile on (its BASE_IMAGE build argument).
#   1. python:3.11-slim if podman already has it (or QUOTES_PULL_BASE=1 and the pull works);
#   2. else the stand-in, localhost/quotes-base:bookworm, reused when podman's store has it;
#   3. else the stand-in is made: `debootstrap --variant=minbase bookworm` with python3 and
#      python3-venv from Debian (Python 3.11, like python:3.11-slim), imported with `podman import`.
# Everything else goes to stderr: the last line of stdout is the image.
set -euo pipefail
PODMAN=(podman --runtime runc --cgroup-manager=cgroupfs)
OFFICIAL=docker.io/library/python:3.11-slim
STANDIN=${QUOTES_STANDIN_IMAGE:-localhost/quotes-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if "${PODMAN[@]}" image exists "$OFFICIAL"; then
  echo "$OFFICIAL"; exit 0
fi
if [ "${QUOTES_PULL_BASE:-0}" = 1 ] && timeout 120 "${PODMAN[@]}" pull -q "$OFFICIAL" >&2; then
  echo "$OFFICIAL"; exit 0
fi
if "${PODMAN[@]}" image exists "$STANDIN"; then
  echo "$STANDIN"; exit 0
fi

echo "no $OFFICIAL here: making the stand-in $STANDIN with debootstrap (about a minute)" >&2
command -v debootstrap >/dev/null || { echo "debootstrap is missing (scripts/install-container-tools.sh)" >&2; exit 1; }
root=$(mktemp -d /var/tmp/quotes-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
t0=$(date +%s)
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
  bookworm "$root" "$MIRROR" >"$root.log" 2>&1 || { tail -n 30 "$root.log" >&2; exit 1; }
rm -f "$root.log"
# what python:3.11-slim also leaves out: apt lists, docs, caches
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/*
tar -C "$root" -c . | "${PODMAN[@]}" import \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' \
  --message "debootstrap minbase bookworm + python3, python3-venv (stand-in for python:3.11-slim)" \
  - "$STANDIN" >&2
echo "stand-in made in $(( $(date +%s) - t0 )) s" >&2
echo "$STANDIN"
