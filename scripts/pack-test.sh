#!/usr/bin/env bash
# The path a user takes: pack taosim (npm pack), install the tarball into a fresh temporary project
# holding nothing of the repository but examples/property-test, type-check it and run its test.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
tgz="$tmp/$(npm pack --silent --pack-destination "$tmp" | tail -n 1)"
mkdir "$tmp/app"
cp "$root"/examples/property-test/{package.json,tsconfig.json,invariant.test.ts} "$tmp/app/"
cd "$tmp/app"
npm pkg set "dependencies.taosim=file:$tgz"
npm install --no-audit --no-fund --loglevel=error
npx tsc --noEmit
npx vitest run
