#!/usr/bin/env bash
# Set up (if needed) and start Sightline on its embedded defaults: the interactive assistant.
# Extra arguments go to the `sightline` command, e.g. `bash scripts/start.sh ask "play some jazz"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/sightline "$@"
