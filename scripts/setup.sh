#!/usr/bin/env bash
# Idempotent setup: a virtualenv (.venv), CPU torch, the hashed lock, the project, and a models
# directory. Prints the models directory to use on its last line (stdout); progress goes to
# stderr.
#
#   scripts/setup.sh [serve|dev]   serve: what serving needs (locks/serve.txt; scripts/serve.sh)
#                                  dev (default): everything, tests and tools (locks/dev.txt)
#   scripts/setup.sh --check [serve|dev]   exit 0 when set up, 1 (saying why) when not
#
# "Set up" is decided by a stamp in .venv: the sha256 of the lock, locks/torch.txt,
# pyproject.toml and the Python version. Any change to them reinstalls from the lock.
# torch comes first, alone, without hashes (scripts/torch-source.sh says from where); the rest
# is installed with --require-hashes --no-deps, so nothing outside the lock is ever pulled in,
# and `pip check` confirms the lock (with that torch) is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
profile=${1:-dev}
case "$profile" in
  serve | dev) ;;
  *) echo "usage: $0 [--check] [serve|dev]" >&2; exit 2 ;;
esac
say() { echo "setup: $*" >&2; }

stamp_of() {  # the stamp a profile's install leaves; empty without a venv
  [ -x .venv/bin/python ] || return 0
  { .venv/bin/python -VV; sha256sum "locks/$1.txt" locks/torch.txt pyproject.toml; } | sha256sum | cut -d' ' -f1
}
is_set_up() {  # dev includes serve
  local p
  for p in "$1" dev; do
    [ -f ".venv/.setup-$p" ] && [ "$(cat ".venv/.setup-$p")" = "$(stamp_of "$p")" ] && return 0
  done
  return 1
}

if is_set_up "$profile"; then
  [ "$check" = 1 ] && { say "set up for $profile (the stamp matches the lock and pyproject.toml)"; exit 0; }
elif [ "$check" = 1 ]; then
  say "not set up for $profile: no .venv/.setup-$profile, or the lock, pyproject.toml or Python changed"
  exit 1
else
  t0=$(date +%s)
  lock=locks/$profile.txt
  n=$(grep -cE '^[A-Za-z0-9]' "$lock")
  pip=(.venv/bin/python -m pip --disable-pip-version-check)
  bar=()
  [ -t 2 ] || bar=(--progress-bar off)  # a log gets pip's lines (names, sizes), not bars
  if [ ! -x .venv/bin/python ]; then
    say "[1/5] a virtualenv in .venv"
    "$PY" -m venv .venv
  else
    say "[1/5] the virtualenv in .venv is there"
  fi
  # shellcheck source=scripts/torch-source.sh
  . scripts/torch-source.sh
  torch_source .venv/bin/python
  # What that source offers, before downloading it: a torch that asks for CUDA packages is the
  # multi-GB CUDA build (plain PyPI's Linux wheel), which this service never wants.
  report=$(mktemp)
  trap 'rm -f "$report"' EXIT
  "${pip[@]}" install -q --dry-run --ignore-installed --no-deps --report "$report" \
    "${TORCH_PIP_ARGS[@]}" -r locks/torch.txt >&2
  if ! .venv/bin/python - "$report" <<'PY'; then
import json, re, sys
item = json.load(open(sys.argv[1]))["install"][0]
cuda = [r for r in item["metadata"].get("requires_dist") or [] if re.match(r"(nvidia-|cuda-|triton)", r, re.I)]
print(f"setup: torch {item['metadata']['version']} from {item['download_info']['url']}", file=sys.stderr)
if cuda:
    print(f"setup: that is a CUDA build (it asks for {', '.join(c.split()[0] for c in cuda[:3])}, ...): "
          "set TORCH_INDEX_URL to a reachable CPU index, or PIP_FIND_LINKS to a folder with the "
          "CPU wheel", file=sys.stderr)
    sys.exit(1)
PY
    exit 1
  fi
  say "[2/5] torch, the CPU build (about 190 MB)"
  "${pip[@]}" install "${bar[@]}" --no-deps "${TORCH_PIP_ARGS[@]}" -r locks/torch.txt >&2
  say "[3/5] $n packages from $lock, hash-checked"
  "${pip[@]}" install "${bar[@]}" --require-hashes --no-deps -r "$lock" >&2
  say "[4/5] the project (editable)"
  "${pip[@]}" install -q --no-deps --no-build-isolation -e . >&2
  if ! "${pip[@]}" check >&2; then
    say "the lock does not satisfy pyproject.toml: run scripts/lock.sh after changing dependencies"
    exit 1
  fi
  stamp_of "$profile" > ".venv/.setup-$profile"
  say "$profile set up in $(( $(date +%s) - t0 )) s"
fi

# [5/5] The models: one rule, `quotes models where` (QUOTES_MODELS_DIR, else
# STANZA_RESOURCES_DIR, else ~/stanza_resources), the same the CLI and the server use.
if [ -n "${QUOTES_MODELS_DIR:-}" ]; then
  dir=$QUOTES_MODELS_DIR
else
  dir=$(.venv/bin/python -m service models where)
  if ! .venv/bin/python -m service models check --models-dir "$dir" >/dev/null 2>&1; then
    if [ -d ../shared/stanza_resources ] && [ ! -e "$dir" ]; then
      # the offline copy beside the clone (tests, CI): linked where the rule looks
      mkdir -p "$(dirname "$dir")"
      ln -s "$(cd ../shared/stanza_resources && pwd)" "$dir"
      say "[5/5] models: linked $dir -> ../shared/stanza_resources"
    else
      say "[5/5] models: downloading the official English models into $dir (about 650 MB, once)"
      .venv/bin/python -m service models download --models-dir "$dir" >&2
    fi
  fi
fi
echo "$dir"
