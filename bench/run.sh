#!/usr/bin/env bash
# bench/run.sh — build everything, then run the side-by-side benchmark of this
# SDK and the reference Chat Web SDK (installed from npm into bench/.ref) in
# headless Chromium against the sandbox, and the sandbox capacity benchmark.
# Options are passed to bench/run.mjs (--runs N, --sends N, --no-capacity, …).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/esbuild ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
exec node bench/run.mjs "$@"
