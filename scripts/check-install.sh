#!/usr/bin/env bash
# CI check: on a machine whose pip reads plain PyPI, the install pulls no CUDA package.
# What scripts/setup.sh installs is torch (locks/torch.txt, alone, --no-deps) and then a lock
# with --require-hashes --no-deps, so the question is whether torch plus a lock is the whole,
# CPU-only set. pip resolves exactly that here, from plain PyPI (--isolated: none of this
# machine's pip config), with the CPU torch wheel setup would install, and must add nothing and
# name no nvidia-*/cuda-*/triton package. As a control, plain PyPI's own torch==2.13.0 (what the
# old instructions installed first) must show the CUDA packages this check is looking for.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
INDEX=${PLAIN_INDEX_URL:-https://pypi.org/simple}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plain=("$PY" -m pip --disable-pip-version-check --isolated install -q --dry-run --ignore-installed
       --index-url "$INDEX")
[ -n "${PIP_CERT:-}" ] && plain+=(--cert "$PIP_CERT")
# shellcheck source=scripts/torch-source.sh
. scripts/torch-source.sh
torch_source "$PY"
"$PY" -m pip download -q --no-deps -d "$tmp/torch" "${TORCH_PIP_ARGS[@]}" -r locks/torch.txt
wheel=$(ls "$tmp"/torch/torch-*.whl)

for lock in serve dev; do
  sed -E '/^\s*--hash/d; s/ \\$//' "locks/$lock.txt" > "$tmp/$lock.txt"
  "${plain[@]}" --report "$tmp/$lock.json" -r "$tmp/$lock.txt" "$wheel"
done
"${plain[@]}" --report "$tmp/control.json" -r locks/torch.txt

"$PY" - "$tmp" <<'PY'
import json, re, sys
from pathlib import Path

tmp = Path(sys.argv[1])
cuda = re.compile(r"^(nvidia-|cuda-|triton$)", re.I)
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()

def resolved(name):
    return {norm(i["metadata"]["name"]) for i in json.loads((tmp / f"{name}.json").read_text())["install"]}

failed = False
for lock in ("serve", "dev"):
    pinned = {norm(m[1]) for m in re.finditer(r"^([A-Za-z0-9._-]+)==", (tmp / f"{lock}.txt").read_text(), re.M)}
    got = resolved(lock)
    bad, extra = sorted(n for n in got if cuda.match(n)), sorted(got - pinned - {"torch"})
    print(f"locks/{lock}.txt + CPU torch on plain PyPI: {len(got)} packages, CUDA: {bad or 'none'}, beyond the lock: {extra or 'none'}")
    failed |= bool(bad or extra)
control = sorted(n for n in resolved("control") if cuda.match(n))
print(f"control: plain PyPI's torch==2.13.0 pulls {len(control)} CUDA packages ({', '.join(control[:4])}, ...)")
if not control:
    print("the control found no CUDA package: this check would not notice one", file=sys.stderr)
    failed = True
sys.exit(1 if failed else 0)
PY
