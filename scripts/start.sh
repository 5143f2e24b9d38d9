#!/usr/bin/env bash
# Runs the system on the embedded defaults, after setting up whatever is missing. State lives in ./.state.
# Today: the test CA, the card profiles, and the demo card in a private real pcscd (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MADOGUCHI_STATE="${MADOGUCHI_STATE:-$PWD/.state}"
exec node mocks/jpki-card/dist/interface/cli.js demo "$@"
