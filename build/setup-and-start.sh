#!/usr/bin/env bash
# Installs Crewdesk's dependencies on a fresh machine, then starts it (npm start).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v g++ >/dev/null || ! command -v make >/dev/null; then
  if command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends g++ make python3
  fi
fi
[ -d /usr/include/node ] && export npm_config_nodedir=/usr
# The Electron binary is fetched by `npm run electron:setup` where GitHub is reachable.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
exec npm start -- "$@"
