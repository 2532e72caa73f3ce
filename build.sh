#!/usr/bin/env bash
# build.sh — build, demo and test cxone-chat-wasm.
#   ./build.sh         build dist/ (wasm, ES module, script-tag global, source maps, types)
#   ./build.sh demo    build, then serve the demo page with the sandbox on 127.0.0.1
#   ./build.sh test    install what tests need, run the Go tests and the browser tests
#   ./build.sh docs    API reference from js/index.d.ts, store.d.ts, global.d.ts (typedoc) into
#                      dist/docs/api/, which the npm package ships (npm pack runs build and docs)
#   ./build.sh check-chromium   only check for (or install) the browser the tests need
#   ./build.sh fuzz    only the fuzz step; ./build.sh fuzz-check LOG checks a fuzz run's output
# Prerequisites: Go (the version in go.mod), Node >= 18 with npm; Chromium for
# the browser tests (Debian's package is installed when apt-get exists; elsewhere
# install Chromium or Chrome yourself and set CHROMIUM=/path/to/it).
set -euo pipefail
cd "$(dirname "$0")"

DEMO_ADDR="${DEMO_ADDR:-127.0.0.1:8080}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# A count, not a duration: with a duration, go1.26's fuzz coordinator can fail
# a clean run with a bare "context deadline exceeded" as the time runs out
# (golang/go#75804, fixed in go1.27). 150000 executions take ~8 s on 2 cores;
# FUZZTIMEOUT bounds the wall clock, so a stalled run still fails.
FUZZTIME="${FUZZTIME:-150000x}"
FUZZTIMEOUT="${FUZZTIMEOUT:-3m}"
# Minimizing each new interesting input pauses all fuzzing workers (go's
# coordinator sends no new inputs meanwhile) and by default may take 60 s per
# input; the large seeds from testdata/protocol took 5 s each, so a 10 s run
# fuzzed for 3 s. A bound in executions keeps the workers fuzzing.
FUZZMINIMIZE="${FUZZMINIMIZE:-100x}"
# A fuzz run that makes fewer executions than this, or whose progress shows
# 0 execs/sec after its first 3 s, failed to fuzz (go test still passes it).
FUZZMINEXECS="${FUZZMINEXECS:-1000}"

log() { printf '==> %s\n' "$*" >&2; }

