#!/usr/bin/env bash
# Build the service image with podman, the way CI does: ./scripts/build-image.sh [TAG]
# (default quotes:dev). Base: scripts/container-base.sh (python:3.11-slim or the debootstrapped
# stand-in). Models: MODELS=local from QUOTES_MODELS_DIR (default ../shared/stanza_resources),
# passed as a separate build context, never copied into ".". The CPU torch wheel comes from
# /opt/wheels when it is there (TORCH_WHEELS overrides), else from the PyTorch CPU index.
# The flags are this machine's: runc, cgroupfs, lowered ulimits, host network, host CA bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=${1:-quotes:dev}
PODMAN=(podman --runtime runc --cgroup-manager=cgroupfs)
BASE=$(./scripts/container-base.sh | tail -n 1)
MODELS=${MODELS:-local}
MODELS_DIR=${QUOTES_MODELS_DIR:-../shared/stanza_resources}
WHEELS=${TORCH_WHEELS:-/opt/wheels}
CA=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

args=(build --format docker --network host
      --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
      --build-arg BASE_IMAGE="$BASE" --build-arg MODELS="$MODELS"
      --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
      --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)")
if [ "$MODELS" = local ]; then
  args+=(--build-context "stanza-models=$(cd "$MODELS_DIR" && pwd)")
fi
if [ -f "$CA" ]; then
  args+=(--volume /etc/ssl/certs:/etc/ssl/certs:ro --build-arg PIP_CERT="$CA")
fi
if compgen -G "$WHEELS/torch-2.13.0*.whl" >/dev/null; then
  args+=(--volume "$WHEELS:/wheels/torch:ro" --build-arg TORCH_FIND_LINKS=/wheels/torch)
fi
[ -n "${PIP_INDEX_URL:-}" ] && args+=(--build-arg PIP_INDEX_URL="$PIP_INDEX_URL")
# PODMAN_BUILD_FLAGS: anything else for `podman build`, e.g. --no-cache for a cold build
# shellcheck disable=SC2206
args+=(${PODMAN_BUILD_FLAGS:-})
t0=$(date +%s)
"${PODMAN[@]}" "${args[@]}" -t "$TAG" -f Containerfile . >&2
echo "built $TAG on $BASE in $(( $(date +%s) - t0 )) s" >&2
echo "$TAG"
