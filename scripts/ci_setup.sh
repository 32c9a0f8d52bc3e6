#!/usr/bin/env bash
# Install the system packages the store, API and browser tests need, on a Debian machine, as root.
#   - chromium + chromium-driver: headless browser tests of the dashboard (tests/test_browser.py)
#   - postgresql: a real server the PostgreSQL tests start themselves (tests/pg.py)
#   - fonts-noto-core: Arabic fonts, so screenshots show Arabic text rather than boxes
# Idempotent and quiet: installs only what is missing; safe to run on every CI run.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need+=(postgresql)
fi
fonts="$(fc-list 2>/dev/null || true)"
if ! grep -qiE "Noto (Naskh|Sans) Arabic" <<<"$fonts"; then
    need+=(fonts-noto-core)
fi

if [ "${#need[@]}" -eq 0 ]; then
    echo "ci_setup: chromium, chromium-driver, postgresql and Arabic fonts are present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    # Not root (a developer's laptop): say what is missing; the tests that need it skip with the reason.
    echo "ci_setup: missing ${need[*]}; run this script as root to enable the tests that need them" >&2
    exit 0
fi

echo "ci_setup: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# The postgresql package would start a cluster service; the tests start their own server instead.
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if command -v service >/dev/null 2>&1 && [[ " ${need[*]} " == *" postgresql "* ]]; then
    service postgresql stop >/dev/null 2>&1 || true
fi
echo "ci_setup: done"
