"""A third-party agent package, installed for real, is discovered and routed to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "examples" / "agents" / "sightline-parking"


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(target) + os.pathsep + env.get("PYTHONPATH", "")
    env["SIGHTLINE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    env["SIGHTLINE_LLM_BASE_URL"] = ""
    return env


def _sightline(env: dict[str, str], *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "sightline", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_installed_plugin_is_listed(plugin_env: dict[str, str]) -> None:
    listing = _sightline(plugin_env, "agents", "--json")
    agents = {a["name"]: a for a in listing["agents"]}  # type: ignore[attr-defined]
    assert agents["parking"]["source"] == "sightline-parking"
    assert agents["parking"]["permissions"] == ["location"]
    assert set(agents["parking"]["tools"]) == {"save_spot", "find_car"}
    assert "music" in agents


def test_installed_plugin_is_routed_to_with_its_permission(plugin_env: dict[str, str]) -> None:
    saved = _sightline(
        plugin_env,
        "ask",
        "remember where i parked the car",
        "--json",
        "--at",
        "43.7384,7.4246",
        "--tier",
        "edge",
    )
    assert (saved["agent"], saved["tool"]) == ("parking", "save_spot")
    assert saved["card"]["title"] == "Parking saved"  # type: ignore[index]
    found = _sightline(plugin_env, "ask", "where did i leave my car", "--json", "--tier", "edge")
    assert (found["agent"], found["tool"]) == ("parking", "find_car")
    other = _sightline(plugin_env, "ask", "play some jazz", "--json", "--tier", "edge")
    assert other["agent"] == "music"
