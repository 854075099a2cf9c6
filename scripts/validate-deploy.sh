#!/usr/bin/env bash
# Static checks of deploy/: the Kubernetes manifests against the API schemas (kubernetes-validate
# from PyPI, strict: unknown fields fail) and the HAProxy config (haproxy -c). The compose file is
# checked by running it (deploy/README.md). The tools go into a throw-away virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${TOOLS_VENV:-/tmp/quotes-deploy-tools}
if [ ! -x "$tools/bin/kubernetes-validate" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q kubernetes-validate
fi
for v in 1.30.0 1.37.0; do
  "$tools/bin/kubernetes-validate" --strict -k "$v" deploy/kubernetes/{deployment,service,hpa,pdb}.yaml
done
GATEWAY_BIND=127.0.0.1:8080 GATEWAY_STATS_BIND=127.0.0.1:8081 REPLICA_1=127.0.0.1:8001 \
  REPLICA_2=127.0.0.1:8002 QUOTES_PATH_PREFIX=/quotes QUOTES_MAX_BODY_BYTES=2000000 \
  GATEWAY_SERVER_TIMEOUT=175s haproxy -c -q -f deploy/haproxy.cfg && echo "deploy/haproxy.cfg: valid"
