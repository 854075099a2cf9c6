#!/usr/bin/env bash
# Quick start: set everything up, then serve on 127.0.0.1:8000 (QUOTES_HOST/QUOTES_PORT override).
set -euo pipefail
cd "$(dirname "$0")/.."
QUOTES_MODELS_DIR=$(./scripts/setup.sh | tail -n 1)
export QUOTES_MODELS_DIR
exec .venv/bin/python -m service serve "$@"
