#!/usr/bin/env bash
# Refresh the hashed locks after changing dependencies in pyproject.toml (commit the result).
# Pins already in a lock are kept (pip-compile's default); delete the file to upgrade all.
#   locks/dev.txt    everything: the service, test, dev, otel and ray extras
#   locks/serve.txt  what serving needs, at the same versions (compiled under dev.txt)
#   locks/ray.txt    serving plus the ray extra: the backfill image (deploy/kuberay)
# pip-tools (pinned, in a throw-away venv) resolves them with the CPU torch of locks/torch.txt,
# from the PyTorch CPU index or, where it cannot be reached, the configured pip sources (the
# same choice as scripts/setup.sh), and records every file's sha256. torch itself is left out
# (--unsafe-package): it is installed first, from a source that decides its hash.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
PIP_TOOLS_VERSION=7.6.2
# shellcheck source=scripts/torch-source.sh
. scripts/torch-source.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "pip-tools==$PIP_TOOLS_VERSION"
torch_source "$tmp/venv/bin/python"
extra=()
[ "$TORCH_FROM" = index ] && extra=(--extra-index-url "$TORCH_INDEX_URL")
compile=("$tmp/venv/bin/pip-compile" -q --generate-hashes --strip-extras --unsafe-package torch
         --no-emit-index-url --no-emit-find-links --no-emit-trusted-host "${extra[@]}")
export CUSTOM_COMPILE_COMMAND=./scripts/lock.sh
"${compile[@]}" --extra test --extra dev --extra otel --extra ray -o locks/dev.txt \
  pyproject.toml locks/torch.txt
"${compile[@]}" -c locks/dev.txt -o locks/serve.txt pyproject.toml locks/torch.txt
"${compile[@]}" -c locks/dev.txt --extra ray -o locks/ray.txt pyproject.toml locks/torch.txt
for f in locks/dev.txt locks/serve.txt locks/ray.txt; do
  if grep -qiE '^(nvidia-|cuda-|triton)' "$f"; then
    echo "$f pins a CUDA package: torch did not resolve to the CPU build" >&2; exit 1
  fi
  echo "wrote $f ($(grep -cE '^[A-Za-z0-9]' "$f") pins)"
done
