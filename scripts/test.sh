#!/usr/bin/env bash
# The whole test suite. CI calls exactly this script.
# 1. Builds everything (the server binary included: process, CLI and conformance tests run it).
# 2. Runs every Swift test (unit, store, real-HTTP API, OpenStack CLI scenario).
# 3. Runs the conformance harness: the OpenStack CLI with password auth through the catalog,
#    and the committed tempest include list (tests/tempest-include.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

# The store links the system SQLite; Debian's image has it, a bare machine may not.
if [ ! -f /usr/include/sqlite3.h ]; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi

swift build --build-tests
swift test --skip-build
./scripts/conformance.sh
