#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit, property, integration, ruff and mypy.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow"` for the fast tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# In CI the shared data set must be there; elsewhere the tests that read it are skipped.
if [ -n "${CI:-}" ]; then export SIGHTLINE_REQUIRE_SHARED_DATA=1; fi
exec .venv/bin/python -m pytest -q "$@"
