# Sourced by scripts/setup.sh and scripts/lock.sh: where CPU torch comes from.
#   TORCH_INDEX_URL  the PyTorch CPU index (default as in the Containerfile); set it empty to
#                    skip it and use the configured pip sources (pip config list) alone.
# Sets TORCH_FROM (index|config) and TORCH_PIP_ARGS (pip options for the torch install), and
# says on stderr which source is used.
TORCH_INDEX_URL=${TORCH_INDEX_URL-https://download.pytorch.org/whl/cpu}

torch_source() {
  local py=$1
  TORCH_PIP_ARGS=()
  if [ -n "$TORCH_INDEX_URL" ] && "$py" - "$TORCH_INDEX_URL" <<'PY' 2>/dev/null; then
import sys, urllib.request
url = sys.argv[1].rstrip("/") + "/torch/"
urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10)
PY
    TORCH_FROM=index
    TORCH_PIP_ARGS=(--index-url "$TORCH_INDEX_URL")
    echo "torch: the CPU build from the PyTorch CPU index ($TORCH_INDEX_URL)" >&2
  else
    TORCH_FROM=config
    echo "torch: the PyTorch CPU index (${TORCH_INDEX_URL:-unset}) cannot be reached; using the configured pip sources (pip config list)" >&2
  fi
}
