#!/usr/bin/env bash
# The whole test suite: builds everything (server binary included, which the OpenStack-client
# scenario runs) and runs every Swift test. CI calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build
