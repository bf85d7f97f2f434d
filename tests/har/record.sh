#!/usr/bin/env bash
# Re-records tests/data/browser.har (not part of the test suite, which reads
# the committed file): installs Debian's chromium and playwright-core (npm)
# when missing, starts tests/gateway/upstream.py on a free loopback port,
# drives the browser with record_har.js, stops the upstream.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'ok installed'; then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
work=build/har-recorder
mkdir -p "$work"
cp tests/har/package.json "$work/"
(cd "$work" && npm install --no-audit --no-fund --silent)

exec 3< <(python3 tests/gateway/upstream.py --repo . --port 0)
upstream_pid=$!
trap 'kill $upstream_pid 2>/dev/null || true' EXIT
read -r -u 3 line
port=${line##* }
NODE_PATH=$work/node_modules node tests/har/record_har.js "$port" tests/data/browser.har
echo "recorded tests/data/browser.har ($(wc -c < tests/data/browser.har) bytes)"
