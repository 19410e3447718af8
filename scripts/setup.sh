#!/usr/bin/env bash
# Installs what `npm start` (mode start) or `npm test` (mode test) needs and is missing:
# Debian packages (as root; otherwise prints the exact apt-get line and stops), node modules, the web build.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-start}

# coturn: the TURN server (R7.1) — started by `npm start` only with TURN_ENABLED=true (then install it), always in tests;
# nftables: the NAT the browser test of participants behind a router makes in network namespaces (e2e/nat-namespaces)
# tests: poppler-utils (pdfsig verifies the PDF signatures, pdftotext reads PDFs back), libnss3-tools (certutil trusts the
# local CA for pdfsig), libreoffice-writer-nogui (every DOCX the system writes is opened in tests)
packages=(janus janus-tools ffmpeg fonts-liberation2)
if [ "$mode" = test ]; then packages+=(chromium libjs-janus-gateway libjs-webrtc-adapter fonts-liberation haproxy nats-server poppler-utils libnss3-tools libreoffice-writer-nogui coturn nftables); fi
if [ "$mode" = start ] && { [ "${TURN_ENABLED:-}" = true ] || [ "${TURN_ENABLED:-}" = 1 ]; }; then packages+=(coturn); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "GiaoBan needs Debian packages that are not installed. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# By content, not by time: a checkout or a copy that touches package-lock.json without changing it must not wipe
# node_modules under a running server or test.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.package-lock.json ] || [ "$(cat node_modules/.giaoban-lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  echo "Installing node modules"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.giaoban-lock.sha256
fi

# Build the web client when it is missing or older than its sources.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts shared -newer web/dist/index.html -print -quit)" ]; then
  echo "Building the web client"
  npx vite build --config web/vite.config.ts --logLevel warn
fi

# Build the server into one module when it is missing or older than its sources: `npm start` runs it, and a
# restarted server answers within seconds instead of transpiling TypeScript again (tsx still runs the tests).
if [ ! -f dist/server/main.mjs ] || [ -n "$(find server shared package-lock.json -name '*.ts' -newer dist/server/main.mjs -print -quit 2>/dev/null)" ] || [ package-lock.json -nt dist/server/main.mjs ]; then
  echo "Building the server"
  npx esbuild server/main.ts --bundle --platform=node --target=node20 --format=esm --packages=external --sourcemap --log-level=warning --outfile=dist/server/main.mjs
fi
