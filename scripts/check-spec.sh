#!/usr/bin/env bash
# The committed OpenAPI spec as its consumers see it:
#  1. Redocly's recommended ruleset reports no errors (warnings are printed, not fatal);
#  2. openapi-python-client generates a client from it, and that client imports and builds
#     the request models under their component names.
# Both tools live in .tools/ (gitignored), installed once at pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."
SPEC=openapi/openapi.json
REDOCLY_VERSION=2.77.0
OPC_VERSION=0.29.1
TOOLS=.tools
mkdir -p "$TOOLS"

if [ ! -x "$TOOLS/node/node_modules/.bin/redocly" ]; then
  mkdir -p "$TOOLS/node"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "@redocly/cli@$REDOCLY_VERSION" >/dev/null
fi
REDOCLY_TELEMETRY=off "$TOOLS/node/node_modules/.bin/redocly" lint "$SPEC" --extends recommended \
  --format stylish 2>&1 | grep -vE '^\s*[║╔╚]'
test "${PIPESTATUS[0]}" -eq 0

if [ ! -x "$TOOLS/opc/bin/openapi-python-client" ]; then
  python3 -m venv "$TOOLS/opc"
  "$TOOLS/opc/bin/pip" install -q "openapi-python-client==$OPC_VERSION" 2>"$TOOLS/opc.log" \
    || { cat "$TOOLS/opc.log"; exit 1; }
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$TOOLS/opc/bin/openapi-python-client" generate --path "$SPEC" --meta none \
  --output-path "$out/quotes_api" >"$out/generate.log" 2>&1 || { cat "$out/generate.log"; exit 1; }
(cd "$out" && "$OLDPWD/$TOOLS/opc/bin/python" - <<'PY'
from quotes_api import Client
from quotes_api.api.quotes import extract_quotes, extract_quotes_batch
from quotes_api.api.health import live, ready
from quotes_api.models import BatchDocument, BatchRequest, QuotesRequest, QuotesResponse, Problem

assert BatchRequest(documents=[BatchDocument(text="a", id="x")]).to_dict() == {
    "documents": [{"text": "a", "id": "x"}]
}
assert QuotesRequest(text="t").to_dict() == {"text": "t"}
print("openapi-python-client: the generated client imports; models:", QuotesResponse.__name__, Problem.__name__)
PY
)
echo "spec ok"
