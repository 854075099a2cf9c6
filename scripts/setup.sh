#!/usr/bin/env bash
# Idempotent setup: virtualenv, CPU torch first, the package, and a models directory.
# Prints the models directory to use on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if ! .venv/bin/python -c "import service, stanza, litestar, pytest, playwright, ruff, mypy, ray.data, opentelemetry.sdk" 2>/dev/null; then
  .venv/bin/pip install -q --upgrade pip
  # torch first and pinned: anything that pulls torch in unpinned fetches a multi-GB CUDA build
  .venv/bin/pip install -q -c constraints.txt "torch==2.13.0"
  # ray: the backfill's extra (issue 14); its tests run in CI, on a local Ray cluster
  .venv/bin/pip install -q -c constraints.txt -e ".[test,dev,ray]"
fi
if [ -z "${QUOTES_MODELS_DIR:-}" ]; then
  if [ -d ../shared/stanza_resources ]; then
    QUOTES_MODELS_DIR=$(cd ../shared/stanza_resources && pwd)
  else
    QUOTES_MODELS_DIR="${STANZA_RESOURCES_DIR:-$HOME/stanza_resources}"
    .venv/bin/python -m service models check --models-dir "$QUOTES_MODELS_DIR" >/dev/null 2>&1 \
      || .venv/bin/python -m service models download --models-dir "$QUOTES_MODELS_DIR"
  fi
fi
echo "$QUOTES_MODELS_DIR"
