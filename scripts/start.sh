#!/usr/bin/env bash
# Set up (if needed) and start Sightline on its embedded defaults: the hub, with the glasses
# simulator in the browser. Prints the URL to open; it carries a one-time pairing code.
# With arguments, they go to the `sightline` command instead, e.g.
# `bash scripts/start.sh ask "play some jazz"` (`.venv/bin/sightline` alone: the text prompt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if (($#)); then
    exec .venv/bin/sightline "$@"
fi

.venv/bin/sightline serve &
hub=$!
trap 'kill "$hub" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# Once the hub answers, make a pairing code for this browser and say where to go.
url=""
while kill -0 "$hub" 2>/dev/null; do
    if url=$(.venv/bin/sightline pair --url-only --name "browser simulator" --wait 2 2>/dev/null); then
        break
    fi
done
if [ -n "$url" ]; then
    printf '\n\033[1;32mSightline is running.\033[0m Open this in Chrome or Firefox on this machine:\n\n' >&2
    printf '    %s\n\n' "$url" >&2
    printf 'Allow the microphone and camera, then hold Space (or click Listen) and speak.\n' >&2
    printf 'The code pairs one browser within 10 minutes (`.venv/bin/sightline pair` makes\n' >&2
    printf 'another; `.venv/bin/sightline devices` lists them). Ctrl+C stops the hub.\n\n' >&2
fi
wait "$hub"
