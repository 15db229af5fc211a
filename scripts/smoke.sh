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
seclai agents delete "$id" --yes --json >/dev/null
set +e
seclai agents list --limit 0 2>/dev/null; code=$?
set -e
[ "$code" -eq 2 ] || { echo "expected exit 2 for --limit 0, got $code"; exit 1; }
echo "smoke run passed on node $("$node_bin" --version)"
