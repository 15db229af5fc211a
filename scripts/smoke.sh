#!/usr/bin/env bash
# Runs the built CLI with the given node binary against a fresh simulator: a quick check that
# the bundle works on that Node line. Usage: scripts/smoke.sh /path/to/node
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin=${1:-node}
home=$(mktemp -d)
sim_out=$(mktemp)
node test/sim/main.ts --port 0 >"$sim_out" 2>/dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; rm -rf "$home" "$sim_out"' EXIT
for _ in $(seq 100); do grep -q SECLAI_API_KEY "$sim_out" && break; sleep 0.1; done
eval "$(grep '^export SECLAI_' "$sim_out")"
export HOME=$home
seclai() { "$node_bin" bin/seclai.cjs "$@"; }
echo "node $("$node_bin" --version)"
seclai --version
seclai --help >/dev/null
id=$(seclai agents create --name smoke --json | "$node_bin" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
seclai agents get "$id" --json >/dev/null
seclai agents list --all --json >/dev/null

# A command that tunes V8 while it runs (a stream, a sync) puts its flags back before the code
# cache is made, or the next run refuses the cache, compiles everything again and rewrites it.
# Which flags a setting implies differs between V8 versions, so this runs on each Node line.
cache_kept() {
  seclai "$@" >/dev/null 2>&1 || { echo "seclai $* failed"; exit 1; }
  local file before
  file=$(ls -t "$HOME"/.cache/seclai/*.cache)
  file=${file%%$'\n'*} # the newest: the one the first run wrote
  before=$(cksum <"$file")
  seclai "$@" >/dev/null 2>&1 || { echo "seclai $* failed"; exit 1; }
  [ "$(cksum <"$file")" = "$before" ] || { echo "seclai $*: the second run made the code cache again"; exit 1; }
}
cache_kept agents run "$id" --input hi --stream
docs=$home/docs
mkdir "$docs"
printf '# Smoke\n' >"$docs/smoke.md"
cache_kept sources sync 5c1d9e2a-8b4f-4e6d-a3c7-0f2b9d8e1a44 "$docs"
seclai agents delete "$id" --yes --json >/dev/null
set +e
seclai agents list --limit 0 2>/dev/null; code=$?
set -e
[ "$code" -eq 2 ] || { echo "expected exit 2 for --limit 0, got $code"; exit 1; }
echo "smoke run passed on node $("$node_bin" --version)"
