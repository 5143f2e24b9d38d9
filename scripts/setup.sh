#!/usr/bin/env bash
# Installs everything Madoguchi needs on a fresh Debian machine with Node 20, then builds the workspace.
# Safe to run again: it installs only what is missing. Used by `npm start`, `npm test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
# Debian packages the tests and the demo use: a real pcscd with vsmartcard's virtual reader, OpenSC and openssl as
# independent clients, iproute2 for the low-latency test namespace.
DEBS=(pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools opensc openssl iproute2 util-linux g++ make python3 postgresql chromium fonts-noto-cjk python3-fonttools)

step() { printf '\n== %s\n' "$*"; }

missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    step "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    step "Installing Debian packages with sudo: ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: not root, so these Debian packages were not installed: ${missing[*]}" >&2
    echo "         install them with: sudo apt-get install ${missing[*]}" >&2
    echo "         (tests that need a real pcscd or OpenSC are skipped without them)" >&2
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: Node 20 or newer is needed (found $(node --version))" >&2
  exit 1
fi

# corepack cannot verify pnpm's signature offline here; npm installs it from the registry instead.
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  step "Installing pnpm $PNPM_VERSION"
  if [ "$(id -u)" = 0 ]; then
    npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1
  else
    npm install -g --silent --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null 2>&1
    export PATH="$HOME/.local/bin:$PATH"
  fi
fi

step "Installing npm packages"
if [ "${CI:-}" = true ]; then
  pnpm install --frozen-lockfile --reporter=append-only </dev/null
else
  pnpm install --reporter=append-only </dev/null
fi

step "Building (tsc -b)"
pnpm run -s build