npm_deps() {
  if [ ! -x node_modules/.bin/esbuild ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/typedoc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
}

chromium_dep() {
  if [ -x "$CHROMIUM" ]; then return; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<EOF
build.sh: no Chromium at CHROMIUM=$CHROMIUM, and no apt-get to install Debian's.
The browser tests need a Chromium-based browser (Chromium or Google Chrome):
  macOS:   brew install --cask chromium   then CHROMIUM="/Applications/Chromium.app/Contents/MacOS/Chromium"
  Fedora:  sudo dnf install chromium      then CHROMIUM=/usr/bin/chromium-browser
  Arch:    sudo pacman -S chromium        then CHROMIUM=/usr/bin/chromium
  Alpine:  apk add chromium               then CHROMIUM=/usr/bin/chromium-browser
  or any Chrome:                          CHROMIUM=/path/to/chrome
and run again, e.g.  CHROMIUM=/usr/bin/chromium-browser ./build.sh test
EOF
    exit 1
  fi
  log "installing Debian chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  if [ ! -x "$CHROMIUM" ]; then
    echo "build.sh: apt-get installed chromium, but not at CHROMIUM=$CHROMIUM; set CHROMIUM to its path" >&2
    exit 1
  fi
}

build_wasm() {
  log "go build (js/wasm)"
  mkdir -p dist
  # Flags tried for size (GOWASM, -gcflags=-l/-B, linker): bench/RESULTS.md,
  # "Size experiments"; none kept (no effect, unsafe, or a slower start-up).
  GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o dist/cxone-chat.wasm ./wasm
  # Go's loader, bundled into both builds by esbuild (not shipped on its own).
  cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" js/wasm_exec.js
  rm -f dist/wasm_exec.js
}

build_js() {
  log "esbuild (ES module + script-tag global, with source maps)"
  # --sourcemap writes X.js.map with sourcesContent, so the maps work from the
  # package alone (the js/ sources are not shipped).
  node_modules/.bin/esbuild js/index.js --bundle --format=esm --minify --keep-names --target=es2022 \
    --sourcemap --log-level=warning --outfile=dist/index.js
  node_modules/.bin/esbuild js/global.js --bundle --format=iife --minify --keep-names --target=es2022 \
    --sourcemap --log-level=warning --outfile=dist/cxone-chat.global.js
  cp js/global.mjs dist/global.mjs
  cp js/index.d.ts dist/index.d.ts
  cp js/global.d.ts dist/global.d.ts
  node_modules/.bin/esbuild js/store.js --bundle --format=esm --minify --keep-names --target=es2022 \
    --sourcemap --log-level=warning --outfile=dist/store.js
  cp js/store.d.ts dist/store.d.ts
}

# Writes FILE.br (brotli 11) and FILE.gz (gzip 9) beside each file, for a
# server that sends them with Content-Encoding (the sandbox does).
compress_assets() {
  log "compress (brotli 11, gzip 9)"
  node -e '
    const fs = require("fs"), z = require("zlib");
    for (const f of process.argv.slice(1)) {
      const b = fs.readFileSync(f);
      fs.writeFileSync(f + ".br", z.brotliCompressSync(b, { params: {
        [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }));
      fs.writeFileSync(f + ".gz", z.gzipSync(b, { level: 9 }));
    }' dist/cxone-chat.wasm dist/index.js dist/cxone-chat.global.js
}

size_report() {
  node -e '
    const fs = require("fs");
    for (const f of process.argv.slice(1)) {
      const raw = fs.statSync(f).size, br = fs.statSync(f + ".br").size, gz = fs.statSync(f + ".gz").size;
      console.log(`size: ${f}  raw ${raw} B  brotli ${br} B (${(br / 1024).toFixed(1)} KiB)  gzip ${gz} B`);
    }' dist/cxone-chat.wasm dist/index.js dist/cxone-chat.global.js
}

build() {
  npm_deps
  build_wasm
  build_js
  compress_assets
  size_report
}

vet() {
  log "gofmt, go vet (native and js/wasm)"
  local unformatted
  unformatted=$(gofmt -l sdk wasm sandbox bench 2>/dev/null || true)
  if [ -n "$unformatted" ]; then
    printf 'gofmt would change:\n%s\n' "$unformatted" >&2
    return 1
  fi
  go vet ./...
  GOOS=js GOARCH=wasm go vet ./wasm/...
}

go_tests() {
  log "go test -race ./..."
  go test -race -count=1 ./...
  fuzz
}

fuzz() {
  log "go test -fuzz FuzzDecodeFrame (${FUZZTIME}, at least ${FUZZMINEXECS} execs, never 0/sec after 3 s)"
  mkdir -p dist
  local out=dist/fuzz.log
  go test -run '^$' -fuzz '^FuzzDecodeFrame$' -fuzztime "$FUZZTIME" -timeout "$FUZZTIMEOUT" -fuzzminimizetime "$FUZZMINIMIZE" ./sdk 2>&1 | tee "$out"
  fuzz_check "$out"
}

# fuzz_check LOG: go test's fuzz progress lines ("fuzz: elapsed: 6s, execs:
# 14712 (3212/sec), ...") must show the workers fuzzing the whole time.
fuzz_check() {
  awk -v min="$FUZZMINEXECS" '
    /^fuzz: elapsed: [0-9hms]+, execs: [0-9]+ \([0-9]+\/sec\)/ {
      rest = $0; sub(/^fuzz: elapsed: /, "", rest)
      elapsed = 0  # "1m3s" -> 63
      while (match(rest, /^[0-9]+[hms]/)) {
        unit = substr(rest, RLENGTH, 1)
        elapsed += substr(rest, 1, RLENGTH - 1) * (unit == "h" ? 3600 : unit == "m" ? 60 : 1)
        rest = substr(rest, RLENGTH + 1)
      }
      sub(/^, execs: /, "", rest); execs = rest + 0
      sub(/^[0-9]+ \(/, "", rest); rate = rest + 0
      lines++; last = execs
      if (elapsed > 3 && rate == 0) { print "build.sh: fuzzing stalled: " $0 > "/dev/stderr"; stalled = 1 }
    }
    END {
      if (lines == 0) { print "build.sh: the fuzz run printed no progress line (did it fuzz?)" > "/dev/stderr"; exit 1 }
      if (last < min) { printf "build.sh: the fuzz run made %d execs, fewer than FUZZMINEXECS=%d\n", last, min > "/dev/stderr"; exit 1 }
      if (stalled) exit 1
    }' "$1"
}

docs() {
  log "typedoc (API reference from js/index.d.ts, store.d.ts, global.d.ts) -> dist/docs/api/"
  node_modules/.bin/typedoc --options typedoc.json
  log "open dist/docs/api/index.html"
}

browser_tests() {
  log "browser tests (node --test, playwright-core, $CHROMIUM)"
  go build -o dist/sandbox ./sandbox
  CHROMIUM="$CHROMIUM" node --test --test-concurrency=1 js/test/*.test.mjs
}

case "${1:-build}" in
  build) build ;;
  demo)
    build
    go build -o dist/sandbox ./sandbox
    log "open the URL below in a browser; Ctrl-C stops the sandbox"
    exec dist/sandbox -addr "$DEMO_ADDR" -static .
    ;;
  docs)
    npm_deps
    docs
    ;;
  check-chromium) chromium_dep ;;
  fuzz) fuzz ;;
  fuzz-check) fuzz_check "${2:?usage: $0 fuzz-check LOG}" ;;
  test)
    npm_deps
    chromium_dep
    vet
    build
    docs
    go_tests
    browser_tests
    ;;
  *)
    echo "usage: $0 [build|demo|test|docs|check-chromium|fuzz|fuzz-check LOG]" >&2
    exit 2
    ;;
esac
