#!/usr/bin/env bash
# Every test of the workspace: set-up (what is missing), type check, lint, then the whole Jest suite.
# Tests that need root (a private pcscd) run whenever this runs as root, and are required to under CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"

if [ "$(id -u)" = 0 ] || [ "${CI:-}" = true ]; then export MADOGUCHI_REQUIRE_PCSC=1; fi

printf '\n== Type check\n'
pnpm run -s typecheck
printf '\n== Lint and format\n'
pnpm run -s lint

printf '\n== Tests\n'
mkdir -p .state
status=0
# A bound on the whole suite: a test stuck in native code (PC/SC) must fail the run, not eat CI's 90 minutes.
timeout --kill-after=30 2400 pnpm exec jest --ci --json --outputFile=.state/jest-results.json "$@" || status=$?
node -e '
  const r = require("./.state/jest-results.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit $status
