#!/usr/bin/env bash
# The container smoke test and the gateway test alone: installs podman/runc/debootstrap/haproxy
# when missing (as root), then runs tests/container and tests/gateway as CI does (CI=true: a
# missing tool fails instead of skipping). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-container-tools.sh
QUOTES_MODELS_DIR=$(./scripts/setup.sh dev | tail -n 1)
export QUOTES_MODELS_DIR CI=true QUOTES_TORCH_THREADS=1
exec .venv/bin/python -m pytest tests/container tests/gateway "$@"
