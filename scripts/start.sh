#!/usr/bin/env bash
# Runs the whole counter on the embedded defaults, after setting up whatever is missing. State lives in ./.state.
# The test CA and cards, the auth-server, the four services, the bridge with the demo card in a private real pcscd,
# and the TV app; it prints the URL to open (see README.md). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MADOGUCHI_STATE="${MADOGUCHI_STATE:-$PWD/.state}"
exec node mocks/stack/dist/interface/cli.js start "$@"
