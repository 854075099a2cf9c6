#!/usr/bin/env bash
# Refresh constraints.txt, the lock every install uses (scripts/setup.sh, .ci/run, the Containerfile):
# a throw-away venv gets torch==2.13.0 (CPU) first, then the package with every extra, and pip
# freezes what resolved. Run it after changing dependencies in pyproject.toml; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q "torch==2.13.0"
"$tmp/venv/bin/pip" install -q ".[test,dev,ray]"
{
  echo "# The lock: pip constraints for every install (refresh with scripts/lock.sh; torch stays 2.13.0)."
  # the CPU wheel's local label (+cpu) is dropped: ==2.13.0 matches it and the CPU index alike
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -vE '^(quote-service|quotes-client)[ =@]' \
    | sed -E 's/^torch==([0-9.]+)\+cpu$/torch==\1/'
} > constraints.txt
echo "wrote constraints.txt ($(grep -c '==' constraints.txt) pins)"
