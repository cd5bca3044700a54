"""`sightline ask`, run as a real process: a declined request is answered by the assistant."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_ask_shows_the_decline_and_the_assistant_answers(tmp_path: Path) -> None:
    env = dict(os.environ, SIGHTLINE_CACHE_DIR=str(tmp_path), SIGHTLINE_LLM_BASE_URL="")
    done = subprocess.run(
        [sys.executable, "-m", "sightline", "ask", "--json", "where did my payment go"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["agent"] == "assistant" and out["declined"] == ["payment"]
    assert "declined:payment" in out["timings_ms"]
    assert out["card"]["lines"]
