#!/usr/bin/env bash
# The test command: set up if needed, then run the whole suite on the real models.
set -euo pipefail
cd "$(dirname "$0")/.."
QUOTES_MODELS_DIR=$(./scripts/setup.sh dev | tail -n 1)
export QUOTES_MODELS_DIR
exec .venv/bin/python -m pytest "$@"
