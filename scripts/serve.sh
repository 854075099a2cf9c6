#!/usr/bin/env bash
# Quick start: set up what serving needs (progress on stderr), then serve on 127.0.0.1:8000
# (QUOTES_HOST/QUOTES_PORT override). scripts/test.sh adds the rest (tests, tools, Ray).
set -euo pipefail
cd "$(dirname "$0")/.."
QUOTES_MODELS_DIR=$(./scripts/setup.sh serve | tail -n 1)
export QUOTES_MODELS_DIR
exec .venv/bin/python -m service serve "$@"
