#!/usr/bin/env bash
# The path a user takes: pack taosim (npm pack), install the tarball into a fresh temporary project
# holding nothing of the repository but the examples: type-check and run examples/property-test,
# compile examples/custom-strategy and run its scenario with the installed binary (with --report).
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
# examples/custom-strategy: compiled against the installed package, run by the installed binary
mkdir custom
cp "$root"/examples/custom-strategy/{tsconfig.json,strategy.ts,scenario.yaml} custom/
npx tsc -p custom
npx taosim run custom/scenario.yaml --strategies custom/strategy.js --out custom/out --no-progress --report
grep -q '^11,staker,dca,4,' custom/out/strategies.csv
# the report's PNGs need the font file of an installed dependency
test -s custom/out/report.html && test -s custom/out/charts/wealth_by_strategy.png
test "$(grep -c ',stake,1,agent-savers-' custom/out/events.csv)" -gt 0
echo "pack test: both examples ran against the packed taosim"
