#!/usr/bin/env bash
# The static checks CI runs before the tests (the pre-commit hooks run the same ones):
# ruff lint and format, mypy on service/, and the spec's consumers (scripts/check-spec.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
./scripts/check-spec.sh
