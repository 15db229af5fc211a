#!/usr/bin/env bash
# Packs the project as it would be published (prepack builds dist/), installs the tarball into a
# throwaway prefix with each given Node, and runs a few commands of the installed binary against
# a fresh simulator. Usage: scripts/package-check.sh <node bin dir>...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 <node bin dir>..." >&2; exit 2; }

work=$(mktemp -d)
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package check failed: $*" >&2; exit 1; }

export npm_config_update_notifier=false
tarball=$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)
[ -f "$tarball" ] || fail "npm pack made no tarball"
if tar -tzf "$tarball" | grep -q '\.map$'; then fail "a source map is in the tarball"; fi
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"

node test/sim/main.ts --port 0 >"$work/sim.env" 2>/dev/null &
sim_pid=$!
for _ in $(seq 100); do grep -q SECLAI_API_KEY "$work/sim.env" && break; sleep 0.1; done
eval "$(grep '^export SECLAI_' "$work/sim.env")"
export HOME=$work/home SECLAI_NO_KEYCHAIN=1 NO_COLOR=1
mkdir -p "$HOME"

for bin_dir in "$@"; do
  version=$("$bin_dir/node" --version)
  prefix=$work/prefix-$version
  PATH="$bin_dir:$PATH" npm install --global --no-fund --no-audit --prefer-offline --prefix "$prefix" "$tarball" >/dev/null
  installed=$prefix/lib/node_modules/seclai
  seclai() { PATH="$bin_dir:$PATH" "$prefix/bin/seclai" "$@"; }

  [ "$(seclai --version)" = "$(node -p 'require("./package.json").version')" ] || fail "--version on node $version"
  seclai agents list --json | grep -q '"id"' || fail "agents list on node $version"
  seclai help agents run | grep -q '^Usage: seclai agents run' || fail "help agents run on node $version"
  seclai agents get d3e00001-5eed-4a6e-9000-000000000001 --json >/dev/null || fail "agents get on node $version"
  seclai completion bash | grep -q 'complete -F _seclai seclai' || fail "completion on node $version"
  for page in seclai seclai-agents-run; do
    [ -f "$prefix/share/man/man1/$page.1" ] || fail "man page $page.1 not installed where man looks"
  done
  if command -v man >/dev/null; then
    MANPAGER=cat man -M "$prefix/share/man" seclai-agents-run 2>/dev/null | grep -q 'agents run' ||
      fail "man seclai-agents-run on node $version"
  fi
  for bundled in undici commander eventsource-parser; do
    [ ! -e "$installed/node_modules/$bundled" ] || fail "$bundled installed although dist/ bundles it"
  done
  echo "installed package works on node $version"
done
