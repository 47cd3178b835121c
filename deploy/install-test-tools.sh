#!/usr/bin/env bash
# Installs what the deployment checks and the end-to-end test use, only where missing (idempotent):
#   ffmpeg          Debian's, to make H.265 test clips (JavaCV's FFmpeg cannot encode them)
#   docker-compose  `docker-compose config` validates docker-compose.yml (deploy/checks)
#   kubectl         `kubectl kustomize` renders k8s/overlays (Debian package kubernetes-client)
#   prometheus      a real Prometheus scrapes the services in DemoEndToEndTest; promtool checks PromQL
#   node, npm       deploy/checks/validate validates the rendered manifests (npm ci there)
# Run as root for the apt part (.ci/run does). Without root, missing packages are reported and the tests
# that need them fail naming this script.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || missing+=(prometheus)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "install-test-tools: installing ${missing[*]}"
    apt-get update -qq
    # Only the binaries are wanted: never start the packaged services (prometheus' systemd unit).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "install-test-tools: warning: could not install ${missing[*]}; the tests that need them will fail naming this script" >&2
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
      systemctl stop prometheus || true
    fi
  else
    echo "install-test-tools: warning: missing ${missing[*]} and not root; install them (apt-get install ${missing[*]})" >&2
  fi
fi

# The manifest validator's npm packages, exactly as locked.
validate=deploy/checks/validate
if command -v npm >/dev/null 2>&1; then
  if [ ! -d "$validate/node_modules" ] || [ "$validate/package-lock.json" -nt "$validate/node_modules/.package-lock.json" ]; then
    echo "install-test-tools: npm ci in $validate"
    (cd "$validate" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
