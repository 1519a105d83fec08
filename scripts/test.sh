#!/usr/bin/env bash
# Every test of the project: unit tests (Surefire) and integration tests (Failsafe: real TCP to the
# PBX simulator, real WebSocket clients, headless Chromium). Installs what a fresh machine lacks first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
exec mvn -B -ntp verify "$@"
